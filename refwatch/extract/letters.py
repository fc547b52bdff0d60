"""Letters: recipients, salutation, senders and their titles, asks, references, commitments, outcomes.

A letter is read in the order it is laid out: the recipient block above the salutation
("Dear Ambassador Perdue,"), the body, the closing ("Sincerely,") and the signature block
below it. A press release or news story that tells of a letter ("Senator Tim Kaine (D-VA) …
sent a letter to urge the U.S. Ambassador …") gives a *reported* letter, read from that sentence
and from the letter's words it quotes.
"""

from __future__ import annotations

import regex as re

from refwatch.extract import people
from refwatch.extract.asks import _VERB, asks_in, dedupe, make_ask, split_asks
from refwatch.extract.context import Context
from refwatch.extract.model import Ask, Commitment, DateMention, Letter, Outcome, Party, Reference

EXTRACTOR = "letters"

SALUTATION = re.compile(
    r"^[ \t]*(?P<sal>(?:Dear|My\s+dear|Your\s+(?:Excellency|Excellencies|Honou?r))\b[^\n]{0,100}?)[,:;]?[ \t]*$"
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
    r"Signed|With\s+respect|In\s+solidarity)[ \t]*[,.:]?[ \t]*$",
    re.M | re.I,
)
_CC = re.compile(r"^\s*(?:CC|cc|Cc|C\.C\.|Copy\s+to)(?!\w)\s*[.:]?\s*(?P<rest>.*)$")
# "c/o His Excellency …" and "ATTN: …": whom the letter goes through, not to.
_CARE_OF = re.compile(r"^(?:c/o|C/O|ATTN|Attn|Attention)\b")
_RE_LINE = re.compile(r"^\s*(?:Re|RE|Subject|SUBJECT|Subj)\s*:")
_ADDRESS = re.compile(
    r"\d|\b(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Drive|Place|Plaza|Suite|Floor|"
    r"Building|Room|Box|District|Province|City|White\s+House|Capitol|Embassy\s+of|Washington|Beijing|"
    r"Pyongyang|Seoul|Geneva|New\s+York)\b|\b[A-Z]{2}\s+\d{5}\b|^(?:People['’]s\s+Republic\s+of\s+China|China|"
    r"United\s+States(?:\s+of\s+America)?|USA|Switzerland|Republic\s+of\s+Korea|South\s+Korea)\.?$"
)
_ONE_LINE_BLOCK = re.compile(
    rf"^(?:{people.HONORIFIC}\s+)(?P<name>{people._NAME_TOKEN}(?:\s+{people._NAME_TOKEN}){{1,4}}?(?:{people.SUFFIX})?)\s+(?P<title>{people._TITLE_START}.*?)"
    r"(?P<addr>\s+\d.*)?$"
)
# Lines after a signer's title that continue it ("Committee on Foreign Affairs").
_TITLE_CONT = re.compile(
    r"^(?:(?:U\.S\.\s+|House\s+|Senate\s+)?(?:Committee|Subcommittee|Commission|Caucus|Congressional|Select)\b|"
    r"Tom\s+Lantos)[^\n]{0,100}$"
)
_ORG_WORDS = re.compile(
    r"\b(?:Watch|International|Committee|Center|Centre|Alliance|Network|Foundation|Association|Coalition|"
    r"Group|Institute|Society|Council|Union|Federation|Campaign|Project|Initiative|Citizens|Rights|"
    r"Organization|Organisation|Forum|League|Church|Mission|Database|Commission|Partners)\b"
)
_CC_BELOW = re.compile(r"^[ \t]*(?:cc|CC|Cc|C\.C\.)[ \t]*:", re.M)
_SIG_END = re.compile(
    r"^\s*(?:cc|CC|Cc|Enclosure|Enclosures|Attachment|Notes?|Endnotes|References)\b|^\s*\d{1,2}\s+\S", re.M
)

_MEMBER_TITLES = (
    r"Congressman|Congresswoman|Congressmen|Congresswomen|Senators?|Sens?\.|Representatives?|Reps?\.|"
    r"U\.S\.\s+Senators?|U\.S\.\s+Representatives?|Members?\s+of\s+Congress"
)
_REPORTED_TITLE = rf"(?P<title>{_MEMBER_TITLES})"
# "(VA-11)", "(D-VA)", "(R-NJ-4)", or the news agencies' ", D-Va.,".
_DISTRICT = (
    r"(?:\s*\((?P<district>[A-Z]{1,2}-[A-Z0-9]{2}|[A-Z]{2}-\d{1,2}|[DRI]-[A-Z]{2}(?:-\d{1,2})?)\)"
    r"|,\s*(?P<district>[DRI]-[A-Z][a-z]{1,4}\.?)(?=,|\s|$)"
    # "Sens. Marco Rubio, a Florida Republican, and Tim Kaine, a Virginia Democrat,"
    r"|,\s+an?\s+(?:[A-Z][a-z]+\s+){1,2}(?:Republican|Democrat|Independent)(?=,|\s|$))"
)
# The regex module's cache lookup costs more than the stdlib's: patterns used in loops are compiled once.
_NONSPACE = re.compile(r"\S+")
_INITIAL = re.compile(r"[A-Z]\.")
_DATED_PREFIX = re.compile(r"^[^,]{0,40}\d{4},\s*")
_CLAUSE_WORD = re.compile(r"\b(?:said|after|when|while|which|who|that)\b", re.I)
_REPORTED_TITLE_RE = re.compile(rf"(?<![\w-]){_REPORTED_TITLE}\s+")
_REPORTED_TITLE_AT = re.compile(_REPORTED_TITLE)
_REPORTED_NAME = re.compile(rf"(?P<name>{people.NAME})(?:{_DISTRICT})?")
_SINGULAR = {
    "congressmen": "Congressman",
    "congresswomen": "Congresswoman",
    "senators": "Senator",
    "sens.": "Sen.",
    "representatives": "Representative",
    "reps.": "Rep.",
    "u.s. senators": "U.S. Senator",
    "u.s. representatives": "U.S. Representative",
    "members of congress": "Member of Congress",
}
# Past letters referred to: "In November 2025, a bicameral group … wrote to …".
_PAST_LETTER = re.compile(
    r"\b(?:wrote|sent\s+(?:a|an|our|the)\s+(?:\w+\s+){0,2}?letter|(?:our|a|the)\s+(?:previous|earlier|prior|last)\s+letter)"
    r"\s+to\s+(?P<np>(?:[^;.]|(?<=\b(?:[A-Z]|Dr|Mr|Mrs|Ms|Sen|Rep|St))\.)+?)"
    r"(?=,?\s+(?:urging|asking|calling|requesting|expressing|regarding|about|on|in)\b|,\s+(?:to|and|which|who)\b|;|(?<!\b(?:[A-Z]|Dr|Mr|Mrs|Ms|Sen|Rep|St))\.|$)",
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
_SIGNER_TITLE = re.compile(rf"(?<![\w-])(?:{people.SIGNER_TITLE})(?![\w-])")
_NEXT_LINE = re.compile(r"[ \t]*\n[ \t]*(?P<line>[^\n]+)")
_LINE = re.compile(r"[^\n]+")
_DIGIT_OR_END = re.compile(r"\d|[.!?]$")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")


def find_letter(ctx: Context, doc_type: str) -> Letter | None:
    """The letter the text is (or, for a press release or news story, the one it reports)."""
    if doc_type == "letter":
        return _own_letter(ctx)
    return _reported_letter(ctx)


# ------------------------------------------------------------------ a letter itself


def _own_letter(ctx: Context) -> Letter:
    text = ctx.text
    sal = SALUTATION.search(text, 0, min(len(text), 8000))
    body_start = sal.end() if sal else 0
    closings = list(CLOSING.finditer(text, body_start))
    closing = closings[-1] if closings else None
    body_end = closing.start() if closing else len(text)

    letter = Letter(start=0, end=len(text), quote=text[:200], confidence=0.8, extractor=EXTRACTOR)
    letter.salutation = sal.group("sal").strip() if sal else None
    own_date = _letter_date(ctx, sal.start() if sal else min(len(text), 1500))
    letter.date = own_date.date_start if own_date else None
    block_start = own_date.end if own_date and (not sal or own_date.end <= sal.start()) else 0
    if sal:
        letter.recipients = _recipients(text, block_start, sal.start()) or _saluted(text, sal)
    recipient = letter.recipients[0].name if letter.recipients else None
    if not closing:
        letter.senders = _tail_signers(text, body_start)
        if not letter.senders and own_date:
            letter.senders = _senders_above(text, own_date.start)
    else:
        letter.senders = _signature(text, closing.end())
        # Copies listed under the signatures ("cc: The Honorable …, Secretary of State").
        cc = _CC_BELOW.search(text, closing.end())
        if cc:
            copies = _recipients(text, cc.start(), min(len(text), cc.start() + 1500))
            letter.recipients.extend(p for p in copies if p.cc)
    sentences = [(s, e) for s, e in ctx.sentence_bounds() if s >= body_start and e <= body_end]
    letter.asks = asks_in(text, sentences, recipient)
    letter.references = _references(ctx, sentences)
    letter.commitments = _commitments(ctx, sentences, recipient)
    letter.outcomes = _outcomes(text, sentences)
    return letter


_OUTCOME_WORDS = ("denied", "rejected", "refused", "ignored", "granted", "accepted", "approved", "answered")


def _having(text: str, sentences: list[tuple[int, int]], words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The sentences that contain one of `words` (lower case): a cheap test before a costly pattern."""
    return [(s, e) for s, e in sentences if any(w in text[s:e].lower() for w in words)]


def _letter_date(ctx: Context, before: int) -> DateMention | None:
    for d in ctx.dates:
        if d.start >= before:
            break
        if d.precision == "day" and not d.relative:
            return d
    return None


def _recipients(text: str, start: int, end: int) -> list[Party]:
    """The addressees in the block between the date and the salutation."""
    parties: list[Party] = []
    cur: Party | None = None
    state = "none"
    cc = False
    pos = start
    for raw in text[start:end].split("\n"):
        line_start = pos + len(raw) - len(raw.lstrip())
        pos += len(raw) + 1
        line = raw.strip()
        if not line:
            if state == "care":
                state = "none"
            continue
        if _RE_LINE.match(line):
            state = "none"
            continue
        if _CARE_OF.match(line):
            state = "care"
            continue
        if state == "care":
            continue
        m = _CC.match(line)
        if m and (m.group("rest") == "" or line[:2].lower() == "cc"):
            cc = True
            line_start += m.start("rest")
            line = m.group("rest")
            if not line:
                continue
        person = _person_line(line)
        if person is not None:
            name, title, address = person
            cur = Party(
                start=line_start,
                end=line_start + len(line),
                quote=line,
                confidence=0.85,
                extractor=EXTRACTOR,
                name=name,
                title=title,
                address=address,
                cc=cc,
            )
            parties.append(cur)
            state = "address" if address else "title"
        elif cur is not None and state == "title" and not _ADDRESS.search(line) and len(line) < 100:
            cur.title = f"{cur.title}, {line}" if cur.title else line
            cur.end = line_start + len(line)
            cur.quote = text[cur.start : cur.end]
        elif cur is not None:
            state = "address"
            cur.address.append(line)
    return parties


_SALUTE_WORDS = re.compile(r"^(?:Dear|My\s+dear|To)\s+(?:the\s+)?")


def _saluted(text: str, sal: re.Match[str]) -> list[Party]:
    """The addressee a salutation names when no block above it does ("Dear President Xi Jinping,")."""
    a, b = sal.span("sal")
    words = _SALUTE_WORDS.match(text, a, b)
    start = words.end() if words else a
    found = people.split_title_name(text[start:b])
    if not found:
        return []
    return [Party(start=start, end=b, quote=text[start:b], confidence=0.7, extractor=EXTRACTOR,
                  name=found[0], title=found[1])]  # fmt: skip


# The last line of a letter's prose: signers without a closing formula stand below it.
_PROSE_END = re.compile(r"[.!?][”\"’')]*[ \t]*$", re.M)


def _tail_signers(text: str, body_start: int) -> list[Party]:
    """Signers of a letter that has no closing: a name alone on a line after the last paragraph,
    with its organisation on the line below."""
    ends = list(_PROSE_END.finditer(text, max(body_start, len(text) - 3000)))
    if not ends:
        return []
    start = ends[-1].end()
    lines = [ln.group().strip() for ln in _LINE.finditer(text, start) if ln.group().strip()]
    if not lines or len(lines) > 8 or not people.is_name(lines[0]):
        return []
    return _untitled_signers(text, start, len(text))


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
    out = []
    for a, b in reversed(spans):
        m = _LISTED_ORG.match(text[a:b].strip())
        if not m or len(m.group("name")) > 100 or _NOT_SENDER_LINE.search(m.group("name")):
            return []
        name = m.group("name").strip()
        start = text.find(name, a, b)
        if people.is_name(name):
            out.append(_party(text, start, start + len(name), people.clean_name(name), None))
        elif _ORG_NAME.fullmatch(name) and (m.group("acr") or _ORG_WORDS.search(name)):
            out.append(_party(text, start, start + len(name), name, None, confidence=0.6))
        else:
            return []
    return out


def _person_line(line: str) -> tuple[str, str | None, list[str]] | None:
    """A line that starts an addressee: a name, a title and name, or all of a block on one line."""
    if _ADDRESS.search(line) and not _HONORIFIC_START.match(line):
        return None
    m = _ONE_LINE_BLOCK.match(line)
    if m and people.is_name(m.group("name")):
        addr = [m.group("addr").strip()] if m.group("addr") else []
        return people.clean_name(m.group("name")), m.group("title").strip(" ,"), addr
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
        _party(text, m.start("title"), m.end("name"), people.clean_name(m.group("name")), m.group("title"))
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
        out.append(_party(text, s0, s1, people.clean_name(text[s0:s1]), title, confidence=0.7))
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
        if not people.is_name(line):
            continue
        # Only the line right above a title is its name; names above it stand alone.
        last = i == len(lines) - 1
        out.append(_party(text, a, b, people.clean_name(line), title if last else None))
    return out


def _untitled_signers(text: str, start: int, end: int) -> list[Party]:
    """A signature block without titles: names or (joint letters) organisations, one a line."""
    out = []
    for m in _LINE.finditer(text[start:end]):
        a, b = start + m.start(), start + m.end()
        line = text[a:b].strip()
        if not line:
            continue
        a = text.index(line, a)
        b = a + len(line)
        if people.is_name(line):
            out.append(_party(text, a, b, people.clean_name(line), None))
        elif _ORG_WORDS.search(line) and len(line.split()) <= 10 and not _DIGIT_OR_END.search(line):
            if out and out[-1].title is None and people.is_name(out[-1].quote):
                # "Jane Doe" / "North Korea Freedom Coalition": the signer's organisation.
                out[-1].title = line.strip(" ,")
                continue
            out.append(_party(text, a, b, line.strip(" ,"), None, confidence=0.6))
        elif out and len(line.split()) > 12:
            break
    return out


def _party(text: str, a: int, b: int, name: str, title: str | None, confidence: float = 0.85) -> Party:
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
    for s, e in _having(text, sentences, ("wrote", "letter")):
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


def _commitments(ctx: Context, sentences: list[tuple[int, int]], recipient: str | None) -> list[Commitment]:
    text = ctx.text
    out = []
    for s, e in _having(text, sentences, ("commit", "pledg", "promis", "vow", "agree")):
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
    for s, e in _having(text, sentences, _OUTCOME_WORDS):
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


# ------------------------------------------------------------------ a letter told of by others


def _reported_letter(ctx: Context) -> Letter | None:
    text = ctx.text
    sentences = ctx.sentence_bounds()
    for k, (s, e) in enumerate(sentences):
        if "letter" not in text[s:e].lower() and "wrote" not in text[s:e] and "written" not in text[s:e]:
            continue
        verb = _LETTER_VERB.search(text, s, e)
        if not verb:
            continue
        subject, subject_end = _subject_start(text, s, verb.start()), verb.start()
        if verb.group("rel"):
            subject, subject_end = verb.span("rel")
        group = bool(_GROUP_SUBJECT.search(text[subject:subject_end]))
        senders = (
            _reported_senders(text, subject, subject_end)
            or _untitled_members(text, subject, subject_end)
            or _appositive_subject(text, subject, subject_end)
            or _surname_subject(text, subject, subject_end)
            or _said_he(text, subject, subject_end)
            or _acronym_subject(text, subject, subject_end)
            or _included(text, subject, subject_end)
            or (_previous_members(text, sentences, k) if group else [])
            or _reported_organisations(text, subject, subject_end)
        )
        signers = _signed_by(text, sentences)
        if signers and not any(p.chamber for p in senders):
            senders = signers
        recipients, rest = _reported_recipients(text, verb.end(), e)
        sep_text = text[verb.end() : rest] if rest is not None else ""
        # Senders named nowhere ("eight senators signed the letter addressed to …"): the letter is
        # told of all the same when its addressee is named.
        # "On June 17, we sent a letter to President X, asking him to …": writers left unnamed,
        # the letter is told of by its named addressee and what it asks.
        pronoun = bool(_WE_THEY.search(text[subject:subject_end]))
        if not senders and not ((group or (pronoun and rest is not None)) and recipients):
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
        quoted = asks_in(text, others, recipient, confidence=0.75)
        if quoted:
            letter.asks = quoted
        elif rest is not None:
            pron = _PRONOUN_TO.match(text, rest, e)
            urged = None if pron else _urged_person(text, rest, e)
            if pron:
                rest = pron.end()
            elif urged is not None:
                person, rest = urged
                if not letter.recipients:
                    letter.recipients = [person]
                    recipient = person.name
            # After no addressee, only an urging ("urging Beijing to …") tells what the letter asks;
            # "… a letter calling for a meeting … to discuss ways to prevent …" does not.
            if letter.recipients or pron or urged is not None or _URGING_SEP.match(sep_text):
                letter.asks = [make_ask(text, a, b, recipient, 0.65) for a, b in split_asks(text, rest, e)]
        letter.asks = dedupe([*letter.asks, *_told_asks(text, others, letter.recipients, letter.senders)])
        letter.senders.extend(_quoted_writers(text, others, letter.senders))
        letter.commitments = _commitments(ctx, sentences, recipient)
        letter.outcomes = []
        return letter
    return _signed_letter(ctx, sentences) or _appealing_letter(ctx, sentences)


# "CSW's Chief Executive Jane Doe writes: “…”", "Doe wrote in the letter": who wrote the letter's words.
_WRITES = re.compile(
    rf"(?<![\w-])(?P<name>{people.NAME}|(?-i:[A-Z])[\p{{Ll}}'’-]+)\s+(?:writes|wrote)\s*(?::|in\s+the\s+letter\b)"
)


def _quoted_writers(text: str, sentences: list[tuple[int, int]], senders: list[Party]) -> list[Party]:
    known = {p.name.split()[-1] for p in senders}
    out: list[Party] = []
    for s, e in _having(text, sentences, ("writes", "wrote")):
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
            out.append(_party(text, *m.span("name"), found[0], found[1]))
    return out


def _signed_letter(ctx: Context, sentences: list[tuple[int, int]]) -> Letter | None:
    """A letter told of by who signed it ("The letter was signed by …") and what it asks ("The
    letter calls upon China to …"), where no sentence says who sent it to whom."""
    text = ctx.text
    signers = _signed_by(text, sentences)
    if not signers:
        return None
    recipients: list[Party] = []
    for s, e in _having(text, sentences, ("sent", "addressed", "delivered")):
        m = _SENT_TO.search(text, s, e)
        if m:
            recipients = _reported_recipients(text, m.end(), e)[0]
            break
    letter = Letter(start=signers[0].start, end=signers[-1].end, quote=text[signers[0].start : signers[-1].end],
                    confidence=0.6, extractor=EXTRACTOR, reported=True, senders=signers)  # fmt: skip
    letter.asks = dedupe(_told_asks(text, sentences, recipients))
    letter.recipients = recipients
    return letter


# "A letter appealing to President X to free them was delivered …", "… where a letter was
# delivered urging President X to …": a letter told of by whom it asks and what, its writers
# unnamed or named apart ("Y joined the letter").
_LETTER_APPEALING = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:open\s+|joint\s+)?letter\s+(?:(?:was|were|has\s+been|had\s+been)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:appealing\s+(?:to\s+)?|urging\s+|asking\s+|calling\s+(?:on|upon)\s+)"
    r"(?P<who>[A-Z][^,;]{2,100}?)\s+to\s+(?=\w)"
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
    for s, e in _having(text, sentences, ("letter",)):
        m = _LETTER_APPEALING.search(text, s, e)
        if not m:
            continue
        recipients = _addressees(text, *m.span("who"))
        if len(recipients) != 1:
            continue
        end = _DELIVERED.search(text, m.end(), e)
        target = recipients[0].name
        letter = Letter(start=s, end=e, quote=text[s:e], confidence=0.6, extractor=EXTRACTOR, reported=True,
                        recipients=recipients)  # fmt: skip
        letter.asks = [
            make_ask(text, a, b, target, 0.6) for a, b in split_asks(text, m.end(), end.start() if end else e)
        ]
        for js, je in _having(
            text, sentences, ("joined the letter", "signed the letter", "endorsed the letter")
        ):
            j = _JOINED.search(text, js, je)
            if j is None:
                continue
            name = j.group("who").strip()
            if people.is_name(name):
                letter.senders.append(_party(text, *j.span("who"), people.clean_name(name), None))
            elif _ORG_WORDS.search(name) and _ORG_NAME.fullmatch(name):
                letter.senders.append(_party(text, *j.span("who"), name, None, confidence=0.6))
        return letter
    return None


# A reported letter: "… sent a letter to urge …", "… submitted a letter to …", "… delivered letters
# to …", "… wrote to Secretary …", "… in an open letter sent to …".
_LETTER_VERB = re.compile(
    # "… disclosed a letter that the Working Group and two experts sent to …": the writers are the
    # relative clause's subject, not who made the letter public.
    r"\b(?:disclosed|released|published|obtained|revealed|made\s+public)\s+(?:a|the)\s+letters?\s+(?:that\s+)?"
    r"(?P<rel>(?:the\s+)?(?-i:[A-Z])(?:[^,;.]|(?<=\b[A-Z])\.){2,160}?)\s+(?:had\s+)?sent\s+to\b"
    r"|\b(?:sent(?:\s+out)?|send|sends|wrote|write|writes|led|leads|signed|signs|penned|authored|delivered|"
    r"issued|released|submitted|submits|addressed|dispatched)\s+"
    r"(?:(?:a|an|the|this|their|its|his|her)\s+)?(?:[\w-]+\s+){0,3}?letters?\b(?:\s+(?:addressed\s+|sent\s+)?to\b)?"
    # "wrote to" without a letter: only to an addressee ("wrote to Secretary …", "has written to MPs"),
    # not "has written to great effect".
    r"|\bwr(?:ote|itten)\s+to\b(?=\s+(?:(?-i:[A-Z])|the\s|(?:MPs|lawmakers|legislators|members|officials|"
    r"ministers|councillors|parliamentarians|senators|governments)\b))|\bin\s+(?:a|an|the|their|its)\s+(?:[\w-]+\s+){0,2}?letter\s+(?:(?:sent|addressed)\s+)?to\b"
    # "… disclosed the letter they sent to …": the subject made the letter public and wrote it.
    r"|\b(?:disclosed|unveiled|published|made\s+public)\s+(?:the|a|their|its|his|her)\s+letters?\s+(?:that\s+)?"
    r"(?:they|he|she)\s+(?:had\s+)?sent\s+to\b",
    re.I,
)
# The subject of the letter's verb starts after an opening clause ("As X prepares to …, the NKFC …").
_OPENING_CLAUSE = re.compile(r"^(?:As|While|When|Ahead\s+of|Before|On|In)\b[^,]{0,200},\s*")
# A subject that stands for people named before: "This bipartisan group of Senators and Members of
# Congress", "The lawmakers", "They", "A total of eight senators and representatives".
_WE_THEY = re.compile(r"(?:^|,\s*|\s)(?:we|We|they|They)(?:\s+(?:also|then|have|had|recently))*\s*$")
_GROUP_SUBJECT = re.compile(
    r"\b(?:group|lawmakers|legislators|members|senators|representatives|congressmen|congresswomen|"
    r"organi[sz]ations|groups|coalition|They)\b"
    r"|^(?:The|the)\s+(?:chairman|chairwoman|chair|congressman|congresswoman|senator|lawmaker|representative)\b"
)


def _subject_start(text: str, start: int, end: int) -> int:
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
        out.append(_party(text, a, b, name, _title_elsewhere(text, name)))
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


def _appositive_subject(text: str, start: int, end: int) -> list[Party]:
    spans = _name_list(text, start, end)
    if not spans:
        return []
    m = _APPOSITIVE_REST.match(text, spans[-1][1], end)
    if not m:
        return []
    what = _LEADING_THE.sub("", " ".join(m.group("what").split())) if m.group("what") else None
    return [_party(text, a, b, people.clean_name(text[a:b]), what) for a, b in spans]


_SURNAME_SUBJECT = re.compile(r"(?P<surname>[A-Z][\p{Ll}'’-]+)(?:,[^,]{1,60},)?\s*$")


def _surname_subject(text: str, start: int, end: int) -> list[Party]:
    """ "Steel, born in Seoul, submitted a letter": the member named in full earlier in the text."""
    m = _SURNAME_SUBJECT.match(text, start, end)
    if not m or m.start() != start:
        return []
    found = _full_name(text, m.group("surname"), start)
    if found is None:
        return []
    name, title = found
    return [_party(text, m.start("surname"), m.end("surname"), name, title)]


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
    return [_party(text, m.start("surname"), m.end("surname"), found[0], found[1])]


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
    return [_party(text, m.start("acr"), m.end("acr"), name, None, confidence=0.6)]


_TOKENS_BEFORE = re.compile(rf"(?<![\w-])(?:{people._NAME_TOKEN}[ \t]+){{1,3}}$")
_TOKEN_AFTER = re.compile(rf"[ \t]+{people._NAME_TOKEN}(?![\w-])")


def _full_name(text: str, surname: str, before: int) -> tuple[str, str | None] | None:
    """The full name, and title, of the person the text named earlier with this surname: "Nancy
    Pelosi" for "Pelosi", "Hu Jintao" for "Hu" (a Chinese name gives the family name first). A
    mention after a title ("Speaker of the House Nancy Pelosi") is preferred to one in a headline."""
    fallback = None
    # Each mention of the surname is found as a plain substring and the name tokens around it
    # with compiled patterns: a pattern built around each surname would be compiled per name.
    for i in _mentions(text, surname, before):
        found = []
        run = _TOKENS_BEFORE.search(text, max(0, i - 80), i)
        if run:
            tokens = [*text[run.start() : i].split(), surname]
            # The longest run of name tokens that holds the surname and is a name ("Tomas Ojea
            # Quintana", not "Ojea Quintana"), a title word before the name left out ("Speaker Nancy
            # Pelosi").
            runs = [tokens[-k:] for k in range(len(tokens), 1, -1)]
            cand = next(
                (
                    " ".join(r)
                    for r in runs
                    if people.is_name(" ".join(r)) and not people.TITLE_START_RE.match(r[0])
                ),
                None,
            )
            if cand is not None:
                found.append((cand, i + len(surname) - len(cand)))
        after = _TOKEN_AFTER.match(text, i + len(surname), before)
        if after:
            cand = text[i : after.end()]
            if people.is_name(cand):
                found.append((" ".join(cand.split()), i))
        for cand, start in found:
            titled = _TITLE_BEFORE.search(text, max(0, start - 80), start)
            if titled:
                title = " ".join(titled.group("title").split())
                return people.clean_name(cand), _SINGULAR.get(title.lower(), title)
            fallback = fallback or (people.clean_name(cand), None)
    return fallback


def _mentions(text: str, word: str, before: int) -> list[int]:
    """Where `word` stands as a whole word in text[:before]."""
    out = []
    i = text.find(word, 0, before)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "-")) and (
            j >= len(text) or not (text[j].isalnum() or text[j] == "-")
        ):
            out.append(i)
        i = text.find(word, j, before)
    return out


_TITLE_BEFORE = re.compile(
    rf"(?<![\w-])(?P<title>{_MEMBER_TITLES}|{people._TITLE_START}(?:\s+(?:of|for|the|on|to|[A-Z][\w.'’-]*))*)\s+$"
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


def _previous_members(text: str, sentences: list[tuple[int, int]], k: int) -> list[Party]:
    """The members listed in the sentence before one whose subject stands for them."""
    if k == 0:
        return []
    s, e = sentences[k - 1]
    return _reported_senders(text, s, e)


# "… a letter signed by Jane Doe (…), together with John Roe, and Ann Lee, director …".
_SIGNED_BY = re.compile(
    r"\bletters?\s+(?:was\s+|were\s+|is\s+|are\s+)?(?:also\s+)?(?:signed|co-?signed|endorsed)\s+(?:jointly\s+)?by\s+",
    re.I,
)
# "The letter has been sent to Jane Doe …": the addressee of a letter told of by its signers.
_SENT_TO = re.compile(
    r"\bletters?\s+(?:has\s+been|have\s+been|had\s+been|was|were|is|are)\s+(?:sent|addressed|delivered)\s+to\s+",
    re.I,
)
_PAREN = re.compile(r"\([^()]*\)")
_HONORIFIC_AT = re.compile(rf"{people.HONORIFIC}\s+")
_CLAUSE_END = re.compile(r"[;]|\s(?:that|which|who)\s")


def _signed_by(text: str, sentences: list[tuple[int, int]]) -> list[Party]:
    for s, e in _having(text, sentences, ("signed", "endorsed")):
        m = _SIGNED_BY.search(text, s, e)
        if not m:
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
            honor = _HONORIFIC_AT.match(cand)
            if people.is_name(cand) or (honor and people.is_name(cand[honor.end() :])):
                spans.append((m.end() + n.start() + (honor.end() if honor else 0), m.end() + n.end()))
        if spans:
            titles = _signer_titles(text, m.end(), end, spans)
            return [
                _party(text, a, b, people.clean_name(text[a:b]), t, confidence=0.7)
                for (a, b), t in zip(spans, titles, strict=True)
            ]
    return []


# Where the words before a signer's name begin: after a comma, "and", "with".
_LAST_PART = re.compile(r",|\band\b|\bwith\b|\bas\s+well\s+as\b")
_ONLY_AND = re.compile(r"^\s+and\s+$")
_PAREN_AFTER = re.compile(r"\s*\((?P<t>[^()]{2,150})\)")
_COMMA_TITLE = re.compile(
    r",(?!\s*(?:and|together|as|with)\b)\s*(?P<t>[^\s,;.()][^,;.()]{1,79}?)\s*(?=[,;.]|$)"
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
        before = _LAST_PART.split(gap)[-1].strip()
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
        pos = start + t.end()
        while pos < end:
            m = _REPORTED_NAME.match(text, pos, end)
            if not m or not people.is_name(m.group("name")):
                break
            full = title + (f" ({m.group('district')})" if m.group("district") else "")
            out.append(_party(text, start + t.start(), m.end(), people.clean_name(m.group("name")), full))
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


# "Seven experts, including the Special Rapporteur on X, Jane Doe, sent …", "groups, including the
# Refugee Rights Network (RRN), sent …": the writers the subject names among others.
_INCLUDING = re.compile(r"\bincluding\s+(?:the\s+)?")
_ACRONYM_PAREN = re.compile(r"\s*\([A-Z]{2,8}\)")
_PART_SEP = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")


def _included(text: str, start: int, end: int) -> list[Party]:
    m = _INCLUDING.search(text, start, end)
    if not m:
        return []
    a, b = m.end(), end
    while b > a and text[b - 1] in " ,":
        b -= 1
    segment = _ACRONYM_PAREN.sub("", text[a:b])
    # A title then a name, set off by a comma: one person, not an office and a second writer.
    found = people.split_title_name(segment)
    if found and found[1]:
        return [_party(text, a, b, found[0], found[1])]
    out = []
    for part in _PART_SEP.split(segment):
        part = part.strip()
        if people.is_name(part):
            out.append(_party(text, a, b, people.clean_name(part), None))
        elif _ORG_WORDS.search(part) and _ORG_NAME.fullmatch(part):
            out.append(_party(text, a, b, part, None, confidence=0.6))
        else:
            return []
    return out


# "… to President Xi Jinping on Monday urging …": the day is not part of the addressee.
_TRAILING_WHEN = re.compile(
    r"\s+(?:on\s+|last\s+|this\s+|earlier\s+this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"today|yesterday|week|month|(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b[\s\d,]*)\b[^,]*$"
)
_ORG_NAME = re.compile(
    r"(?<![\w-])(?:[Tt]he\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+(?:(?:for|of|in|on|the|de)\s+)*[A-Z][\w'’.-]*){1,8})"
)
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
    for m in _ORG_NAME.finditer(subject):
        name = m.group("name")
        if _AFFILIATION.search(subject, 0, m.start()):
            continue
        # "Christian Solidarity Worldwide (CSW)": a name spelled out before its acronym is an
        # organisation's, whatever its words.
        acronym = _ACRONYM_AFTER.match(subject, m.end())
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if (acronym and acronym.group("acr") == initials) or (
            _ORG_WORDS.search(name) and not people.is_name(name)
        ):
            a, b = start + m.start("name"), start + m.end("name")
            out.append(_party(text, a, b, name, None, confidence=0.6))
    return out


_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z]{2,8})\)")


# What ends the addressee after "sent a letter to …": the asks ("urging", "pressing them to"), or
# what the letter is about ("expressing concern", "highlighting …", "regarding …").
_RECIPIENT_AFTER_VERB = re.compile(
    r"\s*(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|"
    r"last\s+week|this\s+week)\s+)?(?:(?:via|by)\s+[\w ]{1,40}?\s+to\s+)?(?:to\s+)?"
    r"(?:(?:to\s+)?(?:urge|urging|ask|asking|call\s+on|calling\s+on|press|pressing)\s+)?"
    r"(?P<np>(?:[^;.]|(?<=\b(?:[A-Z]|Dr|Mr|Mrs|Ms|Sen|Rep|St|U\.S|U\.N))\.)+?)"
    rf"(?:(?P<sep>,?\s+(?:to\s+(?={_VERB}\b)|urging\s+|asking\s+|calling\s+on\s+|and\s+urged\s+|requesting\s+|"
    r"demanding\s+|"
    r"that\s+|(?:pressing|urging|asking)\s+(?:him|her|them)\s+to\s+|appealing\s+to\s+))"
    r"|(?P<about>,?\s+(?:expressing|highlighting|raising|voicing|regarding|concerning|about|on\s+the|"
    r"on\s+behalf\s+of|following|after|ahead\s+of)\b|,|"
    r"\s+a\s+few\b|$))",
)


def _reported_recipients(text: str, start: int, end: int) -> tuple[list[Party], int | None]:
    """The addressees after "sent a letter to (urge)" and where the asks begin after them."""
    m = _RECIPIENT_AFTER_VERB.match(text, start, end)
    if not m:
        b = _PHRASE_END.search(text, start, end).start()
        when = _TRAILING_WHEN.search(text, start, b)
        return _addressees(text, start, when.start() if when else b), None
    a, b = m.span("np")
    when = _TRAILING_WHEN.search(text, a, b)
    b = when.start() if when else b
    rest = m.end("sep") if m.group("sep") else None
    return _addressees(text, a, b), rest


_URGING_SEP = re.compile(r".*(?:urging|asking|calling\s+on|appealing\s+to|requesting|demanding)\s+$", re.S)
# "urging him not to return them": the negation stays with the ask.
_PRONOUN_TO = re.compile(r"(?:him|her|them)\s+(?:to\s+|(?=not\s+to\s))")
_PHRASE_END = re.compile(r"[,;]|(?<!\b(?:[A-Z]|Dr|Mr|Mrs|Ms|Sen|Rep|St|U\.S|U\.N))\.|$")
_AND = re.compile(r"\s+and\s+")


def _addressees(text: str, a: int, b: int) -> list[Party]:
    """People named in "High Commissioner A and High Commissioner for Refugees B", each with a title."""
    while b > a and text[b - 1] in " ,":
        b -= 1
    parts = []
    cur = a
    for m in _AND.finditer(text, a, b):
        if people.split_title_name(text[cur : m.start()]):
            parts.append((cur, m.start()))
            cur = m.end()
    parts.append((cur, b))
    out = []
    for x, y in parts:
        phrase = text[x:y]
        found = people.split_title_name(phrase)
        if not found:
            single = _TITLE_SURNAME.fullmatch(" ".join(phrase.split()))
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


_WHO_TO = re.compile(r"(?P<who>[^,;]{1,80}?)\s+(?:to\s+(?=\w)|(?=not\s+to\s))")
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
    r"\b(?:urges?|urged|urging|asks?|asked|asking|calls?\s+(?:on|upon)|called\s+(?:on|upon)|calling\s+(?:on|upon)|"
    r"press(?:es|ed|ing)?|appeal(?:s|ed|ing)?\s+to|appeal\s+for|plead(?:s|ed|ing)?\s+with|request(?:s|ed|ing)?|"
    r"encourag(?:es|ed|ing))\s+"
    r"(?P<who>[A-Z](?:[^,;.]|(?<=\b[A-Z])\.){0,160}?)\s+(?P<neg>not\s+)?to\s+(?=\w)"
    # "requested that Speaker Nancy Pelosi urge China to …"
    rf"|\brequest(?:s|ed)?\s+that\s+(?P<who>[A-Z](?:[^,;.]|(?<=\b[A-Z])\.){{0,160}}?)\s+(?={_VERB}\b)"
)
_LETTER_SUBJECT = re.compile(
    r"\b(?:the|this|that|its|their|his|her|[A-Z][\w-]*['’]s)\s+letter\s+(?:also\s+)?$"
    r"|^In\s+(?:the|this|that|its|their|his|her)\s+letter,",
    re.I,
)
_IT = re.compile(r"^It\s+(?:also\s+)?$")


def _before(sentences: list[tuple[int, int]], start: int, n: int = 1) -> int:
    """Where the n-th sentence before the one at `start` begins (the text's start if none)."""
    starts = sorted(a for a, b in sentences if b <= start)
    return starts[-n] if len(starts) >= n else 0


_WRITERS_SUBJECT = re.compile(
    r"^(?:They|(?:The|the)\s+(?:lawmakers|legislators|members|senators|representatives|signatories|co-chairs|"
    r"groups|organi[sz]ations|writers|experts|rapporteurs|two|three|four|five))\s+(?:also\s+|further\s+)?"
    r"(?:made\s+an\s+)?$"
)


def _told_asks(
    text: str, sentences: list[tuple[int, int]], recipients: list[Party], senders: list[Party] = ()
) -> list[Ask]:
    # A recipient is named in full or by one name: "Rice", "Hu" (of Hu Jintao).
    names = {w for p in recipients for w in (p.name, p.name.split()[-1], p.name.split()[0])}
    writers = {p.name.split()[-1] for p in senders if people.is_name(p.name)}
    out = []
    last = -1  # the end of the last sentence whose asks were the letter's
    for s, e in _having(
        text, sentences, ("urg", "ask", "call", "press", "appeal", "plead", "request", "encourag")
    ):
        for m in _TOLD_ASK.finditer(text, s, e):
            who = m.group("who")
            # "The letter calls upon China to …"; "It called upon China to …" right after it.
            by_letter = (
                _LETTER_SUBJECT.search(text[s : m.start()])
                or (_IT.match(text[s : m.start()]) and not text[last:s].strip())
                # "The lawmakers urged China to …" right after a sentence about their letter.
                or (
                    _WRITERS_SUBJECT.match(text[s : m.start()])
                    and ("letter" in text[_before(sentences, s, 2) : s].lower() or not text[last:s].strip())
                )
                # "The special rapporteur, Tomas Ruiz, is urging China not to …": the writer himself.
                or (
                    len(text[s : m.start()].split()) <= 25
                    and any(_mentions(text[s : m.start()], w, m.start() - s) for w in writers)
                )
            )
            if by_letter:
                last = e
            if not by_letter and who not in names and not any(who.endswith(" " + n) for n in names):
                continue
            if by_letter and not recipients:
                # "In the letter, they asked High Commissioner A and B to …": the addressees.
                recipients.extend(_addressees(text, m.start("who"), m.end("who")))
            target = recipients[0].name if recipients and not by_letter else who
            # "urged China not to return them": the negation is the ask's.
            begin = m.start("neg") if m.group("neg") else m.end()
            out.extend(make_ask(text, a, b, target, 0.65) for a, b in split_asks(text, begin, e))
        # "It called for new legislation …; and for a moratorium …": what the letter calls for,
        # each thing after "for" one ask.
        for m in _CALLED_FOR.finditer(text, s, e):
            told = _LETTER_SUBJECT.search(text[s : m.start()]) or (
                _IT.match(text[s : m.start()]) and not text[last:s].strip()
            )
            if not told:
                continue
            last = e
            target = recipients[0].name if recipients else None
            pos = m.end()
            for sep in [*_FOR_SEP.finditer(text, m.end(), e), None]:
                a, b = pos, sep.start() if sep else e
                while b > a and text[b - 1] in " .;,":
                    b -= 1
                if len(text[a:b].split()) >= 2:
                    out.append(make_ask(text, a, b, target, 0.6))
                pos = sep.end() if sep else e
    return out


_CALLED_FOR = re.compile(r"\b(?:calls|called|calling)\s+for\s+", re.I)
_FOR_SEP = re.compile(r"\s*[;,]?\s+and\s+for\s+|\s*;\s*for\s+")
