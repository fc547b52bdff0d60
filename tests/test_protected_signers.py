"""A protected signer is not named by what goes with the name: the roster's bioguide id, party and
state ("D-VA") are withheld wherever the name is, on pages, in the API, in exports and drafts."""

from __future__ import annotations

import pytest
from django.test import Client

from refwatch.knowledge.models import Letter
from refwatch.knowledge.queries import Reader
from refwatch.outputs.evidence import Evidence
from refwatch.protection.names import protect_names
from tests.test_draft import ROSTER, record  # noqa: F401  (the seed record with a roster)

pytestmark = pytest.mark.django_db

KAINE = "K000384"


@pytest.fixture
def protected_kaine(record):  # noqa: F811
    protect_names(["Tim Kaine"])
    return record


def test_the_roster_entry_of_a_protected_signer_is_withheld_from_a_viewer(
    protected_kaine, viewer_client: Client, protection_officer
):
    letter = Letter.objects.get(date="2025-11-07", reported=False)
    page = viewer_client.get(f"/letters/{letter.pk}/").content.decode()
    assert "Tim Kaine" not in page and KAINE not in page and "D-VA" not in page
    assert "D-MA" in page  # McGovern is not protected: his label stays
    listing = viewer_client.get("/letters/").content.decode()
    assert "D-VA" not in listing and "D-MA" in listing
    api = viewer_client.get(f"/api/letters/{letter.pk}").content.decode()
    assert KAINE not in api and "Tim Kaine" not in api and "M000312" in api
    assert KAINE not in viewer_client.get("/api/letters").content.decode()
    for kind in ("letters",):
        export = viewer_client.get(f"/api/export/{kind}", {"format": "json"}).content.decode()
        assert KAINE not in export and "Tim Kaine" not in export
    assert f'value="{KAINE}"' not in viewer_client.get("/draft/").content.decode()
    # Who may see the name sees the entry.
    officer = Reader.for_user(protection_officer)
    kaine = next(p for p in Evidence(officer).letter(letter).senders if p.name == "Tim Kaine")
    assert kaine.bioguide == KAINE and kaine.state == "VA"


def test_the_roster_entry_is_withheld_when_protection_cannot_say(protected_kaine, viewer, monkeypatch):
    from refwatch.knowledge import pseudonyms

    def broken(*args, **kwargs):
        raise RuntimeError("the name index cannot be read")

    monkeypatch.setattr(pseudonyms.protection(), "withholds", broken)
    letter = Letter.objects.get(date="2025-11-07", reported=False)
    assert all(Reader.for_user(viewer).roster(p) == {} for p in letter.senders)


def test_a_protected_signers_chamber_and_party_count_for_no_badge_or_filter(
    record,  # noqa: F811
    viewer,
    viewer_client: Client,
    protection_officer,
):
    from refwatch.knowledge.models import LetterParty

    letter = Letter.objects.get(date="2025-11-07", reported=False)
    # Untitled, the signers' chambers come from the roster alone.
    LetterParty.objects.filter(letter=letter, role="sender").update(chamber="", title="")
    letter = Letter.objects.get(pk=letter.pk)
    senators = [p.name for p in letter.senders if p.roster_value("chamber") == "senate"]
    assert senators and "senate" in Reader.system().letter_badges(letter).chambers
    protect_names(senators)
    # For a viewer the letter is no longer one a senator signed, nor bicameral, on any page.
    badges = Reader.for_user(viewer).letter_badges(letter)
    assert "senate" not in badges.chambers and not badges.bicameral
    assert "senate" not in viewer_client.get(f"/api/letters/{letter.pk}").json()["chambers"]
    listing = viewer_client.get("/letters/", {"chamber": "senate"}).content.decode()
    assert f'id="letter-{letter.pk}"' not in listing
    assert "bicameral" not in viewer_client.get(f"/letters/{letter.pk}/").content.decode()
    # Who may see the names still sees the senators.
    assert "senate" in Reader.for_user(protection_officer).letter_badges(letter).chambers
