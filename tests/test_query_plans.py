"""The plans SQLite makes of the queries that a record of 100,000 documents made slow: each reads
the index made for it (EXPLAIN QUERY PLAN), not every row of a large table. SQLite only: the
plans of PostgreSQL are its own (and it keeps statistics). How long they take is bench/scale.py's
business."""

from __future__ import annotations

import pytest
from django.db import connection

from refwatch.knowledge.models import Document, Figure, Incident, Statement
from refwatch.knowledge.queries import Reader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the plans of SQLite"),
]


def _plan(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[-1] for row in cursor.fetchall()]


def _scans_statements(plan: list[str]) -> bool:
    # "SCAN knowledge_statement", or its alias in a subquery ("SCAN U0"): every row read.
    return any(step.startswith("SCAN") and "USING" not in step for step in plan)


@pytest.fixture
def record(db):
    doc = Document.objects.create(
        sha256="a" * 64, media_type="text/plain", filename="a.txt", doc_date="2023-05-02"
    )
    incident = Incident.objects.create(date_start="2023-05-01", count=5, visibility="internal")
    figure = Figure.objects.create(quantity=2000, unit="people detained", visibility="internal")
    for i, fact in enumerate([{"incident": incident}, {"figure": figure}, {}]):
        Statement.objects.create(document=doc, kind="date", start=i, end=i + 1, **fact)
    return incident, figure


def test_the_figures_said_in_a_period_are_read_from_their_index_not_from_every_statement(viewer, record):
    reader = Reader.for_user(viewer)
    # As the map and the figure list ask for them (refwatch.web.incident_filters).
    figures = reader.figures(texts=False).filter(pk__in=reader.figures_said_within("2023", "2023"))
    plan = _plan(figures.prefetch_related(None).values_list("pk", "places", "quantity", "unit"))
    assert any("COVERING INDEX knowledge_statement_figure" in step for step in plan), plan
    assert not _scans_statements(plan), plan
    assert list(figures.values_list("pk", flat=True)) == [record[1].pk]


def test_an_incident_s_statements_are_read_in_their_order_from_their_index(viewer, record):
    incident = record[0]
    reader = Reader.for_user(viewer)
    shown = reader.live_statements(incident=incident).order_by("document_id", "start", "pk")
    plan = _plan(shown)
    assert any("INDEX knowledge_statement_incident " in step for step in plan), plan
    # In the order they are shown, from the index: no sort of the statements read.
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), plan
    assert [s.pk for s in reader.statements_for(incident)] == [s.pk for s in shown]


def test_the_places_a_reader_is_shown_are_asked_of_their_roles_once(viewer, monkeypatch):
    """A map asks which places a reader may see for each of thousands of incidents and figures."""
    reader = Reader.for_user(viewer)
    asked = []
    may = Reader.may
    monkeypatch.setattr(Reader, "may", lambda self, *roles: asked.append(roles) or may(self, *roles))
    for _ in range(100):
        assert reader.shown_places({"Dandong": "internal", "Tumen": "confidential"}) == ["Dandong"]
    assert len(asked) <= 1


def test_no_statistics_are_gathered_for_the_planner(record):
    """The plans above were measured without ANALYZE's statistics, which made several others worse
    (refwatch.settings): none is gathered, by migrations or by the store's writes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
        assert cursor.fetchall() == []


def _plan_of(sql: str, params: list) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[-1] for row in cursor.fetchall()]


def test_the_overview_reads_the_letters_it_counts_and_draws_from_their_index(viewer, record):
    """Both readings of the letters an overview makes (how many and which years; those of each
    month of its window) read the index of their dates and the days they are drawn over (kept by
    the database: refwatch.knowledge.drawn), not each letter's row."""
    from django.db.models import F

    from refwatch.knowledge.models import Letter
    from refwatch.outputs import overview

    Letter.objects.create(date="2023-05-02", visibility="internal")
    letters = Reader.for_user(viewer).fact_rows(Letter, same_as__isnull=True)
    for sql, params in (
        overview._drawn_source(letters, F("date")),
        overview._drawn_rows(letters),
    ):
        plan = _plan_of(sql, params)
        assert any("COVERING INDEX knowledge_letter_drawn" in step for step in plan), plan


def test_the_overview_reads_the_statements_it_counts_and_draws_from_their_index(viewer, record):
    """As the letters: the documents that are statements, by the days they are drawn over."""
    from django.db.models import F

    from refwatch.outputs import overview
    from refwatch.outputs.evidence import Evidence

    statements = overview._statements(Evidence(Reader.for_user(viewer)))
    for sql, params in (
        overview._drawn_source(statements, F("doc_date")),
        overview._drawn_rows(statements),
    ):
        plan = _plan_of(sql, params)
        assert any("COVERING INDEX knowledge_document_drawn" in step for step in plan), plan


def test_the_overview_s_first_sources_read_each_incident_s_statements_in_order_from_their_index(
    viewer, record
):
    """The k-th source of each incident drawn (Reader.first_statements) is read from the index of
    an incident's statements in their order, stopping there: no sort of all its statements."""
    incident = record[0]
    reader = Reader.for_user(viewer)
    incidents = reader.fact_rows(Incident)
    from django.db.models import OuterRef, Subquery

    ordered = (
        reader.live_statements(incident=OuterRef("pk"))
        .select_related(None)
        .order_by("document_id", "start", "pk")
        .values("pk")
    )
    plan = _plan(incidents.order_by().values_list("pk", Subquery(ordered[1:2])))
    assert any("INDEX knowledge_statement_incident " in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert reader.first_statements(incidents, 3) == [
        (incident.pk, s.pk, s.document_id, s.document.title, s.document.filename)
        for s in reader.statements_for(reader.incident(incident.pk))[:3]
    ]


def test_a_search_s_place_facet_reads_the_places_of_the_passages_matched_from_their_index(viewer, record):
    """The places named by each passage a search matched are read from the index of a passage's
    places alone, not from each PassagePlace row."""
    from django.test.utils import CaptureQueriesContext

    from refwatch.knowledge import search

    with search._Indexed(["dandong"], ["public", "internal"]) as indexed:
        with CaptureQueriesContext(connection) as asked:
            assert indexed.facet("place", {}) == []
        (sql,) = [q["sql"] for q in asked.captured_queries if "knowledge_passageplace" in q["sql"]]
        plan = _plan_of(sql, [])
        assert any("COVERING INDEX knowledge_passage_places" in step for step in plan), plan
