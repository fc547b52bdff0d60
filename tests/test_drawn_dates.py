"""The days each incident's dates can be drawn over, kept by the database (Incident.drawn_start,
drawn_end, drawn_period: refwatch.knowledge.drawn), are those the overview's rule reads in its
dates, for every kind of date and after every way its dates are written: an ingest, a review
that corrects them, an analyst's addition, a reading again, and writes the ORM never sees. And
the overview read from them is the one computed from the dates at every reading, for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from refwatch.extract import extract
from refwatch.knowledge import additions, reextract, store
from refwatch.knowledge.drawn import dates_sql
from refwatch.knowledge.models import Incident, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.review import review
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence
from tests.test_overview import ODD_DATES, _drawable

pytestmark = pytest.mark.django_db

# Each kind of date an incident is stored with: a day, a month, a year, ranges of each, a period
# that runs on (no end), and none.
KINDS = [
    ("2023-10-09", "2023-10-09"), ("2023-10-09", None), ("2024-04", None), ("2024-04", "2024-04"),
    ("2022", None), ("2022", "2022"), ("2023-10-01", "2023-10-31"), ("2019", "2023"),
    ("2024-02", "2024-05"), ("2021-06-30", "2022-01"), ("2020-01-01", ""), (None, None), ("", ""),
]  # fmt: skip

NEWS = """News, 2 March 2025

Chinese authorities forcibly repatriated 500 North Korean refugees on October 9, 2023, according to Human Rights Watch.

China sent back 200 North Korean defectors through Dandong in April 2024, Daily NK reported.

In 2022, China forcibly returned at least 80 North Koreans, activists estimated.

Between March and May 2021, Chinese police handed over 45 North Korean women to North Korean authorities.
"""


def _expected(start: str | None, end: str | None) -> tuple[str, str, str] | None:
    """What the overview's rule reads in these dates: first day, last day, month (or year)."""
    days = _drawable(start, end)
    return None if days is None or start is None else (*days, start[:7])


def _kept(incidents: QuerySet[Incident] | None = None) -> dict[int, tuple[str, str, str] | None]:
    rows = (incidents or Incident.objects.all()).values_list("pk", "drawn_start", "drawn_end", "drawn_period")
    return {pk: None if first is None else (first, last, period) for pk, first, last, period in rows}


def assert_kept_true() -> None:
    """Every incident stored keeps what the rule reads in its dates as they are now."""
    dates = Incident.objects.values_list("pk", "date_start", "date_end")
    assert _kept() == {pk: _expected(start, end) for pk, start, end in dates}


def test_every_kind_of_date_is_kept_drawn_as_the_rule_reads_it():
    made = [Incident.objects.create(date_start=s, date_end=e, count=5) for s, e in KINDS + ODD_DATES]
    assert_kept_true()
    kept = _kept()
    assert kept[made[0].pk] == ("2023-10-09", "2023-10-09", "2023-10")
    assert kept[made[2].pk] == ("2024-04-01", "2024-04-31", "2024-04")
    assert kept[made[4].pk] == ("2022-01-01", "2022-12-31", "2022")
    assert kept[made[7].pk] == ("2019-01-01", "2023-12-31", "2019")
    assert kept[made[11].pk] is None and kept[made[12].pk] is None


def test_the_kept_dates_are_those_the_database_works_out_from_the_dates_as_they_are():
    """The same SQL rule, read from the dates at each reading (as the overview did), on this
    database (SQLite or PostgreSQL): the columns are the rule kept, not another rule."""
    for start, end in KINDS + ODD_DATES:
        Incident.objects.create(date_start=start, date_end=end, count=5)
    sql, params = _computed_rows(Incident.objects.all())
    computed = {pk: (first, last, period) for pk, period, first, last in overview._rows(sql, params)}
    assert _kept() == {pk: computed.get(pk) for pk in Incident.objects.values_list("pk", flat=True)}


def test_dates_written_behind_the_orm_s_back_are_kept_drawn_too():
    incident = Incident.objects.create(date_start="2023-10-09", count=5)
    Incident.objects.filter(pk=incident.pk).update(date_start="2021", date_end="2022-03")
    assert _kept()[incident.pk] == ("2021-01-01", "2022-03-31", "2021")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE knowledge_incident SET date_start = %s, date_end = NULL", ["abcd"])
    assert _kept()[incident.pk] is None
    incident.refresh_from_db()
    incident.date_start = "2020-05"
    incident.save()
    assert_kept_true()


def test_dates_kept_drawn_after_an_ingest_a_correction_an_addition_and_a_reading_again(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    document = store.add_path(path, visibility="internal").document
    assert_kept_true()
    precisions = set(Incident.objects.values_list("date_precision", flat=True))
    assert {"day", "month", "year"} <= precisions, precisions

    # A correction of its dates moves a statement to the incident of the new dates.
    statement = Statement.objects.filter(document=document, kind="repatriation").order_by("start").first()
    corrections = {"date_start": "2023-11", "date_end": "2023-11", "date_precision": "month"}
    review(statement, Review.EDITED, corrections=corrections)
    assert_kept_true()
    assert _kept()[Incident.objects.get(statements=statement).pk] == ("2023-11-01", "2023-11-31", "2023-11")

    quote = "45 North Korean women"
    at = document.text.index(quote)
    values = {"count": 45, "date_start": "2021-03-01", "date_end": "2021-05-31", "date_precision": "range"}
    additions.add(document, "repatriation", start=at, end=at + len(quote), quote=quote, values=values)
    assert_kept_true()

    reextract.reextract(document, extraction=extract("", meta={}))
    assert_kept_true()


def test_the_overview_read_from_the_kept_dates_is_the_one_computed_from_the_dates(
    tmp_path, monkeypatch, viewer, analyst, protection_officer
):
    for i, (start, end) in enumerate(KINDS + ODD_DATES):
        Incident.objects.create(date_start=start, date_end=end, count=5 + i, visibility="internal")
    Incident.objects.create(date_start="2023-10", count=9, visibility="confidential")
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    store.add_path(path, visibility="public")
    readers = [Reader.for_user(u) for u in (viewer, analyst, protection_officer)] + [Reader.system()]
    kept = [
        overview.build(Evidence(r), first, last)
        for r in readers
        for first, last in ((None, None), (2019, 2025))
    ]
    monkeypatch.setattr(overview, "_drawn_rows", _computed_rows)
    monkeypatch.setattr(overview, "_drawn_extent", _computed_extent)
    computed = [
        overview.build(Evidence(r), first, last)
        for r in readers
        for first, last in ((None, None), (2019, 2025))
    ]
    assert kept == computed
    assert any(ov.incidents for ov in kept) and any(ov.undated_incidents for ov in kept)


def _computed_rows(incidents: QuerySet[Incident], **columns: Any) -> tuple[str, list[Any]]:
    """The rows of overview._drawn_rows, their dates worked out by the database at this reading
    (as the overview read them before the columns were kept)."""
    source, params = overview._sql(
        incidents.order_by().values(ov_id=F("pk"), ov_s=F("date_start"), ov_u=_UNTIL, **columns)
    )
    dates = dates_sql("q.ov_s", "q.ov_u", connection.vendor)
    extra = "".join(f", q.{name}" for name in columns)
    return (
        f"SELECT q.ov_id, {dates.period} AS ov_period, {dates.start} AS ov_start, {dates.end} AS ov_end{extra} "
        f"FROM ({source}) q WHERE {dates.dated}"
    ), params


def _computed_extent(incidents: QuerySet[Incident]) -> overview.Extent:
    source, params = overview._sql(
        incidents.order_by().values(ov_s=F("date_start"), ov_u=_UNTIL, ov_b=F("date_start"))
    )
    return overview._extent_of(source, params, dates_sql("q.ov_s", "q.ov_u", connection.vendor).dated)


_UNTIL = Coalesce(NullIf(F("date_end"), Value("")), F("date_start"))
