"""Return events the count-and-verb chain of incidents.py does not read: a frame around each
return trigger (doc.spans["triggers"]), its arguments looked for in its clause, filtered by
the cues of the lexicon (doc.spans["cues"]).

Each shape is a named rule:

- a bare count as the subject of a passive return over a period ("Another 80 were sent back
  over June and July");
- a count right before a return participle ("with up to 300 handed over in one night"), its
  date possibly the subject of the sentence ("March saw …");
- a decision to return, told as done ("authorities decided to return some 400 detainees");
- one named person, or a relative, returned (a count of one; "with two others" makes three);
- a running total ("bringing the total since 2020 to at least 900"), an aggregate over its period.

They run only where the chain made no record of the same sentence, so what it reads well is
left as it is.
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import date

import regex

from refwatch.extract import lexicon as lx
from refwatch.extract.context import Context
from refwatch.extract.dates import find_dates
from refwatch.extract.incidents import (
    _BY_OTHER_STATE,
    _CHINA,
    _CHINA_SUBJECT,
    _DENIED_REPORT,
    _ELSEWHERE,
    _NK_CONTEXT,
    _NORTH_ACTS,
    _OTHER_ORIGIN,
    _PUNISHED_BEFORE,
    _SINCE_CLAUSE,
    _TO_NORTH,
    ADVERB,
    ANOTHER_RETURN,
    EARLIER_RETURN,
    PART_OF_PEOPLE,
    PLEA_FROM,
    POLICY_OF,
    RESCUED,
    SINCE_YEAR,
    TOLD_THAT,
    _attribution,
    _counts,
    _date_retold,
    _dedupe,
    _denies_a_report,
    _is_arrest_date,
    _is_report_date,
    best_told,
    cued,
    not_the_returner,
    others_deported,
    since_period,
)
from refwatch.extract.model import DateMention, Figure, Repatriation
from refwatch.extract.quantities import NUMBER_WORDS, Count, find_counts, parse_count
from refwatch.extract.rules import Example, confidence, rule

PASSIVE_OVER_PERIOD = rule(
    "incidents.passive_over_period",
    """A count standing alone as the subject of a passive return verb, dated by the period after
    it ("over May and June" runs from the first to the last).""",
    field="repatriations",
    examples=[
        Example(
            "Police in Jilin detained dozens of North Korean defectors last spring. Another 45 were "
            "sent back over May and June 2022.",
            {"count": 45, "date_start": "2022-05-01", "date_end": "2022-06-30", "date_precision": "range"},
            doc_date="2022-09-01",
        ),
        # A count the group returned holds.
        Example(
            "A resident said about 80 people from Hoeryong are among those repatriated to North Korea.",
            {"count": 80, "count_qualifier": "approximately"},
        ),
        Example(
            "North Korean escapees were held in Tumen. The group said 300 were returned on 9 October 2023.",
            {"count": 300, "date_start": "2023-10-09", "date_precision": "day"},
            doc_date="2023-10-20",
        ),
        Example(
            "Another 45 North Korean defectors could be sent back over May and June 2022.",
            None,
            doc_date="2022-09-01",
        ),
    ],
)
COUNT_PARTICIPLE = rule(
    "incidents.count_participle",
    """A count right before a return participle ("with as many as N handed over"), dated by its
    sentence, whose subject may be the time itself ("March saw …").""",
    field="repatriations",
    examples=[
        Example(
            "February saw the largest transfer of North Korean escapees in years, with as many as 150 "
            "handed over at the Tumen crossing.",
            {"count": 150, "count_qualifier": "up_to", "date_start": "2023-02-01", "date_end": "2023-02-28"},
            doc_date="2023-03-15",
        ),
        Example("Some 200 North Korean workers returned home from China in April 2024.", None),
        Example(
            # The participle joined by "and" to an arrest: the same people, caught and returned.
            "Approximately 30 North Koreans previously caught escaping the country and repatriated from China "
            "have been detained for months.",
            {"count": 30, "count_qualifier": "approximately"},
        ),
        Example(
            "Some 50 North Koreans arrested in Shenyang and set to be repatriated are held in Jilin.", None
        ),
        Example(
            "Some 50 North Koreans arrested in Shenyang and facing repatriation are held in China.", None
        ),
        Example(
            "Some 50 North Koreans arrested in Shenyang and sent to a camp in China are held there.", None
        ),
    ],
)
DECISION = rule(
    "incidents.decision",
    """A decision or choice to return people, told as done: its object is the count. Not one whose
    people are told as caught or held ("… defectors caught this week"): not carried out yet.""",
    field="repatriations",
    examples=[
        Example(
            "In August 2021 officials in Liaoning decided to quietly return some 120 North Korean detainees.",
            {"count": 120, "count_qualifier": "approximately", "date_start": "2021-08-01"},
        ),
        Example(
            "In April 2024, authorities decided to quietly return some 400 North Korean detainees.",
            {"count": 400, "date_start": "2024-04-01", "date_precision": "month"},
        ),
        Example(
            "Officials in Liaoning have not decided whether to return 120 North Korean detainees.",
            None,
        ),
        Example(
            # Those it is to return are told as caught: the decision is not carried out yet.
            "China's decision to repatriate 45 North Korean defectors caught near the border this week drew "
            "protests in Seoul on Friday.",
            None,
        ),
    ],
)
NAMED_PERSON = rule(
    "incidents.named_person",
    """One named person, or a relative ("her brother"), returned: a count of one, or one more
    than the others named with them ("with two others"). Not "she" or "the woman" with no date
    of her own in a text that counts a group returned: one of the group.""",
    field="repatriations",
    examples=[
        Example(
            "Her cousin was forcibly returned to North Korea by Chinese police in May 2016.",
            {"count": 1, "date_start": "2016-05-01"},
        ),
        # Told by someone, the "that" left out.
        Example(
            "Ms Ahn said her brother was sent back to North Korea by Chinese police in March 2018.",
            {"count": 1, "date_start": "2018-03-01"},
        ),
        # An earlier deed joined by "and"; a surname alone; the teller herself, denounced.
        Example("Ji-won Park defected to China and was repatriated back to North Korea.", {"count": 1}),
        Example(
            "Ryu was deported for the third time in 2011, amid a crackdown on defectors.",
            {"count": 1, "date_start": "2011-01-01"},
        ),
        Example(
            "In 2005 I was reported and sent back to North Korea.", {"count": 1, "date_start": "2005-01-01"}
        ),
        # A person described ("a North Korean worker in her 50s"), and a named one's own clause.
        Example(
            "A North Korean worker in her 50s was recently arrested in Yanji and repatriated to North Korea.",
            {"count": 1},
        ),
        Example(
            "North Korean defector Park Mi-na is afraid for her sister Kim Su-ah, who was allegedly deported from China in May 2021.",
            {"count": 1, "date_start": "2021-05-01"},
        ),
        # A word that stands for several is not one person.
        Example("They had been repatriated against their will in March 2019.", None),
        Example(
            "Pak Sun-hee, a 34-year-old North Korean mother, was caught in Yanji with three others and forcibly repatriated "
            "in November 2019.",
            {"count": 4, "date_start": "2019-11-01"},
        ),
        Example(
            "Her life in China took a grim turn in 2019 when she was arrested and forcibly returned to North Korea.",
            {"count": 1, "date_start": "2019-01-01", "date_end": "2019-12-31"},
        ),
        Example(
            "It was in 2021 that Chinese police arrested Kim Sun-hee and returned her to North Korea.",
            {"count": 1, "date_start": "2021-01-01"},
        ),
        Example(
            # A cue inside an opening participle phrase bears on that phrase only.
            "Living in China for years under constant threat of deportation, she was arrested and forcibly "
            "returned to North Korea in 2019.",
            {"count": 1, "date_start": "2019-01-01"},
        ),
        Example(
            "Fearing deportation, she was afraid she would be arrested and returned to North Korea.", None
        ),
        Example("Chinese police threatened to return her to North Korea.", None),
        Example("She fears that she will be arrested and returned to North Korea from China.", None),
        Example(
            # "once" deported: an earlier return than the one the text dates, so not its date.
            "China repatriated 60 North Koreans on 9 May 2024. Kim Yu-na was once deported back from China to "
            "North Korea.",
            {"count": 1, "date_start": None},
            doc_date="2024-06-01",
        ),
        Example(
            # A life story: an earlier deed of the same subject, then the return.
            "North Koreans hide in China. She crossed the river twice but was sent back by Chinese police.",
            {"count": 1, "count_qualifier": "exact"},
        ),
        Example(
            "North Koreans hide in China. Park left Yanji but was arrested by Chinese guards and returned to "
            "his homeland.",
            {"count": 1},
        ),
        Example(
            "North Koreans hide in China. Her brother learnt that she was arrested in Jilin and has been "
            "deported back to North Korea.",
            {"count": 1},
        ),
        Example(
            "North Koreans hide in China. The neighbours watched as their uncle was tied up and sent back to "
            "North Korea.",
            {"count": 1},
        ),
        Example(
            "North Koreans hide in China. The family learnt that China repatriated Lee Soon-ja.", {"count": 1}
        ),
        Example(
            "North Koreans hide in China. The father and one daughter were later sent back to North Korea.",
            {"count": 2},
        ),
        Example("North Koreans hide in China. China repatriated North Korean defectors.", None),
        Example(
            # "She", undated, in a text that counts a group returned: one of the group.
            "China sent back 40 North Koreans on 3 May 2024. A woman who had lived in China for 20 years was "
            "among them. She was sent back to North Korea but her son stayed in China.",
            None,
        ),
    ],
)
UNCOUNTED_EVENT = rule(
    "incidents.uncounted_event",
    """A return told as a noun after a verb of doing in the past ("China resumed mass forced
    repatriations last month"), or China's past return of people it does not count ("Beijing
    forcibly repatriated North Korean defectors early last month"), with no number; kept only
    when the document counts no return.""",
    field="repatriations",
    examples=[
        Example(
            "Rights groups said China carried out large-scale forced repatriations of North Korean escapees "
            "in April 2024.",
            {"count": None, "date_start": "2024-04-01"},
        ),
        Example("China may resume forced repatriations of North Korean escapees soon.", None),
        Example(
            "The envoy voiced concern over China's recent repatriation of hundreds of North Koreans last month.",
            {"count": None, "date_start": "2023-09-01", "date_precision": "month"},
            doc_date="2023-10-27",
        ),
        Example(
            # China's return of people it does not count, dated after the verb.
            "The resolution comes after Beijing forcibly repatriated North Korean defectors early last month.",
            {"count": None, "date_start": "2023-10-01", "date_end": "2023-10-10"},
            doc_date="2023-11-12",
        ),
        Example(
            "Beijing forcibly repatriated North Korean defectors who are held in Jilin next month.", None
        ),
    ],
)
BEGAN_RETURNING = rule(
    "incidents.began_returning",
    """Returns that began, told as done ("began sending them back", "has started repatriating 60
    defectors"): the count of the object when it has one, else a return with no number.""",
    field="repatriations",
    examples=[
        Example(
            "Chinese police started sending the North Korean detainees back in April 2024, sources said.",
            {"count": None, "date_start": "2024-04-01", "date_precision": "month"},
        ),
        Example(
            "In May 2021 the authorities in Dandong began repatriating 45 North Korean defectors.",
            {"count": 45, "date_start": "2021-05-01"},
        ),
        Example("China is expected to begin repatriating the North Korean detainees next month.", None),
    ],
)
CASES_OF_RETURN = rule(
    "incidents.cases_of_return",
    """A count of cases of return ("documented over 120 cases of forced repatriation since June
    last year"): each case a person returned, dated by its clause.""",
    field="repatriations",
    examples=[
        Example(
            "The group has documented at least 85 cases of forced repatriation of North Koreans since March 2022.",
            {"count": 85, "count_qualifier": "at_least", "aggregate": True, "date_start": "2022-03-01"},
            doc_date="2023-06-30",
        ),
        Example(
            "The group is investigating 85 cases of possible forced repatriation of North Koreans.", None
        ),
    ],
)
RELATIVE_CLAUSE = rule(
    "incidents.relative_clause",
    """A count of people followed by a relative clause of their return ("one of as many as N
    defectors who were deported … two months ago").""",
    field="repatriations",
    examples=[
        Example(
            "She was one of about 80 North Korean escapees who were deported from Jilin in March 2022.",
            {"count": 80, "count_qualifier": "approximately", "date_start": "2022-03-01"},
        ),
    ],
)
HEADLINE_COUNT = rule(
    "incidents.headline_count",
    """A headline that gives the number returned with no noun ("China Deports 35", "After
    Repatriating 20"): the body tells who they were.""",
    field="repatriations",
    examples=[
        Example(
            "Beijing Quietly Repatriates 35\n\nA group of North Korean defectors held in Tumen was handed over "
            "to North Korean guards, a source said.",
            {"count": 35},
        ),
    ],
)
HEADLINE_STATE_RETURN = rule(
    "incidents.headline_state_return",
    """A title line (short, standing alone, no full stop, in the head of the text) telling of
    China returning a number of people, in the shapes of titles: "China Returning 600 Refugees
    to North Korea", "China's Forced Repatriation of 31 North Korean Refugees".""",
    field="repatriations",
    examples=[
        Example(
            "China returning 600 refugees to North Korea where they face torture\n\nAn activist has written "
            "to MPs about the North Korean refugees.",
            {"count": 600},
        ),
        Example(
            "Newsletter\n\nChina's Forced Repatriation of 31 North Korean Refugees\n\nDear friends, the "
            "refugees detained in China have been sent back to North Korea.",
            {"count": 31},
        ),
        Example("Stop China's Forced Repatriation of 200 North Korean Refugees\n\nSign our petition.", None),
        Example("China Plans Repatriation of 200 North Korean Refugees\n\nThe refugees are held.", None),
        Example("China returning 600 refugees to North Korea?\n\nActivists fear the worst.", None),
        Example(
            "China Repatriating 600 North Korean Refugees Would Be a Crime\n\nThey are held in China.", None
        ),
    ],
)
EVENT_INVOLVING = rule(
    "incidents.event_involving",
    """A return noun told as an event that "involved" a number of people ("a mass repatriation in
    October involving 500 individuals", "the previous repatriation, which involved 500 to 600"),
    dated by its own clause.""",
    field="repatriations",
    examples=[
        Example(
            "Groups report a massive repatriation event in October involving 500 North Koreans held in China.",
            {"count": 500, "date_start": "2023-10-01", "date_end": "2023-10-31"},
            doc_date="2024-01-31",
        ),
        Example(
            "This follows the previous repatriation from China in October 2023, which involved 500 to 600 of "
            "the 2,000 North Koreans detained there.",
            {"count": 600, "count_qualifier": "up_to", "date_start": "2023-10-01"},
            doc_date="2024-05-03",
        ),
        Example("China has drawn up a repatriation plan involving 500 North Korean detainees.", None),
        Example("Activists fear a mass repatriation from China involving 2,000 North Koreans.", None),
        Example("A possible repatriation involving 500 North Koreans held in China worries Seoul.", None),
        Example("The 2019 deportation from Russia involving 70 North Korean workers drew no notice.", None),
        Example("China is preparing a repatriation involving 500 North Koreans held in Jilin.", None),
        Example(
            "There were talks on the repatriation issue involving 200 North Korean defectors in China.", None
        ),
    ],
)
GROUP_COUNTED_NEXT = rule(
    "incidents.group_counted_next",
    """A group returned with no number ("sent back a group of North Korean defectors"), counted in
    one of the next two sentences ("The group of 10 was detained …", "… returning
    the nine, who …"): the count of that return, with the date of the return's sentence.""",
    field="repatriations",
    examples=[
        Example(
            "China has sent back a group of North Korean defectors, including a child. The group of 10 was "
            "detained in China in early November after crossing the border.",
            {"count": 10, "date_start": None},
            doc_date="2017-12-15",
        ),
        Example(
            "Beijing last month sent a group of young North Koreans back to North Korea. Laos is also under "
            "fire over its role in returning the nine, who include minors.",
            {"count": 9, "date_start": "2013-05-01", "date_end": "2013-05-31"},
            doc_date="2013-06-04",
        ),
        Example(
            "China may soon send a group of North Korean defectors back to North Korea. The group of 10 was "
            "detained in November.",
            None,
            doc_date="2017-12-15",
        ),
        Example(
            "China sent a group of North Korean workers back home last week. The 30 workers had worked in Dandong.",
            None,
            doc_date="2017-12-15",
        ),
        Example(
            "China repatriated a group of North Korean defectors last week. The three who escaped are in hiding.",
            None,
            doc_date="2017-12-15",
        ),
        Example(
            "China sent back a group of North Korean defectors in May 2017. The 10 days they spent in jail "
            "were hard.",
            None,
        ),
    ],
)
REPORTED_AS_RETURNED = rule(
    "incidents.reported_as_returned",
    """A count told of in a report as returned, with a gerund: "reports emerged of over 200
    defectors being forcibly repatriated", "a group of ten reported by a newspaper as having been
    repatriated"; not when the report is denied, doubted or the return only feared.""",
    field="repatriations",
    examples=[
        Example(
            "Following the talks, reports emerged of over 200 defectors being forcibly repatriated from a "
            "detention center in China.",
            {"count": 200, "count_qualifier": "more_than"},
        ),
        Example(
            "A further group of ten reported by a newspaper today as having been repatriated to North Korea via "
            "Dandong are held in Sinuiju.",
            {"count": 10, "date_start": None},
            doc_date="2012-03-01",
        ),
        Example("There are no reports of 200 North Koreans being repatriated from China.", None),
        Example("Reports of 200 North Korean workers being sent back from China emerged.", None),
        Example("China denied reports of 200 North Koreans being repatriated to North Korea.", None),
        Example("Reports of 200 North Koreans being repatriated from China could not be confirmed.", None),
        Example(
            "Activists fear 200 North Koreans held in China risk being repatriated to North Korea.", None
        ),
    ],
)
RUNNING_TOTAL = rule(
    "incidents.running_total",
    """A running total brought to a number ("bringing the total since 2021 to at least N"): an
    aggregate from the start of its period to the document's date.""",
    field="repatriations",
    examples=[
        Example(
            "Fifty more North Koreans were repatriated from Dandong last month, bringing the total since 2021 "
            "to at least 780.",
            {"count": 780, "aggregate": True, "date_start": "2021-01-01", "date_end": "2024-06-30"},
            doc_date="2024-06-30",
        ),
    ],
)

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(w for w in NUMBER_WORDS if " " not in w) + ")"
_PASSIVE_BEFORE = re.compile(
    rf"\b(?:were|was|(?:had|have|has)\s+(?:{ADVERB}\s+)*been|got)\s+(?:(?:{ADVERB}|all)\s+)*$",
    re.I,
)
_BARE_SUBJECT = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:and|but|while|that|another|further|additional)\s+)[\"“]?(?P<count>(?:[\w-]+\s+){{0,3}}?{_NUMBER})\s*$",
    re.I,
)
# "among those (returned)", "among the defectors (returned)": the group a return verb then names.
_AMONG_THE = r"among\s+(?:those|the\s+(?:people|defectors|refugees|North\s+Koreans))\s+(?:\w+ly\s+)?$"
_AMONG_THOSE = re.compile(
    rf"(?P<count>(?:(?:about|around|some|nearly|roughly|approximately|more\s+than|over|at\s+least|up\s+to|as\s+many\s+as)\s+)?{_NUMBER})"
    r"\s+(?:people|North\s+Koreans|defectors|refugees|escapees|residents)\b[^,;]{0,60}?"
    rf"\s+(?:are|were|is|was)\s+(?:also\s+)?{_AMONG_THE}",
    re.I,
)
_PART_OF = re.compile(r"\b(?:among|out\s+of|of\s+(?:the|those|these|them))\b", re.I)
_PARTICIPLE = re.compile(r"(?:ed|sent|back|over)$", re.I)
_TIME_SUBJECT = re.compile(
    r"(?:^\s*|.{0,40}?\b(?:after|as|when)\s+)(?P<when>(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{4})?|(?:last|this)\s+(?:week|month|year|spring|summer|autumn|fall|winter))\s+"
    r"(?:saw|brought|witnessed)\b",
    re.I,
)
_EVENT_NOUNS = frozenset(lx.words("returns.nouns")) - {"return", "returns"}
_DONE_BEFORE_NOUN = re.compile(
    r"\b(?:resumed|carried\s+out|conducted|began|started|stepped\s+up|intensified|restarted)\s+"
    r"(?:(?:its|their|the|a|an|new|fresh|mass|large-scale|massive|forced|forcible|wholesale)\s+){0,3}$",
    re.I,
)
_UNCOUNTED_SUBJECT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:that|and|as|previously|also|then|reports?)\s+)[\"“]?(?:(?:some|several|many|other|more)\s+)"
    rf"(?:North\s+Korean\s+)?(?:{lx.alternation(lx.words('people.people'))})\s+(?:(?:have|had)\s+)?$",
    re.I,
)
# People not counted, as the object of a return: "repatriated North Korean defectors early last month".
_BARE_PEOPLE_OBJECT = re.compile(
    rf"\s+(?:North\s+Korean\s+)?(?:{lx.alternation(w for w in lx.words('people.people') if w.endswith('s'))})\b"
    r"(?!\s+(?:who|that)\s+(?:are|is|remain)\b)",
    re.I,
)
_UNCOUNTED_NOUN = re.compile(
    rf"\b(?:the|those|these)\s+(?:North\s+Korean\s+)?(?:{lx.alternation(lx.words('people.people'))})\s+$",
    re.I,
)
_SOME_OF_THEM = re.compile(
    # "some of the defectors detained in China so far this month": a part of people told of.
    rf"(?:^|[,;:]\s*|\b(?:that|and)\s+)[\"“]?{PART_OF_PEOPLE}"
    r"(?:\s*(?:--|—|–)[^-—–]{1,30}(?:--|—|–))?\s+(?:(?:have|had)\s+)?"
    r"(?:(?:are|were|is|was)\s+(?:believed|thought|said|reported|feared)\s+to\s+(?:have\s+)?)?$",
    re.I,
)
_COUNT_IN = re.compile(r"\d")
_WHO_BEFORE = re.compile(r"\s*,?\s*(?:who|that)\s+$", re.I)
_CAUGHT_AFTER = re.compile(
    rf"\s*,?\s*(?:who\s+(?:were|had\s+been|have\s+been|are)\s+)?(?:{lx.alternation(lx.words('cues.arrests', 'cues.held'))})\b",
    re.I,
)
_PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?\w*$", re.I)
# A date set off as the main clause's ("Then, on October 9, 2023, …", "…, on October 9, …, the
# government decided"), not one after another clause's verb ("gathered on Nov. 8, 2023, against").
_FRONTED = re.compile(r"(?:^|,)\s*(?:(?:Then|And|But|So|Later|Finally),?\s+)?(?:on\s+|in\s+)?$", re.I)
_AFTER_EVENT = re.compile(r"\s*(?:Following|After|Since|Upon|With)\s+(?:the\s+)?\w+", re.I)
_THEM = re.compile(r"\w+\s+(?:them|those\s+people|these\s+people)\b", re.I)
_THEM_INSIDE = re.compile(r"\s(?:them|all\s+of\s+them)\s", re.I)  # "sent them back"
_THEM_AFTER = re.compile(r"\s+(?:all\s+of\s+)?them\b", re.I)  # "repatriated them"
# "arrested 12 North Korean women last week and": a count of people caught, then "and" before the
# return verb (the women are "them").
_CAUGHT_THEN = re.compile(
    rf"\b(?:{lx.alternation(lx.words('cues.arrests'))}|found)\s+(?P<count>(?:(?:about|some|around|at\s+least)\s+)?"
    rf"{_NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?:{lx.alternation(lx.words('people.people'))})\b[^;]{{0,120}}?"
    rf"\band\s+(?:{ADVERB}\s+)?$",
    re.I,
)
_BEGAN_BEFORE = re.compile(r"\b(?:began|begun|started|resumed|restarted)\s+(?:\w+ly\s+)?$", re.I)
_DECISION_BEFORE = re.compile(
    rf"\b(?:{lx.alternation(lx.words('returns.decisions'))})\s+to\s+(?:(?:\w+ly)\s+)?$",
    re.I,
)
_RELATIVE = lx.alternation(lx.words("people.relatives"))
# "Kim Min-ji", "Pak Sun-hee", "Jane Doe": two or three capitalised words; "Ms. Kim": a surname
# after an honorific.
_NAME = (
    r"(?-i:(?:Mr|Ms|Mrs|Miss|Dr)\.?\s+[A-Z][a-z]+(?:-[a-z]+)?"
    r"|[A-Z][a-z]+(?:-[a-z]+)?(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,2})"
)
# "Among those deported was Kim Cheol-ok": one person named as among the returned.
_AMONG_THOSE_BEFORE = re.compile(rf"\b{_AMONG_THE}", re.I)
_NAMED_AMONG = re.compile(rf"\s+(?:\w+\s+){{0,6}}?was\s+(?P<who>{_NAME})\b")
# One person, not named: "the man", "a 30-year-old woman".
_ONE_PERSON = (
    "man|woman|girl|boy|teenager|defector|escapee|refugee|mother|father|worker|soldier|student|pastor|missionary"
    r"|prisoner\s+of\s+war"
)
_ARRESTED = lx.alternation(lx.words("cues.arrests"))
_DENOUNCED = lx.alternation(lx.words("cues.denunciations"))
_NOT_ONE = (
    "They|These|Those|It|This|That|We|You|Some|Many|Most|All|Others|Both|Each|None|There|Here|Such|Their|Its|"
    "Our|Several|Few|Hundreds|Thousands|Dozens|Families|Refugees|Defectors|People|Women|Men|Children"
)
# "was trying to escape North Korea in 2007 and …": a deed in progress is a deed before the return too.
_DEED = r"(?:\w+ed|fled|left|went|ran|swam|came|got|made|(?:was|were)\s+\w+ing)\b[^;.]{0,80}?\s+(?:but|and)"
# "She had previously escaped to China, but was caught and repatriated".
_EARLIER_DEED = rf"\s+(?:(?:had|has|have)\s+)?(?:{ADVERB}\s+)?{_DEED}"
# "was sold to a farmer, with whom she had a son, before being denounced and forcibly returned": a
# life story's earlier deed, then the return.
_BEFORE_BEING = (
    r"(?:\w+ed|held|sold|kept)\b[^;]{0,120}?\bbefore\s+being\s+(?:(?:\w+ed|caught)\s+and\s+)?(?:\w+ly\s+)?"
)
# "Cho escaped into China before being forcibly repatriated": an earlier deed in the active, then
# the return.
_DEED_BEFORE_BEING = (
    rf"(?:{ADVERB}\s+)?(?:\w+ed|fled|left|went|ran|swam|came|got|made|spent)\b[^;]{{0,120}}?"
    r"\bbefore\s+being\s+(?:(?:\w+ed|caught)\s+and\s+)?(?:\w+ly\s+)?"
)
# "Sun Young once again went into hiding, only to be caught and repatriated a short time later": a
# life story's deed, then the return it came to.
_ONLY_TO_BE = (
    r"[^;]{0,150}?\bonly\s+to\s+be\s+(?:(?:\w+ed|caught)\b[^;,]{0,60}?(?:,\s*|\s+and\s+))?(?:\w+ly\s+)?"
)
_PERSON_SUBJECT = regex.compile(
    # "she"/"he" right before the verb may stand anywhere ("at which point she was deported").
    # "she was arrested and forcibly returned": an arrest joined to the return by "and".
    # "She fled twice but was returned", "Kim tried to leave but was detained … and returned": a
    # life story's earlier deed, then the return, with one subject.
    rf"(?:\b(?P<who>(?-i:she|he|She|He|I))(?:{_EARLIER_DEED})?(?P<rest>\s+(?:was|had\s+been|has\s+been)\s+(?:{ADVERB}\s+)*"
    rf"(?:(?:{_ARRESTED}|{_DENOUNCED})\b[^;,]{{0,60}}?\band\s+(?:{ADVERB}\s+)*(?:(?:has|had)\s+been\s+|was\s+(?:{ADVERB}\s+)*)?"
    rf"|{_BEFORE_BEING}"
    # "she was incarcerated after having been arrested in China and repatriated": a later deed, then
    # the arrest and the return it followed.
    rf"|\w+ed\b[^;,]{{0,60}}?\bafter\s+(?:being|having\s+been)\s+(?:{_ARRESTED})\b[^;,]{{0,60}}?\band\s+(?:{ADVERB}\s+)*"
    rf")?|\s+{_ONLY_TO_BE}|\s+{_DEED_BEFORE_BEING})$|"
    # "In February 2006, the mother of 5-year-old Kim Yong-soon was arrested and repatriated": a
    # relative of one named.
    rf"(?:^|[.;:,]\s+)(?P<who>the\s+(?:{_RELATIVE})\s+of\s+(?:[\w-]+\s+){{0,2}}?{_NAME})(?P<rest>\s+(?:was|had\s+been|has\s+been)\s+[^;]*?)$|"
    # "Choi was deported for the fourth time in 2008": a surname alone, not a word that stands for
    # others ("They had been repatriated").
    # "… before Park was captured and sent back": after a conjunction of time too.
    # "During this time, Jo was caught and repatriated": after an opening phrase too.
    rf"(?:^|[.;:]\s+|^(?-i:[A-Z])[^,;.]{{2,40}},\s+|\b(?-i:before|after|until|when|but|and)\s+)(?P<who>(?!(?-i:{_NOT_ONE})\b)(?-i:[A-Z][a-z]+))"
    # "Chae, however, was found to have been …": an adverb set off by commas after the name.
    rf"(?:,\s+(?:however|though|too|also|then|later|eventually|meanwhile),)?"
    rf"(?:{_EARLIER_DEED})?(?P<rest>\s+(?:was|had\s+been|has\s+been)\s+[^;]*?|\s+{_DEED_BEFORE_BEING})$|"
    # "watched as their father was chained up and deported": the person of a clause of time.
    # "Her younger sister Kim Cheol-ok", "A North Korean worker in her 50s": the person, named or
    # described.
    # "Kim said her brother was returned": after a verb of telling whose "that" is left out.
    rf"(?:^|[.;:]\s+|,\s+(?:and|but)\s+|\b(?:and|that|as|when|said|says|recalled|recalls|added|explained)\s+|\b(?=whose\s))"
    rf"[\"“]?(?P<who>(?:(?:his|her|their|my|our|whose)\s+(?:\w+\s+)?(?:{_RELATIVE})(?:\s+{_NAME})?"
    # After the person, an aside ("Kim, 34,") or what is said of them ("interviewed by a group, X,").
    # "an 18-year-old armed man": up to two words that say what kind of person.
    rf"|(?:the|an?|one)\s+(?:(?:\w+-year-old|(?-i:[a-z][a-z-]+))\s+){{0,2}}?"
    # "An 81-year-old North Korean defector": the age may stand before where they are from.
    # A South Korean prisoner of war held in the North is returned there as North Koreans are.
    rf"(?:(?<=\b(?i:an?|one)\s+|-year-old\s+)(?:North|South)\s+Korean\s+)?(?:{_ONE_PERSON})"
    rf"(?:\s+in\s+(?:her|his)\s+\d0s)?"
    # "North Korean refugee Park Yong-chol": a named person after what they are.
    rf"|(?:(?-i:North\s+Korean)\s+)?(?:{_ONE_PERSON})\s+{_NAME}|{_NAME}))"
    # "… prisoner of war from the Korean War is known …": where the person is from.
    rf"(?:,\s+[^,;]{{1,100}},|\s+\w+ed\s+by\s+[^;]{{1,100}}?,(?=\s+(?:was|had|has)\b)"
    r"|\s+(?:from|of|in)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+(?=\s+(?:was|is|had|has)\b))?\s+(?P<rest>[^;]*?)$)",
    re.I,
)
_APPOSITIVE_PERSON = regex.compile(
    # "… her younger sister Kim Cheol-ok, who was allegedly deported": a named person's own clause.
    # "Choi, who was repatriated in 2005": a surname alone, not a word that stands for others.
    rf"\b(?P<who>{_NAME}|(?!(?-i:{_NOT_ONE})\b)(?-i:[A-Z][a-z]+)),\s+(?:(?:a|an)\s+[^,;]{{0,40}}?\b(?:{_ONE_PERSON})\s+)?who\s+"
    rf"(?P<rest>(?:was|had\s+been|has\s+been)\s+(?:{ADVERB}\s+)*)$"
)
_PERSON_VERB = re.compile(
    # "See-Yeon Kim defected to China and was repatriated": an earlier deed, then the return.
    # "a North Korean refugee who has been repatriated four times": the person's own clause.
    # "is known to have been sent back": a return told as known or believed is told as done.
    rf"^(?:who\s+)?(?:{_DEED}\s+)?(?:was|had\s+been|has\s+been|(?:is|was)\s+(?:known|believed|thought|said|reported|found|confirmed|understood)\s+to\s+have\s+been)"
    rf"\s+(?:{ADVERB}\s+)*"
    rf"(?:(?:\w+ed|caught|held)\b[^;]{{0,120}}?\band\s+(?:{ADVERB}\s+)*(?:(?:has|had)\s+been\s+|was\s+(?:{ADVERB}\s+)*)?"
    # "was imprisoned after being forcibly repatriated": what befell them after the return.
    # "… incarcerated after having been arrested in China and repatriated" too.
    r"|(?:\w+ed|held|sent|put)\b[^;]{0,60}?\bafter\s+(?:being|having\s+been)\s+(?:\w+ly\s+)?"
    r"(?:(?:\w+ed|caught|held)\b[^;]{0,60}?\band\s+(?:\w+ly\s+)?)?"
    rf"|{_BEFORE_BEING})?$|^{_ONLY_TO_BE}$|^{_DEED_BEFORE_BEING}$",
    re.I,
)
# "her sister deported by China": a relative and the participle of their return.
_RELATIVE_RETURNED = re.compile(
    rf"\b(?:his|her|their|my|our|whose)\s+(?:\w+\s+)?(?P<who>{_RELATIVE})\s+(?:who\s+was\s+)?(?:\w+ly\s+)?$",
    re.I,
)
# The one person a past return verb takes as object ("returned her to North Korea").
_ONE_OBJECT = (
    # "They repatriated me": the teller.
    r"(?P<who>(?-i:her|him|me)"
    # "sent the wife of a defector back to …", "returned his mother to …": one person of a kind.
    rf"|(?:the|his|her|their|a)\s+(?:young\s+)?(?:{_RELATIVE}|{_ONE_PERSON})(?:\s+of\s+(?:an?|the|his|her)\s+[\w\s-]{{1,40}}?)?)"
)
_PERSON_OBJECT = re.compile(rf"\s+{_ONE_OBJECT}(?:\s+back)?(?=\s+to\s)", re.I)
# The same person inside a verb with its particle: "sent his wife back" (to …); not "sent her back",
# whose "her" is, as often as not, someone the text has already told was returned.
_PERSON_SENT_BACK = re.compile(rf"\w+\s+(?!(?i:her|him)\b){_ONE_OBJECT}\s+back$", re.I)
# "the mother and one son were deported": two people, each one of a kind, returned together.
_ONE_OF = rf"(?:(?:the|a|one|his|her|their|my|our)\s+(?:young\s+)?(?:{_RELATIVE}|{_ONE_PERSON}))"
_TWO_PERSONS = re.compile(
    rf"(?:^|[.;:]\s+|,\s+(?:and|but)\s+|\b(?:that|as|when)\s+)(?P<who>{_ONE_OF}\s+and\s+{_ONE_OF}"
    # "Cha and her younger daughter", "Ms. Kim and her son": a person named and a relative of theirs.
    rf"|(?:{_NAME}|(?!(?-i:{_NOT_ONE})\b)(?-i:[A-Z][a-z]+))\s+and\s+(?:his|her)\s+(?:\w+\s+)?(?:{_RELATIVE}))"
    rf"\s+were\s+(?:{ADVERB}\s+)*"
    # An arrest joined to the return by "and".
    rf"(?:(?:{_ARRESTED})\b[^;,.]{{0,60}}?\band\s+(?:{ADVERB}\s+)?)?$",
    re.I,
)
_NAMED_OBJECT = re.compile(
    rf"\s+(?P<who>{_NAME}"
    # "China had repatriated a North Korean refugee": one person, unnamed.
    rf"|(?-i:a|an|one)\s+(?:young\s+|\w+-year-old\s+)?(?:North\s+Korean\s+)?(?:{_ONE_PERSON}))"
    r"\b(?!\s+(?:and|or)\b|['’]s\b)"
)
# Capitalised words that are no person: "North Korean defectors", "South Korea".
_NOT_A_NAME = re.compile(r"(?:North|South|Chinese|Korean|United|The)\b")
_WITH_OTHERS = re.compile(rf"\bwith\s+(?P<n>{_NUMBER})\s+others\b", re.I)
_RUNNING_TOTAL = re.compile(
    r"\b(?:bringing|brings|brought|raising|raises|raised|taking|takes|took|pushing|pushes|pushed)\s+the\s+"
    r"(?:total|tally|number|count)(?:\s+(?:number\s+)?of\s+[\w\s-]{0,50}?)?"
    r"(?P<since>\s+since\s+[^,;.]{1,40}?)?\s+to\s+(?P<count>(?:[^,;.]|[,.](?=\d)){1,40})",
    re.I,
)
_SECOND_MONTH = re.compile(
    r"\s*(?:and|to|through|until|-|–)\s*(?P<month>(?-i:January|February|March|April|May|June|July|August|September"
    r"|October|November|December))(?:\s+(?P<year>\d{4}))?\b",
    re.I,
)
_PERIOD_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and|to|through|until|-|–)\s*$", re.I)


def find_events(ctx: Context, records: list[Repatriation]) -> list[Repatriation]:
    """The records of the frame rules, for sentences where `records` (the chain's) has none."""
    text = ctx.text
    if not _NK_CONTEXT.search(text):
        return []
    bounds = ctx.sentence_bounds()
    starts = [b[0] for b in bounds]
    taken = {bisect.bisect_right(starts, r.start) - 1 for r in records}
    taken |= {bisect.bisect_right(starts, r.end - 1) - 1 for r in records}
    out: list[Repatriation] = []
    seen: set[int] = set()
    if bounds and 0 not in taken and (headline := _headline_count(ctx, *bounds[0])) is not None:
        out.append(headline)
        seen.add(0)
    triggers = ctx.doc.spans.get("triggers", [])
    titled = len(triggers) > 0 and triggers[0].start_char < TITLE_REACH + 120  # a trigger in the head
    for i in _title_lines(ctx, bounds) if titled else []:
        if i not in taken and i not in seen and (title := _title_return(ctx, *bounds[i])) is not None:
            out.append(title)
            seen.add(i)
    counted = {r.count for r in records if r.aggregate}
    for trigger in ctx.doc.spans.get("triggers", []):
        i = bisect.bisect_right(starts, trigger.start_char) - 1
        if i < 0 or i in seen:
            continue
        if i in taken:
            total = _running_total(ctx, *bounds[i])
            if total is not None and total.count not in counted:
                out.append(total)
                seen.add(i)
            continue
        s0, s1 = bounds[i]
        if trigger.end_char > s1:
            continue
        try:
            made = _read(ctx, s0, s1, trigger.start_char, trigger.end_char)
        except Exception as exc:  # a sentence a rule cannot read must not cost the document
            ctx.warn("events", exc, s0)
            continue
        if made is not None:
            out.append(made)
            seen.add(i)
    if any(r.count and r.count > 1 for r in records + out):
        out = [r for r in out if not _one_of_the_group(ctx, r)]
    return out


# One person told of as someone already introduced ("She was sent back", "The woman was
# repatriated …"), and where the same sentence introduces her ("A defector hid … adding that the
# man was sent back").
_ANAPHOR = re.compile(rf"(?:she|he|the\s+(?:{_ONE_PERSON}))", re.I)
_INTRODUCED = re.compile(rf"\b(?:a|an|one)\s+(?:[\w-]+\s+)?(?:{_ONE_PERSON})\b", re.I)


def _one_of_the_group(ctx: Context, r: Repatriation) -> bool:
    """A person told of by "she" or "the woman", with no date of her own, in a text that counts a
    group returned: most likely one of that group ("was believed to be among those deported this
    week. … She was sent back …"), a story about the event and not another return. One the
    sentence itself introduces is a return of its own."""
    return (
        r.extractor == NAMED_PERSON
        and r.date_start is None
        and r.count_span is not None
        and _ANAPHOR.fullmatch(ctx.text, *r.count_span) is not None
        and _INTRODUCED.search(ctx.text, r.start, r.count_span[0]) is None
    )


_COUNT_BEFORE = re.compile(
    rf"(?:^|\bwith\s+|[,;:]\s*)(?P<count>[\w\s,]*?{_NUMBER})"
    rf"(?:\s+(?:North\s+Korean\s+)?(?:{lx.alternation(lx.words('people.people'))}))?\s+$",
    re.I,
)
# "30 North Koreans previously caught escaping the country and repatriated from China": the count
# of people whose arrest the return participle follows. "eight defectors were detained in China
# before being deported": the same, told in the past.
_COUNT_CAUGHT_AND = re.compile(
    rf"(?:^|\bwith\s+|[,;:]\s*)(?P<count>(?:[\w-]+\s+){{0,3}}?{_NUMBER})\s+(?:North\s+Korean\s+)?"
    rf"(?:{lx.alternation(lx.words('people.people'))})\s+(?:{ADVERB}\s+)?"
    rf"(?:(?P<past>were\s+|had\s+been\s+)(?:{ADVERB}\s+)?)?"
    rf"(?:{lx.alternation(lx.words('cues.arrests'))})\b[^,.;]{{0,60}}?"
    rf"\b(?:and|(?(past)before\s+being|(?!)))\s+(?:{ADVERB}\s+)?$",
    re.I,
)
_REPORTED_BEING = re.compile(
    rf"\b(?:reports?|news|word|accounts?|footage)\s+(?:\w+\s+){{0,2}}?of\s+(?P<count>(?:[\w-]+\s+){{0,3}}?{_NUMBER})"
    rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{lx.alternation(lx.words('people.people'))})\s+being\s+(?:\w+ly\s+)*$",
    re.I,
)
_NO_REPORT = re.compile(r"\b(?:no|not|never|unconfirmed|false|denied|dismissed|rejected)\b", re.I)
_REPORTED_AS_HAVING = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:a|the|and|another|further)\s+)(?P<count>(?:[\w-]+\s+){{0,3}}?{_NUMBER})\b[^,.;]{{0,60}}?"
    r"\b(?:reported|confirmed|identified|listed)\b[^,.;]{0,40}?\bas\s+having\s+been\s+(?:\w+ly\s+)*$",
    re.I,
)
# A participle before the people it describes ("108 repatriated North Korean workers").
_ATTRIBUTIVE = re.compile(
    rf"\s+(?:North\s+Korean\s+|[A-Z][\w-]+\s+)?(?:{lx.alternation(lx.words('people.people'))})\b", re.I
)
_TO = re.compile(r"\s+to\s+")
_STATE_DID = re.compile(
    rf"\b(?:{lx.alternation(lx.state_names('origin'))})['’]s\s+(?:(?:recent|latest|forced|forcible|mass|reported)\s+)*$"
)
_OF_MANY = re.compile(r"\s+of\s+(?:hundreds|dozens|scores)\s+of\b", re.I)
_CASES_BEFORE = re.compile(
    rf"(?P<count>(?:[\w-]+\s+){{0,3}}?{_NUMBER})\s+(?:(?:new|more|documented|known|confirmed|verified)\s+)?"
    r"(?:cases|instances)\s+of\s+(?:(?:forced|forcible|involuntary)\s+)?$"
    # "more than 600 such deportations": a count of the events themselves (the noun plural).
    rf"|(?P<count2>(?:[\w-]+\s+){{0,3}}?{_NUMBER})\s+(?:(?:such|forced|forcible|involuntary)\s+)?$",
    re.I,
)
_HEADLINE_NUMBER = re.compile(rf"\s*(?P<count>{_NUMBER})\s*$", re.I)


_TITLE_PEOPLE = re.compile(
    rf"\s+(?P<count>(?:(?:about|around|some|over|more\s+than|at\s+least|up\s+to|nearly|almost)\s+)?{_NUMBER})"
    rf"\s+(?:[A-Z][\w-]*\s+){{0,2}}(?:{lx.alternation(lx.words('people.people'))})\b",
    re.I,
)
_STATE_RETURNING = re.compile(r"\b(?:China|Beijing)\s+(?:is\s+)?$")
_STATE_NOUN = re.compile(r"\b(?:China|Beijing)['’]s\s+(?:(?:forced|forcible|mass|latest|recent)\s+)*$", re.I)
TITLE_REACH = 600  # how far into the text a line may stand and still be its title


def _title_lines(ctx: Context, bounds: list[tuple[int, int]]) -> list[int]:
    """The sentences in the head of the text that are lines of their own: short, no full stop,
    a blank line (or the start) before and after."""
    text = ctx.text
    out = []
    for i, (s0, s1) in enumerate(bounds):
        if s0 > TITLE_REACH:
            break
        line = text[s0:s1].strip()
        if (
            len(line) <= 120
            and not line.endswith((".", "!", "?", ":"))
            and (s0 == 0 or not text[:s0].strip() or text[:s0].rstrip(" \t").endswith("\n\n"))
            and text[s1 : s1 + 3].lstrip(" \t").startswith("\n")
        ):
            out.append(i)
    return out


def _title_return(ctx: Context, s0: int, s1: int) -> Repatriation | None:
    """China returning N people, told as a title."""
    text = ctx.text
    for t in ctx.doc.spans.get("triggers", []):
        if t.start_char >= s1:
            break  # the triggers stand in text order
        if not (s0 <= t.start_char and t.end_char <= s1):
            continue
        word = text[t.start_char : t.end_char]
        if t.label_ == "noun":
            shaped = _STATE_NOUN.search(text, s0, t.start_char) and text.startswith(" of", t.end_char)
            at = t.end_char + 3
        else:
            shaped = word.lower().endswith("ing") and _STATE_RETURNING.search(text, s0, t.start_char)
            at = t.end_char
        m = _TITLE_PEOPLE.match(text, at, s1) if shaped else None
        # "Stop China's Forced Repatriation of 200", "China Plans Repatriation of …": a cue up to the
        # count; one after it is of their fate ("… where they face torture").
        if m and not cued(ctx, s0, m.end()) and not cued(ctx, m.end(), s1, kinds=_UNDOING):
            count = _first_count(m.group("count"), m.start("count"))
            if count is not None and count.value and not 1900 <= count.value <= 2100:
                return _record(ctx, HEADLINE_STATE_RETURN, s0, s1, count, None)
    return None


def _headline_count(ctx: Context, s0: int, s1: int) -> Repatriation | None:
    """A headline (a first line with no full stop) whose return trigger is followed by a bare number."""
    text = ctx.text
    if s1 - s0 > 120 or text[s0:s1].rstrip().endswith((".", "!", "?")) or "\n" not in text[s1 : s1 + 3]:
        return None
    for t in ctx.doc.spans.get("triggers", []):
        if s0 <= t.start_char and t.end_char <= s1 and t.label_ != "noun":
            m = _HEADLINE_NUMBER.match(text, t.end_char, s1)
            if m and not cued(ctx, s0, t.start_char):
                count = _first_count(m.group("count"), m.start("count"))
                if count is not None and count.value and not 1900 <= count.value <= 2100:
                    return _record(ctx, HEADLINE_COUNT, s0, s1, count, None)
    return None


def _running_total(ctx: Context, s0: int, s1: int) -> Repatriation | None:
    low = ctx.text[s0:s1].lower()
    if not any(f"the {w}" in low for w in ("total", "tally", "number", "count")):
        return None
    m = _RUNNING_TOTAL.search(ctx.text, s0, s1)
    if m is None:
        return None
    count = _first_count(m.group("count"), m.start("count"))
    if count is None or not count.value:
        return None
    d = None
    if m.group("since") and (found := find_dates(m.group("since"), ctx.doc_date)):
        d = found[0]
        d.start, d.end = d.start + m.start("since"), d.end + m.start("since")
        d, _ = since_period(ctx.text, s0, d, ctx.doc_date)
    return _record(ctx, RUNNING_TOTAL, s0, s1, count, d, aggregate=True)


_AT_WHICH_POINT = re.compile(
    r"\s*,?\s*(?:at\s+which\s+(?:point|time)|at\s+that\s+point|whereupon|after\s+which)\b[^.;]{0,40}$", re.I
)
TAIL = 150  # characters before a trigger that the patterns ending at it look at


def _tail(pattern: re.Pattern[str], before: str) -> re.Match[str] | None:
    """A pattern that ends where the trigger starts ("…$"), tried on the last TAIL characters
    only: searched over a whole clause it would be tried at every character of it. "^" still
    means the start of the clause (it does not match at the position the search starts from)."""
    return pattern.search(before, max(0, len(before) - TAIL))


def _clause(text: str, s0: int, s1: int, t0: int) -> tuple[int, int]:
    """The clause around a trigger: from the last ";" before it to the next ";" after it."""
    c0 = max(text.rfind(";", s0, t0) + 1, s0)
    c1 = text.find(";", t0, s1)
    return c0, (c1 if c1 >= 0 else s1)


_SCOPE_BREAK = re.compile(r"\bthat\s|[”\"]\s*,?\s|\.\.\.\s")


_OPENING_PARTICIPLE = re.compile(r"\s*[\"“]?(?-i:[A-Z][a-z]+ing)\b[^,;:.]{0,150},")


def _cue_scope(text: str, c0: int, t0: int) -> int:
    """Where the cues that bear on a trigger start: its clause, cut at the last "that" or closing
    quote before it ("… before trying to cross,” he said, adding that the man was sent back")."""
    lo = max(c0, t0 - 120)
    # "Living in China under constant threat of deportation, she was arrested and returned": a
    # cue inside an opening participle phrase bears on that phrase only.
    opening = _OPENING_PARTICIPLE.match(text, c0, t0)
    if opening:
        lo = max(lo, opening.end())
    last = None
    for m in _SCOPE_BREAK.finditer(text, lo, t0):
        last = m
    return last.end() if last else lo


_ASIDE = re.compile(
    r"(?:--|—|–)[^-—–\n]{1,40}(?:--|—|–)"
    # "The woman, who was not identified, escaped …": a relative clause between commas is the
    # person's, not the return's.
    r"|,\s+(?:who|which)\s+[^,;]{1,80},"
)


_UNDOING = frozenset({"negation", "modality"})  # what undoes a verb already past ("had not resumed")


def _held_back(ctx: Context, c0: int, t0: int, hi: int) -> bool:
    """Whether a not-done cue in the trigger's clause, before `hi` and outside an aside
    ("-- if not all --"), holds the trigger back."""
    lo = _cue_scope(ctx.text, c0, t0)
    return cued(ctx, lo, hi, [m.span() for m in _ASIDE.finditer(ctx.text, lo, hi)])


def _read(ctx: Context, s0: int, s1: int, t0: int, t1: int) -> Repatriation | None:
    text = ctx.text
    c0, c1 = _clause(text, s0, s1, t0)
    before, after = text[c0:t0], text[t1:c1]
    is_noun = text[t0:t1].lower() in _EVENT_NOUNS
    done_noun = _tail(_DONE_BEFORE_NOUN, before) if is_noun else None
    if is_noun and (cases := _tail(_CASES_BEFORE, before)) is not None:
        group = "count" if cases.group("count") else "count2"
        if group == "count2" and not text[t0:t1].lower().endswith("s"):
            return None  # "600 deportation" is no count of deportations
        count = _first_count(cases.group(group), c0 + cases.start(group))
        if count is None or not count.value or 1900 <= count.value <= 2100 or _held_back(ctx, c0, t0, t0):
            return None
        d = _date_for(ctx, s0, s1, t1)
        d, since = since_period(text, s0, d, ctx.doc_date) if d is not None else (None, False)
        return _record(ctx, CASES_OF_RETURN, s0, s1, count, d, aggregate=since)
    if is_noun and _tail(_STATE_DID, before) and _OF_MANY.match(after):
        # "China's recent repatriation of hundreds of North Koreans": a return the state made,
        # counted by no number.
        if _held_back(ctx, c0, t0, t0):
            return None
        # Its date follows it ("… of hundreds of North Koreans last month"); one before it is of
        # the clause that speaks of it ("made the call earlier this week, voicing concern over …").
        d = _date_for(ctx, s0, s1, t1)
        uncounted = Count(t0, t1, t0, None, None, None)
        return _record(
            ctx, UNCOUNTED_EVENT, s0, s1, uncounted, d if d is not None and d.start >= t1 else None
        )
    if is_noun and done_noun is None and (m := _INVOLVING.match(text, t1, c1)):
        return _involving(ctx, s0, s1, c0, t0, t1, m)
    if is_noun and done_noun is None:
        return _running_total(ctx, s0, s1)  # the other rules read verbs
    if POLICY_OF.search(before):
        return None  # "China's policy of repatriating refugees": a policy, not an event
    # Not a return by China to the North: people sent elsewhere, or the North recalling its own.
    after = PLEA_FROM.sub(" ", after)
    if _ELSEWHERE.match(after) or _NORTH_ACTS.search(before[-40:]) or RESCUED.search(before):
        return None
    if others_deported(text[t0:t1], text, s0, s1, after):
        return None
    foreign: dict[int, bool] = ctx.__dict__.setdefault("_foreign_sentences", {})
    if s0 not in foreign:
        foreign[s0] = _OTHER_ORIGIN.search(text, s0, s1) is not None
    if foreign[s0]:
        # Who tells of it ("South Korea's Yonhap reported") is not who returned people.
        _, source_span = _attribution(ctx, s0, s1)
        told = text[s0 : source_span[0]] + text[source_span[1] : s1] if source_span else text[s0:s1]
        told = not_the_returner(told)
        if _OTHER_ORIGIN.search(told) and not _CHINA.search(told):
            return None
    if _BY_OTHER_STATE.match(after):
        return None  # "repatriated … by the Laotian government": not China's return

    if total := _running_total(ctx, s0, s1):
        return total
    if (m := done_noun) is not None:
        # The verb is past already; only a negation or a modal right before it undoes it
        # ("had not resumed"), not a "before" that dates it ("before China resumed …").
        if cued(ctx, max(c0, c0 + m.start() - 25), c0 + m.start(), kinds=_UNDOING):
            return None
        uncounted = Count(t0, t1, t0, None, None, None)
        return _record(ctx, UNCOUNTED_EVENT, s0, s1, uncounted, _date_for(ctx, s0, s1, t1))
    decision = _tail(_DECISION_BEFORE, before)
    if is_noun and not decision:
        return None  # the other rules read verbs
    # What holds the trigger back: a cue in its clause before it (a decision excepted).
    if _denies_a_report(text[s0:t0]) and _DENIED_REPORT.search(text, s0, t0):
        return None  # "the official denied a report that … were repatriated"
    cue_end = c0 + decision.start() if decision else t0
    if _held_back(ctx, c0, t0, cue_end):
        return None

    if not decision and not is_noun and (group := _group_counted_next(ctx, s0, s1, c0, c1, t0, t1)):
        return group
    if decision:
        people = [c for c in _counts(ctx, s0, s1) if c.start > t0 and c.end <= c1 and not c.count.vague]
        # "has decided to return N … held in X": a decision not yet carried out.
        # So is one whose people are told as caught or held ("the decision to repatriate 31
        # defectors caught on its soil this month").
        if (
            people
            and not people[0].held
            and not _CAUGHT_AFTER.match(text, people[0].end)
            and not _PERFECT.search(before, 0, decision.start())
        ):
            # The date of the decision's clause: after its count, else before it with no comma
            # between; one set off by a comma is of what the sentence tells first
            # ("protesters gathered on Nov. 8, 2023, against the decision to …").
            at = c0 + decision.start()
            dates = _usable(ctx, s0, ctx.dates_in(s0, s1))
            after_dates = [x for x in dates if x.start >= people[0].start]
            # A date fronting the sentence ("Then, on October 9, 2023, … decided") is the
            # decision's, commas or not.
            before_dates = [
                x
                for x in dates
                if x.end <= at and ("," not in text[x.end : at] or _FRONTED.search(text[s0 : x.start]))
            ]
            d = (after_dates or before_dates[-1:] or [None])[0]
            return _record(ctx, DECISION, s0, s1, people[0].count, d)
        return None

    if text[t0:t1].split()[0].lower().endswith("ing") and (began := _tail(_BEGAN_BEFORE, before)):
        if _held_back(ctx, c0, t0, c0 + began.start()):
            return None
        # The object counted right after the verb ("began repatriating 45 defectors"), if any.
        people = [
            c for c in _counts(ctx, s0, s1) if t1 <= c.start <= t1 + 30 and c.end <= c1 and not c.count.vague
        ]
        d = _date_for(ctx, s0, s1, t1)
        if d is not None and d.end <= t0 and _AFTER_EVENT.match(text, s0, d.start):
            d = None  # "Following the reopening of the border in August 2023, …": that event's date
        if not people and d is None and not _THEM.match(text, t0, c1):
            # A return with neither number nor date tells of the practice, unless its object is
            # people told of just before ("detained about 60 … and begun repatriating them").
            return None
        count = people[0].count if people else Count(t0, t1, t0, None, None, None)
        return _record(ctx, BEGAN_RETURNING, s0, s1, count, d)
    if not _PARTICIPLE.search(text[t0:t1]):
        return None
    gerund = "being" in before[-40:] or "been" in before[-40:]  # the cheap test before the patterns
    if gerund and (m := _tail(_REPORTED_BEING, before) or _tail(_REPORTED_AS_HAVING, before)) is not None:
        if (
            cued(ctx, t1, s1, kinds=_UNDOING)
            or _denies_a_report(text[s0:s1])
            or _NO_REPORT.search(text, s0, t0)
            or _STATE_SENT & set(m.group(0).lower().split())
        ):
            return None  # "reports of … being repatriated could not be confirmed"
        count = _first_count(m.group("count"), c0 + m.start("count"))
        if count is not None and count.value and not 1900 <= count.value <= 2100:
            return _record(ctx, REPORTED_AS_RETURNED, s0, s1, count, _date_for(ctx, s0, s1, t1))
        return None
    passive = _tail(_PASSIVE_BEFORE, before)
    head = before[: passive.start()] if passive else ""
    if (
        passive
        and ((m := _tail(_UNCOUNTED_SUBJECT, head)) or (m := _tail(_SOME_OF_THEM, head)))
        and not _COUNT_IN.search(m.group(0))
    ):
        # "Some defectors were also sent back on Sept. 18", "the majority of them are believed to
        # have been returned": a return with no number; an event of its own when its day is told.
        days = [x for x in _usable(ctx, t1, ctx.dates_in(t1, c1)) if x.precision == "day"]
        d = days[0] if days else _date_for(ctx, s0, s1, t1)
        uncounted = Count(c0 + m.start(), c0 + m.end(), c0 + m.start(), None, None, None)
        return _record(ctx, UNCOUNTED_EVENT, s0, s1, uncounted, d)
    if not passive and _tail(_UNCOUNTED_NOUN, before) and re.match(r"\s+(?:from|to|by)\b", after):
        # "the North Korean refugees repatriated from China in September-October 2023"
        d = _date_for(ctx, s0, s1, t1)
        if d is not None:
            uncounted = Count(t0, t1, t0, None, None, None)
            return _record(ctx, UNCOUNTED_EVENT, s0, s1, uncounted, d)
    if (
        not passive
        and (china := _tail(_CHINA_SUBJECT, before))
        and not re.search(r"\b(?:has|have)\s", china.group(0))
        and _BARE_PEOPLE_OBJECT.match(after)
        and (d := _date_for(ctx, s0, s1, t1)) is not None
        and d.start >= t1
        and not _SINCE_CLAUSE.search(text, s0, d.start)
        and not d.quote.lower().startswith("since")
    ):
        # "… comes after Beijing forcibly repatriated North Korean defectors early last month":
        # China's return of people it does not count, dated after the verb; not the practice
        # ("China has returned North Korean defectors since 1998").
        return _record(ctx, UNCOUNTED_EVENT, s0, s1, Count(t0, t1, t0, None, None, None), d)
    # "as many as 600 defectors who were deported …": the count the relative clause is of.
    if passive and (m := _tail(_WHO_BEFORE, head)):
        people = [c for c in _counts(ctx, s0, s1) if c.end == c0 + m.start() and not c.count.vague]
        if people:
            return _record(ctx, RELATIVE_CLAUSE, s0, s1, people[0].count, _date_for(ctx, s0, s1, t1))
    # "about 80 people from Hoeryong are among those repatriated": a count the group returned holds.
    if (m := _tail(_AMONG_THOSE, before)) is not None:
        count = _first_count(m.group("count"), c0 + m.start("count"))
        if count is not None and count.value and not 1900 <= count.value <= 2100:
            return _record(ctx, PASSIVE_OVER_PERIOD, s0, s1, count, _date_for(ctx, s0, s1, t1))
    if _tail(_AMONG_THOSE_BEFORE, before) and (m := _NAMED_AMONG.match(after)) is not None:
        count = Count(t1 + m.start("who"), t1 + m.end("who"), t1 + m.start("who"), 1, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    # "… the two Japan-born refugees he tried to save. They were eventually repatriated": the people
    # the sentence before counts, when it counts only them.
    if passive and _THEY_HEAD.fullmatch(head) and (told := _counted_before(ctx, s0)) is not None:
        return _record(ctx, COUNT_PARTICIPLE, s0, s1, told, _date_for(ctx, s0, s1, t1))
    # "Among the 150 workers …, only three were deported": a part of a group told before.
    if passive and not _PART_OF.search(head) and (m := _tail(_BARE_SUBJECT, head)):
        count = _first_count(m.group("count"), c0 + m.start("count"))
        if count is not None and count.value and not 1900 <= count.value <= 2100:
            d = _period_after(ctx, t1, c1) or _date_for(ctx, s0, s1, t1)
            return _record(ctx, PASSIVE_OVER_PERIOD, s0, s1, count, d)
    if (
        " was " in before or " been " in before or " only to be " in before or " before being " in before
    ) and (m := _person_subject(before)):
        if _is_actor(ctx, c0 + m.start("who")):
            return None
        others = _WITH_OTHERS.search(text, c0 + m.start("who"), t0)
        n = 1 + (_number(others.group("n")) if others else 0)
        count = Count(c0 + m.start("who"), c0 + m.end("who"), c0 + m.start("who"), n, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    if " were " in before and (m := _tail(_TWO_PERSONS, before)):
        count = Count(c0 + m.start("who"), c0 + m.end("who"), c0 + m.start("who"), 2, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    if passive:
        return None
    if (
        (m := _NAMED_OBJECT.match(after))
        and _tail(_CHINA_SUBJECT, before)
        and not _is_actor(ctx, t1 + m.start("who"))
        and not _NOT_A_NAME.match(m.group("who"))
    ):
        # "China repatriated Kim Cheol-ok": one named person, the object of China's past return.
        count = Count(t1 + m.start("who"), t1 + m.end("who"), t1 + m.start("who"), 1, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    if (
        (m := _PERSON_OBJECT.match(after))
        and (to := _TO.match(after, m.end()))
        and _TO_NORTH.match(after, to.end())
    ):
        # "police arrested her and returned her to North Korea": one person, the object of a past return.
        count = Count(t1 + m.start("who"), t1 + m.end("who"), t1 + m.start("who"), 1, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    if (
        (m := _PERSON_SENT_BACK.match(text, t0, t1))
        and (to := _TO.match(after))
        and _TO_NORTH.match(after, to.end())
    ):
        count = Count(m.start("who"), m.end("who"), m.start("who"), 1, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    if (m := _tail(_RELATIVE_RETURNED, before)) and re.match(r"\s+(?:by|to|from)\b", after):
        count = Count(c0 + m.start("who"), c0 + m.end("who"), c0 + m.start("who"), 1, None, "exact")
        return _record(ctx, NAMED_PERSON, s0, s1, count, _date_for(ctx, s0, s1, t1))
    # "Chinese police arrested 12 North Korean women and sent them back": the people the clause
    # before counts as caught are the return's object.
    if (
        (_THEM_INSIDE.search(text, t0, t1) or _THEM_AFTER.match(text, t1, c1))
        and (caught := _CAUGHT_THEN.search(text, s0, t0)) is not None
        and (count := _first_count(caught.group("count"), caught.start("count"))) is not None
        and count.value
        and not 1900 <= count.value <= 2100
    ):
        return _record(ctx, COUNT_PARTICIPLE, s0, s1, count, _date_for(ctx, s0, s1, t1))
    # "… with as many as 150 handed over": a count and its participle, no verb between.
    tail = _tail(_COUNT_BEFORE, before) or _tail(_COUNT_CAUGHT_AND, before)
    if tail and _ATTRIBUTIVE.match(after):
        return None  # "108 repatriated workers were sent to camps": who they are, not an event
    if (
        tail
        and text[t0:t1].lower().startswith("return")
        and not tail.group(0).lower().startswith("with")
        and not ((to := _TO.match(after)) and _TO_NORTH.match(after, to.end()))
    ):
        # "200 North Korean workers returned home": people who went back, not a count of returns
        # ("the nine returned to North Korea last Tuesday" is one).
        return None
    if tail:
        count = _first_count(tail.group("count"), c0 + tail.start("count"))
        # "executed three women repatriated from China": those punished, a part of those returned.
        punished = count is not None and _PUNISHED_BEFORE.search(text, max(s0, count.start - 40), count.start)
        if count is not None and count.value and not punished and not 1900 <= count.value <= 2100:
            d = _date_for(ctx, s0, s1, t1) or _time_subject(ctx, s0, s1)
            return _record(ctx, COUNT_PARTICIPLE, s0, s1, count, d)
    return None


_INVOLVING = re.compile(
    rf"[^.;]{{0,80}}?\b(?:(?:which|that)\s+)?(?:involving|involved)\s+(?P<count>(?:(?:about|around|some|over|more\s+than"
    rf"|at\s+least|up\s+to|nearly|almost|as\s+many\s+as)\s+)?{_NUMBER}(?:\s*(?:to|-|–)\s*{_NUMBER})?)"
    rf"\s+(?:(?:North\s+Korean|[A-Z][\w-]*)\s+)*(?P<who>{lx.alternation(lx.words('people.people'))}|of)\b",
    re.I,
)
# What a return noun may head that is not the return itself ("the repatriation issue involving …").
_NOT_THE_EVENT = re.compile(
    r"^\s*(?:issue|plan|plans|question|policy|talks|deal|agreement|programme|program|process|law|case)s?\b",
    re.I,
)
_STATE_SENT = frozenset(lx.words("people.sent_by_the_state"))


def _involving(
    ctx: Context, s0: int, s1: int, c0: int, t0: int, t1: int, m: re.Match[str]
) -> Repatriation | None:
    """The count of "a repatriation … involving N people", when nothing holds the noun back."""
    if m.group("who").lower() in _STATE_SENT:
        return None  # workers or diplomats called home
    if _held_back(ctx, c0, t0, t0) or cued(ctx, t1, m.end()):
        return None  # "fear a mass repatriation …", "a repatriation plan involving …"
    if cued(ctx, m.end(), s1, kinds=_UNDOING) or _NOT_THE_EVENT.search(ctx.text, t1, m.start("count")):
        return None  # "… involving 600 would be a grave violation", "the repatriation issue involving …"
    count = _first_count(m.group("count"), m.start("count"))
    if count is None or not count.value or 1900 <= count.value <= 2100:
        return None
    dates = _usable(ctx, s0, ctx.dates_in(t1, m.start("count")))
    d = dates[0] if dates else _date_for(ctx, s0, s1, t1)
    if d is not None and d.end <= t0:
        d = None  # a date before the noun is of the clause that speaks of it
    if d is None and not re.search(r"\b(?:which|that)\s+involved\b", m.group(0), re.I):
        return None  # neither dated nor told in the past: a return talked of, not one that happened
    return _record(ctx, EVENT_INVOLVING, s0, s1, count, d)


_PEOPLE = lx.alternation(lx.words("people.people"))
_A_GROUP = re.compile(
    rf"\ba\s+(?:small\s+|large\s+|new\s+|second\s+|further\s+)?group\s+of\s+(?:[\w-]+\s+){{0,3}}?(?:{_PEOPLE})\b",
    re.I,
)
_GROUP_COUNT = re.compile(
    rf"\b(?:the|those|these)\s+(?:group\s+of\s+)?(?P<n>{_NUMBER})(?=\s*(?:,|\bwere\b|\bwas\b|\bhad\b"
    rf"|\bhave\b|\bare\b|\binclud|(?:[\w-]+\s+){{0,2}}(?:{_PEOPLE})\b))",
    re.I,
)


def _group_counted_next(
    ctx: Context, s0: int, s1: int, c0: int, c1: int, t0: int, t1: int
) -> Repatriation | None:
    """A past return of "a group of PEOPLE" whose number the next sentences of the paragraph give."""
    text = ctx.text
    if not _PARTICIPLE.search(text[t0:t1]):
        return None  # not a past return
    group = _A_GROUP.search(text, t0, min(c1, t1 + 80))
    if (
        group is None
        or any(c.start < c1 and c.end > c0 for c in _counts(ctx, c0, c1))  # counted in its own clause
        or _STATE_SENT & set(group.group(0).lower().split())
        or (group.start() > t1 and text[t1 : group.start()].strip(" ,").lower() not in ("", "back"))
    ):
        return None
    bounds = ctx.sentence_bounds()
    i = _index_of(bounds, s0)
    # News gives each sentence a paragraph: the next two sentences, paragraphs or not.
    for b0, b1 in bounds[i + 1 : i + 3]:
        m = _GROUP_COUNT.search(text, b0, b1)
        if m is None:
            continue
        count = _first_count(m.group("n"), m.start("n"))
        if count is None or not count.value or count.value < 2 or 1900 <= count.value <= 2100:
            return None
        return _record(ctx, GROUP_COUNTED_NEXT, s0, s1, count, _date_for(ctx, s0, s1, t1))
    return None


def _index_of(bounds: list[tuple[int, int]], s0: int) -> int:
    """The index of the sentence starting at `s0` among `bounds` (sorted by start)."""
    return bisect.bisect_right([b[0] for b in bounds], s0) - 1


_THEY_HEAD = re.compile(rf"\s*They\s+(?:(?:{ADVERB}|all)\s+)*")


def _counted_before(ctx: Context, s0: int) -> Count | None:
    """The one count of people in the sentence before the one at `s0`, if it holds only one."""
    bounds = ctx.sentence_bounds()
    k = _index_of(bounds, s0)
    if k <= 0:
        return None
    counts = [c for c in _counts(ctx, *bounds[k - 1]) if c.who and not c.count.vague]
    if len(counts) != 1 or not counts[0].count.value or 1900 <= counts[0].count.value <= 2100:
        return None
    return counts[0].count


def _person_subject(before: str) -> regex.Match[str] | None:
    """The subject nearest the verb that is one person: the last of the overlapping candidates
    ("X told RFA that his wife was …" is of the wife)."""
    if appositive := _APPOSITIVE_PERSON.search(before):
        return appositive  # "the family of Kim Cheol-ok, a defector who was forcibly repatriated"
    found = None
    for m in _PERSON_SUBJECT.finditer(before, overlapped=True):
        if _PERSON_VERB.match(m.group("rest").lstrip()):
            found = m
    return found


def _first_count(words: str, at: int) -> Count | None:
    """The first count of a few words, with offsets in the text."""
    for m in find_counts(words):
        c = parse_count(m)
        c.start, c.end, c.number_start = at + c.start, at + c.end, at + c.number_start
        return c
    return None


def _number(word: str) -> int:
    return NUMBER_WORDS.get(word.lower()) or int(word.replace(",", "")) if word else 0


def _is_actor(ctx: Context, at: int) -> bool:
    """Whether a capitalised subject is an organisation or state of the gazetteer, not a person."""
    return any(sp.start_char <= at < sp.end_char for sp in ctx.doc.spans.get("actors", []))


def _usable(ctx: Context, s0: int, dates: list[DateMention]) -> list[DateMention]:
    return [
        d
        for d in dates
        if d.date_start
        and not _is_report_date(ctx.text, s0, d)
        and not _is_arrest_date(ctx.text, s0, d)
        and (ctx.doc_date is None or date.fromisoformat(d.date_start) <= ctx.doc_date)
    ]


def _date_for(ctx: Context, s0: int, s1: int, at: int) -> DateMention | None:
    """The first usable date after `at` in the sentence, else the last one before it; "…
    detained from 5 April to 9 October 2023, at which point she was deported": the end of the
    period the return closes."""
    every = ctx.dates_in(s0, s1)
    closing = [d for d in every if d.end <= at and _AT_WHICH_POINT.match(ctx.text, d.end, at)]
    if closing and closing[-1].date_end:
        d = closing[-1]
        return DateMention(
            start=d.start, end=d.end, quote=d.quote, date_start=d.date_end, date_end=d.date_end,
            precision="day" if d.precision in ("day", "range") else d.precision, relative=d.relative,
            extractor="events.closing",
        )  # fmt: skip
    dates = _usable(ctx, s0, every)
    after = [d for d in dates if d.start >= at]
    if after:
        return after[0]
    # "On March 23 he objected to news that China had repatriated a refugee": the return is told
    # inside what was reported; the day outside it is the reporting's.
    # "admitted to the United States in March at the end of a saga in which she was repatriated":
    # a day before a clause of its own ("in which …") is of what the clause hangs on.
    before = [
        d
        for d in dates
        if d.end <= at
        and not TOLD_THAT.search(ctx.text, d.end, at)
        and not _WHICH_CLAUSE.search(ctx.text, d.end, at)
    ]
    return before[-1] if before else None


_WHICH_CLAUSE = re.compile(r"\b(?:in|during|after|from)\s+which\b", re.I)


def _period_after(ctx: Context, t1: int, c1: int) -> DateMention | None:
    """ "over May and June 2022": two dates joined by "and"/"to" after the trigger, as one range."""
    dates = _usable(ctx, t1, ctx.dates_in(t1, c1))
    for a in dates:
        # "over August and September": the second month the dates module leaves bare.
        m = _SECOND_MONTH.match(ctx.text, a.end, c1)
        if m and ctx.doc_date is not None and a.precision == "month" and a.date_start:
            year = m.group("year") or a.date_start[:4]
            found = find_dates(f"in {m.group('month')} {year}", ctx.doc_date)
            if found and found[0].date_end and found[0].date_end > a.date_start:
                return DateMention(
                    start=a.start, end=m.end(), quote=ctx.text[a.start : m.end()], date_start=a.date_start,
                    date_end=found[0].date_end, precision="range", relative=a.relative, extractor="events.period",
                )  # fmt: skip
    for a, b in itertools.pairwise(dates):
        if _PERIOD_JOIN.match(ctx.text[a.end : b.start]) and a.date_start and b.date_end:
            start, end = a.date_start, b.date_end
            if a.date_start[:4] != b.date_start[:4] and not re.search(r"\d{4}", a.quote) and b.date_start:
                start = b.date_start[:4] + a.date_start[4:]  # "May and June 2022": the year told once
            return DateMention(
                start=a.start, end=b.end, quote=ctx.text[a.start : b.end], date_start=start, date_end=end,
                precision="range", relative=a.relative or b.relative, extractor="events.period",
            )  # fmt: skip
    return None


def _time_subject(ctx: Context, s0: int, s1: int) -> DateMention | None:
    m = _TIME_SUBJECT.match(ctx.text, s0, s1)
    if m is None or ctx.doc_date is None:
        return None
    found = find_dates("in " + m.group("when"), ctx.doc_date)
    if not found:
        return None
    d = found[0]
    d.start, d.end, d.quote = m.start("when"), m.end("when"), m.group("when")
    return d


def _record(
    ctx: Context,
    rule_id: str,
    s0: int,
    s1: int,
    count: Count,
    d: DateMention | None,
    *,
    aggregate: bool = False,
) -> Repatriation:
    source, _ = _attribution(ctx, s0, s1)
    return Repatriation(
        start=s0,
        end=s1,
        quote=ctx.text[s0:s1],
        confidence=confidence(rule_id),
        extractor=rule_id,
        date_start=d.date_start if d else None,
        date_end=d.date_end if d else None,
        date_precision=d.precision if d else None,
        relative=bool(d and d.relative),
        count=count.value,
        count_min=count.minimum,
        count_qualifier=count.qualifier,
        # "Since 2024, at least 406 …" in a text with no date: a total, though undated.
        aggregate=aggregate or (d is None and SINCE_YEAR.search(ctx.text, s0, s1) is not None),
        attributed_to=source,
        count_span=(count.start, count.end),
        date_span=(d.start, d.end) if d and d.end > d.start else None,
    )


def merged(
    records: list[Repatriation], extra: list[Repatriation], figures: list[Figure]
) -> tuple[list[Repatriation], list[Figure]]:
    """The chain's records with the frame rules' ones, in text order; a return without a number
    stands for its event only when nothing counted it, and a count read as a return is no
    longer a figure."""
    if not extra:
        return records, figures
    counted = [r for r in records + extra if r.count is not None]
    dated = {(r.date_start, r.date_end) for r in counted}
    uncounted = [r for r in records + extra if r.count is None]
    if counted:
        # An uncounted return is another event when its day is told and no count has that day.
        uncounted = [
            r for r in uncounted if r.date_precision == "day" and (r.date_start, r.date_end) not in dated
        ]
    together = sorted(counted + (uncounted if counted else best_told(uncounted)), key=lambda r: r.start)
    returned = {r.count for r in together if r.count is not None}
    spans = {r.count_span for r in extra}
    figures = [f for f in figures if f.quantity not in returned and f.count_span not in spans]
    return _dedupe(_date_retold(together)), figures


# A source named by what it is, not who ("the group said", "according to the report"): the
# one named before it in the paragraph.
_GENERIC_SOURCE = re.compile(
    r"^(?:the\s+|this\s+|that\s+)?(?:(?:rights|human\s+rights|non-profit|local)\s+)?(?:group|report|organi[sz]ation|ngo"
    r"|agency|ministry|commission|committee|survey|study|office|charity|monitor|database|investigation|watchdog"
    r"|non-profit|nonprofit)$",
    re.I,
)


_PRONOUN_SAID = re.compile(r"[\"“]?(?:It|They)\s+(?:also\s+)?(?:said|says|reported|estimated|found)\b")


def carry_context(ctx: Context, records: list[Repatriation]) -> list[Repatriation]:
    """What a record's own sentence does not say, from the sentences before it in its paragraph:
    who the figure is credited to ("According to the report, …" and then the counts), and the
    date of the return told just before (a count whose date stands in the sentence before)."""
    bounds = ctx.sentence_bounds()
    starts = [b[0] for b in bounds]
    # "criticised China's policy of repatriating them": a policy tells of no return to date from.
    triggered = [
        t.start_char
        for t in ctx.doc.spans.get("triggers", [])
        if not POLICY_OF.search(ctx.text, max(0, t.start_char - 40), t.start_char)
    ]
    for r in records:
        i = bisect.bisect_right(starts, r.start) - 1
        if i < 0:
            continue
        before = _paragraph_before(ctx.text, bounds, i)
        if r.attributed_to is None or _GENERIC_SOURCE.match(r.attributed_to):
            generic = r.attributed_to is not None or bool(_PRONOUN_SAID.match(ctx.text, bounds[i][0]))
            # A generic name ("the watchdog") points back past the paragraph if need be.
            looked = before if not generic else bounds[max(0, i - 4) : i][::-1]
            for b0, b1 in looked:
                source, _ = _attribution(ctx, b0, b1)
                if source and not _GENERIC_SOURCE.match(source):
                    r.attributed_to = source
                    break
                # "Human Rights Watch published a report. According to the report, …"
                named = [a for a in ctx.doc.spans.get("actors", []) if b0 <= a.start_char < b1]
                named = [a.id_ for a in named if a.label_ == "ORGANIZATION"]
                if generic and named:
                    r.attributed_to = named[0]
                    break
        if r.count is not None and r.date_start is None and not r.aggregate and r.count_span:
            if (d := _period_of_the_whole(ctx, r, bounds[max(0, i - 3) : i][::-1])) is not None:
                # "at least 13 of the North Koreans [held since July last year] were returned": a
                # part of a group counted over a period is a total over that period.
                _set_date(r, d)
                r.aggregate = True
                continue
        if (
            r.count is not None
            and r.date_start is None
            and not r.aggregate
            and not EARLIER_RETURN.search(r.quote)
        ):
            if (
                d := _same_event_dated(ctx, r, bounds, triggered) or _those_returned_on(ctx, records)
            ) is not None:
                _set_date(r, d)
                continue
            if _RECENT.search(r.quote):
                continue  # "recently repatriated about 60": a new event, not the one told before it
            # "Radio Free Asia, meanwhile, quoted …": the sentence before, even across a paragraph
            # break (news sets one sentence a paragraph).
            meanwhile = _MEANWHILE.search(r.quote) is not None
            for b0, b1 in before[:2] or (bounds[i - 1 : i] if meanwhile and i else []):
                # The return told in the sentence before, or the one before that.
                if not any(b0 <= t < b1 for t in triggered):
                    continue
                if (
                    any(b0 <= o.start < b1 and o.count not in (None, r.count) for o in records)
                    and not meanwhile
                ):
                    # A return of another number: another event, its date not this one's; unless
                    # told as another source's figure of it ("RFA, meanwhile, quoted … 50 to 60").
                    break
                told = {(d.date_start, d.date_end): d for d in _carried(ctx, b0, b1)}
                if len(told) == 1:
                    _set_date(r, next(iter(told.values())))
                break
    return _part_of_the_one_event(records)


_RECENT = re.compile(r"\brecent(?:ly)?\b", re.I)
_MEANWHILE = re.compile(r"\bmeanwhile\b|\bfor\s+(?:its|their|his|her)\s+part\b", re.I)


def _part_of_the_one_event(records: list[Repatriation]) -> list[Repatriation]:
    """A text that dates one return only, and counts fewer people undated after it ("up to 200 were
    repatriated through Dandong" after "some 600 … on October 9"): the fewer are a part of that
    return, or another source's count of it, and take its date."""
    dated = {
        (r.date_start, r.date_end, r.date_precision): r for r in records if r.date_start and not r.aggregate
    }
    if len(dated) != 1:
        return records
    event = next(iter(dated.values()))
    for r in records:
        if (
            r.count is not None
            and r.date_start is None
            and not r.aggregate
            and r.start > event.start
            and event.count is not None
            and r.count < event.count
            and not _RECENT.search(r.quote)
            and not EARLIER_RETURN.search(r.quote)
            # "Another 10 were repatriated … at the end of November": another return, with a day
            # of its own that the text cannot date.
            and not ANOTHER_RETURN.search(r.quote)
        ):
            r.date_start, r.date_end = event.date_start, event.date_end
            r.date_precision, r.relative = event.date_precision, event.relative
    return records


def _carried(ctx: Context, b0: int, b1: int) -> list[DateMention]:
    """The dates of another sentence that may date a return: not the document's own day (a
    dateline, "date 2023-10-13"), which dates the telling."""
    day = ctx.doc_date.isoformat() if ctx.doc_date else None
    return [
        d
        for d in _usable(ctx, b0, ctx.dates_in(b0, b1))
        if not (d.precision == "day" and d.date_start == day)
    ]


_THOSE_RETURNED = re.compile(
    rf"\b(?:[Tt]hose|[Tt]he\s+(?:\w+\s+)?(?:{lx.alternation(lx.words('people.people'))}))\s+(?:who\s+(?:were|had\s+been)\s+)?"
    rf"(?:\w+ly\s+)?(?:{lx.alternation(lx.participles())})\b[^.;,]{{0,40}}?\s(?:on|in)\s+$"
)


def _those_returned_on(ctx: Context, records: list[Repatriation]) -> DateMention | None:
    """ "Those sent back on Oct. 9 …": the one counted return the document leaves undated is
    the one these words point back to, and takes their day."""
    undated = [r for r in records if r.count is not None and r.date_start is None and not r.aggregate]
    if len({r.count for r in undated}) != 1:
        return None
    days = {
        (d.date_start, d.date_end): d
        for d in ctx.dates
        if d.precision == "day" and _THOSE_RETURNED.search(ctx.text, max(0, d.start - 120), d.start)
    }
    return next(iter(days.values())) if len(days) == 1 else None


_OF_THE_WHOLE = re.compile(
    rf"(?:\d|\b(?:{_NUMBER}))\s+of\s+(?:the|those|these)\s+(?:North\s+Korean\s+)?(?:{lx.alternation(lx.words('people.people'))})\b",
    re.I,
)


def _period_of_the_whole(ctx: Context, r: Repatriation, before: list[tuple[int, int]]) -> DateMention | None:
    """The period of the group a partitive count is a part of: the "since …" range of the count
    of people told in the sentences just before."""
    assert r.count_span is not None
    if not _OF_THE_WHOLE.search(ctx.text, r.count_span[0], r.count_span[1] + 5):
        return None
    for b0, b1 in before[:3]:
        ranges = [
            d
            for d in ctx.dates_in(b0, b1)
            if d.precision == "range" and ctx.doc_date and d.date_end == ctx.doc_date.isoformat()
        ]
        if ranges and any(not c.count.vague for c in _counts(ctx, b0, b1)):
            return ranges[-1]
    return None


def _set_date(r: Repatriation, d: DateMention) -> None:
    r.date_start, r.date_end, r.date_precision = d.date_start, d.date_end, d.precision
    r.relative, r.date_span = d.relative, (d.start, d.end)


def _same_event_dated(
    ctx: Context, r: Repatriation, bounds: list[tuple[int, int]], triggered: list[int]
) -> DateMention | None:
    """The date of the same return told elsewhere in the document: a sentence with a return
    trigger, the same count of people ("the 29 North Koreans repatriated in August 2014") and
    one date. Two such tellings with different dates leave the count undated."""
    starts = [b[0] for b in bounds]
    found: dict[tuple[str | None, str | None], DateMention] = {}
    for i in sorted({bisect.bisect_right(starts, t) - 1 for t in triggered}):
        if i < 0:
            continue
        b0, b1 = bounds[i]
        if b0 <= r.start < b1:
            continue
        if not any(c.count.value == r.count for c in _counts(ctx, b0, b1)):
            continue
        dates = _carried(ctx, b0, b1)
        if len({(d.date_start, d.date_end) for d in dates}) == 1:
            found.setdefault((dates[0].date_start, dates[0].date_end), dates[0])
    return next(iter(found.values())) if len(found) == 1 else None


def _paragraph_before(text: str, bounds: list[tuple[int, int]], i: int) -> list[tuple[int, int]]:
    """The sentences before sentence i in its paragraph (up to three), nearest first. A
    paragraph ends at a blank line, or at a line break in text with no blank lines."""
    sep = "\n\n" if "\n\n" in text else "\n"
    p0 = text.rfind(sep, 0, bounds[i][0]) + 1
    return [bounds[j] for j in range(i - 1, max(-1, i - 4), -1) if bounds[j][0] >= p0]
