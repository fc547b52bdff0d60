"""Who may see a document, changed after it went in: an analyst seals it, only a protection
officer opens it, each change audited; a viewer never meets a sealed document anywhere, and
opening it brings its statements back (through the real store, pages, API and command)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from refwatch.actions import Actions, Refused
from refwatch.knowledge import store
from refwatch.knowledge.access import grant
from refwatch.knowledge.fields import SEALED
from refwatch.knowledge.models import Document, Figure, Statement
from refwatch.protection.models import AuditEntry
from refwatch.protection.names import protect_names

from .conftest import SEEDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

# A word no other text holds, to search for; a figure at a place, an incident at another.
REPORT = """Quillfeather monitoring note on detentions

An estimated 2,000 North Koreans were detained in Dandong in 2024, according to Human Rights Watch.

Chinese authorities forcibly repatriated 50 North Koreans from Hunchun on March 3, 2024.
"""


@pytest.fixture
def report(tmp_path) -> Document:
    path = tmp_path / "quillfeather-note.txt"
    path.write_text(REPORT, encoding="utf-8")
    return store.add_path(path).document


def client_for(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def entries(doc: Document) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="set_visibility", target_id=str(doc.pk)).order_by("seq"))


def test_an_analyst_seals_a_document_and_the_change_is_audited(report, analyst):
    Actions(analyst).set_visibility(report.pk, "confidential")
    report.refresh_from_db()
    assert report.visibility == "confidential"
    assert raw("knowledge_document", "text", report.pk).startswith(SEALED)
    [entry] = entries(report)
    assert entry.actor == analyst.username and entry.target_type == "knowledge.document"
    assert entry.detail == {"visibility": "confidential", "previous": "internal"}


def test_only_a_protection_officer_opens_a_document(report, analyst, viewer, protection_officer):
    with pytest.raises(Refused) as refused:
        Actions(viewer).set_visibility(report.pk, "confidential")
    assert refused.value.kind == "forbidden"
    # Making an internal document public shows it to more people: an analyst may not.
    with pytest.raises(Refused) as refused:
        Actions(analyst).set_visibility(report.pk, "public")
    assert refused.value.kind == "forbidden"
    Actions(analyst).set_visibility(report.pk, "confidential")
    # Sealed, it is out of the analyst's sight: not found, as a document that does not exist.
    with pytest.raises(Refused) as refused:
        Actions(analyst).set_visibility(report.pk, "internal")
    assert refused.value.kind == "not_found"
    # Opened to them by a grant, they read it; still they may not open it to others.
    grant(Document.objects.get(pk=report.pk), user=analyst)
    with pytest.raises(Refused) as refused:
        Actions(analyst).set_visibility(report.pk, "internal")
    assert refused.value.kind == "forbidden"
    assert Document.objects.get(pk=report.pk).visibility == "confidential"
    assert len(entries(report)) == 1  # refusals change nothing and write no entry
    Actions(protection_officer).set_visibility(report.pk, "internal")
    assert Document.objects.get(pk=report.pk).visibility == "internal"
    assert [(e.actor, e.detail["previous"], e.detail["visibility"]) for e in entries(report)] == [
        (analyst.username, "internal", "confidential"),
        (protection_officer.username, "confidential", "internal"),
    ]


def test_an_unknown_visibility_is_refused(report, protection_officer):
    with pytest.raises(Refused) as refused:
        Actions(protection_officer).set_visibility(report.pk, "secret")
    assert refused.value.kind == "invalid" and Document.objects.get(pk=report.pk).visibility == "internal"


def _seen_by(client: Client, report: Document) -> dict[str, str]:
    """What a reader meets of the report on every page and route that lists or finds things."""
    return {
        "documents": client.get(reverse("web:documents")).content.decode(),
        "search": client.get(reverse("web:search"), {"q": "Quillfeather"}).content.decode(),
        "api search": client.get("/api/search", {"q": "Quillfeather"}).content.decode(),
        "api documents": client.get("/api/documents").content.decode(),
        "figures": client.get(reverse("web:figures")).content.decode(),
        "api figures": client.get("/api/figures").content.decode(),
        "incidents": client.get(reverse("web:incidents")).content.decode(),
        "map": client.get(reverse("web:map")).content.decode(),
        "overview": client.get(reverse("web:home")).content.decode(),
        "export": client.get(reverse("web:export", args=["figures"]), {"format": "csv"}).content.decode(),
    }


def test_a_viewer_never_sees_a_sealed_document(report, analyst, viewer):
    looker = client_for(viewer)
    page = reverse("web:document", args=[report.pk])
    before = _seen_by(looker, report)
    # Seen before: each check below can fail.
    assert page in before["documents"] and "Quillfeather" in before["search"]
    assert page in before["search"] and "monitoring note" in before["documents"]
    assert "Quillfeather" in before["api search"] and f'"id": {report.pk}' in before["api documents"]
    assert '"total": 1' in before["api search"] and f"/api/documents/{report.pk}" in before["api search"]
    assert "2,000" in before["figures"] and "Dandong" in before["api figures"] and "2,000" in before["map"]
    assert 'data-place="Dandong"' in before["map"] and "Dandong" in before["export"]
    assert 'data-place="Hunchun"' in before["map"]
    [incident_id] = Statement.objects.filter(document=report, kind="repatriation").values_list(
        "incident", flat=True
    )
    incident = reverse("web:incident", args=[incident_id])
    assert incident in before["incidents"] and incident in before["overview"]
    assert looker.get(page).status_code == 200

    sealer = client_for(analyst)
    form = sealer.get(page).content.decode()
    assert 'value="confidential"' in form and 'value="public"' not in form
    answer = sealer.post(reverse("web:set_visibility", args=[report.pk]), {"visibility": "confidential"})
    assert answer.status_code == 302
    # The analyst may not read it sealed: they land on the list, told what became of it.
    assert answer["Location"].startswith(reverse("web:documents"))
    assert Document.objects.get(pk=report.pk).visibility == "confidential"

    after = _seen_by(looker, report)
    assert page not in after["documents"]
    # The query is said back on the search page; the document, its title and its words are not.
    for where in ("search", "api search", "documents", "api documents"):
        assert "monitoring note" not in after[where] and "detained in" not in after[where], where
    assert page not in after["search"] and f"/api/documents/{report.pk}" not in after["api search"]
    assert '"total": 0' in after["api search"]
    assert f'"id": {report.pk}' not in after["api documents"]
    for where in ("figures", "api figures", "export", "map"):
        assert "2,000" not in after[where], where
    # The pages' place menus name every place of the gazetteer; the data does not name this one.
    assert "Dandong" not in after["api figures"] and "Dandong" not in after["export"]
    assert 'id="figure-' not in after["figures"]
    assert 'data-place="Dandong"' not in after["map"] and 'data-place="Hunchun"' not in after["map"]
    assert incident not in after["incidents"] and incident not in after["overview"]
    assert looker.get(incident).status_code == 404
    assert looker.get(page).status_code == 404
    assert looker.get(f"/api/documents/{report.pk}").status_code == 404
    assert looker.get(reverse("web:original", args=[report.pk])).status_code == 404
    assert looker.get(reverse("web:figures"), {"place": "Dandong"}).content.decode().count("2,000") == 0


def test_opening_brings_the_statements_back(report, analyst, viewer, protection_officer):
    figure = Figure.objects.get(statements__document=report)
    Actions(analyst).set_visibility(report.pk, "confidential")
    assert not client_for(viewer).get("/api/figures").json()["items"]
    page = client_for(protection_officer).get(reverse("web:document", args=[report.pk])).content.decode()
    assert 'value="internal"' in page and 'value="public"' in page
    opened = client_for(protection_officer).post(
        reverse("web:set_visibility", args=[report.pk]), {"visibility": "internal"}
    )
    assert opened["Location"] == reverse("web:document", args=[report.pk]) + "#visibility"
    looker = client_for(viewer)
    doc = looker.get(f"/api/documents/{report.pk}")
    assert doc.status_code == 200
    assert any("2,000 North Koreans" in s["quote"] for s in doc.json()["statements"])
    [shown] = looker.get("/api/figures").json()["items"]
    assert shown["id"] == figure.pk and shown["places"] == ["Dandong"]
    # Derived again through the merge: the fact is shown and as open as its statements.
    figure.refresh_from_db()
    assert not figure.hidden and figure.visibility == "internal" and figure.places == {"Dandong": "internal"}
    # Nothing here names a protected person: the statements are written in clear again.
    for st in Statement.objects.filter(document=report):
        assert st.visibility == "internal"
        assert not raw("knowledge_statement", "quote", st.pk).startswith(SEALED)


def test_statements_naming_a_protected_person_stay_sealed_when_opened(protection_officer):
    doc = store.add_path(SEEDS[0]).document
    Actions(protection_officer).set_visibility(doc.pk, "confidential")
    Actions(protection_officer).set_visibility(doc.pk, "internal")
    naming = [s for s in Statement.objects.filter(document=doc) if "Kim Jong Un" in s.quote]
    others = [
        s
        for s in Statement.objects.filter(document=doc)
        if "Kim Jong Un" not in s.quote and "Perdue" not in s.quote
    ]
    assert naming and others
    for st in naming:
        assert raw("knowledge_statement", "quote", st.pk).startswith(SEALED)
    assert any(not raw("knowledge_statement", "quote", st.pk).startswith(SEALED) for st in others)
    assert all(s.visibility == "internal" for s in Statement.objects.filter(document=doc))


def test_a_statement_naming_a_protected_person_stays_sealed_when_saved_again(protection_officer):
    # A review or a re-extraction saves the statement again after its document was opened: its
    # key must not follow the visibility alone, or the name would be written in clear then.
    doc = store.add_path(SEEDS[0]).document
    Actions(protection_officer).set_visibility(doc.pk, "confidential")
    Actions(protection_officer).set_visibility(doc.pk, "internal")
    naming = next(s for s in Statement.objects.filter(document=doc) if "Kim Jong Un" in s.quote)
    naming.edited = {"note": "checked"}
    naming.save()
    for column in ("quote", "record", "edited"):
        assert raw("knowledge_statement", column, naming.pk).lstrip('"').startswith(SEALED)
    assert Statement.objects.get(pk=naming.pk).edited == {"note": "checked"}


def test_a_statement_is_sealed_on_its_next_save_once_a_name_in_it_is_protected():
    # Whether a statement names a protected person is kept between the sealed fields of one save:
    # a name protected after the last save must be asked of again, not answered from what was kept.
    doc = store.add_path(SEEDS[0]).document
    naming = next(s for s in Statement.objects.filter(document=doc) if "Kim Jong Un" in s.quote)
    naming.save()
    assert not raw("knowledge_statement", "quote", naming.pk).startswith(SEALED)
    protect_names(["Kim Jong Un"])
    naming.save()
    assert raw("knowledge_statement", "quote", naming.pk).startswith(SEALED)


def test_the_control_is_shown_only_to_whom_may_use_it_and_needs_its_token(report, viewer, analyst):
    page = reverse("web:document", args=[report.pk])
    assert 'id="visibility"' not in client_for(viewer).get(page).content.decode()
    assert (
        client_for(viewer)
        .post(reverse("web:set_visibility", args=[report.pk]), {"visibility": "confidential"})
        .status_code
        == 403
    )
    # A form posted from elsewhere (no CSRF token) is refused.
    forged = client_for(analyst, csrf=True).post(
        reverse("web:set_visibility", args=[report.pk]), {"visibility": "confidential"}
    )
    assert forged.status_code == 403
    assert Document.objects.get(pk=report.pk).visibility == "internal" and not entries(report)


def test_the_command_seals_and_opens(report):
    from typer.testing import CliRunner

    from refwatch.cli import app

    sealed = CliRunner().invoke(
        app, ["visibility", str(report.pk), "--to", "confidential"], catch_exceptions=False
    )
    assert sealed.exit_code == 0 and "internal -> confidential" in sealed.output
    assert Document.objects.get(pk=report.pk).visibility == "confidential"
    [entry] = entries(report)
    assert entry.actor.startswith("cli:") and entry.detail["via"] == "cli"
    missing = CliRunner().invoke(app, ["visibility", "999999", "--to", "internal"], catch_exceptions=False)
    assert missing.exit_code == 1 and "refused" in missing.output
    wrong = CliRunner().invoke(app, ["visibility", str(report.pk), "--to", "secret"], catch_exceptions=False)
    assert wrong.exit_code != 0 and Document.objects.get(pk=report.pk).visibility == "confidential"
    opened = CliRunner().invoke(app, ["visibility", str(report.pk), "--to", "public"], catch_exceptions=False)
    assert opened.exit_code == 0 and Document.objects.get(pk=report.pk).visibility == "public"
    assert len(entries(report)) == 2


def test_the_api_seals_and_opens_as_the_page_does(report, viewer, analyst, protection_officer):
    url = f"/api/documents/{report.pk}/visibility"
    denied = client_for(viewer).post(url, {"visibility": "confidential"}, content_type="application/json")
    assert denied.status_code == 403
    sealed = client_for(analyst).post(url, {"visibility": "confidential"}, content_type="application/json")
    assert sealed.status_code == 200
    assert sealed.json() == {
        "document_id": report.pk,
        "visibility": "confidential",
        "previous": "internal",
        "readable": False,
    }
    # Out of the analyst's sight now: opening it is a 404 to them, as any unknown document.
    again = client_for(analyst).post(url, {"visibility": "internal"}, content_type="application/json")
    assert again.status_code == 404
    bad = client_for(protection_officer).post(url, {"visibility": "secret"}, content_type="application/json")
    assert bad.status_code == 422
    opened = client_for(protection_officer).post(
        url, {"visibility": "public"}, content_type="application/json"
    )
    assert opened.status_code == 200 and opened.json()["readable"] is True
    assert [e.detail.get("via") for e in entries(report)] == ["api", "api"]
    assert Document.objects.get(pk=report.pk).visibility == "public"
