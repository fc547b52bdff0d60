"""The names of this field: actors, legal instruments and places, each with its aliases.

The names are data, in lexicon/actors.yaml and lexicon/places.yaml; this module gives them the
shape the gazetteer components of refwatch.extract.nlp read. Canonical names are the ones the
record shows; aliases are matched as whole token sequences in the spellings listed (case
matters: "US" and "PRC" are also words), so "PRC", "People's Republic of China" and "Beijing"
all point to China, and "Sinŭiju" and "Shinuiju" to Sinuiju.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from refwatch.extract.lexicon import section

ActorKind = Literal["person", "organization", "state"]
PlaceKind = Literal["province", "prefecture", "city", "crossing", "detention", "river", "country"]

ACTORS: dict[str, tuple[ActorKind, list[str]]] = {
    **{name: ("state", list(s["aliases"])) for name, s in section("actors.states").items()},
    **{name: ("organization", list(a)) for name, a in section("actors.organizations").items()},
    **{name: ("person", list(a)) for name, a in section("actors.persons").items()},
}
INSTRUMENTS: dict[str, list[str]] = {name: list(a) for name, a in section("actors.instruments").items()}


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: what it is, the state it is in, and a point to draw it at."""

    name: str
    kind: PlaceKind
    country: str  # "" for a border river, in neither state
    within: str  # the province or prefecture of a city, "" when none is listed
    lat: float
    lon: float
    aliases: tuple[str, ...]


PLACES: dict[str, Place] = {
    name: Place(
        name=name,
        kind=p["kind"],
        country=p.get("country") or "",
        within=p.get("within") or "",
        lat=float(p["at"][0]),
        lon=float(p["at"][1]),
        aliases=tuple(p["aliases"]),
    )
    for name, p in section("places.places").items()
}
