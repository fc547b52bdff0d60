"""What every extractor gets: the text, its spaCy Doc and what is known of the document."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from refwatch.extract.model import DateMention


@dataclass
class Context:
    text: str
    doc: Doc
    doc_date: date | None = None  # the document's own date, from its text or its metadata
    meta: Mapping[str, Any] = field(default_factory=dict)
    dates: list[DateMention] = field(default_factory=list)  # every date the text gives, in order
    _starts: list[int] | None = field(default=None, repr=False)

    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """The dates within [start, end); `dates` is in text order, so this is a bisection."""
        if self._starts is None or len(self._starts) != len(self.dates):
            self._starts = [d.start for d in self.dates]
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [d for d in self.dates[lo:hi] if d.end <= end]
