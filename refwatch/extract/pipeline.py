"""The extraction pipeline: one spaCy blank English pipeline with rule components."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from refwatch.extract import letters
from refwatch.extract.context import Context
from refwatch.extract.model import Extraction
from refwatch.extract.nlp import get_nlp

MAX_CHARS = 10_000_000


class ExtractionError(ValueError):
    """The text cannot be extracted from (too large, not text); the message says why."""


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract(
    text: str,
    *,
    doc_date: date | str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Extraction:
    """Extract the statements of one document's text.

    `doc_date` (or `meta["published"]`) is the document's date when the text gives none;
    dates such as "last week" are resolved against the document's date.
    """
    if not isinstance(text, str):
        raise ExtractionError(f"extract() takes text (str), not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ExtractionError(
            f"text of {len(text):,} characters is over the limit of {MAX_CHARS:,}; split the document"
        )
    meta = dict(meta or {})
    known_date = _as_date(doc_date) or _as_date(meta.get("published"))
    doc = get_nlp()(text)
    ctx = Context(text=text, doc=doc, doc_date=known_date, meta=meta)
    result = Extraction()
    letter = letters.find_letter(ctx, result.doc_type)
    result.letter = letter
    return result
