"""The roster of Congress: loading it, linking letters' parties to it, and what that shows.

The people of the small rosters here are made up; the real dataset (public domain) is used for
the seed letters when ../shared/data/congress-legislators is there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.knowledge import roster, store
from refwatch.knowledge.models import Legislator, Letter, LetterParty
from refwatch.knowledge.queries import Reader

from .conftest import SEEDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

REAL_ROSTER = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "congress-legislators"

CURRENT = """
- id: {bioguide: Z000001}
  name: {first: Marigold, middle: Anne, last: Quenby, nickname: Goldie, official_full: Marigold Quenby}
  bio: {birthday: '1961-04-02'}
  terms:
  - {type: rep, start: '2011-01-05', end: '2019-01-03', state: VA, district: 4, party: Democrat}
  - {type: sen, start: '2019-01-03', end: '2031-01-03', state: VA, party: Democrat}
- id: {bioguide: Z000002}
  name: {first: Ferdinand, last: Ashcombe, official_full: Ferdinand Ashcombe}
  bio: {birthday: '1970-09-09'}
  terms:
  - {type: rep, start: '2023-01-03', end: '2027-01-03', state: TX, district: 40, party: Republican}
- id: {bioguide: Z000003}
  name: {first: Baxter, last: Pennyfeather, official_full: Baxter Pennyfeather}
  terms:
  - {type: sen, start: '2021-01-03', end: '2027-01-03', state: ME, party: Independent, caucus: Democrat}
- id: {bioguide: Z000004}
  name: {first: Oona, last: Thistlewood, official_full: Oona Thistlewood}
  terms:
  - {type: rep, start: '2023-01-03', end: '2027-01-03', state: OH, district: 3, party: Democrat}
- id: {bioguide: Z000005}
  name: {first: Osric, last: Thistlewood, official_full: Osric Thistlewood}
  terms:
  - {type: rep, start: '2023-01-03', end: '2027-01-03', state: OH, district: 9, party: Republican}
- id: {bioguide: Z000006}
  name: {first: Ines, last: Ðurić-Vale, official_full: Ines Ðurić-Vale}
  terms:
  - {type: rep, start: '2025-01-03', end: '2027-01-03', state: NM, district: 1, party: Democrat}
- id: {bioguide: Z000007}
  name: {first: Oswin, last: Marley, official_full: Oswin Marley}
  terms:
  - {type: sen, start: '2023-01-03', end: '2029-01-03', state: KS, party: Republican}
"""

# Former members, as the dataset's CSV gives them: the last term only, without dates.
HISTORICAL = (
    "last_name,first_name,middle_name,suffix,nickname,full_name,birthday,gender,type,state,district,"
    "senate_class,party,bioguide_id\n"
    "Gallowglass,Hortense,,,,,1958-01-01,F,sen,NV,,3,Democrat,Y000001\n"
    "Marley,Oswin,,,,,1955-05-05,M,sen,KS,,2,Republican,Y000002\n"
    "Ashcombe,Ferdinand,,,,,1790-01-01,M,rep,TX,2,,Whig,Y000003\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "congress-legislators"
    path.mkdir()
    (path / "legislators-current.yaml").write_text(CURRENT, encoding="utf-8")
    (path / "legislators-historical.csv").write_text(HISTORICAL, encoding="utf-8")
    return path


@pytest.fixture
def loaded(folder: Path) -> roster.LoadResult:
    return roster.load(folder)


def letter_with(date: str | None, *parties: tuple[str, str, str], role: str = "sender") -> Letter:
    letter = Letter.objects.create(date=date)
    for position, (name, title, chamber) in enumerate(parties):
        LetterParty.objects.create(
            letter=letter, role=role, name=name, title=title, chamber=chamber, position=position
        )
    return letter


def linked(letter: Letter) -> list[str | None]:
    roster.link_parties([letter])
    return [p.legislator.bioguide if p.legislator else None for p in letter.parties.order_by("position")]


# --- loading ---------------------------------------------------------------------------------------


def test_load_reads_the_folder_with_terms(loaded):
    assert (loaded.loaded, loaded.created, loaded.updated) == (10, 10, 0)
    quenby = Legislator.objects.get(bioguide="Z000001")
    assert (quenby.first, quenby.middle, quenby.nickname, quenby.last_key) == (
        "Marigold",
        "Anne",
        "Goldie",
        "quenby",
    )
    assert [t["chamber"] for t in quenby.terms] == ["house", "senate"]
    assert quenby.terms[1] == {
        "chamber": "senate", "start": "2019-01-03", "end": "2031-01-03", "state": "VA", "district": None,
        "party": "Democrat",
    }  # fmt: skip
    assert Legislator.objects.get(bioguide="Z000006").last_key == "duric vale"
    former = Legislator.objects.get(bioguide="Y000001")
    assert former.terms == [
        {
            "chamber": "senate",
            "start": None,
            "end": None,
            "state": "NV",
            "district": None,
            "party": "Democrat",
        }
    ]


def test_reload_updates_and_never_duplicates(folder, loaded):
    again = roster.load(folder)
    assert (again.loaded, again.created, again.updated) == (10, 0, 0)
    (folder / "legislators-current.yaml").write_text(
        CURRENT.replace(
            "party: Republican}\n- id: {bioguide: Z000003}", "party: Independent}\n- id: {bioguide: Z000003}"
        ),
        encoding="utf-8",
    )
    changed = roster.load(folder)
    assert (changed.created, changed.updated) == (0, 1)
    assert Legislator.objects.count() == 10
    assert Legislator.objects.get(bioguide="Z000002").terms[0]["party"] == "Independent"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.yaml", None, "roster file not found"),
        ("legislators-current.yaml", "- id: {bioguide: X1\n  name: [", "is not valid YAML (line"),
        ("legislators-current.yaml", "just: a mapping\n", "expected a list of people"),
        ("legislators-current.yaml", "- name: {last: Nobody}\n", "lacks its bioguide id"),
        ("legislators-historical.csv", "a,b\n1,2\n", "needs columns"),
        ("legislators.txt", "hello", "not a roster file"),
    ],
)
def test_a_bad_file_is_one_line_and_changes_nothing(tmp_path, loaded, name, content, message):
    before = {leg.bioguide: leg.terms for leg in Legislator.objects.all()}
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    # A good file given with the bad one is not loaded either.
    good = tmp_path / "good.yaml"
    good.write_text(CURRENT.replace("Democrat", "Whig"), encoding="utf-8")
    with pytest.raises(roster.RosterError) as error:
        roster.load([good, bad])
    assert message in str(error.value) and "\n" not in str(error.value)
    assert {leg.bioguide: leg.terms for leg in Legislator.objects.all()} == before


def test_a_folder_without_roster_files_is_refused(tmp_path):
    with pytest.raises(roster.RosterError, match="no roster files in"):
        roster.load(tmp_path)


# --- linking ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, title, chamber, date, expected",
    [
        ("Marigold Quenby", "United States Senator", "senate", "2025-03-03", "Z000001"),
        ("Goldie Quenby", "United States Senator", "senate", "2025-03-03", "Z000001"),  # nickname
        ("M. A. Quenby", "Senator", "senate", "2025-03", "Z000001"),  # initials, month only
        ("Sen. Quenby", "", "senate", "2025-03-03", "Z000001"),  # surname with chamber and date
        ("MARIGOLD QUÉNBY (D-VA)", "", "", "2025-03-03", "Z000001"),  # case, accent, party note
        ("Marigold Quenby", "Member of Congress", "house", "2015-06-01", "Z000001"),  # her House years
        ("Marigold Quenby", "", "", None, "Z000001"),  # no date, no title: one namesake anyway
        ("Ferdinand Ashcombe, M.D.", "Member of Congress", "house", "2025-03-03", "Z000002"),
        ("Ferdinand Ashcombe Jr.", "Member of Congress", "house", "2025-03-03", "Z000002"),
        ("Ferd Ashcombe", "Member of Congress", "house", "2025-03-03", "Z000002"),  # a short form
        ("Fergus Ashcombe", "Member of Congress", "house", "2025-03-03", None),  # another name
        ("Oona Thistlewood", "Member of Congress", "house", "2025-03-03", "Z000004"),
        ("Ines Duric Vale", "Member of Congress", "house", "2025-03-03", "Z000006"),
        # Negatives: unsure is unlinked.
        ("Wilhelmina Crane", "Secretary of State", "", "2025-03-03", None),  # not in Congress
        ("O. Thistlewood", "Member of Congress", "house", "2025-03-03", None),  # two fit
        ("Rep. Thistlewood", "", "house", "2025-03-03", None),  # two fit
        ("Marigold Quenby", "Member of Congress", "house", "2025-03-03", None),  # wrong chamber
        ("Ferdinand Ashcombe", "Member of Congress", "house", "2019-05-01", None),  # before his term
        ("Harold Quenby", "United States Senator", "senate", "2025-03-03", None),  # another given name
        ("Marigold B. Quenby", "United States Senator", "senate", "2025-03-03", None),  # middle differs
        ("Quenby", "", "", "2025-03-03", None),  # a surname alone, no chamber
        ("Sen. Quenby", "", "senate", None, None),  # a surname alone, no date
        ("Hortense Gallowglass", "Senator", "senate", "2025-03-03", None),  # former, no term dates
        ("Oswin Marley", "Senator", "senate", "2025-03-03", None),  # a former namesake, undated
    ],
)
def test_a_party_is_linked_only_when_one_legislator_fits(loaded, name, title, chamber, date, expected):
    assert linked(letter_with(date, (name, title, chamber))) == [expected]


def test_a_former_member_links_on_an_undated_letter_only(loaded):
    assert linked(letter_with(None, ("Hortense Gallowglass", "Senator", "senate"))) == ["Y000001"]
    # Born in 1790: the former Ferdinand Ashcombe cannot have signed in 2025, nor block the current one.
    assert linked(letter_with("2025-03-03", ("Ferdinand Ashcombe", "Member of Congress", "house"))) == [
        "Z000002"
    ]


def test_an_ambassador_without_a_date_is_not_linked(loaded):
    assert linked(letter_with(None, ("Oswin Marley", "Ambassador to Iceland", ""), role="recipient")) == [
        None
    ]


def test_a_link_that_no_longer_fits_is_undone(loaded):
    letter = letter_with("2025-03-03", ("Marigold Quenby", "United States Senator", "senate"))
    assert linked(letter) == ["Z000001"]
    LetterParty.objects.filter(letter=letter).update(chamber="house", title="Member of Congress")
    assert linked(letter) == [None]


def test_flags_and_labels(loaded):
    letter = letter_with(
        "2025-03-03",
        ("Marigold Quenby", "United States Senator", "senate"),
        ("Baxter Pennyfeather", "United States Senator", "senate"),
    )
    linked(letter)
    letter = Letter.objects.get(pk=letter.pk)
    assert [p.roster_label for p in letter.senders] == ["D-VA", "I-ME"]
    # An independent who caucuses with the Democrats does not make a letter bipartisan.
    badges = Reader.system().letter_badges(letter)
    assert not badges.bipartisan and not badges.bicameral
    LetterParty.objects.create(letter=letter, role="sender", name="Ferdinand Ashcombe", position=2)
    linked(letter)
    letter = Letter.objects.get(pk=letter.pk)
    # Untitled, his chamber comes from the roster.
    badges = Reader.system().letter_badges(letter)
    assert badges.chambers == ["house", "senate"] and badges.bicameral and badges.bipartisan
    # Marigold Quenby's label follows the letter's date: in 2015 she sat in the House.
    old = letter_with("2015-06-01", ("Marigold Quenby", "", ""))
    linked(old)
    assert old.parties.get().roster_value("chamber") == "house"


def test_a_letter_stored_after_the_roster_is_linked(loaded, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    document = store.add_path(path).document
    letter = document.letters.get()
    assert [p.legislator.bioguide for p in letter.senders] == ["Z000001", "Z000002", "Z000003"]
    assert [p.legislator for p in letter.recipients] == [None]
    badges = Reader.system().letter_badges(letter)
    assert badges.bipartisan and badges.bicameral
    # Made confidential, its parties' names are pseudonyms: none stays linked.
    store.set_visibility(document, "confidential")
    assert not LetterParty.objects.filter(letter=letter, legislator__isnull=False).exists()


def test_a_confidential_document_redacted_names_are_never_linked(loaded, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    letter = store.add_path(path, visibility="confidential").document.letters.get()
    assert all(p.name.startswith("[") for p in letter.senders)
    assert roster.link_parties() == 0
    assert not LetterParty.objects.filter(legislator__isnull=False).exists()


def test_nothing_is_linked_without_a_roster(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    letter = store.add_path(path).document.letters.get()
    assert [p.legislator for p in letter.senders] == [None, None, None]
    badges = Reader.system().letter_badges(letter)
    assert not badges.bipartisan and badges.bicameral  # the titles still say both chambers


LETTER = """Congress of the United States

Washington, DC 20515

March 3, 2025

The Honorable Wilhelmina Crane
Secretary of State
2201 C Street N.W.
Washington, D.C. 20520

Dear Secretary Crane,

We write to respectfully request that you urge the People's Republic of China to halt the forcible
repatriation of North Korean refugees.

Thank you for your attention to this request.

Sincerely,

Marigold Quenby
United States Senator

Ferdinand Ashcombe
Member of Congress

Baxter Pennyfeather
United States Senator
"""


# --- the seed letters on the real roster -----------------------------------------------------------

needs_real_roster = pytest.mark.skipif(
    not (REAL_ROSTER / "legislators-current.yaml").is_file(),
    reason=f"the congress-legislators data is not at {REAL_ROSTER}",
)

SECOND_LETTER_SIGNERS = {
    "James R. Walkinshaw": ("W000831", "D-VA"),
    "Tim Kaine": ("K000384", "D-VA"),
    "James P. McGovern": ("M000312", "D-MA"),
    "Peter Welch": ("W000800", "D-VT"),
    "Ami Bera, M.D.": ("B001287", "D-CA"),
    "Suhas Subramanyam": ("S001230", "D-VA"),
    "Chris Van Hollen": ("V000128", "D-MD"),
    "Jeffrey A. Merkley": ("M001176", "D-OR"),
}


@needs_real_roster
def test_the_seed_letters_signers_link_to_the_real_roster():
    results = [store.add_path(path) for path in SEEDS]
    loaded = roster.load(REAL_ROSTER)
    assert loaded.loaded > 10000
    first, second = (r.document.letters.get() for r in results)
    got = {p.name: (p.legislator.bioguide, p.roster_label) for p in second.senders if p.legislator}
    assert got == SECOND_LETTER_SIGNERS
    assert all(p.legislator for p in first.senders) and len(first.senders) == 6
    # The recipients: an ambassador who once sat in the Senate, and the President; neither linked.
    assert [p.legislator for p in [*first.recipients, *second.recipients]] == [None, None]
    badges = Reader.system().letter_badges(second)
    assert badges.bicameral and not badges.bipartisan


# --- command line, API, pages ----------------------------------------------------------------------


def test_the_roster_load_command(folder):
    letter_with("2025-03-03", ("Marigold Quenby", "United States Senator", "senate"))
    result = CliRunner().invoke(app, ["roster", "load", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "loaded 10 legislators (10 new, 0 updated)" in result.output
    assert "1 letter parties linked" in result.output
    bad = CliRunner().invoke(app, ["roster", "load", str(folder / "nothing.yaml")])
    assert bad.exit_code == 2
    assert "roster file not found" in bad.output and Legislator.objects.count() == 10


def test_the_api_gives_bioguide_party_state_and_flags(loaded, viewer):
    letter = letter_with(
        "2025-03-03",
        ("Marigold Quenby", "United States Senator", "senate"),
        ("Ferdinand Ashcombe", "Member of Congress", "house"),
    )
    roster.link_parties()
    client = Client()
    client.force_login(viewer)
    data = client.get(f"/api/letters/{letter.pk}").json()
    assert [(s["bioguide"], s["party"], s["state"]) for s in data["senders"]] == [
        ("Z000001", "Democrat", "VA"),
        ("Z000002", "Republican", "TX"),
    ]
    assert data["bipartisan"] is True and data["bicameral"] is True
    listed = {item["id"]: item for item in client.get("/api/letters").json()["items"]}
    assert listed[letter.pk]["bipartisan"] is True
    assert json.dumps(listed[letter.pk]).count('"bioguide": null') == 0


def test_the_letter_pages_show_party_state_and_flags(loaded, viewer, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    letter = store.add_path(path).document.letters.get()
    client = Client()
    client.force_login(viewer)
    page = client.get(reverse("web:letter", args=[letter.pk])).content.decode()
    assert "Marigold Quenby <span" in page and "(D-VA)" in page and "(R-TX)" in page and "(I-ME)" in page
    assert 'class="badge bipartisan"' in page and 'class="badge bicameral"' in page
    # The recipient, not in Congress, gets no label.
    assert "Wilhelmina Crane</strong>, Secretary of State" in page
    listing = client.get(reverse("web:letters")).content.decode()
    assert "Ferdinand Ashcombe (R-TX)" in listing and 'class="badge bipartisan"' in listing
    # Without the roster's link, no label and no flag.
    LetterParty.objects.update(legislator=None)
    page = client.get(reverse("web:letter", args=[letter.pk])).content.decode()
    assert "(D-VA)" not in page and 'class="badge bipartisan"' not in page
