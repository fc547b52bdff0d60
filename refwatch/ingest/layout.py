"""Page text from positioned runs of text: lines, paragraphs and side-by-side columns.

PDFium gives its text in content-stream order and puts everything on one baseline into one line:
a signature block that a word processor drew row by row ("James R. Walkinshaw … Tim Kaine", then
"Member of Congress … United States Senator") comes out with the two signers' names on one line
and their titles on the next, so nothing tells a reader which title is whose. PDFium has no column
analysis, but its text rectangles are split where a line has a wide horizontal gap; this module
uses those gaps to find blocks of side-by-side columns and reads each column top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median


@dataclass
class Run:
    """A run of text on one line, with its box in PDF points (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)
    segments: list[list[Run]] = field(default_factory=list)  # runs split at wide gaps

    @property
    def top(self) -> float:
        return max(r.top for r in self.runs)

    @property
    def bottom(self) -> float:
        return min(r.bottom for r in self.runs)

    @property
    def left(self) -> float:
        return min(r.left for r in self.runs)

    @property
    def right(self) -> float:
        return max(r.right for r in self.runs)


COLUMN_GAP_EMS = 2.5  # a gap this many line heights wide separates columns, not words
COLUMN_ALIGN_EMS = 1.5  # segments whose left edges are this close are in the same column
PARAGRAPH_GAP = 0.6  # a vertical gap of this many line heights between lines ends a paragraph
FULL_LINE = 0.85  # a line reaching this share of the text width wraps on to the next


def _same_line(line: Line, run: Run) -> bool:
    """Whether `run` sits on `line`'s baseline band (their vertical middles overlap)."""
    mid = (run.top + run.bottom) / 2
    line_mid = (line.top + line.bottom) / 2
    tolerance = max(run.height, line.top - line.bottom) / 2
    return abs(mid - line_mid) <= tolerance


def _segment_text(segment: list[Run]) -> str:
    return " ".join(r.text.strip() for r in segment if r.text.strip())


def group_lines(runs: list[Run]) -> list[Line]:
    """Consecutive runs (in stream order) on one baseline band make a line."""
    lines: list[Line] = []
    for run in runs:
        if not run.text.strip():
            continue
        if lines and _same_line(lines[-1], run):
            lines[-1].runs.append(run)
        else:
            lines.append(Line([run]))
    for line in lines:
        ordered = sorted(line.runs, key=lambda r: r.left)
        em = median(r.height for r in ordered) or 1.0
        segments: list[list[Run]] = [[ordered[0]]]
        for run in ordered[1:]:
            if run.left - segments[-1][-1].right > COLUMN_GAP_EMS * em:
                segments.append([run])
            else:
                segments[-1].append(run)
        line.segments = segments
    return lines


def _column_of(x: float, columns: list[float], em: float) -> int | None:
    for i, col in enumerate(columns):
        if abs(x - col) <= COLUMN_ALIGN_EMS * em:
            return i
    return None


def _blocks(lines: list[Line], em: float) -> list[tuple[bool, list[Line], list[float]]]:
    """Runs of lines: (is a column block, its lines, its columns' left edges)."""
    out: list[tuple[bool, list[Line], list[float]]] = []
    for line in lines:
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


def _paragraphs(lines: list[Line], text_left: float, text_right: float, em: float) -> str:
    """Single-column lines as text: wrapped lines joined, a blank line between paragraphs."""
    out: list[str] = []
    width = max(text_right - text_left, 1.0)
    previous: Line | None = None
    for line in lines:
        text = "\n".join(_segment_text(seg) for seg in line.segments)
        if previous is not None:
            gap = previous.bottom - line.top
            height = max(previous.top - previous.bottom, 1.0)
            if gap > PARAGRAPH_GAP * height or gap < -height:
                out.append("\n\n")
            elif len(previous.segments) == 1 and (previous.right - text_left) >= FULL_LINE * width:
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
    """The text of a page from its runs: paragraphs as prose, column blocks column by column."""
    lines = group_lines(runs)
    if not lines:
        return ""
    em = median(r.height for line in lines for r in line.runs) or 10.0
    text_left = min(line.left for line in lines)
    text_right = max(line.right for line in lines)
    parts: list[str] = []
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            parts.append(_paragraphs(pending, text_left, text_right, em))
            pending.clear()

    for is_columns, block, columns in _blocks(lines, em):
        if not is_columns:
            pending.extend(block)
            continue
        flush()
        by_column: list[list[str]] = [[] for _ in columns]
        for line in block:
            for seg in line.segments:
                col = _column_of(seg[0].left, columns, em)
                by_column[col if col is not None else len(columns) - 1].append(_segment_text(seg))
        parts.append("\n\n".join("\n".join(col) for col in by_column if col))
    flush()
    return "\n\n".join(p.strip("\n") for p in parts if p.strip())
