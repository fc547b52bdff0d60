"""The map filtered like the incident list: one description of the filters
(refwatch.web.incident_filters) gives both pages their form and their reading of the URL; the
map's figures are narrowed by the filters that mean something for them (period, place, source)
and told which leave them; each page links to the same selection on the other."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from refwatch.knowledge import store
from refwatch.knowledge.models import Document, Figure, Incident
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import protect_names
from refwatch.web.incident_filters import FIGURES, INCIDENTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

SPRING_2024 = """Monitoring note
2 May 2024

Chinese police forcibly repatriated 120 North Korean refugees through Dandong on April 26, 2024, a rights group said.

An estimated 2,000 North Koreans were detained in Dandong, according to Human Rights Watch.
"""
SUMMER_2023 = """Field report
3 June 2023

China sent back 80 North Korean women held in Jilin to Sinuiju on May 30, 2023, a monitoring group said.

About 500 North Koreans remain detained in Jilin, the group said.
"""
AUTUMN_2024 = """News report
9 September 2024

Chinese authorities forcibly repatriated 60 North Korean refugees from Hunchun on August 20, 2024, sources said.

About 300 North Koreans are held in Tumen, the sources said.
"""
# A confidential case file: its places are for whom may read every confidential record.
CASE_2024 = """Case file
4 October 2024

About 300 North Koreans are held in Tumen and Yanji, the caseworker said.

Chinese police forcibly repatriated 45 North Korean refugees from Hunchun to Onsong on September 2, 2024.
"""


def add(tmp_path, name: str, text: str, visibility: str = "internal") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return store.add_path(path, visibility=visibility).document


@pytest.fixture
def record(tmp_path):
    return {
        "spring": add(tmp_path, "spring.txt", SPRING_2024),
        "summer": add(tmp_path, "summer.txt", SUMMER_2023),
        "autumn": add(tmp_path, "autumn.txt", AUTUMN_2024),
        "case": add(tmp_path, "case.txt", CASE_2024, visibility="confidential"),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Page(HTMLParser):
    """The marks, the filter form's field names and the links by id of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.circles: dict[str, dict[str, str]] = {}
        self.squares: dict[str, dict[str, str]] = {}
        self.fields: list[str] = []
        self.links: dict[str, str] = {}
        self._in_form = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "form" and "list-filter" in classes:
            self._in_form = True
        elif self._in_form and tag in ("input", "select") and a.get("type") != "hidden":
            self.fields.append(a["name"])
        elif tag == "a" and "mark" in classes:
            (self.circles if "place" in classes else self.squares)[a["data-place"]] = a
        elif tag == "a" and a.get("id"):
            self.links[a["id"]] = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def test_the_map_and_the_lists_have_the_form_the_description_gives(record, viewer):
    looker = client_for(viewer)
    described = [i.key for f in INCIDENTS for i in f.inputs]
    assert described == ["year", "from", "to", "min", "max", "place", "source", "agreement"]
    for url in ("/incidents/", "/map/"):
        assert Page(looker.get(url).content.decode()).fields == described, url
    assert Page(looker.get("/figures/").content.decode()).fields == [i.key for f in FIGURES for i in f.inputs]
    assert {f.key for f in FIGURES} == {"period", "place", "source"}


def test_the_map_filtered_by_year_and_place_draws_what_the_store_holds(record, viewer):
    looker = client_for(viewer)
    reader = Reader.for_user(viewer)
    page = Page(looker.get("/map/", {"year": "2024"}).content.decode())
    # Circles: the places of the incidents of 2024 this viewer may see.
    of_2024 = [i for i in reader.incidents() if (i.date_start or "").startswith("2024")]
    assert set(page.circles) == {p for i in of_2024 for p in reader.places_of(i)} == {"Dandong", "Hunchun"}
    # Squares: the places of the figures a document of 2024 says; not the confidential file's Yanji.
    assert set(page.squares) == {"Dandong", "Tumen"}
    assert "Jilin" not in page.squares and "Yanji" not in page.squares

    page = Page(looker.get("/map/", {"year": "2024", "place": "dandong"}).content.decode())
    assert set(page.circles) == set(page.squares) == {"Dandong"}
    assert page.circles["Dandong"]["href"] == "/incidents/?year=2024&place=Dandong"
    assert page.squares["Dandong"]["href"] == "/figures/?year=2024&place=Dandong"
    assert page.squares["Dandong"]["data-figures"] == "1"

    page = Page(looker.get("/map/", {"year": "2023"}).content.decode())
    assert set(page.circles) == {"Jilin", "Sinuiju"} and set(page.squares) == {"Jilin"}


def test_a_period_and_a_year_are_read_together(record, viewer):
    looker = client_for(viewer)
    page = Page(looker.get("/map/", {"year": "2024", "from": "2024-06"}).content.decode())
    assert set(page.circles) == {"Hunchun"}
    listed = looker.get("/incidents/", {"year": "2024", "from": "2024-06"}).content.decode()
    [autumn] = [i for i in Incident.objects.all() if i.date_start == "2024-08-20"]
    assert listed.count('<tr id="incident-') == 1 and f'id="incident-{autumn.pk}"' in listed
    # The figures of a document of the period; one that says it outside the period is not enough.
    assert set(page.squares) == {"Tumen"}
    assert not Page(looker.get("/map/", {"from": "2023-07", "to": "2023-12"}).content.decode()).squares


def test_a_document_known_by_a_coarser_date_may_be_of_the_period(record, viewer):
    Document.objects.filter(pk=record["summer"].pk).update(doc_date="2023", published=None)
    reader = Reader.for_user(viewer)
    jilin = Figure.objects.get(quantity=500)
    assert Figure.objects.filter(pk__in=reader.figures_said_within("2023-07", "2023-12")).contains(jilin)
    assert not Figure.objects.filter(pk__in=reader.figures_said_within("2024", None)).contains(jilin)
    assert not Figure.objects.filter(pk__in=reader.figures_said_within(None, "2022")).contains(jilin)


def test_the_lists_link_to_the_same_selection_on_the_map_and_back(record, viewer):
    looker = client_for(viewer)
    listed = Page(
        looker.get("/incidents/", {"year": "2024", "place": "Dandong", "sort": "-count"}).content.decode()
    )
    assert listed.links["on-the-map"] == "/map/?year=2024&place=Dandong"
    mapped = Page(looker.get(listed.links["on-the-map"]).content.decode())
    assert mapped.links["as-a-list"] == "/incidents/?year=2024&place=Dandong"
    assert mapped.links["figures-as-a-list"] == "/figures/?year=2024&place=Dandong"
    figures = looker.get(mapped.links["figures-as-a-list"]).content.decode()
    dandong = Figure.objects.get(quantity=2000)
    assert figures.count('<tr id="figure-') == 1 and f'id="figure-{dandong.pk}"' in figures
    assert Page(figures).links["on-the-map"] == "/map/?year=2024&place=Dandong"
    unfiltered = Page(looker.get("/incidents/").content.decode())
    assert unfiltered.links["on-the-map"] == "/map/"


def test_filters_of_the_incidents_alone_leave_the_figures_and_say_so(record, viewer):
    looker = client_for(viewer)
    html = looker.get("/map/", {"min": "100", "agreement": "single"}).content.decode()
    page = Page(html)
    assert set(page.circles) == {"Dandong"}  # the only return of 100 or more
    assert set(page.squares) == {"Dandong", "Jilin", "Tumen"}
    assert 'id="figures-unfiltered"' in html
    assert "the count returned nor by the agreement of sources" in html
    # The figures' links keep only what figures are filtered by.
    assert page.squares["Jilin"]["href"] == "/figures/?place=Jilin"
    assert page.circles["Dandong"]["href"] == "/incidents/?min=100&place=Dandong&agreement=single"
    assert 'id="figures-unfiltered"' not in looker.get("/map/", {"year": "2024"}).content.decode()


def test_the_source_narrows_the_map_s_figures_as_the_figure_list(record, viewer):
    looker = client_for(viewer)
    page = Page(looker.get("/map/", {"source": "Human Rights Watch"}).content.decode())
    assert set(page.squares) == {"Dandong"}
    listed = looker.get("/figures/", {"source": "Human Rights Watch"}).content.decode()
    assert listed.count('<tr id="figure-') == 1


def test_values_that_make_no_sense_are_said_and_left_out(record, viewer):
    looker = client_for(viewer)
    html = looker.get("/map/", {"year": "24", "from": "spring", "place": "Atlantis"}).content.decode()
    assert "is not a year" in html and "is not a date" in html and "no place of the gazetteer" in html
    assert set(Page(html).circles) == {"Dandong", "Hunchun", "Jilin", "Sinuiju"}


def test_a_viewer_s_filtered_map_shows_no_place_of_a_confidential_document(
    record, viewer, protection_officer
):
    seen = client_for(viewer).get("/map/", {"year": "2024"}).content.decode()
    page = Page(seen)
    for hidden in ("Yanji", "Onsong"):
        assert hidden not in page.circles and hidden not in page.squares
        # Not in the tables either (the map's grey dots name every border town, named or not).
        assert f"{hidden}</a>" not in seen and f'data-place="{hidden}"' not in seen
    # Nor does the place of a confidential document select anything for the viewer.
    filtered = Page(client_for(viewer).get("/map/", {"year": "2024", "place": "Yanji"}).content.decode())
    assert not filtered.circles and not filtered.squares
    officer = Page(client_for(protection_officer).get("/map/", {"year": "2024"}).content.decode())
    assert "Yanji" in officer.squares and "Onsong" in officer.circles


def test_a_protected_name_selects_no_incident_for_whom_may_not_see_it(tmp_path, viewer, protection_officer):
    # Stored before the name was protected, the attribution is in clear in the database: the source
    # filter must not match it there for a reader who sees only the pseudonym.
    add(
        tmp_path,
        "told.txt",
        "Witness report\n2 May 2024\n\nChina repatriated 12 North Korean refugees on 1 May 2024, Pak Sun-hee said.\n",
    )
    assert Incident.objects.exists()
    protect_names(["Pak Sun-hee"])
    for looker in (viewer, protection_officer):
        html = client_for(looker).get("/incidents/", {"source": "Pak Sun-hee"}).content.decode()
        listed = html.count('<tr id="incident-')
        assert listed == (1 if looker is protection_officer else 0)
