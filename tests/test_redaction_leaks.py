"""Issue 12's leaks of identities: originals, details beyond names, everywhere a document is read.

An ordinary (internal) report names a protected person with her phone, birth date, address and
passport number, and another phone nobody recorded. It goes through the real store; viewers,
analysts, anonymous readers of a public instance and a user granted one confidential document
read it by page, API, figures and original download, and find none of her identity.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from refwatch.knowledge import store
from refwatch.knowledge.access import grant
from refwatch.knowledge.models import Document
from refwatch.protection import names
from refwatch.protection.models import AuditEntry, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

REPORT = """Report on detentions in Jilin Province

March 3, 2024

Our caseworker met Ri Sun-hee (리순희, born 1994-03-02) in Yanji. She can be reached at +82 10-5555-0101. Her address in Seoul was 12 Hyehwa-ro 3-gil, Jongno-gu; her passport number is M12345678, her date of birth 2 March 1994.

Chinese authorities detained at least 15 North Korean refugees in Yanji in February 2024, a witness told us by phone from 010-7777-1234.

On October 9, 2023, China forcibly repatriated 600 North Korean refugees, according to the CECC.
"""
# Everything of her identity, in every form the report writes it.
IDENTITY = [
    "Ri Sun-hee",
    "Sun-hee",
    "리순희",
    "1994-03-02",
    "2 March 1994",
    "10-5555-0101",
    "5555-0101",
    "Hyehwa-ro",
    "M12345678",
    "010-7777-1234",
]


@pytest.fixture
def person() -> Person:
    p = Person(
        category=Person.Category.REFUGEE,
        name_romanised="Ri Sun-hee",
        name_korean="리순희",
        birth_date="1994-03-02",
        phones=["+82 10 5555 0101"],
        addresses=["12 Hyehwa-ro 3-gil"],
        document_numbers=["M 12345678"],
    )
    p.save()
    return p


@pytest.fixture
def report(tmp_path, person) -> Document:
    path = tmp_path / "jilin-report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return store.add_path(path).document


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_no_identity(body: str, where: str) -> None:
    for secret in IDENTITY:
        assert secret not in body, (where, secret)


def download(client: Client, doc: Document):
    response = client.get(reverse("web:original", args=[doc.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


# --- 1. the original file ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_the_original_of_an_ordinary_document_is_redacted_for_viewer_and_analyst(
    role, report, person, request
):
    user = request.getfixturevalue(role)
    response, body = download(client_for(user), report)
    text = body.decode("utf-8")
    assert_no_identity(text, "original")
    assert response["Content-Type"].startswith("text/plain")
    assert ".redacted.txt" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    # The rendering is the page's: pseudonyms where the names were, the rest of the text intact.
    assert f"[{person.pseudonym}]" in text
    assert "China forcibly repatriated 600 North Korean refugees" in text
    assert body != Path(report.original_path).read_bytes()
    assert AuditEntry.objects.filter(action="download_redacted", target_id=str(report.pk)).exists()


def test_a_protection_officer_downloads_the_original_bytes(report, protection_officer):
    _response, body = download(client_for(protection_officer), report)
    assert body == REPORT.encode("utf-8")


def test_a_reader_allowed_the_person_gets_the_original(report, person, viewer):
    person.allowed_users.add(viewer)
    _response, body = download(client_for(viewer), report)
    assert body == REPORT.encode("utf-8")


def test_a_document_without_protected_people_downloads_as_it_came(tmp_path, viewer):
    path = tmp_path / "plain.txt"
    path.write_text("On October 9, 2023, China forcibly repatriated 600 North Korean refugees.\n")
    doc = store.add_path(path).document
    _response, body = download(client_for(viewer), doc)
    assert body == path.read_bytes()


def test_a_user_granted_one_confidential_document_gets_no_name_through_its_original(tmp_path, analyst):
    path = tmp_path / "case-note.txt"
    path.write_text(
        "Case note\n\nOur caseworker met Kim Chol-su (김철수, born 1988-05-21, from Musan) and "
        "Lee Young Hee in Yanji on 3 March 2024.\n",
        encoding="utf-8",
    )
    doc = store.add_path(path, visibility="confidential").document
    grant(doc, user=analyst)
    _response, body = download(client_for(analyst), doc)
    text = body.decode("utf-8")
    for secret in ("Kim Chol-su", "김철수", "Lee Young Hee", "1988-05-21"):
        assert secret not in text, secret
    assert "Our caseworker met [" in text


def test_a_confidential_document_hides_phones_and_birth_dates_even_when_no_name_is_found(tmp_path, analyst):
    path = tmp_path / "witness.txt"
    path.write_text(
        "Witness statement\n\nThe witness, called only Sunny, gave her number as 010-2222-3333 "
        "and said she was born on 1990-01-02.\n",
        encoding="utf-8",
    )
    doc = store.add_path(path, visibility="confidential").document
    grant(doc, user=analyst)
    client = client_for(analyst)
    _response, body = download(client, doc)
    page = client.get(reverse("web:document", args=[doc.pk])).content.decode()
    for text in (body.decode("utf-8"), page):
        assert "010-2222-3333" not in text and "1990-01-02" not in text
        assert "[phone]" in text and "[birth date]" in text


def test_an_html_original_is_never_served_as_it_came_to_a_viewer(tmp_path, viewer, protection_officer):
    # The article is all the text refwatch read; the page around it is not redacted by anyone.
    html = (
        "<html><head><title>Detentions</title></head><body><article><h1>Detentions in Yanji</h1>"
        "<p>On October 9, 2023, China forcibly repatriated 600 North Korean refugees, according to "
        "the CECC, which documented the case for many months before it published this.</p>"
        "<p>Observers said the returns continued through the winter in several border cities.</p>"
        "</article><!-- source: Park Mi-ran, +82 10 4444 1212 --></body></html>"
    )
    path = tmp_path / "article.html"
    path.write_text(html, encoding="utf-8")
    doc = store.add_path(path).document
    response, body = download(client_for(viewer), doc)
    assert b"Park Mi-ran" not in body and response["Content-Type"].startswith("text/plain")
    _response, body = download(client_for(protection_officer), doc)
    assert body == path.read_bytes()


def test_redaction_that_cannot_run_withholds_the_original(report, viewer, monkeypatch):
    def broken(text):
        raise RuntimeError("no database")

    monkeypatch.setattr(names, "find_names", broken)
    response = client_for(viewer).get(reverse("web:original", args=[report.pk]))
    assert response.status_code == 503
    assert b"Ri Sun-hee" not in response.content and b"withheld" in response.content


# --- 2. details beyond names, on every way of reading ---------------------------------------------


def test_pages_api_and_figures_hide_her_details_from_a_viewer(report, viewer, person):
    client = client_for(viewer)
    page = client.get(reverse("web:document", args=[report.pk])).content.decode()
    assert_no_identity(page, "document page")
    assert f"[phone of {person.pseudonym}]" in page and "[phone]" in page
    assert f"[birth date of {person.pseudonym}]" in page
    assert f"[address of {person.pseudonym}]" in page
    assert f"[document number of {person.pseudonym}]" in page
    assert "October 9, 2023" in page  # a date that is no birth date stays
    assert_no_identity(client.get(reverse("web:figures")).content.decode(), "figures")
    detail = client.get(f"/api/documents/{report.pk}")
    assert detail.status_code == 200
    assert_no_identity(json.dumps(detail.json(), ensure_ascii=False), "API document")
    assert_no_identity(json.dumps(client.get("/api/figures").json(), ensure_ascii=False), "API figures")


def test_public_mode_hides_her_details_from_anonymous_readers(report, settings):
    from refwatch.knowledge.store import set_visibility

    set_visibility(report, "public")
    settings.REFWATCH_PUBLIC = True
    anonymous = Client()
    for url in (reverse("web:document", args=[report.pk]), reverse("web:figures"), "/api/figures"):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert_no_identity(json.dumps(response.content.decode(), ensure_ascii=False), url)
    # Originals are for signed-in readers only, even in public mode.
    assert anonymous.get(reverse("web:original", args=[report.pk])).status_code == 302


def test_an_officer_sees_the_details(report, protection_officer):
    page = client_for(protection_officer).get(reverse("web:document", args=[report.pk])).content.decode()
    assert "+82 10-5555-0101" in page and "M12345678" in page and "010-7777-1234" in page


def test_a_phone_in_a_text_about_nobody_protected_stays(person):
    assert names.redact("Call the embassy at +1 202 555 0199.") == "Call the embassy at +1 202 555 0199."
    # Her recorded phone is hers in any text, in any of the forms it is written.
    assert "5555" not in names.redact("Reach her at 010 5555 0101 tonight.")
    assert "[phone]" in names.redact("Ri Sun-hee's brother: 010-7777-1234.")


def test_the_letter_page_hides_a_protected_recipient_and_her_address(tmp_path, viewer):
    from refwatch.knowledge.models import Letter

    from .test_confidential_leftovers import LETTER

    recipient = Person(name_romanised="Hwang Sun-ok", addresses=["12 Sejong-daero, Jung-gu"])
    recipient.save()
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    doc = store.add_path(path).document
    letter = Letter.objects.get(document=doc)
    page = client_for(viewer).get(reverse("web:letter", args=[letter.pk])).content.decode()
    assert "Hwang Sun-ok" not in page and "Sejong-daero" not in page
    assert f"[{recipient.pseudonym}]" in page and f"[address of {recipient.pseudonym}]" in page
    # The phone in the letter's text is hidden on its document page, which names her.
    doc_page = client_for(viewer).get(reverse("web:document", args=[doc.pk])).content.decode()
    assert "1234 5678" not in doc_page
