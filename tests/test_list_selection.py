"""What a list page shows is what its export links give: every filter of the incidents', letters'
and documents' lists, and their sort, carried into the CSV and JSON; a name protected from the
reader is never matched by a filter, and a selection never brings in what the reader may not see."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse

from refwatch.knowledge.models import Incident, Letter, Visibility
from refwatch.outputs import export
from refwatch.protection.names import protect_names
from tests.test_draft import record  # noqa: F401  (the seed record with a roster)

pytestmark = pytest.mark.django_db

EXPORT_LINK = re.compile(r'href="(/export/\w+\?format=(\w+)[^"]*)"')


def export_links(client: Client, url: str) -> dict[str, str]:
    """The export links of a list page, by format."""
    page = client.get(url)
    assert page.status_code == 200
    return {fmt: href.replace("&amp;", "&") for href, fmt in EXPORT_LINK.findall(page.content.decode())}


def listed_ids(client: Client, url: str, prefix: str) -> list[int]:
    return [int(n) for n in re.findall(rf'<tr id="{prefix}-(\d+)"', client.get(url).content.decode())]


def records(client: Client, href: str) -> list[dict]:
    response = client.get(href)
    assert response.status_code == 200
    return json.loads(response.content)["records"]


def test_the_incident_exports_hold_what_the_filtered_list_shows(seed_letters, viewer_client: Client):
    url = reverse("web:incidents") + "?min=300&sort=-count"
    links = export_links(viewer_client, url)
    assert "min=300" in links["csv"] and "sort=-count" in links["csv"]
    shown = listed_ids(viewer_client, url, "incident")
    assert len(shown) == 1 and len(shown) < Incident.objects.count()
    frame = pd.read_csv(io.StringIO(viewer_client.get(links["csv"]).content.decode()), dtype=str)
    assert list(frame.event_id) == [f"refwatch-incident-{pk}" for pk in shown]
    assert list(frame.best) == ["600"]
    # Sorted as the list is: the largest count first.
    everything = reverse("web:incidents") + "?sort=-count"
    in_order = [r["id"] for r in records(viewer_client, export_links(viewer_client, everything)["json"])]
    assert in_order == listed_ids(viewer_client, everything, "incident")


def test_the_letter_exports_carry_signer_party_and_year(record, viewer_client: Client):  # noqa: F811
    url = reverse("web:letters") + "?signer=McGovern&party=democrat&year=2026"
    links = export_links(viewer_client, url)
    for part in ("signer=McGovern", "party=democrat", "year=2026"):
        assert part in links["json"], part
    shown = listed_ids(viewer_client, url, "letter")
    assert len(shown) == 1
    assert [r["id"] for r in records(viewer_client, links["json"])] == shown
    frame = pd.read_csv(io.StringIO(viewer_client.get(links["csv"]).content.decode()), dtype=str)
    assert list(frame.letter_id) == [f"refwatch-letter-{shown[0]}"]


def test_the_party_filter_reads_the_roster_on_the_letters_date(record, viewer_client: Client):  # noqa: F811
    letters = reverse("web:letters")
    assert len(listed_ids(viewer_client, letters + "?party=democrat", "letter")) == 2
    assert listed_ids(viewer_client, letters + "?party=republican", "letter") == []
    page = viewer_client.get(letters + "?party=whig").content.decode()
    assert "is not a party" in page
    assert len(re.findall(r'<tr id="letter-', page)) == 2  # the bad value is left out, said


def test_the_document_exports_carry_the_kind(seed_letters, viewer_client: Client):
    url = reverse("web:documents") + "?type=letter"
    links = export_links(viewer_client, url)
    assert "type=letter" in links["csv"]
    held = records(viewer_client, links["json"])
    assert held and all(r["doc_type"] == "letter" for r in held)


def test_a_protected_signer_is_never_matched_by_the_filter(record, viewer_client: Client):  # noqa: F811
    protect_names(["Tim Kaine"])
    url = reverse("web:letters") + "?signer=Kaine"
    assert listed_ids(viewer_client, url, "letter") == []
    assert records(viewer_client, reverse("web:export", args=["letters"]) + "?format=json&signer=Kaine") == []
    # The letters Kaine signed are still listed, by a signer who is not protected.
    kaine = set(Letter.objects.filter(parties__name="Tim Kaine", same_as=None).values_list("pk", flat=True))
    assert kaine and kaine <= set(
        listed_ids(viewer_client, reverse("web:letters") + "?signer=Bera", "letter")
    )


def test_a_selection_never_brings_in_a_confidential_incident(seed_letters, viewer_client: Client):
    hidden = Incident.objects.get(count=600)
    Incident.objects.filter(pk=hidden.pk).update(visibility=Visibility.CONFIDENTIAL)
    href = reverse("web:export", args=["incidents"]) + "?format=json&min=1&sort=-count"
    held = [r["id"] for r in records(viewer_client, href)]
    assert held and hidden.pk not in held
    assert set(export.SELECTABLE) == {"incidents", "figures", "letters", "documents"}
