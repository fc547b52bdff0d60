"""The filters of the incident list, described once (`INCIDENTS`), with what each keeps of the
incidents and of the figures.

The incident list, the map (its circles, and its squares wherever a filter means something for
figures), the figure list (`FIGURES`: the filters that do), the form each page shows, the links
from one page to the other and the export of a list all read this description: a filtered list
and a filtered map are one selection, named by one URL that either page opens. A value that
makes no sense is said on the page and left out, never an error (refwatch.web.filters reads it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import urlencode

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest

from refwatch.knowledge.models import Figure, Incident
from refwatch.knowledge.queries import Reader
from refwatch.web.filters import (
    Filtered,
    last_day,
    place_choices,
    read_choice,
    read_date,
    read_number,
    read_place,
    read_sort,
    read_text,
    read_year,
    shown_to,
    user_of,
)

R = TypeVar("R", Incident, Figure)
Widget = Literal["year", "date", "count", "place", "text", "choice"]
AGREEMENT = {"conflict": "sources disagree", "corroborated": "corroborated", "single": "one source"}
INCIDENT_SORTS = ("date", "-date", "count", "-count")
FIGURE_SORTS = ("-quantity", "quantity", "-date", "date")


@dataclass(frozen=True)
class Input:
    """One field of a filter in the form, named as in the URL."""

    key: str
    label: str
    widget: Widget
    hint: str = ""


@dataclass(frozen=True)
class Keeps(Generic[R]):
    """What a filter keeps of one kind of record: by the database (`narrow`), or row by row where
    the database cannot decide it for this reader (`keep`: a name as the reader may read it, the
    agreement of the sources a reader sees), after the database has done its part."""

    narrow: Callable[[Reader, QuerySet[R], Any], QuerySet[R]] | None = None
    keep: Callable[[Reader, Any], Callable[[R], bool]] | None = None


@dataclass(frozen=True)
class Filter:
    """A filter of the incident list: its fields, how its value is read from the URL (None when
    not chosen or left out), and what it keeps of incidents and of figures (None: it says
    nothing of figures, which count other things than people returned)."""

    key: str
    says: str  # what it filters by, in a sentence: "the count returned"
    inputs: tuple[Input, ...]
    read: Callable[[HttpRequest, Filtered], Any]
    incidents: Keeps[Incident]
    figures: Keeps[Figure] | None = None
    choices: Mapping[str, str] = field(default_factory=dict)


# --- the period: a year, or from and to, or both (their overlap) ----------------------------------


@dataclass(frozen=True)
class Period:
    start: str | None  # ISO, as precise as given: "2024", "2024-05", "2024-05-03"
    end: str | None


def _period(request: HttpRequest, out: Filtered) -> Period | None:
    year = read_year(request, out)
    start = read_date(request, "from", "the start date", out)
    end = read_date(request, "to", "the end date", out)
    # A later start is the more precise ("2024-05" within "2024"); an end by its last day.
    starts = [d for d in (year, start) if d]
    ends = [d for d in (year, end) if d]
    if not starts and not ends:
        return None
    return Period(max(starts, default=None), min(ends, key=last_day, default=None))


def _incidents_within(reader: Reader, qs: QuerySet[Incident], p: Period) -> QuerySet[Incident]:
    # An incident of uncertain date is kept when it may have happened in the period.
    if p.start:
        qs = qs.filter(Q(date_end__gte=p.start) | Q(date_end__isnull=True, date_start__gte=p.start))
    if p.end:
        qs = qs.filter(date_start__lte=last_day(p.end))
    return qs


def _figures_within(reader: Reader, qs: QuerySet[Figure], p: Period) -> QuerySet[Figure]:
    # A figure has no date of its own: the documents that say it do.
    return qs.filter(pk__in=reader.figures_said_within(p.start, p.end))


# --- counts, places, sources, agreement -------------------------------------------------------------


def _counts(request: HttpRequest, out: Filtered) -> tuple[int | None, int | None] | None:
    low = read_number(request, "min", "the smallest count", out)
    high = read_number(request, "max", "the largest count", out)
    return None if low is None and high is None else (low, high)


def _counted(
    reader: Reader, qs: QuerySet[Incident], bounds: tuple[int | None, int | None]
) -> QuerySet[Incident]:
    low, high = bounds
    if low is not None:
        qs = qs.filter(count__gte=low)
    if high is not None:
        qs = qs.filter(count__lte=high)
    return qs


def _at(reader: Reader, qs: QuerySet[R], place: str) -> QuerySet[R]:
    # Through the Reader: a place read only in a confidential document is no filter for whom may
    # not see it (Reader.place_visibilities).
    return reader.at_place(qs, place)


def _source(request: HttpRequest, out: Filtered) -> str | None:
    out.values["source"] = read_text(request, "source")
    return out.values["source"] or None


def _titled(reader: Reader, words: str) -> list[int]:
    """The documents this reader may see whose title, as they may read it, holds `words` (titles
    are sealed in a confidential document: read, not queried; a protected name in a title matches
    only by its pseudonym for whom may not see it)."""
    folded = words.casefold()
    user = user_of(reader)
    return [
        d.pk
        for d in reader.documents().only("pk", "title", "visibility")
        if folded in shown_to(d.title or "", user, reader).casefold()
    ]


def _incidents_said_by(reader: Reader, qs: QuerySet[Incident], source: str) -> QuerySet[Incident]:
    titled = set(_titled(reader, source))
    said = reader.live_statements(incident__isnull=False).filter(
        Q(record__attributed_to__icontains=source) | Q(document__in=titled)
    )
    # The database holds an attribution as it was written, a name protected since then in clear:
    # matched there, a name would select its incidents for a reader who sees only its pseudonym
    # (an oracle of who said what). The database narrows; the words as the reader reads them decide.
    user, folded = user_of(reader), source.casefold()
    return qs.filter(
        pk__in=[
            st.incident_id
            for st in said
            if st.document_id in titled
            or folded in shown_to((st.record or {}).get("attributed_to") or "", user, reader).casefold()
        ]
    )


def _figures_said_by(reader: Reader, source: str) -> Callable[[Figure], bool]:
    # Attributions and titles can name a protected person: matched as the reader reads them.
    user, folded = user_of(reader), source.casefold()
    titled = set(_titled(reader, source))

    def said_by(fig: Figure) -> bool:
        return folded in shown_to(fig.attributed_to or "", user, reader).casefold() or any(
            st.document_id in titled for st in reader.statements_for(fig)
        )

    return said_by


def _agreement(request: HttpRequest, out: Filtered) -> str | None:
    return read_choice(request, "agreement", AGREEMENT, "kind of agreement", out)


def agreement_of(incident: Incident) -> str:
    if incident.conflicts():
        return "conflict"
    return "corroborated" if incident.source_count() > 1 else "single"


def _agreeing(reader: Reader, agreement: str) -> Callable[[Incident], bool]:
    return lambda incident: agreement_of(incident) == agreement


# --- the description ----------------------------------------------------------------------------

PERIOD = Filter(
    "period",
    "the period",
    (
        Input("year", "Year", "year", "YYYY"),
        Input("from", "From", "date", "YYYY[-MM[-DD]]"),
        Input("to", "To", "date", "YYYY[-MM[-DD]]"),
    ),
    _period,
    incidents=Keeps(narrow=_incidents_within),
    figures=Keeps(narrow=_figures_within),
)
COUNT = Filter(
    "count",
    "the count returned",
    (Input("min", "Returned at least", "count"), Input("max", "at most", "count")),
    _counts,
    incidents=Keeps(narrow=_counted),
)
PLACE = Filter(
    "place",
    "the place",
    (Input("place", "Place", "place"),),
    read_place,
    incidents=Keeps(narrow=_at),
    figures=Keeps(narrow=_at),
)
SOURCE = Filter(
    "source",
    "the source",
    (Input("source", "Source", "text", "e.g. CECC, UNHCR"),),
    _source,
    incidents=Keeps(narrow=_incidents_said_by),
    figures=Keeps(keep=_figures_said_by),
)
AGREEMENT_OF_SOURCES = Filter(
    "agreement",
    "the agreement of sources",
    (Input("agreement", "Agreement", "choice"),),
    _agreement,
    incidents=Keeps(keep=_agreeing),
    choices=AGREEMENT,
)

# The incident list's filters, in the order of its form; the map has the same.
INCIDENTS: tuple[Filter, ...] = (PERIOD, COUNT, PLACE, SOURCE, AGREEMENT_OF_SOURCES)
# Those that mean something for figures: the figure list's.
FIGURES: tuple[Filter, ...] = tuple(f for f in INCIDENTS if f.figures is not None)


# --- reading and keeping --------------------------------------------------------------------------


def read(request: HttpRequest, filters: Iterable[Filter], out: Filtered) -> None:
    """The chosen value of each filter into `out.chosen`, the form's values into `out.values`."""
    for f in filters:
        value = f.read(request, out)
        if value is not None:
            out.chosen[f.key] = value


def kept(
    reader: Reader, filters: Iterable[Filter], chosen: Mapping[str, Any], rows: QuerySet[R], kind: str
) -> QuerySet[R] | list[R]:
    """`rows` (incidents or figures, `kind`) that the chosen filters keep, in their order: the
    database's part first, then row by row (a list) when some filter must look at each row."""
    meanings = [
        (keeps, chosen[f.key])
        for f in filters
        if f.key in chosen and (keeps := f.incidents if kind == "incidents" else f.figures) is not None
    ]
    for keeps, value in meanings:
        if keeps.narrow is not None:
            rows = keeps.narrow(reader, rows, value)
    tests = [keeps.keep(reader, value) for keeps, value in meanings if keeps.keep is not None]
    if not tests:
        return rows
    return [r for r in rows if all(test(r) for test in tests)]


def incidents(request: HttpRequest, reader: Reader, *, evidence: bool = True) -> Filtered:
    """The incident list: the filters of `INCIDENTS`, sorted by date or by count. `evidence=False`:
    each incident with what a row of the list shows of its statements (Reader.facts)."""
    out = Filtered(reader.incidents(texts=False, evidence=evidence))
    read(request, INCIDENTS, out)
    sort = read_sort(request, INCIDENT_SORTS, out)
    assert isinstance(out.rows, QuerySet)
    by = "count" if sort.endswith("count") else "date_start"
    order = F(by).desc(nulls_last=True) if sort.startswith("-") else F(by).asc(nulls_last=True)
    out.rows = kept(reader, INCIDENTS, out.chosen, out.rows.order_by(order, "pk"), "incidents")
    return out


def figures(request: HttpRequest, reader: Reader) -> Filtered:
    """The figure list: the filters of `FIGURES`, sorted by quantity or by the date it was first
    said (`said_on`, refwatch.knowledge.queries.Reader.figure_list)."""
    out = Filtered(reader.figure_list())
    read(request, FIGURES, out)
    sort = read_sort(request, FIGURE_SORTS, out)
    assert isinstance(out.rows, QuerySet)
    by = "quantity" if sort.endswith("quantity") else "said_on"
    order = F(by).desc(nulls_last=True) if sort.startswith("-") else F(by).asc(nulls_last=True)
    out.rows = kept(reader, FIGURES, out.chosen, out.rows.order_by(order, "pk"), "figures")
    return out


def figures_beside(reader: Reader, listed: Filtered) -> QuerySet[Figure] | list[Figure]:
    """The figures the map draws beside the incidents `listed` (an `incidents()`): those the same
    filters keep, each as it means for figures; the others leave them all (see `unsaid`)."""
    # Without their documents' text: a map shows none of it.
    return kept(reader, INCIDENTS, listed.chosen, reader.figures(texts=False), "figures")


def unsaid(listed: Filtered) -> list[str]:
    """What the chosen filters of the incidents say nothing of for figures ("the count returned")."""
    return [f.says for f in INCIDENTS if f.key in listed.chosen and f.figures is None]


def query(listed: Filtered, filters: Iterable[Filter], **more: str) -> str:
    """The URL query of the values of `filters` chosen in `listed` (another page's same
    selection), with `more` (a place) over them."""
    keys = [i.key for f in filters for i in f.inputs]
    values = {k: listed.values.get(k, "") for k in keys} | more
    return urlencode({k: v for k, v in values.items() if v})


def form(filters: Iterable[Filter], listed: Filtered) -> list[dict[str, Any]]:
    """The fields of the form of `filters`, each with the value `listed` shows again and the
    options of its menu."""
    return [
        {
            "key": i.key,
            "label": i.label,
            "widget": i.widget,
            "hint": i.hint,
            "value": listed.values.get(i.key, ""),
            "groups": place_choices() if i.widget == "place" else [],
            "options": list(f.choices.items()),
        }
        for f in filters
        for i in f.inputs
    ]
