"""The overview (home page): its marks checked against the store, and visibility respected."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.db.models import F
from django.urls import reverse

from refwatch.knowledge import store
from refwatch.knowledge.drawn import drawn_days
from refwatch.knowledge.models import Incident, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.review import review
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence

pytestmark = pytest.mark.django_db

CONFLICTING = """Press release, 2 March 2025

According to Human Rights Watch, Chinese authorities forcibly repatriated 500 North Korean refugees on October 9, 2023.
"""

CONFIDENTIAL = """Field note, 3 May 2022

Chinese police forcibly repatriated 37 North Korean refugees from Dandong on June 14, 2022.
"""


class Marks(HTMLParser):
    """The <a class="mark …"> elements of the SVG charts, with their attributes and <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str]] = []
        self._in: dict[str, str] | None = None
        self._title = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "mark" in a.get("class", "").split():
            self._in = a
            self.marks.append(a)
        elif tag == "title" and self._in is not None:
            self._title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._title = False
        elif tag == "a":
            self._in = None

    def handle_data(self, data):
        if self._title and self._in is not None:
            self._in["title"] = self._in.get("title", "") + data


def marks(html: str, kind: str) -> list[dict[str, str]]:
    parser = Marks()
    parser.feed(html)
    return [m for m in parser.marks if kind in m["class"].split()]


def add_text(tmp_path, name: str, text: str, **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return store.add_path(path, **kw)


def last_day(iso: str) -> str:
    return overview._day(iso, last=True).isoformat()


@pytest.fixture
def record(seed_letters, tmp_path):
    add_text(tmp_path, "hrw.txt", CONFLICTING, visibility="public")
    add_text(tmp_path, "note.txt", CONFIDENTIAL, visibility="confidential")
    return seed_letters


def test_the_incident_marks_are_the_store_s_incidents_with_their_ranges(viewer_client, viewer, record):
    html = viewer_client.get("/").content.decode()
    drawn = {int(m["data-id"]): m for m in marks(html, "incident")}
    reader = Reader.for_user(viewer)
    incidents = [i for i in reader.incidents() if i.date_start]
    assert incidents and set(drawn) == {i.pk for i in incidents}
    conflicted = 0
    for inc in incidents:
        m = drawn[inc.pk]
        counts = [s.values() for s in reader.statements_for(inc) if s.values().get("count") is not None]
        lows = [v.get("count_min") or v["count"] for v in counts]
        highs = [v["count"] for v in counts]
        assert m["data-start"] == inc.date_start
        assert m["data-end"] == last_day(inc.date_end or inc.date_start)
        assert (int(m["data-low"]), int(m["data-high"])) == (min(lows), max(highs))
        assert m["href"] == reverse("web:incident", args=[inc.pk])
        assert ("conflict" in m["class"].split()) == bool(inc.conflicts())
        conflicted += bool(inc.conflicts())
        assert m["title"]  # every mark says what it is
    # 600 (CECC, twice) against 500 (HRW) on 9 October 2023: one incident, drawn from 500 to 600.
    assert conflicted == 1
    oct9 = next(m for m in drawn.values() if m["data-start"] == "2023-10-09")
    assert (oct9["data-low"], oct9["data-high"]) == ("500", "600") and "sources disagree" in oct9["title"]


def test_letters_are_markers_linking_to_their_letter(viewer_client, viewer, record):
    html = viewer_client.get("/").content.decode()
    drawn = {int(m["data-id"]): m for m in marks(html, "letter")}
    letters = [x for x in Reader.for_user(viewer).letters() if x.date]
    assert set(drawn) == {x.pk for x in letters} and len(letters) >= 2
    for x in letters:
        assert drawn[x.pk]["data-date"] == overview._day(x.date).isoformat()
        assert drawn[x.pk]["href"] == reverse("web:letter", args=[x.pk])


def test_year_totals_are_ranges_never_sums_of_conflicting_figures(viewer_client, record):
    html = viewer_client.get("/").content.decode()
    years = {m["data-year"]: m for m in marks(html, "year")}
    # 2023: one event, 500 or 600 by its sources: the range 500–600, not 1,100.
    assert (years["2023"]["data-low"], years["2023"]["data-high"]) == ("500", "600")
    assert years["2023"]["href"] == reverse("web:incidents") + "?from=2023&to=2023"
    table = re.search(r'<table class="data" id="years-table">.*?</table>', html, re.S).group(0)
    assert "500–600" in table and "1,100" not in table


def test_year_total_takes_the_larger_of_events_and_a_total_given_for_the_year():
    def mark(start, end, low, high, aggregate=False, conflict=False):
        return overview.IncidentMark(
            id=0,
            date_start=start,
            date_end=end,
            precision="",
            start=overview._day(start),
            end=overview._day(end, last=True),
            low=low,
            high=high,
            best=high,
            qualifier="",
            aggregate=aggregate,
            conflict=conflict,
        )

    years, spanning = overview.year_totals(
        [
            mark("2024-04", "2024-04", 200, 200),
            mark("2024-06-01", "2024-06-01", 50, 60, conflict=True),
            mark("2024", "2024", 300, 400, aggregate=True),  # a source's total for the year
            mark("2024-01", "2024-06", 900, 900, aggregate=True),  # part of the year: in no sum
            mark("2023-11", "2024-02", 10, 10),  # over two years
        ]
    )
    [y2024] = years
    assert (y2024.low, y2024.high, y2024.events, y2024.totals, y2024.conflicts) == (300, 400, 2, 1, 1)
    assert len(spanning) == 1


def test_the_backlog_counts_the_review_states_the_reader_may_see(analyst_client, analyst, record):
    st = Statement.objects.filter(document__visibility="public", kind="repatriation").first()
    st.review = Review.ACCEPTED
    st.save(update_fields=["review"])
    html = analyst_client.get("/").content.decode()
    visible = Reader.for_user(analyst).statements()
    for state in Review:
        n = visible.filter(review=state).count()
        assert re.search(rf'data-state="{state.value}">.*?<strong>{n}</strong>', html), state
    assert visible.count() < Statement.objects.count()  # the confidential note's are not counted


def test_a_viewer_never_sees_a_confidential_incident_on_the_overview(
    viewer_client, protection_officer, record
):
    secret = Incident.objects.get(date_start="2022-06-14")
    viewer_html = viewer_client.get("/").content.decode()
    assert secret.pk not in {int(m["data-id"]) for m in marks(viewer_html, "incident")}
    assert "2022" not in {m["data-year"] for m in marks(viewer_html, "year")}
    assert "Dandong" not in viewer_html and "Field note" not in viewer_html
    ov = overview.build(Evidence(Reader.for_user(protection_officer)))
    drawn = {m.id: m for m in ov.incidents}
    # Its count is read from the sealed record of the confidential note, for whom may read it.
    assert secret.pk in drawn and (drawn[secret.pk].low, drawn[secret.pk].high) == (37, 37)


def test_an_empty_store_draws_nothing(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert "Nothing dated to draw yet" in html and "<svg" not in html


def test_dates_as_days():
    assert overview._day("2024") == dt.date(2024, 1, 1)
    assert overview._day("2024", last=True) == dt.date(2024, 12, 31)
    assert overview._day("2024-02", last=True) == dt.date(2024, 2, 29)
    assert overview._day("2024-13") is None and overview._day("") is None


def test_an_analyst_s_correction_of_a_count_is_what_the_mark_draws(viewer_client, record):
    st = Statement.objects.filter(document__visibility="public", kind="repatriation").first()
    # Through the review (the code that keeps each incident's summary of counts true).
    review(st, Review.EDITED, corrections={"count": 700, "count_min": 650})
    st.refresh_from_db()
    html = viewer_client.get("/").content.decode()
    drawn = {int(m["data-id"]): m for m in marks(html, "incident")}
    mark = drawn[st.incident_id]
    assert int(mark["data-high"]) == 700 and int(mark["data-low"]) <= 650
    assert "conflict" in mark["class"].split()  # 700 against the others' 500 and 600


STATEMENT = """UN experts: China must not send North Korean escapees back

GENEVA (17 October 2023) – UN experts today urged China to stop the forcible return of North Korean escapees.
"""


def test_statements_are_markers_linking_to_their_document(
    viewer_client, protection_officer, record, tmp_path
):
    from refwatch.knowledge.models import Document

    said = add_text(tmp_path, "un.txt", STATEMENT, visibility="public").document
    secret = add_text(
        tmp_path, "ngo.txt", STATEMENT.replace("UN experts", "An NGO"), visibility="confidential"
    )
    Document.objects.filter(pk__in=[said.pk, secret.document.pk]).update(
        doc_type="statement", doc_date="2023-10-17"
    )
    html = viewer_client.get("/").content.decode()
    drawn = {int(m["data-id"]): m for m in marks(html, "statement")}
    # The confidential one is neither drawn nor in the table for a viewer.
    assert set(drawn) == {said.pk}
    assert drawn[said.pk]["href"] == reverse("web:document", args=[said.pk])
    assert drawn[said.pk]["data-date"] == "2023-10-17" and "17 Oct 2023" in drawn[said.pk]["title"]
    table = re.search(r'<table class="data" id="statements-table">.*?</table>', html, re.S).group(0)
    assert f'data-id="{said.pk}"' in table and "An NGO" not in html
    ov = overview.build(Evidence(Reader.for_user(protection_officer)))
    assert {m.id for m in ov.statements} == {said.pk, secret.document.pk}


@pytest.fixture
def officer_client(protection_officer):
    from django.test import Client

    client = Client()
    client.force_login(protection_officer)
    return client


def returns_in(month: str, year: int, counts: list[int]) -> str:
    """A field note telling of one return on each of several days of a month."""
    lines = [
        f"Chinese police forcibly repatriated {n} North Korean refugees from Dandong on {month} {3 + 4 * i}, {year}."
        for i, n in enumerate(counts)
    ]
    return f"Field note, 1 December {year}\n\n" + "\n\n".join(lines) + "\n"


def test_a_month_with_more_incidents_than_are_drawn_is_a_band_that_links_to_its_list(
    viewer_client, officer_client, tmp_path, record
):
    add_text(tmp_path, "march.txt", returns_in("March", 2019, [10, 50, 20, 40, 30]), visibility="public")
    add_text(tmp_path, "secret.txt", returns_in("May", 2019, [11, 12, 13, 14, 15]), visibility="confidential")
    html = viewer_client.get("/?from=2019&to=2019").content.decode()
    drawn = marks(html, "incident")
    march = [m for m in drawn if m["data-start"].startswith("2019-03")]
    # The largest three of the month, one by one; the two others as a band over the month.
    assert sorted(int(m["data-high"]) for m in march) == [30, 40, 50]
    assert len(march) == overview.PER_PERIOD
    [band] = [b for b in marks(html, "band") if b["data-period"] == "2019-03"]
    assert band["data-more"] == "2" and "2 more incidents" in band["title"]
    assert band["href"] == "/incidents/?from=2019-03&to=2019-03"
    listed = viewer_client.get(band["href"]).content.decode()
    assert all(f">{n}<" in listed or f" {n} " in listed for n in (10, 20))
    table = re.search(r'<table class="data" id="timeline-table">.*?</table>', html, re.S).group(0)
    assert 'data-period="2019-03" data-more="2"' in table
    # What confidential documents say is neither drawn nor banded nor counted for a viewer...
    assert not [m for m in drawn if m["data-start"].startswith("2019-05")]
    assert "2019-05" not in {b["data-period"] for b in marks(html, "band")}
    viewer_years = {m["data-year"]: m for m in marks(html, "year")}
    assert viewer_years["2019"]["data-low"] == str(10 + 50 + 20 + 40 + 30)
    # ...and all of it is for whom may read them (sealed: ranged one by one, all drawn).
    officer = officer_client.get("/?from=2019&to=2019").content.decode()
    may = [m for m in marks(officer, "incident") if m["data-start"].startswith("2019-05")]
    assert sorted(int(m["data-high"]) for m in may) == [11, 12, 13, 14, 15]
    officer_years = {m["data-year"]: m for m in marks(officer, "year")}
    assert officer_years["2019"]["data-low"] == str(150 + 11 + 12 + 13 + 14 + 15)


def test_the_window_of_years_comes_from_the_url(viewer_client, record):
    html = viewer_client.get("/?from=2023&to=2023").content.decode()
    drawn = marks(html, "incident")
    assert drawn and all(m["data-start"] <= "2023-12-31" and m["data-end"] >= "2023-01-01" for m in drawn)
    assert "Over time, 2023–2023" in html
    everything = marks(viewer_client.get("/?from=2000&to=2029").content.decode(), "incident")
    assert len(everything) > len(drawn)
    # Bad input: a clear note, and the default window.
    bad = viewer_client.get("/?from=abc&to=2023").content.decode()
    assert "“abc” is not a year" in bad and "Over time, 2019–2023" in bad
    backwards = viewer_client.get("/?from=2024&to=2020").content.decode()
    assert "2024 is after 2020" in backwards
    wide = viewer_client.get("/?from=1900&to=2023").content.decode()
    assert f"at most {overview.MAX_WINDOW_YEARS} years" in wide


def test_the_window_steps_to_the_years_before_and_after(viewer_client, officer_client, record):
    html = viewer_client.get("/?from=2024&to=2024").content.decode()
    earlier = re.search(r'<a rel="prev" href="([^"]+)"', html)
    later = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert earlier and earlier.group(1).replace("&amp;", "&") == "?from=2023&to=2023"
    assert later and later.group(1).replace("&amp;", "&") == "?from=2025&to=2025"
    # The viewer's record starts in 2023: the confidential return of 2022 opens no window before.
    oldest = viewer_client.get("/?from=2023&to=2023").content.decode()
    assert 'rel="prev"' not in oldest
    assert 'rel="prev"' in officer_client.get("/?from=2023&to=2023").content.decode()


@pytest.mark.parametrize("who", ["viewer", "protection_officer"])
def test_the_totals_per_year_the_database_gives_are_those_of_the_incidents_one_by_one(
    who, request, tmp_path, record
):
    add_text(tmp_path, "march.txt", returns_in("March", 2019, [10, 50, 20, 40, 30]), visibility="public")
    add_text(tmp_path, "secret.txt", returns_in("May", 2019, [11, 12]), visibility="confidential")
    add_text(tmp_path, "hrw2.txt", CONFLICTING.replace("500", "450"), visibility="internal")
    reader = Reader.for_user(request.getfixturevalue(who))
    evidence = Evidence(reader)
    ov = overview.build(evidence)
    one_by_one = [m for m in overview.incident_marks(evidence, reader.fact_rows(Incident)).values() if m]
    expected, spanning = overview.year_totals(one_by_one)

    def seen(years):
        return [(t.year, t.low, t.high, t.events, t.totals, t.conflicts, t.uncounted) for t in years]

    assert seen(ov.years) == seen(expected) and ov.spanning == len(spanning)
    assert any(t.conflicts for t in ov.years)


# Dates as sources write them, well formed or not: (start, end) of an incident.
ODD_DATES = [
    ("2024", None), ("2024", ""), ("2024", "2024"), ("2024-02", None), ("2024-02-30", None),
    ("2024-02-03", "2024-02-05"), ("2024-05", "2024-04"), ("2024-05-02", "2024-05-01"),
    ("2023", "2024-06"), ("2024-13", None), ("abcd", None), ("20245", None), ("2024-1", None),
    ("2024-02-03", "2024-1"), ("", None), (None, None), ("2024-02-3T", None), ("2024", "2023-12"),
    ("2024-ab", None), ("2024", "abcd"),
]  # fmt: skip


def _iso_shaped(date: str) -> bool:
    """A year, a month or a day written with digits ("2024", "2024-05", "2024-05-02")."""
    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date, flags=re.ASCII) is not None


def _drawable(start: str | None, end: str | None) -> tuple[str, str] | None:
    """The first and last day the overview reads in a start and an end (None: no date to draw):
    each a year, a month or a day long, the end (else the start again) not before the start."""
    until = end or start
    if start is None or until is None or not _iso_shaped(start) or not _iso_shaped(until):
        return None
    first = (start + "-01-01")[:10]
    last = {4: until + "-12-31", 7: until + "-31"}.get(len(until), until[:10])
    return (first, last) if last >= first else None


def test_the_dates_the_database_reads_are_those_of_the_rule_for_odd_dates_too(viewer):
    made = [
        Incident.objects.create(date_start=start, date_end=end, count=5, visibility="internal")
        for start, end in ODD_DATES
    ]
    reader = Reader.for_user(viewer)
    rows = overview._rows(*overview._drawn_rows(reader.fact_rows(Incident)))
    read = {pk: (first, last) for pk, _period, first, last in rows}
    expected = {i.pk: _drawable(i.date_start, i.date_end) for i in made}
    assert read == {pk: days for pk, days in expected.items() if days is not None}
    extent = overview._drawn_extent(reader.fact_rows(Incident), F("date_start"))
    assert (extent.total, extent.undated) == (len(made), sum(days is None for days in expected.values()))
    # A single date (a letter's, a statement's) is read by the same rule.
    for i in made:
        days = _drawable(i.date_start, None)
        assert drawn_days(i.date_start) == (None if days is None else (*days, i.date_start[:7]))


def test_a_start_of_four_characters_that_are_no_year_is_in_no_year_s_total_and_the_page_stands(viewer_client):
    Incident.objects.create(date_start="2024-05-02", count=7, visibility="internal")
    Incident.objects.create(date_start="abcd", count=5, visibility="internal")
    response = viewer_client.get("/")
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


def test_a_start_of_four_characters_that_are_no_year_is_undated_in_the_database_too(viewer):
    """The database's rule of dates (refwatch.knowledge.drawn) reads "abcd" as no date, as _day()
    does: the incident is counted among the undated ones, which the page says are not drawn."""
    Incident.objects.create(date_start="2024-05-02", count=7, visibility="internal")
    odd = Incident.objects.create(date_start="abcd", count=5, visibility="internal")
    Incident.objects.create(date_start="2024-ab", count=3, visibility="internal")
    reader = Reader.for_user(viewer)
    rows = overview._rows(*overview._drawn_rows(reader.fact_rows(Incident)))
    assert odd.pk not in {pk for pk, *_ in rows}
    assert len(rows) == 1
    ov = overview.build(Evidence(reader))
    assert ov.undated_incidents == 2
