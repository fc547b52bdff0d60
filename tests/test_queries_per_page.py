"""Each page and API list costs the same number of queries whatever the record holds: no query per
row (N+1). The record grows from a few documents to several times as many letters, reports of
returns, press releases and figures; each route is read before and after.
(How long a page takes at 100,000 documents is bench/'s business, not a test's.)"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from refwatch.knowledge.models import (
    Campaign,
    Incident,
    Letter,
    LetterParty,
    LetterReference,
    Review,
    Statement,
)
from tests.conftest import make_user
from tests.test_ingest_scale import add, background

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("name_index_held")]

MONTHS = ["January", "March", "May", "July", "September", "November"]
PAGES = [
    "/",
    "/map/",
    "/documents/",
    "/incidents/",
    "/figures/",
    "/figures/?sort=-date&year=2020",
    "/figures/?source=Seoul&sort=quantity&page=2",
    "/letters/",
    "/asks/",
    "/members/",
    "/members/?sort=latest&party=democrat&chamber=house&name=young",
    "/actors/",
    "/actors/?sort=-mentions&kind=state&name=korea",
    "/instruments/",
    "/review/",
    "/brief/",
    "/new/",
    "/watch/",
]
API = ["/api/documents", "/api/incidents", "/api/figures", "/api/letters", "/api/actors"]


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory):
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")


def report(i: int) -> str:
    """A news report of a return, with its count, day and source, and a figure of detainees."""
    year, month = 2015 + i % 9, MONTHS[i % len(MONTHS)]
    return (
        f"{month} 20, {year}\n\nChina forcibly repatriated {40 + i} North Korean defectors on {month} "
        f"{2 + i % 20}, {year}, according to a human rights group in Seoul.\n\n"
        f"About {100 + i} North Koreans remain detained in Jilin, the group said.\n"
    )


def grow(upto: int) -> None:
    for i, text in enumerate(background(upto)):
        name = f"bg-{i}.txt"
        if not Letter.objects.filter(document__filename=name).exists():
            add(text, name)
    for i in range(upto):
        name = f"report-{i}.txt"
        if not Statement.objects.filter(document__filename=name).exists():
            add(report(i), name)
    # Some decisions made, so that verified and unverified facts both show.
    for st in Statement.objects.filter(kind="repatriation")[::3]:
        st.review = Review.ACCEPTED
        st.save(update_fields=["review"])


def cost(client: Client, url: str) -> int:
    """Queries of a request once warm: the first after a change reloads what was cached (the
    protected-name index, keys), once, whatever the size of the record."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("url", PAGES + API)
def test_a_route_costs_the_same_queries_for_a_larger_record(url: str):
    client = Client()
    client.force_login(make_user("anna", "analyst"))
    grow(4)
    few = cost(client, url)
    grow(16)
    assert Incident.objects.count() >= 12 and Letter.objects.count() >= 12
    many = cost(client, url)
    # A prefetch is skipped while a kind of fact has no rows at all, so a larger record may cost a
    # query or three more, once; a query a row would cost a dozen more here.
    assert many <= few + 3, f"{url}: {few} queries with a small record, {many} with four times as much"


def linked(n: int) -> Letter:
    """A letter that follows one up, is followed up by `n`, is in a campaign with all of them and
    refers to `n` other stored letters: each named on its page by its date and recipient."""
    campaign = Campaign.objects.create(name=f"Letters of {n}")

    def one(day: int, **links: object) -> Letter:
        ltr = Letter.objects.create(date=f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}", **links)
        LetterParty.objects.create(
            letter=ltr, role=LetterParty.Role.RECIPIENT, name=f"Ambassador Number {day}"
        )
        return ltr

    letter = one(1, campaign=campaign, follows_up=one(0, campaign=campaign))
    for k in range(n):
        one(10 + k, campaign=campaign, follows_up=letter)
        earlier = one(40 + k)
        LetterReference.objects.create(
            letter=letter, date=earlier.date, recipient=f"Ambassador Number {40 + k}", resolved=earlier
        )
    return letter


@pytest.mark.parametrize("route", ["/letters/{}/", "/api/letters/{}"])
def test_a_letter_costs_the_same_queries_however_many_letters_it_links_to(route: str):
    """The letters a letter's page names (the one it follows up, its follow-ups, its campaign's, those
    its references resolve to) are read at once, not as a letter each."""
    client = Client()
    client.force_login(make_user("anna", "analyst"))
    few = cost(client, route.format(linked(1).pk))
    letter = linked(6)
    many = cost(client, route.format(letter.pk))
    assert many == few, f"{route}: {few} queries for a letter linked to 3 others, {many} for 13"
    shown = client.get(route.format(letter.pk))
    if route.startswith("/api/"):
        data = shown.json()
        assert len(data["followed_by"]) == 6 and len(data["campaign_detail"]["letters"]) == 8
        assert all(ref["resolved"] for ref in data["references"]) and data["follows_up"]
    else:
        html = shown.content.decode()
        assert html.count('class="followed-by"') == 6 and html.count("(not in the store)") == 0
        assert 'class="follows-up"' in html and "Ambassador Number 45" in html


def test_a_letter_s_page_reads_the_text_of_its_document_once(seed_letters, monkeypatch):
    """Its statements and its parts' are read without their documents (each row carried the whole
    text again): the page links to spans, and redacts against the letter's own document, read
    whole once. What it shows is the same as with every statement's document read."""
    from refwatch.knowledge.queries import Reader
    from refwatch.web import shared

    client = Client()
    client.force_login(make_user("vera", "viewer"))
    letter = seed_letters[1].document.letters.get()
    url = f"/letters/{letter.pk}/"
    client.get(url)
    shared._kept.clear()
    shared._kept_records.clear()
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).context["body"]
    texts = [q["sql"] for q in queries.captured_queries if '"knowledge_document"."text"' in q["sql"]]
    assert len(texts) == 1, texts
    assert "Tim Kaine" in body and 'href="/documents/' in body

    whole = Reader.letter_record
    monkeypatch.setattr(Reader, "letter_record", lambda self, pk, evidence=True: whole(self, pk))
    shared._kept_records.clear()
    assert client.get(url).context["body"] == body
