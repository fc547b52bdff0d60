"""Places: the gazetteer (lexicon/places.yaml), the places an incident's sentence names, and the
places stored on incidents. Sentences are our own, not from the evaluation sets."""

from __future__ import annotations

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
