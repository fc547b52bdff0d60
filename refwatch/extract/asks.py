"""Asks: the actions a letter requests, one record per distinct action, from its verb.

"we write to respectfully request that you urge X to halt A, to recommit to B, and grant C"
holds three asks: "urge X to halt A", "recommit to B", "grant C". The request formula
("we write to respectfully request that you") is not part of an ask; coordinated verb
phrases are split where the next one starts with a verb of request; an ask repeated later
in the letter (the closing paragraph usually restates the opening one) is kept once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

import regex as re

from refwatch.extract import lexicon
from refwatch.extract.model import Ask, Evidence
from refwatch.extract.rules import Example, confidence, rule

EXTRACTOR = "asks"

REQUEST = rule(
    "asks.request",
    """A request the letter makes in its own words: "we (respectfully) urge/ask/request/call on you
    to …", "<organisation> requests you to …", "the undersigned call upon …", "Please …", or a list
    after "we urge you to:";
    coordinated verb phrases are one ask each, but for a second infinitive ("to travel and seek asylum")
    and a run of duties to keep the law ("uphold international law, adhere to …, and fulfil …"), or
    obligations spelled out ("meet your obligations …, to protect the refugees").""",
    field="asks",
    examples=[
        Example(
            "Dear Minister Halvorsen,\n\nRespectfully, we urge you to re-prioritize the protection of refugees "
            "and to meet their families.\n\nSincerely,\n\nJo Bell\n",
            {"text": "re-prioritize the protection of refugees"},
        ),
        Example(
            "Dear Prime Minister,\n\nRefugee Aid Network requests you to press the neighbouring government to "
            "halt the deportations.\n\nSincerely,\n\nJo Bell\n",
            {"text": "press the neighbouring government to halt the deportations"},
        ),
        Example(
            # A second infinitive after "and" is of the same ask.
            "Dear Minister Halvorsen,\n\nWe urge you to permit the families to travel and seek asylum in a country "
            "of their choice.\n\nSincerely,\n\nJo Bell\n",
            {"text": "permit the families to travel and seek asylum in a country of their choice"},
        ),
        Example(
            # Another letter's words, quoted ("who wrote:"), are its asks, not this letter's.
            "Dear Minister Halvorsen,\n\nLast year a letter to you was signed by twenty former officials who "
            "wrote: We urge your government to receive the families.\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
        Example(
            # Pressing "it", the country just named, is the same ask.
            "Dear Secretary-General Vale,\n\nPlease stand up to Elsewhere and call for it to end the deportations."
            "\n\nSincerely,\n\nJo Bell\n",
            {"text": "stand up to Elsewhere and call for it to end the deportations"},
        ),
        Example(
            # Another letter's words, quoted after its writers ("officials wrote:"), are not this letter's.
            "Dear Minister Halvorsen,\n\nIn 2019, twenty officials wrote: We urge your government to receive the "
            "families.\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
        Example(
            # Duties to keep the law, listed, are one ask.
            "Dear Minister Halvorsen,\n\nWe urge you to uphold international law, adhere to the principle of "
            "non-refoulement, and fulfil your obligations under the Refugee Convention.\n\nSincerely,\n\nJo Bell\n",
            {
                "text": "uphold international law, adhere to the principle of non-refoulement, and fulfil your "
                "obligations under the Refugee Convention"
            },
        ),
        Example(
            # The infinitive after "obligations" spells them out: one ask.
            "Dear Minister Halvorsen,\n\nWe urge you to meet your obligations under the Refugee Convention, to "
            "protect the refugees and not to deport them.\n\nSincerely,\n\nJo Bell\n",
            {
                "text": "meet your obligations under the Refugee Convention, to protect the refugees and not to deport them"
            },
        ),
        Example(
            # "please" after the addressee and a condition.
            "Dear Governor Vale,\n\nMr. Governor, if the court delays again, please do not let the nine students "
            "wait in jail.\n\nSincerely,\n\nJo Bell\n",
            {"text": "do not let the nine students wait in jail"},
        ),
        Example(
            # For whom the letter is written stands between the writers and their request.
            "Your Excellency,\n\nWe are writing on behalf of 12 groups, lawyers, and families from 4 countries "
            "to urge the Council to free the nine students.\n\nSincerely,\n\nJo Bell\n",
            {"text": "free the nine students"},
        ),
        Example(
            # An occasion between "request that" and its addressee, closed by "that" said again.
            "Dear President Vale,\n\nWe urgently request that during your meetings next week with the Premier ... "
            "that you press him to free the nine students.\n\nSincerely,\n\nJo Bell\n",
            {"text": "press him to free the nine students"},
        ),
    ],
)
COURTESY = rule(
    "asks.courtesy",
    """An ask after a courtesy formula (letters.courtesy): "we hope that you will …", "we would be
    grateful if you could …", also as the writers' second verb ("We thank you … and hope that you
    will …"); not a wish for the reader ("we hope you will be well").""",
    field="asks",
    examples=[
        Example(
            "Dear Governor Okafor,\n\nWe thank you for your attention and hope that you will shelter the "
            "twelve families.\n\nSincerely,\n\nJo Bell\n",
            {"text": "shelter the twelve families"},
        ),
        Example(
            "Dear Governor Okafor,\n\nWe hope that you will be well this winter.\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
    ],
)


TRUST_ALLOWED = rule(
    "asks.trust_allowed",
    """A permission the letter trusts will be given: "We trust that the two families will be allowed
    to travel to a third country" asks to allow the two families to travel to a third country.""",
    field="asks",
    examples=[
        Example(
            "Dear Governor Okafor,\n\nWe trust that the two families now in the consulate will be allowed to "
            "travel to a third country.\n\nSincerely,\n\nJo Bell\n",
            {"text": "allow the two families now in the consulate to travel to a third country"},
        ),
        Example(
            # What the writers hope for themselves is not asked of the reader.
            "Dear Governor Okafor,\n\nWe hope that we will be allowed to visit you soon.\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
    ],
)
# "We trust that the two individuals … will be allowed to transit to a third country".
_TRUST_ALLOWED = re.compile(
    r"\b(?:we|I)\s+(?:[a-z]+ly\s+)?(?:also\s+)?(?:trust|hope|expect)\s+(?:that\s+)?+"
    r"(?!(?:we|I|us)\s)(?P<np>(?:[^,;.!?\n]|(?<=\b[A-Z])\.){3,160}?)\s+(?:will|would|can|could|may|shall)\s+(?:soon\s+)?be\s+"
    r"(?P<verb>allowed|permitted)\s+to\s+(?P<vp>[a-z][^;.!?]{3,300})",
    re.I,
)


QUESTION = rule(
    "asks.question",
    """An ask a letter puts as a question to its reader: "Will you meet the families?", "Would you
    (please) raise their case …?"; only in the letter's own voice.""",
    field="asks",
    examples=[
        Example(
            "Dear Minister Halvorsen,\n\nWe read of the arrests with alarm. Will you brief the press about the "
            "detentions?\n\nSincerely,\n\nJo Bell\n",
            {"text": "brief the press about the detentions"},
        ),
        Example(
            # A question weighing choices, or about the reader's health, is not an ask.
            "Dear Minister Halvorsen,\n\nWill you act as a coward or as a champion?\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
        Example(
            "Dear Minister Halvorsen,\n\nWill you be well enough to travel?\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
    ],
)
REQUESTED_THING = rule(
    "asks.requested_thing",
    """A thing requested rather than an action: "we would like to request an in-person meeting
    with you to discuss …", "Your urgent intervention is requested on behalf of …".""",
    field="asks",
    examples=[
        Example(
            "Dear Minister Halvorsen,\n\nWe would like to request an in-person meeting with you to discuss the "
            "detentions.\n\nSincerely,\n\nJo Bell\n",
            {"text": "an in-person meeting with you to discuss the detentions"},
        ),
        Example(
            "Dear Minister Halvorsen,\n\nWe are all calling for his immediate and unconditional release.\n\n"
            "Sincerely,\n\nJo Bell\n",
            {"text": "his immediate and unconditional release"},
        ),
        Example(
            "Dear Minister Halvorsen,\n\nYour urgent intervention is requested on behalf of the nine "
            "detainees.\n\nSincerely,\n\nJo Bell\n",
            {"text": "urgent intervention on behalf of the nine detainees"},
        ),
    ],
)
IMPORTANT_TO = rule(
    "asks.important_to",
    """What a letter says it is important (essential, vital, imperative) to do, in its own voice:
    "It is important to hold X accountable and to urge X to …" gives two asks.""",
    field="asks",
    examples=[
        Example(
            "Dear Minister Halvorsen,\n\nIt is essential to hold the provincial police accountable and to urge "
            "them to release the nine detainees.\n\nSincerely,\n\nJo Bell\n",
            {"text": "hold the provincial police accountable"},
        ),
        Example(
            # What was important to someone else is not asked.
            "Dear Minister Halvorsen,\n\nIt was important to them to keep the families together.\n\n"
            "Sincerely,\n\nJo Bell\n",
            None,
        ),
    ],
)

REQUEST_THAT = rule(
    "asks.request_that",
    """What the letter, in its own voice, requests that someone do, whoever its writers are named as:
    "The Forum and the Coalition, as a whole, request that the Ruritanian government free the six
    students" gives "free the six students".""",
    field="asks",
    examples=[
        Example(
            "To Minister Ana Ruiz:\n\nThe Harbour Forum, as a whole, and the Port Coalition, as a whole, request "
            "that the Ruritanian government free the six students.\n\nSincerely,\n\n"
            "Jo Bell\n",
            {"text": "free the six students"},
        ),
    ],
)
MUST = rule(
    "asks.must",
    """What a letter, in its own voice, says its reader or the reader's government must or should
    do: "Your government must release them", "China must also immediately grant them nationality".""",
    field="asks",
    examples=[
        Example(
            "Dear President Vale,\n\nThe arrests go on. Your government must also release the nine students.\n\n"
            "Sincerely,\n\nJo Bell\n",
            {"text": "release the nine students"},
        ),
        Example(
            # What must be known, or what others must do, is not asked of the reader.
            "Dear President Vale,\n\nThe families must know that we stand with them.\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
    ],
)

E = TypeVar("E", bound=Evidence)


TITLE_ASK = rule(
    "asks.title",
    """What a page's title says its letter asks, when nothing else does: an addressee called on or
    urged ("UN Experts Call on Saudi Arabia to Stop Deporting Two Men"), or the words after the
    writers and the addressee ("Members of Parliament to Kazakhstan: Do Not Deport Refugees").""",
    field="asks",
    examples=[
        Example(
            "UN Experts Call on Elbonia to Stop Deporting Two Men to China\n\nOn March 3, experts sent a letter "
            "to Foreign Minister Ana Ruiz about the two men.\n",
            {"text": "Stop Deporting Two Men to China"},
        ),
        # A title that tells of no call asks nothing.
        Example(
            "Experts Write to Elbonia About Two Men\n\nOn March 3, experts sent a letter to Foreign Minister Ana "
            "Ruiz about the two men.\n",
            None,
        ),
    ],
)


def by_rule(rule_id: str, records: list[E]) -> list[E]:
    """The records, each saying it was made by the rule and as sure as the rule's measured precision."""
    for r in records:
        r.extractor = rule_id
        r.confidence = confidence(rule_id)
    return records


# Base forms of the verbs that asks in this field start with. A blank pipeline has no
# tagger, and a trained one is optional: this closed list is what tells "and grant refugee
# status" (a new ask) from "and its 1967 Protocol" (the same one).
ASK_VERBS = set(lexicon.words("letters.ask_verbs"))
_VERB = r"(?:" + "|".join(sorted(ASK_VERBS, key=len, reverse=True)) + r")"

# What may follow the request and its addressee: an action verb, a list (":"), or a negated
# action of any verb ("urge your government not to forcibly return them").
_ACTION = rf"(?:{_VERB}\b|:|not\s+(?:to\s+)?(?:[a-z]+ly\s+)?[a-z])"
# After "urge you to", "ask the Minister to" any verb is the action ("re-prioritize", "intercede"):
# the request and its "to" say so, whatever the verb. Only words that cannot start a verb phrase
# are refused ("to the Minister", "to this end").
_FREE_ACTION = (
    r"(?-i:(?!(?:the|a|an|this|that|these|those|our|your|their|his|her|its|all|any|some|me|us|them|him"
    r"|you|which|whom|what|date|end|extent|point|do\s+so"
    rf"|{lexicon.alternation(lexicon.words('letters.not_actions'))})\b)[a-z][a-z-]+\b)"
)
# "we request that you (will) (kindly) consider …": what may stand between the addressee and the verb.
_MODAL = r"(?:(?:will|would|could|can|should|kindly|please|also)\s+)*"
# The addressee of "that": "you", "your government", or a name ("that China honour …"), not any noun
# ("that consideration be given").
_THAT_TARGET = (
    r"(?<=\b(?:you|government|administration|office|country|agency|ministry|(?-i:[A-Z][\w.'’-]*))\s*)"
)
_TO_ACTION = rf"(?:to\s+(?:(?:[a-z]+ly|also|further|now|again)\s+)?(?:{_ACTION}|{_FREE_ACTION})|(?:[a-z]+ly\s+)?{_ACTION})"
# "we (write to) (respectfully) request (that) (you)", "we urge you to", "we call on the PRC to",
# "(…and together) are writing to urge you to", "we write with an urgent request that your country".
TRIGGER = re.compile(
    rf"""(?:\b(?:we|I)(?:,[^,.;\n]{{1,80}},)?\s+|\b(?=(?:are|am)\s+writing\s+to\b)
        # A petition's formula: "The undersigned citizens call upon the House to …".
        |\b(?:the\s+)?(?:undersigned|petitioners)(?:\s+[a-z]+){{0,4}}?\s+(?=(?:hereby\s+|therefore\s+)?(?:call|urge|request|ask)\b)
        # An organisation writing in its own name: "Human Rights Watch requests you to …".
        |(?P<org>(?-i:\b[A-Z][\w'’-]*(?:\s+(?:of|for|on|in|the|and|[A-Z][\w'’-]*)){{0,6}}))\s+
         # "PEN International and the Norwegian PEN strongly urge …": two writing together, the plural.
         (?=(?:[a-z]+ly\s+|hereby\s+|therefore\s+|also\s+)*(?:(?:request|urge|ask|encourage|implore)s|calls\s+(?:on|upon)
            |(?<=\sand\s[^\n]{{1,80}})(?:request|urge|ask|encourage|implore|call\s+(?:on|upon))(?=\s))\b)
        # The second verb of the writers: "We thank you for … and urge you to …".
        # "I am writing to express … and to urge you to …" too.
        |(?<=\band\s+(?:to\s+)?)(?=(?:[a-z]+ly\s+)?(?:urge|ask|request|implore|beseech|entreat|encourage|call\s+(?:on|upon))\s+you\b))
    (?:(?:[a-z]+ly|therefore|thus|hence|also|further|now|again|hereby|would|must|do|
        write\s+to|are\s+writing\s+to|am\s+writing\s+to|would\s+like\s+to|wish\s+to
        # "We are writing on behalf of 37 organisations from 7 countries to urge …": for whom they write.
        |(?:write|are\s+writing|am\s+writing)\s+on\s+behalf\s+of\s+[^.;:\n]{{1,200}}?\s+to
         (?=\s+(?:[a-z]+ly\s+)?(?:request|urge|ask|encourage|implore|call\s+(?:on|upon))\b))\s+)*
    (?P<verb>(?:request|urge|ask|encourage|implore)s?|calls?\s+(?:on|upon)|beseech|entreat|recommend
        |(?:write|are\s+writing|am\s+writing|make)\s+with\s+an?\s+(?:\w+\s+)?request
        |make\s+an?\s+(?:\w+\s+)?request|appeal(?=\s+to\s+(?:you\b|(?:the\s+)?(?-i:[A-Z]))))\b
    # "request that during your meetings with X … that you request …": a time or occasion between
    # the request and its addressee, closed by "that" said again.
    (?P<that>\s+that(?:\s+(?:during|at|in|when|while|before|after|on)\b[^.;:!?\n]{{1,200}}?(?:\.\.\.|…|,)?\s+that(?=\s))?)?
    # "we urge you and your government to …": one addressee. "we urge [the State] Department to
    # …": words an editor put in brackets stand before it.
    (?:\s+(?:\[[^\]\n]{{1,40}}\]\s*)?(?P<target>you(?:\s+and\s+your\s+(?:[\w-]+\s+)?(?:administration|office|government|country|agency|ministry|colleagues))?
        |them|him|her|it|your\s+(?:[\w-]+\s+)?(?:administration|office|government|country|agency|ministry)
        # "request your urgent action to save …"
        |your\s+(?:(?!to\b)[\w-]+\s+){{0,2}}(?!to\b)[\w-]+
        # "I appeal to you (that China) comply …"
        |to\s+you(?:\s+that\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}})?
        # "We wish to appeal to the Kingdom of Thailand to reconsider …"
        |to\s+(?:the\s+)?(?-i:[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|and|the)){{0,8}}?)
        # "the government of China"; a name, capitalised ("ask you to imagine the cost of having to …"
        # names no one).
        |the\s+(?:(?!to\b)[A-Z][\w.'’-]*+|of|and|for|on|\s)+?
        # "urge the Russian authorities to …", "urging the administration to …": an addressee named
        # by what it is.
        |(?:the\s+)?(?:(?-i:[A-Z])[\w.'’-]*\s+){{0,3}}(?-i:authorities|government|administration|leadership|officials|international\s+community)
        |(?-i:[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|and|the)){{0,8}}?))
       # "We urge your government, as a pivotal state, to …", an aside that may run over a line;
       # "we urge you, in your capacity as U.S. ambassador to visit Tibet": one left open.
       (?:,[^,.;]{{1,160}},|,\s+(?:in\s+your\s+(?:capacity|role)\s+as|as)\s+(?:[^,.;]|(?<=\b[A-Z])\.){{1,100}}?(?=\s+to\s))?
       (?=\s+{_TO_ACTION}|\s*(?:to\s*)?:|(?(that){_THAT_TARGET}\s+{_MODAL}(?:[a-z]+ly\s+)?{_FREE_ACTION}|(?!))))?
    \s*(?:to\s+(?=(?:(?:[a-z]+ly|also|further|now|again)\s+)?(?:{_ACTION}|{_FREE_ACTION}))|(?=(?:[a-z]+ly\s+)?{_ACTION})
        # "We urge you to:" and a list
        |to(?=\s*:)
        # "we ask that you discuss …": after "that" and an addressee, any verb is the action.
        |(?(that)(?(target){_THAT_TARGET}{_MODAL}(?=(?:[a-z]+ly\s+)?{_FREE_ACTION})|(?!))|(?!)))""",
    re.X | re.I,
)
# "the petition calling on China to stop …", "Send a message to X, asking him to urge …": what a
# letter (or petition) is told to ask, by the page that carries it or by a story about it.
# The action after "requesting that <capitalised words>": a verb, not the noun of a body the capitals
# begin ("that the UN review panel examine", "that the UN working group determine").
THAT_ACTION = (
    rf"(?=(?-i:[a-z])(?![a-z]+ing\b)(?![a-z]+\s+[a-z]+\s+(?:{_VERB}|determine|decide|examine|rule)\b)"
    rf"(?:{_VERB}\b|{_FREE_ACTION}))"
)
LETTER_CALLING = re.compile(
    # A time ("at 12:00 noon") does not end the phrase.
    r"\b(?:letter|petition|message|appeal|e-?mail|postcard)s?\b(?:[^.;:!?\n]|(?<=\d)[:.](?=\d)){0,150}?,?\s+"
    r"(?:calling\s+(?:on|upon|for)|(?:that|which)\s+(?:call|calls|called)\s+(?:on|upon|for)|urging|asking"
    r"|appealing\s+to|requesting)\s+"
    r"(?P<who>him|her|them|(?-i:[A-Z])(?:[^,;.]|(?<=\b[A-Z])\.){1,100}?)\s+(?P<neg>not\s+)?to\s+"
    rf"(?=(?:[a-z]+ly\s+)?(?:{_VERB}\b|{_FREE_ACTION}))"
    # "a letter to Xi requesting that the PRC allow safe passage …": the call put as "that" and a subject.
    r"|\b(?:letter|petition|message|appeal)s?\b[^.;:!?\n]{0,150}?,?\s+(?:requesting|asking|urging|demanding)\s+that\s+"
    # The subject is its capitalised words alone: "that the UN working group determine" names no one.
    rf"(?P<who>(?:the\s+)?(?-i:[A-Z])[\w.-]*(?:\s+(?-i:[A-Z])[\w.-]*){{0,3}})\s+(?P<neg>not\s+)?{THAT_ACTION}"
    # "direct appeals to Xi to reverse the policy", "a petition to the Minister to free them".
    # A possessive ("China's Xi") or a title-case heading ("… to Stop Repatriating …") is not read.
    r"|\b(?:petition|appeal)s?\s+to\s+(?P<who>(?-i:[A-Z])[\w.-]*(?:\s+(?-i:[A-Z])[\w.-]*){0,3})\s+(?P<neg>not\s+)?to\s+"
    rf"(?=(?-i:[a-z])(?:[a-z]+ly\s+)?(?:{_VERB}\b|{_FREE_ACTION}))"
    # "Write to the King urging him to:" and the asks a line each: an appeal's call to its readers.
    r"|(?m:^)[ \t]*(?:Please\s+)?(?:write|send\s+(?:a\s+)?(?:letter|message|appeal|e-?mail)|e-?mail)\s+to\s+"
    r"[^\n:]{1,80}?,?\s+(?:urging|asking|calling\s+on)\s+(?P<who>him|her|them)\s+(?P<neg>not\s+)?to(?P<list>\s*:)",
    re.I,
)
# "… were sent to the embassy": where a call told of in the subject of a sentence ends.
_TOLD_END = re.compile(
    r"\s+(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:[\w-]+\s+)?"
    r"(?:delivered|hand-delivered|sent|handed|submitted|presented|posted|signed)\b"
)


def told_calls(text: str, sentences: Iterable[tuple[int, int]]) -> list[Ask]:
    """The asks of letters told of as calling on someone: "a petition calling on X to A and B"."""
    out = []
    for s, e in sentences:
        if not any(
            w in text[s:e].lower()
            for w in ("letter", "petition", "message", "appeal", "mail", "postcard", "write")
        ):
            continue
        for m in LETTER_CALLING.finditer(text, s, e):
            start = m.start("neg") if m.group("neg") else m.end()
            end_m = _TOLD_END.search(text, start, e)
            who = m.group("who")
            target = None if who.lower() in ("him", "her", "them") else " ".join(who.split())
            spans = (
                list_items(text, m.end())
                if m.group("list")
                else split_asks(text, start, end_m.start() if end_m else e)
            )
            for a, b in spans:
                out.append(make_ask(text, a, b, target, 0.6))
    return dedupe(out)


_COURTESY_HEADS = lexicon.words("letters.courtesy")
# "We thank you … and hope that you will protect them", "I would be grateful if your Government could
# release them": the ask after a courtesy formula; not "we hope you will be well".
COURTESY_RE = re.compile(
    rf"""(?:\b(?:we|I)\s+(?:(?:[a-z]+ly|also|therefore|do|would|should)\s+)*|\band\s+(?:(?:[a-z]+ly|would)\s+)*)
    (?:{lexicon.alternation(_COURTESY_HEADS)})\s+(?:that\s+)?
    (?P<target>you|your\s+(?:[\w-]+\s+)?(?:administration|office|government|country|agency|ministry|excellency))\s+
    (?:will|would|could|can|may)\s+(?:(?:please|kindly|also)\s+)?(?!(?:be|have)\b)(?=(?:[a-z]+ly\s+)?{_FREE_ACTION})""",
    re.X | re.I,
)
# The words that tell a sentence may hold a courtesy formula, tested before the pattern.
_COURTESY_WORDS = tuple({[w for w in h.lower().split() if w != "if"][-1] for h in _COURTESY_HEADS})
# Words that open a sentence saying again what was asked before it.
_RESTATED = re.compile(
    r"\s*(?:In\s+other\s+words|That\s+is(?:\s+to\s+say)?|Once\s+again|Again|To\s+repeat|Put\s+simply|"
    r"Simply\s+put|In\s+short|In\s+sum|To\s+sum\s+up|Let\s+(?:us|me)\s+repeat)\s*,?\s",
    re.I,
)
SPELLED_OUT = re.compile(r"\s*(?:Specifically|In\s+particular|More\s+specifically|Concretely)\s*,", re.I)
# "Will you include …?": a request put as a question, where the sentence starts; not "will you be".
_QUESTION = re.compile(
    r"(?:Will|Would|Could|Can)\s+you\s+(?:please\s+|kindly\s+|also\s+)*(?!(?:be|have)\b)(?=[a-z])"
)
_OR = re.compile(r"\s(?:or|either)\s")
# "we would like to request an on-line or in-person meeting …": a thing requested.
_THINGS = lexicon.alternation(lexicon.words("letters.requested_things"))
# The verbs that ask for a thing ("call for the release of …"), with their -ing forms ("we are
# calling for his immediate release").
_THING_VERBS = (
    ("request", ""),
    ("call", "for"),
    ("demand", ""),
    ("ask", "for"),
    ("seek", ""),
    ("press", "for"),
)
_THING_VERB = "|".join(rf"{verb}(?:ing)?" + (rf"\s+{then}" if then else "") for verb, then in _THING_VERBS)
_REQUESTED_THING = re.compile(
    # "We call for the immediate release of …", "we demand the release of …" too.
    rf"\b(?:we|I)\s+(?:(?:would\s+like|wish|want|write)\s+to\s+|(?:(?:are|am)\s+(?:all\s+)?)?(?:[a-z]+ly\s+)?(?:also\s+)?)"
    rf"(?:{_THING_VERB})\s+"
    # "an end to …", "a halt to …": things that take "to" (not "a meeting to discuss …").
    rf"(?=(?:either\s+)?(?:an?|your|the|his|her|their|its)\s+(?:(?!to\b)[\w-]+\s+){{0,4}}?"
    rf"(?:(?:{_THINGS})\b(?!\s+to\b)|(?:end|halt)\b(?=\s+to\b)))",
    re.I,
)
_THE = re.compile(r"the\s+", re.I)
# "Your urgent intervention is (immediately) requested …": the thing is the subject.
_THING_REQUESTED = re.compile(
    rf"(?P<thing>\b[Yy]our\s+(?P<np>(?:[\w-]+\s+){{0,2}}?(?:{_THINGS})))\s+is\s+(?:[a-z]+ly\s+)?(?:requested|sought)\b\s*"
)
# "Your government must …", "China must also immediately …": a duty laid on the reader or a state.
_MUST = re.compile(
    r"\s*(?:(?:Therefore|Thus|Now|So|Instead),?\s+)?"
    r"(?:You|Your\s+(?:[\w-]+\s+)?(?:government|administration|country|office|ministry|agency)"
    r"|(?:The\s+)?(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2}\s+(?:[Gg]overnment|[Aa]dministration|[Aa]uthorities)"
    r"|(?-i:China|Beijing|Russia|Moscow|Vietnam|Laos|Thailand|Mongolia))"
    r"\s+(?:must|should)\s+(?:(?:also|now|therefore|immediately|urgently|not)\s+)*(?!(?:be|have|know)\b)(?=[a-z])"
)
# "The Forum and the Coalition, as a whole, request that the Chinese government honor …": in the
# letter's own voice, whoever its writers are named as.
_REQUEST_THAT = re.compile(
    r"\b(?:request|requests|demand|demands|urge|urges|ask|asks)\s+that\s+"
    r"(?:the\s+)?(?-i:[A-Z])[\w.'’-]*(?:\s+(?:(?-i:[A-Z])[\w.'’-]*|government|authorities)){0,4}\s+"
    rf"(?P<neg>not\s+)?{THAT_ACTION}"
)
# "It is important to …": what the letter holds must be done, in its own voice.
_IMPORTANT_TO = re.compile(
    r"\bIt\s+is\s+(?:(?:therefore|also|now|thus)\s+)?(?:[a-z]+ly\s+)?(?:important|essential|vital|crucial|imperative|necessary)"
    r"(?:\s+for\s+(?:you|your\s+[\w-]+))?\s+to\s+(?=[a-z])"
)
# "Please raise this issue …": a request in the imperative, made of the addressee.
PLEASE = re.compile(rf"Please\s+(?=(?:{_VERB})\b)", re.I)
# "Mr. President, if this happens, please do not stop …": "please" after the addressee named and a
# condition, in the letter's own voice.
_LATE_PLEASE = re.compile(
    r"\s*(?:(?-i:[A-Z])(?:[^,.;!?\n]|(?<=\b(?:Mr|Mrs|Ms|Dr))\.){0,60},\s+)?(?:if|when|once|should|as\s+soon\s+as|whatever|whenever)\s+"
    r"[^,.;!?\n]{1,100},\s+please\s+(?=(?:do\s+not\s+|don['’]t\s+|not\s+)?[a-z]{2,})",
    re.I,
)
_PRESS_OWN_SIDE = re.compile(
    r"(?:encourage|urge|press|ask|call\s+(?:on|upon))\s+your\s+(?:\w+\s+)?(?:government|administration|country|"
    r"office|ministry|colleagues)\b[^,.;:]{0,60}?\s+to\s+(?=[a-z])",
    re.I,
)
# "Please show the world …; please release the aid worker": a second clause's "please".
_CLAUSE_PLEASE = re.compile(rf";\s+please\s+(?=(?:{_VERB})\b)", re.I)
# '… they said, “Please urge China to …”': a quoted request, which ends where the quotation does.
_QUOTED_PLEASE = re.compile(rf"[“\"]\s*Please\s+(?=(?:{_VERB})\b)")
_QUOTE_CLOSE = re.compile(r"[”\"]")
_LIST_INTRO = re.compile(
    r"(?:take|consider|pursue)\s+the\s+following\s+(?:actions|steps|measures)?\s*(?=:)", re.I
)
# A quoted request ends where the quotation closes: '…an alternative,” Royce wrote in the letter.'
_ATTRIBUTION = re.compile(
    r"[,.!?]?[”\"]\s+[^“\"\n]{0,60}?\b(?:said|says|wrote|writes|added|adds|stated|states|noted|notes|reads|read)\b"
)
_TRAILING_AND = re.compile(r"[;,]?\s+(?:and|or)$")
# A thing asked for whose content its clause spells out: "assurances that …", "a guarantee that …".
_PLEDGE = (
    rf"(?:(?:an?|the|your|[a-z]+)\s+)?(?:{lexicon.alternation(lexicon.words('letters.pledges'))})\s+that\b"
)
_PLEDGE_AND = re.compile(rf",?\s+and\s+(?={_PLEDGE})", re.I)
# A new coordinated ask: ", to recommit", ", and grant", " and urge".
# After "and to" the word is a verb ("… and to call for …"); without "to", "support for A" and
# "respect for B" are nouns of one ask.
_COORD = re.compile(
    rf"(?:,\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+)"
    rf"(?:to\s+(?=[“\"]?(?:[a-z]+ly\s+)?{_VERB}\b)|(?=[“\"]?(?:[a-z]+ly\s+)?{_VERB}\b(?!\s+(?:for|of)\b))"
    # "…, to let their families visit them, and to close the camp": infinitives listed after commas
    # are asks each, whatever the verb.
    rf"|(?<=[,;]\s*(?:and\s+)?)to\s+(?=(?:[a-z]+ly\s+)?{_FREE_ACTION})"
    # "press for access", "call for a meeting": verbs that take "for".
    rf"|(?=[“\"]?(?:[a-z]+ly\s+)?(?:press|push|call|appeal|advocate|lobby|arrange)\s+for\b)"
    # "reconsider the status of Mr. Choi, … and not allow him to be sent": a negated second action.
    # "… and to not interfere in …" too.
    rf"|(?<=\sand\s)(?:to\s+)?(?=(?:not|never)\s+(?!only\b|just\b|merely\b|least\b)(?:to\s+)?(?:[a-z]+ly\s+)?[a-z]{{2,}}\b)"
    # "the release of A and assurances that B": a second thing asked for, spelled out by its clause.
    rf"|(?={_PLEDGE})"
    # "halt all flights; promptly return those deported; explore other avenues …": after a
    # semicolon, a word in small letters opens the next action, whatever the verb.
    r"|(?<=;\s*(?:and\s+)?)(?=(?:[a-z]+ly\s+)?(?!(?:the|an?|and|or|but|nor|not|which|who|whose|that|this|these|those|its|their"
    r"|his|her|our|in|on|at|for|with|as|by|to|of|from|including|especially|particularly|such|all|any|some|each)\b)"
    r"(?-i:[a-z]{3,})\s)"
    # "asking that the rights of refugees be protected, and that it assent to …": a second clause.
    r"|(?<=,\s*and\s)that\s+)",
    re.I,
)
# A bulleted line that opens with a verb of asking, or with any word in small letters ("consent to
# …", "enact a law …"): under "… asks that the government:" the introduction says what the list is.
_LIST_ITEM = re.compile(
    rf"^\s*(?:[•\-*–]|\(?\d{{1,2}}[.)]|\(?[a-h][.)])\s+"
    # "- That UNHCR Beijing intervene …", "1) Please do not return us …", "• To review …": the item's
    # own lead-in is no part of the ask.
    r"(?:(?-i:Please|please|That|that|To|to)\s+)?"
    rf"(?P<ask>(?:{_VERB}\b|(?-i:[a-z]{{3,}})\b|(?-i:do\s+not)\b|(?<=(?-i:That|that)\s)(?-i:[A-Z]))[^\n]+)",
    re.I | re.M,
)
# "calls on Moon to:\nUrge Kim to act …;\nEngage on …; and\nIncrease …." : items without bullets.
_BARE_ITEM = re.compile(
    rf"\s*^[ \t]*(?P<ask>(?=[A-Z])(?i:{_VERB})\b[^\n;]+?)(?P<close>;(?:\s+and)?|\.)[ \t]*$", re.M
)
# The pressing verbs: in "urge X to halt A" the action itself is "halt".
_PRESS = re.compile(
    rf"^(?:urge|press|call\s+(?:on|upon)|encourage|ask|push|request)\b.*?\bto\s+(?P<verb>{_VERB})\b", re.I
)

STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "its",
    "their",
    "that",
    "these",
    "this",
    "for",
    "in",
    "on",
    "with",
    "we",
    "you",
    "your",
    "our",
    "us",
    "which",
    "is",
    "be",
    "as",
    "it",
    "all",
    "any",
    "at",
    "by",
}


# "urge X to …": X is who is to act.
_PRESSED_TARGET = re.compile(
    r"(?:urge|press|call\s+(?:on|upon)|encourage|ask|push)\s+(?P<t>.+?)\s+to\s+", re.I
)
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def words(text: str) -> set[str]:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return {w for w in _NON_WORD.sub(" ", t).split() if w not in STOP}


def key_verb(text: str) -> str:
    m = _PRESS.match(text)
    if m:
        return m.group("verb").lower()
    first = text.split(" ", 1)[0].lower()
    return first


def same_ask(a: str, b: str) -> bool:
    """Two phrasings of one ask: the same action, mostly the same words."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    overlap = len(wa & wb) / min(len(wa), len(wb))
    return overlap >= 0.85 or (overlap >= 0.5 and key_verb(a) == key_verb(b))


def related_asks(a: str, b: str) -> bool:
    """Two phrasings that may tell of one ask in other words: "press officials to uphold the
    Convention" and "urge officials to recommit to the principles of the Convention"."""
    wa, wb = words(a), words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.4


# "urging that he do …": the ask is what he is to do.
_THAT_SUBJECT = re.compile(r"that\s+(?:he|she|they|you|it)\s+(?=[a-z])")


def quotation_end(text: str, start: int, end: int) -> int:
    """Where an ask quoted from its first word ends: "calling on him to “halt the deportations of
    the families” this week" at the closing mark; but "to “vigorously push back” against exit bans"
    goes on after a few words quoted, so only a quotation of four words or more ends it."""
    close = min(
        (i for i in (text.find("”", start, end), text.find('"', start, end)) if i > start), default=-1
    )
    return close if close > 0 and len(text[start:close].split()) >= 4 else end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:":
        start += 1
    if start < end and text[start] in '“"' and (close := quotation_end(text, start + 1, end)) != end:
        # The letter's words quoted whole: the ask is what the marks hold.
        start, end = start + 1, close
    lead = _THAT_SUBJECT.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1] in " \t\n,;:.?”\"'":
        end -= 1
    # A list item's trailing conjunction ("…detainees; and") belongs to the list, not the ask.
    tail = _TRAILING_AND.search(text, start, end)
    if tail:
        end = tail.start()
    return start, end


def make_ask(text: str, start: int, end: int, target: str | None, confidence: float) -> Ask:
    return Ask(
        start=start,
        end=end,
        quote=text[start:end],
        confidence=confidence,
        extractor=EXTRACTOR,
        text=" ".join(text[start:end].split()),
        target=target,
    )


# "act quickly as “conditions worsen”": the quoted reason after "as" is not part of the ask.
_AS_QUOTE = re.compile(r"\s+as\s+[“\"]")
# A list of examples still open where a coordination stands: "…, such as release and …".
_EXAMPLES_OPEN = re.compile(r"\b(?:such\s+as|including)\s+[^,;]*$")
# "end the policy that has led to the deaths of thousands": what the policy did is not asked.
_CONSEQUENCE = re.compile(
    r",?\s+(?:that|which)\s+(?:has|have|had)\s+(?:[a-z]+ly\s+)?(?:led|caused|resulted|brought|left)\b"
    # "intervene to prevent their refoulement, as they are at serious risk of …": why it is asked.
    r"|,\s+(?:as|because|since)\s+(?:they|he|she|it|we|these|those|there)\s+(?:are|is|were|was|have|has|face|faces|would|will|could|may)\b"
    # "prevent the deportation of the men to China where it was “highly likely” that they would face
    # persecution", "… to North Korea, where they face torture": what awaits them there is why.
    r"|,?\s+where\s+(?:it|they|he|she|these|those)\s+(?:(?:are|is|were|was|would|will|could|may|might)\b|faces?\b)"
    # "… freedom of expression in Vietnam, where the one-party state has jailed bloggers": the place
    # described, after a comma.
    r"|,\s+where\s+(?:the|its|their|a|an)\s+(?:[\w-]+\s+){0,4}?(?:has|have|had|is|are|was|were|continues|remains)\b"
    # "urge the immediate release of those detained and trust that none of them will be charged":
    # the writers go on in their own voice; what they trust or hope is not asked.
    r"|,?\s+and\s+(?:we\s+|I\s+)?(?:also\s+)?(?:trust|hope|believe|expect)\s+that\b"
)


# "push back against “exit bans,” which are used to coerce …", "end forced repatriation, which
# violates the Convention": a clause set off by ", which" describes the thing asked, it is not
# asked. With a modal and a deed ("…, which would allow them to leave") it may say what the ask is
# for; "…, which will be available online" is again a description.
# What a person is said to be (lexicon), in the singular: "activist", "pastor".
DESCRIPTORS = lexicon.alternation(lexicon.words("letters.descriptors"))
_DESCRIBED = re.compile(
    r",[”\"]?\s+which\s+(?!(?:would|could|should|will|can|may|might|must|shall)\s+(?!be\b))"
    # "raise the case of Gao – a man who has suffered …", "the release of Idris Hasan, an exiled
    # Uyghur activist detained in Morocco": who the ask names, described after it.
    rf"|\s[–—]\s+(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?(?:{DESCRIPTORS})\s+who\b"
    # "the release of Ilham Tohti, an outspoken Uighur economist": a name set off by "a"/"an" is
    # described, whatever the word for what the person is.
    r"|(?<=\b(?-i:[A-Z])[\w'’-]+),\s+(?:a|an)\s+(?-i:[a-z])"
    # "release the prisoners, many of them held on dubious charges": who they are, told after.
    r"|,\s+(?:many|most|some|several|all|none|each|one|two|three)\s+of\s+(?:them|whom)\b"
)


# "… mediate their return, a Chinese state-run media reported on Tuesday": who tells of the ask.
_SAID_BY = re.compile(
    # "… at this time,' the US lawmakers wrote": a single quotation mark closes the words too.
    r"[,”\"'’]+\s+(?:a|an|the)\s+[^,.;“”\"]{0,80}?\b(?:said|says|reported|reports|told|added|announced|showed|shows"
    r"|revealed|reveals|stated|states|wrote|writes)\b"
    # "… to extend TPS for Haitians,” said Congresswoman Wilson": the speaker after the verb.
    r"|[,.!?]?[”\"]\s+(?:said|says|stated|states|added|adds|wrote|writes)\s+(?-i:[A-Z])"
    # "… during the surge of COVID-19,” read the letter": the words end where the teller names them.
    r"|[,”\"'’]+\s+(?:read|reads|said|says|stated|states|added|adds)\s+(?:the|their|a)\s+(?:[\w-]+\s+)?(?:letter|petition|appeal|statement)\b"
    # "… stop its forcible repatriation of refugees, will also be presented": the thing asked was the
    # subject of what the sentence goes on to say.
    r"|,\s+(?:will|would|was|were|has|have|had|is|are)\s+(?:also\s+)?(?:be|been|being)\b"
    # "… during their summit next month, calling the dialogue a “now or never” chance": what the
    # writers said besides, in a participle of saying.
    # "…, considering that he went missing near a police outpost": why it is asked.
    r"|,\s+(?:calling|describing|saying|adding|noting|citing|stressing|warning|arguing|claiming|considering)\s+"
    r"(?!(?:on|upon|for)\b)"
    # "… not to send back the Tibetans and pointing out that such a move would …": the same.
    r"|,?\s+and\s+(?:pointing\s+out|noting|saying|adding|stressing|warning|arguing)\b"
    # "… the release of pastor A, who has been unjustly detained since October": who A is.
    r"|,\s+who\s+(?:has|have|had|is|are|was|were)\b"
    # "secure his release, and will continue our campaign until he is free": the writers' own deed.
    r"|,\s+and\s+(?:we\s+)?(?:will|shall)\b"
    # "… impose sanctions on officials, following a decision by the city to …": why it was asked.
    r"|,\s+(?:following|amid|in\s+the\s+wake\s+of|in\s+response\s+to)\s"
    # "… repatriate the four detainees, but the North refused to accept it": what came of the ask.
    r"|,\s+but\s+(?=(?:the|it|they|he|she|this|that|its|their)\b)"
)
# Letter courtesies in the imperative ("do not hesitate to contact us", "feel free to call"): no ask.
# "Please accept cordial greetings", "accept the assurances of my highest consideration": a greeting.
_COURTESY_IMPERATIVE = re.compile(
    r"(?:(?:do\s+)?not\s+(?:to\s+)?|don['’]t\s+)hesitate\b|feel\s+free\b"
    r"|(?:accept|receive)\s+(?:(?:my|our|the)\s+)?(?:[\w-]+\s+){0,2}?(?:greetings|regards|assurances|wishes|compliments)\b"
    # A campaign page's word to its reader, not the letter's ask: "send the message below to",
    # "let us know … of any responses", "visit http://…".
    r"|send\s+(?:the|this)\s+(?:message|letter|e-?mail|appeal)\s+below\b|let\s+us\s+know\b"
    r"|keep\s+us\s+(?:informed|updated|posted)\b|visit\s+(?:https?://|www\.)",
    re.I,
)


# A phrase that ends in a bare infinitive before "and" ("permit them to travel and seek asylum"):
# the verb after "and" is a second infinitive of the same ask, not an ask of its own.
# So does one after "as well as" ("use your influence as well as initiate and support an inquiry").
_LONE_ADVERB = re.compile(r"\s*[a-z]+ly\s*")
_DANGLING = re.compile(r"\s(?:to|in|for|with|on|of|from|into)\s*$")
_BARE_INFINITIVE = re.compile(r"\b(?:to|as\s+well\s+as)\s+[a-z]+$")


# A run of duties to keep the law (lexicon letters.duties) is one ask.
_DUTY = re.compile(
    rf"\s*(?:to\s+)?(?:[a-z]+ly\s+)?(?:{lexicon.alternation(lexicon.words('letters.duties'))})\b", re.I
)


# Obligations spelled out by the infinitives that follow them, with no "and" ("comply with its
# obligations under international law, to protect refugees … and not to deport anyone"): one ask.
_OBLIGATIONS = re.compile(r"\bobligations?\b[^,;]*$", re.I)
_SPELLED = re.compile(r",\s*to\s+", re.I)
_OBLIGATIONS_SPELLED = re.compile(r"\bobligations?\b[^;]*?,\s*to\s+[^;]*$", re.I)


# "… and call for it to end A": the pressing of what the phrase before named is the same ask.
_PRESS_IT = re.compile(r"(?:call\s+(?:for|on|upon)|press|urge|ask|push)\s+it\s+(?:not\s+)?to\b", re.I)


def split_asks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the coordinated asks in text[start:end] (one verb phrase each)."""
    reason = (
        _AS_QUOTE.search(text, start, end)
        or _CONSEQUENCE.search(text, start, end)
        or _DESCRIBED.search(text, start, end)
        or _SAID_BY.search(text, start, end)
    )
    end = reason.start() if reason else end
    spans = []
    cur = start
    for m in _COORD.finditer(text, start, end):
        if m.group().lstrip().startswith("and") and _BARE_INFINITIVE.search(text, cur, m.start()):
            continue
        if _LONE_ADVERB.fullmatch(text, cur, m.start()):
            continue  # "publicly and privately raise the case": two adverbs of one verb
        if _DUTY.match(text, cur) and _DUTY.match(text, m.end()):
            continue  # "uphold international law, adhere to non-refoulement and fulfil its obligations"
        if _OBLIGATIONS.search(text, cur, m.start()) and _SPELLED.fullmatch(m.group()):
            continue  # "comply with its obligations under international law, to protect refugees …"
        if text.startswith(("not", "never"), m.end()) and _OBLIGATIONS_SPELLED.search(text, cur, m.start()):
            continue  # "… its obligations under international law, to protect refugees and not to deport"
        if _PRESS_IT.match(text, m.end()):
            continue  # "stand up to China and call for it to end …": "it" is the first phrase's China
        if _EXAMPLES_OPEN.search(text, cur, m.start()) and not {"to", ";"} & set(m.group().split()):
            continue  # "alternatives to detention, such as release and release on bond": examples of one

        spans.append((cur, m.start()))
        cur = m.end()
    spans.append((cur, end))
    # "return to their home, contribute to and participate in their community": a verb whose object
    # the next one shares ends in its preposition; the two are one ask.
    joined: list[tuple[int, int]] = []
    for s, e in spans:
        if joined and _DANGLING.search(text, joined[-1][0], joined[-1][1]):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    spans = joined
    out = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if s < e and len(text[s:e].split()) >= 2 and not _COURTESY_IMPERATIVE.match(text, s, e):
            out.append((s, e))
    return out


# A sentence that starts with a verb in the imperative ("Speak with the Tibetan people.").
_IMPERATIVE = re.compile(r"\s*[\"“]?(?P<verb>(?-i:[A-Z])[a-z]+)\s+(?!(?:of|and|or|to|is|are|was|were)\b)")


def asks_in(
    text: str,
    sentences: Iterable[tuple[int, int]],
    recipient: str | None,
    confidence: float = 0.8,
    own_voice: bool = False,
) -> list[Ask]:
    """The asks of the request sentences among `sentences` (offsets into `text`); `own_voice`, for
    the letter's own text, also reads its questions and what it holds important to do."""
    found: list[Ask] = []
    umbrella: list[Ask] = []  # the asks of the last sentence that had any
    asked_end = -1  # where the last sentence that asked in the letter's own voice ended
    for s_start, s_end in sentences:
        low = text[s_start:s_end].lower()
        if (
            own_voice
            and asked_end >= 0
            and "\n\n" not in text[asked_end:s_start]
            and (imperative := _IMPERATIVE.match(text, s_start, s_end)) is not None
            and imperative.group("verb").lower() in ASK_VERBS
        ):
            # "… we urge you to visit Tibet. Speak with the Tibetan people. Press for a fact-finding
            # mission …": imperatives right after an ask, in its paragraph, are more of its asks.
            for a, b in split_asks(text, imperative.start("verb"), s_end):
                ask = make_ask(text, a, b, recipient, confidence)
                ask.extractor = REQUEST
                found.append(ask)
            asked_end = s_end
            continue
        n_found = len(found)
        if own_voice:
            question = _QUESTION.match(text, s_start, s_end)
            # "Will you end your career as a coward or as a champion?" weighs choices: it asks nothing.
            if (
                question
                and text[s_start:s_end].rstrip().endswith("?")
                and not _OR.search(text, s_start, s_end)
            ):
                found += _own_kind(text, question.end(), s_end, recipient, confidence, QUESTION)
                continue
            must = _MUST.match(text, s_start, s_end)
            if must:
                found += _own_kind(text, must.end(), s_end, recipient, confidence, MUST)
                continue
            important = _IMPORTANT_TO.search(text, s_start, s_end)
            if important:
                found += _own_kind(text, important.end(), s_end, recipient, confidence, IMPORTANT_TO)
                continue
            asked_that = _REQUEST_THAT.search(text, s_start, s_end)
            if asked_that:
                begin = asked_that.start("neg") if asked_that.group("neg") else asked_that.end()
                found += _own_kind(text, begin, s_end, recipient, confidence, REQUEST_THAT)
                continue
        if any(verb in low for verb, _ in _THING_VERBS):
            thing = _REQUESTED_THING.search(text, s_start, s_end)
            if thing:
                # "request the release of …": the thing, not its article, is the ask.
                the = _THE.match(text, thing.end(), s_end)
                found += _own_kind(
                    text,
                    the.end() if the else thing.end(),
                    s_end,
                    recipient,
                    confidence,
                    REQUESTED_THING,
                    split=False,
                )
                continue
            passive = _THING_REQUESTED.search(text, s_start, s_end)
            if passive:
                a, b = _trim(text, passive.start("np"), passive.end("np"))
                c, d = _trim(text, passive.end(), s_end)
                ask = make_ask(text, a, d, recipient, confidence)
                ask.text = " ".join(f"{text[a:b]} {text[c:d]}".split())
                ask.extractor = REQUESTED_THING
                found.append(ask)
                continue
        if "allowed" in low or "permitted" in low:
            allowed = _TRUST_ALLOWED.search(text, s_start, s_end)
            if allowed:
                a, b = _trim(text, *allowed.span("vp"))
                verb = "allow" if allowed.group("verb").lower() == "allowed" else "permit"
                ask = make_ask(text, allowed.start("np"), b, recipient, confidence)
                ask.text = " ".join(f"{verb} {allowed.group('np')} to {text[a:b]}".split())
                ask.extractor = TRUST_ALLOWED
                found.append(ask)
                continue
        # The request verbs, tested as plain substrings before the costly pattern.
        if not any(w in low for w in _COURTESY_WORDS) and not any(
            v in low
            for v in (
                "request",
                "urge",
                "ask",
                "call",
                "encourage",
                "implore",
                "recommend",
                "please",
                "appeal",
                "beseech",
                "entreat",
            )
        ):
            continue
        courteous = (
            list(COURTESY_RE.finditer(text, s_start, s_end)) if any(w in low for w in _COURTESY_WORDS) else []
        )
        please = PLEASE.match(text, s_start, s_end)  # only where the sentence starts
        if please is None and own_voice:
            please = _LATE_PLEASE.match(text, s_start, s_end) or _CLAUSE_PLEASE.search(text, s_start, s_end)
        # Only where the sentence tells of the letter: others' pleas are quoted in the same texts.
        near = text[max(0, s_start - 300) : s_end].lower()
        quoted = list(_QUOTED_PLEASE.finditer(text, s_start, s_end)) if "letter" in near else []
        requests = [
            *TRIGGER.finditer(text, s_start, s_end),
            *([please] if please else []),
            *quoted,
            *courteous,
        ]
        if requests and SPELLED_OUT.match(text, s_start, s_end):
            # "We call on them to respect the law. Specifically, we call on them to A, to B …": the
            # asks spelled out replace the one they spell out.
            found = [a for a in found if a not in umbrella]
        n_before = len(found)
        for m in sorted(requests, key=lambda m: m.start()):
            target = (m.groupdict().get("target") or "").strip()
            if m.groupdict().get("org") and not target:
                # "Open Doors urges to focus on …": an organisation's call to no one named is its own
                # campaign, not a letter's ask.
                continue
            if target.lower() in {"you", ""} or target.lower().startswith(("your", "to you")):
                target = recipient or ("you" if target else "")
            body_start = m.end()
            # "(we trust you will) encourage your government in the strongest terms to continue …":
            # the addressee's own side pressed to act; the action is what it is to do.
            own_side = _PRESS_OWN_SIDE.match(text, body_start, s_end)
            if own_side:
                body_start = own_side.end()
            intro = _LIST_INTRO.match(text, body_start, s_end)
            if intro:
                # "…to take the following actions:" announces the asks; it is not one.
                body_start = intro.end()
            pressed = _PRESSED_TO_LIST.match(text, body_start, s_end)
            if pressed:
                # "we write to urge the US government to press the Thai government to:" and the asks
                # a line each: what the other government is to do, each item one ask.
                body_start = pressed.end() - 1
            if text[body_start : body_start + 1] == ":" or text[body_start:s_end].strip() in {"", ":"}:
                spans = list_items(text, body_start)
            else:
                # An ask runs to the end of its sentence, of its quotation, or to the next request in it.
                said = _ATTRIBUTION.search(text, body_start, s_end)
                end = said.start() if said else s_end
                if m in quoted:
                    close = _QUOTE_CLOSE.search(text, body_start, end)
                    end = close.start() if close else end
                nxt = TRIGGER.search(text, body_start, end)
                spans = split_asks(text, body_start, nxt.start() if nxt else end)
            for a, b in spans:
                ask_text = " ".join(text[a:b].split())
                ask_target = target or None
                pm = _PRESSED_TARGET.match(ask_text)
                if pm and len(pm.group("t").split()) <= 10:
                    ask_target = pm.group("t")
                ask = make_ask(text, a, b, ask_target, confidence)
                ask.extractor = COURTESY if m in courteous else REQUEST
                found.append(ask)
        if requests and _RESTATED.match(text, s_start, s_end):
            # "We urge you to free them. In other words, we ask you to release them": said again in
            # other words, an ask already made is not a second one.
            earlier, again = found[:n_before], found[n_before:]
            found = earlier + [a for a in again if not any(related_asks(a.text, b.text) for b in earlier)]
        if requests:
            umbrella = found[n_before:]
        asked_end = s_end if requests and len(found) > n_found else -1
    kept = dedupe(found)
    for rule_id in (REQUEST, COURTESY, QUESTION, REQUESTED_THING, IMPORTANT_TO, MUST, TRUST_ALLOWED):
        by_rule(rule_id, [a for a in kept if a.extractor == rule_id])
    return kept


def _own_kind(
    text: str,
    start: int,
    end: int,
    recipient: str | None,
    confidence: float,
    rule_id: str,
    split: bool = True,
) -> list[Ask]:
    """The asks from `start` to the end of the sentence, each made by `rule_id`."""
    if split:
        spans = split_asks(text, start, end)
    else:
        # A thing requested is one ask, but for another one spelled out after it ("and assurances that …").
        cuts = [start, *(x for m in _PLEDGE_AND.finditer(text, start, end) for x in m.span()), end]
        spans = [_trim(text, cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    out = []
    for a, b in spans:
        if b > a:
            ask = make_ask(text, a, b, recipient, confidence)
            ask.extractor = rule_id
            out.append(ask)
    return out


_PRESSED_TO_LIST = re.compile(
    # "We request you to urge Chinese government:" and the items "• To review …": "to" after the colon.
    r"(?:press|pressure|urge|encourage|call\s+(?:on|upon)|ask)\s+(?:the\s+)?[^,;:.\n]{1,80}?(?:\s+to)?\s*:",
    re.I,
)


def list_items(text: str, start: int) -> list[tuple[int, int]]:
    """Asks given as a list after "We urge you to:" (bullets, numbers or letters), or as lines of
    their own, each a verb phrase closed by a semicolon, the last by a full stop."""
    out = []
    pos = start
    for m in _LIST_ITEM.finditer(text, start, min(len(text), start + 5000)):
        gap = text[pos : m.start()]
        if gap.count("\n") > 3 and out:
            break
        out.append(_trim(text, m.start("ask"), m.end("ask")))
        pos = m.end()
    if out:
        return out
    pos = start + 1 if text.startswith(":", start) else start
    for m in _BARE_ITEM.finditer(text, pos, min(len(text), start + 3000)):
        if text[pos : m.start()].strip():
            break
        out.append(_trim(text, m.start("ask"), m.end("ask")))
        pos = m.end()
        if m.group("close") == ".":
            break
    return out if len(out) >= 2 else []


# "We urge you to do the same": an ask that only points back at what others did or were asked.
_POINTS_BACK = re.compile(r"(?:to\s+)?(?:do\s+(?:the\s+same|likewise|so)|follow\s+suit)\b", re.I)


def points_back(text: str) -> bool:
    """Whether an ask says nothing of its own ("do the same", "follow suit"): it is no ask to record."""
    return _POINTS_BACK.match(text) is not None


def dedupe(asks: list[Ask]) -> list[Ask]:
    kept: list[Ask] = []
    for ask in asks:
        if not any(same_ask(k.text, ask.text) for k in kept):
            kept.append(ask)
    return kept


# "… Call on Saudi Arabia to Stop Deporting …", "Writers to Kazakhstan: Do Not Deport …".
_TITLE_ASK = re.compile(
    r"\A[ \t]*[^\n]{0,120}?\b(?:calls?|urges?|asks?|press(?:es)?)\s+(?:on\s+)?(?-i:[A-Z])[^\n]{0,80}?\s+to\s+"
    rf"(?P<ask>(?:[A-Za-z]+ly\s+)?(?i:{_VERB})\b[^\n]{{3,160}}?)[ \t.!]*$"
    r"|\A[ \t]*[^\n:]{3,120}\bto\s+[^\n:]{2,60}:\s+(?P<ask>(?:Do\s+Not|Don[’']t|Stop|Release|Free|End|Halt|Save|Protect)\b[^\n]{3,160}?)[ \t.!]*$",
    re.M | re.I,
)


def title_asks(text: str) -> list[Ask]:
    """The ask a page's first line states (TITLE_ASK)."""
    m = _TITLE_ASK.match(text)
    if m is None:
        return []
    a, b = m.span("ask")
    return [make_ask(text, a, b, None, 0.5)]
