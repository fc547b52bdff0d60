"""The places of the gazetteer that a statement's words name, for facts the extractor gives no
places of its own (a figure: "about 2,000 North Koreans were detained in Dandong and Tumen").

An incident's places come from the extractor (refwatch.extract.places: the sentences its span
covers). A figure's statement is read here in the same way, from the stored text: the sentences
its span covers, no further, since a place two sentences away is as likely another count's. The
places found are kept on the statement (`Statement.places`); the fact takes those of its live
statements, each with the visibility of the most open statement naming it (merge.places_of), so
that a place read only in a confidential document is shown to no one who may not read it.

Names are matched as the search index matches them (whole words, the gazetteer's spellings and
aliases, case as written), so that a figure's place and a search's place facet agree.
"""

from __future__ import annotations

import re

from refwatch.extract.gazetteer import PLACES
from refwatch.knowledge.models import Statement

# Statement kinds whose places are read here (an incident's come with its record).
PLACED_KINDS = frozenset({"figure"})

# How far a sentence is looked for on either side of a span: a span in a text without stops
# (a table, a flattened PDF) takes at most this much of its neighbours.
REACH = 300

_HYPHENS = re.compile(r"[-\u2010-\u2015\u2212]")
# Names and aliases as whole words, longest first, hyphens as the index holds them (spaces).
_PLACE_NAMES = {_HYPHENS.sub(" ", alias): p.name for p in PLACES.values() for alias in (p.name, *p.aliases)}
_PLACE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(a) for a in sorted(_PLACE_NAMES, key=len, reverse=True)) + r")(?!\w)"
)
# The end of a sentence or of a paragraph.
_STOP = re.compile(r"[.!?][\"')\]]*\s|\n\s*\n")


def places_in(text: str) -> list[str]:
    """The places of the gazetteer a text names (hyphens read as spaces; case matters, as in the
    gazetteer), each once, in the gazetteer's order (provinces before their cities)."""
    found = {_PLACE_NAMES[m.group()] for m in _PLACE.finditer(_HYPHENS.sub(" ", text))}
    return [name for name in PLACES if name in found]


def sentences_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the sentence [start, end) begins in and the end of the one it ends in."""
    start, end = max(0, min(start, len(text))), max(0, min(max(end, start), len(text)))
    lo = max(0, start - REACH)
    stops = [m.end() for m in _STOP.finditer(text, lo, start)]
    first = stops[-1] if stops else lo
    # From the span's last character: a span that ends its sentence ends with its stop.
    after = _STOP.search(text, max(start, end - 1), min(len(text), end + REACH))
    last = after.start() + 1 if after else min(len(text), end + REACH)
    return first, max(last, end)


def places_at(text: str, start: int, end: int) -> list[str]:
    """The places named in the sentences that the span [start, end) of `text` covers."""
    if not text:
        return []
    a, b = sentences_around(text, start, end)
    return places_in(text[a:b])


def statement_places(statement: Statement) -> list[str]:
    """The places a statement names: its record's (an incident's, as the extractor or an analyst
    left them), else those read from its sentences (`places_at`, kept on the statement)."""
    values = statement.values()
    named = values["places"] if "places" in values else statement.places
    return [name for name in named if isinstance(name, str)] if isinstance(named, list) else []
