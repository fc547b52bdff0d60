"""A confidential document through the real store: its evidence sealed at rest, its facts by pseudonym.

The first seed letter goes in as confidential (real ingest, extraction, SQLite, keys); the raw
columns are read with SQL, past the fields that open sealed values, to see what is on disk.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from refwatch.knowledge import store
from refwatch.knowledge.fields import SEALED
from refwatch.knowledge.models import Actor, Document, LetterParty, ReviewEvent, Statement
from refwatch.knowledge.review import review
from refwatch.protection import crypto, names
from refwatch.protection.models import AuditEntry, Person

from .conftest import SEEDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

NAMES = ["Kim Jong Un", "Perdue", "Ami Bera", "Tim Kaine", "Van Hollen"]


@pytest.fixture
def confidential() -> Document:
    meta = {"title": "Case note on Ambassador Perdue", "publisher": "Office of Tim Kaine"}
    return store.add_path(SEEDS[0], visibility="confidential", meta=meta).document


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_evidence_is_sealed_in_its_columns_and_reads_back(confidential):
    doc = confidential
    for column in ("text", "title", "filename", "meta"):
        value = raw("knowledge_document", column, doc.pk)
        assert SEALED in value and not any(n in value for n in NAMES), column
    fresh = Document.objects.get(pk=doc.pk)
    assert "Dear Ambassador Perdue," in fresh.text and "Perdue" in fresh.title
    assert fresh.filename == SEEDS[0].name
    statements = list(Statement.objects.filter(document=doc))
    assert statements
    for st in statements:
        assert raw("knowledge_statement", "quote", st.pk).startswith(SEALED)
        assert SEALED in raw("knowledge_statement", "record", st.pk)
        # The quote read back is the exact span of the text: the evidence is unaltered.
        assert st.quote == fresh.text[st.start : st.end] or st.kind == "letter"
    senders = [s for s in statements if s.kind == "sender"]
    assert "Ami Bera, M.D." in {s.values()["name"] for s in senders}


def test_the_original_on_disk_is_sealed_and_downloads_as_it_came(confidential, protection_officer, viewer):
    doc = confidential
    on_disk = doc.original_path.read_bytes()
    came = SEEDS[0].read_bytes()
    assert on_disk != came and b"Perdue" not in on_disk
    assert hashlib.sha256(came).hexdigest() == doc.sha256
    response = client_for(protection_officer).get(reverse("web:original", args=[doc.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == came and hashlib.sha256(body).hexdigest() == doc.sha256
    assert AuditEntry.objects.filter(action="download", target_id=str(doc.pk)).count() == 1
    assert client_for(viewer).get(reverse("web:original", args=[doc.pk])).status_code == 404


def test_an_officer_reads_the_text_with_highlights_and_a_viewer_gets_404(
    confidential, protection_officer, viewer
):
    url = reverse("web:document", args=[confidential.pk])
    response = client_for(protection_officer).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dear Ambassador Perdue," in html
    start = html.index('<div class="doc-text">')
    body = html[start : html.index("</div>", start)]
    assert "Kim Jong Un" in body  # the text itself, opened for the officer
    assert re.search(
        r'href="/incidents/\d+/"><mark [^>]*data-kind="repatriation"[^>]*>600 North Korean refugees on October 9, 2023',
        body,
    )
    assert re.search(r'<mark [^>]*data-kind="actor"[^>]*>Kim Jong Un</mark>', body)
    denied = client_for(viewer).get(url)
    assert denied.status_code == 404
    assert not any(n in denied.content.decode() for n in NAMES)


def test_the_facts_carry_pseudonyms_not_names(confidential):
    people = {p.pseudonym for p in Person.objects.all()}
    assert len(people) >= 8  # Kim Jong Un, the recipient and the six senders
    parties = list(LetterParty.objects.filter(letter__document=confidential))
    assert len(parties) == 7
    for party in parties:
        assert re.match(r"\[Person R-\d{4}\]", party.name), party.name  # "[Person R-0005], M.D."
        assert party.address == []
    letter = confidential.letters.get()
    assert letter.salutation.startswith("Dear [Person R-") and "Perdue" not in letter.salutation
    actor_names = " ".join(Actor.objects.values_list("name", flat=True))
    actor_aliases = " ".join(str(a) for a in Actor.objects.values_list("aliases", flat=True))
    assert not any(n in actor_names + actor_aliases for n in NAMES)
    # The person actor is there by pseudonym, linking what documents tell of the same person.
    assert Actor.objects.filter(kind="person", name__startswith="[Person R-").exists()
    # The incidents, figures and asks are all there: confidential, not lost.
    assert store.fact_counts(confidential)["incidents"] == 2
    assert all(a.visibility == "confidential" for a in letter.asks.all()) and letter.asks.count() >= 2


def test_an_edit_in_review_stays_sealed_and_its_fact_by_pseudonym(confidential):
    st = Statement.objects.filter(document=confidential, kind="sender").order_by("start").first()
    review(
        st, "edited", corrections={"name": "Tim Kaine", "title": "Senator Tim Kaine"}, note="Tim Kaine signed"
    )
    assert raw("knowledge_statement", "edited", st.pk).startswith(f'"{SEALED}')
    event = ReviewEvent.objects.get(statement=st)
    assert raw("knowledge_reviewevent", "corrections", event.pk).startswith(f'"{SEALED}')
    assert raw("knowledge_reviewevent", "note", event.pk).startswith(SEALED)
    assert event.corrections["name"] == "Tim Kaine" and event.note == "Tim Kaine signed"
    assert raw("knowledge_statement", "record", st.pk).startswith(f'"{SEALED}')
    assert Statement.objects.get(pk=st.pk).values()["name"] == "Tim Kaine"
    party = LetterParty.objects.get(pk=st.party_id)
    assert "Kaine" not in party.name + party.title and party.name.startswith("[Person R-")


def test_an_internal_document_is_stored_in_clear(protection_officer):
    doc = store.add_path(SEEDS[0]).document
    assert raw("knowledge_document", "text", doc.pk) == doc.text and "Dear Ambassador Perdue" in doc.text
    assert doc.original_path.read_bytes() == SEEDS[0].read_bytes()
    st = Statement.objects.filter(document=doc, kind="sender").first()
    assert raw("knowledge_statement", "quote", st.pk) == st.quote
    assert not Person.objects.exists()  # nothing is protected for an internal document
    assert LetterParty.objects.filter(name="David Perdue").exists()
    response = client_for(protection_officer).get(reverse("web:original", args=[doc.pk]))
    assert b"".join(response.streaming_content) == SEEDS[0].read_bytes()


def test_plain_text_that_looks_sealed_is_kept_as_text(tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(f"{SEALED}{'0' * 64}:document.text:AAAA\nNot sealed at all.\n")
    doc = store.add_path(hostile).document
    assert Document.objects.get(pk=doc.pk).text.startswith(SEALED)
    assert raw("knowledge_document", "text", doc.pk).startswith("escaped:")


def test_a_sealed_document_still_opens_after_key_rotation(confidential, protection_officer):
    crypto.rotate()
    crypto.reset_caches()  # a process started after the rotation
    names.invalidate()
    assert "Dear Ambassador Perdue," in Document.objects.get(pk=confidential.pk).text
    response = client_for(protection_officer).get(reverse("web:original", args=[confidential.pk]))
    assert b"".join(response.streaming_content) == SEEDS[0].read_bytes()


def test_a_failed_confidential_ingest_stores_nothing(monkeypatch, settings):

    def broken(*args, **kwargs):
        raise RuntimeError("merge failed")

    monkeypatch.setattr(store, "store_extraction", broken)
    with pytest.raises(RuntimeError):
        store.add_path(SEEDS[0], visibility="confidential")
    assert not Document.objects.exists() and not Person.objects.exists()
    assert not [p for p in Path(settings.ORIGINALS_DIR).rglob("*") if p.is_file()]


def test_a_document_made_confidential_later_is_sealed_then(protection_officer):
    doc = store.add_path(SEEDS[0]).document
    assert raw("knowledge_document", "text", doc.pk) == doc.text
    store.set_visibility(doc, "confidential")
    assert doc.visibility == "confidential"
    for column in ("text", "title", "filename"):
        assert raw("knowledge_document", column, doc.pk).startswith(SEALED), column
    for st in Statement.objects.filter(document=doc):
        assert st.visibility == "confidential"
        assert raw("knowledge_statement", "quote", st.pk).startswith(SEALED)
    assert b"Perdue" not in doc.original_path.read_bytes()
    response = client_for(protection_officer).get(reverse("web:original", args=[doc.pk]))
    assert b"".join(response.streaming_content) == SEEDS[0].read_bytes()
    for party in LetterParty.objects.filter(letter__document=doc):
        assert party.name.startswith("[Person R-") and party.address == [] and party.actor is None
    assert "Perdue" not in doc.letters.get().salutation
    # Kim Jong Un was an Actor of this document only: now the pseudonym's.
    assert not Actor.objects.filter(name="Kim Jong Un").exists()
    assert Actor.objects.filter(
        kind="person", name__startswith="[Person R-", statements__document=doc
    ).exists()
    # Opened again to internal readers: the evidence stays sealed on disk and reads as before.
    store.set_visibility(doc, "internal")
    assert raw("knowledge_document", "text", doc.pk).startswith(SEALED)
    assert "Dear Ambassador Perdue," in Document.objects.get(pk=doc.pk).text


def test_the_api_opens_the_document_to_an_officer_and_hides_it_from_a_viewer(
    confidential, protection_officer, viewer
):
    url = f"/api/documents/{confidential.pk}"
    got = client_for(protection_officer).get(url)
    assert got.status_code == 200
    data = got.json()
    assert "Perdue" in data["title"]
    assert any("Ami Bera" in s["quote"] for s in data["statements"])
    denied = client_for(viewer).get(url)
    assert denied.status_code == 404 and not any(n in denied.content.decode() for n in NAMES)
    listed = client_for(viewer).get("/api/documents").content.decode()
    assert not any(n in listed for n in NAMES)


def test_the_ingest_command_seals_a_confidential_file(tmp_path):
    from typer.testing import CliRunner

    from refwatch.cli import app

    note = tmp_path / "note.txt"
    note.write_bytes(SEEDS[0].read_bytes())
    result = CliRunner().invoke(
        app, ["ingest", "--visibility", "confidential", str(note)], catch_exceptions=False
    )
    assert result.exit_code == 0 and "1 added" in result.output
    assert not any(n in result.output for n in NAMES)
    doc = Document.objects.get()
    assert doc.visibility == "confidential" and raw("knowledge_document", "text", doc.pk).startswith(SEALED)
    assert b"Perdue" not in doc.original_path.read_bytes()


def test_empty_json_columns_read_back_as_fresh_values_without_the_decoder(confidential, monkeypatch):
    """Most sealed JSON columns hold nothing ("{}", "[]") and are read without json.loads (a list
    of incidents reads thousands); what they read is what the decoder gave, a new value each
    time, and a sealed value or a JSON string that reads "{}" is still read as it was."""
    import json

    from refwatch.knowledge.fields import SealedJSONField

    field = SealedJSONField()
    decoded = []
    loads = json.loads
    monkeypatch.setattr(json, "loads", lambda *a, **k: decoded.append(a[0]) or loads(*a, **k))
    first, second = field.from_db_value("{}", None, connection), field.from_db_value("{}", None, connection)
    assert first == {} and second == {} and first is not second
    assert field.from_db_value("[]", None, connection) == []
    assert decoded == []
    assert field.from_db_value('"{}"', None, connection) == "{}"
    assert field.from_db_value(None, None, connection) is None
    st = Statement.objects.filter(document=confidential).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT record FROM knowledge_statement WHERE id = %s", [st.pk])
        (raw,) = cursor.fetchone()
    assert loads(raw).startswith(SEALED) and field.from_db_value(raw, None, connection) == st.record != {}
