"""Correcting a statement on its page: review state "edited", the facts follow, undo restores."""

from __future__ import annotations

import pytest
from django.test import Client

from refwatch.knowledge.models import Incident, Statement
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


def six_hundred() -> Statement:
    return next(
        s
        for s in Statement.objects.filter(kind="repatriation").order_by("pk")
        if s.values().get("count") == 600
    )


def test_an_analyst_corrects_a_count_and_the_incident_shows_both(
    analyst_client: Client, seed_letters
) -> None:
    st = six_hundred()
    page = analyst_client.get(f"/statements/{st.pk}/edit").content.decode()
    assert 'name="count" value="600"' in page and 'name="quote"' not in page and 'name="start"' not in page
    r = analyst_client.post(f"/statements/{st.pk}/edit", {"count": "500", "note": "the CECC says 500"})
    assert r.status_code == 302 and r["Location"].endswith(f"/documents/{st.document_id}/#row-s{st.pk}")
    st.refresh_from_db()
    assert st.review == "edited" and st.values()["count"] == 500 and st.record["count"] == 600
    assert st.review_events.last().note == "the CECC says 500"
    entry = AuditEntry.objects.get(action="review")
    assert entry.detail["corrected"] == ["count"] and entry.actor == "anna"
    # The other letter still says 600: the incident shows both counts, none preferred.
    incident = Incident.objects.get(pk=st.incident_id)
    body = analyst_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "600" in body and "500" in body
    # Undo brings back what the extractor read.
    analyst_client.post(f"/statements/{st.pk}/review", {"decision": "suggested"})
    st.refresh_from_db()
    assert st.review == "suggested" and st.values()["count"] == 600


@pytest.mark.parametrize(
    ("form", "says"),
    [({"count": "six hundred"}, "Enter a whole number"), ({"count": "600"}, "nothing was changed")],
)
def test_a_bad_correction_is_explained_and_changes_nothing(
    analyst_client: Client, seed_letters, form, says
) -> None:
    st = six_hundred()
    r = analyst_client.post(f"/statements/{st.pk}/edit", form)
    assert r.status_code == 400 and says in r.content.decode()
    st.refresh_from_db()
    assert st.review == "suggested" and st.edited == {}
    assert not AuditEntry.objects.filter(action="review").exists()


def test_only_analysts_correct(viewer_client: Client, seed_letters) -> None:
    st = six_hundred()
    assert viewer_client.get(f"/statements/{st.pk}/edit").status_code == 403
    assert viewer_client.post(f"/statements/{st.pk}/edit", {"count": "1"}).status_code == 403
    assert Statement.objects.get(pk=st.pk).edited == {}


def test_a_value_holding_a_protected_name_is_locked_for_an_analyst(
    analyst_client: Client, seed_letters
) -> None:
    from refwatch.protection.names import protect_names

    st = six_hundred()
    source = st.values()["attributed_to"]
    assert source  # the CECC
    protect_names([source])
    page = analyst_client.get(f"/statements/{st.pk}/edit").content.decode()
    assert source not in page and 'name="attributed_to"' in page and "disabled" in page
    analyst_client.post(f"/statements/{st.pk}/edit", {"attributed_to": "someone else", "count": "601"})
    st.refresh_from_db()
    assert st.values()["attributed_to"] == source and st.values()["count"] == 601


def test_the_document_page_links_each_statement_to_its_correction(
    analyst_client: Client, seed_letters
) -> None:
    st = six_hundred()
    body = analyst_client.get(f"/documents/{st.document_id}/").content.decode()
    assert f'href="/statements/{st.pk}/edit"' in body
