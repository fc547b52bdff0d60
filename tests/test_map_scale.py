"""What the map computes faster for a large record is what it computed before: the places a reader
is shown of each row, and the links to the figures of each place."""

from __future__ import annotations

import random

import pytest
from django.template import engines

from refwatch.extract.gazetteer import PLACES
from refwatch.knowledge.queries import Reader
from refwatch.outputs.placemap import FigurePlace
from refwatch.web.placemap import _figure_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["viewer", "protection_officer", None])
def test_the_places_shown_of_a_row_are_those_of_the_gazetteer_s_order_the_reader_may_see(request, who):
    reader = Reader.for_user(request.getfixturevalue(who)) if who else Reader.public()
    rng = random.Random(8)
    names = [*PLACES, "Atlantis", "x__contains"]
    for _ in range(200):
        named = {
            name: rng.choice(["public", "internal", "confidential", None, 3]) for name in rng.sample(names, 6)
        }
        # As it was read: the whole gazetteer, in its order, asked of each row.
        before = [name for name in PLACES if named.get(name) in reader.place_visibilities]
        assert reader.shown_places(named) == before
    assert reader.shown_places(None) == reader.shown_places([]) == reader.shown_places("Dandong") == []


def test_the_links_to_a_place_s_figures_are_those_the_template_wrote():
    place = FigurePlace(PLACES["Dandong"])
    place.figures = [(1, "2,000 people <detained> & held"), (22, '30 "children" born'), (3, "")]
    url = "/figures/?place=Dandong&from=2023&q=<x>"
    old = engines["django"].from_string(
        '{% for id, text in f.figures %}<a href="{{ url }}#figure-{{ id }}">{{ text }}</a>'
        "{% if not forloop.last %}; {% endif %}{% endfor %}"
    )
    assert _figure_links(url, place) == old.render({"f": place, "url": url})
    place.figures = []
    assert _figure_links(url, place) == ""
