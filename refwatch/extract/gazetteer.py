"""The names of this field: actors and legal instruments, each with its aliases.

The names are data, in lexicon/actors.yaml; this module gives them the shape the gazetteer
component of refwatch.extract.nlp reads. Canonical names are the ones the record shows;
aliases are matched as whole token sequences in the spellings listed (case matters: "US"
and "PRC" are also words), so "PRC", "People's Republic of China" and "Beijing" all point
to China.
"""

from __future__ import annotations

from typing import Literal

from refwatch.extract.lexicon import section

ActorKind = Literal["person", "organization", "state"]

ACTORS: dict[str, tuple[ActorKind, list[str]]] = {
    **{name: ("state", list(s["aliases"])) for name, s in section("actors.states").items()},
    **{name: ("organization", list(a)) for name, a in section("actors.organizations").items()},
    **{name: ("person", list(a)) for name, a in section("actors.persons").items()},
}
INSTRUMENTS: dict[str, list[str]] = {name: list(a) for name, a in section("actors.instruments").items()}
