"""The review queue: suggested statements by document, facts first, mentions folded; decisions
through the actions service, recorded and audited; bulk accept of a kind in a document."""

from __future__ import annotations

import pytest
from django.test import Client

from refwatch.knowledge.models import Review, ReviewEvent, Statement
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_queue_shows_facts_first_and_folds_mentions(analyst_client: Client, seed_letters) -> None:
    doc = seed_letters[0].document
    body = analyst_client.get("/review/").content.decode()
    total = Statement.objects.filter(review="suggested").count()
    assert f'id="rq-left">{total}<' in body
    section = body.split(f'id="rq-doc-{doc.pk}"', 1)[1].split("</section>", 1)[0]
    actors = Statement.objects.filter(document=doc, kind="actor").count()
    assert actors > 5
    # One line for all the document's actor mentions, not one form each.
    assert section.count('data-kind="actor"') == 1 and f"Accept all {actors}" in section
    # A return comes before the asks, and its sentence is shown with the count highlighted.
    assert section.index('data-kind="repatriation"') < section.index('data-kind="ask"')
    assert "<mark" in section


def test_filters_cut_the_queue(analyst_client: Client, seed_letters) -> None:
    body = analyst_client.get("/review/?kind=ask").content.decode()
    asks = Statement.objects.filter(kind="ask").count()
    assert f'id="rq-left">{asks}<' in body and 'data-kind="repatriation"' not in body
    body = analyst_client.get("/review/?doc_type=news").content.decode()
    assert 'id="rq-left">0<' in body and "Nothing left to review" in body
    low = Statement.objects.filter(confidence__lt=0.6).count()
    assert f'id="rq-left">{low}<' in analyst_client.get("/review/?confidence=low").content.decode()


def test_a_decision_is_recorded_and_audited(analyst_client: Client, seed_letters) -> None:
    st = Statement.objects.filter(kind="repatriation").first()
    r = analyst_client.post(f"/review/{st.pk}/decide", {"decision": "accepted", "next": "/review/?kind=ask"})
    assert r.status_code == 302 and r["Location"] == f"/review/?kind=ask#rq-{st.pk}"
    st.refresh_from_db()
    assert st.review == Review.ACCEPTED and st.reviewed_by.username == "anna"
    assert ReviewEvent.objects.get(statement=st).review == "accepted"
    assert AuditEntry.objects.filter(action="review").count() == 1
    # Gone from the queue.
    assert f'id="rq-{st.pk}"' not in analyst_client.get("/review/").content.decode()
    # An outside address is not followed.
    r = analyst_client.post(
        f"/review/{st.pk}/decide", {"decision": "rejected", "next": "https://evil.example/"}
    )
    assert r["Location"].startswith("/review/")


def test_accept_all_actors_of_a_document(analyst_client: Client, seed_letters) -> None:
    doc = seed_letters[0].document
    actors = Statement.objects.filter(document=doc, kind="actor")
    n = actors.count()
    r = analyst_client.post("/review/accept-all", {"document": doc.pk, "kind": "actor"})
    assert r.status_code == 302
    assert set(actors.values_list("review", flat=True)) == {"accepted"}
    assert AuditEntry.objects.filter(action="review").count() == n
    # The other document's actors are still to decide.
    other = seed_letters[1].document
    assert Statement.objects.filter(document=other, kind="actor", review="suggested").exists()


def test_only_analysts_review(viewer_client: Client, seed_letters) -> None:
    st = Statement.objects.first()
    assert viewer_client.get("/review/").status_code == 403
    assert viewer_client.post(f"/review/{st.pk}/decide", {"decision": "accepted"}).status_code == 403
    doc = seed_letters[0].document
    assert viewer_client.post("/review/accept-all", {"document": doc.pk, "kind": "actor"}).status_code == 403
    assert not Statement.objects.exclude(review="suggested").exists()
