"""What every extractor gets: the text, its spaCy Doc and what is known of the document."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

from refwatch.extract.model import DateMention


@dataclass
class Context:
    text: str
    doc: Doc
    doc_date: date | None = None  # the document's own date, from its text or its metadata
    meta: Mapping[str, Any] = field(default_factory=dict)
    dates: list[DateMention] = field(default_factory=list)  # every date the text gives, in order
    # What a rule could not read; copied to Extraction.warnings so that nothing is dropped unsaid.
    warnings: list[str] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)
    _bounds: list[tuple[int, int]] | None = field(default=None, repr=False)

    def warn(self, rule: str, error: BaseException, at: int | None = None) -> None:
        """Record that a rule failed (on the text at `at`); extraction goes on without it."""
        where = f" at character {at}" if at is not None else ""
        self.warnings.append(f"{rule}{where}: {type(error).__name__}: {error}")

    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    def sentence_bounds(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence without its surrounding white space, so that
        text[start:end] is its quote; sentences of over MAX_SENTENCE characters (a table,
        text with no sentence ends) are cut at spaces so no extractor goes quadratic."""
        if self._bounds is None:
            self._bounds = _bounds(self.text, self.doc)
        return self._bounds

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """The dates within [start, end); `dates` is in text order, so this is a bisection."""
        if self._starts is None or len(self._starts) != len(self.dates):
            self._starts = [d.start for d in self.dates]
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [d for d in self.dates[lo:hi] if d.end <= end]


MAX_SENTENCE = 1500  # characters; real sentences of this field are far shorter


def _bounds(text: str, doc: Doc) -> list[tuple[int, int]]:
    # From the token arrays rather than doc.sents: building a Span per sentence and a
    # Token per word costs more than the rest of extraction on long texts.
    if not len(doc):
        return []
    arr = doc.to_array([IDX, SENT_START])
    starts = arr[:, 0][arr[:, 1] == 1].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    out = []
    ends = [*starts[1:], len(text)]
    for a, b in zip(starts, ends, strict=True):
        raw = text[a:b]
        start = a + len(raw) - len(raw.lstrip())
        end = a + len(raw.rstrip())
        while end - start > MAX_SENTENCE:
            cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
            cut = cut if cut > start else start + MAX_SENTENCE
            out.append((start, cut))
            start = cut + 1
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out
