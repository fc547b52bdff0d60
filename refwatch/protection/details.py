"""Contact and identity details in text: phone numbers and dates, in the forms documents write them.

A protected person's phones, birth date, addresses and document numbers are redaction keys like
the names (refwatch.protection.names keeps their keyed hashes). Phones and dates are written in
too many ways for a word-by-word match, so they are found here by pattern and reduced to one
canonical key each ("phone" + the last eight digits, "birth date" + the ISO date), which is then
hashed and looked up. The same patterns redact every phone number and every date given as a
birth date in a text about a protected person, whether or not anyone recorded it (`in_text`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import regex as re

PHONE = "phone"
BIRTH_DATE = "birth date"
ADDRESS = "address"
DOCUMENT_NUMBER = "document number"
# The kinds of detail a Person carries, with the label a redaction shows.
KINDS = (PHONE, BIRTH_DATE, ADDRESS, DOCUMENT_NUMBER)

# A phone number: an optional country code, then two to five groups of digits separated by
# spaces, dots, hyphens or brackets ("+82 10-5555-0101", "(202) 224-3121", "010.5555.0101").
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.\-]?)?(?:\(?\d{2,5}\)?[\s.\-]?){1,5}\d{2,5}(?![\w])")
# The fewest and most digits a phone number has (a local number without its area code has 7).
_PHONE_DIGITS = (8, 15)
# Digits a phone key keeps: the subscriber number without country or trunk prefixes.
_PHONE_KEY = 8

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    # 1988-05-21, 1988.5.21, 1988/05/21
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-./](?P<mon>\d{1,2})[-./](?P<day>\d{1,2})(?!\d)"),
    # 21.05.1988, 21/05/1988 (day first, as most of the world writes it; month first is tried too)
    re.compile(r"(?<!\d)(?P<day>\d{1,2})[-./](?P<mon>\d{1,2})[-./](?P<year>(?:19|20)\d\d)(?!\d)"),
    # 21 May 1988
    re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.I
    ),
    # May 21, 1988
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.I),
    # 1988년 5월 21일
    re.compile(r"(?P<year>(?:19|20)\d\d)\s*년\s*(?P<mon>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일"),
]
# Words that say the date next to them is a birth date ("born 1988-05-21", "DOB: …", "…일생").
_BIRTH_BEFORE = re.compile(
    r"(?:\bborn\b|\bbirth\b|\bb\.|\bDOB\b|\bD\.O\.B\.|생년월일|출생|태어난?|생일)[^.;\n]{0,20}$", re.I
)
_BIRTH_AFTER = re.compile(r"^\s*(?:생|출생|\(born\)|\(birth\))")


@dataclass(frozen=True)
class Detail:
    start: int
    end: int
    kind: str
    key: str  # the canonical form that is hashed: "phone 55550101", "birth date 1988-05-21"


def phone_key(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    if not _PHONE_DIGITS[0] <= len(digits) <= _PHONE_DIGITS[1]:
        return None
    return f"{PHONE} {digits[-_PHONE_KEY:]}"


def date_keys(text: str) -> list[str]:
    """The ISO dates a written date can mean ("05/06/1988" is 5 June or 6 May), as keys."""
    return [f"{BIRTH_DATE} {iso}" for iso in _isos(text)]


def _isos(text: str) -> list[str]:
    out: list[str] = []
    for pattern in _DATES:
        m = pattern.fullmatch(text.strip())
        if m:
            out += _from_match(m)
    return list(dict.fromkeys(out))


def _from_match(m: re.Match[str]) -> list[str]:
    groups = m.groupdict()
    year, day = int(groups["year"]), int(groups["day"])
    if groups.get("month"):
        months = [_MONTHS[groups["month"].lower().rstrip(".")]]
    else:
        months = [int(groups["mon"])]
    pairs = [(months[0], day)]
    if not groups.get("month") and m.re is _DATES[1]:
        pairs.append((day, months[0]))  # month first (US)
    out = []
    for month, d in pairs:
        try:
            out.append(datetime.date(year, month, d).isoformat())
        except ValueError:
            continue
    return out


def key_for(kind: str, value: str) -> list[str]:
    """The keys a recorded detail is found by; empty for addresses and document numbers, which
    are found word by word like names."""
    if kind == PHONE:
        key = phone_key(value)
        return [key] if key else []
    if kind == BIRTH_DATE:
        return date_keys(value)
    return []


def phones(text: str) -> Iterator[Detail]:
    for m in _PHONE.finditer(text):
        value = m.group()
        if _isos(value):
            continue  # a date written with dots or hyphens, not a phone
        groups = re.findall(r"\d+", value)
        if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
            continue  # a run of years ("2019 2020")
        key = phone_key(value)
        if key:
            yield Detail(m.start(), m.end(), PHONE, key)


def dates(text: str) -> Iterator[Detail]:
    """Every full date (day, month and year) in `text`, with whether it is given as a birth date
    in `kind` (BIRTH_DATE) or not (""); the key is the first ISO date it can mean."""
    seen: list[tuple[int, int]] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in seen):
                continue
            isos = _from_match(m)
            if not isos:
                continue
            seen.append((m.start(), m.end()))
            birth = _BIRTH_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) or _BIRTH_AFTER.match(
                text[m.end() : m.end() + 10]
            )
            for iso in isos:
                yield Detail(m.start(), m.end(), BIRTH_DATE if birth else "", f"{BIRTH_DATE} {iso}")


def in_text(text: str) -> list[Detail]:
    """Phones and dates given as birth dates: what a text about a protected person never shows."""
    found = [*phones(text), *(d for d in dates(text) if d.kind == BIRTH_DATE)]
    return sorted(found, key=lambda d: (d.start, -d.end))
