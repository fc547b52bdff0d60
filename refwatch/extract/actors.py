"""Actors, legal instruments and ratifications, from the SpanRuler's spans."""

from __future__ import annotations

import re

from refwatch.extract.context import Context
from refwatch.extract.model import ActorMention, InstrumentMention, Ratification

EXTRACTOR = "gazetteer"

_RATIFY = re.compile(
    r"\b(?P<action>ratif(?:ied|ies|y)|acceded|accession|became\s+(?:a\s+)?party|signed|is\s+(?:a\s+)?party|has\s+been\s+(?:a\s+)?party)\b",
    re.I,
)
_ACTIONS = {"ratif": "ratified", "acced": "acceded", "acces": "acceded", "signe": "signed"}


def find_actors(ctx: Context) -> list[ActorMention]:
    out = []
    # The quote is sliced from the text: Span.text rebuilds it token by token, which on a
    # long report costs more than finding the actors did.
    for s in ctx.doc.spans.get("actors", []):
        start, end = s.start_char, s.end_char
        quote = ctx.text[start:end]
        out.append(
            ActorMention(
                start=start,
                end=end,
                quote=quote,
                confidence=0.9 if len(quote) > 3 else 0.7,
                extractor=EXTRACTOR,
                name=s.id_,
                kind=s.label_.lower(),  # type: ignore[arg-type]
                text=quote,
            )
        )
    return out


def find_instruments(ctx: Context) -> list[InstrumentMention]:
    return [
        InstrumentMention(
            start=s.start_char,
            end=s.end_char,
            quote=ctx.text[s.start_char : s.end_char],
            confidence=0.9,
            extractor=EXTRACTOR,
            name=s.id_,
            text=ctx.text[s.start_char : s.end_char],
        )
        for s in ctx.doc.spans.get("instruments", [])
    ]


def find_ratifications(ctx: Context) -> list[Ratification]:
    """ "In September 1982, the PRC ratified the 1951 Refugee Convention and its 1967 Protocol"
    gives one ratification per instrument, by the state the sentence names, at its date."""
    out: list[Ratification] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    instruments = list(ctx.doc.spans.get("instruments", []))
    if not instruments:
        return out
    actors = [a for a in ctx.doc.spans.get("actors", []) if a.label_ == "STATE"]
    for s0, s1 in ctx.sentence_bounds():
        inst = [i for i in instruments if s0 <= i.start_char < s1 and i.id_ != "non-refoulement"]
        if not inst:
            continue
        m = _RATIFY.search(ctx.text, s0, s1)
        if not m:
            continue
        # The state is the subject: named before the verb.
        states = [a for a in actors if s0 <= a.start_char < m.start()]
        if not states:
            continue
        action = _ACTIONS.get(m.group("action").lower()[:5], "party")
        # A "party" statement is a state of affairs; its sentence's dates are of other things.
        when = None if action == "party" else next((d for d in ctx.dates_in(s0, s1) if not d.relative), None)
        date_iso = None
        if when is not None and when.date_start:
            date_iso = when.date_start[: {"day": 10, "month": 7}.get(when.precision or "", 4)]
        parties = {states[-1].id_} if action != "signed" else {s.id_ for s in states}
        for i in inst:
            for state in sorted(parties):
                if (state, i.id_, action, date_iso) in seen:
                    continue
                seen.add((state, i.id_, action, date_iso))
                quote = ctx.text[s0:s1].strip()
                out.append(
                    Ratification(
                        start=s0, end=s0 + len(quote), quote=quote, confidence=0.8, extractor=EXTRACTOR,
                        state=state, instrument=i.id_, action=action, date=date_iso,  # type: ignore[arg-type]
                    )
                )  # fmt: skip
    return out
