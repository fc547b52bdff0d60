"""Page text from positioned runs of text: lines, paragraphs and side-by-side columns.

PDFium gives its text in content-stream order and puts everything on one baseline into one line:
a signature block that a word processor drew row by row ("James R. Walkinshaw … Tim Kaine", then
"Member of Congress … United States Senator") comes out with the two signers' names on one line
and their titles on the next, so nothing tells a reader which title is whose. PDFium has no column
analysis, but its text rectangles are split where a line has a wide horizontal gap; this module
uses those gaps to find blocks of side-by-side columns and reads each column top to bottom.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median


@dataclass(slots=True)
class Run:
    """A run of text on one line, with its box in PDF points (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str = ""


@dataclass(slots=True)
class Line:
    """Runs on one baseline band; `segments` are its runs split at wide gaps, `texts` their texts."""

    left: float
    bottom: float
    right: float
    top: float
    runs: list[Run] = field(default_factory=list)
    segments: list[list[Run]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, run: Run) -> None:
        self.runs.append(run)
        self.left, self.right = min(self.left, run.left), max(self.right, run.right)
        self.bottom, self.top = min(self.bottom, run.bottom), max(self.top, run.top)


COLUMN_GAP_EMS = 2.5  # a gap this many line heights wide separates columns, not words
PARAGRAPH_PITCH = 1.3  # lines this many times further apart than the page's usual line pitch: a new paragraph
FULL_LINE = 0.85  # a line reaching this share of the text width wraps on to the next
INDENT_EMS = 4.0  # a wrapped line starts at most this far right of the left margin


def group_lines(runs: list[Run]) -> list[Line]:
    """Consecutive runs (in stream order) on one baseline band make a line.

    On one band: their vertical middles are closer than half the taller one's height. (Written
    out inline: this loop runs for every run of every page.)
    """
    lines: list[Line] = []
    line: Line | None = None
    for run in runs:
        if line is not None:
            run_height, line_height = run.top - run.bottom, line.top - line.bottom
            if abs((run.top + run.bottom) - (line.top + line.bottom)) <= max(run_height, line_height):
                line.add(run)
                continue
        line = Line(run.left, run.bottom, run.right, run.top, [run])
        lines.append(line)
    for line in lines:
        if len(line.runs) == 1:
            line.segments = [line.runs]
            continue
        ordered = sorted(line.runs, key=lambda r: r.left)
        em = median(r.top - r.bottom for r in ordered) or 1.0
        segments: list[list[Run]] = [[ordered[0]]]
        for run in ordered[1:]:
            if run.left - segments[-1][-1].right > COLUMN_GAP_EMS * em:
                segments.append([run])
            else:
                segments[-1].append(run)
        line.segments = segments
    return lines


def texts_from_runs(lines: list[Line]) -> None:
    """Fill each line's segment texts from the texts of its runs."""
    for line in lines:
        line.texts = [" ".join(r.text.strip() for r in seg if r.text.strip()) for seg in line.segments]


def _span(segment: list[Run]) -> tuple[float, float]:
    return segment[0].left, max(r.right for r in segment)


def _column_of(span: tuple[float, float], columns: list[list[float]]) -> int | None:
    """The column a segment lies under: the one its horizontal extent overlaps most.

    Overlap, not aligned left edges: names and titles centred under a signature line start at
    different places, yet each stands under the other.
    """
    best, best_overlap = None, 0.0
    for i, (left, right) in enumerate(columns):
        overlap = min(span[1], right) - max(span[0], left)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


@dataclass(slots=True)
class _Block:
    columns: list[list[float]]  # [left, right] of each column; empty for prose
    lines: list[Line] = field(default_factory=list)
    placed: list[list[int]] = field(default_factory=list)  # each line's segments' columns


def _blocks(lines: list[Line], em: float) -> list[_Block]:
    """Runs of lines: prose, or blocks of side-by-side columns."""
    out: list[_Block] = []
    for line in lines:
        block = out[-1] if out and out[-1].columns else None
        if block is None and len(line.segments) == 1:
            # The common case: prose outside any column block, going on with the prose before.
            if out:
                out[-1].lines.append(line)
            else:
                out.append(_Block([], [line]))
            continue
        spans = [_span(seg) for seg in line.segments]
        if block is not None:
            cols = [_column_of(span, block.columns) for span in spans]
            # A line continues a column block when it is close below it and its segments fall in
            # distinct columns of it, and (for a one-segment line) not in the first: a line at the
            # left margin is the text going on, one under a right column is still the block.
            if (
                block.lines[-1].bottom - line.top <= 2 * em
                and None not in cols
                and len(set(cols)) == len(cols)
                and (len(cols) > 1 or cols[0] != 0)
            ):
                for span, col in zip(spans, cols, strict=True):
                    column = block.columns[col]  # type: ignore[index]
                    column[0], column[1] = min(column[0], span[0]), max(column[1], span[1])
                block.lines.append(line)
                block.placed.append([c for c in cols if c is not None])
                continue
        if len(line.segments) > 1:
            out.append(_Block([list(span) for span in spans], [line], [list(range(len(spans)))]))
        else:
            out.append(_Block([], [line]))
    return out


def left_margin(lines: list[Line]) -> float:
    """Where most lines start: the body's margin (headings may stand out to the left of it)."""
    starts = Counter(round(line.left) for line in lines)
    most = max(starts.values())
    return float(min(x for x, n in starts.items() if n == most))


def line_pitch(lines: list[Line], em: float) -> float:
    """The page's usual distance between one line and the next, measured top to top.

    Tops, not gaps between boxes: a box's bottom moves with descenders (a line without g, p or y
    sits higher), so gaps vary from line to line within one paragraph.
    """
    pitches = [a.top - b.top for a, b in pairwise(lines) if 0 < a.top - b.top < 3 * em]
    return median(pitches) if pitches else 1.2 * em


def _paragraphs(lines: list[Line], text_left: float, text_right: float, em: float, pitch: float) -> str:
    """Single-column lines as text: wrapped lines joined, a blank line between paragraphs."""
    out: list[str] = []
    width = max(text_right - text_left, 1.0)
    previous: Line | None = None
    for line in lines:
        text = "\n".join(line.texts)
        if previous is not None:
            step = previous.top - line.top
            if step > PARAGRAPH_PITCH * pitch or step <= 0:  # further down, or back up (a new column)
                out.append("\n\n")
            elif (
                len(previous.segments) == 1
                and previous.right - text_left >= FULL_LINE * width
                # from the left margin (or a paragraph's indent): a right-aligned date or a centred
                # heading reaches the right margin too, and is a line of its own
                and abs(previous.left - text_left) <= INDENT_EMS * em
            ):
                last = out[-1]
                if last.endswith(("\xad", "\x02")) or (
                    last.endswith("-") and len(last) > 1 and last[-2].islower() and text[:1].islower()
                ):
                    out[-1] = last[:-1]  # a word hyphenated at the line's end
                else:
                    out.append(" ")
            else:
                out.append("\n")
        out.append(text)
        previous = line
    return "".join(out)


def page_text(runs: list[Run]) -> str:
    """The text of a page from runs that carry their texts."""
    lines = [line for line in group_lines(runs) if any(r.text.strip() for r in line.runs)]
    texts_from_runs(lines)
    return lines_text(lines)


def lines_text(lines: list[Line]) -> str:
    """The text of a page from its lines: paragraphs as prose, column blocks column by column."""
    lines = [line for line in lines if any(map(str.strip, line.texts))]
    if not lines:
        return ""
    em = median(line.top - line.bottom for line in lines) or 10.0
    text_left = left_margin(lines)
    text_right = max(line.right for line in lines)
    pitch = line_pitch(lines, em)
    parts: list[str] = []
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            parts.append(_paragraphs(pending, text_left, text_right, em, pitch))
            pending.clear()

    for block in _blocks(lines, em):
        if not block.columns:
            pending.extend(block.lines)
            continue
        flush()
        cells = [text for line in block.lines for text in line.texts]
        if sum(any(ch.isdigit() for ch in text) for text in cells) * 2 >= len(cells):
            # Mostly figures: a table, whose rows hold together (a date and its count); read row
            # by row. Names and titles have no digits: a signature block, read column by column.
            parts.append("\n".join("\t".join(line.texts) for line in block.lines))
            continue
        by_column: list[list[str]] = [[] for _ in block.columns]
        for line, placed in zip(block.lines, block.placed, strict=True):
            for col, text in zip(placed, line.texts, strict=True):
                by_column[col].append(text)
        parts.append("\n\n".join("\n".join(col) for col in by_column if col))
    flush()
    return "\n\n".join(p.strip("\n") for p in parts if p.strip())
