"""Counts of people: "approximately 200 North Korean refugees", "50 to 60 defectors",
"at least 1,076", "hundreds of escapees", with the qualifier the text puts on them.

The qualifier words (lexicon/quantities.yaml) are the ones the field's analysts use: about /
around / some / roughly / nearly / an estimated → approximately; at least → at_least; more
than / over → more_than; as many as / up to → up_to; a bare number → exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from refwatch.extract.lexicon import section
from refwatch.extract.model import Qualifier

QUALIFIERS: dict[str, Qualifier] = {
    word: qualifier for qualifier, words in section("quantities.qualifiers").items() for word in words
}
NUMBER_WORDS: dict[str, int] = dict(section("quantities.number_words"))
SCALES: dict[str, int] = dict(section("quantities.scales"))
VAGUE: tuple[str, ...] = tuple(section("quantities.vague"))

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_WORDNUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# "forty-five" is one number; "eight -- two men" is two (an appositive list), never ten.
_WORDS = rf"(?:(?:{_TENS})[\s-](?:{_UNITS})\b|{_WORDNUM})"
# Number words with their scales, as many as they go on: "four hundred thousand", "two hundred
# (and) fifty", "one thousand five hundred"; "one-thousand-170", as Korean wire copy writes it.
_WORD_NUMBER = rf"{_WORDS}(?:[\s-](?:hundred|thousand|million)(?:-\d{{1,3}}\b|[\s-](?:and\s+)?{_WORDS})?)*"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:(?:\s+|-)(?:hundred|thousand|million))?|{_WORD_NUMBER})"

_VAGUE = "|".join(r"\s+".join(w.split()) for w in sorted(VAGUE, key=len, reverse=True))
_TENS_UNITS_SCALE = re.compile(rf"(?:{_TENS})-(?:{_UNITS})\s+(?:hundred|thousand)")
COUNT = re.compile(
    rf"""
    (?<![\w,.'’])(?=[\w])  # at the start of a word: saves trying the pattern inside words
    (?:(?P<qual>{_QUAL})\s+)?
    (?:(?P<reportedly>reportedly|a\s+total\s+of|a\s+further|another|an\s+additional|a|the)\s+)?
    (?:
        # A count in dozens ("two dozen refugees", "more than a dozen") is a size, not a number:
        # the field's analysts give it none, as they give "hundreds" none.
        (?P<vague>(?:{_VAGUE})(?=\s+of\b)
               |several\s+(?:hundred|thousand|dozen)|a\s+few\s+dozen
               |(?:(?:one|two|three|four|five|six|half\s+a)[\s-])?dozen\b(?!s))
        # "and" makes a range only after "between": "30 on April 3 and 45 on April 20" are two.
      | (?P<between>between\s+)?(?P<lo>{_NUM})\s*(?:-|–|to|or|(?(between)and|(?!)))\s*(?P<hi>{_NUM})
      | (?P<num>{_NUM})(?P<plus>\+|-plus)?
    )
    # Not inside a longer number ("1,0" of "1,000"); a comma after it is punctuation ("600, said").
    (?!\d|,\d)(?!s\b|-something|-times?\b)(?!\s*(?:%|percent|per\s+cent|years?\s+old|-year|year-old))
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Matching lower-cased text with a case-sensitive pattern is about three times faster
# than IGNORECASE (the pattern is all lower case); valid only while offsets are kept.
_COUNT_LOWER = re.compile(COUNT.pattern, re.VERBOSE)


def find_counts(text: str) -> Iterator[re.Match[str]]:
    """The counts of `text`; match groups hold the lower-cased words, offsets are `text`'s."""
    low = text.lower()
    return _COUNT_LOWER.finditer(low) if len(low) == len(text) else COUNT.finditer(text)


@dataclass
class Count:
    start: int
    end: int
    number_start: int
    value: int | None
    minimum: int | None
    qualifier: Qualifier | None

    @property
    def vague(self) -> bool:
        return self.value is None


def number_value(token: str) -> int | None:
    """The integer a numeral or number words spell ("1,076", "sixty", "two hundred", "2.5 million")."""
    t = token.lower().replace("-", " ").strip()
    t = " ".join(t.split())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
        return int(t.replace(",", ""))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (hundred|thousand|million))?", t)
    if m:
        value = float(m.group(1)) * SCALES.get(m.group(2) or "", 1)
        # "000" is the tail of a number split by a stray space ("33, 000"), not nobody.
        return int(value) if value == int(value) and value else None
    total, current = 0, 0
    for word in t.replace(" and ", " ").split():
        if word.isdigit() and total:  # "one-thousand-170", as Korean wire copy writes it
            current += int(word)
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word == "a":
            continue
        else:
            return None
    value = total + current
    return value or None


def _scaled_like(lo: int, hi_words: str) -> int:
    """The low end of a range whose scale only its high end says: "three to four hundred thousand"
    is 300,000 to 400,000, "two to three thousand" 2,000 to 3,000."""
    scale = 1
    for word in reversed(hi_words.lower().replace("-", " ").split()):
        if word not in SCALES:
            break
        scale *= SCALES[word]
    hi = number_value(hi_words) or 0
    return lo * scale if scale > 1 and lo < 100 and lo * scale < hi else lo


def parse_count(match: re.Match[str]) -> Count:
    qual_word = (match.group("qual") or "").lower()
    qualifier: Qualifier = QUALIFIERS.get(" ".join(qual_word.split()), "exact")
    if match.group("vague"):
        return Count(match.start(), match.end(), match.start("vague"), None, None, None)
    if match.group("hi"):
        lo, hi = number_value(match.group("lo")), number_value(match.group("hi"))
        if lo is not None and hi is not None and lo >= 20 and lo % 10 == 0 and hi < 10:
            if match.group("lo").isalpha() and match.group("hi").isalpha():  # "forty-five", not a range
                return Count(match.start(), match.end(), match.start("lo"), lo + hi, None, qualifier)
        whole = match.string[match.start("lo") : match.end("hi")]
        if _TENS_UNITS_SCALE.fullmatch(whole.lower()):
            # "twenty-six hundred" is 2,600, not a range from twenty to six hundred.
            return Count(match.start(), match.end(), match.start("lo"), number_value(whole), None, qualifier)
        if lo is not None and hi is not None and lo < hi:
            return Count(
                match.start(),
                match.end(),
                match.start("lo"),
                hi,
                _scaled_like(lo, match.group("hi")),
                "up_to",
            )
        if (
            lo is not None
            and hi is not None
            and lo > hi
            and re.fullmatch(r"[a-z-]+-(?:hundred|thousand)-\d+", whole.lower())
        ):
            # "one-thousand-170": one number, not a range
            return Count(match.start(), match.end(), match.start("lo"), number_value(whole), None, qualifier)
        return Count(match.start(), match.end(), match.start("lo"), None, None, None)
    if match.group("plus"):  # "the 50-plus defectors", "50+ escapees"
        qualifier = "more_than"
    return Count(
        match.start(), match.end(), match.start("num"), number_value(match.group("num")), None, qualifier
    )
