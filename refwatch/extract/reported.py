"""Letters told of by others: a press release or news story that says named members "sent a
letter to" someone "urging" something gives a *reported* letter, read from that sentence, the
sentences around it and the letter's words it quotes.
"""

from __future__ import annotations

import regex as re

from refwatch.extract import lexicon, people
from refwatch.extract.asks import (
    _FREE_ACTION,
    _TOLD_END,
    _VERB,
    DESCRIPTORS,
    LETTER_CALLING,
    THAT_ACTION,
    asks_in,
    by_rule,
    dedupe,
    list_items,
    make_ask,
    related_asks,
    same_ask,
    split_asks,
    told_calls,
)
from refwatch.extract.context import Context
from refwatch.extract.letters import (
    ABBREVIATED,
    DISTRICT,
    EXTRACTOR,
    MEMBER_TITLES,
    MONTH_NAME,
    ORG_NAME,
    ORG_WORDS,
    REPORTED_TITLE,
    commitments,
    make_party,
    quoted_block_recipients,
    sentences_having,
    signer_line,
    written_to,
)
from refwatch.extract.model import Ask, Letter, Party
from refwatch.extract.quantities import NUMBER_WORDS
from refwatch.extract.rules import Example, rule

_RELEASE = (
    "Senator Ada Byrne (D-WA) and Representative Carl Ngata (R-OH) sent a letter to Secretary of State Omar "
    "Hale urging him to press Beijing to halt the deportations. Joining Byrne and Ngata in signing the letter "
    "were Senators Eve Moss (R-UT) and Ian Roe (I-VT).\nIn the letter, the Chairs asked the Secretary to "
    "receive the families.\n"
)
LETTER_SUBJECT = rule(
    "reported.letter_subject",
    """The writers a release or story names as the subject of the letter's verb ("Senator A and
    Representative B sent a letter to …", "A and B, the co-chairs of …, wrote to …", "A MEP (Group,
    Country) and B MP wrote to …", "human rights activist A, president of …, sent …"), or the
    members of the sentence before when the subject stands for them ("This bipartisan group …").""",
    field="senders",
    examples=[
        Example(_RELEASE, {"name": "Ada Byrne", "title": "Senator (D-WA)"}),
        Example(
            "On the 20th, veteran human rights activist Jo Bell, president of the Refugee Aid Network, sent an "
            "open letter to a newspaper suggesting that President Tran Van Minh must free the six students.\n",
            {"name": "Jo Bell", "title": "president of the Refugee Aid Network"},
        ),
        Example(
            # A dateline with the city in title case is not part of the writer.
            "Lisbon, March 3 (Lusa) -- Jo Bell, permanent representative of Elsewhere to the United Nations, sent "
            "a letter to Ana Ruiz, president of the Council, on March 1.\n",
            {"name": "Jo Bell"},
        ),
        Example(
            # A release's lead that names its letter only later.
            "Senator Ada Byrne (D-WA) and Representative Carl Ngata (R-OH) are leading their colleagues in "
            "calling on Secretary of State Omar Hale to press Beijing to halt the deportations.\nThe families "
            "have been held in Dandong since March.\n\nThe letter also asks him to meet them.\n",
            {"name": "Carl Ngata", "title": "Representative (R-OH)"},
        ),
        Example(
            # The same lead in a text that tells of no letter: a call, not a letter.
            "Senator Ada Byrne (D-WA) and Representative Carl Ngata (R-OH) are leading their colleagues in "
            "calling on Secretary of State Omar Hale to press Beijing to halt the deportations.\nThe members "
            "spoke at a hearing on Tuesday.\n",
            None,
        ),
        Example(
            "Senator Ada Byrne (D-WA) joined Senators Eve Moss (R-UT) and Ian Roe (I-VT) in writing to "
            "Secretary of State Omar Hale about the deportations.\n",
            {"name": "Ian Roe", "title": "Senator (I-VT)"},
        ),
        Example(
            # Writers listed after the letter, a comma before each, with a verb in the present.
            "In a letter sent to Secretary of State Omar Hale this morning, Sen. Ada Byrne (D-WA), Sen. Eve Moss "
            "(R-UT), and Rep. Carl Ngata (R-OH) express concern about the families.\n",
            {"name": "Carl Ngata"},
        ),
    ],
)
SIGNED_BY = rule(
    "reported.signed_by",
    """The signers of a letter told of by them: "The letter, signed by Congressmen A and B, …".""",
    field="senders",
    examples=[
        Example(
            "The letter, signed by Congressmen Tom Reyes (R-FL) and Abe Lund (D-MN), asked the Secretary of "
            "State to name an envoy.\n",
            {"name": "Abe Lund"},
        ),
        Example(
            # When it was sent stands between the letter and its addressee.
            "Ten members of Congress sent a letter today, February 28, to Secretary of State Omar Hale "
            "demanding answers.\nThe letter, penned by Congressman Carl Ngata and signed by nine of his "
            "colleagues, asks how the families are treated.\n",
            {"name": "Carl Ngata", "title": "Congressman"},
        ),
    ],
)
JOINED = rule(
    "reported.joined",
    """Members who signed beside the writers first named: "Joining A and B in signing the letter
    were Senators C and D", "co-signed by", "also signed by", "was led by", "signatories include".""",
    field="senders",
    examples=[
        Example(_RELEASE, {"name": "Ian Roe", "title": "Senator (I-VT)"}),
        Example(
            # Signers named after whoever they are, and signers called "signees".
            "Fifteen writers sent a letter to President Omar Hale on Monday. Among the 13 novelists who signed "
            "the letter are Ana Ruiz, Jo Bell and Carl Ngata. The other letter signees include Austin Mayor Eve Moss.\n",
            {"name": "Carl Ngata"},
        ),
        Example(
            "Fifteen writers sent a letter to President Omar Hale on Monday. The other letter signees include "
            "Austin Mayor Eve Moss and Boston Mayor Ian Roe.\n",
            {"name": "Eve Moss", "title": "Austin Mayor"},
        ),
    ],
)
SIGNERS_LISTED = rule(
    "reported.signers_listed",
    """A letter told of by a labelled list of its signers, as a sign-on page shows it: "Current
    Signers:" (or "Signers:", "Signatories:", "Co-signers:") and the names, separated by commas or
    a line each, up to a blank line.""",
    field="senders",
    examples=[
        Example(
            "Join a letter to the President\n\nCurrent Signers:\nAda Byrne, Tom Reyes, Bill Lund, Jr., Kay Ford\n",
            {"name": "Bill Lund Jr.", "quote": "Bill Lund, Jr."},
        )
    ],
)
NAMED_GROUP = rule(
    "reported.named_group",
    """Writers of a letter told of as a group ("four lawmakers sent a letter"), named later in an
    apposition to the group: "The lawmakers, Democrat Jo Bell from Ohio and Republican Al Reyes from
    Utah, are veterans." gives Jo Bell and Al Reyes.""",
    field="senders",
    examples=[
        Example(
            "Two lawmakers sent a letter to Minister Jo Bell, urging him to free the six students.\nThe lawmakers, "
            "Democrat Ana Ruiz from Ohio and Republican Omar Hale from Utah, are both veterans.\n",
            {"name": "Omar Hale"},
        ),
        Example(
            # An apposition of places is not a list of writers.
            "Two lawmakers sent a letter to Minister Jo Bell, urging him to free the six students.\nThe lawmakers, "
            "from Ohio and Utah, are both veterans.\n",
            None,
        ),
    ],
)
CLAUSE_SUBJECT = rule(
    "reported.clause_subject",
    """The writer of a letter told of in the last clause of a sentence, by the surname of a person the
    text named in full before: "…, and the day after taking office, Ruiz wrote a letter to …".""",
    field="senders",
    examples=[
        Example(
            "Special Rapporteur Ana Ruiz took office on May 1.\nThe first step is always a visit, and the day after "
            "taking office, Ruiz wrote a letter to the Republic of Elsewhere requesting a visit to the country.\n",
            {"name": "Ana Ruiz"},
        ),
    ],
)
POSSESSIVE_WRITER = rule(
    "reported.possessive_writer",
    """The writer of a letter told of without one, named elsewhere in the text as the letter's owner:
    "The only survivor to escape has written an open letter to … Shin Dong-hyuk's letter, published
    on Monday, …".""",
    field="senders",
    examples=[
        Example(
            "A camp survivor has written an open letter to Dana Whit, asking her to raise the camps.\n\n"
            "Ryu Mi-sun's letter was published on Monday.\n",
            {"name": "Ryu Mi-sun"},
        ),
    ],
)
DASHED_WRITERS = rule(
    "reported.dashed_writers",
    """Writers of a letter told of as a group ("the Working Group and two experts sent a letter"),
    named later in a dashed apposition to their office: "the special rapporteurs on A and on B --
    Jo Bell and Al Reyes -- stressed …".""",
    field="senders",
    examples=[
        Example(
            "The Working Group and two experts sent a letter to the government of Elsewhere, urging it to free the "
            "students.\nThe special rapporteurs on housing and on health -- Ana Ruiz and Omar Hale -- stressed the "
            "danger.\n",
            {"name": "Omar Hale"},
        ),
        Example(
            # Writers named in the letter's own sentence are not looked for elsewhere.
            "Senator Ada Byrne sent a letter to the Minister.\nThe rapporteurs -- Ana Ruiz and Omar Hale -- "
            "stressed the danger.\n",
            None,
        ),
    ],
)
LED_BY_LATER = rule(
    "reported.led_by_later",
    """The member who led a letter whose writers were told of as a group, named in a later sentence
    that opens with the lead: "Led by Chairman A, the 43 lawmakers called for …".""",
    field="senders",
    examples=[
        Example(
            "In a letter to Secretary of State Ana Ruiz, the 43 lawmakers said they were grateful.\n"
            "Led by House Foreign Affairs Committee Chairman Tom Reyes, a Republican from Texas, the 43 U.S. "
            "lawmakers called for more pressure.\n",
            {"name": "Tom Reyes", "title": "House Foreign Affairs Committee Chairman"},
        ),
        Example(
            # A lead of other people ("the protesters") is not the letter's.
            "In a letter to Secretary of State Ana Ruiz, the 43 lawmakers said they were grateful.\n"
            "Led by Pastor Tom Reyes, the protesters marched to the embassy.\n",
            None,
        ),
    ],
)
ADDRESSEE = rule(
    "reported.addressee",
    """Whom the letter is told of as written to: the object of "sent a letter to", "wrote to",
    "sent an appeal to",
    or the person urged in the same sentence; whom a letter or petition is told of as calling on
    ("Petitions calling for President A to end … were delivered").""",
    field="recipients",
    examples=[
        Example(_RELEASE, {"name": "Omar Hale", "title": "Secretary of State"}),
        Example(
            "Petitions calling on President Tran Van Minh to free the six students were delivered to the "
            "embassy on Monday.\n",
            {"name": "Tran Van Minh", "title": "President"},
        ),
        Example(
            # The writers after the letter: "In a letter addressed to A, they said …".
            "Nine groups met the press on Monday.\nIn a letter addressed to Foreign Minister Ana Ruiz, they said the "
            "government had been silent too long.\n",
            {"name": "Ana Ruiz", "title": "Foreign Minister"},
        ),
        Example(
            "Activists in 12 cities will deliver appeals to embassies that call for President Tran Van Minh of "
            "the Republic of Elsewhere to free the six students.\n",
            {"name": "Tran Van Minh", "title": "President of the Republic of Elsewhere"},
        ),
        Example(
            "The Refugee Aid Network sent an appeal to Cardinal Ana Ruiz, asking her to speak for the nine "
            "detainees during her visit.\n",
            {"name": "Ana Ruiz"},
        ),
        Example(
            # A letter named by its addressee alone, its writers after it or nowhere.
            "A letter to Foreign Minister Ana Ruiz from nine groups urged Ruritania not to deport the students.\n",
            {"name": "Ana Ruiz", "title": "Foreign Minister"},
        ),
        Example(
            # Whom, as the indirect object before the letter.
            "A dozen rights groups sent President Omar Hale a letter this week asking him to urge Beijing to "
            "free the six students.\n",
            {"name": "Omar Hale", "title": "President"},
        ),
        Example(
            # Its signers after the letter's verb are no addressees.
            "Fifteen writers signed a letter on Monday. Among the novelists who signed the letter are Ana Ruiz "
            "and Jo Bell.\n",
            None,
        ),
        Example(
            # A lead's call on an office-holder, the ask opening a quotation; an Irish head of government.
            "Representative Carl Ngata (R-OH) today joined with eight of his colleagues in calling on Taoiseach "
            "Ana Ruiz to “swiftly and publicly condemn” the arrest of the student.\nThe letter was sent on "
            "Monday.\n",
            {"name": "Ana Ruiz", "title": "Taoiseach"},
        ),
    ],
)
ADDRESSEE_PRONOUN = rule(
    "reported.addressee_pronoun",
    """An addressee told of by a pronoun ("a letter it sent to him") is the person the sentence named
    before it by title and name ("President Tran's visit"), in full as the text names them elsewhere.""",
    field="recipients",
    examples=[
        Example(
            "President Ana Ruiz of Elsewhere will visit Paris next week.\nThe Refugee Aid Network takes the "
            "occasion of President Ruiz's visit to release the text of a letter it sent to her in May.\n",
            {"name": "Ana Ruiz", "title": "President"},
        ),
    ],
)
QUOTED_BLOCK = rule(
    "reported.quoted_block",
    """The addressee of a letter a release quotes whole ("The text of the letter follows:"), from the
    block above its salutation, when the release names none.""",
    field="recipients",
    examples=[
        Example(
            "Rep. Ada Byrne (D-WA) asked the Secretary to receive the families, in a letter also signed by "
            "Rep. Carl Ngata (R-OH). The text of the letter follows:\n\nMay 2, 2024\n\nThe Honorable Omar "
            "Hale\nSecretary of State\n\nDear Secretary Hale:\n\nWe urge you to receive the families.\n",
            {"name": "Omar Hale", "title": "Secretary of State"},
        )
    ],
)
APPOSED_OFFICE = rule(
    "reported.apposed_office",
    """An addressee whose name and office stand apart, set off by commas: "a letter to Jo Bell, the
    Ruritanian ambassador to Elsewhere, urging …" or "a letter to the Ruritanian ambassador, Mr Jo
    Bell, …".""",
    field="recipients",
    examples=[
        Example(
            "The Refugee Aid Network yesterday delivered a letter to Jo Bell, the Ruritanian ambassador to "
            "Elsewhere, urging Ruritania not to send the six students back.\n",
            {"name": "Jo Bell", "title": "Ruritanian ambassador to Elsewhere"},
        ),
        Example(
            "At noon, a letter of concern was delivered to the Ruritanian ambassador to Elsewhere, Mr Jo Bell, "
            "expressing concern for the six students.\n",
            {"name": "Jo Bell", "title": "Ruritanian ambassador to Elsewhere"},
        ),
    ],
)
LETTER_SENTENCE_ASK = rule(
    "reported.letter_sentence_ask",
    """What the sentence telling of the letter says it urges: "… sent a letter to X urging him to A
    and B" gives A and B (who is urged is not part of the ask).""",
    field="asks",
    examples=[
        Example(_RELEASE, {"text": "press Beijing to halt the deportations"}),
        Example(
            # Appeals to a body, "urging them to": the body is who is asked.
            "Members visited the embassy. They delivered letters about the arrests.\nThe Network directly appeals to "
            "Ruritania's leadership, urging them to free the six students.\n",
            {"text": "free the six students", "target": "Ruritania's leadership"},
        ),
        Example(
            # "appeals to X to …": the appeal, its addressee and its ask in one phrase.
            "Ana Ruiz became president in March.\nThe day of action will focus on direct appeals to Ruiz to free the "
            "six students.\n",
            {"text": "free the six students", "target": "Ana Ruiz"},
        ),
        Example(
            # "suggesting that X must …": X is whom the letter asks.
            "Intro line.\nOn the 20th, veteran human rights activist Jo Bell, president of the Refugee Aid Network, "
            "sent an open letter to a newspaper suggesting that President Tran Van Minh must free the six "
            "students.\n",
            {"text": "free the six students", "target": "Tran Van Minh"},
        ),
        Example(
            # The urging after an aside; a footnote mark after the writer's name.
            "Jo Bell* writes in a letter to MPs, in her role as adviser to the group, exhorting them to raise the "
            "detentions in Parliament.\n",
            {"text": "raise the detentions in Parliament"},
        ),
        Example(
            # What the letter was ("that was signed by …") is not what it asks.
            "In a letter to Secretary of State Omar Hale that was signed by Senators Eve Moss (R-UT) and Ian Roe "
            "(I-VT), the lawmakers expressed concern over the camps.\n",
            None,
        ),
    ],
)
DEMANDED_IN_LETTER = rule(
    "reported.demanded_in_letter",
    """What writers are told to demand before the letter that carries it: "groups demanded Beijing
    release the detainees and grant them refugee status in a joint letter to X" (one ask: the
    story's one clause of it).""",
    field="asks",
    examples=[
        Example(
            "Dozens of rights groups have demanded Ruritania release the six students and grant them asylum in a "
            "joint letter to President Tran Van Minh.\n",
            {"text": "release the six students and grant them asylum", "target": "Ruritania"},
        ),
    ],
)
# "demanded Beijing release …", "urged China to …", "asked the Minister not to …" before "in a letter".
# "urge Secretary of State X in a letter …": whom a sentence asks, right before the letter.
_URGED_BEFORE = re.compile(
    r"\b(?:urg(?:es|ed|e|ing)|ask(?:s|ed|ing)?|press(?:es|ed|ing)?|call(?:s|ed|ing)?\s+(?:on|upon))\s+"
    r"(?P<who>(?-i:[A-Z])[\w.'’-]*(?:\s+(?:of\s+)?(?-i:[A-Z])[\w.'’-]*){0,6})\s*$"
)
_TO_VERB = re.compile(r"\s*(?:not\s+)?(?:[a-z]+ly\s+)?(?-i:[a-z])")
_DEMANDED_BEFORE = re.compile(
    r"\b(?:demand(?:s|ed)?|urg(?:es|ed|e)|ask(?:s|ed)?|call(?:s|ed)?\s+(?:on|upon)|press(?:es|ed)?|implor(?:es|ed|e))\s+"
    r"(?P<who>(?:the\s+)?(?-i:[A-Z])[\w.'’-]*(?:\s+(?:of\s+)?(?-i:[A-Z])[\w.'’-]*){0,3})\s+"
    rf"(?:(?P<neg>not\s+)?to\s+|(?=(?:[a-z]+ly\s+)?{_VERB}\b))"
)
THEY_BEFORE = rule(
    "reported.they_before",
    """The writers of letters told of as "They … read letters appealing to …": the people the sentence
    before names by what they are ("actor Jo Bell and other actors held a press conference").""",
    field="senders",
    examples=[
        Example(
            "At noon, actor Jo Bell and several other actors held a press conference. They sang and read letters "
            "appealing to the Ruritanian government to free the six students.\n",
            {"name": "Jo Bell", "title": "actor"},
        ),
    ],
)
TOLD_ASK = rule(
    "reported.told_ask",
    """The release's own account of what the letter asks, in another sentence: "In the letter, they
    asked the Secretary to …", "The letter calls upon China to …", "It called for …".""",
    field="asks",
    examples=[
        Example(_RELEASE, {"text": "receive the families"}),
        Example(
            # The quotation closes before its speaker.
            "Representative Carl Ngata (R-OH) sent a letter to President Omar Hale on Monday.\n“I’m urging "
            "President Hale to extend protection for the families,” said Representative Ngata.\n",
            {"text": "extend protection for the families"},
        ),
        Example(
            # Examples of one thing asked, joined by "and", are one ask.
            "Senator Ada Byrne (D-WA) sent a letter to Secretary of State Omar Hale on Monday.\nIn the letter, "
            "the senator asked the Secretary to explore alternatives to detention, such as release and release "
            "on bond.\n",
            {"text": "explore alternatives to detention, such as release and release on bond"},
        ),
    ],
)

SAID_IN_LETTER = rule(
    "reported.said_in_letter",
    """A writer quoted as saying the letter's words: "'…,' Jo Bell wrote in the letter", "…, said Jo
    Bell, chairman of the Refugee Aid Network in the letter", "Jo Bell said in the letter", "the
    network's director Jo Bell writes: '…'".""",
    field="senders",
    examples=[
        Example(
            "The Refugee Aid Network delivered a letter to Ambassador Ana Ruiz on Monday. \u201cTheir plight is "
            "grave,\u201d said Jo Bell, chairman of the Refugee Aid Network in the letter.\n",
            {"name": "Jo Bell", "title": "chairman of the Refugee Aid Network"},
        ),
        Example(
            'The group sent a letter to President Tran Van Minh. "The six students face torture," Omar Hale '
            "wrote in the letter.\n",
            {"name": "Omar Hale"},
        ),
    ],
)
WRITER_MUST = rule(
    "reported.writer_must",
    """What a writer of the letter, quoted, says someone must do: "Therefore, 'the authorities must
    let them leave,' Bell said" after Bell is named as its writer, each sentence of the quotation
    one ask ("the letter said China must …" is reported.says_should).""",
    field="asks",
    examples=[
        Example(
            "The Refugee Aid Network delivered a letter to Ambassador Ana Ruiz on Monday. \u201cTheir plight is "
            "grave,\u201d said Jo Bell, chairman of the Refugee Aid Network in the letter. Therefore, \u201cthe "
            "authorities must let the six students leave for a third country,\u201d Bell said.\n",
            {"text": "let the six students leave for a third country"},
        ),
        Example(
            # The quotation after its speaker; a duty shared with the writers' own side asks nothing.
            "Senator Ada Byrne sent a letter to Secretary of State Omar Hale on Monday. Byrne wrote: \u201cThe "
            "Secretary and Congress must work together. Ruritania must release the six students at once.\u201d\n",
            {"text": "release the six students at once", "target": "Ruritania"},
        ),
    ],
)
SAYS_SHOULD = rule(
    "reported.says_should",
    """What a letter is told to say someone should do: "a letter to X, which says China should
    protect them and let the refugees travel to a third country" gives two asks.""",
    field="asks",
    examples=[
        Example(
            "The Refugee Aid Network said it has sent a letter to Prime Minister Ana Ruiz, which says the "
            "government should free the nine detainees and let them travel to a third country.",
            {"text": "free the nine detainees and let them travel to a third country"},
        )
    ],
)

PETITION_PRAYER = rule(
    "reported.petition_prayer",
    """A petition presented or told of by its prayer, when nothing else tells of a letter: "The
    undersigned citizens call upon the House to A, and B" or "The petitioners therefore request the
    Government to A" gives A and B; who presents it did not write it.""",
    field="asks",
    examples=[
        Example(
            "Mr. Speaker, I present a petition signed by residents of three towns. The undersigned citizens call "
            "upon the House of Commons to support the motion and ensure that the refugees are not deported.\n",
            {"text": "ensure that the refugees are not deported"},
        ),
        Example(
            # Not a prayer: the citizens are told of, they do not petition.
            "Mr. Speaker, many citizens call upon us every week to support the motion.\n",
            None,
        ),
    ],
)
PETITION_TO = rule(
    "reported.petition_to",
    """The addressees of a petition page, from its "To:" line at the top: "To: Home Secretary Jo Bell"
    (the petition sites' form; each named person on the line is one addressee).""",
    field="recipients",
    examples=[
        Example(
            "To: Home Secretary Jo Bell\n\nStop the deportations\n\nUrge Home Secretary Jo Bell to halt the "
            "deportation of the six students.\n\nWhy is this important?\n\nThey face prison.\n",
            {"name": "Jo Bell", "title": "Home Secretary"},
        ),
        Example(
            # A "To:" line deep in a story is a quoted message's, not the page's.
            "Ana Ruiz is a teacher.\n\nShe wrote many notes over the years to her pupils and friends.\n\nOne of "
            "them read:\n\nTo: Home Secretary Jo Bell\n",
            None,
        ),
    ],
)
PETITION_IMPERATIVE = rule(
    "reported.petition_imperative",
    """What a petition page asks, in its imperative to the reader: "Urge Home Secretary Jo Bell to
    rethink the policy" gives "rethink the policy" (the page carries a "To:" line at the top).""",
    field="asks",
    examples=[
        Example(
            "To: Home Secretary Jo Bell\n\nStop the deportations\n\nUrge Home Secretary Jo Bell to halt the "
            "deportation of the six students.\n\nWhy is this important?\n\nThey face prison.\n",
            {"text": "halt the deportation of the six students", "target": "Jo Bell"},
        ),
    ],
)
PETITION_VOICE = rule(
    "reported.petition_voice",
    """What a petition page asks in its own voice, when it says nothing to the reader: under its
    "Submit to:" list, "We urgently call on the Government to end the deportations" gives "end the
    deportations".""",
    field="asks",
    examples=[
        Example(
            "Stop the deportations\nSubmit to:\n-\nThe Government of Ruritania\n-\nUN bodies\nSubject: We "
            "urgently call on the Government of Ruritania to end the deportation of the six students.\n",
            {"text": "end the deportation of the six students"},
        ),
    ],
)
# A petition page's head: "To: Home Secretary Jo Bell" within its first lines; "Submit to:" and its
# addressees listed on the lines below.
_PETITION_TO = re.compile(
    r"\A(?:[ \t]*[^\n]{0,200}\n){0,3}?[ \t]*(?:(?:Submit|Submitted|Sent|Addressed|Delivered)\s+to|To):[ \t]*"
    # Listed: short lines, none a labelled one ("Subject: …") or a sentence.
    r"(?P<to>[^\n]{3,300}\n|\n(?:[ \t]*[-•*]?[ \t]*\n?[ \t]*(?![^\n]*:)[^\n]{2,120}(?<![.!?])\n){1,8})",
)
_TO_SEP = re.compile(r"\s*(?:;|,\s*(?:and\s+)?(?=(?-i:[A-Z]))|\s+and\s+(?=(?-i:[A-Z])))")
_OFFICE_THEN_WORDS = re.compile(
    rf"(?P<title>(?:[A-Z][\w-]*\s+)*?{people._TITLE_START})\s+(?P<name>(?-i:[A-Z][\p{{Ll}}'’-]+)(?:\s+(?-i:[A-Z][\p{{Ll}}'’-]+)){{1,2}})"
)
# "Urge Home Secretary Jo Bell to rethink …", "Ask the Minister not to …": the petition's imperative.
_IMPERATIVE = re.compile(
    r"^[ \t]*(?:Urge|Ask|Tell|Call\s+(?:on|upon)|Press|Demand\s+that|Get)\s+(?P<who>[^\n,;.]{2,120}?)\s+"
    r"(?P<neg>not\s+)?to\s+(?=[a-z])",
    re.M,
)


def _petition_page(ctx: Context) -> Letter | None:
    """A petition page in its own words: its "To:" line and its imperative to the reader."""
    text = ctx.text
    head = _PETITION_TO.match(text)
    if head is None:
        return None
    recipients = []
    listed = head.group("to").strip()
    # One addressee a line under "Submit to:", each behind its bullet; or several on the "To:" line.
    parts = [p.strip(" \t-•*") for p in listed.splitlines()] if "\n" in listed else _TO_SEP.split(listed)
    for part in (p for p in parts if p):
        # An office then capitalised words: on a "To:" line they are a name even where a word of it is
        # a month's ("Home Secretary Theresa May").
        office = _OFFICE_THEN_WORDS.fullmatch(part.strip())
        found = people.split_title_name(part) or (
            (office.group("name"), office.group("title")) if office else None
        )
        # A listed line names bodies as often as people ("International Monitoring Bodies"): it is a
        # person's when an office names them ("Prime Minister Jo Bell").
        if found and ("\n" not in listed or people.TITLE_START_RE.search(found[1] or "")):
            a = head.start("to") + head.group("to").find(part)
            recipients.append(make_party(text, a, a + len(part), *found, confidence=0.7))
    asks: list[Ask] = []
    for m in _IMPERATIVE.finditer(text, head.end()):
        who = " ".join(m.group("who").split())
        found = people.split_title_name(who)
        target = found[0] if found else who
        begin = m.start("neg") if m.group("neg") else m.end()
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        asks.extend(make_ask(text, a, b, target, 0.6) for a, b in split_asks(text, begin, end))
        break
    by_rule(PETITION_IMPERATIVE, asks)
    if not asks:
        # No imperative to the reader: the petition's own voice ("We urgently call on the
        # Government to end …"), read as a letter's body is.
        body = [(a, b) for a, b in ctx.sentence_bounds() if a >= head.end()]
        recipient = recipients[0].name if recipients else None
        asks = by_rule(PETITION_VOICE, asks_in(text, body, recipient, 0.6, own_voice=True))
    if not recipients and not asks:
        return None
    letter = Letter(start=head.start("to"), end=head.end("to"), quote=head.group("to"), confidence=0.6,
                    extractor=EXTRACTOR, reported=False)  # fmt: skip
    letter.recipients = by_rule(PETITION_TO, recipients)
    letter.asks = asks
    return letter


STARTED_PETITION = rule(
    "reported.started_petition",
    """A petition told of by who started it: "he started a petition calling on world leaders including
    Foreign Minister Jo Bell and Ana Ruiz to free the students" gives its starter (the person "he"
    stands for), the people named among those it calls on, and its ask.""",
    field="asks",
    examples=[
        Example(
            "Omar Hale fled Elsewhere in 2019.\nOmar's brother is held at the border, so he started a petition "
            "calling on leaders including Foreign Minister Jo Bell and Ana Ruiz to free the detainees.\n",
            {"text": "free the detainees"},
        ),
    ],
)
CALL_ELSEWHERE = rule(
    "reported.call_elsewhere",
    """What a letter told of asks, when the sentence that tells of it asks nothing: a later sentence
    telling of a letter by its call ("… by sending a letter to the Governor requesting that the
    province free the students").""",
    field="asks",
    examples=[
        Example(
            "Please consider sending a letter to President Ana Ruiz: Friday is our day of action.\nWe invite everyone to take part by mailing a "
            "letter to President Ana Ruiz requesting that the Republic release the nine students.\n",
            {"text": "release the nine students"},
        ),
    ],
)
QUOTED_WRITER = rule(
    "reported.quoted_writer",
    """A letter told of by its quoted words with its writer named after them: "“If you mean to host the
    Games, free the students,” wrote league president Dr. Jo Bell, in a letter." gives Jo Bell and
    "free the students"; the writer's next quotation ("“…,” she demanded.") asks too.""",
    field="senders",
    examples=[
        Example(
            "“If you mean to host the Games, free the nine students,” wrote league president Dr. Ana Ruiz, in a "
            "letter.\n\n“Release them before the opening,” she demanded.\n",
            {"name": "Ana Ruiz"},
        ),
    ],
)
TOLD_CALL_ONLY = rule(
    "reported.told_call_only",
    """Letters or petitions told of only by what they call for, when no writer or addressee is named:
    "Volunteers are delivering petitions at 12:00 noon to the embassies calling upon them to end the
    returns" gives "end the returns".""",
    field="asks",
    examples=[
        Example(
            "On Friday volunteers in six cities are delivering petitions at 12:00 noon to the embassies calling "
            "upon them to end the deportation of the students.\n",
            {"text": "end the deportation of the students"},
        ),
    ],
)
UNDERSIGNED = rule(
    "reported.undersigned_words",
    """A petition's words, quoted on the page that carries it: from "We, the undersigned" on, its
    sentences ask in its own voice ("We urge you to A", "We ask that you B").""",
    field="asks",
    examples=[
        Example(
            "Sign today and tell the ministry to act.\n\nThe text:\n\n  We, the undersigned, are worried about "
            "six students held in Lam Dong. We respectfully urge you to release the six students.\n",
            {"text": "release the six students"},
        ),
        Example(
            # Without the petition's opening, a page's "we urge" is its own voice, not a petition's.
            "Six students are held in Lam Dong. We respectfully urge you to read more.\n",
            None,
        ),
    ],
)
PETITION_HEADING = rule(
    "reported.petition_heading",
    """What a petition page asks in its heading, in the imperative ("Petition Grant asylum to the six
    students", "Ruritania. Please free the six students!"), and its own requests ("We ask Ruritania to
    A"), when the page's text says no more; the page is one by its words ("This petition", "petition to
    … was written by") or its address.""",
    field="asks",
    examples=[
        Example(
            "This petition was closed early\n\nPetition Grant asylum to the six students held in Lam Dong.\n\n"
            "They face prison.\n\n120 signatures\n",
            {"text": "Grant asylum to the six students held in Lam Dong"},
        ),
        Example(
            # A heading that opens with a name, not a verb, is a title.
            "This petition was closed early\n\nPetition Students of Lam Dong\n\nThey face prison.\n",
            None,
        ),
    ],
)
PETITION_WRITER = rule(
    "reported.petition_writer",
    """Who wrote a petition, as the page says of it: "The Free the students petition to the Ministry was
    written by jo bell" (a site's user name, which may be in lower case).""",
    field="senders",
    examples=[
        Example(
            "We ask Ruritania to free the six students.\n\nThe Free the students petition to the Ministry was "
            "written by jo bell and is in the category Human Rights.\n",
            {"name": "jo bell"},
        )
    ],
)


# "he started a petition on Change.org calling on world leaders including A and B to …".
_STARTED = re.compile(
    r"\b(?P<who>(?-i:he|she|[A-Z][\p{Ll}'’-]+(?:\s+[A-Z][\p{Ll}'’-]+){0,2}))\s+(?:has\s+|had\s+)?"
    r"(?:started|launched|created|set\s+up|began)\s+(?:a|an)\s+(?:online\s+)?petition\b(?:[^.;:]|\.(?=\w)){0,60}?,?\s+"
    r"calling\s+(?:on|upon)\s+(?P<to>(?:[^.;:]|(?<=\b[A-Z])\.|\.(?=\w)){2,250}?)\s+(?P<neg>not\s+)?to\s+(?=[a-z])"
)
_INCLUDING = re.compile(r"\b(?:including|such\s+as|among\s+them)\s+")
_POSSESSOR = re.compile(r"^(?:the\s+)?(?P<of>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})['’]s\s+")


def _started_petition(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """A petition told of by who started it and whom it calls on: its starter, the people named
    among its addressees, and what it asks."""
    text = ctx.text
    for s, e in sentences_having(text, sentences, ("petition",)):
        m = _STARTED.search(text, s, e)
        if m is None:
            continue
        asks = [
            make_ask(text, a, b, None, 0.6)
            for a, b in split_asks(text, m.end() if not m.group("neg") else m.start("neg"), e)
        ]
        if not asks:
            continue
        letter = Letter(start=s, end=e, quote=text[s:e], confidence=0.6, extractor=EXTRACTOR, reported=True)
        letter.asks = by_rule(STARTED_PETITION, asks)
        named = _INCLUDING.search(text, m.start("to"), m.end("to"))
        recipients = []
        if named is not None:
            for part in _NAME_SEP.split(text[named.end() : m.end("to")]):
                part = part.strip()
                owner = _POSSESSOR.match(part)
                title = None
                if owner is not None:
                    part, title = part[owner.end() :], owner.group("of")
                found = people.split_title_name(part)
                if found is None:
                    continue
                a = text.index(part, named.end())
                recipients.append(
                    make_party(text, a, a + len(part), found[0], found[1] or title, confidence=0.6)
                )
        letter.recipients = by_rule(STARTED_PETITION, recipients)
        who = m.group("who")
        writer = (
            _last_named(text, m.start()) if who.lower() in {"he", "she"} else _full_name(text, who, m.start())
        )
        if writer is not None:
            letter.senders = by_rule(
                STARTED_PETITION,
                [make_party(text, m.start("who"), m.end("who"), writer[0], writer[1], confidence=0.6)],
            )
        return letter
    return None


def _last_named(text: str, before: int) -> tuple[str, str | None] | None:
    """The person a pronoun stands for: of the people named in full before, the one mentioned last
    (by given name or surname alone as well)."""
    best: tuple[int, str] | None = None
    for m in _FULL_NAME.finditer(text, 0, before):
        # "Moses Bak's friend": the possessive is not part of the name.
        name = _POSSESSIVE_END.sub("", m.group())
        if not people.is_name(name):
            continue
        last = max(
            (
                x.start()
                for w in (name.split()[0], name.split()[-1])
                for x in re.finditer(rf"\b{re.escape(w)}\b", text[:before])
            ),
            default=m.start(),
        )
        if best is None or last > best[0]:
            best = (last, people.clean_name(name))
    return (best[1], None) if best else None


_FULL_NAME = re.compile(people.NAME)
_POSSESSIVE_END = re.compile(r"['’]s?$")


def _told_call_only(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """Letters or petitions told of only by what they call for, their writers and addressees unnamed:
    "coordinators are delivering petitions to the embassies calling upon them to end the returns"."""
    asks = by_rule(TOLD_CALL_ONLY, told_calls(ctx.text, sentences))
    if not asks:
        return None
    first = asks[0]
    letter = Letter(start=first.start, end=first.end, quote=first.quote, confidence=0.5, extractor=EXTRACTOR,
                    reported=True)  # fmt: skip
    letter.asks = asks
    # An appeal to its readers: "Write to the King urging him to: … Write to: His Majesty King X".
    letter.recipients = by_rule(ADDRESSEE, written_to(ctx.text))
    return letter


# "“…,” wrote KCC president the Rev. Jo Bell, in a letter.": the writer after the letter's quoted words.
_WROTE_IN_LETTER = re.compile(
    r"[”\"]\s*,?\s*wrote\s+(?P<who>[^,\n]{3,120}?),\s+in\s+(?:a|an|the|his|her|their)\s+(?:open\s+|joint\s+)?letter\b"
)
_QUOTE_OPEN = re.compile(r"[“\"]")
# "… he demanded.": the writer's next quotation, said in the same voice.
_SAID_AGAIN = re.compile(r"[”\"]\s*,?\s*(?:he|she|they)\s+(?:demanded|urged|added|wrote|continued|pleaded)\b")
# An imperative in quoted words: where the quotation (or a quotation in it) opens, or after a
# condition ("if you want to host the Games, stop …").
_QUOTED_IMPERATIVE = re.compile(
    rf"(?:(?<=[“\"‘'])|(?<=\bif\b[^,]{{3,200}}(?:,[^,]{{3,120}})?,\s))(?P<verb>(?i:{lexicon.alternation(lexicon.words('letters.petition_verbs'))}))\s+(?=\w)"
)


def _quoted_then_writer(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """A letter told of by its quoted words, its writer named after them ("“…,” wrote Jo Bell, in a
    letter"): the writer, and the imperatives of the quotation and of the writer's next one."""
    text = ctx.text
    m = _WROTE_IN_LETTER.search(text)
    if m is None:
        return None
    names = [x for x in _FULL_NAME.finditer(text, m.start("who"), m.end("who")) if people.is_name(x.group())]
    if not names:
        return None
    quotes = []
    opening = text.rfind("\n", 0, m.start()) + 1
    q = _QUOTE_OPEN.search(text, opening, m.start())
    if q is not None:
        quotes.append((q.end(), m.start()))
    line_end = text.find("\n", m.end())
    nxt = _QUOTE_OPEN.search(text, line_end if line_end >= 0 else m.end(), min(len(text), m.end() + 600))
    if nxt is not None:
        again = _SAID_AGAIN.search(text, nxt.end(), min(len(text), nxt.end() + 600))
        if again is not None:
            quotes.append((nxt.end(), again.start()))
    asks = []
    for a, b in quotes:
        for v in _QUOTED_IMPERATIVE.finditer(text, a, b):
            if v.start() > a and text[v.start()].isupper() and text[v.start() - 1] not in "“\"‘'":
                continue
            end = b
            while end > v.start() and text[end - 1] in " ,.'’‘\"":
                end -= 1
            asks.append(make_ask(text, v.start(), end, None, 0.6))
            break
    name = names[-1]
    letter = Letter(start=m.start(), end=m.end(), quote=text[m.start() : m.end()], confidence=0.5,
                    extractor=EXTRACTOR, reported=True)  # fmt: skip
    letter.senders = by_rule(
        QUOTED_WRITER, [make_party(text, *name.span(), people.clean_name(name.group()), None, confidence=0.6)]
    )
    letter.asks = by_rule(QUOTED_WRITER, asks)
    return letter


# "We, the undersigned, …": where a petition's own words begin.
_UNDERSIGNED = re.compile(r"\bWe,?\s+the\s+undersigned\b")


def _undersigned(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """A petition's words, quoted whole on its page: the asks of its sentences in its own voice."""
    text = ctx.text
    m = _UNDERSIGNED.search(text)
    if m is None:
        return None
    # The petition's words run on from its opening; a page's footer stands well below.
    # An opening that asks itself ("We, the undersigned, call upon the House to …") is a prayer, read
    # by PETITION_PRAYER when it tells of this subject; the words after an opening that only
    # introduces are read here.
    own = [(s, e) for s, e in sentences if s > m.end() and s < m.start() + 3000]
    opening = next(((s, e) for s, e in sentences if s <= m.start() < e), None)
    if opening is not None and asks_in(text, [opening], None, own_voice=True):
        return None
    asks = by_rule(UNDERSIGNED, dedupe(asks_in(text, own, None, confidence=0.7, own_voice=True)))
    if not asks:
        return None
    letter = Letter(start=m.start(), end=own[-1][1], quote=text[m.start() : own[-1][1]], confidence=0.6,
                    extractor=EXTRACTOR, reported=True)  # fmt: skip
    letter.asks = asks
    return letter


# "Current Signers:", "Signatories:", "Co-signers:" at the start of a line: a sign-on page's list.
_SIGNERS_LABEL = re.compile(
    r"^[ \t]*(?:(?:current|other|original|additional)\s+)?(?:co-?signers|cosigners|signers|signatories|co-?signatories)"
    r"[ \t]*:[ \t]*\n?",
    re.I | re.M,
)


_SUFFIX_AFTER = re.compile(rf",\s*(?P<suffix>{people.GENERATIONAL})(?!\w)")


def _signers_listed(ctx: Context) -> Letter | None:
    text = ctx.text
    m = _SIGNERS_LABEL.search(text)
    if m is None:
        return None
    end = text.find("\n\n", m.end())
    end = len(text) if end < 0 else end
    signers = [p for p in _listed_names(text, m.end(), end) if people.is_name(p.name)]
    for p in signers:
        # "Bill Pascrell, Jr.": the comma of a list is not the one before a suffix.
        if p.title and (suffix := _SUFFIX_AFTER.match(text, p.end, end)):
            p.name, p.title = f"{p.name} {suffix.group('suffix')}", None
            p.end = suffix.end()
            p.quote = text[p.start : p.end]
    if len(signers) < 2:
        return None
    letter = Letter(start=m.start(), end=end, quote=text[m.start() : end], confidence=0.6, extractor=EXTRACTOR,
                    reported=True)  # fmt: skip
    letter.senders = by_rule(SIGNERS_LISTED, signers)
    return letter


_PETITION_SIGN = re.compile(
    r"\b(?:[Tt]his\s+petition|petition\s+to\b[^\n]{0,80}\bwas\s+(?:written|started|created))|^Petition\s",
    re.M,
)
_PETITION_ADDRESS = re.compile(r"petition|change\.org|/p/", re.I)
_PETITION_VERB = lexicon.alternation(lexicon.words("letters.petition_verbs"))
# "Petition Grant asylum …", "UK & Europe. Please grant asylum …!", "Please... Save the students....":
# a heading line, its addressee and "Please" before the imperative.
_HEADING_ASK = re.compile(
    rf"^[ \t]*(?:Petition:?\s+|[^\n.!?]{{1,40}}[.:]\s+(?=Please\b)|)(?:Please\b[.…\s]*)?"
    rf"(?P<ask>(?i:{_PETITION_VERB})\b[^\n]{{8,200}}?)[.!…\s]*$",
    re.M,
)
_WRITTEN_BY = re.compile(
    r"\bpetition\s+to\b[^\n]{0,80}?\bwas\s+(?:written|started|created)\s+by\s+"
    r"(?P<name>[\w'’-]+(?:\s+(?!and\b|is\b|in\b)[\w'’-]+){0,2}?)(?=\s+(?:and|is|in|on)\b|[.,]|$)"
)


def _petition_heading(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """A petition page that quotes no petition text: the imperative of its heading and its own requests."""
    text = ctx.text
    address = f"{ctx.meta.get('url') or ''} {ctx.meta.get('publisher') or ''}"
    if _PETITION_SIGN.search(text) is None and not _PETITION_ADDRESS.search(address):
        return None
    if _UNDERSIGNED.search(text):
        # The petition's own words are quoted: the prayer and the words after it say what it asks.
        return None
    asks = dedupe(asks_in(text, sentences, None, confidence=0.6))
    head = _HEADING_ASK.search(text)
    if head is not None and not any(related_asks(head.group("ask"), a.text) for a in asks):
        asks.insert(0, make_ask(text, *head.span("ask"), None, 0.6))
    if not asks:
        return None
    letter = Letter(start=0, end=len(text), quote=text[:200], confidence=0.5, extractor=EXTRACTOR,
                    reported=True)  # fmt: skip
    letter.asks = by_rule(PETITION_HEADING, asks)
    writer = _WRITTEN_BY.search(text)
    if writer is not None:
        a, b = writer.span("name")
        letter.senders = by_rule(PETITION_WRITER, [make_party(text, a, b, text[a:b], None, confidence=0.6)])
    return letter


# "The undersigned (citizens) call upon …", "(Your) petitioners (therefore) request …": the prayer
# of a petition, in the words every petition uses.
_PRAYER = re.compile(
    r"\b(?:the\s+)?(?:undersigned|petitioners)(?:\s+[a-z]+){0,2}?\s+(?:hereby\s+|therefore\s+)?"
    r"(?:call(?:s)?\s+(?:up)?on|urge|request|ask)\b",
    re.I,
)


def _petition(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    text = ctx.text
    for s, e in sentences_having(text, sentences, ("undersigned", "petitioners")):
        if not _PRAYER.search(text, s, e):
            continue
        asks = by_rule(PETITION_PRAYER, asks_in(text, [(s, e)], None, confidence=0.7))
        if not asks:
            continue
        letter = Letter(start=s, end=e, quote=text[s:e], confidence=0.6, extractor=EXTRACTOR, reported=True)
        letter.asks = asks
        return letter
    return None


_SAID_END = re.compile(
    r"\s+(?:said|says|wrote|writes|stated|states|added|noted|argued"
    # "Song, chairperson of the commission, made the call in his letters to …"
    r"|made\s+(?:the|this|that|his|her|their)\s+(?:call|appeal|request|plea))\s*$"
)
_QUOTE_THEN_SPEAKER = re.compile(r"[,.!?]?[”\"]\s*,?\s+(?=[A-Z])")
_CLAUSE_WORD = re.compile(r"\b(?:said|after|when|while|which|who|that)\b", re.I)
# "Sens. A, R-South Dakota; B, D-Vermont; and C": semicolons between members with their states.
_LIST_SEP = re.compile(r"\s*(?:[,;]\s*(?:and\s+)?|and\s+|&\s+)")
# "Chairman Engel (D-NY)": a surname alone only with a member's party and state after it.
_REPORTED_NAME = re.compile(rf"(?P<name>{people.NAME}|(?-i:[A-Z][a-z]+)(?={DISTRICT}))(?:{DISTRICT})?")
_REPORTED_TITLE_AT = re.compile(REPORTED_TITLE)
_REPORTED_TITLE_RE = re.compile(rf"(?<![\w-]){REPORTED_TITLE}\s+")
_SINGULAR = {
    "congressmen": "Congressman",
    "congresswomen": "Congresswoman",
    "senators": "Senator",
    # The short forms are written out: the title says the chamber ("Rep." is a Representative).
    "sens.": "Senator",
    "sen.": "Senator",
    "representatives": "Representative",
    "reps.": "Representative",
    "rep.": "Representative",
    "u.s. senators": "U.S. Senator",
    "u.s. representatives": "U.S. Representative",
    "members of congress": "Member of Congress",
    "mps": "MP",
    "meps": "MEP",
}


def reported_letter(ctx: Context) -> Letter | None:
    letter = _reported_letter(ctx)
    if letter is not None and not letter.recipients:
        letter.recipients = by_rule(QUOTED_BLOCK, quoted_block_recipients(ctx.text, letter.start))
    if letter is not None:
        # "The appeal comes from Timothy Cho": a writer the story names apart, however it told of the letter.
        sentences = ctx.sentence_bounds()
        writers = _comes_from(ctx.text, sentences, letter.senders)
        letter.senders.extend(by_rule(LETTER_SUBJECT, writers))
        if not any(people.is_name(p.name) for p in letter.senders):
            # "Among the 40 signatories were A, B and C": the signers named apart, however the
            # story told of the letter (its own words quoted, then "the senators said").
            letter.senders.extend(by_rule(JOINED, _joined(ctx.text, sentences, [])))
        # What the letter, quoted, says someone should do, however the story told of it.
        must = [
            t
            for t in _writer_must(ctx.text, letter.senders)
            if not any(same_ask(t.text, a.text) for a in letter.asks)
        ]
        letter.asks = dedupe([*letter.asks, *by_rule(WRITER_MUST, must)])
    return letter


def _reported_letter(ctx: Context) -> Letter | None:
    sentences = ctx.sentence_bounds()
    return (
        _letter_sentence(ctx, sentences)
        or _signed_letter(ctx, sentences)
        or _appealing_letter(ctx, sentences)
        or _petition(ctx, sentences)
        or _petition_page(ctx)
        or _undersigned(ctx, sentences)
        or _started_petition(ctx, sentences)
        or _petition_heading(ctx, sentences)
        or _quoted_then_writer(ctx, sentences)
        or _told_call_only(ctx, sentences)
        or _told_request(ctx, sentences)
        or _signers_listed(ctx)
        # Read last, since a story that tells of its letter so often tells of its asks in other
        # words that the rules above read better: "In a letter sent to the Chinese government on
        # Wednesday, UNHCR protested …" (the writer after the letter's phrase); "The families
        # petitioned Prime Minister Shinzo Abe on Friday to …" (a petition told by its verb).
        or _letter_sentence(ctx, sentences, last_resort=True)
    )


# The day a story says something was done, without its date ("on Monday", "yesterday").
_DAY_TOLD = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
_DAY_THEN_TO = re.compile(rf"\s+(?:(?:on\s+)?(?:{_DAY_TOLD})\s+)?to\s+(?=[a-z]{{3,}}\b)")
_PETITIONED = re.compile(r"\bpetition(?:ed|s)\b(?=\s+(?:the\s+)?(?-i:[A-Z]))")
# How far a release's lead reaches, in sentences (its headline and subheading among them).
_LEAD_SENTENCES = 4
# How a release's lead tells of its members' letter without naming it, where the text names it
# later: "Senator A and Representative B are leading their colleagues in calling on President C to
# …", "Senator A was joined today by Senators B and C in urging Secretary D to …", "Senators A and
# B, along with 13 of their colleagues, today pressed the Secretary of State to …" (the last only
# with a member's title before it: any lead may say who urged whom).
_LEAD_VERB = re.compile(
    r"\b(?:lead|leads|leading|led|joined|join|joins|joining)\b(?:[^.;“”\"]|\.(?=[\w)])){1,250}?\s\K"
    r"in\s+(?:calling\s+(?:on|upon)|urging|pressing)\b(?=\s+(?:the\s+)?(?-i:[A-Z]))"
    r"|\b(?:urged|urges|urging|pressed|presses|pressing|called\s+(?:on|upon)|calls\s+(?:on|upon)|calling\s+(?:on|upon))\b"
    r"(?=\s+(?:the\s+)?(?-i:[A-Z]))"
)
# "sent a letter today, February 28, to X", "wrote a letter on Monday to X": when, between the
# letter and whom it went to.
_WHEN_THEN_TO = re.compile(
    rf"\s*,?\s*(?:(?:on|last|this|earlier\s+this)\s+)?(?:{_DAY_TOLD}|week|month|(?:{MONTH_NAME})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTH_NAME}))"
    rf"(?:\s*,\s*(?:(?:{MONTH_NAME})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTH_NAME})))?(?:,?\s+\d{{4}})?\s*,?\s+to\b(?=\s+(?:the\s+)?(?-i:[A-Z]))"
)


def _letter_sentence(
    ctx: Context, sentences: list[tuple[int, int]], last_resort: bool = False
) -> Letter | None:
    """The first sentence that tells of a letter by its verb, with its writers, addressees and asks."""
    text = ctx.text
    told_later = bool(_LETTER_NOUN.search(text))
    for k, (s, e) in enumerate(sentences):
        low = text[s:e].lower()
        in_lead = told_later and k < _LEAD_SENTENCES
        if (
            not any(w in low for w in ("letter", "appeal", "petition", "e-mail", "email"))
            and "wrote" not in text[s:e]
            and "written" not in text[s:e]
            and "in writing to" not in text[s:e]
            and not in_lead
            # "… expressed their concerns to X. … The letter …": concern told of, then its letter.
            and not ("concern" in low and "letter" in text[e : _after(sentences, e, 2)].lower())
        ):
            continue
        verb = (
            _LETTER_VERB.search(text, s, e)
            or (_PETITIONED.search(text, s, e) if last_resort else None)
            or (_lead_verb(text, s, e) if in_lead else None)
        )
        if not verb:
            continue
        subject, subject_end = _subject_start(text, s, verb.start()), verb.start()
        if verb.groupdict().get("rel"):
            subject, subject_end = verb.span("rel")
        elif verb.groupdict().get("by"):
            subject, subject_end = verb.span("by")
        elif not text[subject:subject_end].strip() and verb.group().lower().startswith("in "):
            after = _WRITER_AFTER.search(text, verb.end(), e)
            # At first only members named by their title ("In a letter to X on Dec. 19, Rep. A
            # said …"): other writers after the letter are left to the passes that read them.
            if after is not None and (
                last_resort
                or _MEMBER_TITLE.search(after.group("who"))
                or _DISTRICT_IN.search(after.group("who"))
            ):
                subject, subject_end = after.span("who")
        # "“We urge you to …,” Jane Doe, chair of X, said in an open letter to Y": the writer
        # stands after the quotation, and the quotation is the letter's own words.
        own_words = None
        closing = _QUOTE_THEN_SPEAKER.search(text, subject, subject_end)
        if closing is not None:
            own_words = (s, closing.start())
            subject = closing.end()
        # "Jane Doe MP has today sent …": the auxiliary and its adverbs are no part of the writer.
        aux = _AUX_END.search(text, subject, subject_end)
        if aux is not None:
            subject_end = aux.start()
        # "Jane Doe said in a letter to …": the writer is who said it.
        said = _SAID_END.search(text, subject, subject_end)
        if said is not None:
            subject_end = said.start()
        # A footnote mark after the writer's name ("Timothy Cho* writes") is not part of it.
        mark = _FOOTNOTE_END.search(text, subject, subject_end)
        if mark is not None:
            subject_end = mark.start()
        # "… have called on Thailand to …. The appeal was highlighted in a letter": the appeal told
        # just before stands for its writers as a group does.
        group = bool(
            _GROUP_SUBJECT.search(text[subject:subject_end])
            or _APPEAL_SUBJECT.match(text, subject, subject_end)
        )
        senders = (
            _reported_senders(text, subject, subject_end)
            or _untitled_members(text, subject, subject_end)
            or _appositive_subject(text, subject, subject_end)
            or _leader_and_others(text, subject, subject_end)
            or _surname_subject(text, subject, subject_end)
            or _surnames_listed(text, subject, subject_end)
            or _said_he(text, subject, subject_end)
            or _semicolon_list(text, subject, subject_end)
            or _postnominal_subject(text, subject, subject_end)
            or _acronym_subject(text, subject, subject_end)
            or _organisation_said_it(text, subject, subject_end)
            or _included(text, subject, subject_end)
            or (_previous_members(text, sentences, k) if group else [])
            or _counted_members_before(text, sentences, k, subject, subject_end)
            or (
                _members_named_after(text, sentences, k)
                if _COUNTED_MEMBERS.search(text[subject:subject_end])
                else []
            )
            or _affiliated_subject(text, subject, subject_end)
            or _reported_organisations(text, subject, subject_end)
        )
        by_rule(LETTER_SUBJECT, senders)
        if not senders:
            senders = by_rule(CLAUSE_SUBJECT, _clause_subject(text, subject, subject_end))
        if not senders and not group:
            senders = by_rule(POSSESSIVE_WRITER, _possessive_writer(text))
        signers = by_rule(SIGNED_BY, _signed_by(text, sentences))
        if signers and any(p.chamber for p in senders):
            # Members found as writers keep their place; signers named besides them are more.
            senders = senders + [p for p in signers if p.name not in {n.name for n in senders}]
        elif signers:
            # Signers named replace a writer named by its organisation; beside people named
            # with an office ("Chairman A led a letter … co-signed by B"), they are more writers.
            named = [p for p in senders if people.is_name(p.name)]
            senders = (
                named + [p for p in signers if p.name not in {n.name for n in named}] if named else signers
            )
        if verb.re is _LEAD_VERB:
            # "… urged Minister A to identify …": whom the lead calls on ends before "to", whatever the verb.
            cut = _TO_LOWER.search(text, verb.end(), e)
            recipients, rest = _reported_recipients(text, verb.end(), cut.start() if cut else e)
            rest = rest if rest is not None or cut is None else cut.end()
            if not recipients or not all(
                people.is_name(p.name) and not people.is_place(p.quote) for p in recipients
            ):
                # A lead pressing a state or a body ("pressing Laos on …") tells of no letter;
                # a later sentence may.
                continue
        else:
            to_after = None if verb.group().endswith("to") else _WHEN_THEN_TO.match(text, verb.end(), e)
            recipients, rest = _reported_recipients(text, to_after.end() if to_after else verb.end(), e)
            if not recipients and (whom := _INDIRECT_OBJECT.match(text, verb.start(), verb.end())):
                # "… sent Trump a letter this week asking him to …": whom, before the letter.
                recipients = by_rule(ADDRESSEE, _addressees(text, *whom.span("who")))
                asking = _THEN_ASKING.match(text, verb.end(), e)
                rest = asking.end() if rest is None and asking and recipients else rest
        if not senders and recipients and (after := _FROM_WRITERS.match(text, recipients[-1].end, e)):
            # "… a letter … sent to Secretary A and B, head of C, from Representative D and Senator
            # E, co-chairs of …": the writers after the addressees.
            senders = by_rule(LETTER_SUBJECT, _reported_senders(text, after.end(), e))
        if rest is None:
            # "… writes in a letter to MPs, in his role as …, exhorting them to raise …": the urging
            # after an aside.
            later = _LATER_URGING.search(text, verb.end(), e)
            # "… have signed a letter calling for the release of X": the thing it asks for, right after it.
            later = later or _LETTER_SEEKS.match(text, verb.end(), e)
            rest = later.end() if later else None
        if rest is None and recipients and verb.re is _PETITIONED:
            # "petitioned Prime Minister Shinzo Abe on Friday to elicit …": what the addressee is to
            # do, right after them and the day (after "a letter to X", "to protest …" is the writers'
            # purpose).
            infinitive = _DAY_THEN_TO.match(text, recipients[-1].end, e)
            rest = infinitive.end() if infinitive else None
        by_rule(ADDRESSEE, [p for p in recipients if p.extractor == EXTRACTOR])
        if not recipients:
            recipients = by_rule(ADDRESSEE_PRONOUN, _pronoun_addressee(text, s, verb.start(), verb.end(), e))
        if not recipients and verb.group().lower().startswith("in ") and _TO_VERB.match(text, verb.end(), e):
            # "They urge Secretary of State X in a letter sent this week to press Thailand …": whom
            # the sentence urges before the letter, whose "to" is the ask's.
            urged = _URGED_BEFORE.search(text, s, verb.start())
            recipients = by_rule(ADDRESSEE, _addressees(text, *urged.span("who"))) if urged else []
        sep_text = text[verb.end() : rest] if rest is not None else ""
        # Senders named nowhere ("eight senators signed the letter addressed to …"): the letter is
        # told of all the same when its addressee is named.
        # "On June 17, we sent a letter to President X, asking him to …": writers left unnamed,
        # the letter is told of by its named addressee and what it asks.
        pronoun = bool(_WE_THEY.search(text[subject:subject_end]))
        # "In a letter addressed to Minister A, they said …": the writers come after the letter.
        # "In a letter to the Deputy Prime Minister of Laos, the Senators ask …": writers named by
        # what they are need no addressee named.
        they_said = _THEY_SAID.match(text, verb.end(), e)
        said_after = (
            not text[subject:subject_end].strip()
            and they_said is not None
            and (bool(recipients) or they_said.group("who").lower().startswith("the"))
        )
        if said_after and not senders:
            # "A and B today called for answers. In a letter to C, they wrote": the members before.
            senders = by_rule(LETTER_SUBJECT, _previous_members(text, sentences, k))
        if not senders:
            # "Fifteen peers and MPs wrote to … in a letter led by A MP; signatories include …".
            senders = by_rule(JOINED, _joined(text, sentences, []))
        # "A letter of concern was delivered to the Chinese ambassador, Mr Zha Peixin": a letter told
        # of by the person it was written to, its writers named elsewhere or not at all.
        named_to = any(people.is_name(p.name) for p in recipients)
        # "A group of former diplomats have penned an open letter to Pakistan, calling on the country
        # to …": a group's letter to a state, told by what it calls for.
        # "United Nations human rights experts sent a letter to Saudi Arabia expressing concern …":
        # a group's letter to a state.
        phrase_end = _PHRASE_END.search(text, verb.end(), e).start()
        to_state = group and people.is_place(text[verb.end() : _addressee_end(text, verb.end(), phrase_end)])
        if not senders and not (
            ((group or (pronoun and rest is not None) or said_after or named_to) and recipients)
            or (group and rest is not None and not _THING_SOUGHT.search(text, verb.end(), rest))
            or to_state
        ):
            continue
        letter = Letter(
            start=s,
            end=e,
            quote=text[s:e],
            confidence=0.7,
            extractor=EXTRACTOR,
            reported=True,
            senders=senders,
            recipients=recipients,
        )
        dates = [d for d in ctx.dates_in(s, e) if d.precision == "day"]
        letter.date = dates[0].date_start if dates else None
        recipient = recipients[0].name if recipients else None
        # The letter's own words, where the release quotes them, are better evidence of its
        # asks than the release's paraphrase of them.
        others = [x for x in sentences if x[0] >= e or x[1] <= s]
        quoted = asks_in(text, [*([own_words] if own_words else []), *others], recipient, confidence=0.75)
        # The release's own account of the asks in the same sentence may name one the quotation
        # leaves out ("wrote to MPs urging them to raise it in Parliament. 'I urge you to …'").
        letter.asks = quoted
        if rest is not None:
            pron = _PRONOUN_TO.match(text, rest, e)
            urged = None if pron else _urged_person(text, rest, e)
            body = None if pron or urged is not None else _URGED_BODY.match(text, rest, e)
            if pron:
                rest = pron.end()
            elif body is not None:
                # "urging the Administration to …": who is urged is not part of the ask.
                rest = body.end()
            elif urged is not None:
                person, rest = urged
                if not letter.recipients:
                    letter.recipients = by_rule(ADDRESSEE, [person])
                    recipient = person.name
            # After no addressee, only an urging ("urging Beijing to …") tells what the letter asks;
            # "… a letter calling for a meeting … to discuss ways to prevent …" does not.
            if (
                letter.recipients
                or pron
                or urged is not None
                or _URGING_SEP.match(sep_text)
                or _THING_SOUGHT.search(sep_text)
                # "A letter by A called on the Home Secretary to …": the letter's own verb urges.
                or verb.groupdict().get("by")
                # "… issued an open letter calling on the international community to …".
                or _URGING_FIRST.match(sep_text)
            ):
                told = [make_ask(text, a, b, recipient, 0.65) for a, b in split_asks(text, rest, e)]
                # A paraphrase of a quoted ask is not another one.
                told = [t for t in told if not any(related_asks(t.text, q.text) for q in quoted)]
                letter.asks = quoted + by_rule(LETTER_SENTENCE_ASK, told)
        if verb.group().lower().startswith("in "):
            # "… demanded Beijing release the detainees in a joint letter to X": the ask stands before
            # the letter that carries it.
            demand = _DEMANDED_BEFORE.search(text, subject, verb.start())
            if demand is not None:
                a, b = demand.start("neg") if demand.group("neg") else demand.end(), verb.start()
                while b > a and text[b - 1] in " ,":
                    b -= 1
                before = make_ask(text, a, b, " ".join(demand.group("who").split()), 0.6)
                if len(before.text.split()) >= 2 and not any(
                    same_ask(before.text, x.text) for x in letter.asks
                ):
                    letter.asks = [*letter.asks, *by_rule(DEMANDED_IN_LETTER, [before])]
        # "… sent a letter to X, expressing …, and urging the administration to …": a participle
        # later in the letter's own sentence, when what follows the addressee asked nothing.
        own = [(s, e)] if letter.asks is quoted else []
        told_elsewhere = [
            *_told_asks(text, [*own, *others], letter.recipients, letter.senders, e),
            *by_rule(SAYS_SHOULD, _says_should(text, [(s, e), *others], recipient)),
        ]
        # The release's paraphrase of an ask the letter's own quoted words make is not another ask.
        told_elsewhere = [t for t in told_elsewhere if not any(related_asks(t.text, q.text) for q in quoted)]
        letter.asks = dedupe([*letter.asks, *told_elsewhere])
        if not letter.asks:
            # "… by mailing a letter to Xi Jinping requesting that the PRC allow …": the letter's call,
            # told of in a sentence after the one that told of the letter.
            letter.asks = by_rule(CALL_ELSEWHERE, told_calls(text, [x for x in others if x[0] >= e]))
        if not any(people.is_name(p.name) for p in letter.senders):
            letter.senders.extend(by_rule(DASHED_WRITERS, _dashed_writers(text, sentences, s)))
        if not any(people.is_name(p.name) for p in letter.senders):
            letter.senders.extend(by_rule(NAMED_GROUP, _named_group(text, sentences, s)))
        letter.senders.extend(by_rule(SAID_IN_LETTER, _quoted_writers(text, others, letter.senders)))
        if not any(people.is_name(p.name) for p in letter.senders):
            letter.senders.extend(by_rule(LED_BY_LATER, _led_by_later(text, sentences, e)))
        letter.senders.extend(by_rule(SAID_IN_LETTER, _said_in_letter(text, sentences, letter.senders)))
        letter.senders.extend(by_rule(JOINED, _joined(text, sentences, letter.senders)))
        letter.commitments = commitments(ctx, sentences, recipient)
        letter.outcomes = []
        return letter
    return None


TOLD_REQUEST = rule(
    "reported.told_request",
    """A request told of beside the letter or petition that carries it, when nothing else found that
    letter: in the sentence that names a letter or petition, or the one before or after it, "X urged
    (asked, called on, requested, pressed, appealed to) Y to A and B" gives A and B, and Y, when a
    person named, is the addressee. The last resort of stories about letters, written from no one
    story: who urges is not checked, so its measured precision is its confidence.""",
    field="asks",
    examples=[
        Example(
            "Bush Asked to Help\n\nA rights group requested on Wednesday that President Ana Ruiz free the six "
            "students.\n\nThe requests were made in a letter signed by four groups.\n",
            {"text": "free the six students", "target": "President Ana Ruiz"},
        ),
        Example(
            "Six groups have urged the new special envoy to prioritize the detained students.\n\nTheir open letter "
            "was presented on Monday.\n",
            {"text": "prioritize the detained students"},
        ),
        Example(
            # No letter or petition beside the request: a call, not a letter's ask.
            "Six governments have urged the new special envoy to prioritize the detained students.\n\nThe envoy "
            "arrives on Monday.\n",
            None,
        ),
    ],
)
_LETTER_NOUN = re.compile(r"\b(?:letter|petition)s?\b", re.I)
# "urged the new envoy to …", "asked Bush to …", "requested that President Ruiz free …".
# The verbs of asking someone to act, as a story tells of a letter's or a petition's asks: written
# once for the last resort (_TOLD_REQUEST) and for the asks of a letter found (_TOLD_ASK).
_ASKING = (
    # ("calls for", "petition" and "petitions" are as often nouns: "Activists' calls for …".)
    r"urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?|(?:call(?:s|ed|ing)?)\s+(?:on|upon)|(?:call|called|calling|appeal)\s+for"
    r"|request(?:s|ed|ing)?|press(?:es|ed|ing)?|appeal(?:s|ed|ing)?\s+to|plead(?:s|ed|ing)?\s+with"
    r"|implor(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)|petition(?:ed|ing)"
    r"|put(?:s|ting)?\s+(?:\w+\s+)?pressure\s+on"
)
_TOLD_REQUEST = re.compile(
    rf"\b(?:{_ASKING})"
    r"(?:\s+on\s+[A-Z]\w+day)?\s+"
    r"(?:(?P<who>(?!(?:me|us|you|him|her|them|it|questions?|about|for|how|whether|why|what|that)\b)"
    r"(?:(?!\bto\b)[^.;:!?“”\"\n]){1,120}?)\s+(?P<neg>not\s+)?to"
    # "calls on Moon to:" and the asks a line each.
    # "urged Obama to “redouble efforts …”": the letter's words quoted, from the opening mark on
    # (asks._trim reads the mark).
    rf"(?:\s+(?=[“\"]?(?:[a-z]+ly\s+)?(?:{_VERB}\b|{_FREE_ACTION}))|(?P<list>\s*:))"
    rf"|that\s+(?P<who>(?:the\s+)?(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){{0,4}})\s+(?P<neg>not\s+)?{THAT_ACTION})"
)

_FOR_PASSIVE = re.compile(r"\w+\s+for\s+[^.;]{1,120}?\s+to\s+be\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|wn)\b", re.I)
_JOIN_IT = re.compile(
    r"(?:sign|join|share|support|add\s+your\s+name\s+to)\s+(?:the|this|our|that)\s+(?:letter|petition)\b",
    re.I,
)
# What follows the request in the story is not asked: "…, in a statement released Monday", "…, he said".
_REQUEST_END = re.compile(
    r",?\s+(?:in\s+(?:a|an|the|their|its|his|her)\s+(?:[\w-]+\s+){0,2}(?:letter|statement|petition|appeal)\b"
    r"|according\s+to\b|(?:he|she|they|it)\s+(?:said|wrote|added)\b|said\b|says\b)"
    # '…,” a State Department spokesperson said': the words end where the quotation closes.
    r"|[,.]?[”\"](?=\s*,?\s*(?:a|an|the)\s+[^,.;“”\"]{0,80}?\b(?:said|says|told|added|wrote)\b)"
)


def _told_request(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    text = ctx.text
    near = {
        k + d for k, (s, e) in enumerate(sentences) if _LETTER_NOUN.search(text, s, e) for d in (-1, 0, 1)
    }
    asks: list[Ask] = []
    recipients: list[Party] = []
    senders: list[Party] = []
    for k, (s, e) in enumerate(sentences):
        if k not in near and k - 2 not in near:
            continue
        for m in _TOLD_REQUEST.finditer(text, s, e):
            who = " ".join(m.group("who").split())
            if _FOR_PASSIVE.match(text, m.start(), m.end() + 40):
                continue  # "called for Lu to be given access": Lu is who would be helped, not asked
            # "Joan Ryan MP also urged the Home Secretary to …": a member named with an office,
            # in the sentence after the one after the letter, is one more of its writers.
            member = _member_also(text, s, m.start())
            if k not in near and member is None:
                continue
            if member is not None and all(p.name != member.name for p in senders):
                senders.append(member)
            if not senders:
                # "Rep. Chris Smith (R-NJ) and Sen. Jeffrey Merkley (D-OR) ask President Biden to …":
                # members named with their offices as who asks.
                senders = _reported_senders(text, _subject_start(text, s, m.start()), m.start())
            begin = m.start("neg") if m.group("neg") else m.end()
            found = _TOLD_END.search(text, begin, e) or _REQUEST_END.search(text, begin, e)
            end = found.start() if found else e
            spans = list_items(text, m.end()) if m.group("list") else split_asks(text, begin, end)
            asks.extend(make_ask(text, a, b, who, 0.5) for a, b in spans)
            if not recipients:
                named = _addressees(text, m.start("who"), m.end("who"))
                recipients = by_rule(ADDRESSEE, named) if len(named) == 1 else []
    last = -1
    for k, (s, e) in enumerate(sentences):
        # "The petition seeks official registration of …; It also requested …": things asked for.
        if k in near and (things := _things_asked(text, s, e, None, last)):
            asks.extend(things)
            last = e
    # "urges your representative to sign the letter": the page's call to join it, not what it asks.
    asks = dedupe([a for a in asks if len(a.text.split()) >= 2 and not _JOIN_IT.match(a.text)])
    if not asks:
        return None
    first = asks[0]
    letter = Letter(start=first.start, end=first.end, quote=first.quote, confidence=0.5, extractor=EXTRACTOR,
                    reported=True)  # fmt: skip
    letter.asks = by_rule(TOLD_REQUEST, asks)
    letter.recipients = recipients
    letter.senders = by_rule(LETTER_SUBJECT, senders)
    return letter


# "CSW's Chief Executive Jane Doe writes: “…”", "Doe wrote in the letter": who wrote the letter's words.
_WRITES = re.compile(
    rf"(?<![\w-])(?P<name>{people.NAME}|(?-i:[A-Z])[\p{{Ll}}'’-]+)\s+(?:writes|wrote)\s*(?::|in\s+the\s+letter\b)"
)


# "The appeal comes from Timothy Cho, an escapee …": who wrote the letter told of.
_COMES_FROM = re.compile(
    rf"\b(?:The|This|That|Their|His|Her)\s+(?:letter|appeal|call|plea|petition)\s+(?:comes|came|is|was)\s+from\s+"
    rf"(?P<name>{people.NAME})(?:,\s+(?P<title>[^,.;]{{3,120}}))?"
)


def _comes_from(text: str, sentences: list[tuple[int, int]], senders: list[Party]) -> list[Party]:
    known = {p.name.split()[-1] for p in senders}
    out: list[Party] = []
    for s, e in sentences_having(text, sentences, ("from",)):
        for m in _COMES_FROM.finditer(text, s, e):
            name = people.clean_name(m.group("name"))
            if people.is_name(name) and name.split()[-1] not in known:
                known.add(name.split()[-1])
                out.append(make_party(text, *m.span("name"), name, m.group("title")))
    return out


# "…,” said Jo Bell, chairman of X in the letter"; "Jo Bell, chairman of X, said in the letter".
_SAID_IN_LETTER = re.compile(
    rf"(?:said|says|wrote|writes|added|stated)\s+(?P<name>{people.NAME})(?:,\s+(?P<title>[^,;.“”\"]{{3,120}}?))?,?"
    r"\s+in\s+(?:the|a|an|their|his|her)\s+(?:open\s+|joint\s+)?letter\b"
    rf"|(?P<name2>{people.NAME})(?:,\s+(?P<title2>[^,;.“”\"]{{3,120}}?),)?\s+(?:said|says|wrote|writes|added|stated)"
    r"\s+in\s+(?:the|a|an|their|his|her)\s+(?:open\s+|joint\s+)?letter\b"
)


def _said_in_letter(text: str, sentences: list[tuple[int, int]], senders: list[Party]) -> list[Party]:
    known = {p.name.split()[-1] for p in senders}
    out: list[Party] = []
    for s, e in sentences_having(text, sentences, (" letter",)):
        for m in _SAID_IN_LETTER.finditer(text, s, e):
            key = "name" if m.group("name") else "name2"
            name = people.clean_name(m.group(key))
            if not people.is_name(name) or name.split()[-1] in known:
                continue
            title = m.group("title") or m.group("title2")
            known.add(name.split()[-1])
            out.append(make_party(text, *m.span(key), name, " ".join(title.split()) if title else None))
    return out


# A quotation and who said it, before ("Bell suggests, “…”") or after ("“…,” Bell said").
_QUOTATION = re.compile(r"[“\"](?P<q>[^“”\"]{10,1500})[”\"]")
_SPEAKER = r"(?P<by>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
_SAYS = r"(?:said|says|suggests|suggested|wrote|writes|added|adds|stated|states)"
_SPEAKER_BEFORE = re.compile(rf"{_SPEAKER}\s+{_SAYS}\s*[,:]?\s*$")
_SPEAKER_AFTER = re.compile(
    rf"\s*,?\s*(?:{_SPEAKER}\s+{_SAYS}\b|{_SAYS}\s+(?P<by2>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}}))"
)
# "… President Moon must request …", "the Chinese authorities must enable …": a duty the writer lays
# on someone, each sentence of the quotation; the writers' own "we must" asks no one.
_MUST_SAID = re.compile(
    r"(?:^|(?<=[.!?…]\s))\s*(?:(?:Therefore|So|Thus|Now),?\s+)?"
    r"(?!(?i:we|i|it|this|that|there|they)\s)(?i:(?P<who>(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,4}?))\s+(?:must|should)\s+"
    # "America must be a voice for the voiceless": what someone must be, have or know is no deed
    # asked (as asks.py reads "must" in a letter's own words).
    r"(?:also\s+)?(?P<neg>not\s+)?(?!(?:be|have|know)\b)(?P<ask>[a-z][^.!?]{5,400})"
)


_LETTER_SAYS_AFTER = re.compile(
    r"\s*,?\s*(?:the|their|this)\s+(?:open\s+|joint\s+)?letter\s+"
    r"(?:concludes|concluded|says|said|states|stated|reads|read|adds|added|continues|continued|argues|argued)\b"
)


def _previous_quote_end(text: str, start: int) -> int:
    """Where the quotation that ends right before `start` (and its attribution) ends: the position
    a quotation continued after "…,” the letter concludes. “" is told from; `start` if none."""
    close = max(text.rfind("”", 0, start), text.rfind('"', 0, start))
    return close + 1 if close >= 0 and start - close < 80 else start


def _writer_must(text: str, senders: list[Party]) -> list[Ask]:
    """What a writer of the letter, or the letter itself, quoted, says someone must do."""
    # A writer is named again by one name: "Bell", or "Nam" of Nam Young-jin (family name first).
    writers = {w for p in senders if people.is_name(p.name) for w in (p.name.split()[0], p.name.split()[-1])}
    out: list[Ask] = []
    if writers or "letter" in text:
        for q in _QUOTATION.finditer(text):
            if "must" not in q.group("q") and "should" not in q.group("q"):
                continue
            before = _SPEAKER_BEFORE.search(text, max(0, q.start() - 120), q.start())
            after = _SPEAKER_AFTER.match(text, q.end())
            by = (
                (before and before.group("by")) or (after and (after.group("by") or after.group("by2"))) or ""
            )
            # "“Lebanon should halt summary deportations …,” the open letter concludes.": the letter's
            # own words, and the quotation right after them.
            letter_says = _LETTER_SAYS_AFTER.match(text, q.end()) or _LETTER_SAYS_AFTER.match(
                text, _previous_quote_end(text, q.start())
            )
            if not letter_says and (not by or by.split()[-1] not in writers):
                continue
            base = q.start("q")
            for m in _MUST_SAID.finditer(q.group("q")):
                if " and " in m.group("who"):
                    continue  # "The U.S. and China must work together": a shared duty, not an ask
                a = base + (m.start("neg") if m.group("neg") else m.start("ask"))
                b = base + m.end("ask")
                while b > a and text[b - 1] in " ,;":
                    b -= 1
                # One sentence of what must be done is one ask, however many verbs it holds.
                out.append(make_ask(text, a, b, m.group("who"), 0.6))
    return out


def _quoted_writers(text: str, sentences: list[tuple[int, int]], senders: list[Party]) -> list[Party]:
    known = {p.name.split()[-1] for p in senders}
    out: list[Party] = []
    for s, e in sentences_having(text, sentences, ("writes", "wrote")):
        for m in _WRITES.finditer(text, s, e):
            name = m.group("name")
            tokens = name.split()
            # "Chief Executive Jane Doe": the longest run of tokens at the end that is a name.
            run = next(
                (
                    " ".join(tokens[-k:])
                    for k in range(len(tokens), 1, -1)
                    if people.is_name(" ".join(tokens[-k:]))
                ),
                None,
            )
            found: tuple[str, str | None] | None = None
            if run:
                found = (people.clean_name(run), None)
            elif len(tokens) == 1:
                found = _full_name(text, name, m.start())
            if found is None or found[0].split()[-1] in known:
                continue
            known.add(found[0].split()[-1])
            out.append(make_party(text, *m.span("name"), found[0], found[1]))
    return out


def _signed_letter(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """A letter told of by who signed it ("The letter was signed by …") and what it asks ("The
    letter calls upon China to …"), where no sentence says who sent it to whom."""
    text = ctx.text
    signers = by_rule(SIGNED_BY, _signed_by(text, sentences))
    if not signers:
        return None
    recipients: list[Party] = []
    for s, e in sentences_having(text, sentences, ("sent", "addressed", "delivered")):
        m = _SENT_TO.search(text, s, e)
        if m:
            found = _reported_recipients(text, m.end(), e)[0]
            recipients = [*by_rule(ADDRESSEE, [p for p in found if p.extractor == EXTRACTOR]),
                          *(p for p in found if p.extractor != EXTRACTOR)]  # fmt: skip
            break
    asks: list[Ask] = []
    # "A asked Secretary B to C in a letter also signed by D and E": A signed it first, B is its
    # addressee, C its ask.
    s, e = next(
        ((s, e) for s, e in sentences if s <= signers[0].start < e), (signers[0].start, signers[0].end)
    )
    told = _TOLD_ASK.search(text, s, signers[0].start)
    in_letter = _IN_LETTER.search(text, told.end(), signers[0].start) if told else None
    if told and in_letter:
        leads = [
            p for p in _reported_senders(text, s, told.start()) if p.name not in {x.name for x in signers}
        ]
        signers = by_rule(LETTER_SUBJECT, leads) + signers
        recipients = recipients or by_rule(ADDRESSEE, _addressees(text, *told.span("who")))
        target = recipients[0].name if recipients else None
        asks = by_rule(
            LETTER_SENTENCE_ASK,
            [make_ask(text, a, b, target, 0.6) for a, b in split_asks(text, told.end(), in_letter.start())],
        )
    letter = Letter(start=signers[0].start, end=signers[-1].end, quote=text[signers[0].start : signers[-1].end],
                    confidence=0.6, extractor=EXTRACTOR, reported=True, senders=signers)  # fmt: skip
    # The sentence of the signers stands for the letter: a lead just before it tells its asks.
    letter.asks = dedupe([*asks, *_told_asks(text, sentences, recipients, (), e)])
    letter.recipients = recipients
    return letter


_IN_LETTER = re.compile(r",?\s+in\s+(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+){0,2}?letter\b")


# "A letter appealing to President X to free them was delivered …", "… where a letter was
# delivered urging President X to …": a letter told of by whom it asks and what, its writers
# unnamed or named apart ("Y joined the letter").
_LETTER_APPEALING = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he)\s+(?:open\s+|joint\s+)?letter|\bletters)\s+(?:(?:was|were|has\s+been|had\s+been)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:appealing\s+(?:to\s+)?|urging\s+|asking\s+|calling\s+(?:on|upon)\s+)"
    # "letters appealing to the “citizens of X and the world” to stop …": who may stand in quotes.
    r"(?P<who>(?:the\s+)?(?:[“\"]\w|[A-Z])[^,;]{2,100}?)\s+to\s+(?=\w)"
)
_COURT = re.compile(r"\b(?:court|tribunal|judge|judges)\b", re.I)
_PETITION_WORD = re.compile(r"\b(?:petition|appeal|letter)s?\b", re.I)
_APPEAL_TO_BODY = re.compile(
    r"appeals?\s+to\s+(?P<body>(?:the\s+)?(?-i:[A-Z])[^,;]{1,80}?),?\s+(?:urging|asking|calling\s+on)\s+(?=them\b)"
)
_DELIVERED = re.compile(
    r"\s+(?:was|were|has\s+been|had\s+been)\s+(?:[\w-]+\s+)?(?:delivered|hand-delivered|sent|handed|submitted|"
    r"presented|posted)\b"
)
_JOINED = re.compile(
    r"(?:\b[Tt]he\s+)?(?P<who>[A-Z][^,;.]{2,80}?)\s+(?:joined|signed|co-signed|endorsed)\s+the\s+letter\b"
)


def _appealing_letter(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    text = ctx.text
    for s, e in sentences_having(text, sentences, ("letter", "petition", "appeal")):
        # "Petitions calling for President X to end … were sent to the embassy": a petition is a
        # letter many sign.
        m = _LETTER_APPEALING.search(text, s, e) or LETTER_CALLING.search(text, s, e)
        if not m:
            continue
        body = None
        if m.group("who").lower() in ("him", "her", "them"):
            # "X appeals to China's leadership, urging them to …": who "them" are is the body appealed to.
            body = _APPEAL_TO_BODY.match(text, m.start(), m.end())
            # Only beside the letters that carry the appeal: "appeals to the court" is a lawsuit's.
            near = text[max(0, s - 600) : e].lower()
            if body is None or "letter" not in near or _COURT.search(body.group("body")):
                continue
        recipients = _addressees(text, *m.span("who")) if body is None else []
        # "a petition asking China to grant …": a petition or appeal to a state or a people names no
        # person; who it asks is its target.
        unnamed = (
            body is None
            and not recipients
            and bool(_PETITION_WORD.search(m.group()))
            and not _COURT.search(m.group("who"))
        )
        if body is None and len(recipients) != 1 and not unnamed:
            continue
        begin = m.start("neg") if m.groupdict().get("neg") else m.end()
        end = _DELIVERED.search(text, begin, e)
        target = (
            recipients[0].name
            if recipients
            else " ".join((body.group("body") if body else m.group("who")).strip('“”"').split())
        )
        letter = Letter(start=s, end=e, quote=text[s:e], confidence=0.6, extractor=EXTRACTOR, reported=True,
                        recipients=by_rule(ADDRESSEE, recipients))  # fmt: skip
        letter.asks = by_rule(
            LETTER_SENTENCE_ASK,
            [
                make_ask(text, a, b, target, 0.6)
                for a, b in split_asks(text, begin, end.start() if end else e)
            ],
        )
        later = [(a, b) for a, b in sentences if a >= e]
        letter.asks = dedupe([*letter.asks, *_told_asks(text, later, letter.recipients, letter.senders)])
        for js, je in sentences_having(
            text, sentences, ("joined the letter", "signed the letter", "endorsed the letter")
        ):
            j = _JOINED.search(text, js, je)
            if j is None:
                continue
            name = j.group("who").strip()
            if people.is_name(name):
                letter.senders.append(make_party(text, *j.span("who"), people.clean_name(name), None))
            elif ORG_WORDS.search(name) and ORG_NAME.fullmatch(name):
                letter.senders.append(make_party(text, *j.span("who"), name, None, confidence=0.6))
        if not letter.senders and _THEY_START.match(text, s, e):
            letter.senders = by_rule(THEY_BEFORE, _described_before(text, sentences, s))
        return letter
    return None


_THEY_START = re.compile(r"\s*They\b")
# "actor Jo Bell", "human rights activist Ana Ruiz": a person named after what the story calls them.
_DESCRIBED_NAME = re.compile(rf"\b(?P<d>{DESCRIPTORS})\s+(?P<name>{people.NAME})")


def _described_before(text: str, sentences: list[tuple[int, int]], start: int) -> list[Party]:
    """The people the sentence before names by what they are ("actor Jo Bell and other actors held …")."""
    prev = [(a, b) for a, b in sentences if b <= start]
    if not prev:
        return []
    a, b = prev[-1]
    out = []
    for m in _DESCRIBED_NAME.finditer(text, a, b):
        name = people.clean_name(m.group("name"))
        if people.is_name(name):
            out.append(make_party(text, *m.span("name"), name, m.group("d")))
    return out


# A reported letter: "… sent a letter to urge …", "… submitted a letter to …", "… delivered letters
# to …", "… wrote to Secretary …", "… in an open letter sent to …".
# "sent President Trump a letter", "wrote the Minister a letter": the addressee as indirect object,
# before what was sent.
_WHOM_BEFORE = (
    r"(?:sent|send|sends|wrote|write|writes|handed|mailed|emailed)\s+"
    r"(?P<who>(?:the\s+)?(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){0,4})\s+(?:a|an|this|another)\s+"
)
_LETTER_VERB = re.compile(
    # "Senator A joined the leaders of X today in sending a letter signed by 78 members to President
    # B seeking …": a press release's writer, who joined others in their letter.
    r"\bjoined\s+[^.;“”\"]{0,200}?\s+in\s+(?:sending|signing|writing|leading|penning)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}?letter\b(?:[^.;“”\"]{0,120}?\s+to(?=\s+(?:the\s+)?(?-i:[A-Z])))?|"
    # "A joint letter by Sheffield MPs A, B and C called on the Home Secretary to …": the writers
    # after "by" or "from", the letter the subject of the asking verb.
    r"\b(?:a|an|the|their)\s+(?:[\w-]+\s+){0,2}?letter\s+(?:by|from)\s+(?P<by>(?-i:[A-Z])[^.;:“”\"]{2,300}?),?\s+"
    r"(?:(?:has|have)\s+)?(?:called\s+(?:on|upon)|calls\s+(?:on|upon)|urged|urges|asked|asks|pressed|presses)\s+"
    r"(?=(?:the\s+)?(?-i:[A-Z]))|"
    # "… disclosed a letter that the Working Group and two experts sent to …": the writers are the
    # relative clause's subject, not who made the letter public.
    r"\b(?:disclosed|released|published|obtained|revealed|made\s+public)\s+(?:a|the)\s+letters?\s+(?:that\s+)?"
    r"(?P<rel>(?:the\s+)?(?-i:[A-Z])(?:[^,;.]|(?<=\b[A-Z])\.){2,160}?)\s+(?:had\s+)?sent\s+to\b"
    # "Over 50 groups expressed their concerns to President X …" where a letter is told of next.
    r"|\bexpress(?:ed|es)?\s+(?:their|its|his|her|our)\s+(?:[\w-]+\s+)?concerns?\s+to\b(?=\s+(?-i:[A-Z]))"
    # "The appeal, a letter to Foreign Minister X, urged …": a letter named by its addressee alone.
    # "A major Congressional letter to U.S. Secretary of State X …".
    # Not "The groups sent a letter to …", whose subject and verb stand between the two articles.
    r"|\b(?:a|an|the|their|its|his|her)\s+(?:(?!(?:a|an|the|their|its|his|her)\s)[\w-]+\s+){0,3}?letters?\s+to\b"
    r"(?=\s+(?-i:[A-Z]))"
    # "The letter is from our Representatives to Hu Jintao": its writers and addressee in one phrase.
    r"|\bletters?\s+(?:is|was|are|were|came)\s+from\s+(?:[^.;:\n]|(?<=\b[A-Z])\.){2,120}?\s+to\b(?=\s+(?-i:[A-Z]))"
    # "a letter of concern was delivered to …": the letter told of by where it went.
    r"|\bletters?\s+(?:of\s+[a-z]+\s+)?(?:was|were|has\s+been|had\s+been|will\s+be|is\s+to\s+be)\s+(?:[a-z]+ly\s+)?"
    # "A Letter of Concern will be handed in at midday to the Ambassador": where it is to go.
    r"(?:delivered|sent|faxed|handed|submitted|addressed|mailed|emailed)(?:\s+(?:in|over))?(?:\s+(?:at|on)\s+[\w:]+)?"
    # "was addressed directly to Ambassador X".
    r"(?:\s+[a-z]+ly)?\s+to\b"
    # "sent President Omar Hale a letter": whom, as the indirect object before it (_INDIRECT_OBJECT).
    rf"|\b{_WHOM_BEFORE}(?:[\w-]+\s+){{0,2}}?letter\b"
    r"|\b(?:sent(?:\s+out)?|send|sends|wrote|write|writes|written|led|leads|signed|signs|penned|authored|delivered|"
    r"fax|faxed|mail|mailed|email|emailed|handed|hand-delivered|"
    r"organi[sz]ed|coordinated|"
    r"issued|released|submitted|submits|addressed|dispatched)\s+"
    # An e-mail is a letter ("has sent an e-mail to U.S. President George Bush").
    # "send a lawyer's letter": a possessive among the words before it.
    r"(?:(?:a|an|the|this|their|its|his|her)\s+)?(?:[\w’'-]+\s+){0,3}?(?:letters?|e-?mails?)\b"
    # "sent a letter of appeal addressed to …".
    r"(?:\s+of\s+(?:appeal|concern|protest|support|complaint|petition))?(?:\s+(?:addressed\s+|sent\s+)?to\b)?"
    # "sent an appeal to Pope X, asking him to …": an appeal or petition sent to someone named.
    # "has launched a petition to President X asking him to …".
    r"|\b(?:sent|send|sends|addressed|delivered|submitted|wrote|launched|launches|started|starts)\s+"
    r"(?:(?:a|an|the|their|its|his|her)\s+)?(?:[\w-]+\s+){0,2}?(?:appeal|petition)\s+to\b(?=\s+(?:the\s+)?(?-i:[A-Z]))"
    # "have signed their names to a petition calling for …".
    r"|\bsigned\s+(?:their|his|her)\s+names?\s+to\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:letter|petition|appeal)\b"
    # "wrote to" without a letter: only to an addressee ("wrote to Secretary …", "has written to MPs"),
    # not "has written to great effect".
    # "Nine US senators have written Thai Prime Minister Abhisit Vejjajiva": written to an office-holder.
    # Not the writer after a quotation ("…," wrote Commission Chair Jo Bell).
    rf"|(?<![”\"],\s)(?<![”\"]\s)\bwr(?:ote|itten)\b(?=\s+(?:the\s+)?(?:(?-i:[A-Z])[\w.-]*\s+){{0,2}}?{people._TITLE_START}\s+(?-i:[A-Z]))"
    # "have written to senior EU and UN officials urging them to …": a few words before the office.
    r"|\bwr(?:ote|itten)\s+to\b(?=\s+(?:(?-i:[A-Z])|the\s|(?:[\w-]+\s+){0,4}?(?:MPs|lawmakers|legislators|members|officials|"
    r"ministers|councillors|parliamentarians|senators|governments|leaders|authorities)\b))"
    # "Senator A joined Senators B and C in writing to Secretary D".
    r"|\bin\s+writing\s+to\b(?=\s+(?:the\s+)?(?-i:[A-Z]))"
    # "In a Feb. 15 letter to Kerry": a short form of a month among the words before it.
    r"|\bin\s+(?:a|an|the|their|its|his|her)\s+(?:[\w.-]+\s+){0,2}?letters?\s+(?:(?:sent|addressed)\s+(?:[\w-]+\s+){0,2}?)?to\b"
    # "a letter dated on Monday and made available on Wednesday sent to X": the letter and where it
    # went, with when between.
    r"|\b(?:a|an|the|their|its|his|her)\s+(?:[\w-]+\s+){0,2}?letter\b[^.;:“”\"]{1,80}?\s(?:sent|addressed)\s+to\b(?=\s+(?-i:[A-Z]))"
    # "… disclosed the letter they sent to …": the subject made the letter public and wrote it.
    r"|\b(?:disclosed|unveiled|published|made\s+public|release|released|releasing|publish|publishing|disclose|disclosing)\s+(?:the\s+text\s+of\s+)?"
    r"(?:the|a|their|its|his|her)\s+letters?\s+(?:that\s+)?"
    r"(?:they|he|she|it)\s+(?:had\s+)?sent\s+to\b",
    re.I,
)
# The subject of the letter's verb starts after an opening clause ("As X prepares to …, the NKFC …").
_OPENING_CLAUSE = re.compile(
    r"(?:As|While|When|Ahead\s+of|Before|On|In|At|After|During|According\s+to)\b[^,]{0,200},\s*"
)
# A subject that stands for people named before: "This bipartisan group of Senators and Members of
# Congress", "The lawmakers", "They", "A total of eight senators and representatives".
_WE_THEY = re.compile(r"(?:^|,\s*|\s)(?:we|We|they|They)(?:\s+(?:also|then|have|had|recently))*\s*$")
# "… calling for attention to …", "… seeking cooperation": a thing sought, which alone does not
# tell of a letter to a state (a later sentence may name its writers and addressee).
_THING_SOUGHT = re.compile(r"(?:\bfor|\bseeking)\s+$")
_APPEAL_SUBJECT = re.compile(
    r"(?:The|This|Their|These)\s+(?:appeal|call|calls|request|demand|plea|concerns?)\s+(?:was|were)\b"
)
_GROUP_SUBJECT = re.compile(
    r"\b(?:group|lawmakers|legislators|members|senators|representatives|congressmen|congresswomen|"
    r"peers|MPs|MEPs|parliamentarians|politicians|"
    # "more than 50 scholars, religious leaders, and human rights advocates": writers counted by kind.
    r"scholars|academics|experts|advocates|activists|leaders|researchers|professors|survivors|defectors|"
    r"organi[sz]ations|groups|coalition|They|they)\b"
    r"|^(?:The|the)\s+(?:chairman|chairwoman|chair|congressman|congresswoman|senator|lawmaker|representative)\b"
)


# A news dateline before the subject: "LONDON - ", "SEOUL, May 3 (Yonhap) -- ".
_DATELINE_LEAD = re.compile(
    r"[A-Z][A-Z .'’]{1,40}(?:,[^-–—\n]{1,40})?(?:\([^()\n]{1,30}\))?\s*(?:--?|–|—)\s+"
    # "Pyongyang, January 31 (KCNA) -- ": a city in title case, then the day and the agency.
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{1,2}(?:,\s+\d{4})?\s*(?:\([^()\n]{1,30}\))?\s*(?:--?|–|—)\s+"
)


_INDIRECT_OBJECT = re.compile(_WHOM_BEFORE, re.I)
# "… this week asking him to …": when, then the urging of whom the letter went to.
_THEN_ASKING = re.compile(
    rf"\s*(?:(?:on\s+)?(?:{_DAY_TOLD})|last\s+week|this\s+week)?\s*,?\s*"
    r"(?:urging|asking|calling\s+on|pressing|imploring|begging)\s+(?=(?:him|her|them)\s+(?:not\s+)?to\s)"
)
_TO_LOWER = re.compile(r"\s+(?:not\s+)?to\s+(?=[“\"]?(?:[a-z]+ly\s+)?[a-z])")


def _lead_verb(text: str, start: int, end: int) -> re.Match[str] | None:
    """The verb of a release's lead that tells of its letter unnamed (_LEAD_VERB)."""
    m = _LEAD_VERB.search(text, start, end)
    if m is None or (not m.group().startswith("in ") and not _MEMBER_TITLE.search(text, start, m.start())):
        return None
    return m


def _subject_start(text: str, start: int, end: int) -> int:
    dateline = _DATELINE_LEAD.match(text, start, end)
    start = dateline.end() if dateline else start
    m = _OPENING_CLAUSE.match(text, start, end)
    return m.end() if m else start


# "U.S. lawmakers Christopher Smith and Jeff Merkley": members named without their titles.
_MEMBERS_WORD = re.compile(r"\b(?:lawmakers|legislators|congressmen|members\s+of\s+Congress)\s+", re.I)


def _untitled_members(text: str, start: int, end: int) -> list[Party]:
    m = _MEMBERS_WORD.search(text, start, end)
    if not m:
        return []
    out = []
    for a, b in _name_list(text, m.end(), end):
        name = people.clean_name(text[a:b])
        out.append(make_party(text, a, b, name, _title_elsewhere(text, name)))
    return out


def _name_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names listed from `start`: "A, B and C", each a person's name."""
    out = []
    pos = start
    while pos < end:
        m = _REPORTED_NAME.match(text, pos, end)
        if not m or not people.is_name(m.group("name")):
            break
        out.append(m.span("name"))
        sep = _LIST_SEP.match(text, m.end(), end)
        if not sep:
            break
        pos = sep.end()
    return out


# "Ann Lee and Bo Park, the co-chairs of the Refugee Caucus, have written to …": people named
# without a title as the whole subject, what they are told between commas after them.
_APPOSITIVE_REST = re.compile(
    r"(?:,\s*(?P<what>[^,]{2,160}?),)?\s*(?:(?:has|have|had|also|recently|jointly|then|now)\s+)*$"
)
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.I)


# "North Korean human rights activist Jo Bell, president of …": what the person is, before the name.
_DESCRIPTOR = re.compile(
    r"(?:(?-i:[A-Z])[\w-]*\s+){0,3}(?:(?-i:[a-z])[\w-]*\s+){0,3}"
    rf"(?:{DESCRIPTORS})\s+(?=(?-i:[A-Z]))"
)


def _appositive_subject(text: str, start: int, end: int) -> list[Party]:
    described = _DESCRIPTOR.match(text, start, end)
    spans = _name_list(text, start, end) or (_name_list(text, described.end(), end) if described else [])
    if not spans:
        return []
    m = _APPOSITIVE_REST.match(text, spans[-1][1], end)
    if not m:
        return []
    what = _LEADING_THE.sub("", " ".join(m.group("what").split())) if m.group("what") else None
    if what and len(spans) > 1:
        what = _one_of(what)
    return [make_party(text, a, b, people.clean_name(text[a:b]), what) for a, b in spans]


# "First Minister Nicola Sturgeon and 26 other Glasgow politicians have sent a letter": the one
# named before others counted.
_AND_OTHERS = re.compile(
    r"\s+(?:and|along\s+with|together\s+with)\s+(?:more\s+than\s+|some\s+|about\s+|nearly\s+)?"
    r"(?:\d+|[a-z]+(?:-[a-z]+)?)\s+(?:other|fellow)\b[^,;]*$"
)
_NAME_AT_END = re.compile(rf"(?P<name>{people.NAME})\s*$")


def _leader_and_others(text: str, start: int, end: int) -> list[Party]:
    others = _AND_OTHERS.search(text, start, end)
    if others is None:
        return []
    # The name is the longest run of words at the end that is one ("Minister Nicola Sturgeon" is not).
    m = next(
        (
            found
            for w in re.finditer(r"(?<!\S)\S", text[start : others.start()])
            if (found := _NAME_AT_END.match(text, start + w.start(), others.start()))
            and people.is_name(found.group("name"))
        ),
        None,
    )
    if m is None:
        return []
    title = " ".join(text[start : m.start()].split()) or None
    if title and (len(title.split()) > 5 or not title[0].isupper()):
        title = None
    return [make_party(text, m.start("name"), m.end("name"), people.clean_name(m.group("name")), title)]


# "co-chairs of the Caucus", "Special Rapporteurs on X": the plural head of a title shared by several.
_PLURAL_HEAD = re.compile(r"^(?P<head>[^,;]*?[a-rt-z])s(?P<rest>\s+(?:of|on|for|to)\b.*)?$")


def _one_of(title: str) -> str:
    """What each of several people is, told of them all in the plural: "co-chairs of the Caucus"
    gives "co-chair of the Caucus"."""
    m = _PLURAL_HEAD.match(title)
    return m.group("head") + (m.group("rest") or "") if m else title


# "Wolf (R-Va.)": the member's party and state may follow.
_SURNAME_SUBJECT = re.compile(rf"(?P<surname>[A-Z][\p{{Ll}}'’-]+)(?:{DISTRICT}|,[^,]{{1,60}},)?\s*$")


def _surname_subject(text: str, start: int, end: int) -> list[Party]:
    """ "Steel, born in Seoul, submitted a letter": the member named in full earlier in the text."""
    m = _SURNAME_SUBJECT.match(text, start, end)
    if not m or m.start() != start:
        return []
    found = _full_name(text, m.group("surname"), start)
    if found is None:
        return []
    name, title = found
    return [make_party(text, m.start("surname"), m.end("surname"), name, title)]


_LEADING_MEMBER_TITLE = re.compile(rf"^\s*(?:U\.S\.\s+)?(?:{MEMBER_TITLES})\s+")
_SURNAMES_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def _surnames_listed(text: str, start: int, end: int) -> list[Party]:
    """ "Sens. Cruz, Merkley, Colleagues Send Letter …" (a headline): members by surname, each
    named in full elsewhere in the text; words for the others ("Colleagues") name no one."""
    lead = _LEADING_MEMBER_TITLE.match(text, start, end)
    pos = lead.end() if lead else start
    out = []
    for sep in [*_SURNAMES_SEP.finditer(text, pos, end), None]:
        a, b = pos, sep.start() if sep else end
        while b > a and text[b - 1].isspace():
            b -= 1
        pos = sep.end() if sep else end
        if _OTHERS_WORD.fullmatch(text, a, b):
            continue
        if not _SURNAME.fullmatch(text, a, b):
            return []  # not a list of surnames ("… after taking office, Ruiz")
        found = _full_name(text, text[a:b], len(text))
        if found is not None and found[0] != text[a:b] and people.is_name(found[0]):
            out.append(make_party(text, a, b, found[0], found[1]))
    return out


_OTHERS_WORD = re.compile(r"(?i:colleagues|others|members|lawmakers|senators|representatives)")


# "…, and the day after assuming her duties, Salmón wrote …": the last clause of the sentence, after
# the time it happened.
_LAST_CLAUSE = re.compile(
    r"(?:[,;]\s+(?:and|but|so|then)\s+|;\s+)(?!.*(?:[,;]\s+(?:and|but|so|then)\s+|;\s+))", re.S
)
_LEADING_ASIDE = re.compile(r"[^,]{1,80},\s+(?=(?-i:[A-Z])[\p{Ll}'’-]+\s*$)")


# "Shin Dong-hyuk's letter", "Ryu Mi-sun’s open letter": a person's letter, by its owner.
_OWNED_LETTER = re.compile(
    rf"(?P<name>{people.NAME})['’]s\s+(?:(?:open|joint|handwritten|latest|new)\s+)?(?:letter|petition|appeal)\b"
)


# "(long-time crusader) Suzanne Scholte of the North Korean Freedom Coalition": a person and the
# organisation they belong to, as the subject.
_AFFILIATED = re.compile(
    rf"(?:^|\s)(?P<name>{people.NAME})\s+of\s+(?:the\s+)?(?P<org>(?-i:[A-Z])[^,;:()“”\"]{{2,80}}?)"
    r"(?:\s+(?:has|have|had|also|recently|today|yesterday))*\s*$"
)


def _affiliated_subject(text: str, start: int, end: int) -> list[Party]:
    m = _AFFILIATED.search(text, start, end)
    if m is None or not people.is_name(m.group("name")):
        return []
    return [
        make_party(text, m.start("name"), m.end("org"), people.clean_name(m.group("name")), m.group("org"))
    ]


def _possessive_writer(text: str) -> list[Party]:
    """The one person whose letter the text names ("Shin Dong-hyuk's letter"); none if several."""
    owners = {m.group("name"): m for m in _OWNED_LETTER.finditer(text) if people.is_name(m.group("name"))}
    if len(owners) != 1:
        return []
    name, m = next(iter(owners.items()))
    return [make_party(text, m.start("name"), m.end("name"), name, None)]


def _clause_subject(text: str, start: int, end: int) -> list[Party]:
    """The writer named by surname in the last clause of a sentence of several, after a time phrase."""
    last = _LAST_CLAUSE.search(text, start, end)
    if last is None:
        return []
    a = last.end()
    aside = _LEADING_ASIDE.match(text, a, end)
    return _surname_subject(text, aside.end() if aside else a, end)


# "Quintana said he sent a letter …": the writer is the one who says so, named in full earlier.
_SAID_HE = re.compile(
    r"(?P<surname>[A-Z][\p{Ll}'’-]+)\s+(?:said|says|added|noted|stated|explained|told\s+[\w\s]{1,40}?)"
    r"[\s.…,]*(?:that\s+)?(?:he|she)\s+(?:(?:had|has|also|recently|personally)\s+)*$"
)


def _said_he(text: str, start: int, end: int) -> list[Party]:
    m = _SAID_HE.search(text, start, end)
    if not m:
        return []
    found = _full_name(text, m.group("surname"), start)
    if found is None:
        return []
    return [make_party(text, m.start("surname"), m.end("surname"), found[0], found[1])]


# "Anna Berg MEP (Greens/EFA, Sweden) and Tom Wick MP wrote to …": writers named with the letters
# after their names, listed with commas and "and".
_POSTNOMINAL_SIGNER = re.compile(
    rf"(?P<signer>{people.NAME}{people.POSTNOMINAL}(?:\s*\([^()\n]{{1,80}}\))?)(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*$)"
)


def _postnominal_subject(text: str, start: int, end: int) -> list[Party]:
    out = []
    for m in _POSTNOMINAL_SIGNER.finditer(text, start, end):
        signer = signer_line(m.group("signer"))
        if signer is not None:
            out.append(make_party(text, *m.span("signer"), *signer))
    return out


# "LFNKR has sent out letters …": an organisation by its acronym, named in full where the text
# spells it out ("Life Funds for North Korean Refugees (LFNKR)"). States and the UN are not writers
# by acronym here: their letters are signed by people.
_ACRONYM_SUBJECT = re.compile(r"(?:the\s+)?(?P<acr>[A-Z]{3,8})(?:\s+(?:has|have|had|also|then|now))*\s*$")
_NOT_WRITER = {"PRC", "DPRK", "ROK", "USA", "CCP", "UN", "U.N"}


_SPELLED_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w’'-]*(?:\s+(?:(?:for|of|on|in|the|and)\s+)*[A-Z][\w’'-]*)+)\s+$"
)


def _acronym_subject(text: str, start: int, end: int) -> list[Party]:
    m = _ACRONYM_SUBJECT.match(text, start, end)
    if not m or m.group("acr") in _NOT_WRITER:
        return []
    acr = m.group("acr")
    # Where the text spells it out: "Life Funds for North Korean Refugees (LFNKR)", found as a
    # substring and the words before it with a compiled pattern (not one built per acronym).
    at = text.find(f"({acr})")
    spelled = _SPELLED_BEFORE.search(text, max(0, at - 200), at) if at >= 0 else None
    name = spelled.group("name") if spelled else acr
    party = make_party(text, m.start("acr"), m.end("acr"), name, None, confidence=0.6)
    party.organisation = True
    return [party]


# "A, Special Rapporteur on X; B, Special Rapporteur on Y; and C, Chair of Z, sent a letter":
# people, each with the title after the name, listed between semicolons.
_LIST_ITEM = re.compile(rf"^\s*(?:and\s+)?(?P<name>{people.NAME}),\s+(?P<title>[^;]{{3,160}}?)\s*,?\s*$")


def _semicolon_list(text: str, start: int, end: int) -> list[Party]:
    subject = text[start:end]
    if subject.count(";") < 1:
        return []
    # The list may follow an opening clause ("According to the OHCHR on the 23rd, A, …; B, …").
    first = subject.split(";", 1)[0]
    lead = first.rfind(", ", 0, first.rfind(","))
    offset = lead + 2 if lead >= 0 and not _LIST_ITEM.match(first) else 0
    out: list[Party] = []
    pos = start + offset
    for item in subject[offset:].split(";"):
        m = _LIST_ITEM.match(item)
        if m is None:
            return []
        out.append(
            make_party(text, pos + m.start("name"), pos + m.end("name"), m.group("name"), m.group("title"))
        )
        pos += len(item) + 1
    return out if len(out) >= 2 else []


# "Human Rights Watch said that it has sent a letter to …": the organisation is the writer.
_SAID_IT = re.compile(
    r"(?:[Tt]he\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+(?:(?:for|of|in|on|the)\s+)*[A-Z][\w'’.-]*){1,8})"
    r"\s+(?:said|says|announced|stated|reported)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they)\s+"
    r"(?:(?:has|have|had|also|recently)\s+)*$"
)


def _organisation_said_it(text: str, start: int, end: int) -> list[Party]:
    m = _SAID_IT.search(text, start, end)
    if not m or not ORG_WORDS.search(m.group("name")):
        return []
    party = make_party(text, m.start("name"), m.end("name"), m.group("name"), None, confidence=0.6)
    party.organisation = True
    return [party]


def _full_name(text: str, surname: str, before: int) -> tuple[str, str | None] | None:
    """The full name, and title, of the person the text named earlier with this surname: "Nancy
    Pelosi" for "Pelosi", "Hu Jintao" for "Hu" (a Chinese name gives the family name first). A
    mention after a title ("Speaker of the House Nancy Pelosi") is preferred to one in a headline;
    "President Bush" and no fuller name is the surname, with the title it was given."""
    fallback = None
    for naming in people.namings(text, surname, before):
        titled = _TITLE_BEFORE.search(text, max(0, naming.start - 80), naming.start)
        title = " ".join(titled.group("title").split()) if titled else None
        title = _SINGULAR.get(title.lower(), title) if title else None
        if title is not None and naming.name is None and re.search(r"\s(?:of|to|for|on)$", title):
            continue  # "the Ambassador of the Republic of Nepal": the place an office is of, no one
        if naming.name is not None and title is not None:
            return naming.name, title
        if naming.name is not None or title is not None:
            fallback = fallback or (naming.name or surname, title)
    return fallback


_TITLE_BEFORE = re.compile(
    rf"(?<![\w-])(?P<title>{MEMBER_TITLES}|{people._TITLE_START}(?:\s+(?:of|for|the|on|to|[A-Z][\w.'’-]*))*)\s+$"
)


def _title_elsewhere(text: str, name: str) -> str | None:
    """The title the text gives a member by surname elsewhere ("Rep. Smith", "Sen. Merkley")."""
    surname = name.split()[-1]
    # The titles are found with the compiled pattern and the name checked after each: a pattern
    # built around each name would be compiled anew for every name of every text.
    for m in _REPORTED_TITLE_RE.finditer(text):
        if any(_word_at(text, m.end(), w) for w in (name, surname)):
            title = " ".join(m.group("title").split())
            return _SINGULAR.get(title.lower(), title)
    return None


def _word_at(text: str, i: int, word: str) -> bool:
    j = i + len(word)
    return text.startswith(word, i) and (j >= len(text) or not text[j].isalnum())


# What a story calls members of a legislature, and a letter's writers, in the plural (lexicon).
_MEMBER_NOUNS = lexicon.alternation(lexicon.words("letters.member_nouns"))
_WRITER_NOUNS = f"{_MEMBER_NOUNS}|{lexicon.alternation(lexicon.words('letters.writer_nouns'))}"
# … and the other nouns and groups a story calls them by once it has told of their letter.
_WRITERS_NAMED_AGAIN = f"{_WRITER_NOUNS}|{lexicon.alternation(lexicon.words('letters.writer_kinds'))}"
# "Nine US senators have written …": members counted, to be named after.
_COUNTED_MEMBERS = re.compile(
    r"\b(?:\w+|\d+)\s+(?:(?:US|U\.S\.|American|British|Democratic|Republican|bipartisan)\s+)*"
    rf"(?:{_MEMBER_NOUNS})(?:\s+of\s+(?:Congress|Parliament))?\b",
    re.I,
)
# "Democratic senators A, B and C and their Republican colleagues D and E denounced …".
_MEMBERS_NAMED = re.compile(
    r"\b(?:Democratic|Republican|US|U\.S\.|fellow)?\s*(?:senators|representatives|lawmakers|congressmen|colleagues)\s+",
    re.I,
)


def _members_named_after(text: str, sentences: list[tuple[int, int]], k: int) -> list[Party]:
    """The members a story names in the sentences after the one that counted them as writers."""
    out: list[Party] = []
    for s, e in sentences[k + 1 : k + 5]:
        for m in _MEMBERS_NAMED.finditer(text, s, e):
            for a, b in _name_list(text, m.end(), e):
                name = people.clean_name(text[a:b])
                if name not in {p.name for p in out}:
                    out.append(make_party(text, a, b, name, _title_elsewhere(text, name)))
        if out:
            break
    return out


def _previous_members(text: str, sentences: list[tuple[int, int]], k: int) -> list[Party]:
    """The members listed in the sentence before one whose subject stands for them, or in the one
    before that when the sentence between speaks of them as a group too ("The legislators …")."""
    for j in (k - 1, k - 2):
        if j < 0:
            return []
        s, e = sentences[j]
        found = _reported_senders(text, s, e)
        if found or not _GROUP_SUBJECT.search(text, s, min(e, s + 40)):
            return found
    return []


_THE_COUNTED = re.compile(
    rf"\s*(?:[A-Z][\w ]{{0,30}},\s+)?(?:the|these|those)\s+(?P<n>\d{{1,2}}|{lexicon.alternation(NUMBER_WORDS)})\s+"
    rf"(?:[\w.-]+\s+){{0,2}}?(?:{_MEMBER_NOUNS})\b",
    re.I,
)


def _counted_members_before(
    text: str, sentences: list[tuple[int, int]], k: int, start: int, end: int
) -> list[Party]:
    """ "In February, the four U.S. lawmakers sent a letter …": the members a sentence before named,
    as many as the subject counts (the nearest such list within eight sentences)."""
    m = _THE_COUNTED.match(text, start, end)
    if m is None:
        return []
    word = m.group("n").lower()
    n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    for j in range(k - 1, max(-1, k - 9), -1):
        found = _reported_senders(text, *sentences[j])
        if n is not None and len(found) == n:
            return found
    return []


# "… a letter signed by Jane Doe (…), together with John Roe, and Ann Lee, director …".
_SIGNED_BY = re.compile(
    # "The letters, addressed to the President of Nepal, were written by Representatives A and B".
    # "The statement was signed by Sen A of Maryland, …": the letter told of named again by what it says.
    r"\b(?:letters?|(?<=\b(?i:the|this)\s)statement),?\s+(?:[^.;,]{1,120},\s+)?(?:was\s+|were\s+|is\s+|are\s+)?(?:also\s+)?"
    r"(?:signed|co-?signed|endorsed|written|authored|penned|drafted)\s+(?:jointly\s+)?by\s+"
    # "A joint letter by Sheffield MPs A, B and C called on …", "A letter from the Archbishops of
    # Canterbury and York Justin Welby and Stephen Cottrell …": the writers after "by" or "from".
    r"|\b(?:a|an|the|their)\s+(?:[\w-]+\s+){0,2}?letter\s+(?:by|from)\s+(?=(?-i:[A-Z]))",
    re.I,
)
_IT_SIGNED_BY = re.compile(
    r"[\"“]?It\s+(?:was|is|had\s+been|has\s+been)\s+(?:also\s+)?(?:signed|co-?signed|written|authored)\s+(?:jointly\s+)?by\s+"
)
_SURNAME = re.compile(r"(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)")
# "The letter has been sent to Jane Doe …": the addressee of a letter told of by its signers.
_SENT_TO = re.compile(
    r"\bletters?\s+(?:has\s+been|have\s+been|had\s+been|was|were|is|are)\s+(?:sent|addressed|delivered)\s+to\s+",
    re.I,
)
_PAREN = re.compile(r"\([^()]*\)")
_HONORIFIC_AT = re.compile(rf"{people.HONORIFIC}\s+")
# A ";" before another honoured name lists one more signer ("signed by Chairman A (D-NY); Rep. B
# (D-CA), Chairman of …; and Rep. C (R-FL), …"), not a clause of its own.
# ", will be delivered to …": the verb of the sentence whose subject the signed letter was.
_CLAUSE_END = re.compile(
    # "Sens. A, R-South Dakota; B, D-Vermont; …": a semicolon between members and their states
    # goes on with the list.
    rf"[;](?!\s*(?:and\s+)?(?:{people.HONORIFIC}\s|(?-i:[A-Z])[\w.'’-]+(?:\s+(?-i:[A-Z])[\w.'’-]+){{1,3}},\s*[DRI]-))"
    r"|\s(?:that|which|who)\s"
    r"|,\s+(?:will|would|was|were|has|have|had|is|are|calls|called|urges|urged|asks|asked)\b"
    r"|\s(?:calls|called|urges|urged|asks|asked|demands|demanded|is\s+being|was|were)\s"
    # "… signed by writers and lawyers and published yesterday urging the government to release …":
    # what the letter did next, and what it asks, name no signer.
    r"|,?\s(?:and\s+(?:published|sent|delivered|released|issued|posted)|urging|calling\s+(?:on|for)|asking"
    r"|seeking|requesting|demanding)\b"
    # "… signed by 78 members of Congress to Turkish President B": whom it went to.
    rf"|\s+to\s+(?=(?:the\s+)?(?:(?-i:[A-Z])[\w.'’-]*\s+){{0,3}}?{people._TITLE_START}\b)"
)


# Members who signed beside the leads: "Joining A and B in signing the letter were Senators C (…)
# and Representatives D (…)", "co-signed by", "also signed by", "was led by", "signatories include".
_ALSO_SIGNED = re.compile(
    r"\b(?:joining\s+[^.;]{0,120}?\s+(?:in\s+(?:signing|sending)|on)\s+(?:the|this)\s+letter\s+(?:were|was|are|is)"
    # "Joining the letter are Senators C (…) and D (…)".
    r"|joining\s+(?:the|this)\s+letter\s+(?:were|was|are|is)"
    # "Joining Wisconsin's Senators were A (R-IN), B (D-VT) …": more members beside those named.
    rf"|joining\s+(?:[\w’'.-]+\s+){{0,3}}?(?:{_MEMBER_NOUNS})\s+(?:were|was|are|is)"
    r"|(?:were|was|are|is)\s+(?:also\s+)?joined\s+by|(?:also\s+)?co-?signed\s+by|also\s+signed\s+by"
    r"|(?:(?:was|were|is|are)|letter)\s+led\s+by|(?:co-?signers|co-?signatories|signatories|signers|signees|participants)"
    # "The signatories of the letter, dated May 21, also include A, …".
    r"(?:\s+(?:of|to)\s+(?:the|this)\s+(?:letter|petition|appeal))?(?:,[^,;.]{1,40},)?\s+(?:also\s+)?"
    r"(?:include|included|are|were)"
    # "The eight members of Congress who signed on the letter are A (VA), B (NJ) …".
    # "The MPs and peers who signed the letter are as follows:".
    rf"|\b(?:members|{_MEMBER_NOUNS})(?:\s+and\s+(?:{_MEMBER_NOUNS}))?(?:\s+of\s+(?:Congress|Parliament))?\s+"
    r"who\s+(?:signed|co-?signed|joined)\s+(?:on(?:to)?\s+)?(?:the|this)\s+(?:letter|petition|appeal)\s+"
    r"(?:are(?:\s+as\s+follows)?|were|include[sd]?)"
    # "Among the 13 laureates who signed the letter are A, B and C": whoever the signers are.
    r"|\bwho\s+(?:signed|co-?signed)\s+(?:on(?:to)?\s+)?(?:the|this)\s+(?:letter|petition|appeal)\s+(?:are|were|include[sd]?)"
    r"(?=\s+(?-i:[A-Z]))"
    # "The US senators are A, B, … and L": the members the story counted, named.
    rf"|\b(?-i:The)\s+(?:[\w.’'-]+\s+){{0,2}}?(?:{_MEMBER_NOUNS})\s+(?:are|were)(?=\s+(?-i:[A-Z]))"
    # "The committee members addressing President Biden include Reps. A (R-VA), B (R-MO) …" (not
    # "Members of the caucus include …", who are not said to write).
    r"|\b(?:members|lawmakers|legislators)\s+(?:addressing|signing|behind|writing|who\s+(?:signed|wrote))\s+"
    r"(?:[\w’'.-]+\s+){0,3}?(?:include|included))\s*:?\s*",
    re.I,
)


# "Archbishop A of Baltimore, chair of X, was among the letter's signatories, alongside …, including
# Professor B and C"; "D, senior fellow at Y; E, …; were also among the signatories": signers named
# before their role, and those named after "including".
_AMONG_SIGNERS = re.compile(
    r"\b(?:was|were|is|are)\s+(?:also\s+)?(?:among|one\s+of)\s+(?:the\s+)?(?:(?:letter|petition|appeal)['’]s\s+)?"
    r"(?:(?:more\s+than\s+|over\s+|some\s+|about\s+)?\d+\s+|many\s+|other\s+)?(?:signatories|signers|signees|co-?signers|co-?signatories)\b",
    re.I,
)
_AFTER_INCLUDING = re.compile(r"\bincluding\s+")
_ITEM_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _among_signers(text: str, s: int, e: int) -> list[Party]:
    m = _AMONG_SIGNERS.search(text, s, e)
    if m is None:
        return []
    a = _subject_start(text, s, m.start())
    subject = text[a : m.start()].rstrip(" ,;")
    if ";" in subject:
        out = _listed_names(text, a, a + len(subject))
    else:
        # One signer, perhaps with where they serve and, between commas, what they are.
        head, _, role = subject.partition(", ")
        found = people.split_title_name(head)
        out = (
            [make_party(text, a, a + len(head), found[0], role.strip() or found[1])]
            if found and people.is_name(found[0])
            else []
        )
    after = _AFTER_INCLUDING.search(text, m.end(), e)
    if after is not None:
        stop = _CLAUSE_END.search(text, after.end(), e)
        pos = after.end()
        end = stop.start() if stop else e
        for sep in [*_ITEM_SEP.finditer(text, pos, end), None]:
            b = sep.start() if sep else end
            part = text[pos:b].strip(" .")
            found = people.split_title_name(part) if part else None
            if found and people.is_name(found[0]):
                out.append(make_party(text, pos, b, found[0], found[1]))
            pos = sep.end() if sep else end
    return out


def _joined(text: str, sentences: list[tuple[int, int]], senders: list[Party]) -> list[Party]:
    """The members named as signing beside the senders already found, each once: with their
    titles ("Senators C and D"), else as a list of names ("signatories include Lord A, Baroness B
    and C MP"; "The signatories are:" and one a line)."""
    known = {p.name for p in senders}
    out: list[Party] = []
    for s, e in sentences_having(
        text,
        sentences,
        ("join", "signed", "led by", "signator", "signer", "participant", "include", " are ", " were "),
    ):
        for p in _among_signers(text, s, e):
            if p.name not in known:
                known.add(p.name)
                out.append(p)
        # "Representative A (R-MI), Chair of X, joined the Chairs on the letter": a member before.
        on = _JOINED_ON.search(text, s, e)
        if on is not None:
            for p in _reported_senders(text, _subject_start(text, s, on.start()), on.start()):
                if p.name not in known:
                    known.add(p.name)
                    out.append(p)
        for m in _ALSO_SIGNED.finditer(text, s, e):
            found = _reported_senders(text, m.end(), e)
            if ";" in text[m.end() : e]:
                # "include German Green MEP A, Chair of …; Sir B MP, former …; Senator C and D":
                # one member a part, each with an office of its own.
                parts = _titled_parts(text, m.end(), e)
                found = parts if len(parts) > len(found) else found
            if not found:
                # A list under a colon runs to the first blank line, past the sentence.
                colon = text[m.start() : m.end()].rstrip().endswith(":")
                list_end = text.find("\n\n", m.end() + 1) if colon else e
                found = _listed_names(
                    text, m.end(), min(len(text), m.end() + 3000) if list_end < 0 else list_end
                )
            # "include Congress MP A, former Union minister B, academic C, activists D and E, among
            # others": what each is, then who, a part each.
            described = _described_parts(text, m.end(), e)
            found = described if len(described) > len(found) else found
            for p in found:
                if p.name not in known:
                    known.add(p.name)
                    out.append(p)
    return out


_OTHERS_END = re.compile(r",?\s+(?:among\s+others|and\s+others|and\s+many\s+others)\b")


def _described_parts(text: str, start: int, end: int) -> list[Party]:
    """The people of a list split by commas and "and", each part what they are, then who ("former
    Union minister A", "actor B"), or a name alone after one so described ("activists C and D")."""
    stop = _OTHERS_END.search(text, start, end)
    end = stop.start() if stop else end
    while end > start and text[end - 1] in " .":
        end -= 1
    out: list[Party] = []
    parts = 0
    pos = start
    for sep in [*_ITEM_SEP.finditer(text, start, end), None]:
        a, b = pos, sep.start() if sep else end
        pos = sep.end() if sep else end
        parts += 1
        if len(text[a:b].split()) > 8:
            return []  # no list of people: a clause
        found = people.split_title_name(text[a:b])
        # "A, Senior Rabbi of Masorti Judaism": a name then what they are is another kind of list.
        if found is None or not people.is_name(found[0]) or people.TITLE_ENDS_OPEN.search(found[1] or ""):
            continue
        if found[1] is None and not out:
            continue
        i = text.find(found[0], a, b)
        out.append(make_party(text, i, i + len(found[0]), people.clean_name(found[0]), found[1]))
    # Most of the parts are people so described, or it is no such list.
    return out if len(out) >= 2 and 2 * len(out) > parts else []


_JOINED_ON = re.compile(
    r",?\s+(?:also\s+)?joined\s+(?:[\w’'.-]+\s+){0,3}?(?:on|in\s+(?:signing|sending))\s+(?:the|this)\s+letter\b"
)
_SEMICOLON_PARTS = re.compile(r"\s*;\s*(?:and\s+)?|\s+and\s+(?=[^;]*$)")


def _titled_parts(text: str, start: int, end: int) -> list[Party]:
    """The members of a list split by semicolons (the last two by "and"), each part a title and a
    name ("German Green MEP A"), a name and letters after it ("Sir B MP"), then what they are after
    a comma; a part without a title names no member."""
    out = []
    pos = start
    for sep in [*_SEMICOLON_PARTS.finditer(text, start, end), None]:
        a, b = pos, sep.start() if sep else end
        pos = sep.end() if sep else end
        comma = text.find(",", a, b)
        head_end = comma if comma >= 0 else b
        while head_end > a and text[head_end - 1] in " .":
            head_end -= 1
        found = people.split_title_name(text[a:head_end])
        if found is None:
            continue
        name, title = found
        if title is None and not people._POSTNOMINAL_END.search(text, a, head_end):
            continue
        i = text.find(name, a, head_end)
        if i >= 0:
            out.append(make_party(text, i, i + len(name), people.clean_name(name), title))
    return out


# "the special rapporteurs on A and on B -- Jo Bell and Al Reyes -- stressed …": the writers of a
# letter told of as a group, named in a dashed apposition to their office.
_DASHED_NAMES = re.compile(
    rf"\b(?:{_WRITERS_NAMED_AGAIN})\b"
    rf"[^.;\n]{{0,120}}?\s(?:--|—|–)\s*(?P<names>{people.NAME}(?:\s*,\s*{people.NAME})*,?\s+and\s+{people.NAME})"
    r"\s*(?:--|—|–)"
)


def _dashed_writers(text: str, sentences: list[tuple[int, int]], after: int) -> list[Party]:
    """The writers named in a dashed apposition after the letter is told of, when it named none."""
    for s, e in sentences:
        if s < after or not any(d in text[s:e] for d in ("--", "—", "–")):
            continue
        m = _DASHED_NAMES.search(text, s, e)
        if m is None:
            continue
        a = m.start("names")
        out = []
        for part in _NAME_SEP.split(m.group("names")):
            if people.is_name(part):
                i = text.index(part, a)
                out.append(make_party(text, i, i + len(part), people.clean_name(part), None))
        if len(out) >= 2:
            return out
    return []


# "Led by Chairman A, a Republican from Texas, the 43 U.S. lawmakers …": the lead, then the writers
# named again by what they are.
_LED_BY = re.compile(
    r"\s*Led\s+by\s+(?P<who>[^,;:]{3,120}?),\s+(?:(?:an?|the)\s+[^,;:]{1,60},\s+)?"
    rf"the\s+(?:\d+\s+|(?:{lexicon.alternation(NUMBER_WORDS)})\s+)?(?:[\w.-]+\s+){{0,2}}?(?:{_WRITER_NOUNS})\b"
)


def _led_by_later(text: str, sentences: list[tuple[int, int]], after: int) -> list[Party]:
    """The member named as the lead of the writers in a sentence after the letter's."""
    for s, e in sentences:
        if s < after:
            continue
        m = _LED_BY.match(text, s, e)
        if m is not None:
            return _reported_senders(text, *m.span("who"))[:1]
    return []


# "The congressmen, Democrat Jo Bell from Ohio and Republican Al Reyes from Utah, are …": a group of
# writers told of, then named in an apposition.
_GROUP_APPOSED = re.compile(
    rf"\b[Tt]he\s+(?:[a-z]+\s+){{0,2}}(?:{_WRITER_NOUNS}),\s+"
    r"(?P<names>(?:[^.;:()]|(?<=\b(?:Jr|Sr|[A-Z]))\.){5,400}?),\s+(?:are|were|is|was|who|all|each|both|said|wrote|signed)\b"
)
_PARTY_BEFORE = re.compile(rf"^(?:{lexicon.alternation(lexicon.words('letters.party_words'))})\s+")
_HOME_AFTER = re.compile(r"\s+(?:from|of)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}$")


def _named_group(text: str, sentences: list[tuple[int, int]], after: int) -> list[Party]:
    """The writers a story names in an apposition to the group it told of, when it named none."""
    for s, e in sentences:
        if s < after:
            continue
        m = _GROUP_APPOSED.search(text, s, e)
        if m is None:
            continue
        out = []
        pos = m.start("names")
        for part in _NAME_SEP.split(m.group("names")):
            name = _HOME_AFTER.sub("", _PARTY_BEFORE.sub("", part.strip()))
            if not people.is_name(name):
                # Every part a name, or the apposition is not a list of the writers.
                return []
            i = text.index(name, pos)
            pos = i + len(name)
            out.append(make_party(text, i, pos, people.clean_name(name), None))
        if len(out) >= 2:
            return out
    return []


_NAME_SEP = re.compile(r"\s*(?:\n|;|,(?:\s*and\b)?|\band\b)\s*")
_PARTY_HEADING = re.compile(lexicon.alternation(lexicon.words("letters.party_words", "letters.parties")))


def _listed_names(text: str, start: int, end: int) -> list[Party]:
    """The signers of a list of names, each as it is written ("Lord A", "B MP"), with what
    follows a name between commas as its title ("A, crossbench peer, B, former envoy, and C")."""
    out: list[Party] = []
    pos = start
    # Where the words after the last signer's name began, and the title its own line gave: a title
    # that runs over a separator ("spokesperson on justice and immigration") is read as written.
    told_from, own_title = 0, None
    for sep in [*_NAME_SEP.finditer(text, start, end), None]:
        a, b = pos, sep.start() if sep else end
        part = " ".join(text[a:b].split()).strip(" .")
        if part:
            # "Frank Wolf (VA)": the member's state or district after the name is not part of it.
            signer = signer_line(part) or signer_line(_STATE_PAREN_END.sub("", part))
            if signer is not None:
                a = text.find(part.split()[0], a, b + 1)
                out.append(make_party(text, a, b, *signer))
                told_from, own_title = 0, out[-1].title
            elif (
                not out
                or len(part.split()) > 20
                or part.split()[0].endswith("ing")
                # "…, as well as other MSPs and councillors": the named signers have ended.
                or _OTHERS_UNNAMED.match(part)
            ):
                if out:
                    break
            elif _PARTY_HEADING.fullmatch(part):
                pass  # "Sinn Féin" / "Labour": a party heading its members in a list, one a line
            else:
                prev = out[-1]
                told_from = told_from or a
                told = " ".join(text[told_from:b].split()).strip(" .")
                prev.title = f"{own_title}, {told}" if own_title else told
                prev.chamber = people.chamber_of(prev.title)
        pos = sep.end() if sep else end
    return out


_STATE_PAREN_END = re.compile(r"\s*\((?:[DRI]-)?[A-Z]{2}(?:-\d{1,2})?\)$")
_OTHERS_UNNAMED = re.compile(
    r"(?:as\s+well\s+as|along\s+with|among\s+others|and\s+others|other|others)\b", re.I
)


def _signed_by(text: str, sentences: list[tuple[int, int]]) -> list[Party]:
    for s, e in sentences_having(text, sentences, ("signed", "endorsed", "written", "authored", "letter")):
        m = _SIGNED_BY.search(text, s, e)
        if not m:
            # "The letter, dated Nov. 1, urged … It was signed by A, …": the letter named just before.
            m = _IT_SIGNED_BY.match(text, s, e)
            if not m or not _LETTER_WORD.search(text, max(0, s - 300), s):
                continue
        end_m = _CLAUSE_END.search(text, m.end(), e)
        end = end_m.start() if end_m else e
        titled = _reported_senders(text, m.end(), end)
        if titled:
            return titled
        # Parenthesised titles hold names of others ("former U.S. Ambassador to China").
        segment = _PAREN.sub(lambda p: " " * len(p.group()), text[m.end() : end])
        spans = []
        for n in _ANY_NAME.finditer(segment):
            cand = n.group()
            if segment[: n.start()].endswith(("of ", "from ", "to ", "for ", "against ")):
                # "Sheldon Whitehouse of Rhode Island": where the signer is from; "the Coalition to
                # Stop Crimes against Humanity": words of an organisation's name.
                continue
            honor = _HONORIFIC_AT.match(cand)
            if people.is_name(cand) or (honor and people.is_name(cand[honor.end() :])):
                spans.append((m.end() + n.start() + (honor.end() if honor else 0), m.end() + n.end()))
        if spans:
            titles = _signer_titles(text, m.end(), end, spans)
            return [
                make_party(text, a, b, people.clean_name(text[a:b]), t, confidence=0.7)
                for (a, b), t in zip(spans, titles, strict=True)
            ]
    return []


# Where the words before a signer's name begin: after a comma, "and", "with".
_LAST_PART = re.compile(r",|\band\b|\bwith\b|\bas\s+well\s+as\b")
_ONLY_AND = re.compile(r"^\s+and\s+$")
_LIST_LEAD = re.compile(r"^(?:including|among\s+them|such\s+as|notably|namely)\b\s*", re.I)
_PAREN_AFTER = re.compile(r"\s*\((?P<t>[^()]{2,150})\)")
# "A, the U.N. special rapporteur on torture and other cruel, inhuman or degrading treatment, and B":
# a title after a name runs past initials' dots and past a comma before a word in lower case.
_COMMA_TITLE = re.compile(
    r",(?!\s*(?:and|together|as|with)\b)\s*(?:the\s+)?(?P<t>[^\s,;.()]"
    r"(?:[^,;.()]|(?<=\b[A-Z])\.|,(?=\s+(?!(?:and|or|that|which|who|whose|as|with|together)\b)[a-z])){1,159}?)"
    r"\s*(?=,(?!\s+(?!(?:and|or|that|which|who|whose|as|with|together)\b)[a-z])|;|(?<!\b[A-Z])\.|$)"
)
_PLURAL_END = re.compile(r"(?<=[^s])s$")


def _signer_titles(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[str | None]:
    """Each signer's title in "signed by A (title), together with co-chairs B (…) and C (…), and D,
    director": the words right before a name are its title, shared with a name joined to it by a
    bare "and"; else the title after the name, set off by a comma; else the one in parentheses."""
    titles: list[str | None] = []
    pos, shared = start, None
    for a, b in spans:
        gap = text[pos:a]
        # "signed by Chinese authors, including A, a novelist": "including" lists, it is no title.
        before = _LIST_LEAD.sub("", _LAST_PART.split(gap)[-1].strip())
        own = None
        if before and not _HONORIFIC_AT.fullmatch(before + " ") and len(before.split()) <= 6:
            own = shared = _PLURAL_END.sub("", before)
        elif not (shared and _ONLY_AND.match(gap)):
            shared = None
        after = b
        paren = _PAREN_AFTER.match(text, b, end)
        if paren:
            after = paren.end()
        comma = _COMMA_TITLE.match(text, after, end)
        title = own
        lead = _ANY_NAME.match(comma.group("t")) if comma else None
        if comma and not (lead and people.is_name(lead.group())):
            after = comma.end()
            title = title or comma.group("t").strip()
        title = title or shared or (" ".join(paren.group("t").split()) if paren else None)
        titles.append(title)
        pos = after
    return titles


def _reported_senders(text: str, start: int, end: int) -> list[Party]:
    """The members named as writing the letter: "Senator Tim Kaine (D-VA)", "Representatives A and B"."""
    out: list[Party] = []
    for t in _REPORTED_TITLE_RE.finditer(text[start:end]):
        title = " ".join(t.group("title").split())
        title = _SINGULAR.get(title.lower(), title)
        # "House International Relations Committee Chairman Henry Hyde": what the office is of.
        lead = _ROLE_LEAD.search(text, max(start, start + t.start() - 80), start + t.start())
        if lead and not _MEMBER_TITLE.fullmatch(title):
            title = " ".join(f"{lead.group()} {title}".split())
        pos = start + t.end()
        while pos < end:
            m = _REPORTED_NAME.match(text, pos, end)
            # "Chairman Engel (D-NY)": a surname alone, with a member's party and state, is a
            # member named in full elsewhere in the text.
            if not m or not (
                people.is_name(m.group("name"))
                or (m.group("district") and _SURNAME.fullmatch(m.group("name")))
            ):
                break
            full = title + (f" ({m.group('district')})" if m.group("district") else "")
            out.append(make_party(text, start + t.start(), m.end(), people.clean_name(m.group("name")), full))
            sep = _LIST_SEP.match(text[m.end() : end])
            if not sep:
                break
            nxt = m.end() + sep.end()
            if _REPORTED_TITLE_AT.match(text[nxt:end]):
                break
            pos = nxt
    seen: set[str] = set()
    unique = []
    for p in out:
        if p.name not in seen:
            seen.add(p.name)
            unique.append(p)
    return unique


# Capitalised words right before an office ("House Policy" Chairman), none of them a name's.
_ROLE_LEAD = re.compile(r"(?<![\w.'’-])(?:(?-i:[A-Z])[\w'’&-]*\s+){1,5}$")
_MEMBER_TITLE = re.compile(MEMBER_TITLES)


# "Seven experts, including the Special Rapporteur on X, Jane Doe, sent …", "groups, including the
# Refugee Rights Network (RRN), sent …": the writers the subject names among others.
_INCLUDING_THE = re.compile(r"\bincluding\s+(?:the\s+)?")
_ACRONYM_PAREN = re.compile(r"\s*\([A-Z]{2,8}\)")
_PART_SEP = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")


def _included(text: str, start: int, end: int) -> list[Party]:
    m = _INCLUDING_THE.search(text, start, end)
    if not m:
        return []
    a, b = m.end(), end
    while b > a and text[b - 1] in " ,":
        b -= 1
    segment = _ACRONYM_PAREN.sub("", text[a:b])
    # A title then a name, set off by a comma: one person, not an office and a second writer.
    found = people.split_title_name(segment)
    if found and found[1]:
        return [make_party(text, a, b, found[0], found[1])]
    out = []
    for part in _PART_SEP.split(segment):
        part = part.strip()
        if people.is_name(part):
            out.append(make_party(text, a, b, people.clean_name(part), None))
        elif ORG_WORDS.search(part) and ORG_NAME.fullmatch(part):
            out.append(make_party(text, a, b, part, None, confidence=0.6))
        else:
            return []
    return out


# "… to President Xi Jinping on Monday urging …": the day is not part of the addressee.
_TRAILING_WHEN = re.compile(
    rf"\s+(?:on\s+|last\s+|this\s+|earlier\s+this\s+)?(?:{_DAY_TOLD}|"
    rf"week|month|(?:{MONTH_NAME})\b\.?[\s\d,]*)\b[^,]*$"
    # "… to President X two days ago".
    rf"|\s+(?:\w+|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago\b[^,]*$"
)
# "… to President Hu Jintao through the Chinese Embassy", "… to the Ambassador via his office": the
# way the letter went, not the addressee.
_TRAILING_ROUTE = re.compile(r"\s+(?:through|via|care\s+of|c/o|by\s+(?:mail|post|fax|hand|courier))\b[^,]*$")


# "… to President X protesting the handing over of …": what the letter does, after its addressee.
_TRAILING_DEED = re.compile(
    r"\s+(?:protesting|urging|asking|calling|expressing|demanding|requesting|regarding|concerning|about)\b[^,]*$"
    # "Twelve senators in a letter to Foreign Minister X expressed …": the writers' own verb, right
    # after the addressee's name.
    r"|(?<=(?-i:[A-Z])[\w.'’-]*)\s+(?:(?-i:[a-z]{3,}ed)|said|wrote|sought)\b[^,]*$"
)


def _addressee_end(text: str, a: int, b: int) -> int:
    """Where the addressee phrase from `a` ends before `b`: before when and how the letter went,
    and what it does."""
    found = (p.search(text, a, b) for p in (_TRAILING_WHEN, _TRAILING_ROUTE, _TRAILING_DEED))
    return min((m.start() for m in found if m), default=b)


# "the chairman of the House Foreign Affairs Committee", "co-chairs of the Commission": the
# organisation is where the writer sits, not the writer.
_AFFILIATION = re.compile(r"\bof\s+(?:the\s+)?$")


def _reported_organisations(text: str, start: int, end: int) -> list[Party]:
    """Organisations named as the writers: "Human Rights Watch and the Citizens' Alliance … sent a letter"."""
    subject = text[start:end]
    # Only a subject that is a list of names: no clause ("After X said …, Y sent") before the verb.
    if _CLAUSE_WORD.search(subject):
        return []
    out = []
    for m in ORG_NAME.finditer(subject):
        name = m.group("name")
        if _AFFILIATION.search(subject, 0, m.start()):
            continue
        # "Christian Solidarity Worldwide (CSW)": a name spelled out before its acronym is an
        # organisation's, whatever its words.
        acronym = _ACRONYM_AFTER.match(subject, m.end())
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if (acronym and acronym.group("acr") == initials) or (
            ORG_WORDS.search(name) and not people.is_name(name)
        ):
            a, b = start + m.start("name"), start + m.end("name")
            party = make_party(text, a, b, name, None, confidence=0.6)
            party.organisation = True
            out.append(party)
    return out


_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z]{2,8})\)")


# What ends the addressee after "sent a letter to …": the asks ("urging", "pressing them to"), or
# what the letter is about ("expressing concern", "highlighting …", "regarding …").
_RECIPIENT_AFTER_VERB = re.compile(
    rf"\s*(?:(?:on\s+)?(?:{_DAY_TOLD}|"
    r"last\s+week|this\s+week)\s+)?(?:(?:via|by)\s+[\w ]{1,40}?\s+to\s+)?(?:to\s+)?"
    r"(?:(?:to\s+)?(?:urge|urging|ask|asking|call\s+on|calling\s+on|press|pressing)\s+)?"
    # A colon ends the addressee: "a letter to Xi Jinping:  In solidarity with …" goes on to other words.
    rf"(?P<np>(?:[^;.:]|(?<=\b{ABBREVIATED})\.)+?)"
    # "… called on the Home Secretary to “personally review each case”": the ask may open a quotation.
    rf"(?:(?P<sep>,?\s+(?:to\s+(?=[“\"]?(?:[a-z]+ly\s+)?{_VERB}\b)|urging\s+|asking\s+(?:for\s+)?|calling\s+(?:on|for)\s+|and\s+urged\s+|"
    # "… seeking the administration's cooperation", "… calling for a judgment on …": a thing asked.
    r"requesting\s+|seeking\s+|"
    r"demanding\s+|"
    # Not "a letter to X that was signed by …": what the letter was, not what it asks.
    r"that\s+(?!(?:was|were|is|are|has|have|had)\b)|(?:pressing|urging|asking)\s+(?:him|her|them)\s+to\s+|appealing\s+to\s+|"
    r"(?:pleading|pleaded|begging|imploring)\s+(?:with\s+)?(?:him|her|them)\s+to\s+))"
    r"|(?P<about>,?\s+(?:expressing|highlighting|raising|voicing|regarding|concerning|about|on\s+the|"
    r"protesting|condemning|critici[sz]ing|decrying|denouncing|welcoming|thanking|detailing|outlining|"
    r"describing|warning|objecting|from|(?:co-?)?signed\s+by|"
    r"on\s+behalf\s+of|following|after|ahead\s+of|in\s+(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+)?letter"
    # "have written Prime Minister X to protest …": the writers' purpose, after the addressee.
    r"|to\s+(?:protest|express|voice|raise|highlight|oppose|condemn|denounce|criticize|criticise))\b|,|"
    r"\s+a\s+few\b|$))",
)


def _reported_recipients(text: str, start: int, end: int) -> tuple[list[Party], int | None]:
    """The addressees after "sent a letter to (urge)" and where the asks begin after them."""
    if _SIGNERS_AFTER.match(text, start, end):
        # "Among those who signed the letter are A and B": its signers, after a verb.
        return [], None
    m = _RECIPIENT_AFTER_VERB.match(text, start, end)
    if not m:
        b = _PHRASE_END.search(text, start, end).start()
        return _addressees(text, start, _addressee_end(text, start, b)), None
    a, b = m.span("np")
    b = _addressee_end(text, a, b)
    rest = m.end("sep") if m.group("sep") else None
    # "In a letter to X, Senator A said …": after the comma, the writer, not X's office.
    if rest is None and m.group("about") == "," and not _WRITER_AFTER.match(text, b, end):
        apposed = _apposed_addressee(text, a, b, end)
        if apposed is not None:
            return by_rule(APPOSED_OFFICE, [apposed[0]]), apposed[1]
    return _addressees(text, a, b), rest


_SIGNERS_AFTER = re.compile(r"\s*(?:are|is|were|was|include|includes|included|including)\b")
_TO_PRONOUN = re.compile(r"\s*(?:him|her)\b")
# "President Xi's visit": a person named by office and surname, the possessive after it allowed.
_TITLED_SURNAME = re.compile(
    rf"\b{people._TITLE_START}\s+(?P<surname>(?-i:[A-Z])[\p{{Ll}}'’-]+)(?=['’]s\b|[\s,.;])"
)


def _pronoun_addressee(text: str, s: int, verb_start: int, verb_end: int, e: int) -> list[Party]:
    """ "… a letter it sent to him": the person the sentence named before, by office and surname."""
    if not _TO_PRONOUN.match(text, verb_end, e):
        return []
    mentions = list(_TITLED_SURNAME.finditer(text, s, verb_start))
    if not mentions:
        return []
    m = mentions[-1]
    surname = re.sub(r"['’]s$", "", m.group("surname"))
    full = _full_name(text, surname, m.start())
    if full is None or not people.is_name(full[0]):
        return []
    return [make_party(text, m.start(), m.start("surname") + len(surname), full[0], full[1], confidence=0.6)]


# ", the Chinese ambassador to South Korea," after a name; ", Mr Zha Peixin," after an office: the
# other half of one addressee, up to a comma or the ask ("… to the United States to protest …").
_APPOSITION = re.compile(
    r",\s+(?P<app>[^,;:()“”\"]{3,120}?)(?P<after>,|\s+to\s+(?!(?:the|a|an)\b)(?-i:[a-z])|\s*[.;]|\s*$)"
)
_OFFICE_ANYCASE = re.compile(rf"\b{people._TITLE_START}", re.I)
# What may follow the addressee and the office set beside it: the ask ("…, urging China not to …").
_ASK_AFTER = re.compile(
    r"\s*(?:(?:urging|asking|calling\s+(?:on|upon)|pressing|requesting|demanding|appealing\s+to)\s+|"
    rf"to\s+(?={_VERB}\b))"
)


def _apposed_addressee(text: str, a: int, b: int, end: int) -> tuple[Party, int | None] | None:
    """An addressee named then given an office, or the reverse, set off by commas: "to Zhang Xinsen,
    the Chinese ambassador to South Korea, urging …"; "to the Chinese ambassador, Mr Zha Peixin,"."""
    m = _APPOSITION.match(text, b, end)
    if not m:
        return None
    head = " ".join(text[a:b].split())
    app = " ".join(m.group("app").split())
    head_name = people.clean_name(_LEADING_THE.sub("", head))
    app_name = people.clean_name(app)
    if people.is_name(head_name) and _OFFICE_ANYCASE.search(app) and not people.split_title_name(app):
        name, title = head_name, _LEADING_THE.sub("", app)
    elif _OFFICE_ANYCASE.search(head) and people.split_title_name(head) is None and people.is_name(app_name):
        name, title = app_name, _LEADING_THE.sub("", head)
    else:
        return None
    party = Party(start=a, end=m.end("app"), quote=text[a : m.end("app")], confidence=0.75, extractor=EXTRACTOR,
                  name=name, title=title)  # fmt: skip
    after = m.group("after")
    pos = m.start("after") + (1 if after.startswith(",") else 0)
    ask = _ASK_AFTER.match(text, pos, end)
    return party, (ask.end() if ask else None)


_WRITER_AFTER = re.compile(
    # "…, four congressmen—Reps. A (R-Wis.) and B (D-Ill.), chairs of …—said": a count of members,
    # then who they are between dashes.
    # Not "the Senators": writers the sentence before named (_THEY_SAID).
    rf",\s*(?P<who>(?:(?:the\s+)?(?!(?i:{_MEMBER_NOUNS})\b)(?-i:[A-Z])|(?:{lexicon.alternation(NUMBER_WORDS)}|\d+)\s+(?={_MEMBER_NOUNS}))"
    # "Wolf (R-Va.) explained": a member's party and state after the name.
    # "…, Sen. A (D-NJ), Sen. B (D-NJ), and Rep. C (R-NJ) express …": a list of them, a comma before each.
    rf"(?:[^,;.“”\"—–]|(?<=\b{ABBREVIATED})\.|,\s+(?:and\s+)?(?=(?-i:[A-Z]))){{1,200}}?(?:{DISTRICT})?(?:\s*[—–][^—–“”\"]{{1,500}}?[—–])?)\s*(?:also\s+)?(?:[a-z]+ly\s+)?"
    r"(?:said|wrote|stated|urged|asked|called|demanded|protested|expressed|noted|argued|warned|requested|"
    r"appealed|pleaded|criticized|criticised|condemned|raised|stressed|insisted|reminded|pointed|explained|"
    r"say|says|write|writes|urge|urges|ask|asks|call|calls|express|expresses|note|notes|warn|warns|request|requests|"
    r"raise|raises|stress|stresses)\b"
)
_DISTRICT_IN = re.compile(DISTRICT)
_AUX_END = re.compile(
    r"\s+(?:has|have|had)(?:\s+(?:today|also|now|just|recently|already|jointly|[a-z]+ly))*\s*$"
)
_FROM_WRITERS = re.compile(r"(?:,\s+[^,;.]{1,80})?,?\s+from\s+(?=(?:[A-Z]|the\s))")
_THEY_SAID = re.compile(
    r"[^,;.]{1,120}?,\s*(?P<who>they|we|the\s+"
    rf"(?i:{_WRITERS_NAMED_AGAIN}))\s+"
    r"(?:also\s+)?(?:said|says|wrote|writes|stated|states|urged|urges|asked|asks|called|calls|demanded|demands)\b"
)
_FOOTNOTE_END = re.compile(r"[*†‡]+\s*$")
# "…, asking that the rights of refugees be protected": what is asked, in a clause of its own.
_LATER_URGING = re.compile(
    r",\s+(?:urging|asking|exhorting|calling\s+on|pressing|imploring|begging)\s+"
    r"(?:that\s+(?=(?:the\s+)?\w)|(?=(?:him|her|them)\s+(?:not\s+)?to\s))"
)
# "a letter calling for …": what a letter seeks, told right after the letter.
_LETTER_SEEKS = re.compile(r",?\s+(?:calling|asking|appealing|pleading)\s+for\s+(?=\S)")
_URGING_SEP = re.compile(
    r".*(?:urging|asking|calling\s+on|appealing\s+to|requesting|demanding"
    r"|(?:pleading|pleaded|begging|imploring)\s+(?:with\s+)?(?:him|her|them)\s+to)\s+(?:that\s+)?$",
    re.S,
)
_URGING_FIRST = re.compile(r"[\s,]*(?:urging|asking|calling\s+(?:on|upon)|pressing|appealing\s+to)\s", re.I)
# "urging him not to return them": the negation stays with the ask.
_PRONOUN_TO = re.compile(r"(?:him|her|them|it)\s+(?:to\s+|(?=not\s+to\s))")
# Not at the full stop of a title's abbreviation ("Lao President Lt. Gen. Choummali Saignason").
_PHRASE_END = re.compile(rf"[,;:]|(?<!\b{ABBREVIATED})\.|$")
# "letters to China President Hu Jintao as well as António Guterres, …": two addressees.
_AND = re.compile(r"\s+(?:and|as\s+well\s+as)\s+")


_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?(?-i:[A-Z])[^,;]*$")


_WORD = re.compile(r"[\w'’-]+")


def _addressees(text: str, a: int, b: int) -> list[Party]:
    """People named in "High Commissioner A and High Commissioner for Refugees B", each with a title."""
    while b > a and text[b - 1] in " ,":
        b -= 1
    parts = []
    cur = a
    for m in _AND.finditer(text, a, b):
        # "President Trump and key foreign policy leaders": one addressee by office and surname.
        if people.split_title_name(text[cur : m.start()]) or _titled_surname(text[cur : m.start()]):
            parts.append((cur, m.start()))
            cur = m.end()
    parts.append((cur, b))
    out = []
    for x, y in parts:
        # "Ambassador Zhou Wenzhong Citing Several Cases …" in a headline: the name ends before its verb.
        verb = next(
            (w for w in _WORD.finditer(text, x, y) if w.group().lower() in people.HEADLINE_VERBS), None
        )
        if verb is not None:
            y = verb.start()
            while y > x and text[y - 1] == " ":
                y -= 1
        found = people.split_title_name(text[x:y])
        # "Xi Jinping of the People's Republic of China": the person, without where they serve.
        if (
            not found
            and (of := _OF_PLACE.search(text, x, y))
            and (found := people.split_title_name(text[x : of.start()]))
        ):
            y = of.start()
        phrase = text[x:y]
        if not found:
            single = _titled_surname(phrase)
            if not single:
                continue
            full = _full_name(text, single.group("surname"), x)
            title = (single.group("title") or "").strip() or None
            found = (full[0], title or full[1]) if full else None
            if found is None and title:
                found = (single.group("surname"), title)
        if found:
            out.append(Party(start=x, end=y, quote=phrase, confidence=0.75, extractor=EXTRACTOR,
                             name=found[0], title=found[1]))  # fmt: skip
    return out


# "Secretary of State Kerry", "Pelosi": one surname, with or without a title before it.
_TITLE_SURNAME = re.compile(
    rf"(?:the\s+)?(?P<title>(?:[A-Z][\w.'’-]*\s+(?:(?:of|for|the)\s+)*)*?(?:{people._TITLE_START}(?:\s+of\s+State)?)\s+)?"
    r"(?P<surname>[A-Z][\p{Ll}'’-]+)"
)


# Capitalised words after an office that name a body, not a person: "UN Member States".
_BODY_WORDS = frozenset(
    {"States", "Nations", "Members", "Ministers", "Governments", "Affairs", "Office", "Committee", "Council",
     "Government", "Department", "Ministry", "Embassy", "Parliament", "Congress", "Senate", "House", "Leaders"}
)  # fmt: skip


def _titled_surname(phrase: str) -> re.Match[str] | None:
    m = _TITLE_SURNAME.fullmatch(" ".join(phrase.split()))
    return m if m is not None and m.group("surname") not in _BODY_WORDS else None


# Who is urged, when not a person: "the Administration", "the State Department", "Beijing".
_URGED_BODY = re.compile(
    r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:of|for|the|and|[A-Z][\w.'’-]*)){0,6}?\s+(?:to\s+(?=\w)|(?=not\s+to\s))"
    # "calling on the country to …", "urging the government not to …": a state named by what it is.
    # "urging the Nepalese government to …" too.
    r"|the\s+(?:[A-Z][\w-]*\s+)?(?:country|government|authorities|state|kingdom|republic|administration|regime)\s+"
    r"(?:to\s+(?=\w)|(?=not\s+to\s))"
)
# "urging the Minister to …"; after "suggesting that": "President Moon must save …".
_WHO_TO = re.compile(
    r"(?P<who>[^,;]{1,80}?)\s+(?:to\s+(?=\w)|(?=not\s+to\s)|(?:must|should)\s+(?:also\s+)?(?=[a-z]))"
)
_ANY_NAME = re.compile(people.NAME)


def _urged_person(text: str, start: int, end: int) -> tuple[Party, int] | None:
    """ "urging China's president Xi Jinping to provide …": the person urged and where the ask starts."""
    m = _WHO_TO.match(text, start, end)
    if not m:
        return None
    who = m.group("who")
    if who in ("him", "her", "them"):
        return None
    found = _addressees(text, m.start("who"), m.end("who"))
    if len(found) != 1:
        return None
    return found[0], m.end()


# The release's own account of what the letter asks: "The letter calls upon China to …", "Steel's
# letter urges Blinken to …", "the Members urge Rice to …", "asked Hu to …".
_TOLD_ASK = re.compile(
    rf"\b(?:{_ASKING})\s+[“\"]?(?:the\s+)?"
    r"(?P<who>[A-Z](?:[^,;.]|(?<=\b[A-Z])\.){0,160}?"
    # "urging the administration to …": an addressee named by what it is.
    r"|(?:administration|government|authorities|international\s+community"
    # "the families urged the leader to …": the addressee named by office.
    r"|leader|president|prime\s+minister|premier|minister|ambassador|secretary|envoy)"
    # "In a letter to Foreign Secretary Cameron, the MPs urged him to …": the addressee again.
    r"|(?-i:him|her|them)"
    # "In a letter to Secretary Duke, the caucus called on immigration officials to …": a few
    # lower-case words, taken only where the letter is who asks (_told_asks) and a verb of asking
    # follows ("requesting an immediate halt to their deportation" asks no one).
    # "requested for the foreign secretary to …": whom, after "for".
    r"|(?:for\s+(?:the\s+)?)?(?P<plain>(?!(?:me|us|you|it|its|their|his|her|them|our|your)\b)[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3}?)"
    rf"(?=\s+(?:not\s+)?to\s+(?:[a-z]+ly\s+)?{_VERB}\b))"
    # An opening mark after "to" is the ask's: its words quoted (asks._trim reads the mark).
    r"\s+(?P<neg>not\s+)?to(?:\s+(?=[“\"]?\w)|(?P<list>\s*:))"
    # "requested that Speaker Nancy Pelosi urge China to …", "demanded that the United States urge …"
    # "… are demanding that Israel reverse …", "urging that Beijing release …".
    r"|\b(?:request(?:s|ed|ing)?|demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?)\s+that\s+(?:the\s+)?"
    rf"(?P<who>[A-Z](?:[^,;.]|(?<=\b[A-Z])\.){{0,160}}?)\s+(?={_VERB}\b)"
    # "the letter asks that the government of Nepal:" and the asks a line each.
    r"|\b(?:ask|request|urge|demand)(?:s|ed)?\s+that\s+(?:the\s+)?(?P<who>(?:[Gg]overnment|[A-Z])[^,;.:\n]{0,80}?)(?P<list>\s*:)"
)
_ADDRESSEE_AGAIN = {"him", "her", "them"}


# "Dick Durbin (D-IL)", "Rep. Jo Bell (R-Ohio)": a legislator named with party and state.
_PARTY_STATE = re.compile(r"\((?:D|R|I)-[A-Z][\w.]*(?:-\d{1,2})?\)")


def _writers_before(before: str, writers: set[str], lead: bool) -> bool:
    """Whether the words before a verb of asking name the letter's writers: one of them within 25
    words, or two of them however many words; or (`lead`: a story that tells of a letter, before
    its letter is told of) legislators listed with party and state, as a release's lead names the
    writers ("U.S. Senators A (D-IL), B (D-VT) … today called on …")."""
    named = sum(bool(people.word_places(before, w, len(before))) for w in writers)
    return (
        named >= 2
        or (named == 1 and len(before.split()) <= 25)
        or (lead and len(_PARTY_STATE.findall(before)) >= 2)
    )


# "… have sent a letter to Secretary Rice, expressing …, and urging the administration to …": the
# writers of the letter the sentence tells of ask, by a participle.
_LETTER_THEN_PARTICIPLE = re.compile(r"\bletters?\b[^.;“”\"]{0,240},\s+(?:and\s+)?$", re.I)
_PARTICIPLE = re.compile(
    r"(?:urging|asking|calling|pressing|requesting|appealing|pleading|encouraging)\b", re.I
)
_LETTER_SUBJECT = re.compile(
    r"\b(?:the|this|that|its|their|his|her|[A-Z][\w-]*['’]s)\s+(?:letter|petition|appeal)"
    # "The letter – signed by 40 organizations, … – calls on": an aside between dashes, or between
    # commas ("The letter, signed by five experts, calls on").
    # "The letter specifically calls for …": a word of manner before the verb.
    r"(?:\s+[–—(][^–—()\n]{1,300}[–—)]\s+|,\s+[^,;.“”\"\n]{1,200},\s+|\s+)(?:(?:also|[a-z]+ly)\s+)?$"
    # "In the letter,", "In a joint letter sent to Foreign Secretary David Cameron on Monday,".
    r"|^In\s+(?:a|an|the|this|that|its|their|his|her)\s+(?:[\w-]+\s+){0,3}?(?:letter|petition|appeal)\b"
    # Then the writers, not someone the letter quotes ("…, they said, “President Yoon urged …”").
    r"[^.;:“”\"]{0,200}?,[^,“”\"]{0,80}$",
    re.I,
)
_IT = re.compile(r"^It\s+(?:also\s+)?$")


def _after(sentences: list[tuple[int, int]], end: int, n: int = 1) -> int:
    """Where the n-th sentence after the one ending at `end` ends (the last sentence's end if none)."""
    ends = sorted(b for a, b in sentences if a >= end)
    return ends[n - 1] if len(ends) >= n else (ends[-1] if ends else end)


def _before(sentences: list[tuple[int, int]], start: int, n: int = 1) -> int:
    """Where the n-th sentence before the one at `start` begins (the text's start if none)."""
    starts = sorted(a for a, b in sentences if b <= start)
    return starts[-n] if len(starts) >= n else 0


_LETTER_WORD = re.compile(r"\b(?:letter|petition)", re.I)
_WRITERS_SUBJECT = re.compile(
    # After an opening clause too ("To further this objective, the Co-Chairs also urged …").
    r"^(?:(?:To|In|On|Upon|At|After|With|Besides|During|Later|Meanwhile|Also|Additionally|Moreover|Furthermore|Among)\b"
    r"[^,;]{0,80},\s+"
    # "Mentioning the case of Kim Kyu-li, …, the group requested …": a participle's clause.
    r"|[A-Z][a-z]+ing\b[^;]{0,200},\s+"
    # "Specifically, the Members call on …".
    r"|[A-Z][a-z]+ly,\s+)?"
    # "The former US officials", "the rights groups": who wrote, named again by what they are.
    r"(?:They|(?:The|the|These|these|Those|those)\s+(?:[\w.-]+\s+){0,2}?"
    rf"(?i:{_WRITERS_NAMED_AGAIN}|two|three|four|five)"
    # "the Members of Congress", "the Members of Parliament".
    r"(?:\s+of\s+(?:Congress|Parliament))?)"
    # "The rabbis are demanding …", "They have also urged …": the auxiliary of a present or perfect.
    r"\s+(?:(?:are|were|have|had|has|is)\s+)?(?:also\s+|further\s+)?"
    # "The senators today called on …", "the MPs on Monday urged …": when, between them and the verb.
    r"(?:(?:today|yesterday|tonight|recently|jointly|again|(?:on|last|this)\s+[A-Z]?[a-z]+)\s+)?"
    r"(?:made\s+an\s+)?$"
)


# "A bipartisan group of U.S. lawmakers has", "Forty-three lawmakers": writers told of by what they
# are, as a story's lead names them.
_LEAD_WRITERS = re.compile(
    # A dateline first: "(Shaoguan, Guangdong Province/Canada—Oct. 24, 2020) In an open letter …".
    r"^(?:\([^()\n]{3,80}\)\s*)?"
    # After when it was: "This week, a bipartisan group of legislators urged …".
    r"(?:[A-Z][^,;:]{0,40},\s+)?"
    r"(?:(?i:an?)\s+(?:[\w-]+\s+){0,2}?(?:group|coalition)\s+of|\d+|[A-Z][a-z]+(?:-[a-z]+)?"
    # "six former Canadian justice and foreign affairs ministers": writers counted in words.
    rf"|(?i:{lexicon.alternation(NUMBER_WORDS)}))\s+"
    rf"(?:[\w.-]+\s+){{0,6}}?(?:{_WRITERS_NAMED_AGAIN})\s+(?:(?:has|have|is|are)\s+)?(?:also\s+)?$"
)


# "the letter, which says China should …", "The letter argued that Beijing must not …".
_LETTER_SAYS = re.compile(
    # "The CECC chairs said the U.S. government should:" and a list: the writers say it.
    r"\b(?:letter|chairs|co-chairs|lawmakers|legislators|senators|signatories|writers)\b[^.;:“”\"]{0,120}?"
    r"\b(?:says|said|states|stated|argues|argued|insists|insisted|stresses|stressed"
    # "To address this, the letter continues, the State Department should “play a role …”".
    r"|continues|continued|adds|added|concludes|concluded)"
    r",?\s+(?:that\s+)?(?P<who>(?:[Tt]he\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,5}?)\s+(?:should|must|needs?\s+to|ought\s+to)"
    # "… actions should be a warning sign": what something is, not what anyone is to do.
    r"(?:\s+[“\"]?(?P<neg>not\s+)?(?!be\s+(?:an?|the)\s)|(?P<list>\s*:))"
)


def _says_should(text: str, sentences: list[tuple[int, int]], recipient: str | None) -> list[Ask]:
    out = []
    for s, e in sentences:
        for m in _LETTER_SAYS.finditer(text, s, e):
            begin = m.start("neg") if m.group("neg") else m.end()
            spans = list_items(text, m.end()) if m.group("list") else split_asks(text, begin, e)
            out.extend(make_ask(text, a, b, m.group("who") or recipient, 0.6) for a, b in spans)
    return out


def _letter_is_subject(text: str, s: int, verb: int, last: int) -> bool:
    """Whether the letter is who asks in the sentence from `s` to the asking verb: "The letter
    calls upon …", "In the letter, …", or "It called …" right after a sentence whose asks were the
    letter's (ending at `last`)."""
    subject = text[s:verb]
    return bool(_LETTER_SUBJECT.search(subject) or (_IT.match(subject) and not text[last:s].strip()))


def _told_asks(
    text: str,
    sentences: list[tuple[int, int]],
    recipients: list[Party],
    senders: list[Party] = (),
    letter_end: int | None = None,
) -> list[Ask]:
    # A recipient is named in full or by one name: "Rice", "Hu" (of Hu Jintao).
    names = {w for p in recipients for w in (p.name, p.name.split()[-1], p.name.split()[0])}
    writers = {p.name.split()[-1] for p in senders if people.is_name(p.name)}
    # An organisation writing in its own name urges by the name the text gives it ("UNHCR strongly
    # urges China to …"), spelled out or not; only after the letter was told of, since what it
    # urged before ("HRW urged China to suspend …. HRW also wrote a letter …") was said elsewhere.
    bodies = {w for p in senders if p.organisation for w in (p.name, text[p.start : p.end]) if w}
    out = []
    last = -1  # the end of the last sentence whose asks were the letter's
    for s, e in sentences_having(
        text,
        sentences,
        (
            "urg",
            "ask",
            "call",
            "press",
            "appeal",
            "plead",
            "request",
            "encourag",
            "pressure",
            "petition",
            "seek",
            "sought",
            "demand",
            "implor",
        ),
    ):
        for m in _TOLD_ASK.finditer(text, s, e):
            who = m.group("plain") or m.group("who")
            # "The letter calls upon China to …"; "It called upon China to …" right after it.
            by_letter = (
                _letter_is_subject(text, s, m.start(), last)
                or (_PARTICIPLE.match(text, m.start()) and _LETTER_THEN_PARTICIPLE.search(text, s, m.start()))
                # "The lawmakers urged China to …" right after a sentence about their letter.
                # … or in the same paragraph as the letter.
                or (
                    _WRITERS_SUBJECT.match(text[s : m.start()])
                    and (
                        _LETTER_WORD.search(
                            text, min(_before(sentences, s, 2), text.rfind("\n", 0, s) + 1), s
                        )
                        or not text[last:s].strip()
                    )
                )
                # "A bipartisan group of U.S. lawmakers has called on … . In a letter to X, the 43
                # lawmakers said …": the story's lead, told of the writers just before their letter.
                or (
                    letter_end is not None
                    and e < letter_end <= _after(sentences, e, 2)
                    and _LEAD_WRITERS.match(text[s : m.start()]) is not None
                )
                # "The special rapporteur, Tomas Ruiz, is urging China not to …": the writer himself.
                # "Senators A (D-IL), B (D-VT), … and C (D-NH) today called on …": however long the
                # list of them, when it names two of them.
                or _writers_before(
                    text[s : m.start()],
                    writers | bodies if letter_end is not None and s >= letter_end else writers,
                    letter_end is not None and s < letter_end,
                )
            )
            # "Joan Ryan MP also urged the Home Secretary to …", after the letter was told of: one
            # more of its writers, and more of its asks.
            member = _member_also(text, s, m.start())
            if member is not None and not by_letter and (letter_end is None or s >= letter_end):
                by_letter = True
                if isinstance(senders, list) and all(p.name != member.name for p in senders):
                    senders.append(member)
            if by_letter:
                last = e
            if m.group("plain") and not by_letter:
                continue
            pronoun = who in _ADDRESSEE_AGAIN
            if not by_letter and (
                pronoun or (who not in names and not any(who.endswith(" " + n) for n in names))
            ):
                continue
            if by_letter and not recipients:
                # "In the letter, they asked High Commissioner A and B to …": the addressees.
                recipients.extend(_addressees(text, m.start("who"), m.end("who")))
            target = recipients[0].name if recipients and (pronoun or not by_letter) else who
            # "urged China not to return them": the negation is the ask's.
            begin = m.start("neg") if m.group("neg") else m.end()
            # "calls on Moon to:" and the asks a line each.
            spans = list_items(text, m.end()) if m.group("list") else split_asks(text, begin, e)
            out.extend(make_ask(text, a, b, target, 0.65) for a, b in spans)
        # "It called for new legislation …; and for a moratorium …": what the letter calls for,
        # each thing after "for" one ask.
        things = _things_asked(text, s, e, recipients[0].name if recipients else None, last)
        if things:
            out.extend(things)
            last = e
    return by_rule(TOLD_ASK, out)


_MEMBER_ALSO = re.compile(
    rf"(?:(?P<title>{MEMBER_TITLES})\s+)?(?P<name>{people.NAME})(?P<post>{people.POSTNOMINAL})?\s+also\s+$"
)


def _member_also(text: str, s: int, verb: int) -> Party | None:
    """The member who "also" asks, as the whole subject from `s` to the verb: "Joan Ryan MP also",
    "Senator Jo Bell also" (an office or letters after the name, so not anyone named)."""
    m = _MEMBER_ALSO.match(text, s, verb)
    if m is None or not (m.group("title") or m.group("post")):
        return None
    name = people.clean_name(m.group("name"))
    if not people.is_name(name):
        return None
    title = (m.group("title") or m.group("post") or "").strip(" ,")
    return make_party(text, *m.span("name"), name, title or None)


def _things_asked(text: str, s: int, e: int, target: str | None, last: int) -> list[Ask]:
    """What the letter the sentence from `s` to `e` has as its subject calls for, seeks or requests
    ("It called for new legislation …; and for a moratorium …"), each thing one ask."""
    out = []
    chained = -1  # where the last thing the letter asked for in this sentence ended
    for m in _CALLED_FOR.finditer(text, s, e):
        # "It also requested guaranteed visits … and urged immediate steps …": the second verb is
        # the letter's too.
        if not (
            _letter_is_subject(text, s, m.start(), last)
            or (chained >= 0 and _AND_THEN.fullmatch(text, chained, m.start()) is not None)
            # "Among the seven urgent requests, the coalition called for …", after its letter.
            or (
                _WRITERS_SUBJECT.match(text[s : m.start()]) is not None
                and _LETTER_WORD.search(text, max(0, s - 600), s) is not None
            )
        ):
            continue
        pos = m.end()
        stop = _THING_END.search(text, m.end(), e)
        end = stop.start() if stop else e
        seps = list(_FOR_SEP.finditer(text, m.end(), end))
        listed = list(_LISTED_THING.finditer(text, m.end(), end))
        # "called for an immediate end to deportations, monitoring of the camps, the creation of
        # safe pathways, and the inclusion of …": three things or more, listed by commas, are asks each.
        if not seps and len(listed) >= 2 and listed[-1].group().lstrip(" ,").startswith("and"):
            seps = listed
        for sep in [*seps, None]:
            a, b = pos, sep.start() if sep else end
            while b > a and text[b - 1] in " .;,":
                b -= 1
            if len(text[a:b].split()) >= 2:
                out.append(make_ask(text, a, b, target, 0.6))
                chained = b
            pos = sep.end() if sep else end
    return out


# What a letter is said to call for, seek or request: a thing ("The petition seeks official
# registration of …", "It also requested guaranteed lawyer visits"), not a person asked to act
# ("urged China to …", read by _TOLD_ASK), lower case first.
_CALLED_FOR = re.compile(
    r"\b(?:(?:calls|called|calling)\s+for\s+"
    r"|(?:seeks|sought|requests|requested|demands|demanded|urges|urged)\s+"
    r"(?!(?:that|him|her|them|it|you|us|the\s+(?:government|authorities|administration))\b)"
    r"(?![^.;:]{0,160}?\bto\s+(?:[a-z]+ly\s+)?[a-z]+\b)(?=(?-i:[a-z])))",
    re.I,
)
_FOR_SEP = re.compile(r"\s*[;,]?\s+and\s+for\s+|\s*;\s*for\s+")
_LISTED_THING = re.compile(r",\s+(?:and\s+)?")
# A thing asked for ends at the next verb of asking or at what the story adds ("…, citing concerns").
_THING_END = re.compile(
    r",?\s+and\s+(?=(?:calls|called|seeks|sought|requests|requested|demands|demanded|urges|urged)\b)"
    r"|,\s+(?:citing|saying|noting|adding|because|as\s+well\s+as)\b",
    re.I,
)
_AND_THEN = re.compile(r"[\s,]*and\s+", re.I)
