"""How facts read on a page: dates with their precision, counts with their qualifier."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _parts(iso: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO date as precise as it is ("2024", "2024-04", "2024-04-01")."""
    if not iso:
        return None
    bits = iso.split("-")
    try:
        year = int(bits[0])
        month = int(bits[1]) if len(bits) > 1 else None
        day = int(bits[2][:2]) if len(bits) > 2 else None
        if month is not None:
            date(year, month, day or 1)  # rejects month 13, day 31 of April…
    except (ValueError, IndexError):
        return None
    return year, month, day


def _day(p: tuple[int, int | None, int | None]) -> str:
    y, m, d = p
    if m is None:
        return str(y)
    if d is None:
        return f"{FULL_MONTHS[m - 1]} {y}"
    return f"{d} {MONTHS[m - 1]} {y}"


@lru_cache(maxsize=8192)  # a pure function of a few strings, asked for every row of a long list
def format_date(start: str | None, end: str | None = None, precision: str | None = None) -> str:
    """A date as precise as it is known: "9 Oct 2023", "April 2024", "2023", "11–20 Feb 2024"."""
    s, e = _parts(start), _parts(end)
    if s is None:
        return _day(e) if e else "date unknown"
    y, m, d = s
    if precision == "year" or m is None:
        return str(y)
    if precision == "month" or d is None:
        return f"{FULL_MONTHS[m - 1]} {y}"
    if precision == "range" and e is None:
        return f"since {_day(s)}"  # a period whose end the sources do not give
    if precision == "range" and e is not None and e != s and e[1] is not None and e[2] is not None:
        ey, em, ed = e
        if ey == y and em == m:
            return f"{d}–{ed} {MONTHS[m - 1]} {y}"
        if ey == y:
            return f"{d} {MONTHS[m - 1]} – {ed} {MONTHS[em - 1]} {y}"  # type: ignore[index]
        return f"{_day(s)} – {_day(e)}"
    return _day(s)


def format_count(count: int | None, qualifier: str | None = None, count_min: int | None = None) -> str:
    """A count with its qualifier: "600", "~200", "at least 1,076", "more than 100", "50–60"."""
    if count is None:
        return "unknown"
    if count_min is not None and count_min != count:
        return f"{count_min:,}–{count:,}"
    n = f"{count:,}"
    return {
        "approximately": f"~{n}",
        "at_least": f"at least {n}",
        "more_than": f"more than {n}",
        "up_to": f"up to {n}",
    }.get(qualifier or "exact", n)


def format_chamber(chamber: str | None) -> str:
    return {"house": "House", "senate": "Senate"}.get(chamber or "", "")
