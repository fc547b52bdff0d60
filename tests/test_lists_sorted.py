"""The figures', actors' and members' lists, as the incidents', letters' and documents' are:
paginated, sorted by their columns and filtered from the URL; a protected name is never listed,
sorted nor matched for a reader who sees only its pseudonym, and what a confidential document says
counts for no one who may not read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from refwatch.ingest import read
from refwatch.knowledge import roster, store
from refwatch.knowledge.models import Actor, Document, Statement
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import protect_names
from tests.test_draft import record  # noqa: F401  (the seed letters with a roster)

pytestmark = pytest.mark.django_db

# 56 surnames, so that a list of them has a second page (PAGE_SIZE is 50).
SURNAMES = [
    a + b
    for a in ("Bal", "Cor", "Dun", "Fen", "Gar", "Hol", "Lam", "Mor")
    for b in ("ton", "ley", "ford", "wick", "by", "well", "more")
]
STATES = ["VA", "MA", "TX", "OH"]
PARTIES = ["Democrat", "Republican"]
CONFIDENTIAL_FIGURE = """May 3, 2019

Approximately 30,000 children were born in the PRC to North Korean women who were not registered upon birth.
"""


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def rows(html: str, table: str) -> list[str]:
    """The rows of a list's table, each as its text."""
    body = html.split(f'class="data {table}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in body.split("</tr>")[:-1]]


@pytest.fixture
def officer_client(protection_officer) -> Client:
    client = Client()
    client.force_login(protection_officer)
    return client


@pytest.fixture
def many(db, tmp_path: Path) -> None:
    add_many(tmp_path)


def add_many(tmp_path: Path) -> None:
    """A letter signed by 56 members of the House, a report of 55 figures, 55 actors."""
    entries = "".join(
        f"- id: {{bioguide: X{i:06d}}}\n  name: {{first: Ann, last: {s}, official_full: Ann {s}}}\n  terms:\n"
        f"  - {{type: rep, start: '2025-01-03', end: '2027-01-03', state: {STATES[i % 4]}, district: 1,"
        f" party: {PARTIES[i % 2]}}}\n"
        for i, s in enumerate(SURNAMES)
    )
    path = tmp_path / "legislators-current.yaml"
    path.write_text(entries, encoding="utf-8")
    roster.load(path)
    letter = (
        "Congress of the United States\n\nMay 12, 2025\n\nThe Honorable Ann Perdue\nSecretary of State\n\n"
        "Dear Secretary Perdue,\n\nWe write to urge you to condemn the forcible repatriation of North Korean "
        "refugees by China.\n\nSincerely,\n\n"
        + "\n\n".join(f"Ann {s}\nMember of Congress" for s in SURNAMES)
        + "\n"
    )
    store.add(read(letter.encode(), "signed-by-many.txt"))
    report = "March 3, 2024\n\n" + "\n\n".join(
        f"About {100 + i} North Koreans remain detained in Jilin, the group said." for i in range(55)
    )
    store.add(read(report.encode(), "detained.txt"))
    doc = Document.objects.get(filename="detained.txt")
    for i in range(55):
        actor = Actor.objects.create(name=f"Group {i:02d}", kind=Actor.Kind.ORGANIZATION)
        # Group 00 named once, Group 54 fifty-five times: mentions sort them the other way round.
        for _ in range(i + 1):
            Statement.objects.create(document=doc, kind="actor", start=0, end=5, quote="March", actor=actor)


# --- figures ----------------------------------------------------------------------------------


def test_figures_page_sort_and_filter_by_year(viewer_client: Client, many):
    first = rows(page(viewer_client, "/figures/"), "figures")
    assert len(first) == 50 and first[0].startswith("~154")
    second = page(viewer_client, "/figures/?page=2")
    assert len(rows(second, "figures")) == 5 and "Page 2 of 2" in second
    smallest = page(viewer_client, "/figures/?sort=quantity")
    assert rows(smallest, "figures")[0].startswith("~100")
    assert 'aria-sort="ascending"' in smallest and 'href="?sort=-quantity"' in smallest
    # The query stays in the pager's links.
    assert 'href="?year=2024&amp;sort=quantity&amp;page=2"' in page(
        viewer_client, "/figures/?year=2024&sort=quantity"
    )
    assert "No figure matches" in page(viewer_client, "/figures/?year=2023")
    assert "is not a year" in page(viewer_client, "/figures/?year=20x")


def test_figures_sort_by_the_date_first_said(viewer_client: Client, record, many):  # noqa: F811
    newest = rows(page(viewer_client, "/figures/?sort=-date"), "figures")
    assert newest[0].startswith("~30,000") and "7 Nov 2025" in newest[0]
    oldest = rows(page(viewer_client, "/figures/?sort=date"), "figures")
    assert "3 Mar 2024" in oldest[0] and not oldest[0].startswith("~30,000")


def test_a_figure_said_in_a_confidential_document_dates_nothing_for_a_viewer(
    viewer_client: Client,
    officer_client: Client,
    record,  # noqa: F811
    tmp_path,
):
    path = tmp_path / "note.txt"
    path.write_text(CONFIDENTIAL_FIGURE, encoding="utf-8")
    store.add_path(path, visibility="confidential")
    assert "No figure matches" in page(viewer_client, "/figures/?year=2019")
    assert "2019" not in page(viewer_client, "/figures/?sort=date")
    said = rows(page(officer_client, "/figures/?year=2019"), "figures")
    assert len(said) == 1 and "3 May 2019" in said[0]


def test_a_protected_name_in_a_source_is_not_matched_for_a_viewer(
    viewer_client: Client,
    officer_client: Client,
    record,  # noqa: F811
):
    assert len(rows(page(viewer_client, "/figures/?source=Perdue"), "figures")) == 1
    protect_names(["David Perdue"])
    assert "No figure matches" in page(viewer_client, "/figures/?source=Perdue")
    assert len(rows(page(officer_client, "/figures/?source=Perdue"), "figures")) == 1


def test_the_figures_export_holds_the_selection(viewer_client: Client, many):
    html = page(viewer_client, "/figures/?sort=quantity&year=2024")
    href = re.search(r'href="(/export/figures\?format=csv[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "year=2024" in href and "sort=quantity" in href
    lines = viewer_client.get(href).content.decode().strip().splitlines()
    assert len(lines) == 1 + 55 and ",100," in lines[1]


# --- actors -----------------------------------------------------------------------------------


def test_actors_page_sort_and_filter(viewer_client: Client, record, many):  # noqa: F811
    first = rows(page(viewer_client, "/actors/"), "actors")
    assert len(first) == 50 and first[0].startswith("Amnesty International")
    assert len(rows(page(viewer_client, "/actors/?page=2"), "actors")) == 55 + 10 - 50
    assert rows(page(viewer_client, "/actors/?sort=-name"), "actors")[0].startswith("Xi Jinping")
    most = rows(page(viewer_client, "/actors/?sort=-mentions"), "actors")
    assert most[0].startswith("Group 54") and most[0].endswith(" 55")
    people = rows(page(viewer_client, "/actors/?kind=person"), "actors")
    assert [r.split(" person")[0] for r in people] == ["Kim Jong Un", "Xi Jinping"]
    assert [r.split(" state")[0] for r in rows(page(viewer_client, "/actors/?name=dprk"), "actors")] == [
        "North Korea"
    ]
    assert "is not a kind of actor" in page(viewer_client, "/actors/?kind=robot")


def test_a_protected_actor_is_neither_listed_nor_matched_for_a_viewer(
    viewer_client: Client,
    officer_client: Client,
    record,  # noqa: F811
):
    protect_names(["Xi Jinping", "Beijing"])
    for url in ("/actors/?name=Xi", "/actors/?name=Beijing"):
        assert "No actor matches" in page(viewer_client, url), url
    assert [r.split(" person")[0] for r in rows(page(viewer_client, "/actors/?kind=person"), "actors")] == [
        "Kim Jong Un"
    ]
    assert "Xi Jinping" not in page(viewer_client, "/actors/?sort=-name")
    assert rows(page(officer_client, "/actors/?name=Beijing"), "actors")[0].startswith("China")
    assert rows(page(officer_client, "/actors/?sort=-name"), "actors")[0].startswith("Xi Jinping")


def test_mentions_in_a_confidential_document_count_for_no_viewer(
    viewer,
    protection_officer,
    viewer_client: Client,
    officer_client: Client,
    record,  # noqa: F811
    tmp_path,
):
    path = tmp_path / "note.txt"
    path.write_text(
        "Field note, 3 May 2022\n\nChina and the PRC and Beijing, said China.\n", encoding="utf-8"
    )
    store.add_path(path, visibility="confidential")
    china = Actor.objects.get(name="China")
    seen = Reader.for_user(viewer).live_statements(actor=china).count()
    all_of_them = Reader.for_user(protection_officer).live_statements(actor=china).count()
    assert all_of_them > seen
    for client, count in ((viewer_client, seen), (officer_client, all_of_them)):
        listed = rows(page(client, "/actors/?name=China&kind=state"), "actors")
        assert listed[0].endswith(f" {count}")


# --- members of Congress ----------------------------------------------------------------------


def test_members_page_sort_and_filter(viewer_client: Client, many):
    first = rows(page(viewer_client, "/members/?sort=name"), "members")
    assert len(first) == 50 and first[0].startswith("Ann Balby")
    assert len(rows(page(viewer_client, "/members/?sort=name&page=2"), "members")) == 6
    assert rows(page(viewer_client, "/members/?sort=-name"), "members")[0].startswith("Ann Morwick")
    by_state = rows(page(viewer_client, "/members/?sort=state"), "members")
    assert " MA " in by_state[0] and " VA " in by_state[-1]
    by_party = rows(page(viewer_client, "/members/?sort=-party"), "members")
    assert " Republican " in by_party[0] and " Democrat " in by_party[-1]
    texans = rows(page(viewer_client, "/members/?state=TX"), "members")
    assert len(texans) == 14 and all(" TX " in r for r in texans)
    democrats = rows(page(viewer_client, "/members/?party=democrat&chamber=house"), "members")
    assert len(democrats) == 28 and all(" Democrat " in r for r in democrats)
    named = rows(page(viewer_client, "/members/?name=corley"), "members")
    assert len(named) == 1 and named[0].startswith("Ann Corley ")
    assert "No member matches" in page(viewer_client, "/members/?chamber=senate")
    assert "is not a party" in page(viewer_client, "/members/?party=whig")


def test_members_sorted_by_letters_and_latest(viewer_client: Client, record, many):  # noqa: F811
    most = rows(page(viewer_client, "/members/"), "members")
    assert most[0].startswith("James P. McGovern") or most[0].startswith("Tim Kaine")
    assert most[0].split()[-4] == "2"  # letters signed, before the date of the latest
    latest = rows(page(viewer_client, "/members/?sort=-latest"), "members")
    assert latest[0].endswith("2026")
    earliest = rows(page(viewer_client, "/members/?sort=latest"), "members")
    assert earliest[0].endswith("12 May 2025")


def test_a_protected_member_is_neither_listed_sorted_nor_matched_for_a_viewer(
    viewer_client: Client,
    officer_client: Client,
    record,  # noqa: F811
):
    protect_names(["Tim Kaine"])
    assert "No member matches" in page(viewer_client, "/members/?name=Kaine")
    for url in (
        "/members/?sort=name",
        "/members/?sort=-state",
        "/members/?party=democrat",
    ):
        assert "Kaine" not in page(viewer_client, url), url
    # Their state is no choice of the menu: only they sit for Virginia here.
    html = page(viewer_client, "/members/?state=VA")
    assert "is not a state of a listed member" in html and '<option value="VA"' not in html
    assert rows(page(officer_client, "/members/?name=Kaine"), "members")[0].startswith("Tim Kaine")
