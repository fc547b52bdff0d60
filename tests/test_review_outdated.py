"""Statements re-extraction marked outdated, in the review queue: what the new reading says, and a
person's choice to take it or keep the decision, recorded as a review decision and audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from refwatch.actions import Actions, Refused
from refwatch.knowledge import merge, outdated, reextract
from refwatch.knowledge.models import Review, ReviewEvent, Statement
from refwatch.knowledge.review import review
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


def outdated_return(doc, count: int = 650) -> Statement:
    """The return of 600 accepted as an older extractor read it (`count`), then read again: the
    current extractor reads 600, so the decided statement is marked outdated."""
    st = next(
        s for s in Statement.objects.filter(document=doc, kind="repatriation") if s.values()["count"] == 600
    )
    review(st, Review.ACCEPTED)
    st.record = {**st.record, "count": count}
    st.save(update_fields=["record"])
    merge.remerge(st)  # the incident as the older reading made it
    assert st.pk in reextract.reextract(doc).outdated
    st.refresh_from_db()
    assert st.incident.count == count
    return st


def section(body: str) -> str:
    return body.split('id="rq-outdated"', 1)[1].split("</section>", 1)[0]


def test_the_queue_shows_an_outdated_statement_with_the_new_reading(analyst_client: Client, seed_letters):
    st = outdated_return(seed_letters[0].document)
    body = analyst_client.get("/review/").content.decode()
    part = section(body)
    assert f'id="rq-o-{st.pk}"' in part and 'id="rq-outdated-left">1<' in part
    assert "differs from what was decided" in part
    # The field that changed: as decided (650) beside the new reading (600).
    assert '<th scope="row">Count</th><td>650</td><td class="rq-new">600</td>' in part
    assert 'class="rq-take"' in part and 'class="rq-keep"' in part
    # Filters cut it as they cut the queue.
    assert 'id="rq-outdated"' not in analyst_client.get("/review/?kind=ask").content.decode()


def test_taking_the_new_reading_accepts_it_and_the_incident_follows(analyst_client: Client, seed_letters):
    st = outdated_return(seed_letters[0].document)
    r = analyst_client.post(f"/review/{st.pk}/outdated", {"choice": "take", "next": "/review/"})
    assert r.status_code == 302 and r["Location"] == "/review/#rq-outdated"
    st.refresh_from_db()
    assert st.outdated == {} and st.values()["count"] == 600 and st.edited == {}
    assert st.review == Review.ACCEPTED and st.reviewed_by.username == "anna"
    assert st.incident.count == 600
    event = ReviewEvent.objects.filter(statement=st).latest("pk")
    assert event.note.startswith("Took the reading of extractor")
    entry = AuditEntry.objects.get(action="settle_outdated")
    assert entry.detail["outdated"] == "take" and entry.target_id == str(st.pk)
    assert 'id="rq-outdated"' not in analyst_client.get("/review/").content.decode()


def test_keeping_the_decision_keeps_the_record(analyst_client: Client, seed_letters):
    st = outdated_return(seed_letters[0].document)
    r = analyst_client.post(f"/review/{st.pk}/outdated", {"choice": "keep"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "Decision kept." in r.content.decode()
    assert 'id="rq-outdated-left" hx-swap-oob="true">0<' in r.content.decode()
    st.refresh_from_db()
    assert st.outdated == {} and st.values()["count"] == 650 and st.review == Review.ACCEPTED
    assert ReviewEvent.objects.filter(statement=st).latest("pk").note.startswith("Kept the decision")
    assert AuditEntry.objects.get(action="settle_outdated").detail["outdated"] == "keep"


def test_a_statement_no_longer_found_is_rejected_when_the_new_reading_is_taken(seed_letters, analyst):
    doc = seed_letters[0].document
    st = Statement.objects.filter(document=doc, kind="ask").order_by("pk").first()
    review(st, Review.ACCEPTED)
    st.outdated = {"record": None, "version": "test"}
    st.save(update_fields=["outdated"])
    assert outdated.has_new_reading(st) and "no longer finds" in outdated.reason(st)
    Actions(analyst).settle_outdated(st.pk, "take")
    st.refresh_from_db()
    assert st.review == Review.REJECTED and st.outdated == {}


def test_refusals_change_nothing(analyst_client: Client, viewer_client: Client, seed_letters, analyst):
    doc = seed_letters[0].document
    st = outdated_return(doc)
    assert viewer_client.post(f"/review/{st.pk}/outdated", {"choice": "take"}).status_code == 403
    r = analyst_client.post(f"/review/{st.pk}/outdated", {"choice": "maybe"})
    assert r.status_code == 400 and "unknown choice" in r.content.decode()
    st.refresh_from_db()
    assert st.outdated and st.values()["count"] == 650
    plain = Statement.objects.filter(document=doc, kind="ask").first()
    with pytest.raises(Refused, match="not marked outdated"):
        Actions(analyst).settle_outdated(plain.pk, "keep")
    # A flag that left the record as it was (the document's date changed) can only be kept.
    plain.outdated = {"record": plain.record, "version": "x", "reason": "The document's date changed"}
    plain.save(update_fields=["outdated"])
    with pytest.raises(Refused, match="already says"):
        Actions(analyst).settle_outdated(plain.pk, "take")
    assert not AuditEntry.objects.filter(action="settle_outdated").exists()
