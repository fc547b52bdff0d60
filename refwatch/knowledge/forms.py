"""The form of each kind of statement, made from its description (refwatch.knowledge.kinds): what a
person may type to correct or add one, checked by the field's type before anything is saved.

A count is a whole number of at least zero, a qualifier or a precision one of its choices, a flag a
checkbox, a date an ISO date as precise as its precision says ("2023-10-09" for a day, "2023-10" for a
month); a date typed as words ("October 2023") is refused beside its field rather than guessed,
since a wrong guess moves a statement to another incident.
"""

from __future__ import annotations

import calendar
import re
import typing
from datetime import date
from typing import Any

from django import forms

from refwatch.knowledge import kinds

# Fields that hold a date, and the field that says how precise a kind's date is.
DATE_FIELDS = frozenset({"date_start", "date_end", "date", "when"})
PRECISION_FIELDS = ("date_precision", "precision")
ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_HELP = "YYYY-MM-DD, YYYY-MM or YYYY"


def _options(hint: Any) -> list[Any]:
    return [a for a in typing.get_args(hint) if a is not type(None)] or [hint]


def _literal(hint: Any) -> tuple[str, ...] | None:
    for option in _options(hint):
        if typing.get_origin(option) is typing.Literal:
            return tuple(map(str, typing.get_args(option)))
    return None


def _optional(hint: Any) -> bool:
    return type(None) in typing.get_args(hint)


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def field_for(name: str, hint: Any) -> forms.Field:
    """The form field of a record's field, by its type (and, for dates, by its name)."""
    optional = _optional(hint)
    choices = _literal(hint)
    if choices is not None:
        blank = [("", "—")] if optional else []
        return forms.ChoiceField(
            label=label(name), choices=blank + [(c, c.replace("_", " ")) for c in choices], required=False
        )
    if hint is bool:
        return forms.BooleanField(label=label(name), required=False)
    if int in _options(hint):
        return forms.IntegerField(label=label(name), min_value=0, required=not optional)
    if name in DATE_FIELDS:
        return forms.CharField(
            label=label(name),
            required=False,
            help_text=DATE_HELP,
            widget=forms.TextInput(attrs={"placeholder": DATE_HELP, "inputmode": "numeric"}),
        )
    if float in _options(hint):
        return forms.FloatField(label=label(name), required=not optional)
    return forms.CharField(label=label(name), required=False, strip=True, max_length=2000)


def parse_iso(value: str) -> tuple[date, date, str]:
    """An ISO date as precise as written: its first and last day and its precision.

    ValueError says what was wrong, for the person who typed it.
    """
    match = ISO.match(value.strip())
    if match is None:
        raise ValueError(f"“{value}” is not a date written {DATE_HELP}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            d = date(year, month, day)  # type: ignore[arg-type]
            return d, d, "day"
        if month is not None:
            last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
            return date(year, month, 1), date(year, month, last), "month"  # type: ignore[arg-type]
        return date(year, 1, 1), date(year, 12, 31), "year"  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"“{value}” is not a date of the calendar") from None


class StatementForm(forms.Form):
    """The typed fields of one kind of statement; `cleaned_values()` gives them as the record holds
    them (dates as ISO bounds, empty as None)."""

    kind: str = ""

    def __init__(self, *args: Any, kind: str, locked: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, hint in kinds.correctable(kind).items():
            if _nested_or_list(hint):
                continue
            self.fields[name] = field_for(name, hint)
            if name in locked:
                self.fields[name].disabled = True

    def _precision(self) -> tuple[str | None, str | None]:
        for name in PRECISION_FIELDS:
            if name in self.fields:
                return name, self.cleaned_data.get(name) or None
        return None, None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        precision_field, precision = self._precision()
        bounds: dict[str, tuple[date, date, str]] = {}
        for name in DATE_FIELDS & set(self.fields):
            raw = data.get(name) or ""
            if not raw:
                data[name] = None
                continue
            try:
                bounds[name] = parse_iso(raw)
            except ValueError as error:
                self.add_error(name, str(error))
                continue
            written = bounds[name][2]
            if name != "date_end" and precision in ("day", "month", "year") and written != precision:
                example = {"day": "2023-10-09", "month": "2023-10", "year": "2023"}[precision]
                self.add_error(name, f"A {precision} date is written like {example}, not “{raw}”.")
        start, end = bounds.get("date_start"), bounds.get("date_end")
        if start and precision_field:
            # As extraction stores them: the first and last day the date covers.
            data["date_start"] = start[0].isoformat()
            last = end[1] if end and precision == "range" else start[1]
            data["date_end"] = last.isoformat()
            if end and end[1] < start[0]:
                self.add_error("date_end", "The end is before the start.")
            if precision is None:
                data[precision_field] = start[2] if not end or end[1] == start[1] else "range"
        elif end and not start and "date_start" in self.fields:
            self.add_error("date_start", "A date range needs its start.")
        for name in set(self.fields) - {"date_start", "date_end"}:
            if name in bounds:
                data[name] = raw_iso(bounds[name])
        if "count_min" in data and data.get("count") is not None and data.get("count_min") is not None:
            if data["count_min"] > data["count"]:
                self.add_error("count_min", "The lowest count is above the count.")
        for name, value in list(data.items()):
            if value == "" and _optional(kinds.correctable(self.kind).get(name)):
                data[name] = None
        return data

    def cleaned_values(self) -> dict[str, Any]:
        return {n: v for n, v in self.cleaned_data.items() if not self.fields[n].disabled}


def raw_iso(bound: tuple[date, date, str]) -> str:
    """A date as precise as it was written: "2023", "2023-10" or "2023-10-09"."""
    first, _, precision = bound
    return {"year": first.isoformat()[:4], "month": first.isoformat()[:7]}.get(precision, first.isoformat())


def _nested_or_list(hint: Any) -> bool:
    # The hint itself first: the options of list[str] are its items' type.
    if typing.get_origin(hint) in (list, tuple):
        return True
    return any(typing.get_origin(o) in (list, tuple) or o in (list, tuple) for o in _options(hint))


def initial_of(values: dict[str, Any], kind: str) -> dict[str, Any]:
    """A statement's values as its form shows them (a day-precise date as written, not as bounds)."""
    out: dict[str, Any] = {}
    precision = next((values.get(n) for n in PRECISION_FIELDS if values.get(n)), None)
    for name in kinds.correctable(kind):
        value = values.get(name)
        if name in ("date_start", "date_end") and isinstance(value, str) and precision in ("month", "year"):
            value = value[: 7 if precision == "month" else 4]
        out[name] = value
    if precision in ("day", "month", "year") and out.get("date_end") == out.get("date_start"):
        out["date_end"] = None
    return out


def posted(data: Any, initial: dict[str, Any]) -> dict[str, Any]:
    """What a form was sent, with each field it did not send as it was: a script that posts only
    the count changes only the count. A checkbox the form showed (named in `shown`) and that is
    not sent is unticked, as browsers send it."""
    shown = set(data.getlist("shown")) if hasattr(data, "getlist") else set(data.get("shown") or ())
    out: dict[str, Any] = {}
    for name, value in initial.items():
        if name in data:
            out[name] = data[name]
        elif isinstance(value, bool):
            if value and name not in shown:
                out[name] = "on"
        else:
            out[name] = "" if value is None else value
    return out
