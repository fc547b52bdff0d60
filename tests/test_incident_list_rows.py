"""The incident list reads each incident's statements with the columns its row shows only
(Reader.facts(evidence=False)): every row says what the incident read with its whole evidence says
(counts and their conflicts, sources, documents, verified, places), for every reader, and the
page is the same."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from refwatch.ingest import read
from refwatch.knowledge import store
from refwatch.knowledge.models import Statement
from refwatch.knowledge.queries import Reader
from refwatch.web import incident_filters, views

from .conftest import ingest_seed_letters

pytestmark = pytest.mark.django_db

NEWS = [
    "Daily NK\n\nMarch 4, 2024\n\nChinese authorities forcibly repatriated {n} North Korean refugees detained "
    "in Dandong to Sinuiju on March 2, 2024, according to {src}.\n",
    "Yonhap\n\nMarch 9, 2024\n\nChina has sent back {n} North Korean defectors through Dandong in March 2024, "
    "{src} reported.\n",
]


def _store() -> None:
    ingest_seed_letters()
    for i, (n, src) in enumerate(
        [(60, "Daily NK"), (60, "the CECC"), (75, "Human Rights Watch"), (80, "NK News")]
    ):
        text = NEWS[i % 2].format(n=n, src=src)
        store.add(read(text.encode(), f"news-{i}.txt"))
    sealed = NEWS[0].format(n=90, src="activists").replace("Daily NK", "Case file")
    store.add(read(sealed.encode(), "case.txt"), visibility="confidential")
    # One accepted, one rejected: verified, and a statement that no longer counts.
    first, second = Statement.objects.filter(incident__isnull=False).order_by("pk")[:2]
    Statement.objects.filter(pk=first.pk).update(review="accepted")
    Statement.objects.filter(pk=second.pk).update(review="rejected")


def _row(reader: Reader, incident) -> tuple:
    return (
        incident.pk,
        [(c, q, [s.pk for s in ss]) for c, q, ss in incident.conflicts()],
        [(c, q, [s.pk for s in ss]) for c, q, ss in incident.counts()],
        incident.source_count(),
        incident.document_count(),
        incident.verified,
        incident.attributions,
        incident_filters.agreement_of(incident),
        reader.places_of(incident),
        [s.pk for s in reader.statements_for(incident)],
    )


@pytest.mark.parametrize("who", ["viewer", "protection_officer"])
def test_a_list_row_says_what_the_incident_with_its_whole_evidence_says(who, request):
    _store()
    reader = Reader.for_user(request.getfixturevalue(who))
    whole = [_row(reader, i) for i in reader.incidents()]
    listed = [_row(reader, i) for i in reader.incidents(texts=False, evidence=False)]
    assert listed == whole
    assert any(row[1] for row in whole), "a conflict of counts to compare"
    assert any(row[5] for row in whole) and any(row[3] > 1 for row in whole)


def test_a_list_row_reads_no_quote_nor_document(viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _store()
    reader = Reader.for_user(viewer)
    list(reader.incidents(texts=False, evidence=False))  # the reader's roles, asked once
    with CaptureQueriesContext(connection) as ran:
        incidents = list(reader.incidents(texts=False, evidence=False))
        rows = [_row(reader, i) for i in incidents]
    assert rows and len(ran.captured_queries) == 2  # the incidents, their statements
    statements = ran.captured_queries[1]["sql"]
    assert statements.startswith('SELECT "knowledge_statement"."id"')
    assert '"quote"' not in statements and "knowledge_document" in statements  # filtered by it only
    assert '"knowledge_document"."text"' not in statements


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # The form's token is new with each page.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("who", ["viewer", "protection_officer"])
def test_the_incident_list_page_is_the_one_its_whole_evidence_draws(who, request, monkeypatch):
    _store()
    client = Client()
    client.force_login(request.getfixturevalue(who))
    urls = ["/incidents/", "/incidents/?sort=-count", "/incidents/?place=Dandong&agreement=conflict"]
    light = [_page(client, url) for url in urls]
    assert "sources disagree" in light[2]
    whole = incident_filters.incidents

    def with_evidence(request, reader, *, evidence=True):
        return whole(request, reader, evidence=True)

    monkeypatch.setattr(views.incident_filters, "incidents", with_evidence)
    from refwatch.web import shared

    monkeypatch.setattr(shared, "role_key", lambda reader: None)  # nothing kept from the first pass
    assert [_page(client, url) for url in urls] == light


@pytest.mark.parametrize("rows", [0, 1, 50, 51, 120])
def test_a_counting_paginator_gives_django_s_pages(rows):
    """A page and its count from one query (count_and_slice): the same rows, count and page as
    Django's Paginator gives, for every number asked, pages past the end and no numbers too."""
    from django.core.paginator import Paginator

    from refwatch.knowledge.models import Incident
    from refwatch.knowledge.queries import count_and_slice
    from refwatch.web.listing import CountingPaginator

    Incident.objects.bulk_create(Incident(date_start=f"20{i % 30:02d}", count=i % 7) for i in range(rows))
    qs = Incident.objects.order_by("-count", "pk")
    for number in [None, "", "1", "2", "3", "99", "0", "-1", "x", "2.0", 2]:
        mine, django = CountingPaginator(qs, 50).get_page(number), Paginator(qs, 50).get_page(number)
        assert (mine.number, mine.paginator.count, mine.paginator.num_pages) == (
            django.number,
            django.paginator.count,
            django.paginator.num_pages,
        ), number
        assert [i.pk for i in mine] == [i.pk for i in django], number
        assert (mine.has_next(), mine.has_previous(), mine.start_index(), mine.end_index()) == (
            django.has_next(),
            django.has_previous(),
            django.start_index(),
            django.end_index(),
        )
    for offset in (0, 10, 50, 200):
        total, page = count_and_slice(qs, offset, 50)
        assert total == rows and [i.pk for i in page] == [i.pk for i in qs[offset : offset + 50]]
