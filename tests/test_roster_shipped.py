"""The roster shipped with refwatch: loaded on first run, linking the seed letters and former
members on dated letters without any manual step."""

from __future__ import annotations

import gzip
import json

import pytest
import yaml
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.knowledge import roster, store
from refwatch.knowledge.models import Legislator, Letter

from .conftest import SEEDS
from .test_roster import REAL_ROSTER, SECOND_LETTER_SIGNERS, letter_with, linked

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]


def test_the_roster_ships_with_the_package_with_its_licence_note():
    assert roster.SHIPPED.is_file()
    note = (roster.SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    assert "CC0" in note and "congress-legislators" in note
    people = json.loads(gzip.decompress(roster.SHIPPED.read_bytes()))
    assert len(people) > 12000
    # Only the fields refwatch reads are kept.
    assert {key for p in people for key in p} <= {"id", "name", "bio", "terms"}


def test_ensure_loaded_loads_once_and_only_into_an_empty_roster():
    assert not roster.loaded()
    first = roster.ensure_loaded()
    assert first is not None and first.created == Legislator.objects.count() > 12000
    assert roster.ensure_loaded() is None  # already there: `refwatch roster load` updates it


def test_the_seed_letters_show_party_and_state_from_the_shipped_roster():
    roster.ensure_loaded()
    first, second = (store.add_path(path).document.letters.get() for path in SEEDS)
    got = {p.name: (p.legislator.bioguide, p.roster_label) for p in second.senders if p.legislator}
    assert got == SECOND_LETTER_SIGNERS
    assert len(first.senders) == 6 and all(p.roster_label for p in first.senders)


def test_a_former_member_links_on_a_dated_letter_within_their_terms():
    roster.ensure_loaded()
    brown = Legislator.objects.get(bioguide="B000944")  # Sherrod Brown left the Senate in January 2025
    assert brown.terms[-1]["chamber"] == "senate" and brown.terms[-1]["end"].startswith("2025")
    sender = ("Sherrod Brown", "United States Senator", "senate")
    assert linked(letter_with("2023-10-26", sender)) == ["B000944"]
    assert linked(letter_with("2026-02-02", sender)) == [None]  # no longer a senator then
    letter = Letter.objects.filter(date="2023-10-26").get()
    assert letter.senders[0].roster_label == "D-OH"


@pytest.mark.skipif(
    not (REAL_ROSTER / "legislators-current.yaml").is_file(), reason="the shared roster is not there"
)
def test_the_shipped_current_members_are_those_of_the_dataset():
    with (REAL_ROSTER / "legislators-current.yaml").open("rb") as fh:
        current = {p["id"]["bioguide"]: p for p in yaml.load(fh, Loader=yaml.CSafeLoader)}
    shipped = {r["bioguide"]: r for r in roster.read(roster.SHIPPED)}
    assert set(current) <= set(shipped)
    for bioguide in ("K000384", "W000831", "V000128"):
        assert [t["start"] for t in shipped[bioguide]["terms"]] == [
            str(t["start"]) for t in current[bioguide]["terms"]
        ]


def test_the_ingest_command_loads_the_roster_on_first_run():
    result = CliRunner().invoke(app, ["ingest", *map(str, SEEDS)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Loaded the roster of Congress shipped with refwatch" in result.output
    letter = Letter.objects.filter(document__isnull=False).order_by("date").last()
    assert {p.roster_label for p in letter.senders} >= {"D-VA", "D-MA", "D-OR"}
    again = CliRunner().invoke(app, ["ingest", str(SEEDS[0])], catch_exceptions=False)
    assert "Loaded the roster" not in again.output


def test_a_bad_compact_roster_is_one_line(tmp_path):
    bad = tmp_path / "roster.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(roster.RosterError, match="not a roster in JSON"):
        roster.load(bad)
    assert not roster.loaded()
