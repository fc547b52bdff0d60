"""Places of figures (people detained, at risk): read from the sentences a figure's statement
covers (refwatch.knowledge.places), kept on the statement and the figure, shown by the figures
page, its filter, the API, the map and the exports, as the reader may see them."""

from __future__ import annotations

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from refwatch.actions import Actions
from refwatch.knowledge import store
from refwatch.knowledge.fields import SEALED
from refwatch.knowledge.models import Figure, Statement
from refwatch.knowledge.places import places_at, places_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

NOTE = """Monitoring note

An estimated 2,000 North Koreans were detained in Dandong in 2024, according to Human Rights Watch. Families near Hyesan said the same.

Separately, an estimated 30,000 children were born in China to North Korean women.
"""
# The same figure from a confidential source, which names another place.
CASE = """Case file

About 2,000 North Koreans were detained in Tumen in 2024, the caseworker said.
"""


def add(tmp_path, name: str, text: str, visibility: str = "internal"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return store.add_path(path, visibility=visibility).document


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detained() -> Figure:
    return Figure.objects.get(quantity=2000)


def test_a_statement_takes_the_places_of_its_own_sentences():
    first = NOTE.index("An estimated")
    end = NOTE.index("Human Rights Watch.") + len("Human Rights Watch.")
    assert places_at(NOTE, first, end) == ["Dandong"]  # Hyesan is in the next sentence
    second = NOTE.index("Families")
    assert places_at(NOTE, second, second + 8) == ["Hyesan"]
    assert places_at(NOTE, NOTE.index("Separately"), len(NOTE)) == []
    # Aliases and hyphens as the gazetteer and the search index read them; case matters.
    assert places_in("held at the Sino-Korean border in Yanbian and Dandong") == ["Yanbian", "Dandong"]
    assert places_in("dandong") == []


def test_a_figure_keeps_the_places_its_statements_name(tmp_path):
    doc = add(tmp_path, "note.txt", NOTE)
    figure = detained()
    assert figure.places == {"Dandong": "internal"}
    [st] = Statement.objects.filter(document=doc, figure=figure)
    assert st.places == ["Dandong"]
    assert Figure.objects.get(quantity=30000).places == {}


def test_places_follow_review_and_visibility(tmp_path, analyst, protection_officer):
    doc = add(tmp_path, "note.txt", NOTE)
    [st] = Statement.objects.filter(document=doc, figure=detained())
    Actions(analyst).review(st.pk, "rejected")
    assert detained().places == {}
    Actions(analyst).review(st.pk, "suggested")
    assert detained().places == {"Dandong": "internal"}
    Actions(protection_officer).set_visibility(doc.pk, "public")
    assert detained().places == {"Dandong": "public"}


def test_the_figures_page_shows_where_and_filters_by_place(tmp_path, viewer):
    add(tmp_path, "note.txt", NOTE)
    figure = detained()
    looker = client_for(viewer)
    page = looker.get(reverse("web:figures")).content.decode()
    assert '<th scope="col">Where</th>' in page
    row = page[page.index(f'id="figure-{figure.pk}"') :].split("</tr>", 1)[0]
    assert '<a href="?place=Dandong">Dandong</a>' in row
    at_dandong = looker.get(reverse("web:figures"), {"place": "dandong"}).content.decode()
    assert f'id="figure-{figure.pk}"' in at_dandong and "30,000" not in at_dandong
    elsewhere = looker.get(reverse("web:figures"), {"place": "Hyesan"}).content.decode()
    assert 'id="figure-' not in elsewhere
    unknown = looker.get(reverse("web:figures"), {"place": "Atlantis"}).content.decode()
    assert "no place of the gazetteer" in unknown and f'id="figure-{figure.pk}"' in unknown


def test_a_place_read_only_in_a_confidential_document_is_shown_only_to_whom_may_read_it(
    tmp_path, viewer, protection_officer
):
    add(tmp_path, "note.txt", NOTE)
    case = add(tmp_path, "case.txt", CASE, visibility="confidential")
    figure = detained()
    assert figure.places == {"Dandong": "internal", "Tumen": "confidential"}
    # On the statement, where the confidential document's place is sealed like its record.
    [st] = Statement.objects.filter(document=case, figure=figure)
    with connection.cursor() as cursor:
        cursor.execute("SELECT places FROM knowledge_statement WHERE id = %s", [st.pk])
        assert SEALED in cursor.fetchone()[0]
    assert st.places == ["Tumen"]

    def api_places(user) -> list[str]:
        [shown] = [f for f in client_for(user).get("/api/figures").json()["items"] if f["id"] == figure.pk]
        return shown["places"]

    assert api_places(viewer) == ["Dandong"]
    assert api_places(protection_officer) == ["Dandong", "Tumen"]
    at_tumen = reverse("web:figures") + "?place=Tumen"
    assert f'id="figure-{figure.pk}"' not in client_for(viewer).get(at_tumen).content.decode()
    assert f'id="figure-{figure.pk}"' in client_for(protection_officer).get(at_tumen).content.decode()
    seen = client_for(viewer).get(reverse("web:map")).content.decode()
    assert 'class="mark figure-place" data-place="Dandong"' in seen
    assert 'data-place="Tumen"' not in seen
    officer = client_for(protection_officer).get(reverse("web:map")).content.decode()
    assert 'class="mark figure-place" data-place="Tumen"' in officer


def test_the_map_draws_figures_as_squares_beside_incidents(tmp_path, viewer):
    add(
        tmp_path,
        "note.txt",
        NOTE + "\nChinese authorities forcibly repatriated 50 North Koreans from Hunchun on March 3, 2024.\n",
    )
    page = client_for(viewer).get(reverse("web:map")).content.decode()
    square = page[page.index('class="mark figure-place" data-place="Dandong"') :].split("</a>", 1)[0]
    assert "<rect " in square and "<circle" not in square and 'data-figures="1"' in square
    assert "2,000 North Koreans" in square  # its title
    assert '<a href="/figures/?place=Dandong" class="mark figure-place"' in page
    circle = page[page.index('class="mark place" data-place="Hunchun"') :].split("</a>", 1)[0]
    assert "<circle" in circle
    table = page[page.index('id="figure-places-table"') :].split("</table>", 1)[0]
    assert "Dandong" in table and "2,000 North Koreans" in table and "Hunchun" not in table
    # The map's place filter narrows the figures too.
    elsewhere = client_for(viewer).get(reverse("web:map"), {"place": "Hunchun"}).content.decode()
    assert 'class="mark figure-place"' not in elsewhere


def test_the_exports_carry_the_places(tmp_path, viewer):
    add(tmp_path, "note.txt", NOTE)
    figure = detained()
    answer = client_for(viewer).get(reverse("web:export", args=["figures"]), {"format": "csv"})
    rows = {r["figure_id"]: r for r in csv.DictReader(io.StringIO(answer.content.decode()))}
    assert rows[f"refwatch-figure-{figure.pk}"]["places"] == "Dandong"
    data = client_for(viewer).get(reverse("web:export", args=["figures"]), {"format": "json"}).json()
    [record] = [r for r in data["records"] if r["stable_id"] == f"refwatch-figure-{figure.pk}"]
    assert record["places"] == ["Dandong"]


def test_the_migration_gives_stored_figures_their_places(tmp_path):
    doc = add(tmp_path, "note.txt", NOTE)
    case = add(tmp_path, "case.txt", CASE, visibility="confidential")
    # As stored before the migration: no places anywhere.
    Statement.objects.filter(document__in=[doc, case]).update(places=[])
    Figure.objects.update(places={})
    migration = importlib.import_module("refwatch.knowledge.migrations.0018_figure_places")
    migration.fill(apps, None)
    assert detained().places == {"Dandong": "internal"}  # a confidential text is not opened
    [st] = Statement.objects.filter(document=doc, figure=detained())
    assert st.places == ["Dandong"]
    assert Statement.objects.get(document=case, figure=detained()).places == []
