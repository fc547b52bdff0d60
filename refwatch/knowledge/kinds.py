"""Each kind of statement, described once: by the extraction record it stores (refwatch.extract.model).

A statement's `record` holds every field of its record; the record's dataclass says each field's
type, so that a correction is checked by the type of the field it changes (a count is a whole
number, a qualifier one of the qualifiers, a date a string or nothing), the same way from a page
form, the API and the store. Where and how a statement was found (its span, quote, confidence,
extractor, and the spans inside it) is evidence: it is never corrected.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from refwatch.extract import model as records
from refwatch.knowledge.models import Statement

RECORD_OF: dict[str, type[records.Evidence]] = {
    Statement.Kind.REPATRIATION: records.Repatriation,
    Statement.Kind.FIGURE: records.Figure,
    Statement.Kind.LETTER: records.Letter,
    Statement.Kind.SENDER: records.Party,
    Statement.Kind.RECIPIENT: records.Party,
    Statement.Kind.ASK: records.Ask,
    Statement.Kind.REFERENCE: records.Reference,
    Statement.Kind.COMMITMENT: records.Commitment,
    Statement.Kind.OUTCOME: records.Outcome,
    Statement.Kind.ACTOR: records.ActorMention,
    Statement.Kind.INSTRUMENT: records.InstrumentMention,
    Statement.Kind.RATIFICATION: records.Ratification,
    Statement.Kind.DATE: records.DateMention,
}

# Where and how a statement was found: the fields every record has, and the spans inside it.
EVIDENCE = frozenset(f.name for f in fields(records.Evidence))


class CorrectionError(ValueError):
    """A correction the kind of statement does not take: an unknown field, or a value of the wrong type."""


@cache
def correctable(kind: str) -> dict[str, Any]:
    """Field → type of what an analyst may correct in a statement of `kind` (nested records,
    such as a letter's parties, are statements of their own and are corrected there)."""
    record = RECORD_OF.get(kind)
    if record is None:
        return {}
    hints = typing.get_type_hints(record, vars(records))
    return {
        f.name: hints[f.name]
        for f in fields(record)
        if f.name not in EVIDENCE and not f.name.endswith("_span") and not _nested(hints[f.name])
    }


def _nested(hint: Any) -> bool:
    args = typing.get_args(hint)
    return any(isinstance(a, type) and issubclass(a, records.Evidence) for a in args)


@cache
def _adapter(hint: Any) -> TypeAdapter[Any]:
    return TypeAdapter(hint)


def check(kind: str, corrections: dict[str, Any]) -> dict[str, Any]:
    """The corrections, each checked (and made the field's type: "500" for a count is 500)
    against its field; CorrectionError names every field that is wrong and why."""
    types = correctable(kind)
    unknown = sorted(set(corrections) - set(types))
    if unknown:
        raise CorrectionError(f"cannot correct {', '.join(unknown)}: not a field of a {kind} statement")
    checked, problems = {}, []
    for name, value in corrections.items():
        try:
            checked[name] = _adapter(types[name]).validate_python(value)
        except ValidationError:
            problems.append(f"{name}: {value!r} is not {describe(types[name])}")
    if problems:
        raise CorrectionError("; ".join(problems))
    return checked


def parse(kind: str, name: str, raw: str) -> Any:
    """A value typed in a form, read as the field's type ("" is nothing, where nothing is allowed)."""
    hint = correctable(kind)[name]
    raw = raw.strip()
    if raw == "" and _allows_none(hint):
        return None
    if _is(hint, int):
        raw = raw.replace(",", "")
    try:
        return _adapter(hint).validate_strings(raw)
    except ValidationError:
        raise CorrectionError(f"{name}: {raw!r} is not {describe(hint)}") from None


def describe(hint: Any) -> str:
    """What a field takes, in words: "a whole number", "one of exact, approximately, …"."""
    options = [a for a in typing.get_args(hint) if a is not type(None)] if _allows_none(hint) else [hint]
    words = []
    for option in options:
        if typing.get_origin(option) is typing.Literal:
            words.append("one of " + ", ".join(map(str, typing.get_args(option))))
        else:
            words.append(_WORDS.get(option, getattr(option, "__name__", str(option))))
    said = " or ".join(words)
    return said + (" (or empty)" if _allows_none(hint) else "")


_WORDS: dict[Any, str] = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}


def _allows_none(hint: Any) -> bool:
    return type(None) in typing.get_args(hint)


def _is(hint: Any, kind: type) -> bool:
    return hint is kind or kind in typing.get_args(hint)
