"""Places: the gazetteer (lexicon/places.yaml), the places an incident's sentence names, and the
places stored on incidents. Sentences are our own, not from the evaluation sets."""

from __future__ import annotations

import pytest

from refwatch.extract import extract
from refwatch.extract.gazetteer import PLACES
from refwatch.extract.lexicon import state_names
from refwatch.extract.nlp import get_nlp


def places_of(text: str, **meta: str) -> list[tuple[int | None, list[str]]]:
    return [(r.count, r.places) for r in extract(text, meta=meta).repatriations]


def test_every_place_has_a_point_a_kind_and_an_alias() -> None:
    for name, place in PLACES.items():
        assert place.aliases, name
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180, name
        assert not place.within or place.within in PLACES, f"{name} lies within an unknown {place.within}"
    for name in ("Jilin", "Liaoning", "Yanbian", "Dandong", "Hunchun", "Tumen", "Changbai", "Shenyang", "Yanji",
                 "Helong", "Longjing", "Changchun", "Sinuiju", "Hyesan", "Hoeryong", "Namyang", "Onsong",
                 "Musan", "Kunming", "Nanning", "Pingxiang", "Laos", "Vietnam", "Thailand", "Mongolia"):  # fmt: skip
        assert name in PLACES
    # The border region is where the map draws: its towns fall inside it.
    for name in ("Dandong", "Hunchun", "Sinuiju", "Hyesan", "Onsong"):
        assert 118 <= PLACES[name].lon <= 132 and 38 <= PLACES[name].lat <= 46


def test_places_put_a_sentence_in_their_state() -> None:
    china = state_names("origin", places=True)
    assert {"Dandong", "Yanbian Korean Autonomous Prefecture", "Pingxiang"} <= set(china)
    assert "Sinuiju" not in china and "Laos" not in china and "Tumen River" not in china


def test_the_longest_name_wins_and_aliases_share_a_canonical_name() -> None:
    doc = get_nlp()("They crossed the Tumen River near Tumen and were held in Sinŭiju, then Shinuiju again.")
    assert [(s.text, s.id_, s.label_) for s in doc.spans["places"]] == [
        ("Tumen River", "Tumen River", ""),
        ("Tumen", "Tumen", "China"),
        ("Sinŭiju", "Sinuiju", "North Korea"),
        ("Shinuiju", "Sinuiju", "North Korea"),
    ]


def test_an_incident_takes_the_places_its_sentence_names() -> None:
    text = (
        "Chinese police sent back about 80 North Korean women held in Jilin and Liaoning on "
        "March 3, 2024, through the crossing at Dandong into Sinuiju, a rights group said."
    )
    assert places_of(text) == [(80, ["Jilin", "Liaoning", "Dandong", "Sinuiju"])]


def test_a_place_in_another_sentence_is_not_the_incidents() -> None:
    text = (
        "Traders in Hunchun said business was slow this spring.\n\n"
        "China forcibly repatriated 45 North Korean defectors on June 2, 2022, a group said.\n\n"
        "Families in Hyesan are still waiting for news."
    )
    assert places_of(text) == [(45, [])]


def test_detention_sites_and_route_places_are_places() -> None:
    text = (
        "In May 2021 China repatriated 30 North Korean escapees who had been caught in Kunming on their "
        "way to Laos, sending them from the Tumen Border Detention Center to the Onsong holding center."
    )
    [(count, places)] = places_of(text)
    assert count == 30
    assert places == ["Kunming", "Laos", "Tumen Border Detention Center", "Onsong Holding Center"]


def test_places_change_nothing_that_is_counted() -> None:
    with_place = (
        "China repatriated 120 North Korean refugees through Dandong on April 26, 2024, a group said."
    )
    without = "China repatriated 120 North Korean refugees on April 26, 2024, a group said."
    a, b = extract(with_place).repatriations, extract(without).repatriations
    assert [(r.count, r.date_start, r.date_end) for r in a] == [
        (r.count, r.date_start, r.date_end) for r in b
    ]
    assert a[0].to_json()["places"] == ["Dandong"] and b[0].to_json()["places"] == []


# --- the store, the incident list's filter and the map page -----------------------------------

PUBLIC_DANDONG = """Press release, 2 May 2024

Chinese police forcibly repatriated 120 North Korean refugees through Dandong on April 26, 2024, a rights group said.
"""
PUBLIC_TWO_PLACES = """News report, 3 June 2024

China sent back 80 North Korean women held in Jilin to Sinuiju on May 30, 2024, a monitoring group said.
"""
INTERNAL_SAME_DAY = """Analyst note, 4 May 2024

Chinese authorities forcibly repatriated 120 North Korean refugees on April 26, 2024, by way of Tumen, sources said.
"""
CONFIDENTIAL_SAME_DAY = """Field note, 5 May 2024

Chinese authorities forcibly repatriated 120 North Korean refugees on April 26, 2024; they were taken to the Onsong holding center.
"""
CONFIDENTIAL_ONLY = """Field note, 9 July 2022

Chinese police forcibly repatriated 37 North Korean refugees from Hunchun to Hyesan on June 14, 2022.
"""


def _add(tmp_path, name: str, text: str, visibility: str):
    from refwatch.knowledge import store

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return store.add_path(path, visibility=visibility)


@pytest.fixture
def placed(db, tmp_path):
    _add(tmp_path, "dandong.txt", PUBLIC_DANDONG, "public")
    _add(tmp_path, "two.txt", PUBLIC_TWO_PLACES, "public")
    _add(tmp_path, "internal.txt", INTERNAL_SAME_DAY, "internal")
    _add(tmp_path, "secret.txt", CONFIDENTIAL_SAME_DAY, "confidential")
    _add(tmp_path, "secret2.txt", CONFIDENTIAL_ONLY, "confidential")


def test_an_incident_keeps_each_place_with_its_most_open_statement(placed, viewer, protection_officer):
    from refwatch.knowledge.models import Incident
    from refwatch.knowledge.queries import Reader

    april = Incident.objects.get(date_start="2024-04-26")
    assert april.places == {"Dandong": "public", "Tumen": "internal", "Onsong Holding Center": "confidential"}
    assert Reader.public().places_of(april) == ["Dandong"]
    assert Reader.for_user(viewer).places_of(april) == ["Dandong", "Tumen"]
    assert Reader.for_user(protection_officer).places_of(april) == [
        "Dandong",
        "Tumen",
        "Onsong Holding Center",
    ]


def test_the_incident_list_filters_by_place_for_each_reader(placed, viewer_client, protection_officer):
    from django.test import Client

    from refwatch.knowledge.models import Incident

    april, may = Incident.objects.get(date_start="2024-04-26"), Incident.objects.get(date_start="2024-05-30")
    html = viewer_client.get("/incidents/?place=Sinuiju").content.decode()
    assert f'id="incident-{may.pk}"' in html and f'id="incident-{april.pk}"' not in html
    # Any alias, in any case, names the place.
    assert f'id="incident-{may.pk}"' in viewer_client.get("/incidents/?place=shinuiju").content.decode()
    # A place read only in a confidential document finds nothing for a viewer, but does for an officer.
    assert (
        "No incident matches" in viewer_client.get("/incidents/?place=Onsong+Holding+Center").content.decode()
    )
    officer = Client()
    officer.force_login(protection_officer)
    assert (
        f'id="incident-{april.pk}"' in officer.get("/incidents/?place=onsong+holding+center").content.decode()
    )
    # A name with a space or an apostrophe is a key like any other.
    for odd in ("Ji'an", "Inner Mongolia"):
        page = viewer_client.get("/incidents/", {"place": odd}).content.decode()
        assert "No incident matches" in page and "no place of the gazetteer" not in page
    # Something that is no place is said, and changes nothing.
    for bad in ("Atlantis", "Dandong__contains", "x' OR 1=1"):
        page = viewer_client.get("/incidents/", {"place": bad}).content.decode()
        assert "no place of the gazetteer" in page and f'id="incident-{april.pk}"' in page


def test_the_map_draws_each_place_with_its_incidents_and_links_to_them(placed, viewer_client):
    html = viewer_client.get("/map/").content.decode()
    circles = {m["data-place"]: m for m in _marks(html)}
    assert set(circles) == {"Dandong", "Tumen", "Jilin", "Sinuiju"}
    assert (circles["Dandong"]["data-incidents"], circles["Dandong"]["data-high"]) == ("1", "120")
    assert circles["Sinuiju"]["href"] == "/incidents/?place=Sinuiju"
    # Filtered like the list: the circles keep the filter in their links.
    html = viewer_client.get("/map/?from=2024-05&to=2024").content.decode()
    circles = {m["data-place"]: m for m in _marks(html)}
    assert set(circles) == {"Jilin", "Sinuiju"}
    assert circles["Jilin"]["href"] == "/incidents/?from=2024-05&to=2024&place=Jilin"
    listed = viewer_client.get(circles["Jilin"]["href"]).content.decode()
    assert listed.count('<tr id="incident-') == 1
    assert 'data-place="Jilin"' in html.split('id="places-table"')[1]


def test_a_confidential_incident_s_places_are_not_drawn_for_a_viewer(
    placed, viewer_client, protection_officer
):
    from django.test import Client

    html = viewer_client.get("/map/").content.decode()
    for hidden in ("Hyesan", "Hunchun", "Onsong Holding Center"):
        assert f'data-place="{hidden}"' not in html
    # Not even as a name in the maps or the table (the filter's menu lists every place of the gazetteer).
    drawn = html.split('class="map-layout"')[1]
    assert "Onsong Holding Center" not in drawn and "Hyesan</a>" not in drawn
    officer = Client()
    officer.force_login(protection_officer)
    html = officer.get("/map/").content.decode()
    assert {"Hyesan", "Hunchun", "Onsong Holding Center"} <= {m["data-place"] for m in _marks(html)}


def test_a_rejected_statement_takes_its_place_off_the_incident(placed):
    from refwatch.knowledge import merge
    from refwatch.knowledge.models import Incident, Review

    april = Incident.objects.get(date_start="2024-04-26")
    internal = april.statements.get(visibility="internal")
    internal.review = Review.REJECTED
    internal.save()
    merge.refresh(april)
    april.refresh_from_db()
    assert "Tumen" not in april.places and "Dandong" in april.places


def _marks(html: str) -> list[dict[str, str]]:
    from html.parser import HTMLParser

    class Marks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[dict[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag == "a" and "place" in a.get("class", "").split():
                self.found.append(a)

    parser = Marks()
    parser.feed(html)
    return parser.found


def test_the_map_reads_no_document_nor_whole_statement(placed, viewer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ran:
        html = viewer_client.get("/map/").content.decode()
    assert _marks(html)
    # Only the columns a map needs: a document's text is never read for it.
    assert not [q["sql"] for q in ran.captured_queries if '"knowledge_document"."text"' in q["sql"]]
