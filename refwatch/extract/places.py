"""The places an incident's sentence names: "repatriated around 600 North Korean defectors
detained in the Jilin and Liaoning provinces … via border cities such as Dandong and Hunchun".

The places are found by the gazetteer (lexicon/places.yaml, `doc.spans["places"]`); a record
takes every place named in the sentences its span covers, by canonical name, in the order of the
text. Only the sentence itself: a place two sentences away is as likely another event's. Places
add to a record and never change what is counted.
"""

from __future__ import annotations

import bisect

from refwatch.extract.context import Context
from refwatch.extract.model import Repatriation


def attach_places(ctx: Context, records: list[Repatriation]) -> list[Repatriation]:
    spans = list(ctx.doc.spans.get("places", []))
    if not spans:
        return records
    starts = [s.start_char for s in spans]
    bounds = ctx.sentence_bounds()
    firsts = [a for a, _ in bounds]
    for record in records:
        lo, hi = _sentences(bounds, firsts, record.start, max(record.end, record.start + 1))
        found = spans[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
        record.places = list(dict.fromkeys(s.id_ for s in found if s.end_char <= hi))
    return records


def _sentences(bounds: list[tuple[int, int]], firsts: list[int], start: int, end: int) -> tuple[int, int]:
    """The start of the first sentence and the end of the last that [start, end) touches."""
    if not bounds:
        return start, end
    i = max(bisect.bisect_right(firsts, start) - 1, 0)
    j = max(bisect.bisect_left(firsts, end) - 1, i)
    return min(bounds[i][0], start), max(bounds[j][1], end)
