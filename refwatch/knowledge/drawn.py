"""The days a date as precise as known can be drawn over: one rule, in SQL and in Python.

A date of the record is an ISO date as precise as a source gave it ("2024", "2024-05",
"2024-05-02"), with an end for a period. The overview (refwatch.outputs.overview) draws and
counts each from its first to its last day, in the month (or year) it starts: `dates_sql` says
so in SQL, for the statements it reads as they are. The same rule is kept on each incident
(Incident.drawn_start, drawn_end, drawn_period: columns the database computes when a row is
written, `DrawnDate`) and each letter (Letter.drawn_*: written with its date, `drawn_days`), so
that an overview of 100,000 documents does not work out the shape of each of its 20,000 incidents
and 25,000 letters again at every reading.

The rule is the one of overview._day(): "2024" runs from 2024-01-01 to 2024-12-31; "2024-02" ends
on "2024-02-31", which compares as the last day of February does; a row has a date to draw when
both its dates are a year, a month or a day written with digits and its end is not before its
start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Func

PARTS = ("start", "end", "period")


@dataclass(frozen=True)
class DatesSql:
    """What the dates of a row say, in SQL: `start` and `end`, the first and last day (ISO) that
    they can be; `period`, the month of the start ("2024-02"), or its year when that is all it
    says; `dated`, a condition that holds when the row has a date to draw."""

    start: str
    end: str
    period: str
    dated: str


def dates_sql(start: str, until: str | None, vendor: str) -> DatesSql:
    """The DatesSql of the SQL expressions `start` (a row's date, or the start of its dates) and
    `until` (the date it runs until; None: a single date)."""
    first = f"SUBSTR({start} || '-01-01', 1, 10)"
    last = until or start
    end = (
        f"CASE LENGTH({last}) WHEN 4 THEN {last} || '-12-31' WHEN 7 THEN {last} || '-31' "
        f"ELSE SUBSTR({last}, 1, 10) END"
    )
    period = f"SUBSTR({start}, 1, 7)"
    # A single date of a year, a month or a day never ends before it starts (it ends on its own
    # last day, or is that day): its shape is all there is to ask (the rest was a third of the
    # time SQLite took to pick the letters to draw). So too for dates whose end is their start.
    single = iso_shaped(start, vendor)
    if until is None:
        return DatesSql(first, end, period, single)
    spans = f"{iso_shaped(until, vendor)} AND {end} >= {first}"
    return DatesSql(first, end, period, f"{single} AND ({until} = {start} OR {spans})")


def iso_shaped(column: str, vendor: str) -> str:
    """SQL that holds when `column` is written as a year, a month or a day ("2024", "2024-05",
    "2024-05-02"): digits where _day() reads numbers, so that a start such as "abcd", "2024-ab"
    or "2024-02-3T", which _day() reads as no date, is undated here too (and is counted among
    the undated, not in a period no window shows). Whether a month or a day exists is not
    asked: "2024-02-30" is read as the end of February, as the comparisons of `DatesSql` do."""
    if vendor == "postgresql":
        return f"({column} ~ '^[0-9]{{4}}(-[0-9]{{2}}(-[0-9]{{2}})?)?$')"
    # SQLite (GLOB is its own): one pattern for the length a row has, which costs 10-15 ms over
    # the 100,000 dates of the documents, where ORing the three cost 30 ms.
    year = "[0-9]" * 4
    month = f"{year}-[0-9][0-9]"
    return (
        f"(CASE LENGTH({column}) WHEN 4 THEN {column} GLOB '{year}' WHEN 7 THEN {column} GLOB '{month}' "
        f"WHEN 10 THEN {column} GLOB '{month}-[0-9][0-9]' ELSE 0 END)"
    )


def filling(table: str, date: str, vendor: str) -> str:
    """The UPDATE that writes the drawn_start, drawn_end and drawn_period of every row of `table`
    (quoted) from its single date, the SQL expression `date`: what save() keeps them as, for the
    rows stored before they were kept (the migrations that add them)."""
    dates = dates_sql(date, None, vendor)
    parts = {"drawn_start": dates.start, "drawn_end": dates.end, "drawn_period": dates.period}
    columns = ", ".join(f"{name} = CASE WHEN {dates.dated} THEN {sql} END" for name, sql in parts.items())
    return f"UPDATE {table} SET {columns}"


def drawn_days(start: str | None, end: str | None = None) -> tuple[str, str, str] | None:
    """The rule of `dates_sql` in Python: the first day, the last day and the period of the
    dates `start` until `end` (else `start` again), or None when they have no date to draw."""
    until = end or start
    if not start or not until or not _ISO.fullmatch(start) or not _ISO.fullmatch(until):
        return None
    first = (start + "-01-01")[:10]
    last = {4: until + "-12-31", 7: until + "-31"}.get(len(until), until[:10])
    return (first, last, start[:7]) if last >= first else None


_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", re.ASCII)


class DrawnDate(Func):
    """One part ("start", "end" or "period": see DatesSql) of the dates of an incident
    (date_start, and date_end, else date_start again), or NULL when it has no date to draw: the
    expression of the columns Incident.drawn_*, which the database keeps (GENERATED ... STORED)
    whatever writes the dates, the ORM or not."""

    output_field = CharField(max_length=10)

    def __init__(self, part: str) -> None:
        if part not in PARTS:
            raise ValueError(f"not a part of the dates drawn: {part!r}")
        super().__init__(F("date_start"), F("date_end"))
        self.part = part

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        (start, start_params), (end, end_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        if start_params or end_params:
            raise ValueError("the dates drawn are computed from columns only")
        # As overview._day() reads an end that is empty: the start again.
        dates = dates_sql(start, f"COALESCE(NULLIF({end}, ''), {start})", connection.vendor)
        return f"(CASE WHEN {dates.dated} THEN {getattr(dates, self.part)} END)", []
