"""Adding documents from the browser (/documents/add): analysts only, each file on its own."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from refwatch.knowledge.models import Document, Incident, Letter
from refwatch.protection.models import AuditEntry
from tests.conftest import SEEDS, make_user
from tests.makedocs import text_pdf

URL = "/documents/add"


def letter_file(index: int = 0, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or SEEDS[index].name, SEEDS[index].read_bytes(), content_type="text/plain")


def rows(body: str) -> dict[str, str]:
    """File name → result, from the page's table of outcomes."""
    found = re.findall(r'<tr class="outcome-(\w+)">\s*<td>([^<]*)</td>', body)
    return {name: status for status, name in found}


def test_the_url_is_the_named_route() -> None:
    assert reverse("web:upload") == URL


@pytest.mark.django_db
def test_an_analyst_adds_files_and_a_bad_one_is_refused_alone(analyst_client: Client) -> None:
    broken = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n1 0 obj <<", content_type="application/pdf")
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    r = analyst_client.post(URL, {"files": [letter_file(0), broken, empty], "visibility": "internal"})
    body = r.content.decode()
    assert r.status_code == 200
    assert rows(body) == {SEEDS[0].name: "added", "report.pdf": "refused", "empty.txt": "refused"}
    assert "empty (0 bytes)" in body
    doc = Document.objects.get()
    assert doc.filename == SEEDS[0].name and doc.visibility == "internal"
    assert f'href="/documents/{doc.pk}/"' in body
    # Its facts went in with it: the letter and the repatriation of October 2023.
    assert Letter.objects.count() == 1 and Incident.objects.filter(count=600).exists()
    entry = AuditEntry.objects.get(action="ingest")
    assert (entry.actor, entry.target_id) == ("anna", str(doc.pk))


@pytest.mark.django_db
def test_the_same_file_twice_is_one_document(analyst_client: Client) -> None:
    analyst_client.post(URL, {"files": [letter_file(1)], "visibility": "internal"})
    r = analyst_client.post(URL, {"files": [letter_file(1, "copy.txt")], "visibility": "internal"})
    assert rows(r.content.decode()) == {"copy.txt": "skipped"}
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_what_is_known_from_outside_the_text_is_kept(analyst_client: Client) -> None:
    text = b"Chinese authorities sent back about 60 North Koreans last week, activists said.\n"
    upload = SimpleUploadedFile("brief.txt", text, content_type="text/plain")
    analyst_client.post(
        URL,
        {
            "files": [upload],
            "visibility": "public",
            "published": "2024-05-02",
            "doc_type": "news",
            "title": "A brief",
        },
    )
    doc = Document.objects.get()
    assert (doc.title, doc.doc_type, doc.published, doc.visibility) == (
        "A brief",
        "news",
        "2024-05-02",
        "public",
    )
    # "last week" is read against the date given: the week of 2024-04-22.
    incident = Incident.objects.get()
    assert (incident.count, incident.date_start, incident.date_end) == (60, "2024-04-22", "2024-04-28")


@pytest.mark.django_db
def test_a_pdf_goes_in_like_its_text(analyst_client: Client) -> None:
    pdf = SimpleUploadedFile("letter.pdf", text_pdf(SEEDS[0].read_text()), content_type="application/pdf")
    r = analyst_client.post(URL, {"files": [pdf], "visibility": "internal"})
    assert rows(r.content.decode()) == {"letter.pdf": "added"}
    assert Document.objects.get().media_type == "application/pdf"
    assert Incident.objects.filter(count=600, date_start="2023-10-09").exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_before_it_is_read(analyst_client: Client, settings) -> None:
    settings.REFWATCH_MAX_FILE_BYTES = 1000
    r = analyst_client.post(URL, {"files": [letter_file(0)], "visibility": "internal"})
    body = r.content.decode()
    assert rows(body) == {SEEDS[0].name: "refused"} and "over the limit of 1,000 bytes" in body
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_confidential_file_is_seen_by_who_added_it_and_not_by_other_analysts(
    analyst_client: Client,
) -> None:
    analyst_client.post(URL, {"files": [letter_file(0)], "visibility": "confidential"})
    doc = Document.objects.get()
    assert doc.visibility == "confidential"
    assert analyst_client.get(f"/documents/{doc.pk}/").status_code == 200
    other = Client()
    other.force_login(make_user("otto", "analyst"))
    assert other.get(f"/documents/{doc.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_form_without_files_says_so_and_stores_nothing(analyst_client: Client) -> None:
    r = analyst_client.post(URL, {"visibility": "internal"})
    assert r.status_code == 200 and "This field is required" in r.content.decode()
    r = analyst_client.post(URL, {"files": [letter_file(0)], "visibility": "secret"})
    assert "Select a valid choice" in r.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_only_analysts_add(viewer_client: Client, client: Client) -> None:
    assert viewer_client.get(URL).status_code == 403
    r = viewer_client.post(URL, {"files": [letter_file(0)], "visibility": "internal"})
    assert r.status_code == 403 and SEEDS[0].name not in r.content.decode()
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Document.objects.exists()
    assert "Add documents" not in viewer_client.get("/documents/").content.decode()


@pytest.mark.django_db
def test_the_documents_page_leads_analysts_to_the_form(analyst_client: Client) -> None:
    body = analyst_client.get("/documents/").content.decode()
    assert f'href="{URL}"' in body
    form = analyst_client.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="csrfmiddlewaretoken"' in form


@pytest.mark.django_db
def test_a_confidential_upload_waits_sealed_on_disk_and_in_its_row(analyst) -> None:
    from django.db import connection

    from refwatch.knowledge import uploads

    text = b"Kim Chol-su, 34, was sent back from Tumen in May 2024, his sister said.\n"
    upload = uploads.submit(text, "kim-chol-su.txt", visibility="confidential", by=analyst)
    kept = uploads.incoming_path(upload).read_bytes()
    assert b"Kim" not in kept and uploads.incoming_bytes(upload) == text
    with connection.cursor() as cursor:
        cursor.execute("select name from knowledge_upload where id = %s", [upload.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("sealed:v1:") and "Kim" not in raw
    # A worker reads it once: a second take finds it held.
    assert uploads.take(upload.pk, "here:1:a") is not None
    assert uploads.take(upload.pk, "here:1:b") is None


@pytest.mark.django_db
def test_uploads_are_listed_to_who_added_them_only(analyst_client: Client) -> None:
    analyst_client.post(URL, {"files": [letter_file(0)], "visibility": "internal"})
    mine = analyst_client.get("/documents/uploads").content.decode()
    assert rows(mine) == {SEEDS[0].name: "added"}
    other = Client()
    other.force_login(make_user("otto", "analyst"))
    assert rows(other.get("/documents/uploads").content.decode()) == {}
    assert Client().get("/documents/uploads").status_code in (302, 403)
