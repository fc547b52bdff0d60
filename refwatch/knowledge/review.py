"""Review: an analyst accepts, corrects or rejects a statement, and the facts follow.

A rejected statement no longer supports its fact; a fact left with no live statement is
hidden, not deleted, so the decision can be undone and the record of it stays. Every
decision is kept (who, when, what changed) in ReviewEvent.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from refwatch.knowledge import kinds, letters, merge
from refwatch.knowledge.models import Review, ReviewEvent, Statement


class ReviewError(ValueError):
    """A review that cannot be applied (unknown state, corrections of unknown fields or of the wrong type)."""


def review(
    statement: Statement,
    state: str,
    *,
    by: Any = None,
    corrections: dict[str, Any] | None = None,
    note: str = "",
) -> Statement:
    """Set a statement's review state and bring its facts in step.

    `state` is accepted, edited (with `corrections`: field → corrected value, fields of the
    statement's record), rejected, or suggested (undo). `by` is the user who decided.
    """
    if state not in Review.values:
        raise ReviewError(f"unknown review state {state!r}: use one of {', '.join(Review.values)}")
    corrections = dict(corrections or {})
    if state == Review.EDITED:
        if not corrections:
            raise ReviewError("an edit needs corrections: the fields to change and their new values")
        try:
            # By the type of each field its kind describes (refwatch.knowledge.kinds).
            corrections = kinds.check(statement.kind, corrections)
        except kinds.CorrectionError as error:
            raise ReviewError(str(error)) from None
    elif corrections:
        raise ReviewError(f"corrections are only taken with state 'edited', not {state!r}")

    with transaction.atomic():
        merge.lock()
        previous = statement.review
        statement.review = state
        if state == Review.EDITED:
            statement.edited = {**statement.edited, **corrections}
        elif state in (Review.ACCEPTED, Review.SUGGESTED):
            # Accepting means the extractor's record is right as it came: earlier edits go.
            statement.edited = {}
        statement.reviewed_by = by if getattr(by, "pk", None) else None
        statement.reviewed_at = timezone.now()
        statement.save()
        ReviewEvent.objects.create(
            statement=statement,
            review=state,
            previous=previous,
            corrections=corrections,
            note=note,
            by=statement.reviewed_by,
        )
        letters.apply_values(statement)
        touched = merge.remerge(statement)
        if not touched:
            letters.refresh_letter_part(statement)
        letters.after_review(statement)
        letters.link_letters()
    return statement
