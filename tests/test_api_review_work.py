"""The API of review work: a statement added from a span, a document's details corrected, a
document read again; analysts only (a viewer gets 403 and changes nothing), every bad value
refused with the field it is in and nothing stored, every change audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from refwatch.ingest import read
from refwatch.knowledge import store
from refwatch.knowledge.additions import ADDED
from refwatch.knowledge.models import Document, Incident, Review, Statement
from refwatch.knowledge.review import review
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db

STORY = """Families fear the worst after border arrests

SEOUL, March 3, 2024 - A rights group said on Sunday that it had spoken to relatives of several people held near the border.

Witnesses said that guards took a group of eleven women across the Tumen bridge at dawn on 14 February 2024 and left them with the Ministry of State Security.

The group urged Beijing to stop the practice.
"""
SENTENCE = "guards took a group of eleven women across the Tumen bridge at dawn on 14 February 2024"
RETURN = {
    "date_start": "2024-02-14",
    "date_precision": "day",
    "count": 11,
    "count_qualifier": "exact",
    "who": "women",
    "relative": False,
}


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


@pytest.fixture
def story() -> Document:
    return store.add(read(STORY.encode(), "story.txt")).document


def send(client: Client, method: str, url: str, body: Any = None):
    call = getattr(client, method)
    return call(url, data=json.dumps(body) if body is not None else None, content_type="application/json")


def addition(doc: Document, words: str = SENTENCE, **values: Any) -> dict[str, Any]:
    start = doc.text.index(words)
    return {
        "kind": "repatriation",
        "start": start,
        "end": start + len(words),
        "quote": words,
        "values": {**RETURN, **values},
    }


def stored(doc: Document) -> list[tuple[int, str, str]]:
    return sorted(Statement.objects.filter(document=doc).values_list("pk", "kind", "review"))


# --- adding a statement -----------------------------------------------------------------------


def test_an_analyst_adds_a_return_from_a_span_and_it_is_an_incident(analyst_client, analyst, story):
    assert not Incident.objects.exists()  # the extractor missed it
    r = send(analyst_client, "post", f"/api/documents/{story.pk}/statements", addition(story))
    assert r.status_code == 201, r.content
    out = r.json()
    st = Statement.objects.get(document=story, extractor=ADDED)
    assert out["id"] == st.pk and out["extractor"] == ADDED and out["review"] == "accepted"
    assert out["quote"] == SENTENCE and out["values"]["count"] == 11
    assert st.reviewed_by == analyst and story.text[st.start : st.end] == SENTENCE
    assert out["fact"]["type"] == "incident"
    incident = analyst_client.get(out["fact"]["url"]).json()
    assert (incident["date_start"], incident["count"]) == ("2024-02-14", 11)
    entry = AuditEntry.objects.get(action="add_statement")
    assert entry.actor == "anna" and entry.detail["via"] == "api" and entry.detail["kind"] == "repatriation"


def test_a_month_date_is_stored_with_its_bounds(analyst_client, story):
    body = addition(story, date_start="2024-02", date_precision="month")
    r = send(analyst_client, "post", f"/api/documents/{story.pk}/statements", body)
    assert r.status_code == 201, r.content
    assert (r.json()["values"]["date_start"], r.json()["values"]["date_end"]) == ("2024-02-01", "2024-02-29")


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"date_start": "October 2023", "date_precision": None}, "date_start", "is not a date written"),
        ({"count": "hundreds"}, "count", "whole number"),
        ({"count_qualifier": "lots"}, "count_qualifier", "valid choice"),
        ({"date_start": "2024", "date_precision": "day"}, "date_start", "A day date is written like"),
        ({"count_min": 20}, "count_min", "above the count"),
        ({"colour": "red"}, "colour", "not a field of a repatriation statement"),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_stored(analyst_client, story, values, field, says):
    before = stored(story)
    r = send(analyst_client, "post", f"/api/documents/{story.pk}/statements", addition(story, **values))
    assert r.status_code == 422, r.content
    errors = r.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", "values", field]]
    assert says in errors[0]["msg"]
    assert stored(story) == before and not AuditEntry.objects.filter(action="add_statement").exists()


def test_a_figure_needs_its_unit(analyst_client, story):
    body = {**addition(story), "kind": "figure", "values": {"quantity": 11}}
    r = send(analyst_client, "post", f"/api/documents/{story.pk}/statements", body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "values", "unit"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"quote": "guards took"}, "The quote is not the text between these offsets"),
        ({"start": 100_000, "end": 100_010}, "is not inside the text"),
        ({"end": 0}, None),  # below the schema's minimum: Ninja's own 422
    ],
)
def test_a_wrong_span_is_refused(analyst_client, story, change, says):
    before = stored(story)
    r = send(analyst_client, "post", f"/api/documents/{story.pk}/statements", {**addition(story), **change})
    if says is None:
        assert r.status_code == 422
    else:
        assert r.status_code == 400 and says in r.json()["detail"]
    assert stored(story) == before


def test_a_person_is_added_as_an_actor_mention(analyst_client, story):
    words = "Ministry of State Security"
    start = story.text.index(words)
    body = {"kind": "organization", "start": start, "end": start + len(words), "values": {}}
    r = send(analyst_client, "post", f"/api/documents/{story.pk}/statements", body)
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "actor" and r.json()["values"]["name"] == words
    assert r.json()["values"]["kind"] == "organization"


def test_a_viewer_may_not_add_and_an_unknown_document_is_404(viewer_client, analyst_client, story):
    before = stored(story)
    r = send(viewer_client, "post", f"/api/documents/{story.pk}/statements", addition(story))
    assert r.status_code == 403 and "analyst" in r.json()["detail"]
    assert stored(story) == before
    r = send(analyst_client, "post", "/api/documents/999999/statements", addition(story))
    assert r.status_code == 404 and r.json()["detail"] == "no document with id 999999"


# --- a document's details ------------------------------------------------------------------------


def test_an_analyst_corrects_details_and_it_is_audited(analyst_client, story):
    body = {"title": "Border arrests", "publisher": "Daily NK", "url": "https://example.org/a"}
    r = send(analyst_client, "patch", f"/api/documents/{story.pk}", body)
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["changed"] == ["publisher", "title", "url"] and out["reread"] is None
    assert out["details"] == {
        "title": "Border arrests",
        "type": story.doc_type,
        "date": story.doc_date,
        "publisher": "Daily NK",
        "url": "https://example.org/a",
    }
    story.refresh_from_db()
    assert story.title == "Border arrests" and story.meta["publisher"] == "Daily NK"
    entry = AuditEntry.objects.get(action="edit_document")
    assert entry.detail == {"changed": ["publisher", "title", "url"], "via": "api"}
    # Null empties a detail; a detail left out stays.
    r = send(analyst_client, "patch", f"/api/documents/{story.pk}", {"publisher": None})
    assert r.json()["details"]["publisher"] == "" and r.json()["details"]["title"] == "Border arrests"


def test_a_new_date_reads_the_document_again(analyst_client, story):
    r = send(analyst_client, "patch", f"/api/documents/{story.pk}", {"date": "2024-03-04", "type": "news"})
    assert r.status_code == 200, r.content
    assert set(r.json()["changed"]) >= {"date"} and r.json()["reread"]["document_id"] == story.pk
    assert AuditEntry.objects.get(action="edit_document").detail["doc_date"].endswith("-> 2024-03-04")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2024-13"}, "date"),
        ({"date": "March 2024"}, "date"),
        ({"url": "ftp://example.org/a"}, "url"),
        ({"title": "   "}, "title"),
        ({"type": "memo"}, "type"),
        ({"title": None}, "title"),
    ],
)
def test_bad_details_are_refused_and_nothing_changes(analyst_client, story, body, field):
    before = (story.title, story.doc_type, story.doc_date, story.meta)
    r = send(analyst_client, "patch", f"/api/documents/{story.pk}", {"publisher": "Daily NK", **body})
    assert r.status_code == 422, r.content
    assert [e["loc"][-1] for e in r.json()["detail"]] == [field]
    story.refresh_from_db()
    assert (story.title, story.doc_type, story.doc_date, story.meta) == before
    assert not AuditEntry.objects.filter(action="edit_document").exists()


def test_a_viewer_may_not_edit_details(viewer_client, story):
    r = send(viewer_client, "patch", f"/api/documents/{story.pk}", {"title": "Mine now"})
    assert r.status_code == 403
    story.refresh_from_db()
    assert story.title != "Mine now"


# --- re-extraction ---------------------------------------------------------------------------------


def test_reextraction_through_the_api_marks_a_decided_statement_outdated(analyst_client, seed_letters):
    doc = seed_letters[0].document
    st = Statement.objects.filter(document=doc, kind="repatriation").order_by("pk").first()
    review(st, Review.ACCEPTED)
    # As if an older extractor had read 650 where the current one reads 600.
    st.record = {**st.record, "count": 650}
    st.save(update_fields=["record"])
    r = send(analyst_client, "post", f"/api/documents/{doc.pk}/reextract")
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["document_id"] == doc.pk and out["outdated"] == [st.pk]
    assert out["updated"] == out["removed"] == out["added"] == [] and len(out["kept"]) > 10
    st.refresh_from_db()
    assert st.outdated["record"]["count"] == 600 and st.values()["count"] == 650
    entry = AuditEntry.objects.get(action="reextract")
    assert entry.target_id == str(doc.pk) and entry.detail["outdated"] == 1 and entry.detail["via"] == "api"


def test_a_viewer_may_not_reextract(viewer_client, seed_letters):
    doc = seed_letters[0].document
    r = send(viewer_client, "post", f"/api/documents/{doc.pk}/reextract")
    assert r.status_code == 403 and not AuditEntry.objects.filter(action="reextract").exists()


def test_the_new_routes_are_in_the_schema_with_their_errors(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    add = paths["/api/documents/{pk}/statements"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "422"} <= set(add)
    patch = paths["/api/documents/{pk}"]["patch"]["responses"]
    assert {"200", "401", "403", "404", "422"} <= set(patch)
    assert {"200", "400", "401", "403", "404"} <= set(
        paths["/api/documents/{pk}/reextract"]["post"]["responses"]
    )
