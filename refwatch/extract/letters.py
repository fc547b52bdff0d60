"""Letters: recipients, salutation, senders and their titles, asks, references, commitments, outcomes.

A letter is read in the order it is laid out: the recipient block above the salutation
("Dear Ambassador Perdue,"), the body, the closing ("Sincerely,") and the signature block
below it. A press release or news story that tells of a letter gives a *reported* letter,
read by refwatch.extract.reported with the parts defined here (parties, titles, commitments).
"""

from __future__ import annotations

import regex as re

from refwatch.extract import people
from refwatch.extract.asks import asks_in, by_rule, same_ask, told_calls
from refwatch.extract.context import Context
from refwatch.extract.dates import MONTHS, SHORT_MONTHS
from refwatch.extract.document import FORM_OF_ADDRESS
from refwatch.extract.lexicon import alternation, section, words
from refwatch.extract.model import Ask, Commitment, DateMention, Letter, Outcome, Party, Reference
from refwatch.extract.rules import Example, confidence, rule

# The months as a story writes them, in full or short ("December", "Dec").
MONTH_NAME = alternation(m.capitalize() for m in MONTHS)
# A word whose full stop ends neither a sentence nor a name: a single capital or a short form.
ABBREVIATED = (
    rf"(?:[A-Z]|{alternation([*words('letters.abbreviations'), *(m.capitalize() for m in SHORT_MONTHS)])})"
)

EXTRACTOR = "letters"

RECIPIENT_BLOCK = rule(
    "letters.recipient_block",
    """An addressee in the block above the salutation: a name, a title then a name, or all of it on
    one line; the lines below a name add to its title until an address line; "c/o" lines are not
    addressees. With no salutation, a block opened by an honorific ("Hon. Jo Bell") or under a label
    ("PETITION TO:"), whose lines may give an office and its holder ("Vice-Chair: Dr. Jo Bell (Peru)").""",
    field="recipients",
    examples=[
        Example(
            "APPEAL TO:\nCOMMITTEE ON DETENTION\nChair: Ms. Ana Ruiz (Peru)\nDr. Olu Bello (Ghana)\n\n"
            "We the undersigned submit that the six students were held without charge.\n",
            {"name": "Olu Bello"},
        ),
        Example(
            "June 3, 2024\n\nHis Excellency Tran Van Minh\nPresident of the Republic\n12 Palace Road\n\n"
            "Dear Mr. President:\n\nWe urge you to halt the transfers.\n\nSincerely,\n\nJo Bell\n",
            {"name": "Tran Van Minh", "title": "President of the Republic"},
        ),
        Example(
            # A greeting that names no one ("Your Majesty,") under the block; an excellency's short form
            # without its stops.
            "11 April 2012\n\nH E Shaikh Hamad bin Isa Al Khalifa\n\nYour Majesty,\n\nWe urge you to "
            "release him.\n\nSincerely,\n\nJo Bell\n",
            {"name": "Hamad bin Isa Al Khalifa"},
        ),
    ],
)
TO_LINE = rule(
    "letters.to_line",
    """Addressees listed on one line after a label ("To:", "Send a letter to:"), each part a person
    or the title or address of the one before it.""",
    field="recipients",
    examples=[
        Example(
            "To: Minister Ana Ruiz, Ministry of the Interior; Dr. Li Wen, Director\n\nDear Minister,\n\n"
            "We urge you to stop the transfers.\n\nSincerely,\n\nJo Bell\n",
            {"name": "Li Wen", "title": "Director"},
        )
    ],
)
SALUTED = rule(
    "letters.salutation",
    """The addressees the salutation names when no block above it does: "Dear President Xi Jinping,",
    a title and surname ("Dear Governor Okafor"), two joined by "and", or salutations stacked one a line.""",
    field="recipients",
    examples=[
        Example(
            "Dear Ambassador Velasquez and Assistant Secretary Brandt:\n\nWe urge you to raise the case.\n\n"
            "Sincerely,\n\nJo Bell\n",
            {"name": "Brandt", "title": "Assistant Secretary"},
        )
    ],
)
SIGNATURE = rule(
    "letters.signature",
    """The signers below the closing ("Sincerely,"): each name with the title beside or below it.""",
    field="senders",
    examples=[
        Example(
            "Dear Minister Park,\n\nWe urge you to halt the transfers.\n\nSincerely,\n\nAda Byrne\n"
            "Member of Congress\n\nCarl Ngata\nMember of Congress\n",
            {"name": "Carl Ngata", "title": "Member of Congress"},
        ),
        Example(
            "Dear Commissioner,\n\nWe urge you to ban the imports.\n\nYours sincerely,\n\n1. Ada Byrne, S&D "
            "2. , Greens 3. Carl Ngata, EPP 4. Mara Quist, Renew\n",
            {"name": "Mara Quist"},
        ),
    ],
)
SENT_TO = rule(
    "letters.sent_to",
    """A sample letter's addressees, listed under its signature ("Mail your appeals to:"), when no
    block above it and no salutation names them.""",
    field="recipients",
    examples=[
        Example(
            "Dear ________,\n\nPlease release the aid worker.\n\nSincerely yours,\n\nYour name here\n\n"
            "Mail your appeals to:\n\nMr. Dana Whit,\nC/O State Council Secretariat\n",
            {"name": "Dana Whit"},
        )
    ],
)
UNCLOSED = rule(
    "letters.unclosed_signers",
    """Signers of a letter with no closing: a name a line after its last paragraph, perhaps with a
    rank before it and where the signer works after it, or on the line below; or the organisations
    listed above its date.""",
    field="senders",
    examples=[
        Example(
            "Dear Minister,\n\nWe call on the government to halt the removals of students.\n\nProfessor Ada Byrne, "
            "Northfield University.\n\nDr Carl Ngata, Royal Holloway,\n\nLt-Col Mara Quist, Eastgate College\n",
            {"name": "Mara Quist"},
        ),
        Example(
            "Dear Minister,\n\nWe ask you to release the family at once.\n\nAda Byrne\nAssociate Professor in "
            "Refugee Law, Northfield University; Research Associate, Centre for Migration, Eastgate "
            "University\n\nCarl Ngata\nSenior Lecturer, Westbrook University\n",
            {"name": "Carl Ngata"},
        ),
    ],
)
SUBJECT_ASK = rule(
    "letters.subject_line_ask",
    """An ask the subject line states ("Re: The Refugee Network calls on Ruritania to halt the returns"),
    when the body does not restate it; or a heading of its own, "Request for the release of …".""",
    field="asks",
    examples=[
        Example(
            "To President Tran Van Minh\n\nRequest for the Release of the Six Students held in Lam Dong\n\nDear "
            "President Tran,\n\nWe write with respect.\n\nSincerely,\n\nJo Bell\n",
            {"text": "the Release of the Six Students held in Lam Dong"},
        ),
        Example(
            "June 3, 2024\n\nPresident Tran Van Minh\n\nRe: The Refugee Network calls on Ruritania to halt the "
            "deportation of six students\n\nDear President Tran,\n\nWe write about six students held in Lam "
            "Dong.\n\nSincerely,\n\nJo Bell\n",
            {"text": "halt the deportation of six students"},
        ),
    ],
)
TOLD_CALL = rule(
    "letters.told_call",
    """An ask the page carrying a letter tells of, above it: "Sign the petition calling on Ruritania to
    free the students", "Send a message to the Minister, asking him to press for their release".""",
    field="asks",
    examples=[
        Example(
            "Please sign our petition calling on President Tran to free the six students.\n\nDear President "
            "Tran,\n\nWe write about six students held in Lam Dong.\n\nSincerely,\n\nJo Bell\n",
            {"text": "free the six students", "target": "President Tran"},
        )
    ],
)
STARTER = rule(
    "letters.petition_starter",
    """Who started a petition, as its page says on a line of its own ("Started by Jo Bell"), when no
    signature names a writer.""",
    field="senders",
    examples=[
        Example(
            "Free the six students\n\nPetition to\nPresident Tran Van Minh\n\nStarted by Jo Bell\n\nDear President "
            "Tran,\n\nWe urge you to free the six students held in Lam Dong.\n\nSincerely,\n\nThe signers\n",
            {"name": "Jo Bell"},
        ),
        Example(
            # A petition's first signer is not who started it.
            "Free the six students\n\nPetition to\nPresident Tran Van Minh\n\nSigned first by Jo Bell\n\nDear "
            "President Tran,\n\nWe urge you to free the six students.\n\nSincerely,\n\nThe signers\n",
            None,
        ),
    ],
)
ABOVE_SALUTATION = rule(
    "letters.above_salutation",
    """The asks of the writing above a salutation when the text under it makes none: an appeal that
    ends in a sample letter to send ("We urge you to protest … Below is a sample letter: Dear
    President …").""",
    field="asks",
    examples=[
        Example(
            "Urgent call\n\nNine students were arrested on Monday. We respectfully urge you to protest to the "
            "provincial authorities.\nBelow is a sample letter:\n\nDear Governor Vale,\n\n[your words]\n\n"
            "Sincerely,\n\nYour name\n",
            {"text": "protest to the provincial authorities"},
        ),
        Example(
            # Under the salutation the letter asks: what stands above it is not read.
            "Sign our appeal, we urge you to act.\n\nDear Governor Vale,\n\nWe urge you to free the nine "
            "students.\n\nSincerely,\n\nJo Bell\n",
            None,
        ),
    ],
)
SIGNERS_FIELD = rule(
    "letters.signers_field",
    """The signers a page lists in a field of its own above the letter, as Dear Colleague pages do
    ("Co-Signers: Rep. Ann Wagner, Rep. Jackie Speier", "Current Signers (11): DeSaulnier, Ellison, …"),
    by full name or by surname.""",
    field="senders",
    examples=[
        Example(
            "From: The Honorable Ada Byrne\n\nCurrent Signers (3): Byrne, Ngata, Van Ortiz.\n\nDear Colleague,\n\n"
            "Please join us in a letter urging the President to raise the case.\n\nSincerely,\n\nAda Byrne\n"
            "Member of Congress\n",
            {"name": "Van Ortiz"},
        ),
        Example(
            "Co-Signers: Rep. Ada Byrne,\nRep. Carl Ngata, Rep. Lena Ortiz\n\nDear Colleague,\n\nPlease join us "
            "in a letter to the Secretary.\n\nSincerely,\n\nAda Byrne\nMember of Congress\n",
            {"name": "Lena Ortiz"},
        ),
    ],
)
HEADING_WRITER = rule(
    "letters.heading_writer",
    """The writer a heading names after the addressee, when no signature does: "Excerpts of a letter to
    President Tran from Jo Bell, Director of Refugee Aid:".""",
    field="senders",
    examples=[
        Example(
            "Excerpts of a letter to President Tran from Jo Bell, Director of Refugee Aid:\n\nDear President "
            "Tran,\n\nWe grieve for the six students.\n\nSincerely,\n",
            {"name": "Jo Bell", "title": "Director of Refugee Aid"},
        )
    ],
)
SELF_NAMED = rule(
    "letters.self_named",
    """The writer who names themself in the letter's opening ("My name is Jo Bell, and I …"), when no
    signature, heading or petition page names one.""",
    field="senders",
    examples=[
        Example(
            "Dear Minister Ruiz,\n\nMy name is Jo Bell, and I write about my brother, held in Elbe.\n\n"
            "Please release him.\n",
            {"name": "Jo Bell"},
        )
    ],
)
HEADING = rule(
    "letters.heading_addressee",
    """The addressee a heading names ("Open Letter to President Tran Van Minh, Republic of Ruritania") when
    neither a block nor the salutation names one ("Your Excellency,").""",
    field="recipients",
    examples=[
        Example(
            "Open Letter to President Tran Van Minh, Republic of Ruritania\nMay 2, 2024\nYour Excellency,\n"
            "We urge you to halt the transfers.\n",
            {"name": "Tran Van Minh", "title": "President"},
        )
    ],
)

SALUTATION = re.compile(
    rf"^[ \t]*(?P<sal>(?:Dear|My\s+dear|{FORM_OF_ADDRESS})\b[^\n]{{0,100}}?)[,:;]?[ \t]*$"
    # "To the High Commissioner:", and an addressee named alone on a line with a comma ("President Xi
    # Jinping,"), as open letters begin; an address block has no comma after the name.
    r"|^[ \t]*(?P<sal>To\s+(?:the\s+)?[A-Z][^\n]{0,80}?)[,:][ \t]*$"
    r"|^[ \t]*(?P<sal>(?:Mr\.|Madam|President|Secretary|Ambassador|Minister|Chairman|Chairwoman|Chair|Senator|"
    r"Speaker|High\s+Commissioner|Prime\s+Minister|Special\s+Rapporteur)\s+[A-Z][^\n,]{0,60}?),[ \t]*$",
    re.M,
)
CLOSING = re.compile(
    r"^[ \t]*(?:Sincerely(?:\s+yours)?|Respectfully(?:\s+(?:yours|submitted))?|Very\s+respectfully|"
    r"Yours\s+(?:sincerely|faithfully|truly)|(?:With\s+)?(?:best|kind|warm)\s+regards|Regards|"
    r"Signed|With\s+respect|In\s+solidarity)[ \t]*[,.:]?[ \t]*$"
    # A letter to the editor: "… stop these deportations immediately. - Yours etc.,".
    r"|(?<=[.!?”\"])[ \t]*[-–—]?[ \t]*Yours,?[ \t]+etc\.?,?[ \t]*$",
    re.M | re.I,
)
_CC = re.compile(r"^\s*(?:CC|cc|Cc|C\.C\.|Copy\s+to)(?!\w)\s*[.:]?\s*(?P<rest>.*)$")
# "c/o His Excellency …" and "ATTN: …": whom the letter goes through. They are addressees too,
# their title marked with the way the letter reaches them ("Ambassador (c/o)").
_CARE_OF = re.compile(r"^(?P<via>c/o|C/O|ATTN|Attn|Attention)\b\s*:?\s*")
_RE_LINE = re.compile(r"^\s*(?:Re|RE|Subject|SUBJECT|Subj)\s*:")
_ADDRESS = re.compile(
    r"\d|\b(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Drive|Place|Plaza|Suite|Floor|"
    r"Building|Room|Box|District|Province|City|White\s+House|Capitol|Embassy\s+of|Washington|Beijing|"
    r"Pyongyang|Seoul|Geneva|New\s+York)\b|\b[A-Z]{2}\s+\d{5}\b|^(?:People['’]s\s+Republic\s+of\s+China|China|"
    r"United\s+States(?:\s+of\s+America)?|USA|Switzerland|Republic\s+of\s+Korea|South\s+Korea)\.?$"
)
_ONE_LINE_BLOCK = re.compile(
    rf"^(?:{people.HONORIFIC}\s+){{1,2}}(?P<name>{people._NAME_TOKEN}(?:\s+{people._NAME_TOKEN}){{1,4}}?(?:{people.SUFFIX})?)\s+(?P<title>{people._TITLE_START}.*?)"
    r"(?P<addr>\s+\d.*)?$"
)
# Lines after a signer's title that continue it ("Committee on Foreign Affairs").
_TITLE_CONT = re.compile(
    r"^(?:(?:U\.S\.\s+|House\s+|Senate\s+)?(?:Committee|Subcommittee|Commission|Caucus|Congressional|Select)\b|"
    r"Tom\s+Lantos)[^\n]{0,100}$"
)
ORG_WORDS = people.ORG_WORDS
# A run of capitalised words: the name of an organisation ("the National Committee on North Korea").
ORG_NAME = re.compile(
    r"(?<![\w-])(?:[Tt]he\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+(?:(?:for|of|in|on|the|de)\s+)*[A-Z][\w'’.-]*){1,8})"
)
_CC_BELOW = re.compile(r"^[ \t]*(?:cc|CC|Cc|C\.C\.)[ \t]*:", re.M)
_SIG_END = re.compile(
    r"^\s*(?:cc|CC|Cc|Enclosure|Enclosures|Attachment|Notes?|Endnotes|References)\b|^\s*\d{1,2}\s+\S"
    r"|^[ \t]*(?P<send>(?:Please\s+)?(?i:mail|send|fax|e-?mail|write|address)\b[^\n:]{0,40}?\bto\s*:)",
    re.M,
)

MEMBER_TITLES = (
    r"Congressman|Congresswoman|Congressmen|Congresswomen|Senators?|Sens?\.|Representatives?|Reps?\.|"
    r"U\.S\.\s+Senators?|U\.S\.\s+Representatives?|Members?\s+of\s+Congress"
    # "MP Bill Siksay", "MPs A and B": a parliament's letters before the name, as Canada's press writes.
    r"|(?-i:MPs?|MEPs?)(?=\s+(?-i:[A-Z]))"
)
# A release names its writers by their office as often as by their seat ("Chairman A and Ranking
# Member B led a letter").
REPORTED_TITLE = (
    rf"(?P<title>{MEMBER_TITLES}|{alternation(set(words('letters.roles')) - set(words('letters.addressed_roles')))}"
    r"|Ranking\s+(?:Democrat|Republican))"
)
# "(VA-11)", "(D-VA)", "(R-NJ-4)", "(D-Md.)", "(D-N.J.)", "(R-Texas)", "(D-New York)", or the news
# agencies' ", D-Va.,".
DISTRICT = (
    r"(?:\s*\((?P<district>[A-Z]{1,2}-[A-Z0-9]{2}|[A-Z]{2}-\d{1,2}|[DRI]-[A-Z]{2}(?:-\d{1,2})?"
    # "(D-ND and Chairman of the Commission)": an office after the code, inside the brackets.
    r"|[DRI]-(?:[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))(?:(?:,|\s+and)\s+[^()\n]{1,120})?\)"
    # "Chris Coons, D-Delaware,", "John Thune, R-South Dakota;", "Cory Booker, D-N.J.,": a state written
    # out or shortened after the party.
    r"|,\s*(?P<district>[DRI]-(?:[A-Z]\.[A-Z]\.|[A-Z][a-z]{1,4}\.|[A-Z][a-z]+(?:\s(?-i:[A-Z])[a-z]+(?=[,;]))?))(?=[,;.]|\s|$)"
    # "Sens. Marco Rubio, a Florida Republican, and Tim Kaine, a Virginia Democrat,"
    r"|,\s+an?\s+(?:[A-Z][a-z]+\s+){1,2}(?:Republican|Democrat|Independent)(?=,|\s|$))"
)
# The regex module's cache lookup costs more than the stdlib's: patterns used in loops are compiled once.
_NONSPACE = re.compile(r"\S+")
_INITIAL = re.compile(r"[A-Z]\.")
_DATED_PREFIX = re.compile(r"^[^,]{0,40}\d{4},\s*")
# Past letters referred to: "In November 2025, a bicameral group … wrote to …".
_PAST_LETTER = re.compile(
    r"\b(?:wrote|sent\s+(?:a|an|our|the)\s+(?:\w+\s+){0,2}?letter|(?:our|a|the)\s+(?:previous|earlier|prior|last)\s+letter)"
    rf"\s+to\s+(?P<np>(?:[^;.]|(?<=\b{ABBREVIATED})\.)+?)"
    rf"(?=,?\s+(?:urging|asking|calling|requesting|expressing|regarding|about|on|in)\b|,\s+(?:to|and|which|who)\b|;|(?<!\b{ABBREVIATED})\.|$)",
    re.I,
)
_COMMIT = re.compile(
    r"(?P<who>\byou|\b(?:he|she|they)|(?:Ambassador|Secretary|President|Senator|Minister|Mr\.|Ms\.)\s+[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+)?|the\s+(?:Administration|Government|Department|PRC|Chinese\s+government))\s+"
    r"(?:(?:has|have|had)\s+)?(?:(?:publicly|repeatedly|also)\s+)?"
    r"(?:committed|pledged|promised|vowed|agreed|demonstrated\s+(?:a|his|her|their)\s+commitment|"
    r"made\s+(?:a|the)\s+commitment)\s+to\s+(?P<what>[^.;]+?)(?=\s+and\s+(?:we|I)\b|[.;]|$)"
)
_WHERE = re.compile(
    r"\b(?:during|at|in\s+front\s+of|before)\s+(?:(?:your|his|her|their)\s+)?(?:remarks|testimony|statement)?\s*"
    r"(?:at\s+|before\s+|to\s+)?(?P<where>(?:a|an|the)\s+[^,.;]+)"
)
_OUTCOME = re.compile(
    r"\b(?P<text>(?:all\s+of\s+which|each\s+of\s+which|which|these\s+requests|this\s+request|the\s+requests?)\s+"
    r"(?:ha(?:s|ve)\s+been|was|were|remain(?:s|ed)?)\s+(?:(?:repeatedly|consistently|flatly|ultimately|all|so\s+far)\s+)*"
    r"(?P<status>denied|rejected|refused|ignored|granted|accepted|approved|unanswered|answered))\b",
    re.I,
)


_HONORIFIC_START = re.compile(people.HONORIFIC)
_TITLE_WORD_END = re.compile(
    r"\b(?:Minister|Secretary|President|Ambassador|Commissioner|Director|Chair|Chairman|Chairwoman|Speaker|"
    r"Envoy|Rapporteur|Governor|Leader|Premier|Administrator|Coordinator|Adviser|Advisor|Counselor)$"
)
_CAPITALISED = re.compile(r"(?:[A-Z][\w.'’&-]*)(?:\s+[A-Z][\w.'’&-]*)*")
_NAMED_START = re.compile(rf"(?:{people.HONORIFIC}\s+|{people._TITLE_START})")
_OFFICE_THEN_HOLDER = re.compile(
    rf"^(?:The\s+)?(?P<title>[A-Z][^\n]{{2,200}}?)\s+(?:{people.HONORIFIC})\s+(?P<name>(?-i:[A-Z])[^\n,;:]{{2,60}})$"
)
_SIGNER_TITLE = re.compile(rf"(?<![\w-])(?:{people.SIGNER_TITLE})(?![\w-])")
_NEXT_LINE = re.compile(r"[ \t]*\n[ \t]*(?P<line>[^\n]+)")
_LINE = re.compile(r"[^\n]+")
_DIGIT_OR_END = re.compile(r"\d|[.!?]$")


# ------------------------------------------------------------------ a letter itself


_SUBJECT_LINE = re.compile(r"^[ \t]*(?:RE|Re|SUBJECT|Subject)[ \t]*:", re.M)
# "Request for the Permanent Resettlement of …" on a line of its own, above the body: what is asked.
_REQUEST_HEADING = re.compile(
    r"^[ \t]*(?:Urgent\s+)?(?:Request|Call|Appeal|Plea)\s+for\s+(?P<ask>[^\n]{8,300}?)[ \t]*$", re.M
)


# "… signed by twenty officials who wrote:", "In 2019, twenty officials wrote:": another letter's
# words follow; the writers' own ("we wrote:") do not.
_OTHERS_WROTE = re.compile(
    r"\b(?!(?:we|I)\b)[\w’'.-]+\s+(?:(?:had|have|has|once|also)\s+)?(?:wrote|said|stated|declared)\s*:", re.I
)


def own_letter(ctx: Context) -> Letter:
    """The letter the text is: its recipients, salutation, senders, asks and what it says of others."""
    text = ctx.text
    sal = SALUTATION.search(text, 0, min(len(text), 8000)) or _INLINE_SALUTATION.search(
        text, 0, min(len(text), 3000)
    )
    body_start = salutation_end(text, sal) if sal else 0
    closings = list(CLOSING.finditer(text, body_start))
    closing = closings[-1] if closings else None
    body_end = closing.start() if closing else len(text)

    letter = Letter(start=0, end=len(text), quote=text[:200], confidence=0.8, extractor=EXTRACTOR)
    letter.salutation = sal.group("sal").strip() if sal else None
    own_date = _letter_date(ctx, sal.start() if sal else min(len(text), 1500))
    letter.date = own_date.date_start if own_date else None
    block_start = own_date.end if own_date and (not sal or own_date.end <= sal.start()) else 0
    if not sal and own_date and _dateline(text, own_date):
        # No salutation, and the letter's date on a line below the page's own words ("Feel free to
        # attach the following appeal: / 6 September 2006 / To: …"): the letter starts at its date.
        body_start = own_date.start
    if sal:
        saluted = by_rule(SALUTED, _saluted(text, sal))
        letter.recipients = (
            _recipients(text, block_start, sal.start())
            # British letters put the addressee above the date.
            or (
                _recipients(text, max(0, own_date.start - 600), own_date.start)
                if own_date and block_start
                else []
            )
            or saluted
        )
        # A page that carries a letter below its own words ("… a sample letter: Dear President Hu
        # Jintao,"): lines above the salutation naming someone else are the page's, not the block.
        # (A name in either order: "President Xi" is "Xi Jinping"; "Madam Speaker" names no one.)
        named = [
            _name_words(p.name)
            for p in saluted
            # "Ms. Ruiz": a surname after an honorific; not an office ("Madam Speaker").
            if people.is_name(p.name)
            or p.title
            or (p.quote != p.name and not people.TITLE_START_RE.match(p.name))
        ]
        if named and not any(n & _name_words(p.name) for n in named for p in letter.recipients):
            letter.recipients = saluted
    elif (subject := _SUBJECT_LINE.search(text, block_start, min(len(text), block_start + 800))) is not None:
        # No salutation ("We the undersigned are writing you …"): the block ends at the subject line.
        letter.recipients = _recipients(text, block_start, subject.start())
    if not letter.recipients and not sal:
        # No salutation and no subject line: a block opened by an honorific ("Hon. Jo Bell") or
        # under a label ("PETITION TO:"), as far as its lines go.
        letter.recipients = _block_alone(text, block_start) or (_block_alone(text, 0) if block_start else [])
    if not letter.recipients:
        letter.recipients = by_rule(HEADING, _heading_addressees(text))
    # "By Ratna Bala" / "Dr Ratna Bala" over "His Excellency …": the page's byline names who
    # wrote, not to whom.
    bylines = {people.clean_name(m.group("name")) for m in _BYLINE.finditer(text, 0, block_start + 2000)}
    letter.recipients = [p for p in letter.recipients if p.name not in bylines]
    recipient = letter.recipients[0].name if letter.recipients else None
    if not closing:
        letter.senders = _tail_signers(text, body_start)
        if not letter.senders and own_date:
            letter.senders = _senders_above(text, own_date.start)
        by_rule(UNCLOSED, letter.senders)
    else:
        letter.senders = by_rule(SIGNATURE, _signature(text, closing.end()))
        # A sample letter: "Sincerely yours, / Your name here / Mail your appeals to: / Mr. Hu Jintao,":
        # the addressees under its signature.
        send = _SIG_END.search(text, closing.end(), min(len(text), closing.end() + 6000))
        if send is not None and send.group("send") and not letter.recipients:
            letter.recipients = by_rule(
                SENT_TO,
                _block_alone(text, send.end())
                or _recipients(text, send.end(), min(len(text), send.end() + 600)),
            )
        # Copies listed under the signatures ("cc: The Honorable …, Secretary of State").
        cc = _CC_BELOW.search(text, closing.end())
        if cc:
            copies = _recipients(text, cc.start(), min(len(text), cc.start() + 1500))
            letter.recipients.extend(p for p in copies if p.cc)
    # A Dear Colleague's page lists who has signed on so far ("Co-Signers: Rep. Ann Wagner, …",
    # "Current Signers (11): DeSaulnier, Ellison, …"): signers of the letter, beside its signature.
    signed = [_name_words(p.name) for p in letter.senders]
    letter.senders += by_rule(
        SIGNERS_FIELD,
        [p for p in _signers_field(text) if not any(_name_words(p.name) & w for w in signed)],
    )
    if not letter.senders:
        letter.senders = by_rule(HEADING_WRITER, _heading_writers(text))
    if not letter.senders:
        letter.senders = by_rule(SELF_NAMED, _self_named(text, body_start))
    if not letter.senders:
        # A petition page names who started it on a line of its own ("Started by Jo Bell").
        starter = _STARTED_BY.search(text)
        if starter is not None and people.is_name(starter.group("name")):
            name = people.clean_name(starter.group("name"))
            letter.senders = by_rule(STARTER, [make_party(text, *starter.span("name"), name, None)])
    if letter.senders and not any(p.title for p in letter.senders):
        # Signers without a title on a legislature's letterhead are its members.
        title = _letterhead_title(text, sal.start() if sal else min(len(text), 1500))
        for p in letter.senders:
            p.title = title if people.is_name(p.name) else None
            p.chamber = people.chamber_of(p.title)
    # A sentence the salutation stands in (a text whose lines were run together) starts after it.
    # A closing run into the last sentence ("… immediately.- Yours etc.,") ends it there.
    sentences = [
        (max(s, body_start), min(e, body_end))
        for s, e in ctx.sentence_bounds()
        if e > body_start and (e <= body_end or s < body_end <= e)
    ]
    # "… a letter signed by twenty officials who wrote: We urge your administration to …": the
    # asks of another letter, quoted.
    own = [(s, e) for s, e in sentences if not _OTHERS_WROTE.search(text, s, e)]
    letter.asks = asks_in(text, own, recipient, own_voice=True)
    head = sal.start() if sal else min(len(text), 3000)
    subject_line = _SUBJECT_LINE.search(text, 0, head)
    if subject_line is not None:
        line_end = text.find("\n", subject_line.end())
        line = (subject_line.end(), head if line_end < 0 else min(line_end, head))
        letter.asks += by_rule(SUBJECT_ASK, _new_asks(asks_in(text, [line], recipient), letter.asks))
    elif (heading := _REQUEST_HEADING.search(text, 0, head)) is not None:
        thing = Ask(start=heading.start("ask"), end=heading.end("ask"), quote=heading.group("ask"),
                    text=heading.group("ask").strip(), target=recipient)  # fmt: skip
        letter.asks += by_rule(SUBJECT_ASK, _new_asks([thing], letter.asks))
    if not letter.asks and sal is not None:
        # "… We urge you to protest. For your reference, below is a sample letter: Dear President …":
        # the writing above a late salutation makes the asks when the text under it makes none.
        above = [(s, e) for s, e in ctx.sentence_bounds() if s >= block_start and e <= sal.start()]
        letter.asks = by_rule(ABOVE_SALUTATION, asks_in(text, above, recipient, own_voice=True))
    # The page that carries a letter says what it asks ("Sign the petition calling on China to …").
    # Without a salutation the letter's start is unknown, and a call told of may be in its body.
    before = [(s, e) for s, e in ctx.sentence_bounds() if e <= head] if sal else []
    letter.asks += by_rule(TOLD_CALL, _new_asks(told_calls(text, before), letter.asks))
    letter.references = _references(ctx, sentences)
    letter.commitments = commitments(ctx, sentences, recipient)
    letter.outcomes = _outcomes(text, sentences)
    return letter


def _name_words(name: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\w'’]+", name) if len(w) > 1}


def _new_asks(asks: list[Ask], known: list[Ask]) -> list[Ask]:
    """The asks not already among `known` (a subject line restates the body's ask)."""
    return [a for a in asks if not any(same_ask(a.text, k.text) for k in known)]


_OUTCOME_WORDS = ("denied", "rejected", "refused", "ignored", "granted", "accepted", "approved", "answered")


def sentences_having(
    text: str, sentences: list[tuple[int, int]], words: tuple[str, ...]
) -> list[tuple[int, int]]:
    """The sentences that contain one of `words` (lower case): a cheap test before a costly pattern."""
    return [(s, e) for s, e in sentences if any(w in text[s:e].lower() for w in words)]


# What may stand beside a date on a dateline: a place ("Washington, D.C., May 1, 2024").
_DATELINE_REST = re.compile(r"[A-Z][\w.'’ -]{0,30}(?:,\s*[A-Z][\w.'’ -]{0,20})?[,:\s]*")


def _dateline(text: str, d: DateMention) -> bool:
    """Whether the date stands on a line of its own, or after a place: not in a sentence."""
    line_start = text.rfind("\n", 0, d.start) + 1
    line_end = text.find("\n", d.end)
    after = text[d.end : len(text) if line_end < 0 else line_end].strip(" \t.")
    before = text[line_start : d.start].strip()
    return not after and (not before or _DATELINE_REST.fullmatch(before) is not None)


def _letter_date(ctx: Context, before: int) -> DateMention | None:
    """The letter's own date: the last dateline above its salutation (a page's date of posting
    may stand above the letter's), else the first day the text names there."""
    days = [d for d in ctx.dates if d.start < before and d.precision == "day" and not d.relative]
    lines = [d for d in days if _dateline(ctx.text, d)]
    return lines[-1] if lines else (days[0] if days else None)


def _recipients(text: str, start: int, end: int) -> list[Party]:
    """The addressees in the block between the date and the salutation."""
    parties: list[Party] = []
    cur: Party | None = None
    state = "none"
    cc = False
    listing = False  # under a labelled line of addressees ("To: A, Title")
    blank = False
    via: str | None = None
    pos = start
    for raw in text[start:end].split("\n"):
        line_start = pos + len(raw) - len(raw.lstrip())
        pos += len(raw) + 1
        line = raw.strip()
        if not line:
            blank = True
            continue
        if _RE_LINE.match(line):
            state, via = "none", None
            continue
        care = _CARE_OF.match(line)
        if care:
            via = "c/o" if care.group("via").lower() == "c/o" else "ATTN"
            cur, state = None, "none"
            line_start += care.end()
            line = line[care.end() :]
            if not line:
                continue
        label = _TO_LABEL.match(line)
        if label and label.group("copies"):
            cc = True
        if label is None and listing:
            # The lines after a labelled one, written as it is ("Chairman B, Committee"): more of its list.
            listed = _listed_addressees(line, line_start, cc)
            if listed and listed[0].start == line_start:
                parties.extend(listed)
                cur = listed[-1]
                continue
            listing = False
        if label:
            # "To: A, Title; B, Title" or "Send a letter to: Foreign Secretary Jo Bell, Office, Street":
            # the addressees of one line, each part a person or what follows one.
            # "To: A, Title Cc: B, Title": the copies named on the same line.
            copies = _CC_INLINE.search(line, label.end())
            listed = _listed_addressees(
                line[label.end() : copies.start() if copies else len(line)], line_start + label.end(), cc
            )
            if listed and copies:
                listed += _listed_addressees(line[copies.end() :], line_start + copies.end(), True)
            if listed:
                parties.extend(listed)
                cur = listed[-1]
                state = "address" if cur.address or len(listed) > 1 else "title"
                listing = True
                continue
            line_start += label.end()
            line = line[label.end() :]
            if not line:
                continue
        m = _CC.match(line)
        if m and (m.group("rest") == "" or line[:2].lower() == "cc"):
            cc = True
            line_start += m.start("rest")
            line = m.group("rest")
            if not line:
                continue
        # The line right under a name without a title is its title ("President of the Republic
        # of Korea"), even when it reads like a title and a name.
        # A name alone ("Dr. Jo Bell (Ruritania)") is the next addressee of a list, not a title.
        person = (
            None
            if cur is not None
            and cur.title is None
            and state == "title"
            and not blank
            and not people.is_name(_PAREN_END.sub("", line))
            else _person_line(line)
        )
        blank = False
        # ("New York, New York 10017" is where the one before is reached: a place, not a name.)
        if person is None and via and "," in line and not _ADDRESS.search(line.partition(",")[0]):
            # "Jo Bell, Chief Spokesperson for the Office of …": one a line, however long the title.
            head, _, rest = line.partition(",")
            found = (
                (people.clean_name(head), rest.strip())
                if people.is_name(head)
                else people.split_title_name(line)
            )
            person = (found[0], found[1], []) if found and line.startswith(found[0].split()[0]) else None
        if person is not None:
            name, title, address = person
            if via:
                title = f"{title} ({via})" if title else f"({via})"
            cur = Party(
                start=line_start,
                end=line_start + len(line),
                quote=line,
                confidence=confidence(RECIPIENT_BLOCK),
                extractor=RECIPIENT_BLOCK,
                name=name,
                title=title,
                address=address,
                cc=cc,
            )
            parties.append(cur)
            state = "address" if address else "title"
        elif (
            cur is not None
            and state == "title"
            and not _ADDRESS.search(line)
            and len(line) < 100
            and not line.endswith(":")
        ):
            cur.title = f"{cur.title}, {line}" if cur.title else line
            cur.end = line_start + len(line)
            cur.quote = text[cur.start : cur.end]
        elif cur is not None:
            state = "address"
            cur.address.append(line)
    return parties


# "The President of Kazakhstan H.E. Kassym-Jomart Tokayev": an office, then its holder.
_OFFICE_HOLDER = rf"The\s+{people._TITLE_START}[^\n]{{0,200}}?\s+{people.HONORIFIC}\s+[A-Z]"
# A block with no salutation under it starts with an honorific, or under a label line ("PETITION TO:").
_BLOCK_OPENING = re.compile(
    r"^[ \t]*(?:(?P<hon>(?:His|Her)\s+Excellency|The\s+Hono(?:u)?rable|Hon\.|H\.\s?E\.)\s+[A-Z]"
    # "The President of Kazakhstan H.E. Kassym-Jomart Tokayev": an office, then its holder.
    rf"|{_OFFICE_HOLDER}"
    r"|(?P<label>[A-Z][A-Za-z ]{0,30}\b(?:TO|To)[ \t]*:)[ \t]*$)",
    re.M,
)
_NEXT_HOLDER = re.compile(rf"\n[ \t]*\n[ \t]*(?={_OFFICE_HOLDER})")
# A block ends at a blank line, a line of prose (lower case first, or long), or after a dozen lines.
_BLOCK_END = re.compile(r"\n[ \t]*(?:\n|[a-z]|[^\n]{100})")


# "Write to:", "Send your appeals to:": an appeal's line over whom its readers are to write to.
_WRITE_TO = re.compile(
    r"^[ \t]*(?:Please\s+)?(?:write|send\s+(?:your\s+)?(?:letters?|appeals?|messages?))\s+to[ \t]*:[ \t]*$",
    re.I | re.M,
)


def written_to(text: str) -> list[Party]:
    """Whom an appeal asks its readers to write to, in the block under its "Write to:" line."""
    m = _WRITE_TO.search(text)
    if m is None:
        return []
    return _block_alone(text, m.end()) or _recipients(text, m.end(), min(len(text), m.end() + 600))


def _block_alone(text: str, start: int) -> list[Party]:
    m = _BLOCK_OPENING.search(text, start, min(len(text), start + 1500))
    if m is None:
        return []
    begin = m.end("label") if m.group("label") else m.start()
    end_m = _BLOCK_END.search(text, begin + 1, min(len(text), begin + 1200))
    end = end_m.start() if end_m else min(len(text), begin + 1200)
    # Offices and their holders a paragraph each: the block goes on over the blank line.
    while (more := _NEXT_HOLDER.match(text, end)) is not None:
        end_m = _BLOCK_END.search(text, more.end() + 1, min(len(text), more.end() + 1200))
        end = end_m.start() if end_m else min(len(text), more.end() + 1200)
    return _recipients(text, begin, end)


# "Open Letter to President Hu Jintao, People's Republic of China": the addressee in a heading.
_HEADING_TO = re.compile(
    # "Open Letter to X", "Joint Statement to X", and a line of its own "To Prime Minister X";
    # "Excerpts of a letter to President X from Jo Bell, Director of Y:", its writer after "from".
    r"^[ \t]*(?:(?:(?:Excerpts?|Text|Extracts?|Full\s+text)\s+of\s+)?(?:[Aa]n?\s+|[Tt]he\s+)?(?i:open\s+|joint\s+|urgent\s+)?"
    r"(?:Letter|Petition|Appeal|Statement|letter|petition|appeal)\s+to|To)"
    r"\s+(?P<np>[^\n]{3,160}?)(?:\s+from\s+(?P<writer>(?-i:[A-Z])[^\n:]{3,160}?))?"
    r"(?:\s+(?:re|Re|RE)\s*:[^\n]*)?[ \t:]*$",
    re.M,
)


_BYLINE = re.compile(rf"^[ \t]*By:?[ \t]+(?P<name>{people.NAME})[ \t]*$", re.M)
_STARTED_BY = re.compile(rf"^[ \t]*(?:Started|Created)\s+by\s+(?P<name>{people.NAME})[ \t]*$", re.M)
_TRAILING_CONJUNCTION = re.compile(r"[\s,]+(?:and|&)$")


# "From Jo Bell, Director of Refugee Aid": a line of the head naming who writes.
_FROM_LINE = re.compile(r"^[ \t]*From:?[ \t]+(?P<writer>(?-i:[A-Z])[^\n]{3,200}?)[ \t]*$", re.M)


_MY_NAME_IS = re.compile(rf"\b(?:My|my)\s+name\s+is\s+(?P<name>{people.NAME})(?=[\s,.;])")


def _self_named(text: str, start: int) -> list[Party]:
    """The writer naming themself in the first lines of the body ("My name is Jo Bell")."""
    m = _MY_NAME_IS.search(text, start, min(len(text), start + 1500))
    if m is None or not people.is_name(m.group("name")):
        return []
    return [make_party(text, *m.span("name"), people.clean_name(m.group("name")), None)]


def _heading_writers(text: str) -> list[Party]:
    """The writer a heading names after its addressee ("… a letter to X from Jo Bell, Director of Y:"),
    or a line of the head after "From"."""
    head = min(len(text), 800)
    writers = [m for m in _HEADING_TO.finditer(text, 0, head) if m.group("writer")]
    for m in [*writers, *_FROM_LINE.finditer(text, 0, head)]:
        writer = m.group("writer")
        # A name, then after a comma whatever the writer says they are ("2nd-generation “Hibakusha” (…)").
        name, _, what = writer.partition(",")
        found = people.split_title_name(writer) or (
            (name.strip(), what.strip() or None)
            if people.split_title_name(name) == (name.strip(), None)
            else None
        )
        if found and people.is_name(found[0]):
            a = m.start("writer")
            return [make_party(text, a, m.end("writer"), people.clean_name(found[0]), found[1])]
    return []


def _heading_addressees(text: str) -> list[Party]:
    """The addressee a heading above the letter names, when its block and salutation name none."""
    for m in _HEADING_TO.finditer(text, 0, min(len(text), 800)):
        # "Petition to / Secretary-General A and": a list cut where the page put its next line.
        np = _TRAILING_CONJUNCTION.sub("", m.group("np"))
        found = _listed_addressees(np, m.start("np"), False)
        if found:
            return found[:1]
        # "A Letter to Kim Jong Un of North Korea": the person, then the state they lead.
        of = _OF_STATE.match(np)
        person = people.split_title_name(of.group("who")) if of else None
        if of and person and people.is_name(person[0]):
            a = m.start("np")
            return [make_party(text, a, a + of.end("who"), person[0], person[1])]
    return []


_OF_STATE = re.compile(r"(?P<who>[^,;]+?)\s+of\s+(?:the\s+)?(?-i:[A-Z])[\w'’. -]+$")


def quoted_block_recipients(text: str, start: int) -> list[Party]:
    """The addressees of a letter that a release quotes whole after `start` ("The text of the letter
    follows:"): the lines right above its salutation, else those the salutation names."""
    sal = SALUTATION.search(text, start)
    if sal is None:
        return []
    above = text.rfind("\n\n", start, sal.start() - 1)
    return _recipients(text, max(start, above), sal.start()) or _saluted(text, sal)


_CC_INLINE = re.compile(r"\s+(?i:cc)\s*:\s*(?:the\s+(?=Hon|Rt|Right))?")
# "To:", "TO:", "Send a letter to:": the label of a line that names the addressees.
# "W/copies to:", "With copies to:": the label of the copies' line.
_TO_LABEL = re.compile(
    r"^(?:(?P<copies>(?:W/|With\s+)?[Cc]op(?:y|ies)\s+to)|(?:[A-Za-z]+\s+){0,4}(?:to|To)|TO)\s*:\s*"
)
_LIST_PART = re.compile(r"[^,;]+")


def _listed_addressees(line: str, offset: int, cc: bool) -> list[Party]:
    """The addressees listed on one line, when a part of it names a person: "Minister Ana Ruiz,
    Ministry of the Interior, Calle Mayor 5; Dr. Li Wen, Director" gives two, with their titles."""
    out: list[Party] = []
    for m in _LIST_PART.finditer(line):
        part = m.group().strip()
        if not part:
            continue
        a = offset + m.start() + m.group().index(part)
        person = _person_line(part)
        if person is None and (ts := _TITLE_SURNAME.match(part)) and ts.group("title"):
            # "President Obama": a surname with its office.
            person = (ts.group("name"), ts.group("title").strip(), [])
        if person is not None and not person[2]:
            name, title, _ = person
            out.append(Party(start=a, end=a + len(part), quote=part, confidence=confidence(TO_LINE),
                             extractor=TO_LINE, name=name, title=title, cc=cc))  # fmt: skip
        elif out and not out[-1].address and not _ADDRESS.search(part) and people.TITLE_START_RE.match(part):
            out[-1].title = f"{out[-1].title}, {part}" if out[-1].title else part
        elif out:
            out[-1].address.append(part)
    return out


# "Your Excellencies," greets without naming anyone: the words of address, not a name.
_SALUTE_WORDS = re.compile(rf"(?:(?:Dear|My\s+dear|To)\s+|(?:{FORM_OF_ADDRESS})\b[ \t]*)(?:the\s+)?")
# "Ambassador Hussain and Assistant Secretary Noyes": one addressee each side of "and".
_SALUTE_AND = re.compile(r"\s+(?:and|&)\s+(?:(?:Dear|My\s+dear)\s+)?")
# A title (or honorific) then a surname alone: "President Biden", "Ms Lee", "Foreign Minister Park".
_TITLE_SURNAME = re.compile(
    rf"^(?:(?P<hon>{people.HONORIFIC}|Mr|Mrs|Ms|Dr|Madam)\s+|(?P<title>(?:[A-Z][\w.-]*\s+){{0,3}}?{people._TITLE_START})\s+)"
    # "President Von der Leyen": a surname with its particles.
    rf"(?P<name>{people.SURNAME_PARTICLES}{people._NAME_TOKEN})$"
)
# Salutations stacked one a line ("Dear President Lee,\nDear Minister Park,"): each names an addressee.
_NEXT_SALUTATION = re.compile(
    r"[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<sal>(?:Dear|My\s+dear)\s+[^\n]{1,100}?)[,:;]?[ \t]*$"
    # A text whose lines were run together (a flattened PDF): "Dear President A, Dear Chancellor B, We …".
    r"|[ \t]+(?P<sal>Dear\s+(?-i:[A-Z])[^\n,:;]{1,60}?)[,:;](?=[ \t]+(?-i:[A-Z]))",
    re.M,
)
# The same, where no salutation stands on a line of its own: one followed, on its line, by
# another or by the first sentence of the body.
_INLINE_SALUTATION = re.compile(
    r"(?:^|(?<=\s))(?P<sal>Dear\s+(?-i:[A-Z])[^\n,:;]{1,60}?)[,:;]"
    r"(?=[ \t]+(?:Dear\s|(?:We|I|On|As|It|Thank|Please|Let|This|Allow)\b))",
    re.M,
)


def salutations(text: str, sal: re.Match[str]) -> list[tuple[int, int]]:
    """The spans of a salutation and of those stacked right below it."""
    spans = [sal.span("sal")]
    end = sal.end()
    while (m := _NEXT_SALUTATION.match(text, end)) is not None:
        spans.append(m.span("sal"))
        end = m.end()
    return spans


def salutation_end(text: str, sal: re.Match[str]) -> int:
    """Where the body starts: after the last of the stacked salutations."""
    end = sal.end()
    while (m := _NEXT_SALUTATION.match(text, end)) is not None:
        end = m.end()
    return end


_SURNAME_ALONE = re.compile(rf"{people.SURNAME_PARTICLES}\S+")


def _saluted(text: str, sal: re.Match[str]) -> list[Party]:
    """The addressees the salutations name when no block above them does: "Dear President Xi
    Jinping,", "Dear Ambassador Hussain and Assistant Secretary Noyes:", "Dear President Biden,"
    (a surname with its title), one a line when they are stacked."""
    out: list[Party] = []
    for a, b in salutations(text, sal):
        # "Dear Megumi: We Hope the Leaders of Japan and North Korea Will Make Your Homecoming
        # Possible" (a heading): whom the salutation names ends at its colon.
        colon = text.find(":", a, b)
        b = colon if colon >= 0 and text[colon + 1 : b].strip() else b
        words = _SALUTE_WORDS.match(text, a, b)
        start = words.end() if words else a
        pos = start
        for part in [*_SALUTE_AND.finditer(text, start, b), None]:
            end = part.start() if part else b
            phrase = text[pos:end].strip(" ,;:")
            p_start = text.find(phrase, pos, end) if phrase else pos
            found = None
            if (m := _TITLE_SURNAME.match(phrase)) and m.group("name").lower() not in people.NOT_NAME:
                found = (m.group("name"), (m.group("title") or "").strip() or None)
            found = found or people.split_title_name(phrase)
            if found and found[1] and people.TITLE_ENDS_OPEN.search(found[1]):
                # "Dear Mr. & Mrs related to International Federation of Red Cross": the capitalised
                # words after "of" end an organisation's name; they are no one's.
                found = None
            if found and _SURNAME_ALONE.fullmatch(found[0].strip()):
                # "Dear Premier Zhu" under an address to "Zhu Rongji": the name in full.
                found = (people.full_name(text, found[0], a), found[1])
            if found:
                out.append(Party(start=p_start, end=p_start + len(phrase), quote=phrase, confidence=0.7,
                                 extractor=EXTRACTOR, name=found[0], title=found[1]))  # fmt: skip
            pos = part.end() if part else b
    return out


# The last line of a letter's prose: signers without a closing formula stand below it.
_PROSE_END = re.compile(r"[.!?][”\"’')]*[ \t]*$", re.M)


# "National Human Rights Forum: Gong Sung-jin, Kwon Chul-hyun, …, Yu Phil-u" ending the letter: its
# signers listed after their body (a signature block whose lines the page ran together).
_LISTED_SIGNERS = re.compile(
    r"(?P<org>(?-i:[A-Z])[^:\n.]{3,120}):[ \t]*(?P<names>[^:\n]{5,3000}?)[ \t.]*\s*\Z"
)
_NAME_LIST_SEP = re.compile(r"\s*(?:,|;|\band\b)\s*")


def _listed_signers(text: str, body_start: int) -> list[Party]:
    m = _LISTED_SIGNERS.search(text, max(body_start, len(text) - 3000))
    if m is None:
        return []
    names = [n.strip() for n in _NAME_LIST_SEP.split(m.group("names")) if n.strip()]
    # A list of names, if a misspelt one among them ("KimSuk-Joon") is not read as a name alone.
    if (
        len(names) < 2
        or sum(people.is_name(n) for n in names) < 0.8 * len(names)
        or not all(n[0].isupper() and len(n.split()) <= 4 for n in names)
    ):
        return []
    # The organisation after a date the line may begin with ("11th October 2005 National …").
    org = re.sub(r"^[\d\s]*(?:st|nd|rd|th)?\s*(?:[A-Z][a-z]+\s+)?\d{4}\s+", "", m.group("org").strip())
    out, pos = [], m.start("names")
    for n in names:
        a = text.find(n, pos)
        out.append(make_party(text, a, a + len(n), people.clean_name(n), org))
        pos = a + len(n)
    return out


def _tail_signers(text: str, body_start: int) -> list[Party]:
    """Signers of a letter that has no closing: the lines after its last paragraph of prose when
    they are names ("Professor Jo Bell, Newcastle University"), each perhaps with what the signer is
    on the line below; or names listed after their organisation and a colon where the letter ends."""
    if listed := _listed_signers(text, body_start) or _signed_by(text, body_start):
        return listed
    # The last line of prose: a signature line may end with a full stop too ("Dr Jo Bell, Newcastle
    # University."), so a line that reads as a signer's ends no paragraph.
    ends = [
        m
        for m in _PROSE_END.finditer(text, max(body_start, len(text) - 6000))
        if _signer_item(_line_at(text, m.start())) is None
    ]
    if not ends:
        return []
    start = ends[-1].end()
    lines = [ln.group().strip() for ln in _LINE.finditer(text, start) if ln.group().strip()]
    lines = [ln for ln in lines if not _SIGNATORIES_LABEL.fullmatch(ln) and not _PAGE_LABEL.match(ln)]
    if not lines or _signer_item(lines[0]) is None:
        return []
    # More than a few lines are a list of signers only when nearly every one is a signer or says
    # what the signer above it is (a class's 25 names under its open letter), not a page's other
    # matter.
    signed = [_signer_item(ln) is not None or bool(_COUPLE.fullmatch(ln)) for ln in lines]
    described = [not s and i > 0 and signed[i - 1] and not _DIGIT_OR_END.search(ln)
                 for i, (s, ln) in enumerate(zip(signed, lines, strict=True))]  # fmt: skip
    if len(lines) > 8 and 10 * (sum(signed) + sum(described)) < 9 * len(lines):
        return []
    return _untitled_signers(text, start, len(text))


# "Signed by Jo Bell, Li Wei, Dr Ana Ruiz, and many other participants": the signers run into one
# paragraph after the body.
_SIGNED_BY = re.compile(
    r"^[ \t]*(?:Signed|Co-?signed|Signatories)(?:\s+by)?\s*:?[ \t]+(?P<names>[^\n]{5,5000})$", re.M
)
_OTHERS = re.compile(r"(?:,?\s*(?:and\s+)?(?:many|several|\d+|[a-z]+)\s+others?\b[^,]*|\s*etc)\.?\s*$", re.I)


def _signed_by(text: str, body_start: int) -> list[Party]:
    """The signers listed in a paragraph of their own opened by "Signed by", nearly all of them names."""
    m = next(reversed(list(_SIGNED_BY.finditer(text, max(body_start, len(text) - 6000)))), None)
    if m is None:
        return []
    # "Co-signed by 1. MEP Ada Byrne (Greens/EFA) 2. MEP Carl Ngata (S&D) …": numbered, as a PDF's list.
    numbered = _numbered_items(text, m.start("names"), m.end("names"))
    if numbered:
        return numbered
    names = _OTHERS.sub("", m.group("names"))
    items = [n.strip(" .") for n in _NAME_LIST_SEP.split(names) if n.strip(" .")]
    found = [(n, _signer_item(n)) for n in items]
    if len(items) < 2 or 10 * sum(f is not None for _, f in found) < 8 * len(items):
        return []
    out, pos = [], m.start("names")
    for item, signer in found:
        a = text.find(item, pos)
        pos = a + len(item)
        if signer is not None:
            out.append(make_party(text, a, pos, *signer))
    return out


# What a page puts under a letter it carries ("SOURCE: The Telegraph", "Photo: …").
_PAGE_LABEL = re.compile(r"(?i:source|via|photo|image|credit|read\s+more)s?\s*:")
# "Julia and Richard O’Dwyer": two signers of one family on a line, neither named in full.
_COUPLE = re.compile(rf"[A-Z][a-z]+\s+(?:and|&)\s+{people.NAME}")


_SIGNERS_FIELD = re.compile(
    r"^[ \t]*(?:Co-?[Ss]igners|Cosigners|Current\s+[Ss]igners|Original\s+[Ss]igners)(?:\s*\(\d+\))?[ \t]*:"
    r"[ \t]*\n?(?P<names>(?:[^\n]+\n?)+?)(?=\n[ \t]*\n|\Z)",
    re.M,
)
_SURNAME_ITEM = re.compile(rf"{people.SURNAME_PARTICLES}[A-Z][\w'’-]+")


def _signers_field(text: str) -> list[Party]:
    """The names of a "Co-Signers:" or "Current Signers:" field, full names or surnames; none when
    fewer than four in five of its items read as names (a field of something else)."""
    m = _SIGNERS_FIELD.search(text, 0, min(len(text), 6000))
    if m is None:
        return []
    items = []
    for part in re.finditer(r"[^,;\n]+", m.group("names")):
        raw = part.group().strip()
        # "Bill Pascrell, Jr.": the suffix of the name before.
        if not raw or re.fullmatch(r"(?:Jr|Sr|II|III|IV)\.?", raw):
            continue
        item = re.sub(r"^(?:and\s+)?(?:Rep|Reps|Sen|Sens|Del|Representative|Senator)\.?\s+", "", raw).rstrip(
            " ."
        )
        start = text.find(item, m.start("names") + part.start())
        items.append((item, start))
    named = [
        (item, start)
        for item, start in items
        if people.is_name(item)
        or (_SURNAME_ITEM.fullmatch(item) and item.split()[-1].lower() not in people.NOT_NAME)
    ]
    if len(items) < 2 or 5 * len(named) < 4 * len(items):
        return []
    return [
        make_party(text, start, start + len(item), people.clean_name(item), None) for item, start in named
    ]


def _line_at(text: str, i: int) -> str:
    end = text.find("\n", i)
    return text[text.rfind("\n", 0, i) + 1 : len(text) if end < 0 else end].strip()


# A label over a list of signers, or a word after it ("Signatories:", "and 28 others").
_SIGNATORIES_LABEL = re.compile(
    r"(?i:signatories|signed(?:\s+by)?|signers|undersigned|list\s+of\s+signatories)\s*:?|"
    r"(?i:and\s+(?:\d+|[a-z-]+)\s+others?)\.?"
)


# "• Justice for North Korea (JFNK)": a sending organisation listed above the letter's date.
_LISTED_ORG = re.compile(r"^(?:[•\-*–]\s*)?(?P<name>[^()\n]+?)\s*(?P<acr>\([A-Z]{2,8}\))?$")
_NOT_SENDER_LINE = re.compile(r"\b(?:letter|statement|appeal|petition|re|subject)\b", re.I)


def _senders_above(text: str, date_start: int) -> list[Party]:
    """The writers some letters list above their date, one to a line, when none sign below."""
    line_start = text.rfind("\n", 0, date_start) + 1
    if text[line_start:date_start].strip():
        return []
    # The lines right above the date, at most one blank line between them and it.
    spans = []
    pos = line_start - 1  # the newline that ends the line above
    blanks = 0
    while pos > 0 and len(spans) <= 8:
        prev = text.rfind("\n", 0, pos) + 1
        if text[prev:pos].strip():
            spans.append((prev, pos))
        elif spans:
            break
        else:
            blanks += 1
        pos = prev - 1
    if not spans or blanks > 1 or len(spans) > 8:
        return []
    # From the line nearest the date up: the writers' lines run up to the heading above them
    # ("Letter to President X in regards to …" / "Jo Bell, Li Wei & Ada Byrne, Members of Congress").
    out: list[Party] = []
    for a, b in spans:
        line = text[a:b].strip()
        if _HONORIFIC_START.match(line):
            break  # "The Honorable Jo Bell", "Mr. Li Wei": an addressee, as the block above a date may be
        a = text.find(line, a, b)
        row = _names_row(text, a, a + len(line))
        if row:
            out[:0] = row
            continue
        m = _LISTED_ORG.match(line)
        if not m or len(m.group("name")) > 100 or _NOT_SENDER_LINE.search(m.group("name")):
            break
        name = m.group("name").strip()
        start = text.find(name, a, b)
        if people.is_name(name):
            out.insert(0, make_party(text, start, start + len(name), people.clean_name(name), None))
        elif ORG_NAME.fullmatch(name) and (m.group("acr") or ORG_WORDS.search(name)):
            out.insert(0, make_party(text, start, start + len(name), name, None, confidence=0.6))
        else:
            break
    return out


# The particles of the names UN and European letters set with the surname in capitals.
_CAPS_PARTICLES = "bin|ibn|al|el|de|van|von"
_NAME_PARTICLE = re.compile(rf"\s(?:{_CAPS_PARTICLES})\s", re.I)
# A name whose last words are in capitals after words that are not ("Jean DUPONT").
_CAPS_SURNAME = re.compile(
    rf"(?<=\b[A-Z][a-z]+(?:\s+(?:{_CAPS_PARTICLES}|[A-Z][a-z]+))*\s+)"
    r"(?P<caps>[A-Z]{2,}(?:[-'’][A-Z]{2,})?(?:\s+[A-Z]{2,}(?:[-'’][A-Z]{2,})?)?)\s*$"
)
# "Chair-Rapporteur: Ms. Jo Bell (Ruritania)": an office, then who holds it, with the state or party after.
_OFFICE_COLON = re.compile(r"^(?P<title>[A-Z][\w.'’ -]{1,50}?):\s+(?P<rest>\S.*)$")
_PAREN_END = re.compile(r"\s*\([^()\n]{2,40}\)$")


def _person_line(line: str) -> tuple[str, str | None, list[str]] | None:
    """A line that starts an addressee: a name, a title and name, all of a block on one line, or an
    office and its holder ("Vice-Chair: Dr. Jo Bell (Ruritania)")."""
    if _BYLINE.match(line):
        return None
    # "Sheikh Hamad bin Issa AL KHALIFA", "Mr. Jean DUPONT": the surname in capitals, as UN and
    # European letters set it, read as the name it is.
    # Only after an honorific or with a particle: "Tags PREF UNHCR" is a cable's header, "Jane Doe
    # MP" a member.
    caps = _CAPS_SURNAME.search(line)
    if (
        caps is not None
        and (_HONORIFIC_START.match(line) or _NAME_PARTICLE.search(line))
        and not any(w in _POSTNOMINALS for w in caps.group("caps").split())
    ):
        return _person_line(line[: caps.start("caps")] + caps.group("caps").title())
    office = _OFFICE_COLON.match(line)
    if office and not _RE_LINE.match(line):
        rest = _PAREN_END.sub("", office.group("rest"))
        if people.is_name(rest):
            return people.clean_name(rest), office.group("title").strip(), []
    bare = _PAREN_END.sub("", line)
    if bare != line and people.is_name(bare):
        return people.clean_name(bare), None, []
    if _ADDRESS.search(line) and not _HONORIFIC_START.match(line):
        return None
    m = _ONE_LINE_BLOCK.match(line)
    if m and people.is_name(m.group("name")):
        addr = [m.group("addr").strip()] if m.group("addr") else []
        return people.clean_name(m.group("name")), m.group("title").strip(" ,"), addr
    # "The President of Kazakhstan H.E. Kassym-Jomart Tokayev": an office, then its holder after an
    # honorific, however long the office.
    holder = _OFFICE_THEN_HOLDER.match(line)
    if holder and _NAMED_START.match(holder.group("title")) and people.is_name(holder.group("name")):
        return people.clean_name(holder.group("name")), holder.group("title"), []
    if len(line) > 90:
        return None
    if people.is_name(line):
        return people.clean_name(line), None, []
    if _NAMED_START.match(line):
        found = people.split_title_name(line)
        if found:
            return found[0], found[1], []
    # "Unification Minister Kim Yung-ho", "Acting Justice Minister Lee Noh Kong": a title of any
    # capitalised words that ends in a title word, then a name.
    found = people.split_title_name(line)
    if found and found[1] and _TITLE_WORD_END.search(found[1]) and _CAPITALISED.fullmatch(found[1]):
        return found[0], found[1], []
    return None


def _signature(text: str, start: int) -> list[Party]:
    """The signers below the closing: each name with the title that follows it."""
    end_m = _SIG_END.search(text, start, min(len(text), start + 6000))
    end = end_m.start() if end_m else min(len(text), start + 6000)
    title_first = _title_first_signers(text, start, end)
    if title_first:
        return title_first
    titles = list(_SIGNER_TITLE.finditer(text[start:end]))
    signers: list[Party] = []
    seg_start = start
    i = 0
    while i < len(titles):
        t = titles[i]
        # Titles side by side on one line ("United States Senator   United States Senator"):
        # two signature columns read across, their names side by side on the line above.
        row = [t]
        while i + len(row) < len(titles):
            nxt = titles[i + len(row)]
            if text[start + row[-1].end() : start + nxt.start()].strip(" \t"):
                break
            row.append(nxt)
        if len(row) > 1:
            signers.extend(_row_of_names(text, seg_start, start + t.start(), [r.group() for r in row]))
            seg_start = start + row[-1].end()
            i += len(row)
            continue
        t_start, t_end = start + t.start(), start + t.end()
        title = " ".join(t.group().split())
        # A title continued on the next line ("Ranking Member" / "Committee on Foreign Affairs").
        rest = text[t_end:end]
        nl = _NEXT_LINE.match(rest)
        if nl and _TITLE_CONT.match(nl.group("line").strip()):
            title = f"{title}, {nl.group('line').strip()}"
            t_end = t_end + nl.end()
        signers.extend(_names_in_segment(text, seg_start, t_start, title))
        seg_start = t_end
        i += 1
    if titles:
        signers.extend(_names_in_segment(text, seg_start, end, None))
    else:
        signers = _untitled_signers(text, start, end)
    return signers


_TITLE_THEN_NAME = re.compile(
    rf"^[ \t]*(?:/s/\s*)?(?P<title>{people.SIGNER_TITLE}|Sen\.|Rep\.)[ \t]+(?P<name>{people.NAME})[ \t]*$",
    re.M,
)


def _title_first_signers(text: str, start: int, end: int) -> list[Party]:
    """Signers listed title first, one a line ("Senator Jane Doe"), when every signer line is so."""
    lines = [m for m in _LINE.finditer(text, start, end) if m.group().strip()]
    found = [m for m in (_TITLE_THEN_NAME.match(text, ln.start(), ln.end()) for ln in lines) if m]
    if len(found) < max(1, len(lines) // 2) or any(not people.is_name(m.group("name")) for m in found):
        return []
    return [
        make_party(
            text, m.start("title"), m.end("name"), people.clean_name(m.group("name")), m.group("title")
        )
        for m in found
    ]


def _row_of_names(text: str, start: int, end: int, titles: list[str]) -> list[Party]:
    """Names side by side on the last line of text[start:end], one for each title of a row.

    "Marco Rubio Jeff Merkley" splits one way only into two names; "Chris Van Hollen Peter
    Welch" splits two ways ("Chris Van" / "Hollen Peter Welch" is a name too), and a guess
    would put a wrong name on a letter: such rows give no names.
    """
    lines = [m for m in _LINE.finditer(text, start, end) if m.group().strip()]
    if not lines:
        return []
    line = lines[-1]
    tokens = [(m.start(), m.end()) for m in _NONSPACE.finditer(text[line.start() : line.end()])]
    tokens = [(line.start() + a, line.start() + b) for a, b in tokens]
    splits = [
        parts
        for parts in _splits(len(tokens), len(titles))
        if all(_whole_name(text, tokens, a, b) for a, b in parts)
    ]
    if len(splits) != 1:
        return []
    out = []
    for (a, b), title in zip(splits[0], titles, strict=True):
        s0, s1 = tokens[a][0], tokens[b - 1][1]
        title = " ".join(title.split())
        out.append(make_party(text, s0, s1, people.clean_name(text[s0:s1]), title, confidence=0.7))
    return out


def _splits(n: int, k: int) -> list[list[tuple[int, int]]]:
    """Every way to cut n tokens into k runs of 2 to 4 tokens."""
    if k == 0:
        return [[]] if n == 0 else []
    out = []
    for size in (2, 3, 4):
        if size <= n:
            out.extend(
                [[(0, size)] + [(a + size, b + size) for a, b in rest] for rest in _splits(n - size, k - 1)]
            )
    return out


def _whole_name(text: str, tokens: list[tuple[int, int]], a: int, b: int) -> bool:
    words = [text[s:e] for s, e in tokens[a:b]]
    # A name ends with a surname, not an initial, and starts with a given name.
    if _INITIAL.fullmatch(words[-1]) or words[0][:1].islower():
        return False
    return people.is_name(" ".join(words))


def _names_in_segment(text: str, start: int, end: int, title: str | None) -> list[Party]:
    """Names between two titles: the last one carries `title`; names before it have none."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text[start:end])]
    lines = [(start + a, start + b) for a, b in lines if text[start + a : start + b].strip()]
    out: list[Party] = []
    for i, (a, b) in enumerate(lines):
        raw = text[a:b]
        a += len(raw) - len(raw.lstrip())
        b -= len(raw) - len(raw.rstrip())
        line = text[a:b].strip(" ,")
        signer = signer_line(line)
        if signer is None:
            continue
        # Only the line right above a title is its name; names above it stand alone.
        last = i == len(lines) - 1
        out.append(make_party(text, a, b, signer[0], title if last else signer[1]))
    return out


# A peer signs by title and name, with the territorial designation: "Lord Hale of Richmond".
_PEER_LINE = re.compile(
    rf"(?P<name>(?:{alternation(words('letters.peerage'))})\s+{people._NAME_TOKEN}(?:\s+{people._NAME_TOKEN})?"
    # "Lord Carlile of Berriew QC": the letters after the name are no part of the place.
    rf"(?:\s+of\s+[A-Z][\w'’-]+(?:\s+(?!(?:{alternation(words('letters.postnominals'))})\b)[A-Z][\w'’-]+){{0,2}})?)"
    rf"(?:{people.POSTNOMINAL})?\s*$"
)
# "Jane Doe MEP (Greens/EFA, Germany)", "Tom Wick MP": the letters after the name say what the signer is.
_POSTNOMINAL_LINE = re.compile(
    rf"(?P<name>{people.NAME})[ \t]+(?P<title>(?:{alternation(words('letters.postnominals'))})(?!\w)"
    r"(?:\s*\([^()\n]{1,80}\))?)\s*$"
)

# "Ela Gandhi On behalf of Trustees of the Trust": whom the signer speaks for, on the name's line.
_ON_BEHALF = re.compile(
    r"(?P<name>[^,\n]+?),?[ \t]+(?P<title>(?:[Ff]or\s+and\s+)?[Oo]n\s+behalf\s+of\s+\S.*)$"
)

# "Professor Ada Byrne", and "MEP Ada Byrne (Greens/EFA)" as European lists put the letters first.
_SIGNER_RANK = re.compile(
    rf"^(?:{alternation(words('letters.signer_ranks', 'letters.postnominals'))})\s+(?=\p{{Lu}})"
)


def signer_line(line: str) -> tuple[str, str | None] | None:
    """A line that names one signer, as (name, title): a name, a peer, or a name with letters after it."""
    rank = _SIGNER_RANK.match(line)
    if rank is not None:
        found = signer_line(line[rank.end() :])
        return None if found is None else (found[0], found[1] or rank.group().strip())
    # "Lord Carlile of Berriew QC (Lib Dem)": the party or state after the signer, in brackets, says
    # where they stand, not what they are.
    party = _PAREN_END.search(line)
    if party is not None and party.start() > 0 and not _POSTNOMINAL_LINE.match(line):
        found = signer_line(line[: party.start()])
        if found is not None:
            return found
    m = _POSTNOMINAL_LINE.match(line) or _ON_BEHALF.match(line)
    if m and people.is_name(m.group("name")):
        return people.clean_name(m.group("name")), " ".join(m.group("title").split())
    line = line.rstrip(" ,")
    if people.is_name(line):
        return people.clean_name(line), None
    # "RONIT LENTIN,", "SEÁN CROWE TD,": a name in capitals signing a letter to the editor, as the
    # paper sets it (the letters after it stay capitals).
    if line.isupper() and 2 <= len(line.split(",")[0].split()) <= 5:
        cased = " ".join(w if w.strip(",;") in _POSTNOMINALS else w.title() for w in line.split())
        # A line of letters only ("MP TD") stays as it is: read again, it would never end.
        if cased != line and (signer := signer_line(cased)) is not None:
            return signer
    m = _PEER_LINE.match(line)
    if m:
        return " ".join(m.group("name").split()), None
    # "Masahiro Goto, Life Funds for North Korean Refugees": a name and what the signer is or
    # works for, in capitals ("Tokyo, Japan" names no one; "Jo Bell, who …" is prose).
    head, comma, rest = line.partition(",")
    rest = rest.strip()
    # What a signer is may run over commas ("Professor of Law, New York University"), but a row
    # of names is not one signer with the others as a title.
    if (
        comma
        and people.is_name(head)
        and all(_AFFILIATION.fullmatch(part.strip()) for part in rest.split(","))
        and not (rest.count(",") and all(people.is_name(part.strip(" .")) for part in rest.split(",")))
    ):
        return people.clean_name(head), rest.rstrip(" ,.")
    return None


_POSTNOMINALS = frozenset(words("letters.postnominals"))
_AFFILIATION = re.compile(
    r"(?:[A-Z][\w'’.&()-]*|of|for|the|and|on|in|de|&)(?:[ \t]+(?:[A-Z][\w'’.&()-]*|of|for|the|and|on|in|de|&)){0,9}"
)


_LETTERHEADS: dict[str, str] = {
    head: title
    for body in section("letters.legislatures").values()
    for head, title in (body.get("letterheads") or {}).items()
    if title
}
_LETTERHEAD = re.compile(rf"^[ \t]*(?P<head>{alternation(_LETTERHEADS)})[ \t]*$", re.M)


def _letterhead_title(text: str, end: int) -> str | None:
    """The title a legislature's letterhead gives its members ("House of Representatives" makes a
    Member of Congress), from a line of its own above the salutation."""
    m = _LETTERHEAD.search(text, 0, end)
    return _LETTERHEADS.get(" ".join(m.group("head").split())) if m else None


def _untitled_signers(text: str, start: int, end: int) -> list[Party]:
    """A signature block without titles: names or (joint letters) organisations, one a line, or
    numbered on one line as a flattened PDF gives them ("1. Jo Bell, S&D 2. Li Wei, EPP")."""
    out: list[Party] = []
    below = False  # whether the line right before was a signer's
    last_signer = False  # whether the last line with words was a signer's, blank lines between or not
    for m in _LINE.finditer(text[start:end]):
        a, b = start + m.start(), start + m.end()
        line = text[a:b].strip()
        if not line:
            below = False
            continue
        a = text.index(line, a)
        b = a + len(line)
        items = _numbered_items(text, a, b) or _names_row(text, a, b)
        # "1. Jo Bell, Hanau, Germany;": a signer numbered on a line of their own.
        mark = _LINE_MARK.match(line) if not items else None
        if mark is not None:
            a, line = a + mark.end(), line[mark.end() :].rstrip(" ;")
        if items:
            out.extend(items)
            below = last_signer = False
            continue
        signer = signer_line(line)
        was_below, below = below, signer is not None
        was_last, last_signer = last_signer, signer is not None
        if signer is not None:
            out.append(make_party(text, a, b, *signer))
        elif (
            was_last
            and out[-1].title is None
            and people.is_name(out[-1].name)
            and not ORG_WORDS.search(line)
            and len(line.split()) <= 8
            and not _DIGIT_OR_END.search(line)
            and line[:1].isupper()
            and not _PAGE_LABEL.match(line)
        ):
            # "Ada Byrne" / "Mother of Tom Byrne", "Mara Quist" / "Director, Fair Trials": what the
            # signer above is, on the next line, a blank line between them or not.
            out[-1].title = line.strip(" ,")
        # Right under a signer, what they are may take a long line ("Associate Professor in
        # International Refugee Law, University of Reading; Research Associate, …").
        elif ORG_WORDS.search(line) and len(line.split()) <= (30 if was_below else 10):
            if (
                out
                and people.is_name(out[-1].name)
                and not out[-1].organisation
                and not re.search(r"\d", line)
            ):
                # "Jane Doe" / "North Korea Freedom Coalition": the signer's organisation, over lines
                # ("Department of Sociology," / "Trinity College, Dublin.": its last line ends the letter).
                part = line.strip(" ,.")
                out[-1].title = f"{out[-1].title}, {part}" if out[-1].title else part
            elif not _DIGIT_OR_END.search(line):
                out.append(make_party(text, a, b, line.strip(" ,"), None, confidence=0.6))
        elif out and len(line.split()) > 12 and not line.endswith(":"):
            # (A line that ends in a colon introduces more of them: "In the name and with the
            # consent of the following members of parliament:".)
            break
    return out


# (Not a bullet: a joint letter's bullets list its organisations, "- Release Eritrea".)
_LINE_MARK = re.compile(r"\d{1,3}[.)][ \t]+(?=\p{Lu})")
# "1. Raphaël Glucksmann, S&D 2. Dietmar Köster, S&D 3. , Greens": the numbers that open each item.
_ITEM_NUMBER = re.compile(r"(?:^|(?<=\s))\d{1,3}\.\s+")


def _numbered_items(text: str, a: int, b: int) -> list[Party]:
    """Signers numbered on one line, each a name and perhaps what the signer is; an item without a
    name (a list whose names the page left out) gives no one."""
    numbers = list(_ITEM_NUMBER.finditer(text, a, b))
    if len(numbers) < 3 or numbers[0].start() != a:
        return []
    out = []
    for n, nxt in zip(numbers, [*numbers[1:], None], strict=True):
        item_end = nxt.start() if nxt else b
        item = text[n.end() : item_end].rstrip(" ,;")
        signer = _signer_item(item)
        if signer is not None:
            out.append(make_party(text, n.end(), n.end() + len(item), *signer))
    return out


_ROW_SEPARATOR = re.compile(r"\s*[,;&]\s*(?:and\s+)?|\s+and\s+")


def _names_side_by_side(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The spans of the names in text[a:b] split by commas ("Joel L. Lebowitz, Paul H. Plotz, Walter
    Reich"), when every part of three or more is a name; none otherwise (two parts are a name and
    where the signer works as often: "Dr Oli Mould, Royal Holloway")."""
    parts = []
    # "Jo Bell, Li Wei, Ada Byrne & Tom Reyes, Members of Congress": the last two joined by "&"
    # or "and", and what they all are after them.
    cut = a
    for sep in [*_ROW_SEPARATOR.finditer(text, a, b), None]:
        x, y = cut, sep.start() if sep else b
        cut = sep.end() if sep else b
        x += len(text[x:y]) - len(text[x:y].lstrip(" ."))
        y -= len(text[x:y]) - len(text[x:y].rstrip(" ."))
        if x < y:
            parts.append((x, y))
    if len(parts) > 3 and _SIGNER_TITLE.fullmatch(text[parts[-1][0] : parts[-1][1]]):
        parts.pop()
    if len(parts) < 3 or not all(people.is_name(text[x:y]) for x, y in parts):
        return []
    return parts


def _names_row(text: str, a: int, b: int) -> list[Party]:
    """Names side by side on one line (_names_side_by_side): each a signer."""
    return [
        make_party(text, x, y, people.clean_name(text[x:y]), None) for x, y in _names_side_by_side(text, a, b)
    ]


def _signer_item(line: str) -> tuple[str, str | None] | None:
    """`signer_line`, or a row of three names or more split by commas (read as its first)."""
    if not line:
        return None
    found = signer_line(line)
    if found is not None:
        return found
    row = _names_side_by_side(line, 0, len(line))
    return (people.clean_name(line[row[0][0] : row[0][1]]), None) if row else None


def make_party(text: str, a: int, b: int, name: str, title: str | None, confidence: float = 0.85) -> Party:
    return Party(
        start=a,
        end=b,
        quote=text[a:b],
        confidence=confidence,
        extractor=EXTRACTOR,
        name=name,
        title=title,
        chamber=people.chamber_of(title),
    )


# ------------------------------------------------------------------ what a letter says of other letters


def _iso(d: DateMention) -> str | None:
    if not d.date_start:
        return None
    return {"day": d.date_start, "month": d.date_start[:7], "year": d.date_start[:4]}.get(
        d.precision or "", d.date_start
    )


def _references(ctx: Context, sentences: list[tuple[int, int]]) -> list[Reference]:
    text = ctx.text
    out = []
    for s, e in sentences_having(text, sentences, ("wrote", "letter")):
        for m in _PAST_LETTER.finditer(text, s, e):
            found = people.split_title_name(m.group("np"))
            if not found:
                continue
            dates = [d for d in ctx.dates_in(s, e) if d.end <= m.start() or d.start >= m.end()]
            out.append(
                Reference(
                    start=s,
                    end=m.end(),
                    quote=text[s : m.end()],
                    confidence=0.75,
                    extractor=EXTRACTOR,
                    date=_iso(dates[0]) if dates else None,
                    recipient=found[0],
                    senders=_subject(text, s, m.start()) or None,
                    summary=" ".join(text[s : m.end()].split()),
                )
            )
    return out


def _subject(text: str, start: int, end: int) -> str:
    """Who wrote an earlier letter: the words before "wrote", after any opening date phrase."""
    before = text[start:end]
    before = _DATED_PREFIX.sub("", before)
    return " ".join(before.split()).strip(" ,")


def commitments(ctx: Context, sentences: list[tuple[int, int]], recipient: str | None) -> list[Commitment]:
    text = ctx.text
    out = []
    for s, e in sentences_having(text, sentences, ("commit", "pledg", "promis", "vow", "agree")):
        for m in _COMMIT.finditer(text, s, e):
            who = m.group("who")
            if who.lower() == "you":
                who = recipient or "you"
            what_start, what_end = m.span("what")
            # "… to holding X accountable during your testimony before Y": the occasion is not the promise.
            where = _WHERE.search(text, what_start, what_end) or _WHERE.search(text, s, m.start())
            if where and where.start() > what_start:
                what_end = where.start()
            dates = ctx.dates_in(s, e)
            out.append(
                Commitment(
                    start=s,
                    end=m.end(),
                    quote=text[s : m.end()],
                    confidence=0.7,
                    extractor=EXTRACTOR,
                    who=who,
                    what=" ".join(text[what_start:what_end].split()).strip(" ,"),
                    where=" ".join(where.group("where").split()).strip() if where else None,
                    when=_iso(dates[0]) if dates else None,
                )
            )
    return out


def _outcomes(text: str, sentences: list[tuple[int, int]]) -> list[Outcome]:
    out = []
    for s, e in sentences_having(text, sentences, _OUTCOME_WORDS):
        for m in _OUTCOME.finditer(text, s, e):
            out.append(
                Outcome(
                    start=s,
                    end=m.end(),
                    quote=text[s : m.end()],
                    confidence=0.7,
                    extractor=EXTRACTOR,
                    text=" ".join(text[s : m.end()].split()),
                    status=m.group("status").lower(),
                )
            )
    return out
