"""Letters: recipients, salutation, senders and their titles, asks, references, commitments, outcomes."""

from __future__ import annotations

from refwatch.extract.context import Context
from refwatch.extract.model import Letter


def find_letter(ctx: Context, doc_type: str) -> Letter | None:
    """The letter the text is (or, for a press release or news story, the one it reports)."""
    return None
