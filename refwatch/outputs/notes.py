"""Footnotes shared by the brief and the letter draft: each citation numbered once, in order of
first use, however many claims rest on it."""

from __future__ import annotations

from collections.abc import Iterable

from refwatch.outputs.evidence import Citation


class Footnotes:
    def __init__(self) -> None:
        self.notes: list[Citation] = []
        self._numbers: dict[tuple[int, int, int], int] = {}

    def cite(self, citations: Iterable[Citation]) -> list[int]:
        """The numbers of `citations` (new ones appended), for the claim they support. Two
        statements read from the same passage (the 600 and the ~200 of one sentence) share a note."""
        out = []
        for c in citations:
            key = (c.document_id, c.start, c.end)
            if key not in self._numbers:
                self.notes.append(c)
                self._numbers[key] = len(self.notes)
            number = self._numbers[key]
            if number not in out:
                out.append(number)
        return out

    def __iter__(self):
        return iter(enumerate(self.notes, 1))

    def __len__(self) -> int:
        return len(self.notes)
