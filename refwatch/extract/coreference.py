"""One return told several times in a document: a later or earlier telling gives the date that
a counted telling leaves out ("China returned as many as 600 refugees" and, further on, "the
mass deportation took place on October 9").

The dates a document gives its returns are read from every sentence with a return trigger
(doc.spans["triggers"]) that no not-done cue (a plan, a fear, a refusal) stands just before: the first
usable date after the trigger in the sentence, else the last one before it. A date the
document gives only as the day of a report or of an arrest is none of them.

Runs after the extractors of the sentences (incidents, events, carry_context), on their
records; it only fills or narrows dates, never makes a record.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from refwatch.extract.context import Context
from refwatch.extract.dates import date_matches
from refwatch.extract.incidents import (
    _BY_OTHER_STATE,
    ANOTHER_RETURN,
    EARLIER_RETURN,
    NOT_DONE_KINDS,
    POLICY_OF,
    TOLD_THAT,
    _counts,
    _is_arrest_date,
    _is_report_date,
)
from refwatch.extract.model import DateMention, Repatriation
from refwatch.extract.rules import Example, rule

ONE_DATED_RETURN = rule(
    "coreference.one_dated_return",
    """A counted return told without a date, in a document that dates the returns it tells with
    one interval only: the count is of that return and takes its date.""",
    field="repatriations",
    examples=[
        Example(
            "As many as 600 North Koreans vanish after being deported from China\n\n"
            "The refugees face prison camps, torture and execution, activists told reporters.\n\n"
            "The mass repatriation involved buses and vans carrying the deportees across the border "
            "in October 2023.",
            {"count": 600, "date_start": "2023-10-01", "date_end": "2023-10-31"},
        ),
        # Two returns told on two days: the undated count is of neither for sure.
        Example(
            "As many as 600 North Koreans vanish after being deported from China\n\n"
            "The refugees face prison camps, torture and execution, activists told reporters.\n\n"
            "Some were deported on October 9, 2023. Others were sent back on April 26, 2024.",
            None,
        ),
        # A survey's year of its own, which no date reads, is not the date of another telling.
        Example(
            "Border police deported about 900 North Korean refugees during the year.\n\n"
            "In March 2006 police deported North Koreans who had sheltered in a church in Yanji.",
            None,
            doc_date="2007-06-01",
        ),
        # Another state's return to China is not the return from China it led to.
        Example(
            "The nine North Korean orphans were first returned by Laotian police to China this week.\n\n"
            "Nine young North Korean defectors have now been returned to North Korea via China, the UN said.",
            None,
            doc_date="2013-05-31",
        ),
        # A return told as another one, or the dated one told as an earlier one: not the same.
        Example(
            "Another 60 defectors were repatriated by China, activists said.\n\n"
            "The refugees face prison camps, torture and execution, activists told reporters.\n\n"
            "The mass repatriation took place in October 2023.",
            None,
            doc_date="2024-05-01",
        ),
        Example(
            "China has repatriated 60 defectors, activists said.\n\n"
            "The refugees face prison camps, torture and execution, activists told reporters.\n\n"
            "The previous mass repatriation took place in October 2023.",
            None,
            doc_date="2024-05-01",
        ),
    ],
)

MORE_PRECISE_DAY = rule(
    "coreference.more_precise_day",
    """A counted return dated by its month or week, in a document that tells of a return on one
    day within that month or week (and of no other day within it), with no other count: the day
    is the return's ("600 deported in October" and "the defectors repatriated on Oct. 9").""",
    field="repatriations",
    examples=[
        Example(
            "Up to 600 North Koreans were deported by China in October, a rights group said.\n\n"
            "The group said the defectors were repatriated on Oct. 9 through Dandong.",
            {"count": 600, "date_start": "2023-10-09", "date_end": "2023-10-09"},
            doc_date="2023-12-07",
        ),
        Example(
            "Up to 600 North Koreans were deported by China in October, a rights group said.\n\n"
            "The group said another group was repatriated on Oct. 20 through Dandong.",
            None,
            doc_date="2023-12-07",
        ),
    ],
)

# A month, a week or "earlier this week": a span short enough to be the telling of one return.
SHORT_SPAN = 31  # days
CUE_REACH = 60  # characters before a trigger where a not-done cue governs it
_RECENT = re.compile(r"\brecent(?:ly)?\b", re.I)
# "at least 13 of them had already been forcibly returned": before the telling, on no day it gives.
_ALREADY = re.compile(r"\b(?:had|have|has)\s+already\b", re.I)
# "the previous mass repatriation in October 2023": a return told as an earlier one.
_EARLIER = re.compile(r"\b(?:previous|prior|earlier|last|first|past|former)\s+(?:[\w-]+\s+){0,2}$", re.I)
_TOPIC_BEFORE = re.compile(
    r"\b(?:about|regarding|over|against|on|to|end|ending|stop|stopping|halt|halting|oppose|opposing|condemn|condemning)"
    r"\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


def _span_days(start: str | None, end: str | None) -> int:
    if not start:
        return 10**6
    return (date.fromisoformat(end or start) - date.fromisoformat(start)).days


def _return_dates(ctx: Context) -> list[tuple[DateMention, int, int]]:
    """(date, sentence start, sentence end) of every return the document dates. A trigger's
    date stands between it and the next trigger of its sentence (else between the one before
    and it): "China repatriated them at the height of the furor (Lee asked China not to
    repatriate them a week ago)" dates the request, not the return."""
    bounds = ctx.sentence_bounds()
    starts = [b[0] for b in bounds]
    cues = [c for c in ctx.doc.spans.get("cues", []) if c.label_ in NOT_DONE_KINDS]
    own_day = ctx.doc_date.isoformat() if ctx.doc_date else None
    triggers = list(ctx.doc.spans.get("triggers", []))
    found: dict[int, tuple[DateMention, int, int]] = {}
    for k, trigger in enumerate(triggers):
        i = bisect.bisect_right(starts, trigger.start_char) - 1
        if i < 0:
            continue
        s0, s1 = bounds[i]
        # "plans to deport", "feared being sent back", "was not returned": a cue just before
        # the trigger; one after it ("deported against their will") says nothing of whether.
        if any(max(s0, trigger.start_char - CUE_REACH) <= c.start_char < trigger.start_char for c in cues):
            continue
        # "first returned by Laotian police to China this week": another state's return, to China.
        if _BY_OTHER_STATE.match(ctx.text, trigger.end_char, s1):
            continue
        # "criticised last Friday China's policy of repatriating refugees": a policy, no return.
        if POLICY_OF.search(ctx.text, max(s0, trigger.start_char - 40), trigger.start_char):
            continue
        lo = triggers[k - 1].end_char if k > 0 and triggers[k - 1].end_char > s0 else s0
        hi = triggers[k + 1].start_char if k + 1 < len(triggers) and triggers[k + 1].start_char < s1 else s1
        dates = [
            d
            for d in ctx.dates_in(lo, hi)
            if d.date_start
            and not _is_report_date(ctx.text, s0, d)
            # "caught in May and deported": the arrest's date, unless the trigger follows it at
            # once ("caught by the police and earlier this month deported").
            and (
                not _is_arrest_date(ctx.text, s0, d)
                or (d.end <= trigger.start_char and not ctx.text[d.end : trigger.start_char].strip())
            )
            and not (d.precision == "day" and d.date_start == own_day)
            # "in the NK Times on the 20th, news is spreading that hundreds … were repatriated"
            and not (d.end <= trigger.start_char and TOLD_THAT.search(ctx.text, d.end, trigger.start_char))
            and (ctx.doc_date is None or date.fromisoformat(d.date_start) <= ctx.doc_date)
            # "since 2024", "over the past year": a long period up to the telling is a total's,
            # not a return's ("earlier this month" is short enough to be one).
            and not (
                own_day
                and d.date_end == own_day
                and d.precision == "range"
                and _span_days(d.date_start, d.date_end) > SHORT_SPAN
            )
        ]
        if not dates:
            continue
        after = [d for d in dates if d.start >= trigger.end_char]
        if not after and trigger.label_ == "noun" and _TOPIC_BEFORE.search(ctx.text, s0, trigger.start_char):
            # "expressed concerns on May 9 about the forcible repatriation of …": the noun names
            # the practice, the date is of the words about it.
            continue
        if trigger.label_ == "noun" and _EARLIER.search(
            ctx.text, max(s0, trigger.start_char - 40), trigger.start_char
        ):
            continue  # "the last mass repatriation, in October 2023": another return than today's
        d = after[0] if after else dates[-1]
        found.setdefault(d.start, (d, s0, s1))
    return list(found.values())


def resolve(ctx: Context, records: list[Repatriation]) -> list[Repatriation]:
    """The records, with dates filled or narrowed from the other tellings of the same return."""
    if not records:
        return records
    told = _return_dates(ctx)
    if not told:
        return records
    intervals = {(d.date_start, d.date_end) for d, _, _ in told}
    intervals |= {(r.date_start, r.date_end) for r in records if r.date_start and not r.aggregate}
    for r in records:
        if (
            r.count is None
            or r.aggregate
            or _RECENT.search(r.quote)
            or _ALREADY.search(r.quote)
            or ANOTHER_RETURN.search(r.quote)
            or EARLIER_RETURN.search(r.quote)
        ):
            continue
        # A telling of this return: its sentence counts no other number of people and does not
        # tell of another return ("returns continued on Oct. 20 with another group").
        same = [
            (d, s0, s1)
            for d, s0, s1 in told
            if _counts_only(ctx, s0, s1, r.count) and not ANOTHER_RETURN.search(ctx.text, s0, s1)
        ]
        if r.date_start is None:
            # "forcibly repatriated last month" in a text with no date of its own: the record
            # has a date, unread; another return's date is not it.
            if (
                len(intervals) == 1
                and same
                and not _dates_of_its_own(ctx, r)
                and not _OWN_PERIOD.search(r.quote)
            ):
                _set(r, same[0][0], ONE_DATED_RETURN)
            continue
        if r.date_precision == "day" or _span_days(r.date_start, r.date_end) > SHORT_SPAN:
            continue
        days = {
            (d.date_start, d.date_end): d
            for d, _, _ in same
            if d.precision == "day" and r.date_start <= (d.date_start or "") <= (r.date_end or r.date_start)
        }
        if len(days) == 1:
            _set(r, next(iter(days.values())), MORE_PRECISE_DAY)
    return _once(records)


# "China deported about 1,800 … during the year": a period of its own that no date reads (a
# survey's year); another return's date is not it.
_OWN_PERIOD = re.compile(
    r"\b(?:during|in|over|throughout)\s+the\s+(?:year|period|reporting\s+period)\b", re.I
)


def _dates_of_its_own(ctx: Context, r: Repatriation) -> bool:
    """Whether the record's sentence gives a date (read or not) that is not of an arrest or a
    report ("all 31 refugees it arrested last month, activists said Friday" gives neither the
    return's)."""
    spans = [DateMention(start=r.start + m.start(), end=r.start + m.end()) for m in date_matches(r.quote)]
    return any(
        not _is_arrest_date(ctx.text, r.start, d) and not _is_report_date(ctx.text, r.start, d) for d in spans
    )


def _counts_only(ctx: Context, s0: int, s1: int, count: int) -> bool:
    return all(c.count.value in (None, count) for c in _counts(ctx, s0, s1))


def _once(records: list[Repatriation]) -> list[Repatriation]:
    """A record dated here that now tells the same count on the same date as another record is
    the same return told twice: one record, the first. (Records dated by the sentence rules are
    left as they made them.)"""
    mine = (ONE_DATED_RETURN, MORE_PRECISE_DAY)
    out: list[Repatriation] = []
    for r in records:
        if r.count is not None and r.date_start and not r.aggregate:
            same = [
                o
                for o in out
                if (o.count, o.date_start, o.date_end) == (r.count, r.date_start, r.date_end)
                and not o.aggregate
            ]
            if same and (r.extractor in mine or any(o.extractor in mine for o in same)):
                continue
        out.append(r)
    return out


def _set(r: Repatriation, d: DateMention, rule_id: str) -> None:
    r.date_start, r.date_end, r.date_precision = d.date_start, d.date_end, d.precision
    r.relative, r.date_span = d.relative, (d.start, d.end)
    r.extractor = rule_id
