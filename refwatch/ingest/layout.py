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
COLUMN_ALIGN_EMS = 1.5  # segments whose left edges are this close are in the same column
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


def _column_of(x: float, columns: list[float], em: float) -> int | None:
    for i, col in enumerate(columns):
        if abs(x - col) <= COLUMN_ALIGN_EMS * em:
            return i
    return None


def _blocks(lines: list[Line], em: float) -> list[tuple[bool, list[Line], list[float]]]:
    """Runs of lines: (is a column block, its lines, its columns' left edges)."""
    out: list[tuple[bool, list[Line], list[float]]] = []
    for line in lines:
        if len(line.segments) == 1 and not (out and out[-1][0]):
            out.append((False, [line], []))  # the common case: prose outside any column block
            continue
        starts = [seg[0].left for seg in line.segments]
        if out and out[-1][0]:
            _, block, columns = out[-1]
            gap = block[-1].bottom - line.top
            cols = [_column_of(x, columns, em) for x in starts]
            # A line continues a column block when it is close below it and every segment falls in
            # one of its columns, and (for a one-segment line) not in the first: a line at the left
            # margin is the text going on, one under a right column is still the block.
            if gap <= 2 * em and None not in cols and (len(starts) > 1 or cols[0] != 0):
                block.append(line)
                continue
        if len(line.segments) > 1:
            out.append((True, [line], starts))
        else:
            out.append((False, [line], []))
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
    lines = [line for line in lines if any(t.strip() for t in line.texts)]
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

    for is_columns, block, columns in _blocks(lines, em):
        if not is_columns:
            pending.extend(block)
            continue
        flush()
        by_column: list[list[str]] = [[] for _ in columns]
        for line in block:
            for seg, text in zip(line.segments, line.texts, strict=True):
                col = _column_of(seg[0].left, columns, em)
                by_column[col if col is not None else len(columns) - 1].append(text)
        parts.append("\n\n".join("\n".join(col) for col in by_column if col))
    flush()
    return "\n\n".join(p.strip("\n") for p in parts if p.strip())
