"""The law a return engages: legal instruments with their key articles and the states bound by
them, from the reference data shipped in knowledge/data/instruments.yaml (each date with its
source), apart from what documents say of them (Instrument and StateParty facts).

    >>> [o.article.ref for o in obligations("China", "2023-10-09")]
    ['art. 33', 'art. I (1)', 'art. 3', 'whole text', 'whole text']

The same for every reader: public reference data, like the roster of Congress.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "instruments.yaml"


@dataclass(frozen=True)
class Article:
    ref: str
    title: str
    text: str
    engaged: bool


@dataclass(frozen=True)
class Party:
    state: str
    action: str
    date: str
    bound: str
    source: str


@dataclass(frozen=True)
class LegalInstrument:
    slug: str
    name: str
    names: tuple[str, ...]
    full_name: str
    kind: str
    adopted: str
    in_force: str
    source: str
    articles: tuple[Article, ...]
    parties: tuple[Party, ...]

    def party(self, state: str) -> Party | None:
        return next((p for p in self.parties if p.state == state), None)

    def known_as(self, name: str) -> bool:
        folded = name.casefold()
        return any(folded == n.casefold() for n in (self.name, *self.names, self.full_name) if n)


@dataclass(frozen=True)
class Obligation:
    """What binds `party.state` under `instrument` on a date, through `article`."""

    instrument: LegalInstrument
    party: Party
    article: Article


@cache
def instruments() -> tuple[LegalInstrument, ...]:
    with DATA.open("rb") as fh:
        data = yaml.safe_load(fh)
    return tuple(
        LegalInstrument(
            slug=i["slug"],
            name=i["name"],
            names=tuple(i.get("names") or ()),
            full_name=i.get("full_name", ""),
            kind=i["kind"],
            adopted=str(i.get("adopted") or ""),
            in_force=str(i.get("in_force") or ""),
            source=i["source"],
            articles=tuple(
                Article(a["ref"], a["title"], " ".join(a["text"].split()), bool(a["engaged"]))
                for a in i["articles"]
            ),
            parties=tuple(
                Party(p["state"], p["action"], str(p["date"]), str(p["bound"]), p["source"])
                for p in i["parties"]
            ),
        )
        for i in data["instruments"]
    )


def instrument(slug: str) -> LegalInstrument | None:
    return next((i for i in instruments() if i.slug == slug), None)


def named(name: str) -> LegalInstrument | None:
    """The instrument a document's name for it (an Instrument fact's name or alias) is."""
    return next((i for i in instruments() if i.known_as(name)), None)


def obligations(state: str, date: str | None) -> list[Obligation]:
    """The articles a return by `state` on `date` (ISO, as precise as known) engages: those of
    every instrument that bound the state by then. A date known to the year or month counts from
    its first day, so a state bound later that year is not said to have been bound already."""
    if not date:
        return []
    day = date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date
    found = []
    for inst in instruments():
        party = inst.party(state)
        if party is None or not party.bound or party.bound > day:
            continue
        found.extend(Obligation(inst, party, a) for a in inst.articles if a.engaged)
    return found
