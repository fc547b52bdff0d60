"""Issue 12's smaller leaks, each reproduced: escaped Hangul in logs, the pseudonym of a person
known only from a confidential document, uploads in the temporary folder, consent's source in
clear, pages without no-store, and a page number of twenty digits."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from refwatch.knowledge import store
from refwatch.knowledge.access import grant
from refwatch.protection import logs, names
from refwatch.protection.consent import record_consent
from refwatch.protection.models import Consent, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_hangul_name_in_an_escaped_log_line_is_redacted(viewer, caplog):
    person = Person(name_korean="김철수")
    person.save()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_for(viewer).get("/김철수/").status_code == 404
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Not Found" in logged
    assert "\\uae40\\ucca0\\uc218" not in logged and "김철수" not in logged
    assert person.pseudonym in logged
    # Percent-encoded as a server writes a path, too; a control character stays escaped.
    assert "%EA%B9%80%EC%B2%A0%EC%88%98" not in logs.readable("GET /%EA%B9%80%EC%B2%A0%EC%88%98/")
    assert logs.readable("a\\u000ab %0A") == "a\\u000ab %0A"


def test_a_person_known_only_from_a_document_the_reader_cannot_open_is_not_named_by_pseudonym(
    tmp_path, analyst, protection_officer
):
    secret = tmp_path / "case.txt"
    secret.write_text("Case note\n\nOur caseworker met Kim Chol-su in Yanji on 3 March 2024.\n")
    confidential = store.add_path(secret, visibility="confidential").document
    person = names.person_for_name("Kim Chol-su")
    assert person is not None
    ordinary = tmp_path / "news.txt"
    ordinary.write_text("News\n\nKim Chol-su was seen near Tumen last week, residents said.\n")
    doc = store.add_path(ordinary).document
    url = reverse("web:document", args=[doc.pk])

    page = client_for(analyst).get(url).content.decode()
    assert "Kim Chol-su" not in page
    assert person.pseudonym not in page and "[protected name]" in page
    assert person.pseudonym not in client_for(analyst).get(f"/api/documents/{doc.pk}").content.decode()
    # Once the analyst may open the confidential document, the pseudonym links the two.
    grant(confidential, user=analyst)
    assert person.pseudonym in client_for(analyst).get(url).content.decode()
    assert "Kim Chol-su" in client_for(protection_officer).get(url).content.decode()


def test_a_large_confidential_upload_never_touches_the_temporary_folder(
    analyst_client, monkeypatch, settings
):
    written = []
    original_init = TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        written.append(args)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", spy)
    body = (
        "Case note\n\nOur caseworker met Kim Chol-su in Yanji.\n" + "Filler line of the report.\n" * 150_000
    )
    assert len(body) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    upload = SimpleUploadedFile("big-case.txt", body.encode(), content_type="text/plain")
    response = analyst_client.post(reverse("web:upload"), {"files": [upload], "visibility": "confidential"})
    assert response.status_code == 200
    assert "added" in response.content.decode()
    assert written == []


def test_an_upload_over_the_limit_is_refused_with_the_limit(analyst_client, settings):
    settings.REFWATCH_MAX_FILE_BYTES = 1000
    upload = SimpleUploadedFile("long.txt", b"x" * 5000, content_type="text/plain")
    response = analyst_client.post(reverse("web:upload"), {"files": [upload], "visibility": "internal"})
    assert "5,000 bytes is over the limit of 1,000 bytes" in response.content.decode()


def test_consent_source_is_sealed():
    person = Person(name_romanised="Ri Sun-hee")
    person.save()
    consent = record_consent(person, "storage", True, source="interview with her brother in Yanji")
    with connection.cursor() as cursor:
        cursor.execute("SELECT source FROM protection_consent WHERE id = %s", [consent.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"Yanji" not in raw and b"brother" not in raw
    assert Consent.objects.get(pk=consent.pk).source == "interview with her brother in Yanji"


def test_pages_and_api_answers_are_not_stored_by_caches(protection_officer, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Note\n\nOn October 9, 2023, China forcibly repatriated 600 North Korean refugees.\n")
    doc = store.add_path(path).document
    client = client_for(protection_officer)
    for url in (reverse("web:document", args=[doc.pk]), "/people/", f"/api/documents/{doc.pk}", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_a_page_number_of_twenty_digits_is_a_clear_4xx(viewer):
    response = client_for(viewer).get("/api/documents?page=" + "9" * 20)
    assert response.status_code == 422
    assert "page" in response.content.decode()
    assert client_for(viewer).get("/api/documents?page=2").status_code == 200
