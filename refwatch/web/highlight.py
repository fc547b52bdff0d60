"""Highlighting spans of a text in HTML: overlapping and nested spans, page markers, all text escaped.

Spans from extraction overlap freely (a date inside a repatriation inside a sentence that
is also an ask), and HTML elements cannot overlap. So instead of nesting one element per
span, the text is cut at every span boundary into elementary segments (a sweep over the
sorted boundaries); each segment is one flat element that lists every span covering it.
Whatever the spans, the markup is a flat sequence and can never be malformed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    """One highlight: characters [start, end) of the text, of a kind, from a statement."""

    start: int
    end: int
    kind: str
    statement_id: int
    href: str | None = None  # the page of the fact it supports, when it has one
    label: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Marker:
    """A zero-width marker shown before the character at `offset` (a page start)."""

    offset: int
    html: SafeString


@dataclass(frozen=True)
class Redaction:
    """Characters [start, end) shown as `replacement` (a protected name → its pseudonym)."""

    start: int
    end: int
    replacement: str


@dataclass
class Segment:
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)


def segments(length: int, spans: Iterable[Span], cuts: Iterable[int] = ()) -> list[Segment]:
    """Cut [0, length) at every span boundary (and at `cuts`); each piece with the spans covering it.

    Spans are clipped to the text; empty and inverted spans are dropped. Within a segment
    the spans are ordered innermost (shortest) first, ties by statement id, so that the
    link of a segment is the most specific fact under the pointer.
    """
    clipped = [
        s
        for s in (
            Span(max(0, s.start), min(length, s.end), s.kind, s.statement_id, s.href, s.label) for s in spans
        )
        if s.start < s.end
    ]
    bounds = {0, length}
    bounds.update(c for c in cuts if 0 <= c <= length)
    for s in clipped:
        bounds.update((s.start, s.end))
    points = sorted(bounds)
    starts = sorted(clipped, key=lambda s: s.start)
    active: list[Span] = []
    out: list[Segment] = []
    i = 0
    for a, b in pairwise(points):
        # Sweep: spans enter at their start and leave once they end at or before this segment.
        while i < len(starts) and starts[i].start <= a:
            active.append(starts[i])
            i += 1
        active = [s for s in active if s.end > a]
        covering = sorted(active, key=lambda s: (s.length, s.statement_id))
        out.append(Segment(a, b, covering))
    return out


def render(
    text: str, spans: Iterable[Span], markers: Sequence[Marker] = (), redactions: Sequence[Redaction] = ()
) -> SafeString:
    """The text as HTML: every covered segment a <mark>, linked when one of its spans has a page.

    Each span's first segment carries the anchor `s<statement id>` so that
    `/documents/<id>/#s<statement id>` scrolls to it. Markers are emitted before the
    segment at their offset. Redacted characters never reach the HTML: the first segment of
    a redaction shows its replacement, the others nothing; offsets of spans stay those of the
    stored text, so highlights still fall on the right words around a redacted name.
    """
    spans = list(spans)
    by_offset: dict[int, list[Marker]] = {}
    for m in markers:
        by_offset.setdefault(max(0, min(len(text), m.offset)), []).append(m)
    hidden = sorted((r for r in redactions if r.start < r.end), key=lambda r: r.start)
    h = 0  # the first redaction that may still cover a segment: segments and redactions both ascend
    cuts = [*by_offset, *(r.start for r in hidden), *(r.end for r in hidden)]
    parts: list[str] = []
    anchored: set[int] = set()
    for seg in segments(len(text), spans, cuts):
        for m in by_offset.pop(seg.start, []):
            parts.append(m.html)
        while h < len(hidden) and hidden[h].end <= seg.start:
            h += 1
        redaction = hidden[h] if h < len(hidden) and hidden[h].start <= seg.start else None
        if redaction is None:
            chunk = escape(text[seg.start : seg.end])
        elif redaction.start == seg.start:
            chunk = format_html('<span class="redacted">{}</span>', redaction.replacement)
        else:
            chunk = ""
        if not seg.spans:
            parts.append(chunk)
            continue
        for s in seg.spans:
            if s.statement_id not in anchored and s.start == seg.start:
                anchored.add(s.statement_id)
                parts.append(format_html('<span class="anchor" id="s{}"></span>', s.statement_id))
        inner = seg.spans[0]
        kinds = " ".join(dict.fromkeys(f"k-{s.kind}" for s in seg.spans))
        ids = " ".join(str(s.statement_id) for s in seg.spans)
        title = "; ".join(f"{s.label or s.kind} (statement {s.statement_id})" for s in seg.spans)
        depth = min(len(seg.spans), 3)
        href = next((s.href for s in seg.spans if s.href), None)
        mark = format_html(
            '<mark class="hl {} depth-{}" data-kind="{}" data-statements="{}" title="{}">{}</mark>',
            kinds,
            depth,
            inner.kind,
            ids,
            title,
            chunk,
        )
        parts.append(format_html('<a class="hl-link" href="{}">{}</a>', href, mark) if href else mark)
    for ms in by_offset.values():  # markers past the end of the text
        parts.extend(m.html for m in ms)
    return mark_safe("".join(parts))
