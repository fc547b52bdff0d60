"""Outdated statements settled by a person: take the newer reading, or keep the decision.

Re-extraction (refwatch.knowledge.reextract) never overwrites what a person decided; where the
newer extractor reads a decided statement otherwise, or no longer finds it, it leaves the new
reading in `Statement.outdated` for a person to look at. Here that person settles it:

- take the new reading: the statement's record becomes the new one (earlier corrections go, as
  they corrected the old reading) and it is accepted by whoever took it, its fact following; a
  statement the new reading no longer finds is rejected instead;
- keep the decision: the mark goes, the statement stays as it was decided.

Either way the choice is a review decision like any other: a ReviewEvent says who, when and what.
A statement flagged because the document's date changed under a date read relative to it holds
no different reading to take: it can only be kept (or corrected on its page).
"""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction

from refwatch.knowledge import forms, kinds
from refwatch.knowledge.models import Review, ReviewEvent, Statement
from refwatch.knowledge.review import review

Choice = Literal["take", "keep"]
CHOICES: tuple[Choice, ...] = ("take", "keep")
# How a record was found, not what it says: a change of these alone is no new reading.
HOW = frozenset({"confidence", "extractor"})


class OutdatedError(ValueError):
    """An outdated mark that cannot be settled as asked (none, or no new reading to take)."""


def is_outdated(statement: Statement) -> bool:
    return bool(statement.outdated)


def new_record(statement: Statement) -> dict[str, Any] | None:
    """What the newer extractor reads, or None when it no longer finds the statement."""
    return (statement.outdated or {}).get("record")


def has_new_reading(statement: Statement) -> bool:
    """Whether taking the new reading would change anything: a reading that no longer finds the
    statement does; a flag that left the record as it was (a changed document date) does not."""
    if not statement.outdated:
        return False
    record = new_record(statement)
    if record is None:
        return True
    return _what(record) != _what(statement.record)


def _what(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in HOW}


def changes(statement: Statement) -> list[tuple[str, str, str]]:
    """The fields the new reading says otherwise than the statement now does: (label, now, new)."""
    record = new_record(statement)
    if record is None:
        return []
    now = statement.values()
    out = []
    for name in kinds.correctable(statement.kind):
        old, new = now.get(name), record.get(name)
        if (old or None) != (new or None):
            out.append((forms.label(name), _shown(old), _shown(new)))
    return out


def _shown(value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def reason(statement: Statement) -> str:
    """Why the statement is marked, in words."""
    out = statement.outdated or {}
    if out.get("reason"):
        return str(out["reason"])
    version = out.get("version") or "a newer extractor"
    if out.get("record") is None:
        return f"The reading of extractor {version} no longer finds this statement."
    return f"The reading of extractor {version} differs from what was decided."


def settle(statement: Statement, choice: str, *, by: Any = None, note: str = "") -> Statement:
    """Take the new reading or keep the decision (see the module); OutdatedError when the
    statement is not outdated, the choice is unknown, or there is no different reading to take."""
    if choice not in CHOICES:
        raise OutdatedError(f"unknown choice {choice!r}: use take (the new reading) or keep (the decision)")
    if not statement.outdated:
        raise OutdatedError("This statement is not marked outdated: there is nothing to settle.")
    version = (statement.outdated or {}).get("version") or ""
    note = note[:1500]
    with transaction.atomic():
        if choice == "keep":
            statement.outdated = {}
            statement.save(update_fields=["outdated"])
            ReviewEvent.objects.create(
                statement=statement,
                review=statement.review,
                previous=statement.review,
                note=f"Kept the decision over the reading of extractor {version or '?'}. {note}".strip(),
                by=by if getattr(by, "pk", None) else None,
            )
            return statement
        if not has_new_reading(statement):
            raise OutdatedError(
                "The new reading says what the statement already says: keep the decision, or correct it."
            )
        record = new_record(statement)
        if record is None:
            statement.outdated = {}
            statement.save(update_fields=["outdated"])
            said = f"Took the reading of extractor {version or '?'}, which no longer finds it. {note}"
            return review(statement, Review.REJECTED, by=by, note=said.strip())
        statement.record = record
        statement.quote = record.get("quote") or statement.quote
        statement.extractor = record.get("extractor") or statement.extractor
        statement.extractor_version = version or statement.extractor_version
        if isinstance(record.get("confidence"), int | float):
            statement.confidence = float(record["confidence"])
        statement.outdated = {}
        statement.save(
            update_fields=["record", "quote", "extractor", "extractor_version", "confidence", "outdated"]
        )
        # Accepting clears earlier corrections (they corrected the old reading) and the fact follows.
        said = f"Took the reading of extractor {version or '?'}. {note}"
        return review(statement, Review.ACCEPTED, by=by, note=said.strip())
