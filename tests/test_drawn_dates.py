"""The days each incident's dates, and each letter's and document's date, can be drawn over,
kept in their rows (drawn_start, drawn_end, drawn_period: refwatch.knowledge.drawn), are those the
overview's rule reads in them, for every kind of date and after every way they are written: an
ingest, a review that corrects them, an analyst's addition, a reading again, the migrations that
filled those stored before, and (an incident's, which the database computes) writes the ORM never
sees. And the overview read from them is the one computed from the dates at every reading, for
each role."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from refwatch.extract import extract
from refwatch.knowledge import additions, reextract, store
from refwatch.knowledge.drawn import dates_sql
from refwatch.knowledge.models import Document, Incident, Letter, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.review import review
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence
from tests.test_overview import ODD_DATES, _drawable

pytestmark = pytest.mark.django_db

# A letter's dates as sources write them, well formed or not.
LETTER_DATES = ["2023-10-09", "2024-04", "2022", "2024-02-30", "2024-13", "abcd", "2024-ab", "20245", "2024-1",
                "2024-02-3T", "", None]  # fmt: skip

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


def _kept(model: type[Incident | Letter | Document] = Incident) -> dict[int, tuple[str, str, str] | None]:
    rows = model.objects.values_list("pk", "drawn_start", "drawn_end", "drawn_period")
    return {pk: None if first is None else (first, last, period) for pk, first, last, period in rows}


def assert_kept_true() -> None:
    """Every incident, letter and document stored keeps what the rule reads in its dates as they
    are now."""
    dates = Incident.objects.values_list("pk", "date_start", "date_end")
    assert _kept() == {pk: _expected(start, end) for pk, start, end in dates}
    dated = Letter.objects.values_list("pk", "date")
    assert _kept(Letter) == {pk: _expected(date, None) for pk, date in dated}
    days = Document.objects.values_list("pk", "doc_date", "published")
    assert _kept(Document) == {pk: _expected(date or published, None) for pk, date, published in days}


def test_every_kind_of_date_is_kept_drawn_as_the_rule_reads_it():
    made = [Incident.objects.create(date_start=s, date_end=e, count=5) for s, e in KINDS + ODD_DATES]
    assert_kept_true()
    kept = _kept()
    assert kept[made[0].pk] == ("2023-10-09", "2023-10-09", "2023-10")
    assert kept[made[2].pk] == ("2024-04-01", "2024-04-31", "2024-04")
    assert kept[made[4].pk] == ("2022-01-01", "2022-12-31", "2022")
    assert kept[made[7].pk] == ("2019-01-01", "2023-12-31", "2019")
    assert kept[made[11].pk] is None and kept[made[12].pk] is None


def test_every_kind_of_letter_date_is_kept_drawn_as_the_rule_reads_it():
    made = [Letter.objects.create(date=date) for date in LETTER_DATES]
    assert_kept_true()
    kept = _kept(Letter)
    assert kept[made[0].pk] == ("2023-10-09", "2023-10-09", "2023-10")
    assert kept[made[1].pk] == ("2024-04-01", "2024-04-31", "2024-04")
    assert kept[made[2].pk] == ("2022-01-01", "2022-12-31", "2022")
    assert all(kept[letter.pk] is None for letter in made[5:])


def test_every_kind_of_document_date_is_kept_drawn_as_the_rule_reads_it():
    """A document's date, else the day it was published."""
    for i, (date, published) in enumerate(zip(LETTER_DATES, ["2001", *LETTER_DATES[:-1]], strict=True)):
        _document(i, doc_date=date, published=published)
    made = _document(99, doc_date="", published="2020-03")
    assert_kept_true()
    assert _kept(Document)[made.pk] == ("2020-03-01", "2020-03-31", "2020-03")
    made.doc_date = "2021"
    made.save(update_fields=["doc_date"])
    made.published = None
    made.save(update_fields=["published"])
    assert_kept_true()
    assert _kept(Document)[made.pk] == ("2021-01-01", "2021-12-31", "2021")


def _document(i: int, **fields: str | None) -> Document:
    return Document.objects.create(sha256=f"{i:064x}", media_type="text/plain", filename=f"{i}.txt", **fields)


def test_the_kept_dates_are_those_the_database_works_out_from_the_dates_as_they_are():
    """The same SQL rule, read from the dates at each reading (as the overview did), on this
    database (SQLite or PostgreSQL): the columns are the rule kept, not another rule."""
    for start, end in KINDS + ODD_DATES:
        Incident.objects.create(date_start=start, date_end=end, count=5)
    for i, date in enumerate(LETTER_DATES):
        Letter.objects.create(date=date)
        _document(i, doc_date=date, published="2010-05")
        _document(100 + i, doc_date=None, published=date)
    for model in (Incident, Letter, Document):
        sql, params = _computed_rows(model.objects.all())
        computed = {pk: (first, last, period) for pk, period, first, last in overview._rows(sql, params)}
        assert _kept(model) == {pk: computed.get(pk) for pk in model.objects.values_list("pk", flat=True)}


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


@pytest.mark.parametrize(
    ("model", "migration"), [(Letter, "0026_letter_drawn_dates"), (Document, "0027_document_drawn_dates")]
)
def test_the_rows_stored_before_are_filled_by_the_rule_in_sql_as_save_keeps_them(model, migration):
    """Migrations 0026 and 0027 fill the letters and documents stored with the SQL rule
    (dates_sql); save() keeps them with the Python one (drawn_days): the two agree on every kind
    of date."""
    for i, date in enumerate(LETTER_DATES):
        Letter.objects.create(date=date)
        _document(i, doc_date=date, published="2010-05")
        _document(100 + i, doc_date="", published=date)
    saved = _kept(model)
    model.objects.update(drawn_start=None, drawn_end=None, drawn_period=None)
    importlib.import_module(f"refwatch.knowledge.migrations.{migration}").fill(None, _Editor())
    assert _kept(model) == saved
    assert_kept_true()


def test_a_letter_s_date_kept_drawn_after_an_ingest_and_a_correction(seed_letters):
    assert_kept_true()
    assert any(kept is not None for kept in _kept(Letter).values())
    statement = Statement.objects.filter(kind="letter").order_by("pk").first()
    review(statement, Review.EDITED, corrections={"date": "2024-07"})
    assert_kept_true()
    assert _kept(Letter)[statement.letter_id] == ("2024-07-01", "2024-07-31", "2024-07")


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
    for i, date in enumerate(LETTER_DATES * 2):
        visibility = ("internal", "confidential", "public")[i % 3]
        Letter.objects.create(date=date, visibility=visibility)
        _document(i, doc_type="statement", doc_date=date, published="2023-04", visibility=visibility)
        _document(100 + i, doc_type="statement", doc_date="", published=date, visibility=visibility)
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    store.add_path(path, visibility="public")
    readers = [Reader.for_user(u) for u in (viewer, analyst, protection_officer)] + [
        Reader.system(),
        Reader.public(),
    ]
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
    assert any(ov.letters for ov in kept) and any(ov.undated_letters for ov in kept)
    assert any(ov.statements for ov in kept) and any(ov.undated_statements for ov in kept)


def _computed_rows(qs: QuerySet[Any], **columns: Any) -> tuple[str, list[Any]]:
    """The rows of overview._drawn_rows, their dates worked out by the database at this reading
    (as the overview read them before the columns were kept)."""
    start, until = _DATES[qs.model]
    source, params = overview._sql(qs.order_by().values(ov_id=F("pk"), ov_s=start, ov_u=until, **columns))
    dates = dates_sql("q.ov_s", "q.ov_u", connection.vendor)
    extra = "".join(f", q.{name}" for name in columns)
    return (
        f"SELECT q.ov_id, {dates.period} AS ov_period, {dates.start} AS ov_start, {dates.end} AS ov_end{extra} "
        f"FROM ({source}) q WHERE {dates.dated}"
    ), params


def _computed_extent(qs: QuerySet[Any], bound: Any) -> overview.Extent:
    start, until = _DATES[qs.model]
    source, params = overview._sql(qs.order_by().values(ov_s=start, ov_u=until, ov_b=bound))
    return overview._extent_of(source, params, dates_sql("q.ov_s", "q.ov_u", connection.vendor).dated)


_DAY = Coalesce(NullIf(F("doc_date"), Value("")), F("published"))
# The dates of each model as the overview read them: the start, and the date it runs until.
_DATES = {
    Incident: (F("date_start"), Coalesce(NullIf(F("date_end"), Value("")), F("date_start"))),
    Letter: (F("date"), F("date")),
    Document: (_DAY, _DAY),
}


class _Editor:
    """What the migration's `fill` asks of a schema editor, on this test's connection (a schema
    editor of SQLite may not be opened inside the test's transaction)."""

    connection = connection
    quote_name = staticmethod(connection.ops.quote_name)

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
