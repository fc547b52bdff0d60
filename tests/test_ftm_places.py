"""Places in the FollowTheMoney export: each place of the gazetteer an incident or a figure names
is an `Address` (name, region, country, point) that the `Event` or the `Note` links by
`addressEntity`, with its text in `location` / `address`; each figure's note on a document holds
the places that document gives. The export stays valid against followthemoney's model, every
entity it links to is in it, and a viewer's export names no place of a confidential document."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from followthemoney import model

from refwatch.knowledge import access, store
from refwatch.knowledge.models import Document, Figure, Incident
from refwatch.knowledge.queries import Reader
from refwatch.outputs import export

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

NOTE = """Monitoring note

An estimated 2,000 North Koreans were detained in Dandong in 2024, according to Human Rights Watch.

Chinese police forcibly repatriated 120 North Korean refugees through Dandong to Sinuiju on April 26, 2024, a rights group said.
"""
# The same figure, said by a second internal source at another place.
OTHER = """Briefing

About 2,000 North Koreans were detained in Hunchun in 2024, the briefing said.
"""
# And by a confidential case file, at a third.
CASE = """Case file

About 2,000 North Koreans were detained in Tumen in 2024, the caseworker said.
"""


def add(tmp_path, name: str, text: str, visibility: str = "internal") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return store.add_path(path, visibility=visibility).document


def entities(text: str) -> dict[str, dict]:
    """The export's entities by id, each checked against followthemoney's model as Aleph reads
    it, with every entity it links to in the same file."""
    found = {}
    for line in text.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)  # raises InvalidData
        assert not [p for p in proxy.schema.required if not proxy.get(p)], data
        found[proxy.id] = data
    for data in found.values():
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in found, (data["schema"], prop.name, value)
                assert model.get(found[value]["schema"]).is_a(prop.range), (prop.name, found[value]["schema"])
    return found


def of_schema(found: dict[str, dict], schema: str) -> list[dict]:
    return [e for e in found.values() if e["schema"] == schema]


def ftm(reader: Reader, kind: str) -> dict[str, dict]:
    return entities(export.build(reader, kind, "ftm").content.decode())


def test_a_figure_with_places_exports_them_as_addresses(tmp_path, viewer):
    note = add(tmp_path, "note.txt", NOTE)
    other = add(tmp_path, "other.txt", OTHER)
    figure = Figure.objects.get(quantity=2000)
    found = ftm(Reader.for_user(viewer), "figures")
    addresses = {a["properties"]["name"][0]: a for a in of_schema(found, "Address")}
    assert set(addresses) == {"Dandong", "Hunchun"}
    dandong = addresses["Dandong"]["properties"]
    assert dandong["full"] == ["Dandong, Liaoning, China"]
    assert (
        dandong["city"] == ["Dandong"] and dandong["region"] == ["Liaoning"] and dandong["country"] == ["cn"]
    )
    assert float(dandong["latitude"][0]) == pytest.approx(40.13)
    assert float(dandong["longitude"][0]) == pytest.approx(124.39)
    hunchun = addresses["Hunchun"]["properties"]
    assert hunchun["full"] == ["Hunchun, Yanbian, Jilin, China"] and hunchun["region"] == ["Jilin"]
    # One note a document, each where that document puts the figure.
    notes = {n["properties"]["entity"][0]: n["properties"] for n in of_schema(found, "Note")}
    on_note = notes[export.entity_id("Document", note.pk)]
    on_other = notes[export.entity_id("Document", other.pk)]
    assert on_note["addressEntity"] == [addresses["Dandong"]["id"]]
    assert on_note["address"] == ["Dandong, Liaoning, China"] and on_note["country"] == ["cn"]
    assert on_other["addressEntity"] == [addresses["Hunchun"]["id"]]
    assert set(Reader.for_user(viewer).places_of(figure)) == {"Dandong", "Hunchun"}


def test_an_incident_s_event_carries_its_places(tmp_path, viewer):
    add(tmp_path, "note.txt", NOTE)
    incident = Incident.objects.get(date_start="2024-04-26")
    found = ftm(Reader.for_user(viewer), "incidents")
    [event] = of_schema(found, "Event")
    assert event["properties"]["recordId"] == [f"refwatch-incident-{incident.pk}"]
    linked = {found[i]["properties"]["name"][0] for i in event["properties"]["addressEntity"]}
    assert linked == {"Dandong", "Sinuiju"}
    assert set(event["properties"]["location"]) == {
        "Dandong, Liaoning, China",
        "Sinuiju, North Pyongan, North Korea",
    }
    assert set(event["properties"]["country"]) == {"cn", "kp"}


def test_a_viewer_s_export_names_no_place_of_a_confidential_document(tmp_path, viewer, protection_officer):
    add(tmp_path, "note.txt", NOTE)
    case = add(tmp_path, "case.txt", CASE, visibility="confidential")
    figure = Figure.objects.get(quantity=2000)
    assert figure.places == {"Dandong": "internal", "Tumen": "confidential"}

    client = Client()
    client.force_login(viewer)
    answer = client.get(reverse("web:export", args=["figures"]), {"format": "ftm"})
    text = answer.content.decode()
    assert "Tumen" not in text
    assert {a["properties"]["name"][0] for a in of_schema(entities(text), "Address")} == {"Dandong"}
    # A grant opens the viewer the case file (its words), not a place the figure's column keeps
    # for whom may read every confidential record (Reader.place_visibilities): no Address.
    access.grant(case, user=viewer)
    granted = ftm(Reader.for_user(viewer), "figures")
    assert {a["properties"]["name"][0] for a in of_schema(granted, "Address")} == {"Dandong"}
    notes = {n["properties"]["entity"][0]: n["properties"] for n in of_schema(granted, "Note")}
    assert "address" not in notes[export.entity_id("Document", case.pk)]

    officer = ftm(Reader.for_user(protection_officer), "figures")
    assert {a["properties"]["name"][0] for a in of_schema(officer, "Address")} == {"Dandong", "Tumen"}
    notes = {n["properties"]["entity"][0]: n["properties"] for n in of_schema(officer, "Note")}
    assert notes[export.entity_id("Document", case.pk)]["address"] == ["Tumen, Yanbian, Jilin, China"]
