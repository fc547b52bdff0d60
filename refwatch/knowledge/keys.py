"""The keys letters are linked by: a party's surname and the start of a period.

Stored in indexed columns (LetterParty.surname, LetterReference.recipient_key) so that linking a
new letter asks the index for the few letters that could fit instead of reading every letter
stored (refwatch.knowledge.letters).
"""

from __future__ import annotations

import datetime as dt
import re

# Words of a name that are not the surname: honorifics, credentials, generational suffixes.
_NOT_SURNAME = {
    "md", "m", "d", "jr", "sr", "ii", "iii", "iv", "phd", "esq", "hon", "honorable", "the", "dr",
    "mr", "mrs", "ms", "sen", "rep", "senator", "representative", "ambassador", "secretary",
}  # fmt: skip


def surname(name: str | None) -> str:
    """The surname in a name as letters write it: "Ami Bera, M.D." → "bera",
    "U.S. Ambassador to the PRC, David Perdue" → "perdue", "Sen. Tim Kaine (D-VA)" → "kaine"."""
    if not name:
        return ""
    name = re.sub(r"\([^)]*\)", " ", name)
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", name) if w.lower().strip(".") not in _NOT_SURNAME]
    return words[-1].lower()[:120] if words else ""


def period_start(date: str | None) -> dt.date | None:
    """The first day of an ISO date or period ("2025-11" → 2025-11-01), None when there is none."""
    if not date:
        return None
    parts = [*date.split("-"), "01", "01"][:3]
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def periods_holding(date: str | None) -> list[str]:
    """Every period a reference could name that holds `date`: its prefixes ("2025", "2025-1",
    "2025-11", …), as `str.startswith` matches them."""
    return [date[:n] for n in range(1, len(date) + 1)] if date else []


def period_end(date: str | None) -> dt.date | None:
    """The day after an ISO date or period ("2025-11" → 2025-12-01), None when there is none."""
    start = period_start(date)
    if start is None or date is None:
        return None
    precision = len(date.split("-"))
    if precision >= 3:
        return start + dt.timedelta(days=1)
    if precision == 2:
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)
