"""The JSON API: every fact with its sources, the same access and redaction as the pages, JSON errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from refwatch.knowledge.models import Document, Letter, Statement
from refwatch.protection.models import AuditEntry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SECOND_LETTER_SIGNERS = {
    "James R. Walkinshaw": "house",
    "Tim Kaine": "senate",
    "James P. McGovern": "house",
    "Peter Welch": "senate",
    "Ami Bera, M.D.": "house",
    "Suhas Subramanyam": "house",
    "Chris Van Hollen": "senate",
    "Jeffrey A. Merkley": "senate",
}

CONFIDENTIAL_TEXT = (
    "Statement of 3 March 2025\n\n"
    "Chinese authorities forcibly repatriated 45 North Korean refugees on February 11, 2025, "
    "according to Kim Chol-su, a witness.\n"
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ok(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def post_review(client: Client, pk: int, body: object, *, raw: str | None = None):
    import json

    return client.post(
        f"/api/statements/{pk}/review",
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
    )


def letters_of(seed_letters) -> tuple[Letter, Letter]:
    first, second = (r.document.letters.get() for r in seed_letters)
    return first, second


# --- facts with their sources ------------------------------------------------------------


def test_incidents_of_the_seed_letters_with_two_sources_each(viewer_client, seed_letters):
    data = ok(viewer_client, "/api/incidents")
    assert data["count"] == 2
    by_date = {i["date_start"][:7]: i for i in data["items"]}
    october, april = by_date["2023-10"], by_date["2024-04"]
    assert (october["date_start"], october["date_end"], october["date_precision"]) == (
        "2023-10-09",
        "2023-10-09",
        "day",
    )
    assert (october["count"], october["qualifier"]) == (600, "exact")
    assert (april["count"], april["qualifier"], april["date_precision"]) == (200, "approximately", "month")
    docs = {r.document.pk for r in seed_letters}
    for incident in (october, april):
        assert incident["from"] == "China" and incident["to"] == "North Korea"
        assert incident["sources"] == 2 and incident["conflicts"] == []
        assert {s["document_id"] for s in incident["statements"]} == docs
        for s in incident["statements"]:
            text = Document.objects.get(pk=s["document_id"]).text
            assert text[s["span"][0] : s["span"][1]] == s["quote"]
            assert "600 North Korean refugees on October 9, 2023" in s["quote"]

    detail = ok(viewer_client, f"/api/incidents/{october['id']}")
    assert detail == october


def test_conflicting_counts_are_listed_not_averaged(analyst_client, seed_letters):
    incident = ok(analyst_client, "/api/incidents")["items"][0]
    one, other = incident["statements"]
    response = post_review(analyst_client, other["id"], {"state": "edited", "corrections": {"count": 500}})
    assert response.status_code == 200, response.content
    incident = ok(analyst_client, f"/api/incidents/{incident['id']}")
    conflicts = {c["count"]: c["documents"] for c in incident["conflicts"]}
    assert conflicts == {600: [one["document_id"]], 500: [other["document_id"]]}
    assert incident["count"] in (500, 600)


def test_second_letter_senders_follow_up_and_campaign(viewer_client, seed_letters):
    first, second = letters_of(seed_letters)
    data = ok(viewer_client, f"/api/letters/{second.pk}")
    assert {s["name"]: s["chamber"] for s in data["senders"]} == SECOND_LETTER_SIGNERS
    assert all(s["title"] and s["statements"] for s in data["senders"])
    assert data["bicameral"] is True and data["chambers"] == ["house", "senate"]
    assert data["follows_up"] == first.pk
    assert [r["name"] for r in data["recipients"]] == ["Donald J. Trump"]
    assert data["asks"] and all(a["statements"] for a in data["asks"])
    assert first.pk in [r["resolved"] for r in data["references"]]
    assert data["campaign_detail"]["letters"] == [first.pk, second.pk]
    assert ok(viewer_client, f"/api/letters/{first.pk}")["followed_by"] == [second.pk]
    listing = ok(viewer_client, "/api/letters")
    assert {item["id"] for item in listing["items"]} == {first.pk, second.pk}


def test_documents_and_statements(viewer_client, seed_letters):
    listing = ok(viewer_client, "/api/documents")
    assert listing["count"] == 2
    doc = seed_letters[1].document
    item = next(d for d in listing["items"] if d["id"] == doc.pk)
    assert item["sha256"] == doc.sha256 and item["type"] == "letter" and item["facts"] > 20
    detail = ok(viewer_client, f"/api/documents/{doc.pk}")
    assert len(detail["statements"]) == item["facts"]
    repatriation = next(s for s in detail["statements"] if s["kind"] == "repatriation")
    assert repatriation["fact"]["type"] == "incident"
    assert repatriation["fact"]["url"] == f"/api/incidents/{repatriation['fact']['id']}"
    assert repatriation["extractor_version"] and 0 < repatriation["confidence"] <= 1
    sender = next(s for s in detail["statements"] if s["kind"] == "sender")
    assert (
        sender["fact"]["type"] == "party" and sender["fact"]["url"] == f"/api/letters/{doc.letters.get().pk}"
    )
    assert ok(viewer_client, f"/api/statements/{sender['id']}") == sender
    # Pagination is ninja's: page size and page numbers are query parameters.
    page = ok(viewer_client, "/api/documents?page=2&page_size=1")
    assert page["count"] == 2 and len(page["items"]) == 1


# --- roles, review, audit ------------------------------------------------------------------


def test_anonymous_gets_401_json(client, seed_letters):
    st = Statement.objects.first()
    for url in ("/api/documents", "/api/incidents", "/api/letters", f"/api/statements/{st.pk}"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Unauthorized"}
    assert post_review(client, st.pk, {"state": "accepted"}).status_code == 401
    assert Statement.objects.get(pk=st.pk).review == "suggested"


def test_public_mode_shows_public_records_only(client, seed_letters, settings):
    settings.REFWATCH_PUBLIC = True
    assert ok(client, "/api/incidents")["count"] == 0
    first, _second = letters_of(seed_letters)
    assert client.get(f"/api/letters/{first.pk}").status_code == 404
    Letter.objects.filter(pk=first.pk).update(visibility="public")
    assert ok(client, f"/api/letters/{first.pk}")["id"] == first.pk
    assert ok(client, "/api/letters")["count"] == 1
    assert ok(client, f"/api/letters/{first.pk}")["senders"] == []  # its parties are still internal
    st = Statement.objects.first()
    assert post_review(client, st.pk, {"state": "accepted"}).status_code == 401


def test_public_mode_never_shows_a_protected_name(client, seed_letters, settings):
    from refwatch.knowledge.models import LetterParty
    from refwatch.protection.names import protect_names

    settings.REFWATCH_PUBLIC = True
    _first, second = letters_of(seed_letters)
    Letter.objects.filter(pk=second.pk).update(visibility="public")
    LetterParty.objects.filter(letter=second).update(visibility="public")
    Statement.objects.filter(party__letter=second).update(visibility="public")
    Document.objects.filter(pk=second.document_id).update(visibility="public")
    (person,) = protect_names(["Ami Bera"], category="returnee")
    response = client.get(f"/api/letters/{second.pk}")
    assert response.status_code == 200 and "Bera" not in response.content.decode()
    senders = response.json()["senders"]
    assert len(senders) == 8 and f"[{person.pseudonym}], M.D." in [s["name"] for s in senders]
    assert all(s["statements"] for s in senders)
    bera = next(s for s in senders if s["name"].startswith("["))["statements"][0]
    assert ok(client, f"/api/statements/{bera['id']}")["quote"] == f"[{person.pseudonym}], M.D."


def test_viewer_reads_but_may_not_review(viewer_client, seed_letters):
    st = Statement.objects.filter(kind="repatriation").first()
    assert ok(viewer_client, f"/api/statements/{st.pk}")["review"] == "suggested"
    response = post_review(viewer_client, st.pk, {"state": "rejected"})
    assert response.status_code == 403
    assert response.json() == {"detail": "reviewing needs the analyst role"}
    assert Statement.objects.get(pk=st.pk).review == "suggested"
    assert not AuditEntry.objects.filter(action="review").exists()


def test_analyst_reviews_and_it_is_audited(analyst_client, analyst, seed_letters):
    st = Statement.objects.filter(kind="repatriation").order_by("pk").first()
    incident_id = st.incident_id
    assert ok(analyst_client, f"/api/incidents/{incident_id}")["sources"] == 2
    response = post_review(analyst_client, st.pk, {"state": "rejected", "note": "checked against the CECC"})
    assert response.status_code == 200
    assert response.json()["review"] == "rejected"
    st.refresh_from_db()
    assert st.review == "rejected" and st.reviewed_by == analyst
    assert st.review_events.get().note == "checked against the CECC"
    entry = AuditEntry.objects.get(action="review")
    assert (entry.actor, entry.target_id) == ("anna", str(st.pk))
    assert entry.detail == {"review": "rejected", "previous": "suggested", "via": "api"}
    # The rejected statement no longer supports the incident.
    assert ok(analyst_client, f"/api/incidents/{incident_id}")["sources"] == 1

    response = post_review(analyst_client, st.pk, {"state": "accepted"})
    assert response.status_code == 200 and Statement.objects.get(pk=st.pk).review == "accepted"


def test_review_needs_the_csrf_token(analyst, seed_letters):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    st = Statement.objects.first()
    response = post_review(client, st.pk, {"state": "accepted"})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert Statement.objects.get(pk=st.pk).review == "suggested"


# --- confidential records and protected names ----------------------------------------------


def test_confidential_document_is_invisible_to_a_viewer(
    viewer_client, protection_officer, seed_letters, tmp_path
):
    from refwatch.knowledge import store

    path = Path(tmp_path) / "witness.txt"
    path.write_text(CONFIDENTIAL_TEXT, encoding="utf-8")
    doc = store.add_path(path, visibility="confidential").document
    assert ok(viewer_client, "/api/documents")["count"] == 2
    assert doc.pk not in [d["id"] for d in ok(viewer_client, "/api/documents")["items"]]
    response = viewer_client.get(f"/api/documents/{doc.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"no document with id {doc.pk}"}
    hidden = list(doc.statements.values_list("pk", flat=True))
    assert hidden
    for pk in hidden:
        assert viewer_client.get(f"/api/statements/{pk}").status_code == 404
    incidents = ok(viewer_client, "/api/incidents")["items"]
    assert all(s["document_id"] != doc.pk for i in incidents for s in i["statements"])
    assert 45 not in [i["count"] for i in incidents]

    officer = client_for(protection_officer)
    assert doc.pk in [d["id"] for d in ok(officer, "/api/documents")["items"]]
    assert ok(officer, f"/api/documents/{doc.pk}")["visibility"] == "confidential"


def test_protected_name_is_redacted_for_a_viewer(viewer_client, protection_officer, seed_letters):
    from refwatch.protection.names import protect_names

    (person,) = protect_names(["Ami Bera"], category="returnee")
    _first, second = letters_of(seed_letters)
    pseudonym = f"[{person.pseudonym}]"
    st = Statement.objects.get(document=second.document, kind="sender", quote__startswith="Ami Bera")
    urls = [
        f"/api/letters/{second.pk}",
        f"/api/statements/{st.pk}",
        f"/api/documents/{second.document_id}",
        "/api/letters",
    ]
    for url in urls:
        body = viewer_client.get(url).content.decode()
        assert "Ami Bera" not in body and "Bera" not in body, url
        assert pseudonym in body, url
    senders = [s["name"] for s in ok(viewer_client, f"/api/letters/{second.pk}")["senders"]]
    assert f"{pseudonym}, M.D." in senders
    assert ok(viewer_client, f"/api/statements/{st.pk}")["quote"] == f"{pseudonym}, M.D."

    officer = client_for(protection_officer)
    assert ok(officer, f"/api/statements/{st.pk}")["quote"] == "Ami Bera, M.D."
    assert "Ami Bera, M.D." in [s["name"] for s in ok(officer, f"/api/letters/{second.pk}")["senders"]]


def test_a_user_without_a_role_sees_public_records_only(seed_letters):
    client = client_for(make_user("nobody"))
    assert ok(client, "/api/documents")["count"] == 0
    assert client.get(f"/api/documents/{seed_letters[0].document.pk}").status_code == 404


# --- errors are JSON -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "raw", "status", "says"),
    [
        (None, "{not json", 400, "Cannot parse request body"),
        ({"state": "maybe"}, None, 422, "state"),
        ({}, None, 422, "state"),
        ({"state": "edited", "corrections": "600"}, None, 422, "corrections"),
        ({"state": "edited"}, None, 400, "an edit needs corrections"),
        ({"state": "edited", "corrections": {"colour": "red"}}, None, 400, "cannot correct colour"),
        ({"state": "accepted", "corrections": {"count": 5}}, None, 400, "only taken with state 'edited'"),
        (["accepted"], None, 422, "state"),
    ],
)
def test_malformed_review_gives_a_json_error(analyst_client, seed_letters, body, raw, status, says):
    st = Statement.objects.filter(kind="repatriation").first()
    response = post_review(analyst_client, st.pk, body, raw=raw)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert says in str(response.json()["detail"])
    assert Statement.objects.get(pk=st.pk).review == "suggested"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/documents/99999", 404),
        ("/api/incidents/99999", 404),
        ("/api/letters/99999", 404),
        ("/api/statements/99999", 404),
        ("/api/documents/abc", 422),
        ("/api/documents/0", 422),
        ("/api/documents/99999999999999999999999", 422),
        ("/api/incidents?page=0", 422),
        ("/api/letters?page_size=x", 422),
        ("/api/nothing/here", 404),
    ],
)
def test_unknown_ids_and_bad_parameters_are_json(viewer_client, seed_letters, url, status):
    response = viewer_client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_review_of_an_unknown_statement_is_404(analyst_client, seed_letters):
    response = post_review(analyst_client, 99999, {"state": "accepted"})
    assert response.status_code == 404 and response.json() == {"detail": "no statement with id 99999"}


# --- the schema ------------------------------------------------------------------------------


def test_openapi_schema_lists_the_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "refwatch"
    assert set(schema["paths"]) >= {
        "/api/documents",
        "/api/documents/{pk}",
        "/api/incidents",
        "/api/incidents/{pk}",
        "/api/letters",
        "/api/letters/{pk}",
        "/api/statements/{pk}",
        "/api/statements/{pk}/review",
    }
    assert "post" in schema["paths"]["/api/statements/{pk}/review"]
    # The docs page is refwatch's own (static Swagger UI, no inline script: test_api_outputs.py).
    assert client.get("/api/docs").status_code == 200


# --- figures and actors ----------------------------------------------------------------------


def test_figures_with_their_sources(viewer_client, seed_letters):
    figures = ok(viewer_client, "/api/figures")["items"]
    children = next(f for f in figures if f["quantity"] == 30000)
    assert children["unit"] == "children" and children["qualifier"] == "approximately"
    assert children["sources"] == 1 and "30,000 children" in children["statements"][0]["quote"]


def test_actors_with_aliases_and_the_documents_naming_them(viewer_client, seed_letters):
    actors = {a["name"]: a for a in ok(viewer_client, "/api/actors?page_size=100")["items"]}
    china = next(a for a in actors.values() if a["kind"] == "state" and "PRC" in a["aliases"])
    assert len(china["documents"]) == 2 and china["mentions"] >= 2


def test_an_actor_only_a_confidential_document_names_is_not_listed_to_a_viewer(
    viewer_client, protection_officer, seed_letters, tmp_path
):
    from refwatch.knowledge import store

    path = Path(tmp_path) / "note.txt"
    path.write_text("Memo of 3 March 2025\n\nThe family spoke to Korea Future and to China's police.\n")
    doc = store.add_path(path, visibility="confidential").document
    officer = client_for(protection_officer)
    named = {a["name"]: a for a in ok(officer, "/api/actors?page_size=100")["items"]}
    assert doc.pk in named["Korea Future"]["documents"] and doc.pk in named["China"]["documents"]
    seen = {a["name"]: a for a in ok(viewer_client, "/api/actors?page_size=100")["items"]}
    # Named only there: not listed at all. Named in the seed letters too: listed without it.
    assert "Korea Future" not in seen
    assert doc.pk not in seen["China"]["documents"] and len(seen["China"]["documents"]) == 2


def test_answers_read_from_dicts_are_those_ninja_s_getter_gave(viewer_client, seed_letters, monkeypatch):
    # The answers' schemas validate the routes' dicts as they are (refwatch.api.schemas.Out), not
    # field by field through ninja's getter of model attributes: every answer is the same.
    from ninja.schema import DjangoGetter

    from refwatch.api import schemas
    from refwatch.web import shared

    first, second = letters_of(seed_letters)
    incident = ok(viewer_client, "/api/incidents")["items"][0]["id"]
    document = first.document_id
    urls = [
        "/api/letters",
        f"/api/letters/{first.pk}",
        f"/api/letters/{second.pk}",
        "/api/incidents",
        f"/api/incidents/{incident}",
        "/api/documents",
        f"/api/documents/{document}",
        "/api/figures",
        "/api/actors",
        "/api/search?q=Perdue",
        "/api/search?q=repatriated&type=letter",
    ]
    fast = [ok(viewer_client, url) for url in urls]
    shared._kept.clear()
    read: list[type] = []

    def as_ninja_reads(values, schema, context):
        read.append(schema)
        return DjangoGetter(values, schema, context)

    monkeypatch.setattr(schemas, "_as_read", as_ninja_reads)
    assert [ok(viewer_client, url) for url in urls] == fast
    assert {schemas.LetterOut, schemas.PartyOut, schemas.IncidentOut, schemas.Source} <= set(read)
    assert fast[1]["senders"] and fast[3]["items"] and fast[9]["hits"]
