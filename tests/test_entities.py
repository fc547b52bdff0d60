"""Pages of actors, legal instruments and Members of Congress: what the store holds, as the
reader may see it; and the obligations an incident engages."""

from __future__ import annotations

import re

import pytest

from refwatch.knowledge import law, roster, store
from refwatch.knowledge.models import Actor, Document, Incident, Letter
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import protect_names

pytestmark = pytest.mark.django_db

CONFIDENTIAL = """Field note, 3 May 2022

Human Rights Watch was told that Chinese police forcibly repatriated 37 North Korean refugees from Dandong on June 14, 2022.
China acceded to the Convention against Torture in 1988.
"""


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def record(seed_letters, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(CONFIDENTIAL, encoding="utf-8")
    store.add_path(path, visibility="confidential")
    return seed_letters


def test_an_actor_page_lists_what_the_reader_may_see(viewer_client, viewer, record):
    china = Actor.objects.get(name="China")
    html = page(viewer_client, f"/actors/{china.pk}/")
    assert "PRC" in html and "Chinese authorities" in html  # aliases
    reader = Reader.for_user(viewer)
    for inc in reader.incidents():
        assert f'href="/incidents/{inc.pk}/"' in html
    secret = Incident.objects.get(date_start="2022-06-14")
    assert f"/incidents/{secret.pk}/" not in html and "Dandong" not in html
    for letter in reader.letters():
        assert f'href="/letters/{letter.pk}/"' in html
    assert "holding the PRC accountable" in html  # the commitment made to hold China accountable
    assert html.count("<tr>") - 1 == reader.live_statements(actor=china).count()


def test_an_actor_named_only_in_a_confidential_document_is_no_page_for_a_viewer(
    viewer_client, protection_officer, record
):
    hrw = Actor.objects.get(name="Human Rights Watch")
    page(viewer_client, f"/actors/{hrw.pk}/", 404)
    assert "Human Rights Watch" not in page(viewer_client, "/actors/")
    from django.test import Client

    officer = Client()
    officer.force_login(protection_officer)
    note = Document.objects.get(visibility="confidential")
    assert f"/documents/{note.pk}/#s" in page(officer, f"/actors/{hrw.pk}/")


def test_a_protected_name_is_no_actor_page_nor_member_page(viewer_client, record):
    roster.ensure_loaded()
    xi = Actor.objects.get(name="Xi Jinping")
    assert "Xi Jinping" in page(viewer_client, "/actors/")
    protect_names(["Xi Jinping", "Ami Bera"], category="other")
    page(viewer_client, f"/actors/{xi.pk}/", 404)
    assert "Xi Jinping" not in page(viewer_client, "/actors/")
    page(viewer_client, "/members/B001287/", 404)
    assert "Bera" not in page(viewer_client, "/members/")
    kaine = page(viewer_client, "/members/K000384/")
    assert "Bera" not in kaine and "/members/B001287/" not in kaine


def test_an_instrument_page_has_its_key_articles_parties_and_mentions(viewer_client, viewer, record):
    html = page(viewer_client, "/instruments/refugee-convention-1951/")
    assert "art. 33" in html and "refouler" in html
    assert (
        '<tr data-state="China"><td>China</td><td>acceded</td><td>24 Sep 1982</td><td>23 Dec 1982</td>'
        in html
    )
    assert "treaties.un.org" in html
    assert "1951 Refugee Convention" in html  # the seed letter's words
    assert "ratified" in html and "September 1982" in html  # what the letter says of China
    cat = page(viewer_client, "/instruments/convention-against-torture/")
    assert "4 Oct 1988" in cat and "acceded to the Convention against Torture" not in cat
    for slug in ("refugee-protocol-1967", "prc-dprk-border-protocol-1964", "prc-dprk-border-protocol-1986"):
        assert "State parties" in page(viewer_client, f"/instruments/{slug}/")
    page(viewer_client, "/instruments/no-such-thing/", 404)
    listing = page(viewer_client, "/instruments/")
    assert all(f"/instruments/{i.slug}/" in listing for i in law.instruments())


def test_an_incident_engages_the_obligations_of_the_returning_state_on_its_date(viewer_client, record):
    oct9 = Incident.objects.get(date_start="2023-10-09")
    html = page(viewer_client, f"/incidents/{oct9.pk}/")
    assert "Obligations it engages" in html
    assert "bound since 23 Dec 1982" in html and "art. 33" in html and "art. 3</strong>" in html
    # Before China acceded, the refugee treaties did not bind it; the 1964 protocol did.
    early = {o.instrument.slug for o in law.obligations("China", "1982-10")}
    assert early == {"refugee-protocol-1967", "prc-dprk-border-protocol-1964"}
    assert law.obligations("China", None) == []


def test_a_member_page_has_letters_cosigners_first_and_latest(viewer_client, record):
    roster.ensure_loaded()
    roster.link_parties()
    html = page(viewer_client, "/members/K000384/")
    assert "K000384" in html and "Democrat" in html and "<dd>VA</dd>" in html
    letters = list(Letter.objects.filter(parties__legislator__bioguide="K000384").distinct().order_by("date"))
    assert len(letters) == 2
    for letter in letters:
        assert f'href="/letters/{letter.pk}/"' in html
    first = html.split('id="first-letter"')[1].split("</dd>")[0]
    latest = html.split('id="latest-letter"')[1].split("</dd>")[0]
    assert f"/letters/{letters[0].pk}/" in first and f"/letters/{letters[-1].pk}/" in latest
    cosigners = html.split('id="cosigners"')[1].split("</ul>")[0]
    assert "/members/V000128/" in cosigners and "/members/K000384/" not in cosigners
    members = page(viewer_client, "/members/")
    assert "/members/K000384/" in members and "/members/W000831/" in members
    page(viewer_client, "/members/Z999999/", 404)


def test_a_confidential_letter_is_not_counted_on_a_member_page(viewer_client, record):
    roster.ensure_loaded()
    roster.link_parties()
    letters = Letter.objects.filter(parties__legislator__bioguide="K000384").distinct().order_by("date")
    Letter.objects.filter(pk=letters[0].pk).update(visibility="confidential")
    html = page(viewer_client, "/members/K000384/")
    assert f"/letters/{letters[0].pk}/" not in html and f"/letters/{letters[1].pk}/" in html


def _listed_instruments(html: str) -> list[str]:
    body = html.split('class="data instruments"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/instruments/([a-z0-9-]+)/"', body)


def test_the_instruments_list_sorts_by_its_columns(viewer_client, viewer, record):
    known = law.instruments()
    by_name = _listed_instruments(page(viewer_client, "/instruments/"))
    assert by_name == [i.slug for i in sorted(known, key=lambda i: i.name.casefold())]
    backwards = _listed_instruments(page(viewer_client, "/instruments/?sort=-name"))
    assert backwards == by_name[::-1]
    adopted = _listed_instruments(page(viewer_client, "/instruments/?sort=adopted"))
    assert adopted == [i.slug for i in sorted(known, key=lambda i: (i.adopted, i.name.casefold()))]
    assert adopted != by_name  # the order is the column's, not the names' by chance
    html = page(viewer_client, "/instruments/?sort=-mentions")
    mentions = [int(n) for n in re.findall(r'<td class="num">(\d+)</td></tr>', html)]
    assert mentions == sorted(mentions, reverse=True) and mentions[0] > 0
    assert 'aria-sort="descending"' in html
    # A sort that is no column's is the default (by name), not an error.
    assert _listed_instruments(page(viewer_client, "/instruments/?sort=bogus")) == by_name
