"""Repatriations and other figures: who was sent back, how many, when, on whose word.

A repatriation is a statement that people *were* returned from China to North Korea.
Each sentence that has a return verb ("repatriated", "deported", "sent back",
"handed over") is read clause by clause: every count of people in it is paired with
the date that belongs to it (the next date before another count, else the nearest
one before it), so "600 … on October 9, 2023, … and approximately 200 … in April
2024" gives two records. Returns that were planned, feared, refused or asked for,
detentions and the practice in general are not repatriations; their counts of
people may still be figures ("an estimated 2,000 North Korean refugees" at risk).
When unsure, leave it out: a wrong fact costs more than a missing one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from refwatch.extract import lexicon as lx
from refwatch.extract.context import Context
from refwatch.extract.dates import MONTHS
from refwatch.extract.model import DateMention, Figure, Repatriation
from refwatch.extract.quantities import NUMBER_WORDS, Count, find_counts, number_value, parse_count
from refwatch.extract.rules import Example, confidence, rule

RETURN_VERB = rule(
    "incidents.return_verb",
    """A count of people as the object of a finite return verb, or as the subject of a passive
    one, with the date of its clause.""",
    field="repatriations",
    examples=[
        Example(
            "Chinese police deported 45 North Korean refugees on 3 March 2022.",
            {"count": 45, "date_start": "2022-03-03", "date_precision": "day"},
        ),
        Example(
            "Around 70 defectors were sent back to North Korea in June 2019.",
            {"count": 70, "count_qualifier": "approximately", "date_start": "2019-06-01"},
        ),
        Example("China will repatriate 45 North Korean refugees next month.", None, doc_date="2022-03-01"),
        Example(
            "Beijing forcibly sent home at least 60 North Korean escapees on 26 April 2024.",
            {"count": 60, "count_qualifier": "at_least", "date_start": "2024-04-26"},
        ),
        Example(
            "The Chinese Government have sent home about 3,200 North Korean refugees since 1 December 2002.",
            {"count": 3200, "count_qualifier": "approximately", "date_start": "2002-12-01"},
            doc_date="2003-03-13",
        ),
        Example("North Korea sent home 30 Chinese fishermen in February 2003.", None),
        # Sent to many states, not (only) to North Korea.
        Example(
            "Police also deported at least 12 refugees and four asylum seekers to their home countries.", None
        ),
        # The one who tells and those with him; "roughly" before China's count.
        Example("He and the six refugees with him were forcibly sent back to North Korea.", {"count": 7}),
        Example(
            "So far China has already returned roughly 50 North Korean refugees.",
            {"count": 50, "count_qualifier": "approximately"},
        ),
        Example("China has repatriated 44 fugitives from North Korea in recent months.", {"count": 44}),
        # Any other state of the world is not the North.
        Example("Citing security concerns, China also deported seven asylum seekers to Sri Lanka.", None),
        # People of any other state are not North Koreans, whoever sent them back.
        Example(
            "Experts deplored the fate of eight Eritrean nationals who were forcefully returned last month.",
            None,
        ),
        # From a third country, but through China: the China leg is told.
        Example(
            "A group of 9 North Korean orphans were repatriated from a detention centre in Laos to North Korea "
            "via Beijing.",
            {"count": 9},
        ),
        Example(
            "As of the end of December 2004, 13,000 North Korean illegal immigrants have been deported.",
            {"count": 13000},
        ),
        Example(
            # A people noun written with its hyphen counts as one written with a space.
            "Chinese authorities repatriated ten border-crossers to North Korea in January 2012.",
            {"count": 10, "date_start": "2012-01-01"},
        ),
        Example(
            "Nine young North Korean defectors arrested in Laos have now been returned to North Korea via China.",
            {"count": 9},
        ),
        Example(
            "Chinese police transferred 40 North Korean detainees to the North Korean authorities in March 2024.",
            {"count": 40, "date_start": "2024-03-01", "date_precision": "month"},
        ),
        Example(
            "Over 70 North Korean workers dispatched to a seafood plant were sent back home in October 2017.",
            None,
            doc_date="2017-11-06",
        ),
        Example(
            "North Korean escapees were held in Baishan. About 200 of them have been sent to North Korea.",
            {"count": 200, "count_qualifier": "approximately"},
        ),
        Example(
            "Chinese authorities repatriated 30 North Koreans on 3 April 2024 and 45 on 20 April 2024.",
            {"count": 45, "count_qualifier": "exact", "date_start": "2024-04-20"},
        ),
        Example(
            # People rescued at sea are sent back by the state that found them, not by China.
            "Three North Koreans rescued off the coast last week were handed over to North Korean officials "
            "in Dalian, China, on Monday.",
            None,
            doc_date="2024-05-10",
        ),
        Example("Kazakhstan deported 7 North Koreans in 2021.", None),  # another state's return
        Example(
            # Made to go back, in the past: a return done.
            "Chinese police forced about 35 North Korean escapees to return to North Korea in May 2022.",
            {"count": 35, "count_qualifier": "approximately", "date_start": "2022-05-01"},
        ),
        Example("China plans to force 35 North Korean escapees to return to North Korea.", None),
        Example(
            # A part of a group told by its arrest, returned "known to have been".
            "Police in Jilin detained 30 North Koreans in March 2021. At least six of those detained are known "
            "to have been repatriated to North Korea.",
            {"count": 6, "count_qualifier": "at_least"},
        ),
    ],
)
EVENT_NOUN = rule(
    "incidents.event_noun",
    """A count after a return noun with a date ("the forced repatriation of N people on DATE"),
    and the counts listed after it with their own dates.""",
    field="repatriations",
    examples=[
        Example(
            "Activists protested the forced repatriation of 35 North Koreans on 2 May 2021.",
            {"count": 35, "date_start": "2021-05-02"},
        ),
        Example(
            # China named only as not the one: another state's return.
            "Laos on 31 May 2013 defended its deportation of nine North Korean defectors, saying it had handed "
            "them directly to North Korea and not to China.",
            None,
        ),
    ],
)
TOTAL = rule(
    "incidents.total",
    """A total of returns over a period ("the total number of forced returns since 2020 to at
    least N"): an aggregate, dated from the start of the period to the document's date.""",
    field="repatriations",
    examples=[
        Example(
            "The new cases bring the total number of forced repatriations since 2020 to at least 640 North Koreans.",
            {"count": 640, "count_qualifier": "at_least", "aggregate": True, "date_start": "2020-01-01"},
            doc_date="2024-06-30",
        ),
    ],
)
PRONOUN_SUBJECT = rule(
    "incidents.pronoun_subject",
    """"They were repatriated": the people counted at the start of the sentence before.""",
    field="repatriations",
    examples=[
        Example(
            "Five women were arrested by Chinese police near the border. They were repatriated in August 2020.",
            {"count": 5, "date_start": "2020-08-01", "date_precision": "month"},
        ),
    ],
)
RELATIVE_LINE = rule(
    "incidents.relative_line",
    """A relative clause with a return verb on the line after a count that ends a cut line.""",
    field="repatriations",
)
LISTED_PARTS = rule(
    "incidents.listed_parts",
    """The parts of a counted return listed after it ("600 were returned, including 200 from
    Jilin and 400 from Liaoning"; "… more than 670 since 2020. This includes more than 500 on
    October 9, 2023, 40 others on September 18, 2023"), each with its own date, else the
    total's.""",
    field="repatriations",
    examples=[
        Example(
            "A total of 2,600 have been repatriated since then, including around 600 on October 9.",
            {"count": 600, "count_qualifier": "approximately", "date_start": "2023-10-09"},
            doc_date="2023-10-27",
        ),
        Example(
            "China forcibly returned 700 North Koreans in 2023, including 200 from Jilin and 500 from Liaoning.",
            {"count": 200, "date_start": "2023-01-01", "date_end": "2023-12-31"},
        ),
        Example(
            "China has forcibly returned more than 670 North Koreans since 2020. This includes more than "
            "500 North Koreans on October 9, 2023, 40 others on September 18, 2023, and about 50 in July 2021.",
            {"count": 40, "date_start": "2023-09-18", "date_precision": "day"},
            doc_date="2024-05-08",
        ),
        Example(
            # A list of the people held, not of those returned.
            "China has forcibly returned more than 670 North Koreans since 2020. The detainees include "
            "500 women held in Jilin on October 9, 2023.",
            None,
            doc_date="2024-05-08",
        ),
    ],
)
BEING_RETURNED = rule(
    "incidents.relative_being_returned",
    """A count whose own relative clause, in the past, ends in a return told with "being" after
    what happened to them first ("212 women who were detained in Kunming before being repatriated
    later that year", "600 defectors who have disappeared since being deported").""",
    field="repatriations",
    examples=[
        Example(
            "The cases include 212 North Korean women who were detained in Kunming in early 2023 before "
            "being repatriated later that year.",
            {"count": 212, "date_start": "2023-01-01", "date_end": "2023-12-31"},
            doc_date="2025-10-19",
        ),
        Example(
            "Activists fear for approximately 600 North Korean defectors, mostly women, who have disappeared "
            "since being deported from China.",
            {"count": 600, "count_qualifier": "approximately"},
        ),
        # Still held: not yet returned.
        Example("About 200 North Koreans who are held in Jilin before being repatriated face torture.", None),
    ],
)
UNCOUNTED = rule(
    "incidents.uncounted",
    """A return told without a number ("hundreds were sent back"), kept only when the document
    counts no return.""",
    field="repatriations",
    examples=[
        Example(
            "Hundreds of escapees were sent back to North Korea in April 2023.",
            {"count": None, "date_start": "2023-04-01"},
        ),
    ],
)
FIGURE = rule(
    "figures.people_in_china",
    """A count of North Koreans in China (held, at risk, born or sold there) that is not a
    count of people returned.""",
    field="other_figures",
    examples=[
        Example(
            "An estimated 1,800 North Koreans are held in detention centres in Jilin, China.",
            {"quantity": 1800},
        ),
        Example("One North Korean defector is held in a detention centre in Jilin, China.", None),
        Example(
            "A North Korean mother and her three children are held in detention in China.",
            None,
        ),
        Example(
            # To be returned by China: at risk, not going back of their own accord.
            "Activists say about 25 North Koreans will be returned from China to the North next week.",
            {"quantity": 25},
        ),
        # A size in dozens gives no number.
        Example("More than a dozen North Koreans are held in detention centres in Jilin, China.", None),
        # A rate of returns; a "5-time defector"; a day whose year the text does not give.
        Example("At present, 400 - 500 North Korean refugees are repatriated every week from China.", None),
        Example("A 5-time North Korean defector held in China spoke to us from Shenyang.", None),
        Example(
            "Sources reported on Jan. 7 that two dozen North Koreans were arrested in Yanji, China.",
            None,
        ),
    ],
)


# China named as the one who acts, right before its verb.
_CHINA_SUBJECTS = (
    "China",
    "Beijing",
    "Chinese authorities",
    "Chinese police",
    "Chinese Government",
    "Chinese government",
    "Chinese officials",
)


def _particle_verbs() -> str:
    out = []
    handover = lx.section("returns.handover")
    for v in lx.section("returns.verbs").values():
        if "particle" in v:
            # "sent more than 50 defectors back", "handed them over": a few words between.
            particles = v["particle"] if isinstance(v["particle"], list) else [v["particle"]]
            # "sent home" in a headline is as often workers or diplomats recalled as refugees
            # returned, unless it is told as forced ("forcibly sent home at least 60").
            if "home" in particles:
                forced = "|".join(rf"(?<={w}\s)" for w in lx.words("returns.forced") if w.endswith("ly"))
                # "the Chinese Government have sent home about 3,200 refugees": China as the
                # subject right before the verb makes it a return, not a recall.
                forced += "|" + "|".join(
                    rf"(?<={subject}\s{aux})".replace(" ", r"\s")
                    for subject in _CHINA_SUBJECTS
                    for aux in ("", "has ", "have ", "had ")
                )
                # "Police caught and sent home about seven North Koreans": sent home after an arrest.
                forced += "|" + "|".join(
                    rf"(?<={w}\sand\s)".replace(" ", r"\s") for w in lx.words("cues.arrests")
                )
                # The look-ahead first: the look-behinds are tried only where a form of the verb stands.
                forms = lx.alternation(v["forms"])
                out.append(rf"(?=(?:{forms})\b)(?:{forced})(?:{forms})\s+(?:\w+\s+){{0,4}}?home")
            particles = [p for p in particles if p != "home"]
            gap = 3 if particles == ["over"] else 4
            not_to = ""
            if particles == ["over"]:
                not_to = rf"(?!\s+to\s+(?:the\s+)?(?:{lx.alternation(handover['not_to'])})\b)"
            # An initial among the words between ("sent 30 N. Koreans back").
            out.append(
                rf"(?:{lx.alternation(v['forms'])})\s+(?:(?:\w+|(?-i:[A-Z])\.)\s+){{0,{gap}}}?(?:{'|'.join(particles)})"
                + not_to
            )
    out.append(
        rf"(?:{lx.alternation(handover['verbs'])})\s+(?:[\w,'’-]+\s+){{0,6}}?to\s+(?:the\s+)?"
        rf"(?:{lx.alternation(handover['receivers'])})(?=[\s.,;:)])"
    )
    return "|".join(out)


_SEND = lx.alternation(lx.verb_forms("send"))
_VERB = re.compile(
    rf"""\b(?P<adv>(?:{lx.alternation(lx.words("returns.manner"))})\s+)?
    (?P<verb>
        (?P<particle>{_particle_verbs()}
      | (?:{_SEND})\s+(?:(?!(?:to|not|that|urging|asking|calling)\b)[\w,'’-]+\s+){{5,18}}?back(?=\s+(?:to|home|across|into)\b))
      | {lx.alternation(lx.verb_forms("repatriate", "deport", "return", "expel", "refoule") + lx.words("returns.nouns"))}
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
# The kinds of cue (lexicon/cues.yaml, found as doc.spans["cues"] by nlp.py) that make a return
# verb a statement of something that did not (yet) happen.
NOT_DONE_KINDS = frozenset({"negation", "modality", "plans", "fears", "refusals", "asks", "continuation"})


def cued(
    ctx: Context,
    lo: int,
    hi: int,
    excepted: Iterable[tuple[int, int]] = (),
    kinds: frozenset[str] = NOT_DONE_KINDS,
) -> bool:
    """Whether a cue of one of `kinds` stands within [lo, hi) of the text, outside the
    `excepted` spans (a hedge: "may have been repatriated" tells of a past return; an aside:
    "-- if not all --"). The cue spans know the words' other uses ("May" the month, "as if",
    "before being"), so no rule repeats them."""
    if "_cues" not in ctx.__dict__:  # the spans of a document read once, not per verb
        found = sorted((c.start_char, c.end_char, c.label_) for c in ctx.doc.spans.get("cues", []))
        ctx.__dict__["_cues"] = found
        ctx.__dict__["_cue_starts"] = [c[0] for c in found]
    cues: list[tuple[int, int, str]] = ctx.__dict__["_cues"]
    starts: list[int] = ctx.__dict__["_cue_starts"]
    k = bisect.bisect_left(starts, lo)
    while k < len(cues) and cues[k][0] < hi:
        a, b, kind = cues[k]
        if kind in kinds and b <= hi and not any(x <= a and b <= y for x, y in excepted):
            return True
        k += 1
    return False


# "repatriated … by the Laotian government": a return by another state, not by China.
_BY_OTHER_STATE = re.compile(
    rf"[^.;]{{0,40}}?\bby\s+(?:the\s+)?(?:{lx.alternation(lx.state_names('transit', 'refuge', 'ally', demonyms=True))})"
    r"\s+(?:government|authorities|police|officials|military|border\s+guards)\b"
    # "… by the government of Thailand".
    rf"|[^.;]{{0,40}}?\bby\s+the\s+(?:government|authorities)\s+of\s+(?:{lx.alternation(lx.state_names('transit', 'refuge', 'ally'))})\b"
    # "sent back from Vietnam": returned from a third country (to China), not from China.
    rf"|\s*(?:\w+\s+){{0,3}}?from\s+(?:{lx.alternation(lx.state_names('transit', 'refuge', 'ally'))})\b"
)
# "The official denied a report that the nine were repatriated": a return the speaker denies.
_DENIED_REPORT = re.compile(
    r"\b(?:denied|denies|deny|denying|dismissed|dismissing|rejected|rejecting|refuted|refuting)\b[^.;]{0,60}"
    r"\b(?:reports?|claims?|allegations?)\b[^.;]*$",
    re.I,
)
_DENIAL_WORD = re.compile(r"\b(?:deni|deny|dismiss|reject|refut)", re.I)


def _denies_a_report(sentence: str) -> bool:
    """A cheap first look: the full pattern is tried only where a word of denial stands."""
    return _DENIAL_WORD.search(sentence) is not None


_THOUSANDS = re.compile(r"(?:(?:tens|hundreds)\s+of\s+)?thousands\b", re.I)
# An adverb between an auxiliary and a verb: any "-ly" word or one of time and order ("was soon
# deported", "had since been sent back"), written once for every pattern that lets one stand there.
ADVERB = rf"(?:\w+ly|{lx.alternation(lx.words('returns.sequence'))})"
# Forms of the return verbs and nouns, as regex alternations, for the patterns below.
_RETURNED = lx.alternation(lx.participles())
_RETURNED_NOT_PLAIN = lx.alternation(lx.participles(exclude=("return",)))
_RETURN_NOUN = lx.alternation(lx.words("returns.nouns"))
_RETURNING = lx.alternation(lx.gerunds())
# The needles that find the sentences worth reading: the stem of every return word.
_NEEDLES = tuple(
    sorted(
        {w.split()[-1][:6] for w in lx.participles() + lx.words("returns.nouns")}
        | {w[:6] for w in lx.section("returns.handover")["verbs"]}
        | {"repatri"}
    )
)

# Demonyms of every state but North Korea: "two South Koreans", "eight Eritrean nationals" are not
# North Koreans.
_FOREIGN_DEMONYMS = [
    *(d for s in lx.states().values() if s["role"] != "destination" for d in s.get("demonyms", [])),
    *lx.world_demonyms(),
]
_GENERAL = re.compile(rf"\b(?:{lx.alternation(lx.words('cues.practice'))})\b", re.I)
_PEOPLE = re.compile(
    rf"""^(?P<mods>(?:(?!(?:{lx.alternation(lx.words("people.not_people"))})\b)(?:[\w'’\-]+|(?-i:\([A-Z]{{2,6}}\)))\s+){{0,4}}?)
    (?P<noun>{lx.alternation(lx.words("people.people") + [w.replace("-", " ") for w in lx.words("people.people")])}
    |(?:more|others)(?=\s+(?:in|on|during|last|this|since|between|from|at|by)\b|\s*[,.;]|\s*$))\b""",
    re.VERBOSE | re.IGNORECASE,
)
# People still held, or waiting for their fate, have not been returned ("2,000 North Koreans
# who remain detained", "200 defectors awaiting repatriation").
_HELD = lx.alternation(lx.words("cues.held"))
_PENDING_AFTER = re.compile(
    r"^\s*(?:who\s+(?:are|remain|is)\s+|(?:are|is|remain|remains)\s+|currently\s+|still\s+|now\s+|reportedly\s+)+"
    rf"(?:\w+ly\s+)?(?:{_HELD})"
    r"|^\s*(?:who\s+(?:are\s+)?|currently\s+|still\s+|reportedly\s+)*"
    r"(?:awaiting|at\s+risk|facing|who\s+(?:could|would|may|might)\s+face)",
    re.I,
)
# People described as held ("600 defectors detained in Jilin", "who had been imprisoned"): a
# finite return can still follow ("… were handed over on April 26"), a bare noun cannot tell.
_HELD_AFTER = re.compile(
    r"^\s*(?:who\s+(?:were|had\s+been|have\s+been)\s+|being\s+|reportedly\s+)*"
    rf"(?:{_HELD})",
    re.I,
)
RESCUED = re.compile(rf"\b(?:{lx.alternation(lx.words('cues.rescued'))})\b", re.I)
_AGGREGATE = re.compile(rf"\b(?:{lx.alternation(lx.words('cues.totals'))})\b", re.I)
_NK_CONTEXT = re.compile(r"north\s+korea|\bn\.\s?korea|dprk|defector|escapee|pyongyang|\bthe\s+north\b", re.I)


# A state that may have returned people itself, not one whose media or groups tell of it
# ("South Korea's Yonhap News", "a Seoul-based group", "the Japanese newspaper").
def _sentence_case(names: list[str]) -> list[str]:
    """Names with their form at a sentence's start ("the South" and "The South")."""
    return names + [n[0].upper() + n[1:] for n in names if n[:1].islower()]


_OTHER_ORIGIN = re.compile(
    rf"\b(?:{lx.alternation(_sentence_case(lx.state_names('transit', 'refuge', demonyms=True)))})\b"
    r"(?!['’]s\b|-based|\s+(?:news|media|newspapers?|rights|activists?|groups?|officials?|ministry|government\s+(?:said|says)|said|says)\b)"
)
# "despite pleas from Seoul": the state that pleaded, not one that returned people.
PLEA_FROM = re.compile(
    rf"\b(?:{lx.alternation(lx.words('returns.pleas'))})\s+(?:from|by|of)\s+(?:the\s+)?"
    rf"(?:{lx.alternation(_sentence_case(lx.state_names('transit', 'refuge', 'ally', demonyms=True)))})\b",
    re.I,
)
# "Attempting to make her way to South Korea, she was captured and repatriated": where a journey
# was headed is no state that returned anyone (a place fled *to* may be, so it is not here).
_HEADED_FOR = re.compile(
    r"\b(?:(?:make|makes|made|making)\s+(?:her|his|their|my|our|its)\s+way|(?:trying|tried|attempting|attempted)\s+to\s+"
    r"(?:reach|get\s+to)|heading|headed|bound|en\s+route|on\s+(?:the|her|his|their|my|our)\s+way)\s+(?:to|for|towards?)?\s*"
    rf"(?:the\s+)?(?:{lx.alternation(_sentence_case(lx.state_names('transit', 'refuge', 'ally')))})\b",
    re.I,
)


def not_the_returner(told: str) -> str:
    """The sentence without the states it names that cannot be the one returning people: those
    that pleaded against it, and where a journey was headed."""
    return _HEADED_FOR.sub(" ", PLEA_FROM.sub(" ", told))


# China named as not the one ("handed them directly to North Korea and not to China"): no sign
# that China returned anyone.
_CHINA_NAMES = lx.state_names("origin", demonyms=True)
_CHINA = re.compile(
    # The look-ahead on the names' first letters first: the look-behinds run only where a name may start.
    rf"\b(?=[{''.join(sorted({n[0] for n in _CHINA_NAMES}))}])"
    r"(?<!\bnot\s)(?<!\bnot\sto\s)(?<!\bnot\sby\s)(?<!\bnot\svia\s)(?<!\bnor\s)(?<!\bthan\s)"
    rf"\b(?:{lx.alternation(_CHINA_NAMES)})\b"
)
# Where people are returned to: the North by any of its names (lexicon: the destination state),
# or its organs that take them over ("handed over to North Korean police").
_TO_NORTH = re.compile(
    rf"\b(?:(?:the\s+)?(?:{lx.alternation(lx.state_names('destination'))})"
    r"|North\s+Korean\s+(?:security|officials|police|side))\b",
    re.I,
)
_ATTRIBUTION = [
    # "according to the U.N.": a full stop inside initials does not end the source.
    re.compile(r"\b[Aa]ccording\s+to\s+(?P<src>(?:[^,.;:]|\.(?=[A-Z]))+?)(?=,|\.(?![A-Z])|;|$)"),
    re.compile(r"\b(?:[Cc]iting|[Pp]er)\s+(?P<src>[^,.;:]{3,100}?)(?=,|\.|;|$)"),
    re.compile(
        r"[,”\"]\s*(?:said|says|reported|reports|estimated|estimates|told\s+\w+)\s+(?P<src>(?:the\s+)?[^,.;:“\"]{3,100}?)(?=,|\.|;|$)"
    ),
    # "Recent reports have revealed that …": reports as the source, not "Recent" as one that reports.
    re.compile(
        r"(?:^|[,”\"]\s*|\.\s+)(?P<src>(?:[A-Z][\w’'\-]*\s+)?(?:reports|estimates|sources|figures|records|data)"
        r"|(?:(?:the|an?|The|An?)\s+)?[Rr]ecent\s+reports)\s+(?:(?:have|has|had)\s+)?"
        r"(?:revealed|shown|showed|indicated|indicate|show|suggest|suggested|confirmed|found)\b"
    ),
    # "HRW has separately verified that …", "…, a local newspaper reported", "…, informed sources said",
    # "… the same week a human rights group based in Seoul reported that …"
    re.compile(
        r"(?:^|[,”\"]\s*|\.\s+|\b(?:week|month|day|as|after|when|while)\s+(?=(?:the|an?)\s))(?P<src>(?:(?:the|an?|The|An?)\s+[\w’'\-]+|[A-Z][\w’'\-]*|(?<=,\s)[a-z][\w’'\-]*)"
        # "Christian Solidarity Worldwide (CSW) said …": the acronym is part of the name.
        r"(?:\s+[\w’'\-.]+){0,8}?(?:\s+\([A-Z]{2,8}\))?)\s+(?:(?:also|further|previously|separately|earlier|recently)\s+)?"
        r"(?:(?:has|have|had)\s+)?(?:(?:also|further|previously|separately|earlier|recently)\s+)?"
        r"(?:said|says|say|reported|reports|estimated|estimates|confirmed|verified|documented|told|announced"
        r"|claimed|claims|believes|believed|alleged|stated|warned|revealed|reveals|disclosed)\b"
    ),
    # "CSW has condemned the deportation of nine …": who condemns a return tells of it.
    re.compile(
        r"(?:^|[,”\"]\s*|\.\s+|--\s+|—\s*)(?P<src>(?:(?:the|an?|The|An?)\s+[\w’'\-]+|[A-Z][\w’'\-]*)"
        r"(?:\s+[\w’'\-.]+){0,8}?(?:\s+\([A-Z]{2,8}\))?)\s+(?:(?:has|have|had)\s+)?(?:(?:strongly|also)\s+)?"
        r"(?:condemned|denounced|deplored|decried)\s+(?:the|China['’]s|Beijing['’]s)\s"
    ),
    # "Human Rights Watch published a report on Wednesday saying China had …"
    re.compile(
        r"(?:^|[,”\"]\s*|\.\s+|\b(?:after|as|when)\s+)(?P<src>[A-Z][\w’'\-]*(?:\s+[\w’'\-.]+){0,6}?)\s+"
        r"(?:published|released|issued)\s+(?:a|an|its)\s+(?:[\w-]+\s+)?(?:report|statement|study)\b[^,.;]{0,30}?\s(?:saying|stating|finding)\b"
    ),
]
# A source is a name or a noun phrase, not a clause ("activists are criticizing China after reports").
# A day said by its name or as today's neighbour: a time, not a source's name.
_DAY = r"yesterday|today|tonight|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_WHEN = re.compile(rf"(?:last|this|next|earlier|later|on|in|recently|{_DAY})\b", re.I)
# "The agency today said": the day after a source's words is not part of its name.
_WHEN_AFTER = re.compile(rf"\s+(?:on\s+)?(?:{_DAY})$", re.I)
_NOT_A_SOURCE = re.compile(
    r"\b(?:are|is|were|was|have|has|had|been|be|will|would|could)\b|^(?:and|but|which|who|while|as|so|then)\b",
    re.I,
)


_OPEN_END = re.compile(r"\b(?:a|an|the|of|some|and|or|join|joins|joined)$", re.I)


def _caseless_safe(names: list[str]) -> list[str]:
    """Names that cannot be read as a word when case is ignored ("US" is "us")."""
    return [n for n in names if not (n.isupper() and len(n) <= 4)]


# Where the people went, in the verb's own clause ("returned to South Korea"); a clause after
# it ("… after being caught in Vietnam") tells of something else.
# A place named after the North ("repatriated to North Korea, eventually escaping back to China")
# is where a later deed went: the words up to it may not name the North.
_ELSEWHERE = re.compile(
    r"^\s*(?:(?!(?:after|before|being|when|while|who|which|where)\b|to\s+(?:the\s+)?(?:north|dprk|pyongyang)\b)[\w,'’-]+\s+){0,6}?(?:to|in)\s+(?:"
    rf"{lx.alternation(_caseless_safe(lx.state_names('transit', 'refuge', 'ally')))}"
    r"|the\s+United\s+States|a\s+third\s+country|their\s+(?:jobs|homes\s+in\s+China)"
    # Any other state of the world, as written ("Chad" and "Jordan" only with their capitals).
    rf"|(?-i:{lx.alternation(lx.world_states())}))\b"
    # Sent to China ("to the People's Republic of China"): from a third country, not to the North.
    r"|^\s*(?:(?!to\s+(?:the\s+)?(?:north|dprk|pyongyang)\b)[\w,'’-]+\s+){0,6}?to\s+(?:the\s+)?(?:China|PRC|People['’]s\s+Republic\s+of\s+China)\b",
    re.I,
)
_VIA_CHINA = re.compile(
    rf"^[^.;:]{{0,100}}?\bto\s+(?:{lx.alternation(_caseless_safe(lx.state_names('destination')))})\s+"
    rf"(?:via|through|by\s+way\s+of)\s+(?:{lx.alternation(_caseless_safe(lx.state_names('origin', places=True)))})\b",
    re.I,
)
# "deported at least nine refugees and six asylum seekers … to their home countries": to many
# states, so not (only) North Korea.
_MANY_HOMES = re.compile(r"^[^.;:]{0,100}?\bto\s+their\s+(?:home\s+|own\s+|respective\s+)?countries\b", re.I)
_PARTICLE_OVER = re.compile(r"\b(?:hand(?:ed|s|ing)?|turn(?:ed|s|ing)?)\s+$", re.I)
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who)\b[^,;]*,")


@dataclass
class _CountInSentence:
    count: Count
    who: str | None
    start: int  # absolute offsets
    end: int
    pending: bool  # still held or awaiting: not returned
    held: bool  # described as held; a finite return verb may still say they were returned


def _sentences_with(low: str, needles: Iterable[str], bounds: list[tuple[int, int]]) -> list[int]:
    """Indexes of the sentences that hold any of the needles (cheap literal search first)."""
    starts = [b[0] for b in bounds]
    hit: set[int] = set()
    for needle in needles:
        pos = low.find(needle)
        while pos >= 0:
            i = bisect.bisect_right(starts, pos) - 1
            hit.add(i)
            # Jump to the next sentence: one hit is enough to read it.
            nxt = bounds[i][1] if i >= 0 else pos + 1
            pos = low.find(needle, max(nxt, pos + 1))
    return sorted(i for i in hit if i >= 0)


def _counts(ctx: Context, s0: int, s1: int) -> list[_CountInSentence]:
    # Repatriations and figures read the same sentences: count them once.
    cache: dict[tuple[int, int], list[_CountInSentence]] = ctx.__dict__.setdefault("_counts_cache", {})
    if (s0, s1) not in cache:
        cache[(s0, s1)] = _counts_in(ctx.text, s0, s1)
    return cache[(s0, s1)]


_ONE_AND = re.compile(r"(?:^|(?<=[\s,;:]))(?-i:He|She|I|he|she)\s+and\s+(?:the\s+)?$")
_DAY_OF_MONTH = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
# "on Jan. 7", "on January 25, 27 and 30": days after a month's name, each of them.
_MONTH_BEFORE = re.compile(
    rf"\b(?:{'|'.join(MONTHS)})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s*(?:,|and|or|&|-|–)\s*)*$", re.I
)


def _counts_in(text: str, s0: int, s1: int) -> list[_CountInSentence]:
    out = []
    sentence = text[s0:s1]
    for m in find_counts(sentence):
        if _DAY_OF_MONTH.fullmatch(m.group()) and _MONTH_BEFORE.search(
            sentence, max(0, m.start() - 40), m.start()
        ):
            continue  # "reported on Jan. 7 that 18 …": a day, though no year makes it a date
        count = parse_count(m)
        c_start = m.start()
        one_more = _ONE_AND.search(sentence, max(0, m.start() - 20), m.start())
        if one_more and count.value and count.qualifier in (None, "exact"):
            # "He and the six refugees with him were sent back": seven people.
            count.value, c_start = count.value + 1, one_more.start()
        if (m.group("qual") or "").lower() == "over" and _PARTICLE_OVER.search(sentence, 0, m.start()):
            # "handed over 30 escapees": "over" belongs to the verb, the count is exact.
            count.qualifier, c_start = "exact", m.start("num") if m.group("num") else m.start()
        after = sentence[m.end() :]
        lead = len(after) - len(after.lstrip())
        if count.vague:
            of = re.match(r"\s+of\s+", after)
            if of is None:
                continue
            lead = of.end()
        if after[lead : lead + 1] in ('"', "“", "‘"):
            lead += 1  # about 2,000 "defector orphans"
        people = _PEOPLE.match(after[lead:])
        if people is None and not count.vague:
            # "nine of the 41", "ten of them": a part of people counted before.
            people = _PARTITIVE.match(after[lead:]) or _PARTITIVE_HELD.match(after[lead:])
        if people is None and not count.vague and not _is_year(count, m):
            # "the number of North Koreans held in China is likely between 600 and 2,000": the
            # people counted stand before the number.
            named = _NUMBER_OF_PEOPLE.search(sentence, max(0, m.start() - 200), m.start())
            if named is not None:
                who = re.sub(
                    r"^the\s+",
                    "",
                    " ".join((named.group("who") or named.group("apposed")).split()),
                    flags=re.I,
                )
                out.append(_CountInSentence(count, who, s0 + c_start, s0 + m.end(), False, False))
                continue
        if people is None:
            # "80 North Koreans on August 29, 40 on September 18": a number listed with its date
            # after a count of people counts the same people.
            if out and not count.vague and _LISTED_WITH_DATE.match(after) and not _is_year(count, m):
                out.append(_CountInSentence(count, out[-1].who, s0 + c_start, s0 + m.end(), False, False))
            # "A total of 26-hundred have been repatriated": only people are repatriated.
            elif not count.vague and _BARE_PASSIVE_SUBJECT.match(after) and not _is_year(count, m):
                out.append(_CountInSentence(count, None, s0 + c_start, s0 + m.end(), False, False))
            continue
        mods = people.group("mods").lower()
        if re.search(r"\b(?:of|in|on|to|at|by|for|and|from)\b", mods) and not mods.startswith("of "):
            continue  # the number counts something else ("200 athletes, coaches and officials")
        if _NOT_NORTH_KOREAN.search(mods + people.group("noun")):
            continue  # "two South Koreans", "three Chinese nationals": not North Koreans
        if _is_year(count, m):
            continue  # a year, not a count
        who_end = m.end() + lead + people.end()
        if _HELPING_AFTER.match(sentence, who_end):
            continue  # "six people assisting them": the refugees' helpers
        who: str | None = sentence[m.end() + lead : who_end].strip()
        if who and who.lower() in ("others", "more"):
            who = None  # "40 others": who they were is told elsewhere, not in this word
        rest = sentence[who_end:]
        pending = bool(_PENDING_AFTER.match(rest))
        held = pending or bool(_HELD_AFTER.match(rest))
        out.append(_CountInSentence(count, who, s0 + c_start, s0 + who_end, pending, held))
    return out


# "The number of North Koreans held … is likely", "Estimates of the number of refugees … range", "the
# refugees hiding in China – estimated at": people, then what their number is said to be.
_NUMBER_OF_PEOPLE = re.compile(
    rf"(?:\b(?:number|numbers|total|population)\s+of\s+(?P<who>(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:{lx.alternation(lx.words('people.people'))})\b[^.;:()\d]{{0,100}}?)\s+"
    r"(?:is|are|was|were|range[sd]?|ranging|stands?|stood|remains?)"
    r"|(?P<apposed>(?:[\w'’-]+\s+){0,3}?"
    rf"(?:{lx.alternation(lx.words('people.people'))})\b[^.;:()\d]{{0,60}}?)\s*[-–—,(]\s*"
    r"(?=(?:estimated|believed|thought|put)\b))"
    r"\s*(?:(?:likely|probably|now|currently|believed\s+to\s+be|estimated\s+(?:at|to\s+be)|put\s+at|at|anywhere)\s+)*$",
    re.I,
)
_PARTITIVE = re.compile(
    r"^(?P<mods>of\s+(?:(?:the|those|these)\s+(?:(?:estimated|some|about|around|nearly|approximately)\s+)?)?)(?P<noun>\d{1,3}(?:,\d{3})*|them)\b"
)
# "nine of those arrested", "five of the people detained": a part of a group told by its arrest.
_PARTITIVE_HELD = re.compile(
    rf"^(?P<mods>of\s+(?:those|the\s+(?:people|persons|ones))\s+)(?P<noun>{lx.alternation(lx.words('cues.arrests'))})\b",
    re.I,
)
_HELPING_AFTER = re.compile(
    rf"\s+(?:who\s+(?:were|are|had\s+been|have\s+been)\s+)?(?:{lx.alternation(lx.words('people.helping'))})\b",
    re.I,
)
_NOT_NORTH_KOREAN = re.compile(
    rf"\b(?:{lx.alternation(w.lower() for w in lx.words('people.not_north_korean') + _FOREIGN_DEMONYMS)}|south)\b"
)
_LISTED_WITH_DATE = re.compile(
    r"\s+(?:on|in)\s+(?:(?:early|mid|late)[\s-]+)?(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\b"
    r"|\s+in\s+(?:(?:early|mid|late)[\s-]+)?(?:19|20)\d\d\b"
    # "more than 200 … from Baiyin …, and 50 to 60 from Tumen": a number listed with its place.
    r"|\s+from\s+[A-Z]"
)
_BARE_PASSIVE_SUBJECT = re.compile(
    rf"\s+(?:have|has|had)\s+(?:{ADVERB}\s+)?been\s+(?:\w+ly\s+)?(?:{lx.alternation(lx.participles())})\b",
    re.I,
)


def _is_year(count: Count, m: re.Match[str]) -> bool:
    return count.value is not None and 1900 <= count.value <= 2100 and "," not in m.group(0)


def _attribution(ctx: Context, s0: int, s1: int) -> tuple[str | None, tuple[int, int] | None]:
    sentence = ctx.text[s0:s1]
    for pattern in _ATTRIBUTION:
        for m in pattern.finditer(sentence):
            src = m.group("src").strip()
            if src.lower() in {
                "it",
                "he",
                "she",
                "they",
                "we",
                "i",
                "this",
                "that",
                "there",
                "a",
                "an",
                "the",
            }:
                continue
            if _NOT_A_SOURCE.search(src) or _WHEN.match(src):
                continue  # "…, the source said last week": a time, not a source
            if _OPEN_END.search(src):
                continue  # "the repatriation of an estimated 500": "estimated" describes the count
            a0, a1 = s0 + m.start("src"), s0 + m.end("src")
            # "The agency today said": when it spoke is not who.
            if when := _WHEN_AFTER.search(src):
                src, a1 = src[: when.start()], a0 + when.start()
            return _canonical_source(ctx, a0, a1, src), (a0, a1)
    return None, None


def _canonical_source(ctx: Context, a0: int, a1: int, src: str) -> str:
    """The gazetteer's name for a source when the attribution names a known organisation."""
    for span in ctx.doc.spans.get("actors", []):
        if span.start_char >= a0 and span.end_char <= a1 and span.label_ == "ORGANIZATION":
            if span.id_ not in {"United Nations"} or len(src.split()) <= 3:
                return span.id_
    if _DESCRIBED_SOURCE.search(src):
        # "the rights group said", "a UK-based watchdog has condemned": the organisation the
        # text names nearest.
        named = [
            (sp.start_char, sp.end_char, sp.id_)
            for sp in ctx.doc.spans.get("actors", [])
            if sp.label_ == "ORGANIZATION"
        ]
        named += [(m.start(), m.end(), m.group(0)) for m in _NAMED_ORGANISATION.finditer(ctx.text)]
        # "Justice For North Korea said …": a name the text has credited before, in or out of the gazetteer.
        named += [
            (m.start("src"), m.end("src"), m.group("src").strip())
            for pattern in _ATTRIBUTION[-3:]
            for m in pattern.finditer(ctx.text, 0, a0)
            if re.fullmatch(
                r"(?-i:[A-Z][\w’'\-]+)(?:\s+(?-i:[A-Z][\w’'\-]+|of|for|on))*", m.group("src").strip()
            )
        ]
        before = [n for n in named if n[1] <= a0]
        after = [n for n in named if n[0] >= a1 and n[0] - a1 < 600]
        # "a rights group" brings in one the text names next, never one named before; "the
        # rights group" is one named before, else next.
        lead = ctx.text[max(0, a0 - 50) : a0] + src
        nearest = [min(after)[2]] if after else []
        if not re.search(r"(?:^|\s)(?:a|an|A|An)\s+(?:[\w’'\-]+\s+){0,5}?[\w’'\-]+$", lead):
            nearest[:0] = [max(before)[2]] if before else []
        if nearest:
            return nearest[0]
    src = re.sub(r"^(?:the|a|an)\s+", "", src, flags=re.I)
    return src


# A source told by what it is, not by its name.
_DESCRIBED_SOURCE = re.compile(
    r"^(?:(?:the|an?)\s+)?(?:[\w’'\-]+\s+){0,5}?(?-i:group|watchdog|organi[sz]ation|charity|NGO|monitor|agency)$",
    re.I,
)
# "Christian Solidarity Worldwide (CSW)": a name with its acronym.
_NAMED_ORGANISATION = re.compile(
    r"\b(?-i:[A-Z][\w’'\-]+(?:\s+(?:of\s+|for\s+)?[A-Z][\w’'\-]+){1,6})\s+\([A-Z]{2,8}\)"
)


_LEADING_CLAUSE = re.compile(
    r"\s*(?:[A-Z][\w]*:\s*)?(?:After|When|As|Following|Despite|While|Amid)\b[^;]*?,\s+(?=(?:the|a|an|South|North|China|Beijing|Seoul)\b)"
)


def _pair_dates(
    counts: list[_CountInSentence], dates: list[DateMention], text: str = "", s0: int = 0
) -> list[DateMention | None]:
    """The date of each count: the first one after it and before the next count, else the
    nearest one before it, else the sentence's only date; never across a ";" (a clause of its
    own, as in a motion's "notes …; expresses …; further notes that in 2011 …")."""
    paired: list[DateMention | None] = []
    # "After reports that Beijing had repatriated 600 …, the ministry said on Friday …": the date
    # of the main clause is not the one of the count in the clause that leads it.
    lead = _LEADING_CLAUSE.match(text, s0) if text else None
    for i, c in enumerate(counts):
        if lead and c.end <= lead.end():
            dates = [d for d in dates if d.start < lead.end()]
        if text:
            dates = [d for d in dates if ";" not in text[min(d.end, c.end) : max(d.start, c.start)]]
        nxt = counts[i + 1].start if i + 1 < len(counts) else None
        after = [d for d in dates if d.start >= c.end and (nxt is None or d.start < nxt)]
        if text:
            # "repatriated all seven defectors who entered a school on August 29": the day of the
            # people's own deed, told in their relative clause, is not the return's.
            after = [
                d
                for d in after
                if not (_OWN_DEED.match(text, c.end, d.start) and not _VERB.search(text, c.end, d.start))
            ]
        before = [d for d in dates if d.end <= c.start and (i == 0 or d.start >= counts[i - 1].end)]
        if after:
            paired.append(after[0])
        elif before:
            paired.append(before[-1])
        elif len(dates) == 1:
            paired.append(dates[0])
        else:
            paired.append(None)
    return paired


_WITH_OTHERS_BEFORE = re.compile(r"\b(?:along\s+|together\s+)?with\s+(?:the\s+)?$", re.I)
_OTHER_AFTER = re.compile(r"\s+(?:other|others|fellow)\b", re.I)
# The subject of the sentence's return is one person: "I", "he", "she", or a name ("Kim Jong-chol").
_ONE_PERSON_SUBJECT = re.compile(
    r"\s*[\"“]?(?:(?-i:I|He|She)|(?-i:[A-Z][a-z]+)(?:[\s-](?-i:[A-Z][a-z]+)){0,2})\s+(?:was|had\s+been|got)\b[^;]*$"
)
_OWN_DEED = re.compile(
    r"\s*,?\s*(?:who|that)\s+(?:had\s+|have\s+|has\s+)?(?!(?:been|were|was|being|are|is)\b)[a-z]+\b"
)
POLICY_OF = re.compile(
    rf"\b(?:{lx.alternation(lx.words('returns.practice_nouns'))})\s+of\s+(?:(?:forcibly|forced|forcible)\s+)?$",
    re.I,
)
_HEDGED_PAST = re.compile(
    r"\b(?:may|might|appears?\s+to|appeared\s+to"
    r"|(?:is|are|were|was)\s+(?:believed|thought|said|known|reported|understood)\s+to)"
    r"\s+have\s+(?:already\s+)?been\s+(?:\w+ly\s+|already\s+)?$",
    re.I,
)
# "China to send back 9 defectors" (a headline), "plans to repatriate": not done yet.
_INFINITIVE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.I)
# "China forced around 60 refugees to return": made to go back, in the past, is a return done.
_MADE_TO = re.compile(r"\b(?:forced|compelled)\s+(?!to\b)[^,;.]{1,60}?\s+to\s+(?:\w+ly\s+)?$", re.I)
# "nine defectors have been forced to return to North Korea by China": the same, told in the passive.
_MADE_TO_PASSIVE = re.compile(
    r"\b(?:were|was|been|being)\s+(?:\w+ly\s+)?(?:forced|compelled|made)\s+to\s+(?:\w+ly\s+)?$", re.I
)


def _verb_is_done(ctx: Context, s0: int, sentence: str, verb: re.Match[str]) -> bool:
    """Whether the return the verb speaks of happened (not planned, feared, refused or asked for)."""
    before = sentence[max(0, verb.start() - 70) : verb.start()]
    if POLICY_OF.search(before):
        return False  # "criticised China's policy of repatriating the refugees": no event
    # Before the clause is cut: "criticised Laos and China … for returning nine" would lose its verb
    # at "and China".
    if _ACCUSED_OF.search(before):
        return True  # "accused China of forcibly repatriating 60"
    # Only the clause the verb stands in: a "will" two clauses back says nothing of it.
    # "When asked about a report that Beijing had deported …": a clause of its own after "that".
    before = re.split(
        r"[;:]|,\s+(?:and|but|while|which|who)\b|\band\s+(?=[A-Z])|\bas\s+well\s+as\b"
        r"|\b(?:reports?|news|claims?)\s+(?:that\s+)?(?=(?:the\s+)?[A-Z])",
        before,
    )[-1]
    if _RECENT_BEFORE.search(before):
        return True  # "its recent repatriation of nine", "the reported repatriation of 50": it happened
    if _is_noun_form(verb) and _REACTION_BEFORE.search(before):
        return True  # "condemned the forced repatriation of 50": what is reacted to happened
    # "may have been repatriated", "appear to have been sent back": a past return told with
    # caution is still a report that it happened.
    lo = s0 + verb.start() - len(before)
    # The hedge ends the clause before the verb (the pattern is anchored there): one at most.
    hedge = _HEDGED_PAST.search(before)
    hedged = [(lo + hedge.start(), lo + hedge.end())] if hedge else []
    if (made := _MADE_TO.search(before) or _MADE_TO_PASSIVE.search(before)) is not None and verb.group(
        "verb"
    ).lower().startswith("return"):
        return not cued(ctx, lo, lo + made.start())
    if cued(ctx, lo, s0 + verb.start(), hedged) or _INFINITIVE.search(
        before[: hedge.start()] + " " if hedge else before
    ):
        return False
    word = verb.group("verb").lower()
    if word.endswith("ing") and re.search(r"\b(?:from|of|for|on|about|to|by)\s+(?:\w+\s+)?$", before, re.I):
        return False
    return True


_EVENT_NOUNS = frozenset(lx.words("returns.nouns"))


def _is_noun_form(verb: re.Match[str]) -> bool:
    word = verb.group("verb").lower()
    if word in {"return", "returns"}:
        return bool(_ARTICLE_BEFORE.search(verb.string, max(0, verb.start() - 10), verb.start()))
    return word in _EVENT_NOUNS or (word.endswith("ing") and not verb.group("particle"))


def find_incidents(ctx: Context) -> tuple[list[Repatriation], list[Figure]]:
    text, low = ctx.text, ctx.text.lower()
    bounds = ctx.sentence_bounds()
    # A text about North Koreans says who was "sent back" even where a sentence does not.
    about_north = bool(_NK_CONTEXT.search(text))
    repatriations: list[Repatriation] = []
    vague: list[Repatriation] = []
    used: set[tuple[int, int]] = set()
    # Returns told with a date and no number, by sentence; records by their sentence.
    undated_events: dict[int, DateMention] = {}
    sentence_of: dict[int, int] = {}

    verb_sentences = _sentences_with(low, _NEEDLES, bounds)
    for i in verb_sentences:
        try:
            s0, s1 = bounds[i]
            sentence = text[s0:s1]
            denies = _denies_a_report(sentence)
            done = [
                v
                for v in _VERB.finditer(sentence)
                if _verb_is_done(ctx, s0, sentence, v)
                and not (denies and _DENIED_REPORT.search(sentence, 0, v.start()))
            ]
            if not done:
                continue
            # People who went back (from the South, of their own accord, recalled by Pyongyang) are
            # neither a repatriation by China nor a figure of North Koreans at risk there.
            # People sent back *to China* are North Koreans in China, at risk there: they stay figures.
            done_finite = [v for v in done if not _is_noun_form(v) and not _TO_CHINA.match(sentence, v.end())]
            for c in _counts(ctx, s0, s1):
                if c.pending:
                    continue
                if _count_tied_to_verb(sentence, s0, c, done_finite, done, []) in (
                    "finite",
                    "relative",
                ) or any(_SUBJECT_OF.fullmatch(sentence, c.end - s0, v.start()) for v in done_finite):
                    used.add((c.start, c.end))
            if _GENERAL.search(sentence):
                continue
            source, source_span = _attribution(ctx, s0, s1)
            # Who tells of a return ("a South Korean Foreign Ministry official told Yonhap") is not
            # who returned people.
            told = sentence
            if source_span:
                told = sentence[: source_span[0] - s0] + sentence[source_span[1] - s0 :]
            told = not_the_returner(told)
            if _OTHER_ORIGIN.search(told) and not _CHINA.search(sentence):
                # People another state returned ("Laos's deportation of nine") were not in China.
                for c in _counts(ctx, s0, s1):
                    if (
                        not c.pending
                        and _count_tied_to_verb(sentence, s0, c, done_finite, done, []) == "noun"
                    ):
                        used.add((c.start, c.end))
                continue
            verbs = [
                v for v in done if _returns_to_north(sentence, v, about_north, text[max(0, s0 - 300) : s0])
            ]
            if not verbs:
                continue
            counts = [c for c in _counts(ctx, s0, s1) if not c.pending]
            dates = [
                d
                for d in ctx.dates_in(s0, s1) + _that_year(ctx, s0, s1) + _since_then(ctx, s0, s1)
                if ctx.doc_date is None or date.fromisoformat(d.date_start or "") <= ctx.doc_date
            ]
            dates.sort(key=lambda d: d.start)
            if source_span:
                dates = [d for d in dates if not (d.start >= source_span[0] and d.end <= source_span[1])]
            first_verb = s0 + verbs[0].start()
            dates = [
                d
                for d in dates
                if not _is_report_date(text, s0, d)
                and not _is_arrest_date(text, s0, d)
                and not _speakers_today(sentence, d.start - s0, d)
                # "In early March 2012, outlets reported claims that China had repatriated 30": the
                # day outside what was reported is the reporting's.
                and not (d.end <= first_verb and TOLD_THAT.search(text, d.end, first_verb))
            ]
            # "criticised Laos and China on Friday for returning nine": the day of the blame.
            blamed = [_ACCUSED_OF.search(sentence, max(0, v.start() - 70), v.start()) for v in verbs]
            dates = [
                d
                for d in dates
                if not any(m and s0 + m.start() <= d.start and d.end <= s0 + m.end() for m in blamed)
            ]
            # Counts must be tied to a finite past-tense return, not to a noun such as
            # "the repatriation of 2,000 detainees" with no date (which is a figure).
            # "accused China of forcibly repatriating 60": a gerund blamed is a return done.
            finite = [
                v for v in verbs if not _is_noun_form(v) or _ACCUSED_OF.search(sentence, 0, v.start("verb"))
            ]
            ties: dict[int, str] = {}
            for k, c in enumerate(counts):
                tie = _count_tied_to_verb(sentence, s0, c, finite, verbs, dates)
                if tie is None and k and ties.get(k - 1) == "noun" and not c.count.vague:
                    tie = "noun" if _coordinated(sentence, s0, counts[k - 1], c) else None
                if tie:
                    ties[k] = tie
            tied = [c for k, c in enumerate(counts) if k in ties]
            numbered = [c for c in tied if not c.count.vague]
            made_by = {
                id(c): {
                    "finite": RETURN_VERB,
                    "noun": EVENT_NOUN,
                    "total": TOTAL,
                    "relative": BEING_RETURNED,
                }[ties[k]]
                for k, c in enumerate(counts)
                if k in ties
            }
            # "… 600 were returned, including 200 from Jilin and …": the parts listed after a total.
            intro = _PARTS_INTRO.search(sentence)
            if intro and any(c.end - s0 <= intro.start() for c in numbered):
                for c in numbered:
                    if c.start - s0 >= intro.end():
                        made_by[id(c)] = LISTED_PARTS
            q0 = s0
            if not counts and i > 0:
                # "Two laborers … were arrested by Chinese police. They were repatriated …": the
                # people the sentence before began with.
                they = _THEY_RETURNED.match(sentence)
                if they and any(v.start() <= they.end() <= v.start("verb") for v in finite):
                    p0, p1 = bounds[i - 1]
                    first = next((c for c in _counts(ctx, p0, p1) if not c.count.vague), None)
                    if first is not None and _OPENS_SENTENCE.fullmatch(text, p0, first.start):
                        numbered, q0 = [first], p0
                        made_by[id(first)] = PRONOUN_SUBJECT
                # "… were among about 500 North Koreans / Who were forcibly returned …": a line cut
                # inside the sentence; the relative clause is of the count that ends the line.
                who = _WHO_LINE_RETURNED.match(sentence)
                if who and any(v.start() <= who.end() <= v.start("verb") for v in finite):
                    p0, p1 = bounds[i - 1]
                    last = [c for c in _counts(ctx, p0, p1) if not c.count.vague]
                    if (
                        last
                        and not text[p0:p1].rstrip().endswith((".", "!", "?", '"', "”"))
                        and last[-1].end >= p1 - 1
                    ):
                        numbered, q0 = [last[-1]], p0
                        made_by[id(last[-1])] = RELATIVE_LINE
            totals = {id(c) for k, c in enumerate(counts) if ties.get(k) == "total"}
            if not any(not c.count.vague for c in counts) and _OVER_YEARS.search(sentence) is None:
                told_dates = {
                    (d.date_start, d.date_end): d
                    for d in dates
                    if not _SINCE_CLAUSE.search(text, s0, d.start)
                }
                # Only a day names one event; "this month" may be a span that held several. The
                # document's own day in a line of its head is its dateline, not an event's day.
                own_day = ctx.doc_date.isoformat() if ctx.doc_date else None
                only = next(iter(told_dates.values()), None)
                if len(told_dates) == 1 and only and only.precision == "day" and only.date_start != own_day:
                    undated_events[i] = only
            noun_tied = {id(c) for k, c in enumerate(counts) if ties.get(k) == "noun"}
            for c, d in zip(numbered, _pair_dates(numbered, dates, text, s0), strict=True):
                if (
                    d is not None
                    and id(c) in noun_tied
                    and d.end <= c.start
                    and _RECENT_NOUN.search(text, max(s0, c.start - 60), c.start)
                ):
                    # "lodged last week a protest against its recent repatriation of nine": a date
                    # before the noun belongs to the clause around it.
                    d = None
                d, since = since_period(text, s0, d, ctx.doc_date) if d is not None else (None, False)
                aggregate = (
                    since
                    # "Since 2024, at least 406 …" in a text with no date: a total, undated.
                    or (d is None and SINCE_YEAR.search(sentence) is not None)
                    or id(c) in totals
                    or bool(_AGGREGATE.search(text[max(s0, c.start - 25) : c.end + 30]))
                )
                sentence_of[len(repatriations)] = i
                # "I was sent back, along with the seventeen other refugees": one person and the
                # others counted with them.
                one_more = int(
                    c.count.value is not None
                    and bool(_WITH_OTHERS_BEFORE.search(text, max(s0, c.start - 30), c.start))
                    and bool(_OTHER_AFTER.match(text, s0 + c.count.end))
                    and bool(_ONE_PERSON_SUBJECT.match(text, s0, first_verb))
                )
                repatriations.append(
                    Repatriation(
                        start=q0,
                        end=s1,
                        quote=text[q0:s1],
                        confidence=confidence(made_by[id(c)]),
                        extractor=made_by[id(c)],
                        date_start=d.date_start if d else None,
                        date_end=d.date_end if d else None,
                        date_precision=d.precision if d else None,
                        relative=bool(d and d.relative),
                        count=c.count.value + one_more if c.count.value is not None else None,
                        count_min=c.count.minimum + one_more if c.count.minimum is not None else None,
                        count_qualifier=c.count.qualifier,
                        aggregate=aggregate,
                        who=c.who,
                        attributed_to=source,
                        count_span=(c.start, c.end),
                        date_span=(d.start, d.end) if d else None,
                    )
                )
                used.add((c.start, c.end))
            # "Hundreds were sent back" tells of an event; "thousands have been returned over the
            # past decades" of the practice, which is no incident.
            # "Thousands" or "hundreds of thousands" returned, with no date, is the practice over
            # years ("China has repatriated hundreds of thousands of escapees"), not one event.
            practice = not dates and any(
                c.count.vague and _THOUSANDS.match(text, c.start, min(c.end + 16, s1)) for c in tied
            )
            if (
                not numbered
                and finite
                and not practice
                and not _OVER_YEARS.search(sentence)
                and (
                    any(c.count.vague for c in tied)
                    # "Some have already been returned"; "two defectors who were repatriated in
                    # October were executed": a return told without the number of those returned.
                    or _SOME_RETURNED.search(sentence)
                    or (
                        any(
                            not c.count.vague and _WHO_WERE_RETURNED.match(sentence, c.end - s0)
                            for c in counts
                        )
                        and _PUNISHED_AFTER.search(sentence)
                    )
                )
                and _past_finite(sentence, finite)
            ):
                d = dates[0] if len(dates) == 1 else None
                vague.append(
                    Repatriation(
                        start=s0, end=s1, quote=sentence, confidence=confidence(UNCOUNTED), extractor=UNCOUNTED,
                        who=next((c.who for c in tied if c.count.vague), None), attributed_to=source,
                        date_start=d.date_start if d else None, date_end=d.date_end if d else None,
                        date_precision=d.precision if d else None, relative=bool(d and d.relative),
                        date_span=(d.start, d.end) if d else None,
                    )
                )  # fmt: skip
        except Exception as exc:
            ctx.warn("incidents", exc, bounds[i][0])

    repatriations += _parts_told_next(ctx, bounds, repatriations, sentence_of, used)
    _date_retold(_date_from_neighbour(_date_retold(repatriations), sentence_of, undated_events))
    # A mention with no number stands for its event only when nothing counted it.
    if not repatriations:
        repatriations = best_told(vague)
    # A count of people told as returned elsewhere in the text is those people, not another figure.
    returned = {r.count for r in repatriations if r.count is not None}
    figures = [f for f in _figures(ctx, bounds, used, low) if f.quantity not in returned]
    # A figure told again ("Fifteen defectors …", "the 15 defectors …") is one figure.
    figures = list({f.quantity: f for f in reversed(figures)}.values())[::-1]
    return _dedupe(_date_retold(repatriations)), figures


_PARTS_INTRO = re.compile(r"\bincluding\b|\bamong\s+(?:them|whom)\b|\bof\s+whom\b", re.I)
# "This includes …", "These include …", "They included …": the sentence lists parts of the one before.
_PARTS_NEXT = re.compile(
    r"[\"“]?(?:This|These|They|Those|That|The\s+(?:figure|number|total|tally|count))\s+(?:(?:figure|number|total)\s+)?"
    r"(?:include[sd]?|includ(?:ing))\s+"
)


def _parts_told_next(
    ctx: Context,
    bounds: list[tuple[int, int]],
    records: list[Repatriation],
    sentence_of: dict[int, int],
    used: set[tuple[int, int]],
) -> list[Repatriation]:
    """ "… has forcibly returned more than 670 North Koreans since 2020. This includes more than
    500 North Koreans on October 9, 2023, 40 others on September 18, 2023, …": the dated parts
    of the return counted in the sentence before, each a record."""
    out: list[Repatriation] = []
    told = {j: records[k] for k, j in sentence_of.items() if records[k].count is not None}
    for i, total in sorted(told.items()):
        if i + 1 >= len(bounds) or i + 1 in told:
            continue
        s0, s1 = bounds[i + 1]
        lead = _PARTS_NEXT.match(ctx.text, s0, s1)
        if lead is None:
            continue
        counts = [
            c
            for c in _counts(ctx, s0, s1)
            if c.start >= lead.end() and not c.count.vague and not c.pending and not c.held
            and (total.count is None or (c.count.value or 0) < total.count)
        ]  # fmt: skip
        dates = [
            d
            for d in ctx.dates_in(s0, s1)
            if d.date_start and (ctx.doc_date is None or date.fromisoformat(d.date_start) <= ctx.doc_date)
        ]
        paired = [(c, d) for c, d in zip(counts, _pair_dates(counts, dates, ctx.text, s0), strict=True) if d]
        if not counts or len(paired) < len(counts):
            continue  # a part told with no date of its own is no event the text dates
        source, _ = _attribution(ctx, s0, s1)
        for c, d in paired:
            used.add((c.start, c.end))
            out.append(
                Repatriation(
                    start=s0, end=s1, quote=ctx.text[s0:s1], confidence=confidence(LISTED_PARTS),
                    extractor=LISTED_PARTS, date_start=d.date_start, date_end=d.date_end,
                    date_precision=d.precision, relative=d.relative, count=c.count.value,
                    count_min=c.count.minimum, count_qualifier=c.count.qualifier, who=c.who or total.who,
                    attributed_to=source or total.attributed_to, count_span=(c.start, c.end),
                    date_span=(d.start, d.end),
                )
            )  # fmt: skip
    return out


# A part of people told of, uncounted ("some of them", "the majority of the defectors").
PART_OF_PEOPLE = (
    rf"(?:{lx.alternation(lx.words('people.parts'))})(?:\s+of\s+(?:them|those|these|the\s+[^,;\d]{{1,80}}?))?"
)
# "Then, on January 25, 27 and 30 all the detainees were quietly returned": the part opens the
# sentence, or its clause after a comma or a date; "all the" needs no "of".
_SOME_RETURNED = re.compile(
    rf"(?:^|(?<=,\s)|(?<=\d\s)|(?<=\bthen\s)|(?<=\bbut\s))[\"“]?(?:(?i:all)\s+the\s+[^,;\d]{{1,80}}?|{PART_OF_PEOPLE})"
    rf"\s+(?:have\s+|had\s+)?(?:(?:{ADVERB}|once\s+again)\s+)?(?:been|were)\s+(?:\w+ly\s+)?"
    rf"(?:{_RETURNED})\b",
    re.I,
)
_WHO_WERE_RETURNED = re.compile(
    rf",?\s+(?:who|that)\s+(?:were|had\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:{_RETURNED})\b"
)
_THEY_RETURNED = re.compile(
    # "They have since been returned to North Korea."
    rf"[\"“'‘]?They\s+(?:were|(?:had|have)\s+(?:since\s+|now\s+|already\s+)?been)\s+(?:(?:{ADVERB}|all)\s+)*"
)
_WHO_LINE_RETURNED = re.compile(rf"(?:Who|who)\s+(?:were|had\s+been|have\s+been)\s+(?:(?:{ADVERB}|all)\s+)*")
_OPENS_SENTENCE = re.compile(r"[\"“'‘]?(?:The\s+)?")
_OVER_YEARS = re.compile(
    r"\b(?:over|for|during|in)\s+(?:the\s+)?(?:past|last|recent)?\s*(?:several\s+|many\s+)?(?:decades|years)\b"
    r"|\bfor\s+(?:decades|years)\b|\bsince\s+the\s+(?:19|20)\d0s\b",
    re.I,
)
SINCE_YEAR = re.compile(r"\bsince\s+(?:[\w-]+\s+){0,6}?(?:19|20)\d\d\b", re.I)
_SINCE_CLAUSE = re.compile(r"\bsince\b[^,.;]{0,60}$", re.I)


def since_period(
    text: str, s0: int, d: DateMention, doc_date: date | None
) -> tuple[DateMention | None, bool]:
    """A date told after "since" in its sentence (from s0): the period from it to the
    document's date ("Since the border reopened in August 2023, …"); and whether it is such a
    period, whose count is then an aggregate. A document with no date gives no period: its end
    is a day the text does not give (not the latest day it tells of), so the date is None."""
    if d.quote.lower().startswith("since"):
        return d, True  # the date reader made the period already
    if not _SINCE_CLAUSE.search(text, s0, d.start):
        return d, False
    if not d.date_start or doc_date is None:
        return None, True
    if d.date_start > doc_date.isoformat():
        return d, True
    return DateMention(
        start=d.start, end=d.end, quote="since " + d.quote, confidence=d.confidence, extractor="incidents.since",
        date_start=d.date_start, date_end=doc_date.isoformat(), precision="range", relative=d.relative,
    ), True  # fmt: skip


# "…, sources told Radio Free Asia on Wednesday", "a Seoul official said Thursday": the day a
# thing was said, not the day of the return. So is a dateline ("SEOUL, Oct. 13 (Yonhap) --").
# "a letter has been sent today to …", "the letter, delivered on Monday, …": the letter's day.
_LETTER_SENT_BEFORE = re.compile(
    r"\bletters?,?\s+(?:(?:has|have|was|were|is|are|had)\s+)?(?:been\s+)?"
    r"(?:sent|delivered|written|submitted|addressed|handed|dispatched)\s+(?:on\s+|last\s+|earlier\s+)?$",
    re.I,
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|reported|announced|stated|added|confirmed|noted|disclosed|claimed|released|published)"
    r"(?:\s+(?!(?:that|in|during|since|after|before|until|throughout)\b)[\w.'’-]+){0,4}?\s+(?:on\s+|last\s+|earlier\s+)?$",
    re.I,
)
_RESPONSE_AFTER = re.compile(r"\W{0,3}\s*(?:in\s+response\s+to|responding\s+to|reacting\s+to)\b", re.I)
_DATELINE_AFTER = re.compile(r"\s*\([A-Z][\w .]{1,30}\)\s*(?:--|—|–|-)")
_REPORTED_AFTER = re.compile(
    r",?\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?:reported|said|told|announced|stated|noted|wrote|published)"
    # "On October 13, The Korea Herald reported the ministry's confirmation that …".
    r"\s+(?:on|that|about|the)\b"
)
_PLACE_IN_CAPITALS = re.compile(r"\b[A-Z]{3,}(?:\s[A-Z]{3,})?,\s*$")
_DASH_AFTER = re.compile(r"\s*(?:--|—|–)")
_RELEASE_AFTER = re.compile(
    r"\s+(?:press\s+release|news\s+release|statement|report|announcement|article|briefing|press\s+conference)\b",
    re.I,
)
_SAID_RIGHT_AFTER = re.compile(
    r"\s+(?:said|says|announced|reported|told|stated|confirmed|protested|denounced|condemned)\b", re.I
)
_DATELINE_BEFORE = re.compile(r"^[A-Z][A-Z .]{2,30}(?:,|\s[–—-])\s*$")


# "… repatriated from China after being caught in Laos earlier this month": the date of the
# arrest (or the flight), not of the return, unless a return verb stands between them. A bare
# participle ("600 defectors detained in Jilin Monday night") may still be the return's date.
_ARREST_BEFORE = re.compile(
    r"(?:\b(?:after\s+(?:being\s+)?|(?:were|was|been|only\s+to\s+be)\s+"
    # "all 31 refugees it arrested last month": the arrest told in a relative clause.
    r"|(?:who|that|which|it|they|he|she|police|authorities|officials)\s+(?:had\s+|have\s+|has\s+)?)(?:\w+ly\s+)?"
    r"(?:caught|arrested|detained|apprehended|captured|rounded\s+up)|\b(?:fled|escaped|crossed|defected))\b"
    r"(?P<gap>[^,;.]{0,50})$",
    re.I,
)


_THAT_YEAR = re.compile(
    r"\b(?:later|earlier|again)\s+(?:that|in\s+the\s+same|the\s+same)\s+year\b|\b(?:that|the)\s+same\s+year\b",
    re.I,
)


def _that_year(ctx: Context, s0: int, s1: int) -> list[DateMention]:
    """ "… in April 2023 … and 70 more later that year": the year of the date told last before
    it (in this sentence or the ones just before), as a year."""
    out = []
    for m in _THAT_YEAR.finditer(ctx.text, s0, s1):
        own_day = ctx.doc_date.isoformat() if ctx.doc_date else None
        # A span within one year counts ("in early 2023 … later that year"); one up to the
        # document's day ("since last year") is no year of an event.
        before = [
            d
            for d in ctx.dates_in(max(0, s0 - 400), m.start())
            if d.date_start
            and d.date_end
            and (d.precision != "range" or (d.date_start[:4] == d.date_end[:4] and d.date_end != own_day))
        ]
        if not before:
            continue
        year = before[-1].date_start[:4]
        out.append(
            DateMention(
                start=m.start(), end=m.end(), quote=m.group(0), confidence=0.6, extractor="incidents.that_year",
                date_start=f"{year}-01-01", date_end=f"{year}-12-31", precision="year", relative=before[-1].relative,
            )
        )  # fmt: skip
    return out


_SINCE_THEN = re.compile(r"\bsince\s+then\b", re.I)


def _since_then(ctx: Context, s0: int, s1: int) -> list[DateMention]:
    """ "… began to send back escapees from late August. A total of 2,600 have been repatriated
    since then": the period from the date told last before it (in this sentence or the ones
    just before) to the document's date; none in a text with no date."""
    out = []
    if ctx.doc_date is None:
        return out
    for m in _SINCE_THEN.finditer(ctx.text, s0, s1):
        starts = [d.date_start for d in ctx.dates_in(max(0, s0 - 400), m.start()) if d.date_start]
        if not starts or starts[-1] > ctx.doc_date.isoformat():
            continue
        out.append(
            DateMention(
                start=m.start(), end=m.end(), quote=m.group(0), confidence=0.6, extractor="incidents.since_then",
                date_start=starts[-1], date_end=ctx.doc_date.isoformat(), precision="range", relative=True,
            )
        )  # fmt: skip
    return out


def _is_arrest_date(text: str, s0: int, d: DateMention) -> bool:
    m = _ARREST_BEFORE.search(text, max(s0, d.start - 70), d.start)
    return bool(m) and not _VERB.search(m.group("gap"))


_SAID_IN_BEFORE = re.compile(
    r"\b(?:in|at|during)\s+(?:a|an|its|their|his|her|the)\s+"
    r"(?:\w+\s+)?(?:statement|press\s+release|briefing|press\s+conference|interview)\s+(?:on\s+|last\s+)?$",
    re.I,
)


_DEICTIC = re.compile(
    r"(?:just\s+)?(?:for\s+)?(?:today|tonight|this\s+morning|this\s+evening|yesterday)$", re.I
)


def _speakers_today(sentence: str, at: int, d: DateMention) -> bool:
    """Whether the date is a "today" or "yesterday" in quoted speech: the speaker's day, which
    the text does not give (the source "said last week")."""
    if not _DEICTIC.search(d.quote):
        return False
    before = sentence[:at]
    return (
        before.count('"') % 2 == 1 or before.count("“") > before.count("”") or before.startswith(("'", "‘"))
    )


def _is_report_date(text: str, s0: int, d: DateMention) -> bool:
    said = _SAID_BEFORE.search(text, max(s0, d.start - 60), d.start)
    # "The group said 300 were returned on 9 October": the return's day, told after the verb.
    if (
        (said and not _VERB.search(said.group(0)))
        or _SAID_IN_BEFORE.search(text, max(s0, d.start - 60), d.start)
        or _LETTER_SENT_BEFORE.search(text, max(s0, d.start - 60), d.start)
    ):
        return True
    # "On October 13th, in response to reports that China had repatriated …": the response's day.
    return bool(
        _DATELINE_AFTER.match(text, d.end)
        # "Aug. 7, 2019 -- China has …", "… Page A22 BEIJING, April 28 –– China has …": the day of
        # the dispatch, alone or after its place in capitals.
        or (
            (not text[s0 : d.start].strip() or _PLACE_IN_CAPITALS.search(text, s0, d.start))
            and _DASH_AFTER.match(text, d.end)
        )
        or _DATELINE_BEFORE.match(text[s0 : d.start])
        or _RESPONSE_AFTER.match(text, d.end)
        # "UNHCR today said it has protested over the deportation of seven": the saying's day.
        or _SAID_RIGHT_AFTER.match(text, d.end)
        # "according to a March 23 press release": the day of the release.
        or _RELEASE_AFTER.match(text, d.end)
        # "On October 15, NTD reported on China's forced repatriation …": the report's day.
        or (not text[s0 : d.start].strip(' \t\n"“On') and _REPORTED_AFTER.match(text, d.end))
    )


# "was once deported", "had previously been sent back": a return before the one the text dates.
# "On March 23 he objected to news that China had repatriated a refugee": a day outside what was
# reported is the reporting's, not the return's.
TOLD_THAT = re.compile(
    r"\b(?:news|reports?|word|claims?|allegations?|rumou?rs?)\s+(?:is\s+spreading\s+)?that\b", re.I
)
# "another 60", "60 more", "a new group of 60": a return told as other than the ones before it.
ANOTHER_RETURN = re.compile(
    r"\b(?:another|further|new|latest|fresh)\b|\d\s+more\b|\b(?:more|others)\s+(?:were|have|had)\b", re.I
)
EARLIER_RETURN = re.compile(
    r"\b(?:was|were|had|has|have)\s+(?:been\s+)?(?:once|previously|formerly|already\s+once)\s+(?:been\s+)?"
    r"(?:\w+ly\s+)?\w+(?:ed|sent|back)\b",
    re.I,
)

_PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "year": 3}


def best_told(uncounted: list[Repatriation]) -> list[Repatriation]:
    """Of the mentions of a return with no number, the one that dates it best ("last year" and
    then "in October last year": October), the first of equals."""
    if not uncounted:
        return []
    return [
        min(
            uncounted,
            key=lambda r: (r.date_start is None, _PRECISION_RANK.get(r.date_precision or "", 5), r.start),
        )
    ]


def _date_retold(records: list[Repatriation]) -> list[Repatriation]:
    """An undated count that repeats the count of an event dated earlier in the text is that
    event told again ("… sent back about 60 defectors on Friday … at least 60 people were
    handed over …"): it takes the event's date. Totals never do."""
    dated: dict[int, Repatriation] = {}
    told: dict[int, set[tuple[str | None, str | None]]] = {}
    for r in sorted(records, key=lambda r: r.start):
        # A total up to the document's date ("since 2020") dates no single event.
        if r.count is not None and r.date_start and not (r.aggregate and r.date_precision == "range"):
            dated.setdefault(r.count, r)
            told.setdefault(r.count, set()).add((r.date_start, r.date_end))
    for r in records:
        if r.count is None or r.aggregate or r.date_start:
            continue
        # The same number told of two events with other dates: which one this is, the text does not say.
        if r.count in dated and len(told[r.count]) == 1:
            first = dated[r.count]
            r.date_start, r.date_end = first.date_start, first.date_end
            r.date_precision, r.relative = first.date_precision, first.relative
    return records


def _date_from_neighbour(
    records: list[Repatriation], sentence_of: dict[int, int], undated_events: dict[int, DateMention]
) -> list[Repatriation]:
    """A count told without its date takes the date of the return told next to it without a
    number ("China has repatriated about 50 escapees. The repatriations took place on July
    14"): the nearest such sentence within three, when no other count stands between."""
    counted = sorted(sentence_of.values())
    dated = {r.count for r in records if r.date_start}
    for k, r in enumerate(records):
        if r.count is None or r.aggregate or r.date_start or k not in sentence_of:
            continue
        if r.count in dated:
            continue  # the same people told again take the date of their first telling
        i = sentence_of[k]
        lo = max([j for j in counted if j < i], default=-1)
        hi = min([j for j in counted if j > i], default=1 << 30)
        near = sorted(
            (abs(j - i), j < i, d)
            for j, d in undated_events.items()
            if j != i and lo < j < hi and abs(j - i) <= 3
        )
        if not near or (
            len(near) > 1 and near[1][0] == near[0][0] and near[1][2].date_start != near[0][2].date_start
        ):
            continue
        d = near[0][2]
        r.date_start, r.date_end, r.date_precision, r.relative = (
            d.date_start,
            d.date_end,
            d.precision,
            d.relative,
        )
        r.date_span = (d.start, d.end)
        dated.add(r.count)
    return records


def _returns_to_north(
    sentence: str, verb: re.Match[str], about_north: bool = False, before: str = ""
) -> bool:
    """Whether the return is one to North Korea: "repatriated" says it itself; "sent back"
    and "handed over" do when North Koreans are the ones sent; a plain "returned" only
    with its destination ("returned to North Korea") or "forcibly"."""
    after = PLEA_FROM.sub(" ", sentence[verb.end() : verb.end() + 120])
    if _VIA_CHINA.match(after):
        return True  # "… from a centre in Laos to North Korea via Beijing": the China leg is told
    if _ELSEWHERE.match(after) or _BY_OTHER_STATE.match(after) or _MANY_HOMES.match(after):
        return False
    # "North Korea has repatriated 700 of its workers": its own recall, not a return by China.
    if _NORTH_ACTS.search(sentence, max(0, verb.start() - 40), verb.start()):
        return False
    # "Four North Koreans rescued last week off Shimane were handed over to North Korean
    # authorities in Dalian": returned by the state that rescued them.
    if RESCUED.search(sentence, 0, verb.start()):
        return False
    word = verb.group("verb").lower()
    # "Over 70 North Korean workers … were sent back home": workers the state sent abroad,
    # called home, not refugees returned.
    if verb.group("particle") and _HOME.match(after) and _WORKERS.search(sentence, 0, verb.start()):
        return False
    # "UNHCR said the two refugees who were deported …": deportations are any state's, so one told
    # with no North Korean near it (in the sentence or just before) is of others.
    if others_deported(word, sentence, 0, len(sentence), after) and not _NK_CONTEXT.search(before):
        return False
    if word.startswith(("repatri", "deport", "refoul", "expel", "expul")) or verb.group("adv"):
        return True
    if _TO_NORTH.search(after):
        return True
    # "China has already returned about 50 refugees": China returns people only to the North.
    if word.startswith("return") and _CHINA_SUBJECT.search(sentence, max(0, verb.start() - 50), verb.start()):
        return bool(
            re.match(
                r"\s+(?:about|around|some|roughly|approximately|almost|close\s+to|as\s+many\s+as|over|more|nearly|"
                r"at\s+least|up\s+to|\d|[a-z]+\s+(?:north\s+)?(?:korean|refugee|defector|escapee))",
                after,
                re.I,
            )
        )
    if verb.group("particle"):
        return about_north or bool(re.search(r"North\s+Korean|defector|escapee", sentence, re.I))
    # "more than 600 North Koreans have reportedly been returned": North Koreans returned are
    # returned to the North.
    if word.startswith("return") and _NORTH_KOREANS_PASSIVE.search(
        sentence, max(0, verb.start() - 80), verb.start()
    ):
        return True
    # "These incidents include the return of over 500 North Koreans on October 9, 2023": a noun
    # where the text speaks of forced returns.
    if _ARTICLE_BEFORE.search(sentence, max(0, verb.start() - 10), verb.start()):
        return word in {"return", "returns"} and bool(_FORCED.search(before + sentence))
    return False


def others_deported(word: str, text: str, s0: int, s1: int, after: str) -> bool:
    """Whether a deportation is another state's: "UNHCR said the two refugees who were deported …"
    (deportations are any state's, so one told with neither North Koreans nor China in its sentence
    or the paragraph or so before it is of others), or "Thailand deported 109 Uyghurs (including 20
    women) to China" (sent to China, not from it)."""
    if (
        word.lower().startswith(("deport", "refoul", "expel", "expul"))
        and not _NK_CONTEXT.search(text, max(0, s0 - _NEAR), s1)
        and not _CHINA.search(text, s0, s1)
    ):
        return True
    return bool(_INTO_CHINA.match(after))


_NEAR = 600  # characters before a sentence that still speak of what it speaks of


# "to China" of the deportation itself, not of a clause after it ("was Kim, who fled to China").
_INTO_CHINA = re.compile(
    # Not past the North named as where they were sent ("… to North Korea, eventually escaping back
    # to China"): a place after it is where a later deed went.
    r"(?:(?!\b(?:who|which|that|fled|escaped|crossed|went|had|was|were|after|before)\b"
    r"|\bto\s+(?:the\s+)?(?:North|DPRK|Pyongyang)\b)[^.;:]){0,80}?"
    r"\bto\s+China\b(?!\s+and\s+(?:then\s+)?(?:to\s+)?North)",
    re.I,
)
_NORTH_KOREANS_PASSIVE = re.compile(
    r"\bNorth\s+Korean(?:s|\s+(?:refugees|defectors|escapees|women|nationals))\s+(?:who\s+)?"
    rf"(?:have|has|had|were|was)\s+(?:{ADVERB}\s+)*(?:been\s+)?(?:{ADVERB}\s+)*$",
    re.I,
)
_CHINA_SUBJECT = re.compile(
    r"\b(?:China|Beijing|Chinese\s+(?:authorities|police|officials|government))\s+(?:has\s+|have\s+|had\s+)?"
    rf"(?:{ADVERB}\s+)*$"
)
_NORTH_ACTS = re.compile(
    r"\b(?:North\s+Korea|Pyongyang|the\s+DPRK|DPRK)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?$", re.I
)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|forced|forcible|their|its)\s+$", re.I)
_PASSIVE_BEFORE = re.compile(rf"\b(?:were|was|been|being|be)\s+(?:{ADVERB}\s+)?$", re.I)
_FORCED = re.compile(r"\bforc(?:ed|ibl[ey])\b|repatriat|deport", re.I)


# "China's recent repatriation of nine defectors": a noun for an event that happened.
_RECENT_BEFORE = re.compile(
    r"\b(?:its|their|the|China['’]s|Beijing['’]s)\s+(?:recent|latest|reported|last\s+week['’]s|last\s+month['’]s)\s+"
    r"(?:forced\s+|forcible\s+)?$",
    re.I,
)
_REACTION_BEFORE = re.compile(
    rf"\b(?:{lx.alternation(lx.words('cues.reactions'))})\s+(?:(?:the|its|their|China['’]s|Beijing['’]s)\s+)?"
    r"(?:(?:recent|latest|reported|forced|forcible|mass|secret|illegal)\s+)*$",
    re.I,
)
_ACCUSED_OF = re.compile(
    # "criticised Laos and China on Friday for returning nine": whom and when may stand between.
    rf"\b(?:{lx.alternation(lx.words('cues.accusations'))})\s+(?:[\w’'-]+\s+){{0,6}}(?:of|for)\s+(?:\w+ly\s+)?$",
    re.I,
)
_RECENT_NOUN = re.compile(
    rf"\b(?:recent|latest|reported)\s+(?:forced\s+|forcible\s+)?(?:{_RETURN_NOUN})\s+of\s+[^,.;]{{0,20}}$",
    re.I,
)
_PASSIVE_END = re.compile(
    # "have now been returned": a few time words may stand beside "been".
    rf"(?:\b(?:were|was|got|(?:had|have|has)\s+(?:{ADVERB}\s+)?been)|\bafter\s+being)"
    rf"\s+(?:(?:{ADVERB}|once\s+again|all|both)\s+(?:and\s+)?)*[\"“'‘]?$"
    # "were arrested in Laos and forcibly repatriated": a second passive verb of the same subject
    r"|\b(?:were|was|(?:had|have|has)\s+been)\s+(?:\w+ly\s+)?\w+\b[^,.;]{0,40}?\band\s+(?:then\s+|later\s+)?$",
    re.I,
)
# What may stand between a counted subject and its passive verb besides a few words: a
# relative clause or a participle phrase ("200 escapees being held in Jilin were handed over").
_SUBJECT_MODIFIER = re.compile(
    r"^\s*,?\s*(?:who|that|which|being|detained|held|imprisoned|locked|arrested|caught|including"
    r"|attempting|trying|seeking|hoping|fleeing)\b",
    re.I,
)
_OWN_CLAUSE = re.compile(
    r"^\s*(?:[—–]+[^—–]{0,80}[—–]+\s*|,[^,]{0,60},\s*)?(?:who|that)\s+(?:were|was|had|have|are|is)\b", re.I
)
_OWN_RELATIVE_PAST = re.compile(
    r"^[^.;]{0,80}?\b(?:who|that)\s+(?:were|was|had|have|has)\b[^.;]{0,120}?\b(?:before|after|since)\s+being\s+"
    r"(?:\w+ly\s+)?$",
    re.I,
)
_RELATIVE_OBJECT = re.compile(
    r"^\s+(?:which|that|whom)\s+(?:the\s+)?[A-Z][\w.’']*(?:\s+[\w.’']+){0,3}?\s+(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?$"
)
_NOUN_GAP = re.compile(
    r"\s+(?:from\s+China\s+|to\s+North\s+Korea\s+)?(?:(?:was|were)\s+)?of\s+"
    r"(?:(?:some|about|around|at\s+least|more\s+than|over|an\s+estimated|approximately|nearly)\s+)?",
    re.I,
)
# "the total number of known forced repatriations since 2020 to at least 1,076"
_TOTAL_BEFORE = re.compile(r"\btotal\s+(?:number\s+)?of\s+(?:[\w-]+\s+){0,3}$", re.I)
_TOTAL_GAP = re.compile(
    r"(?:\s+(?:since|from|in|between)\s+[^,;.]{0,40}?)?\s+(?:to|at|reached|stands\s+at|stood\s+at|is|was)\s+$",
    re.I,
)


_TO_CHINA = re.compile(r"\s+(?:\w+\s+){0,3}?to\s+China\b")
# "Eleven defectors returned …", "500 North Koreans have already returned …": the subject itself.
_SUBJECT_OF = re.compile(rf"\s+(?:(?:have|has|had)\s+)?(?:{ADVERB}\s+)*")


def _is_passive(sentence: str, verb: re.Match[str]) -> bool:
    return bool(_PASSIVE_BEFORE.search(sentence, max(0, verb.start() - 30), verb.start()))


_UNITS_WORDS = "|".join(w for w in NUMBER_WORDS if " " not in w)
_PUNISH = (
    rf"(?:{lx.alternation(lx.words('cues.punishments'))}"
    r"|sent\s+to\s+(?:\w+\s+){0,2}(?:camps?|prisons?|gulags?|kwanliso|kyohwaso))"
)
_PUNISHED_BEFORE = re.compile(
    r"\b(?:execut(?:ed|es|ing)|sentenc(?:ed|es|ing)|put\s+to\s+death)\s+(?:\w+\s+)?$", re.I
)
_PUNISHED_AFTER = re.compile(
    rf"[^.;]*?\b(?:were|was|have|has|had|are|is)\s+(?:{ADVERB}\s+)*(?:been\s+)?"
    rf"(?:{ADVERB}\s+)*{_PUNISH}\b",
    re.I,
)
_OF_OTHERS = re.compile(
    r"\s+of\s+(?:their\s+|the\s+|[\w-]+\s+){0,3}?(?:mothers?|fathers?|parents|families|wives|husbands|women|men)\b",
    re.I,
)
# "along with her cousin, eight other defectors were sent back": a part of those returned.
_ALONG_WITH = re.compile(r"\balong\s+with\s+[^,.;\d]+,\s*$", re.I)
_THEM = re.compile(r"\bthem\b|^\s+them\b", re.I)
_LINKED_CLAUSE = re.compile(r"\b(?:after|when|as|because|since|before)\s+(?:\w+\s+){0,4}$", re.I)
_WHOLE_OF_PART = re.compile(
    rf"\b(?:\d{{1,3}}(?:,\d{{3}})*|{_UNITS_WORDS})\s+(?:out\s+)?of\s+(?:the\s+)?(?:(?:some|about|around|nearly)\s+)?$",
    re.I,
)
_BARE_SUBJECT_END = re.compile(
    rf"(?:^|[,;]\s*|\b(?:only|just|but|while|and)\s+)(?:\d{{1,3}}(?:,\d{{3}})*|{_UNITS_WORDS})\s+"
    r"(?:of\s+them\s+)?(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+ly\s+)?[\"“'‘]?$",
    re.I,
)


def _count_tied_to_verb(
    sentence: str,
    s0: int,
    c: _CountInSentence,
    finite: list[re.Match[str]],
    verbs: list[re.Match[str]],
    dates: list[DateMention],
) -> str | None:
    """How the count is tied to a return verb of the sentence: "finite", "relative", "noun", "total",
    or None."""
    rel0, rel1 = c.start - s0, c.end - s0
    # "North Korea executed two women repatriated from China": those punished, a part of the
    # people returned, are no count of the return.
    if _PUNISHED_BEFORE.search(sentence, max(0, rel0 - 40), rel0):
        return None
    # "two out of 200 fishermen were deported": the group the returned came from.
    if _WHOLE_OF_PART.search(sentence, max(0, rel0 - 30), rel0) or _ALONG_WITH.search(
        sentence, max(0, rel0 - 60), rel0
    ):
        return None
    for v in finite:
        if v.start() < rel0 and rel1 <= v.end():
            return "finite"  # "sent more than 50 defectors … back to North Korea"
        # Object of an active verb ("repatriated 600 refugees … and approximately 200 …")
        # or subject of a passive one ("600 refugees were repatriated").
        if v.end() <= rel0:
            # "The repatriated North Koreans were two men and five women": the participle is the
            # subject's adjective, and the counts after it the group's parts.
            if _ARTICLE_END.search(sentence, max(0, v.start() - 12), v.start()):
                continue
            # A relative clause between the verb and a coordinated count ("…, which was
            # the largest …, and approximately 200 …") does not cut the count off.
            between = _RELATIVE_CLAUSE.sub(" ", sentence[v.end() : rel0])
            if re.search(r"[.;]|\b(?:who|which|while|but)\b", between):
                continue
            # "108 workers who were deported …, and 212 women who were detained …": a count
            # with a clause of its own is not what a passive verb before it did.
            if _is_passive(sentence, v) and _OWN_CLAUSE.match(sentence[rel1:]):
                continue
            return "finite"
        if rel1 <= v.start():
            between = sentence[rel1 : v.start()]
            if _THEM.search(v.group(0)) or _THEM.match(sentence, v.end()):
                # "600 North Koreans have vanished after China sent them back": the people
                # the pronoun stands for, when no other count stands between.
                if not re.search(r"[.;]|\d", between) and _LINKED_CLAUSE.search(between):
                    return "finite"
                continue
            made = _MADE_TO.search(sentence, max(0, v.start() - 70), v.start())
            if made is not None and made.start() < rel0 and not re.search(r"[.;]|\d", between):
                return "finite"  # "forced around 60 refugees to return": the people made to go back
            # "nine defectors have been forced to return": the subject of the passive made to go back.
            passive_made = _MADE_TO_PASSIVE.search(between)
            if passive_made is not None and len(between) < 60 and not re.search(r"[.;,]|\d", between):
                return "finite"
            if _RELATIVE_OBJECT.match(between):
                return "finite"  # "around 500 North Koreans which China forcibly repatriated"
            if _OWN_RELATIVE_PAST.match(between):
                # "212 women who were detained in Kunming before being repatriated later that
                # year", "600 defectors who have disappeared since being deported": the count's
                # own relative clause, in the past, tells of their return.
                return "relative"
            # "a mother and three children … escaped to China, but the mother and one son were
            # later deported": the clause after "but" has a subject of its own.
            if re.search(r"[.;]|,\s*but\b", between) or not _PASSIVE_END.search(between):
                # "600 defectors deported by China": a participle right after the people.
                if not between.strip() and re.match(r"\s+(?:by|from)\b", sentence[v.end() :]):
                    return "finite"
                continue
            if _OF_OTHERS.match(between):
                continue  # "8 children of mothers who had been repatriated": the mothers were
            if _BARE_SUBJECT_END.search(between):
                continue  # "among the 200 fishermen …, only two were deported": the two were
            if _SUBJECT_MODIFIER.match(between) and _PUNISHED_AFTER.match(sentence, v.end()):
                # "Two defectors who were repatriated in October have been executed": the
                # return is told of the punished, a part of those returned.
                return None
            if len(between) < 60 or (len(between) < 140 and _SUBJECT_MODIFIER.match(between)):
                return "finite"
    # "the forced repatriation of 600 North Koreans on October 9": a noun with a date.
    for v in verbs:
        if v in finite or v.end() > rel0:
            continue
        gap = sentence[v.end() : rel0]
        if _TOTAL_BEFORE.search(sentence, 0, v.start()) and _TOTAL_GAP.fullmatch(gap):
            return "total"
        before = sentence[max(0, v.start() - 40) : v.start()]
        done_event = bool(dates) or bool(_RECENT_BEFORE.search(before) or _REACTION_BEFORE.search(before))
        if _NOUN_GAP.fullmatch(gap) and done_event and not c.count.vague and not c.held:
            return "noun"
    return None


_ARTICLE_END = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+$")


def _coordinated(sentence: str, s0: int, prev: _CountInSentence, c: _CountInSentence) -> bool:
    """ "the return of over 500 North Koreans on October 9, 2023, 40 others on September 18,
    2023, and about 50 in July 2021": counts listed after a tied one, each with its date."""
    between = sentence[prev.end - s0 : c.start - s0]
    return bool(
        re.fullmatch(r"(?:\s+(?:on|in|during)\s+[\w .]{1,25}?(?:,\s+\d{4})?)?,\s+(?:and\s+)?", between)
    )


def _past_finite(sentence: str, finite: list[re.Match[str]]) -> bool:
    return any(
        re.search(r"(?:ed|sent|handed\s+\w*\s*over)\b", v.group("verb"), re.I) for v in finite
    ) and not re.search(rf"\b(?:is|are)\s+(?:\w+ly\s+)?(?:{_RETURNING})\b", sentence, re.I)


_IN_CHINA = re.compile(rf"\b(?:{lx.alternation(lx.state_names('origin', demonyms=True, places=True))})\b")
_AT_RISK_OF_RETURN = re.compile(
    r"\b(?:fac(?:e|es|ing)|await(?:s|ing)?|risk(?:s|ing)?|danger)\s+(?:\w+\s+){0,3}?"
    rf"(?:{_RETURN_NOUN}|being\s+(?:{_RETURNED}|sent))\b",
    re.I,
)
_ELSEWHERE_NEAR = re.compile(rf"\b(?:{lx.alternation(lx.state_names('transit', 'refuge'))})\b")
# A breakdown of a group ("five near Beijing, seven in Shenyang and around 10 in Yanji").
_LISTED_BARE = re.compile(
    r"(?:,|\band|:)\s+(?:(?:about|around|some|another)\s+)?(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?:in|near|from|at)\s+[A-Z]"
)
_PART_BEFORE = re.compile(
    r"\b(?:including|include[sd]?|among\s+them|of\s+whom|of\s+them|in\s+addition\s+to(?:\s+the)?)\s+"
    r"(?:(?:about|around|some|at\s+least|more\s+than|over|nearly)\s+)?$",
    re.I,
)
_INCLUDE_LIST = re.compile(r"\binclud(?:e|es|ed)\b[^;.]*$|\bincluding\b[^,;.:]{0,60}$", re.I)
_GROUP_PART_NOUN = re.compile(
    r"\b(?:men|women|girls|boys|children|teenagers|minors|infants|babies|females|males)$", re.I
)
_PART_AFTER = re.compile(r"\s*(?:,\s*)?(?:who\s+)?(?:were|are|was|is)\s+(?:also\s+)?among\b", re.I)
# "3 defectors - two of them underaged -": a part of the group just counted.
_PART_WHO = re.compile(r"of\s+(?:them|whom|those)\b", re.I)
# People who went or go back of their own accord ("left Dandong for Sinuiju", "are likely to return").
_OWN_ACCORD_AFTER = re.compile(
    # "will be returned" is a return by others, not one of their own accord.
    r"\s*(?:\w+\s+){0,3}?(?:left|leave|leaving|went\s+back|go\s+back|gone\s+back|headed|crossed\s+back|to\s+return"
    r"|(?<!\bbe\s)(?<!been\s)(?<!being\s)(?<!was\s)(?<!were\s)returned)\b",
    re.I,
)
_LIST_NEXT = re.compile(
    r"\s*(?:,|\band\b)\s*(?:and\s+)?(?:a|an|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+\w+"
)
_RETURNED_AFTER = re.compile(
    r"[^.;]{0,80}?\b(?:were|was|have\s+been|had\s+been|being)\b[^.;]{0,60}?"
    rf"\b(?:{_RETURNED_NOT_PLAIN}|returned\s+to\s+(?:North\s+Korea|the\s+North))\b"
    # "sent back to China from Laos": people now in China, a figure
    r"(?!\s+(?:\w+\s+){0,2}?to\s+(?-i:(?!North\b|the\s+North\b|Pyongyang\b)[A-Z]))",
    re.I,
)
_DONE_RETURN_OF = re.compile(
    rf"\b(?:forced|forcible)\s+(?:{_RETURN_NOUN})\s+of\s+(?:(?:about|around|some|over|more\s+than"
    r"|at\s+least|nearly|approximately|an\s+estimated)\s+)?$",
    re.I,
)
_WORKERS_WORDS = lx.alternation(lx.words("people.sent_by_the_state"))
_NOT_AT_RISK_NOUN = re.compile(rf"\b(?:{_WORKERS_WORDS})$", re.I)
_WORKERS = re.compile(rf"\b(?:{_WORKERS_WORDS})\b", re.I)
_HOME = re.compile(r"\s*home\b", re.I)


def _relevant_figure(
    ctx: Context, s0: int, sentence: str, rel0: int, rel1: int, who: str, prev_end: int | None
) -> bool:
    """Whether a count of people is a figure of North Koreans in China (held, at risk, born or
    sold there), not a part of a group counted beside it, of those punished or of people elsewhere."""
    if (
        _PART_BEFORE.search(sentence, max(0, rel0 - 40), rel0)
        or _INCLUDE_LIST.search(sentence, 0, rel0)
        or _PART_AFTER.match(sentence, rel1)
        or _PART_WHO.match(who)
    ):
        return False
    if _GROUP_PART_NOUN.search(who) and (
        (prev_end is not None and rel0 - prev_end < 80) or _LIST_NEXT.match(sentence, rel1)
    ):
        return False  # "the nine -- seven men and two women"
    if _NOT_AT_RISK_NOUN.search(who):
        return False  # workers sent abroad by the state are no refugees
    if _FAMILY_BEFORE.search(sentence, max(0, rel0 - 40), rel0):
        return False  # "a mother and three children": the members of one family, told in its story
    if _SIGNED_BY.search(sentence, max(0, rel0 - 40), rel0):
        return False  # "a petition signed by over 8,000 citizens": who signed, not who is at risk
    if _ARRIVED_AFTER.match(sentence, rel1):
        return False  # "1,414 refugees reached South Korea": safe, not at risk in China
    if _PUNISHED_BEFORE.search(sentence, max(0, rel0 - 40), rel0) or _PUNISHED_AFTER.match(sentence, rel1):
        return False
    if _OWN_ACCORD_AFTER.match(sentence, rel1) and not _FORCED.search(sentence, rel0, rel1 + 80):
        return False
    # "efforts to prevent 29 defectors being deported": a return held back by a cue before the count
    # as well as after it leaves people at risk, a figure.
    if (
        _RETURNED_AFTER.match(sentence, rel1)
        and not cued(ctx, s0 + max(0, rel0 - 25), s0 + min(len(sentence), rel1 + 100))
        and not _OF_OTHERS.match(sentence, rel1)
    ):
        return False  # "eight others were also caught … and repatriated": a return, not a figure
    if _DONE_RETURN_OF.search(sentence, max(0, rel0 - 50), rel0) and not cued(
        ctx, s0 + max(0, rel0 - 90), s0 + rel0
    ):
        return False  # "the forced repatriation of about 200 defectors after the Games"
    near = sentence[max(0, rel0 - 60) : rel1 + 60]
    return not (_ELSEWHERE_NEAR.search(near) and not _IN_CHINA.search(near))


_FAMILY_BEFORE = re.compile(
    rf"\b(?:a|the|one|his|her|their)\s+(?:young\s+|North\s+Korean\s+)*(?:{lx.alternation(lx.words('people.relatives'))}|woman|man|couple)"
    r"\s+and\s+(?:(?:his|her|their)\s+)?$",
    re.I,
)
_HELD_OR_CAUGHT = re.compile(
    rf"\b(?:{lx.alternation(lx.words('cues.held', 'cues.arrests'))}|arrests?)\b", re.I
)
_SIGNED_BY = re.compile(r"\b(?:signed|endorsed|joined|supported)\s+by\s+(?:\w+\s+){0,3}$", re.I)
_ARRIVED_AFTER = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,3}}?(?:have\s+|had\s+|has\s+)?(?:{lx.alternation(lx.words('cues.arrivals'))})\b",
    re.I,
)
_DEFINITE = re.compile(r".{0,6}?\b(?:the|these|those|all)\s", re.I)


def _figures(
    ctx: Context, bounds: list[tuple[int, int]], used: set[tuple[int, int]], low: str
) -> list[Figure]:
    text = ctx.text
    out: list[Figure] = []
    parts: set[int | None] = set()
    for i in _sentences_with(low, ("korea", "defector", "escapee", "dprk"), bounds):
        s0, s1 = bounds[i]
        if not _NK_CONTEXT.search(text[s0:s1]):
            continue
        source: str | None = None
        source_done = False
        counts = _counts(ctx, s0, s1)
        sentence = text[s0:s1]
        if not (
            _IN_CHINA.search(sentence)
            or _AT_RISK_OF_RETURN.search(sentence)
            # "… documented the arrests of 41 North Koreans in July": held, in a paragraph
            # that has just said where.
            or (i and _HELD_OR_CAUGHT.search(sentence) and _IN_CHINA.search(text, *bounds[i - 1]))
        ):
            continue  # North Koreans at home, in the South or in another country
        # A breakdown of a group ("five near Beijing, seven in Shenyang and around 10 in Yanji"):
        # its items are parts; only a total that holds them all is a figure.
        listed = [number_value(n) or 0 for n in _LISTED_BARE.findall(sentence)]
        values = [c.count.value or 0 for c in counts if not c.count.vague]
        breakdown = len(values) + len(listed) >= 3
        total = (
            max(values, default=0)
            if breakdown and 2 * max(values, default=0) >= sum(values) + sum(listed)
            else None
        )
        # "400 - 500 North Korean refugees are repatriated every week": a rate of returns, neither a
        # return nor a count of people in China.
        if _GENERAL.search(sentence) and _VERB.search(sentence):
            continue
        for k, c in enumerate(counts):
            if c.count.vague or c.count.value is None:
                continue
            if c.count.value == 1:
                continue  # "one defector held a Chinese passport": a person of the story, not a figure
            if (c.start, c.end) in used:
                parts.add(c.count.value)
                continue
            prev_end = counts[k - 1].end - s0 if k else None
            if (breakdown and c.count.value != total) or not _relevant_figure(
                ctx, s0, sentence, c.start - s0, c.end - s0, c.who or "", prev_end
            ):
                parts.add(c.count.value)
                continue
            if c.count.value in parts and _DEFINITE.match(sentence, max(0, c.start - s0 - 6), c.end - s0):
                continue  # "the ten defectors": those set aside above, told again
            if not source_done:
                source, _ = _attribution(ctx, s0, s1)
                source_done = True
            out.append(
                Figure(
                    start=s0,
                    end=s1,
                    quote=text[s0:s1],
                    confidence=confidence(FIGURE),
                    extractor=FIGURE,
                    quantity=c.count.value,
                    unit=c.who or "",
                    qualifier=c.count.qualifier,
                    attributed_to=source,
                    count_span=(c.start, c.end),
                )
            )
    return out


def _dedupe(records: list[Repatriation]) -> list[Repatriation]:
    """The same event told twice with the same figure is one record; a bare number (a headline's
    "600") is the same figure as a qualified one ("about 600") for the same dates."""
    seen: set[tuple] = set()
    qualified = {
        (r.count, r.date_start, r.date_end) for r in records if r.count_qualifier not in (None, "exact")
    }
    out = []
    sources: dict[tuple, str] = {}
    for r in records:
        key = (r.count, r.date_start, r.date_end, r.count_qualifier)
        if r.attributed_to:
            sources.setdefault(key[:3], r.attributed_to)
        if key in seen or (r.count_qualifier == "exact" and key[:3] in qualified):
            continue
        seen.add(key)
        out.append(r)
    for r in out:
        # The event told once with its source and once without: the source is the event's.
        r.attributed_to = r.attributed_to or sources.get((r.count, r.date_start, r.date_end))
    # The same count told once with its day and once with a span around it ("600 … on Monday",
    # "over 600 … earlier this week"): one event, at its day.
    return [r for r in out if not any(o is not r and _same_event_nearer(o, r) for o in out)]


def _same_event_nearer(o: Repatriation, r: Repatriation) -> bool:
    """Whether `o` tells the event of `r` (the same count) with a shorter period inside r's."""
    if o.count is None or o.count != r.count or not (o.date_start and r.date_start):
        return False
    o_end, r_end = o.date_end or o.date_start, r.date_end or r.date_start
    inside = r.date_start <= o.date_start and o_end <= r_end
    return inside and (o.date_start, o_end) != (r.date_start, r_end)
