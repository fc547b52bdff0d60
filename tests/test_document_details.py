"""Correcting a document's details: checked beside each field, audited, and a new date reads the
document again (relative dates re-resolved, decided statements flagged)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from refwatch.ingest import read
from refwatch.knowledge import store
from refwatch.knowledge.models import Document, Statement
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db

# No date of its own: undated, type "other", titled by its first sentence.
UNDATED = """Guards returned people.

Chinese authorities forcibly repatriated 40 North Korean refugees last week, according to a rights group.
"""


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


@pytest.fixture
def undated():
    return store.add(read(UNDATED.encode(), "undated.txt")).document


GOOD = {
    "title": "Forty returned, says rights group",
    "doc_type": "news",
    "doc_date": "2024-03-04",
    "publisher": "Daily NK",
    "url": "https://example.org/forty",
}


def test_an_analyst_corrects_the_details_and_relative_dates_follow(analyst_client: Client, undated) -> None:
    before = [s.values() for s in Statement.objects.filter(document=undated, kind="repatriation")]
    assert undated.doc_date is None and before and before[0].get("date_start") is None
    page = analyst_client.get(f"/documents/{undated.pk}/").content.decode()
    assert f"/documents/{undated.pk}/edit" in page
    r = analyst_client.post(f"/documents/{undated.pk}/edit", GOOD)
    assert r.status_code == 302, r.content.decode()
    doc = Document.objects.get(pk=undated.pk)
    assert (doc.title, doc.doc_type, doc.doc_date) == (GOOD["title"], "news", "2024-03-04")
    assert doc.meta["publisher"] == "Daily NK" and doc.meta["url"] == GOOD["url"]
    entry = AuditEntry.objects.get(action="edit_document")
    assert entry.actor == "anna" and "doc_date" in entry.detail["changed"]
    assert entry.detail["doc_date"] == "none -> 2024-03-04"
    # "last week" is now read against 4 March 2024.
    st = Statement.objects.get(document=doc, kind="repatriation")
    assert st.values()["date_start"] and st.values()["date_start"].startswith("2024-02")
    page = analyst_client.get(f"/documents/{doc.pk}/").content.decode()
    assert "Daily NK" in page and GOOD["title"] in page


def test_a_decided_statement_is_flagged_not_changed(analyst_client: Client, undated) -> None:
    st = Statement.objects.get(document=undated, kind="repatriation")
    analyst_client.post(f"/statements/{st.pk}/review", {"decision": "accepted"})
    analyst_client.post(f"/documents/{undated.pk}/edit", GOOD)
    st.refresh_from_db()
    assert st.review == "accepted" and st.values().get("date_start") is None
    assert st.outdated["record"]["date_start"].startswith("2024-02")
    assert "outdated" in analyst_client.get(f"/documents/{undated.pk}/").content.decode()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("doc_date", "March 2024", "not a date"),
        ("doc_date", "2024-02-30", "not a date of the calendar"),
        ("doc_type", "memo", "Select a valid choice"),
        ("url", "javascript:alert(1)", "http:// or https://"),
        ("title", "", "This field is required"),
    ],
)
def test_a_bad_value_is_refused_beside_its_field(analyst_client: Client, undated, field, value, says) -> None:
    r = analyst_client.post(f"/documents/{undated.pk}/edit", {**GOOD, field: value})
    assert r.status_code == 400
    page = r.content.decode()
    assert f'id="field-{field}"' in page and says in page
    doc = Document.objects.get(pk=undated.pk)
    assert (doc.doc_date, doc.doc_type, doc.meta.get("publisher")) == (None, undated.doc_type, None)
    assert not AuditEntry.objects.filter(action="edit_document").exists()


def test_viewers_may_not_edit(viewer_client: Client, undated) -> None:
    assert viewer_client.get(f"/documents/{undated.pk}/edit").status_code == 403
    assert viewer_client.post(f"/documents/{undated.pk}/edit", GOOD).status_code == 403
    assert Document.objects.get(pk=undated.pk).doc_date is None
