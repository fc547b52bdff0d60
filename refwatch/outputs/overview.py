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
from typing import Any

from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from refwatch.knowledge.models import Incident, Letter, LetterParty, Review
from refwatch.knowledge.queries import IncidentRanges
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
    events: int = 0  # incidents inside the year, counted
    totals: int = 0  # totals a source gives for the whole year
    conflicts: int = 0
    uncounted: int = 0  # incidents of the year with no count
    event_low: int = 0  # the sums of the lowest and of the highest counts of its events
    event_high: int = 0
    given_low: int = 0  # the largest lowest and highest total given for the whole year
    given_high: int = 0

    @property
    def low(self) -> int:
        return max(self.event_low, self.given_low)

    @property
    def high(self) -> int:
        return max(self.event_high, self.given_high)

    @property
    def text(self) -> str:
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"


@dataclass(frozen=True)
class Band:
    """The marks of one kind in one period (a month, or a year for what is dated to a year only)
    that are not drawn one by one: how many, drawn as one band that links to them listed."""

    kind: str  # "incident", "letter" or "statement"
    period: str  # "2023-05", or "2023"
    more: int

    @property
    def start(self) -> dt.date:
        day = _day(self.period)
        assert day is not None
        return day

    @property
    def end(self) -> dt.date:
        day = _day(self.period, last=True)
        assert day is not None
        return day

    @property
    def when(self) -> str:
        return format_date(self.period)

    @property
    def label(self) -> str:
        noun = {"incident": "incident", "letter": "letter", "statement": "statement"}[self.kind]
        return f"{self.when}: {self.more:,} more {noun}{'s' if self.more != 1 else ''} (listed, not drawn)"


@dataclass(frozen=True)
class Window:
    """The years the timeline shows (the URL's `from` and `to`), and the first and last year of
    the record, so that the page can step to the windows before and after."""

    first: int
    last: int
    earliest: int | None = None
    latest: int | None = None

    @property
    def start(self) -> dt.date:
        return dt.date(self.first, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.last, 12, 31)

    @property
    def earlier(self) -> Window | None:
        if self.earliest is None or self.earliest >= self.first:
            return None
        span = self.last - self.first
        return Window(self.first - span - 1, self.first - 1, self.earliest, self.latest)

    @property
    def later(self) -> Window | None:
        if self.latest is None or self.latest <= self.last:
            return None
        span = self.last - self.first
        return Window(self.last + 1, self.last + span + 1, self.earliest, self.latest)


@dataclass
class Overview:
    incidents: list[IncidentMark]  # those drawn one by one (at most PER_PERIOD a period)
    letters: list[LetterMark]
    years: list[YearTotal]
    backlog: dict[str, int]
    undated_incidents: int = 0
    undated_letters: int = 0
    spanning: int = 0  # incidents over more than one year: in no year's total
    statements: list[StatementMark] = field(default_factory=list)
    undated_statements: int = 0
    window: Window | None = None
    bands: list[Band] = field(default_factory=list)  # what is not drawn one by one, per period
    in_window: dict[str, int] = field(default_factory=dict)  # incidents, letters, statements
    # How many of each kind the reader may see, dated or not (Reader.counts takes them).
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def first(self) -> dt.date | None:
        return self.window.start if self.window else None

    @property
    def last(self) -> dt.date | None:
        return self.window.end if self.window else None

    def banded(self, kind: str) -> list[Band]:
        return [b for b in self.bands if b.kind == kind]


@lru_cache(maxsize=16384)  # pure, and asked twice for every mark
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
# The marks of one kind drawn one by one in a period (a month): the incidents with sources that
# disagree first, then the largest; the rest are a band that links to the list. So a page draws
# at most this many a month of the window, whatever the size of the record.
PER_PERIOD = 3
# The years the timeline shows unless the URL says (the latest years of the record), and the most
# it shows.
WINDOW_YEARS = 5
MAX_WINDOW_YEARS = 30


def _drawn_rows(qs: QuerySet[Any], **columns: Any) -> tuple[str, list[Any]]:
    """SQL of the rows of `qs` (incidents, letters or documents) that have a date to draw, with
    ov_id, ov_period, ov_start, ov_end and `columns` (expressions by the names to give them): their
    dates as their rows keep them drawn (drawn_start and the rest: refwatch.knowledge.drawn), not
    worked out again for each at every reading."""
    drawn = qs.filter(drawn_start__isnull=False).order_by()
    return _sql(
        drawn.values(
            ov_id=F("pk"),
            ov_period=F("drawn_period"),
            ov_start=F("drawn_start"),
            ov_end=F("drawn_end"),
            **columns,
        )
    )


@dataclass(frozen=True)
class Extent:
    """How many marks of one kind a reader may see, how many of them have a date to draw, and the
    first and last year that their dates between the years 1000 and 2999 give (the record's, for
    the window)."""

    total: int
    dated: int
    earliest: int | None
    latest: int | None

    @property
    def undated(self) -> int:
        return self.total - self.dated


def _drawn_extent(qs: QuerySet[Any], bound: Any) -> Extent:
    """The Extent of `qs` (incidents, letters or documents), dated as their rows keep them drawn,
    their years from the expression `bound`, in one query: asked one by one, the counts and the
    bounds read every row of a kind four times over."""
    return _extent_of(*_drawn_source(qs, bound), "q.ov_drawn IS NOT NULL")


def _drawn_source(qs: QuerySet[Any], bound: Any) -> tuple[str, list[Any]]:
    return _sql(qs.order_by().values(ov_drawn=F("drawn_start"), ov_b=bound))


def _extent_of(source: str, params: list[Any], dated: str) -> Extent:
    """The Extent of the rows `q` of `source` (with their years from ov_b) of which `dated` holds
    for those that have a date to draw."""
    plausible = "q.ov_b >= '1000' AND q.ov_b < '3000'"
    ((total, n_dated, earliest, latest),) = _rows(
        f"SELECT COUNT(*), SUM(CASE WHEN {dated} THEN 1 ELSE 0 END), "
        f"MIN(CASE WHEN {plausible} THEN q.ov_b END), MAX(CASE WHEN {plausible} THEN q.ov_b END) "
        f"FROM ({source}) q",
        params,
    )
    return Extent(
        total=int(total),
        dated=int(n_dated or 0),
        earliest=int(earliest[:4]) if earliest else None,
        latest=int(latest[:4]) if latest else None,
    )


def _sql(qs: QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _picked(
    rows: tuple[str, list[Any]], order: str, window: Window, per: int
) -> tuple[list[Any], dict[str, int]]:
    """Of `rows` (SQL of _drawn_rows, with what `order` names), those in `window`: the ids of
    the first `per` of each period by `order`, and how many each period holds; one query (window
    functions), whatever the size of the record."""
    dated, params = rows
    # The rows of the window as a subquery the window functions read as they come, not a table
    # written first (MATERIALIZED) and read again: ~3 of the ~28 ms of each kind at 100,000
    # documents. Read once either way: the same rows.
    sql = (
        "SELECT ov_id, ov_period, ov_n FROM (SELECT r.ov_id, r.ov_period, "
        f"ROW_NUMBER() OVER (PARTITION BY r.ov_period ORDER BY {order}) AS ov_rank, "
        "COUNT(*) OVER (PARTITION BY r.ov_period) AS ov_n "
        f"FROM (SELECT * FROM ({dated}) d WHERE d.ov_end >= %s AND d.ov_start <= %s) r) w WHERE w.ov_rank <= %s"
    )
    ids, counts = [], {}
    for pk, period, n in _rows(sql, [*params, window.start.isoformat(), window.end.isoformat(), per]):
        ids.append(pk)
        counts[str(period)] = int(n)
    return ids, counts


def _incident_rows(ranges: IncidentRanges) -> tuple[str, list[Any]]:
    """SQL of each incident of `ranges.incidents` that has a date, with its dates and its range
    of counts (see IncidentRanges: the lowest figure and the highest count its statements give,
    else its own count), and whether its sources disagree."""
    summarised: Any = Value(0)
    if ranges.unsummarised is not None:
        summarised = Case(
            When(Q(open_statements__gt=0) & ~Q(pk__in=ranges.unsummarised), then=Value(1)), default=Value(0)
        )
    dated, params = _drawn_rows(
        ranges.incidents,
        ov_aggregate=F("aggregate"),
        ov_count=F("count"),
        ov_summarised=summarised,
        ov_kept_low=F("open_low"),
        ov_kept_least=F("open_least"),
        ov_kept_high=F("open_high"),
    )
    counted, counted_params = _sql(ranges.counted)
    # The summary is read from the incident's own row (joined as a table of its own, it took
    # another scan of every incident and an index of them); `g` only holds the ranges counted,
    # made once as a table the join can find each incident in (a compound query joined as it
    # stands is read again for every incident).
    given = ", ".join(
        f"CASE WHEN i.ov_summarised = 1 THEN i.ov_kept_{c} ELSE g.{c} END AS ov_given_{c}"
        for c in ("low", "least", "high")
    )
    sql = (
        f"WITH g AS MATERIALIZED ({counted}) "
        "SELECT s.ov_id, s.ov_period, s.ov_start, s.ov_end, s.ov_aggregate, "
        "CASE WHEN s.ov_given_high IS NOT NULL THEN s.ov_given_low ELSE s.ov_count END AS ov_low, "
        "CASE WHEN s.ov_given_high IS NOT NULL THEN s.ov_given_high ELSE s.ov_count END AS ov_high, "
        "CASE WHEN s.ov_given_least IS NOT NULL AND s.ov_given_least <> s.ov_given_high THEN 1 ELSE 0 END "
        f"AS ov_conflict FROM (SELECT i.*, {given} FROM ({dated}) i LEFT JOIN g ON g.incident_id = i.ov_id) s"
    )
    return sql, counted_params + params


def _incidents_over(
    rows: tuple[str, list[Any]], window: Window, per: int
) -> tuple[dict[int, YearTotal], int, list[int], dict[str, int]]:
    """From `rows` (_incident_rows), in one query that reads each incident's range once: each
    year's total as a range (see the module's doc) grouped by the database; how many incidents
    run over more than one year (in no year's total); and of the incidents of `window`, the ids
    of the first `per` of each period (sources that disagree first, then the largest) and how
    many each period holds."""
    inner, params = rows
    year = "SUBSTR(r.ov_start, 1, 4)"
    kind = (
        f"CASE WHEN {year} <> SUBSTR(r.ov_end, 1, 4) THEN 'span' "
        "WHEN r.ov_aggregate AND SUBSTR(r.ov_start, 5) = '-01-01' AND SUBSTR(r.ov_end, 5) = '-12-31' THEN 'whole' "
        "WHEN r.ov_aggregate THEN 'part' ELSE 'event' END"
    )
    order = "r.ov_conflict DESC, COALESCE(r.ov_high, -1) DESC, r.ov_id"
    sql = (
        f"WITH r AS MATERIALIZED ({inner}) "
        f"SELECT 'total', {year}, {kind}, COUNT(*), SUM(r.ov_conflict), "
        "SUM(CASE WHEN r.ov_high IS NULL THEN 1 ELSE 0 END), SUM(r.ov_low), SUM(r.ov_high), "
        f"MAX(r.ov_low), MAX(r.ov_high) FROM r GROUP BY {year}, {kind} "
        "UNION ALL SELECT 'mark', w.ov_period, NULL, w.ov_n, NULL, NULL, NULL, NULL, NULL, w.ov_id FROM "
        f"(SELECT r.ov_id, r.ov_period, ROW_NUMBER() OVER (PARTITION BY r.ov_period ORDER BY {order}) AS ov_rank, "
        "COUNT(*) OVER (PARTITION BY r.ov_period) AS ov_n FROM r WHERE r.ov_end >= %s AND r.ov_start <= %s) w "
        "WHERE w.ov_rank <= %s"
    )
    years: dict[int, YearTotal] = {}
    spanning = 0
    drawn: list[int] = []
    per_period: dict[str, int] = {}
    found = _rows(sql, [*params, window.start.isoformat(), window.end.isoformat(), per])
    for tag, y, k, n, conflicts, uncounted, sum_low, sum_high, max_low, max_high in found:
        if tag == "mark":
            drawn.append(int(max_high))  # the id, in the column of the largest
            per_period[str(y)] = int(n)
            continue
        if k == "span":
            spanning += int(n)
            continue
        if not str(y).isdigit():
            continue  # a start of four characters that are no year ("abcd"): in no year's total
        t = years.setdefault(int(y), YearTotal(int(y)))
        t.conflicts += int(conflicts or 0)
        t.uncounted += int(uncounted or 0)
        counted = int(n) - int(uncounted or 0)
        if k == "event":
            t.events += counted
            t.event_low += int(sum_low or 0)
            t.event_high += int(sum_high or 0)
        elif k == "whole":
            t.totals += counted
            t.given_low = max(t.given_low, int(max_low or 0))
            t.given_high = max(t.given_high, int(max_high or 0))
    return years, spanning, drawn, per_period


def _window(extents: list[Extent], first: int | None = None, last: int | None = None) -> Window:
    """The years to draw: `first` to `last` when given (at most MAX_WINDOW_YEARS), else the
    WINDOW_YEARS up to the record's latest dated year; with the record's first and last year."""
    bounds = [year for e in extents for year in (e.earliest, e.latest) if year is not None]
    earliest, latest = (min(bounds), max(bounds)) if bounds else (None, None)
    if last is None:
        last = latest if latest is not None else dt.date.today().year
    if first is None or first > last:
        first = last - WINDOW_YEARS + 1
    first = max(first, last - MAX_WINDOW_YEARS + 1, dt.MINYEAR)
    return Window(first, last, earliest, latest)


class _EachTextOnce(Evidence):
    """`evidence` for one overview, each distinct text redacted once: the ~500 sources drawn are
    documents of some twenty titles (a publication's name), which were each redacted again
    (~10 ms of an overview at 100,000 documents). Kept for one overview only, so that what it
    shows follows the protected names as they are when it is computed."""

    def __init__(self, evidence: Evidence) -> None:
        self.__dict__.update(evidence.__dict__)
        self._shown: dict[str, str] = {}

    def text(self, value: Any) -> str:
        key = "" if value is None else str(value)
        if key not in self._shown:
            self._shown[key] = super().text(key)
        return self._shown[key]


def build(evidence: Evidence, first: int | None = None, last: int | None = None) -> Overview:
    """The overview of what `evidence`'s reader may see over the years `first` to `last` (by
    default the latest years: see _window), in a fixed number of queries whatever the size of
    the record, each of a bounded size: how many of each kind of mark there are, dated or not,
    and their first and last year is one query a kind; the totals per year are one GROUP BY
    over the incidents joined to their ranges (one GROUP BY of their statements), and the same
    query picks the marks of the window: at most PER_PERIOD of each kind a month, picked by the
    database, the rest counted there and drawn as bands."""
    evidence = _EachTextOnce(evidence)
    reader = evidence.reader
    incidents = reader.fact_rows(Incident)
    extents = {
        "incident": _drawn_extent(incidents, F("date_start")),
        "letter": _drawn_extent(reader.fact_rows(Letter, same_as__isnull=True), F("date")),
        # The record's years from the statements' dates, not the days they were published.
        "statement": _drawn_extent(_statements(evidence), F("doc_date")),
    }
    window = _window(list(extents.values()), first, last)
    ranges = reader.ranged_incidents(incidents)
    years, spanning, drawn, per_period = _incidents_over(_incident_rows(ranges), window, PER_PERIOD)
    # Incidents with a sealed statement this reader may read (few: none for most readers) are
    # ranged one by one, counted in their years and all drawn.
    opened = incident_marks(evidence, ranges.sealed)
    opened_marks = [m for m in opened.values() if m is not None]
    extra, extra_spanning = year_totals(opened_marks)
    for t in extra:
        mine = years.setdefault(t.year, YearTotal(t.year))
        mine.events += t.events
        mine.totals += t.totals
        mine.conflicts += t.conflicts
        mine.uncounted += t.uncounted
        mine.event_low += t.event_low
        mine.event_high += t.event_high
        mine.given_low = max(mine.given_low, t.given_low)
        mine.given_high = max(mine.given_high, t.given_high)
    marks = [m for m in incident_marks(evidence, incidents.filter(pk__in=drawn)).values() if m is not None]
    marks += [m for m in opened_marks if m.end >= window.start and m.start <= window.end]
    bands = [Band("incident", p, n - PER_PERIOD) for p, n in sorted(per_period.items()) if n > PER_PERIOD]
    letters, letter_bands = letter_marks(evidence, window)
    statements, statement_bands = statement_marks(evidence, window)
    return Overview(
        incidents=sorted(marks, key=lambda m: (m.start, m.end, m.id)),
        letters=letters,
        years=[years[y] for y in sorted(years)],
        backlog=backlog(evidence),
        undated_incidents=extents["incident"].undated,
        undated_letters=extents["letter"].undated,
        spanning=spanning + len(extra_spanning),
        statements=statements,
        undated_statements=extents["statement"].undated,
        window=window,
        bands=bands + letter_bands + statement_bands,
        in_window={
            "incident": sum(per_period.values()) + sum(1 for m in marks if m.id not in set(drawn)),
            "letter": len(letters) + sum(b.more for b in letter_bands),
            "statement": len(statements) + sum(b.more for b in statement_bands),
        },
        totals={kind: e.total for kind, e in extents.items()},
    )


def incident_marks(evidence: Evidence, incidents: QuerySet[Incident]) -> dict[int, IncidentMark | None]:
    """The marks of `incidents` (a few: those drawn), their ranges from Reader.count_ranges and
    their first sources; None for an incident without a date to draw."""
    reader = evidence.reader
    if incidents.query.is_empty():
        return {}
    ranges = reader.count_ranges(incidents)
    sources: dict[int, list[SourceLink]] = defaultdict(list)
    titles: dict[int, str] = {}
    for inc_id, st_id, doc_id, title, filename in reader.first_statements(incidents, SOURCES_SHOWN):
        if doc_id not in titles:
            titles[doc_id] = evidence.text(title or (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
        sources[inc_id].append(SourceLink(st_id, doc_id, titles[doc_id]))
    out: dict[int, IncidentMark | None] = {}
    rows = incidents.order_by().values_list(
        "pk", "date_start", "date_end", "date_precision", "count", "count_qualifier", "aggregate"
    )
    for pk, date_start, date_end, precision, count, qualifier, aggregate in rows:
        start, end = _day(date_start or ""), _day(date_end or date_start or "", last=True)
        if start is None or end is None or end < start:
            out[pk] = None
            continue
        r = ranges.get(pk)
        counted = r is not None and r.high is not None
        out[pk] = IncidentMark(
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
    return out


def letter_marks(evidence: Evidence, window: Window) -> tuple[list[LetterMark], list[Band]]:
    """The letters of `window` this reader may see, PER_PERIOD a month with their recipients and
    number of signers, the rest as bands."""
    reader = evidence.reader
    letters = reader.fact_rows(Letter, same_as__isnull=True)
    rows = _drawn_rows(letters)
    drawn, per_period = _picked(rows, "r.ov_start, r.ov_id", window, PER_PERIOD)
    recipients: dict[int, list[str]] = defaultdict(list)
    signers: Counter[int] = Counter()
    names: dict[str, str] = {}
    parties = reader.fact_rows(LetterParty, letter__in=drawn).values_list("letter_id", "role", "name")
    for letter_id, role, name in parties.order_by("letter_id", "role", "position", "pk"):
        if role == LetterParty.Role.SENDER:
            signers[letter_id] += 1
        elif role == LetterParty.Role.RECIPIENT:
            if name not in names:
                names[name] = evidence.text(name)
            recipients[letter_id].append(names[name])
    out: list[LetterMark] = []
    for pk, date in letters.filter(pk__in=drawn).order_by().values_list("pk", "date"):
        day = _day(date or "")
        if day is None:
            continue
        to = ", ".join(recipients.get(pk, [])) or "unknown recipient"
        out.append(LetterMark(pk, date, day, f"Letter of {format_date(date)} to {to}", signers[pk]))
    bands = [Band("letter", p, n - PER_PERIOD) for p, n in sorted(per_period.items()) if n > PER_PERIOD]
    return sorted(out, key=lambda m: (m.day, m.id)), bands


def _statements(evidence: Evidence) -> QuerySet[Any]:
    """The statements (documents of that kind) this reader may see."""
    return evidence.reader.documents(doc_type=STATEMENT)


def statement_marks(evidence: Evidence, window: Window) -> tuple[list[StatementMark], list[Band]]:
    """The statements of `window` this reader may see, on their day (else the day published),
    PER_PERIOD a month with their titles as the reader may read them, the rest as bands."""
    documents = _statements(evidence).order_by()
    rows = _drawn_rows(documents)
    drawn, per_period = _picked(rows, "r.ov_start, r.ov_id", window, PER_PERIOD)
    marks = []
    for doc in documents.filter(pk__in=drawn).only("pk", "title", "doc_date", "published", "visibility"):
        day = _day(doc.doc_date or doc.published or "")
        if day is not None:
            marks.append(StatementMark(doc.pk, evidence.text(doc.title or "a statement"), day))
    bands = [Band("statement", p, n - PER_PERIOD) for p, n in sorted(per_period.items()) if n > PER_PERIOD]
    return sorted(marks, key=lambda m: (m.day, m.id)), bands


def year_totals(marks: list[IncidentMark]) -> tuple[list[YearTotal], list[IncidentMark]]:
    """Each year's total as a range (see the module's doc), and the incidents over several years,
    of incidents read one by one (those years_of cannot count in the database)."""
    years: dict[int, YearTotal] = {}
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
            total.given_low = max(total.given_low, m.low)
            total.given_high = max(total.given_high, m.high)
        elif not m.aggregate:
            total.events += 1
            total.event_low += m.low
            total.event_high += m.high
        # A total over part of a year overlaps its events: drawn, but in no sum.
    return [years[y] for y in sorted(years)], spanning


def backlog(evidence: Evidence) -> dict[str, int]:
    """How many statements this reader may see are in each review state."""
    counts = evidence.reader.review_counts()
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
    # What a band of a period stands for, listed: the incidents (letters, statements) of it.
    listed: Callable[[str, str], str] = lambda kind, period: f"/{kind}s/?from={period}&to={period}"


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
        # A mark over more than the window is cut at its edges.
        x0, x1 = x(max(m.start, first)), x(min(m.end, last) + dt.timedelta(days=1))
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
    # What is not drawn one by one: a band over its period, under the marks (at the foot of the
    # plot for incidents, in the lane for letters and statements), linking to the list of them.
    for b in ov.bands:
        bx0, bx1 = x(max(b.start, first)), x(min(b.end, last) + dt.timedelta(days=1))
        by = TOP + PLOT - 8 if b.kind == "incident" else round(lane + 8, 1)
        marks.append(
            f'<a href="{escape(links.listed(b.kind, b.period))}" class="mark band {b.kind}-band" '
            f'data-period="{escape(b.period)}" data-more="{b.more}"><title>{escape(b.label)}</title>'
            f'<rect x="{bx0}" y="{by}" width="{round(max(bx1 - bx0 - 1, 2.0), 1)}" height="6" '
            f'fill="{COLORS[b.kind if b.kind != "incident" else "event"]}" fill-opacity="0.3"/></a>'
        )
    # A diamond on the letters' lane for each statement: advocacy on a day, like a letter. Written
    # as the marks are (format_html cost ~6 ms for the ~180 of a window), drawn where they were.
    diamonds = [
        f'<a href="{escape(links.document(m.id))}" class="mark statement" data-id="{m.id}" '
        f'data-date="{m.day.isoformat()}"><title>{escape(m.label)}</title>'
        f'<path d="M{x(m.day) + 1} {round(lane - 6, 1)} l6 6 l-6 6 l-6 -6 z" fill="{escape(COLORS["statement"])}"/></a>'
        for m in ov.statements
    ]
    parts.append(mark_safe("".join(diamonds)))  # every value above is escaped or a number
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
        "count its sources give (red outline: sources disagree), at most {} a month (the rest as "
        "bands that link to their list); {} letter{} as triangles, {} statement{} as diamonds. The "
        "tables beside the chart hold the same data.</desc>{}</svg>",
        WIDTH,
        height,
        title,
        ov.in_window["incident"],
        "" if ov.in_window["incident"] == 1 else "s",
        format_date(first.isoformat()),
        format_date(last.isoformat()),
        PER_PERIOD,
        ov.in_window["letter"],
        "" if ov.in_window["letter"] == 1 else "s",
        ov.in_window["statement"],
        "" if ov.in_window["statement"] == 1 else "s",
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


def _band_row(b: Band, links: Links, cells: int) -> tuple[dt.date, int, str]:
    """A table's row for a band: its period, and how many it holds linked to their list."""
    href = escape(links.listed(b.kind, b.period))
    return (
        b.start,
        0,
        f'<tr class="band" data-period="{escape(b.period)}" data-more="{b.more}"><td>{escape(b.when)}</td>'
        f'<td colspan="{cells - 1}"><a href="{href}">{escape(b.label)}</a></td></tr>',
    )


def incident_rows(ov: Overview, links: Links) -> SafeString:
    """The rows of the table beside the timeline: one an incident drawn, with its first sources,
    and one a band of those that are not (how many, linked to their list), in date order."""
    out = [_band_row(b, links, 4) for b in ov.banded("incident")]
    for m in ov.incidents:
        href = escape(links.incident(m.id))
        sources = "; ".join(f'<a href="{escape(c.path)}">{escape(c.title)}</a>' for c in m.sources)
        if m.more:
            sources += f'{"; " if sources else ""}<a href="{href}">{m.more} more</a>'
        badge = ' <span class="badge conflict">sources disagree</span>' if m.conflict else ""
        out.append(
            (
                m.start,
                1,
                f'<tr data-id="{m.id}"><td><a href="{href}">{escape(m.when)}</a></td>'
                f'<td class="num">{escape(m.count_text)}{badge}</td>'
                f"<td>{'total over a period' if m.aggregate else 'event'}</td><td>{sources}</td></tr>",
            )
        )
    return _in_order(out)


def _in_order(rows: list[tuple[Any, ...]]) -> SafeString:
    """A table's rows, each (day, rank, html) with its html escaped, in order of day then rank."""
    return mark_safe("\n".join(row for *_, row in sorted(rows, key=lambda r: r[:2])))  # all escaped


def letter_rows(ov: Overview, links: Links) -> SafeString:
    """The rows of the table of letters: date, letter (linked), number of signers; and the bands."""
    out = [_band_row(b, links, 3) for b in ov.banded("letter")]
    out += [
        (
            m.day,
            1,
            f'<tr data-id="{m.id}"><td>{escape(m.when)}</td><td><a href="{escape(links.letter(m.id))}">'
            f'{escape(m.title)}</a></td><td class="num">{m.signers}</td></tr>',
        )
        for m in ov.letters
    ]
    return _in_order(out)


def statement_rows(ov: Overview, links: Links) -> SafeString:
    """The rows of the table of statements: date, statement (linked to its document); the bands."""
    out = [_band_row(b, links, 2) for b in ov.banded("statement")]
    out += [
        (
            m.day,
            1,
            f'<tr data-id="{m.id}"><td>{escape(format_date(m.day.isoformat()))}</td>'
            f'<td><a href="{escape(links.document(m.id))}">{escape(m.title)}</a></td></tr>',
        )
        for m in ov.statements
    ]
    return _in_order(out)
