"""Dates as the text gives them, normalised to an interval with a precision.

A date span is found by one compiled pattern over the text; its parts are then
normalised. dateparser reads the absolute core of a span ("Oct. 9, 2023",
"10/9/2023", "9 October 2023") with the document's date as the base; what it
cannot express is done here: the interval of a month or a year, the parts of a
period ("mid-February" = days 11–20, "early 2023" = January to April), weeks
("last week" = Monday to Sunday before the document's week), seasons, "since X"
(from X to the document's date; none when the document has no date) and spans between
two dates.
"""

from __future__ import annotations

import calendar
import re as _re
from datetime import date, datetime, timedelta
from functools import lru_cache

import regex as re
from dateparser.date import DateDataParser

from refwatch.extract.model import DateMention, Precision

EXTRACTOR = "dates"

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# The short forms of the months' names ("Dec", "Sept"), which a full stop may follow.
SHORT_MONTHS = frozenset(m for m in MONTHS if any(len(k) > len(m) and MONTHS[k] == MONTHS[m] for k in MONTHS))
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
# Parts of a month (days) and of a year (months), as the gold's rules define them.
MONTH_PARTS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20), "middle": (11, 20),
               "late": (21, 31), "end": (21, 31)}  # fmt: skip
YEAR_PARTS = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8),
              "late": (9, 12), "end": (9, 12)}  # fmt: skip
# Parts of a week (days from its Monday): "early this week" is Monday to Wednesday.
WEEK_PARTS = {"early": (0, 2), "beginning": (0, 2), "start": (0, 2), "mid": (2, 4), "middle": (2, 4),
              "late": (4, 6), "end": (4, 6)}  # fmt: skip
HALVES = {"first": (1, 6), "second": (7, 12)}
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": None}

_MON = r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of|(?:beginning|start|middle|end)\s+of)"
_SEP = r"\s*(?:-|–|—|to|through|until|and)\s*"
_PREP_YEAR = r"(?:in|since|during|from|until|by|throughout|through|of|between|and|to|after|before|for)"

# One alternation, longest forms first; the group name says which form matched.
_PATTERN = re.compile(
    rf"""
    (?P<since>\bsince\s+)?
    (?:
      (?P<drange_md>(?P<m1>{_MON})\s+(?P<d1>{_DAY}){_SEP}(?:(?P<m2>{_MON})\s+)?(?P<d2>{_DAY})\b(?:,?\s+(?P<y1>{_YEAR}))?)
    | (?P<drange_dm>(?P<dd1>{_DAY})(?:\s+(?P<mm1>{_MON}))?(?:,?\s+(?P<yy1>{_YEAR}))?{_SEP}(?P<dd2>{_DAY})\s+(?P<mm2>{_MON})(?:,?\s+(?P<yy2>{_YEAR}))?)
    | (?P<full>(?:{_WD},?\s+)?(?:{_MON}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}))\b
    | (?P<iso>\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b
    | (?P<numeric>\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/{_YEAR})\b
    | (?P<part>\b(?P<part_word>{_PART})[\s-]*(?:(?P<part_mon>{_MON})(?:\s+(?:of\s+)?(?P<part_mon_year>{_YEAR}))?|(?P<part_year>{_YEAR})))\b
    | (?P<partrel>\b(?P<partrel_word>early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)[\s-]+(?P<partrel_which>this|last|the)\s+(?P<partrel_unit>year|month|week))\b
    | (?P<half>\bthe\s+(?P<half_word>first|second)\s+half\s+of\s+(?P<half_year>{_YEAR}))\b
    | (?P<season>\b(?:(?P<season_this>this|last|next)\s+)?(?P<season_word>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<season_year>{_YEAR}))?)\b
    | (?P<mrange>\b(?:between\s+)?(?P<mr1>{_MON})(?:\s+(?P<mry1>{_YEAR}))?\s*(?:-|–|—|to|through|until|and)\s*(?P<mr2>{_MON}),?\s+(?P<mry2>{_YEAR}))\b
    | (?P<monyear>\b{_MON},?\s+(?:of\s+)?{_YEAR})\b
    | (?P<yrange>\b(?:between\s+)?(?P<yr1>{_YEAR})\s*(?:-|–|—|to|through|and)\s*(?P<yr2>{_YEAR}))\b
    | (?P<mday>\b(?:{_MON}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MON}))\b
    | (?P<nth>\bthe\s+(?P<nth_day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+of\s+(?P<nth_which>this|last|the\s+previous)\s+month)\b
    | (?P<onth>(?<=\b(?:on|of)\s)the\s+(?P<onth_day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?=\s*(?:[,.;)]|that\b|and\b|when\b)))
    | (?P<weekday>\b(?:last\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night))?)\b
    | (?P<pastn>\b(?:past|last)\s+(?P<pastn_n>two|three|four|five|six|[2-9]|1\d)\s+(?P<pastn_unit>days|weeks|months))\b
    | (?P<rel>\b(?:(?P<rel_which>this|last|past|previous|earlier\s+this|later\s+this|so\s+far\s+this)\s+(?P<rel_unit>week|month|year))|\b(?P<rel_day>yesterday|today))\b
    | (?P<weekend>\b(?:over\s+the|last|this|on\s+the)\s+weekend)\b
    | (?P<ago>\b(?P<ago_n>\d+|a|one|two|three|four|five|six|several)\s+(?P<ago_unit>day|week|month|year)s?\s+ago)\b
    | (?P<bare_year>(?<!(?:Convention|Protocol|Agreement|Treaty|Act)\s+of\s+(?:the\s+)?)(?<=\b{_PREP_YEAR}\s)(?:the\s+(?:year\s+)?)?{_YEAR}(?!\s*(?:Convention|Protocol|Refugee|Agreement|Report|report|Trafficking|Olympics|Asian\s+Games|Games|UN\b|U\.N\.|United\s+Nations|-|–)))\b
    | (?P<bare_month>(?<=\b(?:in|since|during|until|by|over|between|throughout)\s)(?-i:January|February|March|April|May|June|July|August|September|October|November|December)(?!\s+\d))\b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Compiled once: the regex module's cache lookup on every call costs more than the match.
_NON_DIGIT = _re.compile(r"\D")
_MONTH_YEAR_GAP = _re.compile(r",?\s+(?:of\s+)?")
_WORD_OR_NUMBER = _re.compile(r"[A-Za-z]+\.?|\d+(?:st|nd|rd|th)?")


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _day(token: str) -> int:
    return int(_NON_DIGIT.sub("", token))


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_interval(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _last_day(year, month))


def _past_year_for(month: int, day: int, ref: date) -> int:
    """The year that puts month/day on or before the document's date (news speaks of the past)."""
    try:
        return ref.year if date(ref.year, month, day) <= ref + timedelta(days=1) else ref.year - 1
    except ValueError:
        return ref.year


_WEEKDAY_PREFIX = _re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", _re.I)
_MDY = _re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DMY = _re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_ISO = _re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _parse_plain(span: str) -> tuple[date, str] | None:
    """The usual written forms of a day ("October 9, 2023", "9 October 2023", "2023-10-09"),
    read directly: dateparser takes milliseconds a call, more than the rest of extraction on a
    page, and these forms leave it nothing to decide. Anything else goes to dateparser."""
    span = _WEEKDAY_PREFIX.sub("", span)
    if m := _ISO.match(span):
        y, mon, d = int(m[1]), int(m[2]), int(m[3])
    elif (m := _MDY.match(span)) and m[1].lower() in MONTHS:
        y, mon, d = int(m[3]), MONTHS[m[1].lower()], int(m[2])
    elif (m := _DMY.match(span)) and m[2].lower() in MONTHS:
        y, mon, d = int(m[3]), MONTHS[m[2].lower()], int(m[1])
    else:
        return None
    try:
        return date(y, mon, d), "day"
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse_core(span: str, ref: date | None) -> tuple[date, str] | None:
    """An absolute date span read: the date and its period."""
    plain = _parse_plain(span)
    if plain is not None:
        return plain
    return _dateparser(span, ref)


def _dateparser(span: str, ref: date | None) -> tuple[date, str] | None:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": False}
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)
    data = _parser(tuple(sorted(settings.items(), key=lambda kv: kv[0]))).get_date_data(span)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


@lru_cache(maxsize=8)
def _parser(settings: tuple[tuple[str, object], ...]) -> DateDataParser:
    return DateDataParser(languages=["en"], settings=dict(settings))


_ORDINAL = _re.compile(r"(\d)(st|nd|rd|th)\b")
_OF = _re.compile(r"\bof\s+")
_SPACES = _re.compile(r"\s+")


def _clean(span: str) -> str:
    return _SPACES.sub(" ", _OF.sub("", _ORDINAL.sub(r"\1", span))).strip()


class _Groups:
    def __init__(self, m: re.Match[str]) -> None:
        self.m = m

    def __getitem__(self, name: str) -> str | None:
        return self.m.group(name)


Interval = tuple[date, date, Precision, bool]


def _interpret(m: re.Match[str], ref: date | None) -> Interval | None:
    # The groups one at a time, as they are asked for: the pattern has dozens of named groups
    # and building the whole dict for each date cost more than reading it.
    g = _Groups(m)
    if g["drange_md"]:
        return _day_range(
            _month(g["m1"]), _day(g["d1"]), _month(g["m2"] or g["m1"]), _day(g["d2"]), g["y1"], ref
        )
    if g["drange_dm"]:
        m1 = _month(g["mm1"] or g["mm2"])
        return _day_range(m1, _day(g["dd1"]), _month(g["mm2"]), _day(g["dd2"]), g["yy2"] or g["yy1"], ref)
    if g["full"] or g["iso"] or g["numeric"]:
        core = _parse_core(_clean(g["full"] or g["iso"] or g["numeric"]), ref)
        if core is None:
            return None
        return core[0], core[0], "day", False
    if g["part"]:
        part = next(w for w in g["part_word"].lower().split() if w not in {"the", "of"})
        if g["part_year"]:
            lo, hi = YEAR_PARTS[part]
            y = int(g["part_year"])
            return date(y, lo, 1), date(y, hi, _last_day(y, hi)), "range", False
        mon = _month(g["part_mon"])
        if g["part_mon_year"]:
            y, relative = int(g["part_mon_year"]), False
        elif ref is not None:
            y, relative = _past_year_for(mon, 1, ref), True
        else:
            return None
        lo, hi = MONTH_PARTS[part]
        return date(y, mon, lo), date(y, mon, min(hi, _last_day(y, mon))), "range", relative
    if g["partrel"]:
        if ref is None:
            return None
        part = next(w for w in g["partrel_word"].lower().split() if w in YEAR_PARTS)
        back = 1 if g["partrel_which"].lower() == "last" else 0
        if g["partrel_unit"].lower() == "week":
            monday = ref - timedelta(days=ref.weekday() + 7 * back)
            lo, hi = WEEK_PARTS[part]
            # What is told as done this week was done by the day it is told.
            end = monday + timedelta(days=hi)
            return monday + timedelta(days=lo), max(monday + timedelta(days=lo), min(end, ref)), "range", True
        if g["partrel_unit"].lower() == "year":
            y = ref.year - back
            lo, hi = YEAR_PARTS[part]
            return date(y, lo, 1), date(y, hi, _last_day(y, hi)), "range", True
        idx = ref.year * 12 + ref.month - 1 - back
        y, mon = idx // 12, idx % 12 + 1
        lo, hi = MONTH_PARTS[part]
        return date(y, mon, lo), date(y, mon, min(hi, _last_day(y, mon))), "range", True
    if g["half"]:
        lo, hi = HALVES[g["half_word"].lower()]
        y = int(g["half_year"])
        return date(y, lo, 1), date(y, hi, _last_day(y, hi)), "range", False
    if g["season"]:
        return _season(g["season_word"].lower(), g["season_year"], g["season_this"], ref)
    if g["mrange"]:
        # "between August and October 2023": the year told once is of both months.
        y2 = int(g["mry2"])
        y1 = int(g["mry1"]) if g["mry1"] else y2
        m1, m2 = _month(g["mr1"]), _month(g["mr2"])
        if (y1, m1) >= (y2, m2):
            return None
        return date(y1, m1, 1), _month_interval(y2, m2)[1], "range", False
    if g["monyear"]:
        mon_tok, year_tok = _MONTH_YEAR_GAP.split(g["monyear"].strip(), maxsplit=1)
        lo, hi = _month_interval(int(year_tok), _month(mon_tok))
        return lo, hi, "month", False
    if g["yrange"]:
        y1, y2 = int(g["yr1"]), int(g["yr2"])
        if y2 <= y1:
            return None
        return date(y1, 1, 1), date(y2, 12, 31), "range", False
    if g["mday"]:
        if ref is None:
            return None
        parts = _WORD_OR_NUMBER.findall(g["mday"])
        mon = _month(next(p for p in parts if not p[0].isdigit() and p.lower() != "of"))
        day = _day(next(p for p in parts if p[0].isdigit()))
        if day > _last_day(_past_year_for(mon, 1, ref), mon):
            return None
        d = date(_past_year_for(mon, day, ref), mon, day)
        return d, d, "day", True
    if g["nth"] or g["onth"]:
        # "on the 26th of last month", "confirmed on the 8th that …": a day of the document's
        # month, or of the month before when that day is still to come.
        if ref is None:
            return None
        day = int(g["nth_day"] or g["onth_day"])
        back = 1 if (g["nth_which"] or "this").lower() != "this" else 0
        if back == 0 and day > ref.day:
            back = 1
        idx = ref.year * 12 + ref.month - 1 - back
        y, mon = idx // 12, idx % 12 + 1
        if day > _last_day(y, mon):
            return None
        d = date(y, mon, day)
        return d, d, "day", True
    if g["weekday"]:
        if ref is None:
            return None
        words = g["weekday"].lower().split()
        wd = WEEKDAYS[next(w for w in words if w in WEEKDAYS)]
        if words[0] == "last":
            # "last Monday" is the Monday of the week before the document's week, as "last week"
            # is that week ("last Monday" written on Wednesday 18 October is 9 October).
            d = ref - timedelta(days=ref.weekday() + 7 - wd)
        else:
            d = ref - timedelta(days=(ref.weekday() - wd) % 7)  # "on Monday": the latest one
        return d, d, "day", True
    if g["pastn"]:
        # "over the past two weeks": the days up to the one written, that one included.
        if ref is None:
            return None
        n_tok = (g["pastn_n"] or "").lower()
        n = int(n_tok) if n_tok.isdigit() else NUMBER_WORDS.get(n_tok) or 1
        unit = g["pastn_unit"].lower()
        if unit == "months":
            idx = ref.year * 12 + ref.month - 1 - n
            y, mon = idx // 12, idx % 12 + 1
            lo = date(y, mon, min(ref.day, _last_day(y, mon))) + timedelta(days=1)
        else:
            lo = ref - timedelta(days=n * (7 if unit == "weeks" else 1) - 1)
        return lo, ref, "range", True
    if g["rel"]:
        return _relative(g, ref)
    if g["weekend"]:
        return _weekend(ref, g["weekend"].lower().startswith("last"))
    if g["ago"]:
        return _ago(g, ref)
    if g["bare_year"]:
        y = int(_NON_DIGIT.sub("", g["bare_year"]))
        return date(y, 1, 1), date(y, 12, 31), "year", False
    if g["bare_month"]:
        if ref is None:
            return None
        mon = _month(g["bare_month"])
        y = _past_year_for(mon, 1, ref)
        lo, hi = _month_interval(y, mon)
        return lo, hi, "month", True
    return None


def _day_range(m1: int, d1: int, m2: int, d2: int, year: str | None, ref: date | None) -> Interval | None:
    if year:
        y2, relative = int(year), False
    elif ref is not None:
        y2, relative = _past_year_for(m2, d2, ref), True
    else:
        return None
    y1 = y2 - 1 if m1 > m2 else y2
    try:
        lo, hi = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if hi < lo:
        return None
    return lo, hi, "range", relative


def _season(word: str, year: str | None, which: str | None, ref: date | None) -> Interval | None:
    first, last = SEASONS[word]
    if year:
        y, relative = int(year), False
    elif which and ref is not None:
        y = ref.year + {"this": 0, "last": -1, "next": 1}[which.lower()]
        relative = True
    else:
        return None  # "in summer" with no year is too loose to date an event
    y_end = y + 1 if last < first else y
    return date(y, first, 1), date(y_end, last, _last_day(y_end, last)), "range", relative


# "earlier this week", "so far this month": the period up to the day the text was written.
_UP_TO_THE_DAY = ("earlier this", "so far this")


def _relative(g: dict[str, str | None], ref: date | None) -> Interval | None:
    if ref is None:
        return None
    if g["rel_day"]:
        d = ref - timedelta(days=1) if g["rel_day"].lower() == "yesterday" else ref
        return d, d, "day", True
    which = " ".join(((g["rel_which"] or "").lower()).split())
    unit = (g["rel_unit"] or "").lower()
    back = 1 if which in {"last", "past", "previous"} else 0
    if which == "past":
        # "over the past year": the twelve months up to the day written, not the calendar year.
        span = {"week": timedelta(days=7), "month": timedelta(days=30), "year": timedelta(days=365)}[unit]
        return ref - span, ref, "range", True
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday() + 7 * back)
        if which in _UP_TO_THE_DAY:
            return monday, max(monday, ref), "range", True  # up to the day it is written
        return monday, monday + timedelta(days=6), "range", True
    if unit == "month":
        y, mo = (ref.year, ref.month - back) if ref.month - back >= 1 else (ref.year - 1, 12)
        lo, hi = _month_interval(y, mo)
        if which in _UP_TO_THE_DAY:
            return lo, ref, "range", True
        return lo, hi, "month", True
    y = ref.year - back
    if which in _UP_TO_THE_DAY:
        return date(y, 1, 1), ref, "range", True
    return date(y, 1, 1), date(y, 12, 31), "year", True


def _weekend(ref: date | None, last: bool) -> Interval | None:
    """ "Over the weekend" in news is the last Saturday and Sunday before the document's day."""
    if ref is None:
        return None
    if ref.weekday() >= 5 and not last:  # said on the weekend itself: this one
        saturday = ref - timedelta(days=ref.weekday() - 5)
    elif ref.weekday() >= 5:
        saturday = ref - timedelta(days=ref.weekday() + 2)
    else:
        saturday = ref - timedelta(days=ref.weekday() + 2)
    return saturday, saturday + timedelta(days=1), "range", True


def _ago(g: dict[str, str | None], ref: date | None) -> Interval | None:
    n_tok = (g["ago_n"] or "").lower()
    n = int(n_tok) if n_tok.isdigit() else NUMBER_WORDS.get(n_tok)
    if ref is None or n is None:
        return None
    unit = (g["ago_unit"] or "").lower()
    if unit == "day":
        d = ref - timedelta(days=n)
        return d, d, "day", True
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday() + 7 * n)
        return monday, monday + timedelta(days=6), "range", True
    if unit == "month":
        idx = ref.year * 12 + ref.month - 1 - n
        lo, hi = _month_interval(idx // 12, idx % 12 + 1)
        return lo, hi, "month", True
    y = ref.year - n
    return date(y, 1, 1), date(y, 12, 31), "year", True


# Every date form begins with one of these words or a digit. The full pattern is tried
# only where they stand: trying it at every position of a long text costs seconds.
_TRIGGER = _re.compile(
    r"\b(?:since|between|early|mid|late|beginning|start|middle|end|this|last|past|previous|earlier|later"
    r"|yesterday|today|so(?=\s+far\s+this\b)|over(?=\s+the\s+weekend)|on(?=\s+the\s+weekend)|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    # "the" and "a" are in every sentence: trigger only where a date form can follow them.
    r"|the(?=\s+(?:beginning|start|middle|end|first|second|year|[123]?\d(?:st|nd|rd|th))\b)"
    r"|(?:a|one|two|three|four|five|six|several)(?=\s+(?:day|week|month|year)s?\s+ago\b)"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|fall|autumn|winter)\b"
    r"|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]|\b\d{1,2}/\d",
    _re.IGNORECASE,
)


# Scanning lower-cased text with a case-sensitive pattern is several times faster than
# IGNORECASE; it is only valid while lower-casing keeps every offset (it does not for "İ").
_TRIGGER_LOWER = _re.compile(_TRIGGER.pattern)


def _matches(text: str) -> list[re.Match[str]]:
    found = []
    last_end = 0
    low = text.lower()
    triggers = _TRIGGER_LOWER.finditer(low) if len(low) == len(text) else _TRIGGER.finditer(text)
    for t in triggers:
        if t.start() < last_end:
            continue
        m = _PATTERN.match(text, t.start())
        if m and m.end() > m.start():
            found.append(m)
            last_end = m.end()
    return found


_SENTENCE_BREAK = _re.compile(r"[.!?;]\s+[A-Z\"“]|\n\s*\n")


def _same_list(text: str, anchor_end: int, start: int) -> bool:
    """Whether a date follows a full date closely within one sentence ("on 29 August 2023, 80
    …, along with 40 others on 18 September")."""
    return start - anchor_end <= 150 and not _SENTENCE_BREAK.search(text, anchor_end, start)


def _in_anchor_year(m: re.Match[str], anchor: date, ref: date | None) -> Interval | None:
    """A day without a year listed after a full date is of that date's year, unless the
    document's date puts it within the year after it (a list from one season to the next)."""
    parts = _WORD_OR_NUMBER.findall(m.group("mday"))
    mon = _month(next(p for p in parts if not p[0].isdigit() and p.lower() != "of"))
    day = _day(next(p for p in parts if p[0].isdigit()))
    if ref is not None:
        from_ref = _interpret(m, ref)
        if from_ref is not None and (from_ref[0] - anchor).days <= 365:
            return from_ref
    d = date(anchor.year, mon, day)
    return d, d, "day", ref is not None


def date_matches(text: str) -> list[re.Match[str]]:
    """Where the text gives dates, before they are read (see `find_dates`)."""
    return _matches(text)


def find_dates(
    text: str,
    doc_date: date | None = None,
    *,
    matches: list[re.Match[str]] | None = None,
    warnings: list[str] | None = None,
) -> list[DateMention]:
    """Every date the text gives, in order, with its span and normalised interval.

    Dates that need the document's date ("last week", "on April 26") are left out
    when `doc_date` is None: a guessed year is worse than no date. `matches` (from
    `date_matches`) saves finding the same dates twice when they are read twice. A date
    span that cannot be read is noted in `warnings`, when given.
    """
    out: list[DateMention] = []
    anchor: tuple[int, date] | None = None  # end and day of the last full date ("29 August 2023")
    for m in _matches(text) if matches is None else matches:
        try:
            interval = _interpret(m, doc_date)
            if m.group("mday") and anchor is not None and _same_list(text, anchor[0], m.start()):
                interval = _in_anchor_year(m, anchor[1], doc_date) or interval
        except (ValueError, KeyError, StopIteration, OverflowError) as exc:
            # "February 30, 2023" is no date; the warning says which words were not read.
            if warnings is not None:
                warnings.append(
                    f"dates at character {m.start()}: {m.group(0).strip()!r} not read as a date: {exc}"
                )
            interval = None
        if m.group("full") or m.group("iso") or m.group("numeric"):
            anchor = (m.end(), interval[0]) if interval else None
        if interval is None:
            if warnings is not None and (m.group("full") or m.group("iso") or m.group("numeric")):
                warnings.append(f"dates at character {m.start()}: {m.group(0).strip()!r} is no calendar date")
            continue
        lo, hi, precision, relative = interval
        if m.group("since"):
            if doc_date is None or doc_date < lo:
                continue
            hi, precision = doc_date, "range"
        start, end = m.span()
        quote = text[start:end]
        # Trailing whitespace can come from the optional parts of the pattern.
        end -= len(quote) - len(quote.rstrip())
        out.append(
            DateMention(
                start=start,
                end=end,
                quote=text[start:end],
                confidence=0.9 if not relative else 0.75,
                extractor=EXTRACTOR,
                date_start=lo.isoformat(),
                date_end=hi.isoformat(),
                precision=precision,
                relative=relative,
            )
        )
    return _days_after(text, _month_ranges(text, out))


_DAYS_AFTER = _re.compile(
    r"\b(?:the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)"
    r"|(?P<n>a|one|two|three|four|five|six|seven|[1-9])\s+days?\s+later"
    r"|the\s+day\s+after(?=\s*[,.;)]))",
    _re.I,
)
_PARAGRAPH_BREAK = _re.compile(r"\n\s*\n")
DAYS_AFTER_REACH = 300  # characters: "the next day" is of a day told in the same passage


def _days_after(text: str, dates: list[DateMention]) -> list[DateMention]:
    """ "On January 23, 2016, police arrested his wife. … deported her back the next day", "two
    days later": the day after the day told last before it in the same paragraph (a day, not a
    month: "in May … the next day" fixes nothing)."""
    if "day" not in text.lower():
        return dates
    extra = []
    for m in _DAYS_AFTER.finditer(text):
        before = [d for d in dates if d.end <= m.start() and d.start >= m.start() - DAYS_AFTER_REACH]
        if not before or before[-1].precision != "day" or not before[-1].date_start:
            continue
        anchor = before[-1]
        if _PARAGRAPH_BREAK.search(text, anchor.end, m.start()):
            continue
        n_tok = (m.group("n") or "1").lower()
        n = int(n_tok) if n_tok.isdigit() else NUMBER_WORDS.get(n_tok) or 1
        d = date.fromisoformat(anchor.date_start) + timedelta(days=n)
        extra.append(
            DateMention(
                start=m.start(), end=m.end(), quote=m.group(0), confidence=anchor.confidence, extractor=EXTRACTOR,
                date_start=d.isoformat(), date_end=d.isoformat(), precision="day", relative=anchor.relative,
            )
        )  # fmt: skip
    if not extra:
        return dates
    return sorted(dates + extra, key=lambda d: d.start)


_MONTH_BEFORE = _re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s*(?:-|–|—)\s*$"
)
_YEAR_AFTER_MONTH = _re.compile(r"\s+(?:of\s+)?(?:last|this)\s+year", _re.I)
_RANGE_JOIN = _re.compile(r"\s*(?:-|–|—|to|through|until)\s*$", _re.I)


def _month_ranges(text: str, dates: list[DateMention]) -> list[DateMention]:
    """ "September-October 2023", "March to May 2022": two months joined into one range."""
    out: list[DateMention] = []
    for d in dates:
        lead = _MONTH_BEFORE.search(text, max(0, d.start - 16), d.start)
        if lead and d.precision == "month" and d.date_start and (not out or out[-1].end <= lead.start()):
            # "September-October 2023" with no document date: the first month has only the
            # second one's year, so it was not read on its own.
            start = f"{d.date_start[:4]}-{MONTHS[lead.group(1).lower()]:02d}-01"
            if start <= d.date_start:
                d = DateMention(
                    start=lead.start(), end=d.end, quote=text[lead.start() : d.end], confidence=d.confidence,
                    extractor=EXTRACTOR, date_start=start, date_end=d.date_end, precision="range", relative=d.relative,
                )  # fmt: skip
        prev = out[-1] if out else None
        if (
            prev is not None
            and d.precision == "year"
            and _YEAR_AFTER_MONTH.fullmatch(text, prev.end, d.end)
            and prev.date_start
            and d.date_start
        ):
            # "July last year", "since March this year": the month in the year told after it.
            start = d.date_start[:4] + prev.date_start[4:]
            end = prev.date_end if prev.precision == "range" else d.date_start[:4] + (prev.date_end or "")[4:]
            out[-1] = DateMention(
                start=prev.start, end=d.end, quote=text[prev.start : d.end], confidence=prev.confidence,
                extractor=EXTRACTOR, date_start=start, date_end=end, precision=prev.precision, relative=True,
            )  # fmt: skip
            continue
        if (
            prev is not None
            and prev.precision == "month"
            and d.precision == "month"
            and _RANGE_JOIN.fullmatch(text, prev.end, d.start)
            and prev.date_start
            and d.date_end
        ):
            start = prev.date_start
            if not _re.search(r"\d{4}", prev.quote):
                start = d.date_end[:4] + start[4:]  # the year told once, after the second month
            if start <= d.date_end:
                out[-1] = DateMention(
                    start=prev.start, end=d.end, quote=text[prev.start : d.end], confidence=prev.confidence,
                    extractor=EXTRACTOR, date_start=start, date_end=d.date_end, precision="range",
                    relative=prev.relative or d.relative,
                )  # fmt: skip
                continue
        out.append(d)
    return out


def parse_date(span: str, doc_date: date | None = None) -> DateMention | None:
    """The one date a short span gives ("November 7, 2025", "2025-11"), or None."""
    found = find_dates(span, doc_date)
    return found[0] if found else None
