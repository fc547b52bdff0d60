"""The record at a glance: incidents on a time axis, letters beside them, totals per year and
the review backlog, as data and as SVG drawn on the server (no script: the pages' CSP stays
strict, and a printed brief can take the same figure).

Every number is a range from the most conservative to the highest figure a source gives: an
incident whose sources disagree (500 or 600) is drawn from 500 to 600 and marked, never averaged.
A year's total is a range too: at least the larger of the sum of its events' lowest counts and
the lowest total a source gives for that year; at most the larger of the sum of their highest
counts and the highest total given. Totals over a period and the events inside it are never
added to each other, and neither are two sources' figures for one event.

Everything is read through an Evidence (so a Reader): what one reader may not see is not drawn,
counted or linked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from refwatch.knowledge.models import Incident, Letter, LetterParty, Review
from refwatch.outputs.display import format_count, format_date
from refwatch.outputs.evidence import Evidence


@dataclass(frozen=True)
class SourceLink:
    """One statement an incident is drawn from, as a link to its place in its document."""

    statement_id: int
    document_id: int
    title: str

    @property
    def path(self) -> str:
        return f"/documents/{self.document_id}/#s{self.statement_id}"


@dataclass(frozen=True)
class IncidentMark:
    id: int
    date_start: str
    date_end: str
    precision: str
    start: dt.date
    end: dt.date  # the last day the date can be
    low: int | None
    high: int | None
    best: int | None
    qualifier: str
    aggregate: bool
    conflict: bool = False
    sources: tuple[SourceLink, ...] = ()  # the first SOURCES_SHOWN, in document order
    statements: int = 0  # how many statements this reader may see support it

    @property
    def more(self) -> int:
        """Statements beyond those listed (on the incident's page)."""
        return max(0, self.statements - len(self.sources))

    @property
    def when(self) -> str:
        return format_date(self.date_start, self.date_end, self.precision)

    @property
    def count_text(self) -> str:
        if self.low is not None and self.high is not None and self.low != self.high:
            return f"{self.low:,}–{self.high:,}"
        return format_count(self.best, self.qualifier)

    @property
    def label(self) -> str:
        kind = "total over the period" if self.aggregate else "returned"
        conflict = " (sources disagree)" if self.conflict else ""
        return f"{self.when}: {self.count_text} {kind}{conflict}"


@dataclass(frozen=True)
class LetterMark:
    id: int
    date: str
    day: dt.date
    title: str
    signers: int

    @property
    def when(self) -> str:
        precision = {1: "year", 2: "month"}.get(len(self.date.split("-")), "day")
        return format_date(self.date, self.date, precision)

    @property
    def label(self) -> str:
        return f"{self.title}, {self.signers} signer{'s' if self.signers != 1 else ''}"


@dataclass(frozen=True)
class StatementMark:
    """A public statement (a document of kind "statement": UN experts, a ministry, an NGO) on its day."""

    id: int  # the document's
    title: str
    day: dt.date

    @property
    def label(self) -> str:
        return f"{self.title}, {format_date(self.day.isoformat())}"


@dataclass
class YearTotal:
    year: int
    low: int = 0
    high: int = 0
    events: int = 0  # incidents inside the year, counted
    totals: int = 0  # totals a source gives for the whole year
    conflicts: int = 0
    uncounted: int = 0  # incidents of the year with no count

    @property
    def text(self) -> str:
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"


@dataclass
class Overview:
    incidents: list[IncidentMark]
    letters: list[LetterMark]
    years: list[YearTotal]
    backlog: dict[str, int]
    undated_incidents: int = 0
    undated_letters: int = 0
    spanning: list[IncidentMark] = field(default_factory=list)  # over more than one year: no year's
    statements: list[StatementMark] = field(default_factory=list)
    undated_statements: int = 0

    @property
    def first(self) -> dt.date | None:
        days = [m.start for m in self.incidents] + [m.day for m in (*self.letters, *self.statements)]
        return min(days) if days else None

    @property
    def last(self) -> dt.date | None:
        days = [m.end for m in self.incidents] + [m.day for m in (*self.letters, *self.statements)]
        return max(days) if days else None


@lru_cache(maxsize=16384)  # pure, and asked twice for every incident and once for every letter
def _day(iso: str, *, last: bool = False) -> dt.date | None:
    """The first (or last) day an ISO date as precise as known can be: "2024" → 1 Jan (31 Dec)."""
    bits = (iso or "").split("-")
    try:
        year = int(bits[0])
        if len(bits) == 1:
            return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
        month = int(bits[1])
        if len(bits) == 2:
            if not last:
                return dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(year, month, int(bits[2][:2]))
    except (ValueError, IndexError):
        return None


# The sources listed beside each incident in the table; its page lists them all. A record of
# 100,000 documents cites each incident a dozen times or more: all of them would weigh megabytes.
SOURCES_SHOWN = 3


def build(evidence: Evidence) -> Overview:
    """The overview of what `evidence`'s reader may see, in a fixed number of queries whatever
    the size of the record: each incident's range of counts is aggregated by the database
    (Reader.count_ranges), not read statement by statement."""
    reader = evidence.reader
    incidents = reader.fact_rows(Incident)
    ranges = reader.count_ranges(incidents)
    sources: dict[int, list[SourceLink]] = defaultdict(list)
    titles: dict[int, str] = {}
    for inc_id, st_id, doc_id, title, filename in reader.first_statements(incidents, SOURCES_SHOWN):
        if doc_id not in titles:
            titles[doc_id] = evidence.text(title or (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
        sources[inc_id].append(SourceLink(st_id, doc_id, titles[doc_id]))
    marks: list[IncidentMark] = []
    undated = 0
    rows = incidents.order_by().values_list(
        "pk", "date_start", "date_end", "date_precision", "count", "count_qualifier", "aggregate"
    )
    for pk, date_start, date_end, precision, count, qualifier, aggregate in rows:
        start, end = _day(date_start or ""), _day(date_end or date_start or "", last=True)
        if start is None or end is None or end < start:
            undated += 1
            continue
        r = ranges.get(pk)
        counted = r is not None and r.high is not None
        marks.append(
            IncidentMark(
                id=pk,
                date_start=date_start or "",
                date_end=date_end or date_start or "",
                precision=precision or "",
                start=start,
                end=end,
                low=r.low if counted else count,
                high=r.high if counted else count,
                best=count,
                qualifier=qualifier or "",
                aggregate=aggregate,
                conflict=r.conflicting if r is not None else False,
                sources=tuple(sources.get(pk, ())),
                statements=r.statements if r is not None else 0,
            )
        )
    letters, undated_letters = letter_marks(evidence)
    statements, undated_statements = statement_marks(evidence)
    years, spanning = year_totals(marks)
    return Overview(
        incidents=sorted(marks, key=lambda m: (m.start, m.end, m.id)),
        letters=sorted(letters, key=lambda m: (m.day, m.id)),
        years=years,
        backlog=backlog(evidence),
        undated_incidents=undated,
        undated_letters=undated_letters,
        spanning=spanning,
        statements=statements,
        undated_statements=undated_statements,
    )


def letter_marks(evidence: Evidence) -> tuple[list[LetterMark], int]:
    """The dated letters this reader may see, with their recipients and number of signers (two
    queries), and how many are undated."""
    reader = evidence.reader
    letters = reader.fact_rows(Letter, same_as__isnull=True)
    recipients: dict[int, list[str]] = defaultdict(list)
    signers: Counter[int] = Counter()
    names: dict[str, str] = {}
    parties = reader.fact_rows(LetterParty, letter__in=letters.values("pk")).values_list(
        "letter_id", "role", "name"
    )
    for letter_id, role, name in parties.order_by("letter_id", "role", "position", "pk"):
        if role == LetterParty.Role.SENDER:
            signers[letter_id] += 1
        elif role == LetterParty.Role.RECIPIENT:
            if name not in names:
                names[name] = evidence.text(name)
            recipients[letter_id].append(names[name])
    out: list[LetterMark] = []
    undated = 0
    for pk, date in letters.order_by().values_list("pk", "date"):
        day = _day(date or "")
        if day is None:
            undated += 1
            continue
        to = ", ".join(recipients.get(pk, [])) or "unknown recipient"
        out.append(LetterMark(pk, date, day, f"Letter of {format_date(date)} to {to}", signers[pk]))
    return out, undated


def statement_marks(evidence: Evidence) -> tuple[list[StatementMark], int]:
    """The statements the reader may see, on their day (else the day published), in one query;
    their titles as the reader may read them."""
    marks, undated = [], 0
    for doc in evidence.reader.documents(doc_type=STATEMENT).defer("text").order_by("pk"):
        day = _day(doc.doc_date or doc.published or "")
        if day is None:
            undated += 1
            continue
        marks.append(StatementMark(doc.pk, evidence.text(doc.title or "a statement"), day))
    return sorted(marks, key=lambda m: (m.day, m.id)), undated


def year_totals(marks: list[IncidentMark]) -> tuple[list[YearTotal], list[IncidentMark]]:
    """Each year's total as a range (see the module's doc), and the incidents over several years."""
    years: dict[int, YearTotal] = {}
    given_low: dict[int, int] = {}
    given_high: dict[int, int] = {}
    spanning = []
    for m in marks:
        if m.start.year != m.end.year:
            spanning.append(m)
            continue
        total = years.setdefault(m.start.year, YearTotal(m.start.year))
        total.conflicts += m.conflict
        if m.low is None or m.high is None:
            total.uncounted += 1
            continue
        whole_year = m.aggregate and (m.start, m.end) == (
            dt.date(m.start.year, 1, 1),
            dt.date(m.start.year, 12, 31),
        )
        if whole_year:
            total.totals += 1
            given_low[total.year] = max(given_low.get(total.year, 0), m.low)
            given_high[total.year] = max(given_high.get(total.year, 0), m.high)
        elif not m.aggregate:
            total.events += 1
            total.low += m.low
            total.high += m.high
        # A total over part of a year overlaps its events: drawn, but in no sum.
    for year, total in years.items():
        total.low = max(total.low, given_low.get(year, 0))
        total.high = max(total.high, given_high.get(year, 0))
    return [years[y] for y in sorted(years)], spanning


def backlog(evidence: Evidence) -> dict[str, int]:
    """How many statements this reader may see are in each review state."""
    states = evidence.reader.statements().select_related(None).order_by().values("review")
    counts = {row["review"]: row["n"] for row in states.annotate(n=Count("pk"))}
    return {state.value: counts.get(state.value, 0) for state in Review}


# --- drawing --------------------------------------------------------------------------------

STATEMENT = "statement"  # the kind of document drawn as a marker beside the letters
WIDTH, LEFT, RIGHT = 960, 56, 16
TOP, PLOT, LANE = 16, 220, 36  # the counts' plot, then the lane of letters under the axis
COLORS = {
    "event": "#2b6cb0",
    "aggregate": "#90cdf4",
    "conflict": "#c53030",
    "letter": "#2f855a",
    "statement": "#6b46c1",
    "axis": "#4a5568",
    "grid": "#e2e8f0",
    "low": "#2b6cb0",
    "high": "#bee3f8",
}


@dataclass(frozen=True)
class Links:
    """Where marks point: the page of an incident, of a letter, the incidents of a year, and a
    document (a statement), at its own page as citations link it (Citation.path)."""

    incident: Callable[[int], str]
    letter: Callable[[int], str]
    year: Callable[[int], str]
    document: Callable[[int], str] = lambda pk: f"/documents/{pk}/"


def _nice_max(value: int) -> int:
    if value <= 10:
        return 10
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _count_axis(y: Callable[[int], float], top: int, steps: int) -> list[SafeString]:
    """The horizontal grid lines of a chart of counts, each labelled with its count."""
    return [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
            '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
            LEFT,
            WIDTH - RIGHT,
            y(tick),
            y(tick),
            COLORS["grid"],
            LEFT - 6,
            y(tick) + 4,
            COLORS["axis"],
            f"{tick:,}",
        )
        for tick in range(0, top + 1, top // steps)
    ]


def timeline_svg(ov: Overview, links: Links, *, title: str = "Incidents and letters over time") -> SafeString:
    """Incidents as boxes over their dates from their lowest to highest count (conflicts outlined
    in red), letters as triangles under the axis; each mark a link with its <title>."""
    first, last = ov.first, ov.last
    if first is None or last is None:
        return mark_safe("")
    first, last = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
    days = (last - first).days + 1
    span = WIDTH - LEFT - RIGHT
    top_count = _nice_max(max((m.high or 0 for m in ov.incidents), default=0))
    height = TOP + PLOT + LANE + 24

    def x(day: dt.date) -> float:
        return round(LEFT + span * (day - first).days / days, 1)

    def y(count: int) -> float:
        return round(TOP + PLOT - PLOT * count / top_count, 1)

    parts: list[SafeString] = _count_axis(y, top_count, 5)
    for year in range(first.year, last.year + 1):
        at = x(dt.date(year, 1, 1))
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                at,
                at,
                TOP,
                TOP + PLOT + LANE,
                COLORS["grid"],
                at + 3,
                height - 6,
                COLORS["axis"],
                year,
            )
        )
    # One mark an incident and a letter, tens of thousands in a large record: written with
    # f-strings and html.escape, as format_html costs several times more a mark.
    marks: list[str] = []
    # Totals over a period first, so that the events inside them are drawn over them.
    for m in sorted(ov.incidents, key=lambda m: not m.aggregate):
        low = m.low if m.low is not None else 0
        high = m.high if m.high is not None else 0
        x0, x1 = x(m.start), x(m.end + dt.timedelta(days=1))
        width = max(x1 - x0, 4.0)
        y0, y1 = y(high), y(low)
        box = max(y1 - y0, 4.0)
        fill = COLORS["aggregate" if m.aggregate else "event"]
        stroke = COLORS["conflict"] if m.conflict else fill
        marks.append(
            f'<a href="{escape(links.incident(m.id))}" class="mark incident{" conflict" if m.conflict else ""}" '
            f'data-id="{m.id}" data-start="{m.start.isoformat()}" data-end="{m.end.isoformat()}" '
            f'data-low="{"" if m.low is None else m.low}" data-high="{"" if m.high is None else m.high}">'
            f"<title>{escape(m.label)}</title>"
            f'<rect x="{x0}" y="{round(min(y0, y1 - 4.0), 1)}" width="{round(width, 1)}" '
            f'height="{round(box, 1)}" fill="{fill}" fill-opacity="{"0.45" if m.aggregate else "0.85"}" '
            f'stroke="{stroke}" stroke-width="{2 if m.conflict else 1}"/></a>'
        )
    lane = TOP + PLOT + LANE / 2
    for m in ov.statements:
        # A diamond on the letters' lane: a statement is advocacy on a day, like a letter.
        at = x(m.day) + 1
        parts.append(
            format_html(
                '<a href="{}" class="mark statement" data-id="{}" data-date="{}"><title>{}</title>'
                '<path d="M{} {} l6 6 l-6 6 l-6 -6 z" fill="{}"/></a>',
                links.document(m.id),
                m.id,
                m.day.isoformat(),
                m.label,
                at,
                round(lane - 6, 1),
                COLORS["statement"],
            )
        )
    for m in ov.letters:
        marks.append(
            f'<a href="{escape(links.letter(m.id))}" class="mark letter" data-id="{m.id}" '
            f'data-date="{m.day.isoformat()}"><title>{escape(m.label)}</title>'
            f'<path d="M{x(m.day) + 1} {round(lane - 6, 1)} l6 10 h-12 z" fill="{COLORS["letter"]}"/></a>'
        )
    parts.append(mark_safe("".join(marks)))  # every value above is escaped or a number
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
            '<text x="{}" y="{}" font-size="11" fill="{}">advocacy</text>',
            LEFT,
            WIDTH - RIGHT,
            TOP + PLOT,
            TOP + PLOT,
            COLORS["axis"],
            4,
            round(lane + 4, 1),
            COLORS["letter"],
        )
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="timeline-title timeline-desc"><title id="timeline-title">{}</title>'
        '<desc id="timeline-desc">{} incident{} from {} to {}, each from the lowest to the highest '
        "count its sources give (red outline: sources disagree); {} letter{} as triangles, {} "
        "statement{} as diamonds. The tables beside the chart hold the same data.</desc>{}</svg>",
        WIDTH,
        height,
        title,
        len(ov.incidents),
        "" if len(ov.incidents) == 1 else "s",
        format_date(first.isoformat()),
        format_date(last.isoformat()),
        len(ov.letters),
        "" if len(ov.letters) == 1 else "s",
        len(ov.statements),
        "" if len(ov.statements) == 1 else "s",
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def years_svg(ov: Overview, links: Links, *, title: str = "Returns per year") -> SafeString:
    """Each year's total as a bar to its lowest figure and a lighter bar on to its highest."""
    if not ov.years:
        return mark_safe("")
    top = _nice_max(max(t.high for t in ov.years) or 1)
    height, plot = 200, 160
    slot = (WIDTH - LEFT - RIGHT) / len(ov.years)
    bar = min(slot * 0.6, 60)

    def y(count: int) -> float:
        return round(TOP + plot - plot * count / top, 1)

    parts = _count_axis(y, top, 4)
    for i, t in enumerate(ov.years):
        x0 = round(LEFT + i * slot + (slot - bar) / 2, 1)
        parts.append(
            format_html(
                '<a href="{}" class="mark year" data-year="{}" data-low="{}" data-high="{}">'
                "<title>{}: {} returned ({} event{} counted{})</title>"
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text></a>',
                links.year(t.year),
                t.year,
                t.low,
                t.high,
                t.year,
                t.text,
                t.events,
                "" if t.events == 1 else "s",
                f", {t.conflicts} with sources that disagree" if t.conflicts else "",
                x0,
                y(t.high),
                round(bar, 1),
                round(y(t.low) - y(t.high), 1),
                COLORS["high"],
                x0,
                y(t.low),
                round(bar, 1),
                round(y(0) - y(t.low), 1),
                COLORS["low"],
                round(x0 + bar / 2, 1),
                y(t.high) - 4,
                COLORS["axis"],
                t.text,
                round(x0 + bar / 2, 1),
                height - 8,
                COLORS["axis"],
                t.year,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart years" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="years-title years-desc"><title id="years-title">{}</title>'
        '<desc id="years-desc">For each year, a dark bar to the lowest total the sources support and '
        "a light bar on to the highest; the table beside the chart holds the same data.</desc>{}</svg>",
        WIDTH,
        height,
        title,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


# --- the tables beside the charts -------------------------------------------------------------


def incident_rows(ov: Overview, links: Links) -> SafeString:
    """The rows of the table beside the timeline: one an incident, with its first sources."""
    out = []
    for m in ov.incidents:
        href = escape(links.incident(m.id))
        sources = "; ".join(f'<a href="{escape(c.path)}">{escape(c.title)}</a>' for c in m.sources)
        if m.more:
            sources += f'{"; " if sources else ""}<a href="{href}">{m.more} more</a>'
        badge = ' <span class="badge conflict">sources disagree</span>' if m.conflict else ""
        out.append(
            f'<tr data-id="{m.id}"><td><a href="{href}">{escape(m.when)}</a></td>'
            f'<td class="num">{escape(m.count_text)}{badge}</td>'
            f"<td>{'total over a period' if m.aggregate else 'event'}</td><td>{sources}</td></tr>"
        )
    return mark_safe("\n".join(out))  # every value above is escaped or a number


def letter_rows(ov: Overview, links: Links) -> SafeString:
    """The rows of the table of letters: date, letter (linked), number of signers."""
    return mark_safe(  # every value is escaped or a number
        "\n".join(
            f'<tr data-id="{m.id}"><td>{escape(m.when)}</td><td><a href="{escape(links.letter(m.id))}">'
            f'{escape(m.title)}</a></td><td class="num">{m.signers}</td></tr>'
            for m in ov.letters
        )
    )
