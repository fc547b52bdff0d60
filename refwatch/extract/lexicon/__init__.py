"""The lexicon of extraction, as data: every word list the rules read, written once.

The YAML files beside this module are read once, at import:

- actors.yaml   states (aliases, demonyms, role in a return), organisations, persons,
                legal instruments: the gazetteer
- places.yaml   provinces, cities, border crossings, detention sites and route countries, with
                their aliases, the state each is in and a point to draw it at
- returns.yaml  return verbs with their forms and particles, event nouns, manner adverbs
- cues.yaml     negation, modality, plans, fears, refusals, asks, detentions, punishments,
                practice, totals, attribution verbs
- people.yaml   nouns that count people; words that do not; relatives (a count of one)
- letters.yaml  honorifics, peerage, post-nominals, titles of legislatures, roles, offices, the
                courtesy formulas before asks and the verbs of a thought, not an action
- languages.yaml  the commonest words of languages in Latin script and the scripts of others,
                to tell a text not in English (which the rules read)

Rules get them as lists (`words`), as a regular-expression alternation (`alternation`,
longest first, spaces matching any run of white space) or as spaCy token patterns
(`token_patterns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

HERE = Path(__file__).resolve().parent


def _load() -> dict[str, Any]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(HERE.glob("*.yaml"))}


LEXICON: dict[str, Any] = _load()


def section(path: str) -> Any:
    """The data at a dotted path: "cues.fears", "places.places.Dandong.aliases"."""
    node: Any = LEXICON
    for key in path.split("."):
        node = node[key]
    return node


def _flatten(node: Any) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _flatten(value)
    elif isinstance(node, list):
        for value in node:
            yield from _flatten(value)


def words(*paths: str) -> list[str]:
    """Every word or phrase under the paths, once each, in the order written."""
    return list(dict.fromkeys(w for p in paths for w in _flatten(section(p))))


def alternation(items: Iterable[str]) -> str:
    """A regex that matches any of the phrases, the longest where several start alike ("South
    Korea" before "South"); a space matches any run of white space (text wraps inside names).

    The phrases are folded into a prefix tree ("repatriat(?:e[ds]?|i(?:ng|ons?))"): Python's
    regex engine tries the branches of a flat alternation one by one, which on a hundred words
    costs more than the rest of a rule.
    """
    trie: dict[str, Any] = {}
    for word in set(items):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _pattern(trie)


def _pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _pattern(child) for ch, child in sorted(node.items()) if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return (body if len(branches) == 1 and len(body) == 1 else f"(?:{body})") + "?"
    return body


def token_patterns(items: Iterable[str], attr: str = "LOWER") -> list[list[dict[str, str]]]:
    """spaCy Matcher patterns, one per phrase, a token each word (split as spaCy's English
    tokenizer splits on spaces; punctuation inside a word stays in it)."""
    out = []
    for phrase in dict.fromkeys(items):
        value = phrase.lower() if attr == "LOWER" else phrase
        out.append([{attr: w} for w in value.split()])
    return out


def states(role: str | None = None) -> dict[str, dict[str, Any]]:
    """The states of actors.yaml, or those with the given role ("origin", "destination", "third")."""
    all_states: dict[str, dict[str, Any]] = section("actors.states")
    return {n: s for n, s in all_states.items() if role is None or s.get("role") == role}


def state_names(*roles: str, demonyms: bool = False, places: bool = False) -> list[str]:
    """Aliases of the states with these roles, with their demonyms and places if asked."""
    out: list[str] = []
    for role in roles:
        for name, s in states(role).items():
            out += s.get("aliases", [])
            out += s.get("demonyms", []) if demonyms else []
            out += places_in(name) if places else []
    return list(dict.fromkeys(out))


def world_states(*, besides: Iterable[str] = ()) -> list[str]:
    """The English names of the world's states and territories, from CLDR (through Babel), less
    those naming China or Korea and those in `besides`: "deported seven asylum seekers to Sri
    Lanka" sends them to a state no list of this field's would name. Myanmar (Burma) is both."""
    names: set[str] = set()
    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha() or "China" in name or "Korea" in name:
            continue
        names.update(part.strip() for part in re.split(r"[()]", name) if part.strip())
    return sorted(names - set(besides))


def world_demonyms() -> list[str]:
    """What the people of `world_states()` are called, in the regular English forms ("Eritrea":
    "Eritrean", "Egypt": "Egyptian", "Iraq": "Iraqi", "Sudan": "Sudanese", "Ukraine": "Ukrainian")
    and the irregular ones of people.irregular_demonyms ("Afghan", "Filipino"). CLDR names states,
    not their people; a form no one writes ("Chadi") matches nothing, so the regular forms are all
    made rather than chosen."""
    out: set[str] = set(words("people.irregular_demonyms"))
    for name in world_states():
        if name.endswith("a"):
            out.add(name + "n")
        elif name.endswith("e"):
            out.update({name[:-1] + "ian", name[:-1] + "ese"})
        elif name.endswith("i"):
            out.add(name + "an")
        elif name[-1:].isalpha():
            out.update({name + "ian", name + "i", name + "ese"})
    return sorted(out)


def places_in(state: str) -> list[str]:
    """The aliases of the places of places.yaml inside `state` (not the state itself)."""
    return [
        a
        for p in section("places.places").values()
        if p.get("country") == state and p.get("kind") != "country"
        for a in p["aliases"]
    ]


def verb_forms(*lemmas: str) -> list[str]:
    """Forms of the return verbs (all of them when no lemma is named)."""
    verbs: dict[str, dict[str, Any]] = section("returns.verbs")
    return [f for lemma, v in verbs.items() if not lemmas or lemma in lemmas for f in v["forms"]]


def participles(*, exclude: Iterable[str] = ()) -> list[str]:
    """Past participles of the return verbs, a particle verb with each of its particles:
    "repatriated", "sent back", "sent home", "handed over"."""
    out = []
    for lemma, v in section("returns.verbs").items():
        if lemma in exclude:
            continue
        past = [f for f in v["forms"] if f.endswith("ed") or f == "sent"]
        particles = v.get("particle")
        if particles is None:
            out += past
        else:
            out += [
                f"{f} {p}" for f in past for p in (particles if isinstance(particles, list) else [particles])
            ]
    return out


def gerunds() -> list[str]:
    """The -ing forms of the return verbs ("repatriating", "sending")."""
    return [f for f in verb_forms() if f.endswith("ing")]
