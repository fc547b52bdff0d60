"""Verified facts: a fact is verified only once a person accepted (or corrected) one of its
statements; lists and totals say so apart, and REFWATCH_VERIFIED_ONLY shows viewers only those."""

from __future__ import annotations

import pytest
from django.test import Client

from refwatch.actions import Actions
from refwatch.knowledge.models import Incident, Statement
from refwatch.knowledge.queries import Reader

pytestmark = pytest.mark.django_db


def october() -> Statement:
    return next(s for s in Statement.objects.filter(kind="repatriation") if s.values().get("count") == 600)


def test_a_fact_is_verified_once_a_statement_of_it_is_accepted(analyst, seed_letters) -> None:
    reader = Reader.for_user(analyst)
    assert not any(i.verified for i in reader.incidents())
    assert reader.counts()["verified_incidents"] == 0
    st = october()
    Actions(analyst).review(st, "accepted")
    verified = {i.pk: i.verified for i in Reader.for_user(analyst).incidents()}
    assert verified[st.incident_id] is True and sum(verified.values()) == 1
    assert Reader.for_user(analyst).counts()["verified_incidents"] == 1
    # A rejection is a decision but verifies nothing.
    Actions(analyst).review(st, "rejected")
    assert Reader.for_user(analyst).counts()["verified_incidents"] == 0


def test_the_incidents_list_counts_verified_apart(analyst, viewer_client: Client, seed_letters) -> None:
    body = viewer_client.get("/incidents/").content.decode()
    assert "<strong>0</strong> verified by an analyst, <strong>2</strong> not yet verified" in body
    Actions(analyst).review(october(), "accepted")
    body = viewer_client.get("/incidents/").content.decode()
    assert "<strong>1</strong> verified by an analyst, <strong>1</strong> not yet verified" in body
    assert body.count('class="badge verified"') == 1


def test_verified_only_shows_viewers_only_verified_facts(
    settings, analyst, analyst_client: Client, viewer, viewer_client: Client, seed_letters
) -> None:
    settings.REFWATCH_VERIFIED_ONLY = True
    st = october()
    assert Reader.for_user(viewer).incidents().count() == 0
    assert viewer_client.get(f"/incidents/{st.incident_id}/").status_code == 404
    # Analysts still see everything they have to review.
    assert Reader.for_user(analyst).incidents().count() == 2
    Actions(analyst).review(st, "accepted")
    assert [i.pk for i in Reader.for_user(viewer).incidents()] == [st.incident_id]
    assert viewer_client.get(f"/incidents/{st.incident_id}/").status_code == 200
    assert Reader.for_user(viewer).counts()["incidents"] == 1
    settings.REFWATCH_VERIFIED_ONLY = False
    assert Reader.for_user(viewer).incidents().count() == 2
    assert Incident.objects.count() == 2
