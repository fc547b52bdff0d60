"""A Member of Congress's terms, read for a letter's date: which party, state and chamber they
signed from. Apart from refwatch.knowledge.roster (which loads and links the roster) so that a
letter's party can ask it without the models and the roster importing each other."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

PARTY_LETTERS = {"Democrat": "D", "Republican": "R", "Independent": "I", "Libertarian": "L"}


def date_range(date: str | None) -> tuple[str, str] | None:
    """The first and last day a letter's date ("2025-11-07", "2025-11", "2025") can be."""
    if not date or not re.match(r"\d{4}(-\d\d){0,2}$", date):
        return None
    parts = date.split("-")
    if len(parts) == 3:
        return date, date
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        if not 1 <= month <= 12:
            return None
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return f"{date}-01", (following - dt.timedelta(days=1)).isoformat()
    return f"{date}-01-01", f"{date}-12-31"


def covers(term: dict[str, Any], span: tuple[str, str]) -> bool:
    return bool(term.get("start") and term.get("end")) and term["start"] <= span[1] and term["end"] >= span[0]


def term_of(legislator: Any, date: str | None, chamber: str | None = None) -> dict[str, str]:
    """The legislator's term that a letter of `date` speaks from, as short strings for display:
    party, state, chamber, side (the party, or for an independent the one it caucuses with) and
    label ("D-VA"). The term over the date in the chamber, else the last one in it, else the last."""
    terms = legislator.terms or []
    in_chamber = [t for t in terms if not chamber or t.get("chamber") == chamber] or terms
    span = date_range(date)
    over = [t for t in in_chamber if span and covers(t, span)]
    term = (over or in_chamber or [{}])[-1]
    party = term.get("party") or ""
    letter = PARTY_LETTERS.get(party, party[:1])
    state = term.get("state") or ""
    return {
        "party": party,
        "state": state,
        "chamber": term.get("chamber") or "",
        "side": term.get("caucus") or party,
        "label": "-".join(x for x in (letter, state) if x),
    }
