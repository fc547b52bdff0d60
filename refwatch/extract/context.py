"""What every extractor gets: the text, its spaCy Doc and what is known of the document."""

from __future__ import annotations

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

    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if d.start >= start and d.end <= end]
