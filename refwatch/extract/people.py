"""Names and titles of the people who write and receive letters.

Letters name people in a few fixed shapes: a name then its title ("James R. Walkinshaw Member
of Congress"), a title then the name ("President Donald J. Trump", "U.S. Ambassador to the PRC,
David Perdue"), a press release's "Senator Tim Kaine (D-VA)". A blank pipeline has no NER, and
a trained one mistakes titles for names in exactly these places, so the shapes are read here
with patterns over a lexicon of titles, checked by what a person's name can look like.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from refwatch.extract.lexicon import alternation, section, states, words, world_states
from refwatch.extract.model import Chamber

# The particles before a surname: "Ursula von der Leyen", "Vincent van Gogh", "Mohammed bin Salman".
PARTICLES = ("van", "von", "de", "der", "den", "del", "da", "du", "la", "le", "bin")
_PARTICLE = alternation(PARTICLES)
# A surname's particles, as a salutation or a sentence's start may capitalise them ("President Von
# der Leyen"): up to two ("van der", "de la").
SURNAME_PARTICLES = rf"(?:(?:{alternation([*PARTICLES, *(p.capitalize() for p in PARTICLES)])})\s+){{0,2}}"

# A token of a person's name: "James", "McGovern", "O'Rourke", "Bera", "R.", "Van", "Xiaohong"; a
# letter lost to a wrong encoding ("Salm?n", "Salm\ufffdn") between two letters is still the name.
# "O'Donoghue", "D’Souza": a capital and an apostrophe before the capital of the rest. "Đài",
# "Łukasz", "Öcalan": a capital of any alphabet.
# "al-Sisi", "el-Fattah", "bin-Salman": an Arabic article or kinship word joined to the capital.
_WORD_TOKEN = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|bin|ibn|abu|bint)-(?=\p{Lu})|[A-Z]['’](?=[A-Z]))?\p{Lu}[\p{Ll}'’\-]*[\p{Ll}](?:[\p{L}'’\-]|[?\ufffd](?=\p{Ll}))*"
_NAME_TOKEN = (
    rf"(?:[A-Z][a-z]?\.|{_WORD_TOKEN}"
    # A particle in lower case is a token only before the rest of a surname ("von der Leyen");
    # capitalised, it is a token like any other.
    # ("der" ending "leader" is no particle: a whole word only.)
    rf"|(?<![\p{{L}}'’-])(?:{_PARTICLE})(?=\s+(?:(?:{_PARTICLE})\s+)?[A-Z]))"
)
# Generational suffixes of a name ("Bill Pascrell, Jr.", "Joseph P. Kennedy III").
GENERATIONAL = r"(?:Jr\.?|Sr\.?|II|III|IV)"
SUFFIX = rf"(?:,?\s+{GENERATIONAL}|,\s*(?:M\.D\.|Ph\.D\.|J\.D\.|Esq\.|MD|PhD))"
# British style: "The Rt Hon Jane Doe MP", "The Right Honourable …".
HONORIFIC = f"(?:{alternation(words('letters.honorifics'))})"
# Letters after a British name ("… MP"): they say what the person is, not who, and are dropped.
# "The Right Honourable Stephen Harper, P.C., M.P.": one or more, after a space or a comma.
POSTNOMINAL = rf"(?:(?:,?[ \t]+(?:{alternation(words('letters.postnominals'))})(?!\w))+)"
# A middle initial may lack its full stop ("James P McGovern"), between two tokens of the name.
_MIDDLE_INITIAL = r"[A-Z](?=[ \t]+[A-Z]\p{Ll})"
# An initial without its stop may open a name too, as Indian names are written ("S Jaishankar"),
# unless it is a pronoun or an article ("I Urge", "A Call").
NAME = rf"(?:(?:{_NAME_TOKEN}|(?![AI]\s){_MIDDLE_INITIAL})(?:[ \t]+(?:{_NAME_TOKEN}|{_MIDDLE_INITIAL})){{1,4}}(?:{SUFFIX})*)"
NAME_RE = re.compile(rf"^(?:{HONORIFIC}\s+){{0,2}}(?P<name>{NAME}){POSTNOMINAL}?$")

# Words that are never part of a person's name in these documents: they belong to titles,
# places and organisations ("Secretary of State Antony Blinken" → "State" is not the name);
# the words that make an organisation's name among them ("National Assembly" is no one).
HEADLINE_VERBS = frozenset(words("letters.headline_verbs"))
NOT_NAME = (
    frozenset(words("letters.not_name"))
    | {
        w.lower()
        for w in set(words("letters.organisation_words")) - set(words("letters.organisation_surnames"))
    }
    # "Seven North / Korean defectors": a count is no one's name.
    | {w.lower() for w in section("quantities.number_words")}
    # Nor is an office's word ("Chairperson Song Doo-hwan").
    | {w.lower() for w in words("letters.offices.heads") if " " not in w}
    | HEADLINE_VERBS
)
NOT_NAME_ACRONYMS = frozenset(words("letters.not_name_acronyms"))


def _member_titles() -> list[str]:
    """The titles of members of every legislature in the lexicon, without the words that are part of
    how a person is named ("Lord", "Baroness") or follow the name ("MP")."""
    naming = set(words("letters.peerage", "letters.postnominals"))
    out: list[str] = []
    for body in section("letters.legislatures").values():
        out += [t for k, v in body.items() if k != "letterheads" for t in v if t not in naming]
    return list(dict.fromkeys(out))


# Titles of signers: members of a legislature and the roles they hold beside it.
SIGNER_TITLES = [*_member_titles(), *words("letters.roles")]
SIGNER_TITLE = alternation(SIGNER_TITLES)

# Words that begin an addressee's title ("Secretary of State", "U.S. Ambassador to …").
_TITLE_START = rf"(?:(?:{alternation(words('letters.offices.modifiers'))})\s+)*(?:{alternation(words('letters.offices.heads'))})\b"
TITLE_START_RE = re.compile(_TITLE_START)


@dataclass
class Person:
    name: str
    title: str | None
    start: int  # offsets of the whole mention (name and title) in the text searched
    end: int


_SEN = re.compile(r"sens?\.")
_REP = re.compile(r"reps?\.")
_LEADING_HONORIFIC = re.compile(rf"^(?:the\s+)?(?:{HONORIFIC}\s+){{1,2}}", re.I)
_LEADING_THE = re.compile(r"^(?:the\s+)", re.I)


def chamber_of(title: str | None) -> Chamber | None:
    """The chamber of Congress a signer's title names (as the House and Senate style them)."""
    t = (title or "").lower()
    if "senator" in t or _SEN.match(t):
        return "senate"
    if _REP.match(t):
        return "house"
    if any(
        w in t for w in ("member of congress", "representative", "congressman", "congresswoman", "delegate")
    ):
        return "house"
    if "resident commissioner" in t:
        return "house"
    return None


_SUFFIX_END = re.compile(SUFFIX + "$")
_HONORIFIC_START = re.compile(rf"^(?:{HONORIFIC}\s+){{1,2}}")


def is_name(text: str) -> bool:
    """Whether `text` can be a person's name (2 to 5 name tokens, none of them a title or place word)."""
    m = NAME_RE.match(text.strip())
    if not m:
        return False
    core = _SUFFIX_END.sub("", m.group("name"))
    tokens = core.split()
    # "China's Hu Jintao": a possessive belongs to what comes before the name.
    # "the Liberal Democrats": a party, though its words look like a name's.
    return (
        2 <= len(tokens) <= 5
        and not _PARTY_END.search(core)
        and not any(
            t.lower().strip(",.") in NOT_NAME
            or (t.strip(",.").upper() in NOT_NAME_ACRONYMS and not t.istitle())
            for t in tokens
        )
        and not any(t.endswith(("'s", "’s")) for t in tokens)
        # "Saudi Arabia", "Sri Lanka", "Sinn Féin": a state, a place or a party, however name-like
        # its words.
        and " ".join(tokens).lower() not in _NO_ONE
    )


_POSTNOMINAL_END = re.compile(POSTNOMINAL + r"\s*$")
_PLACE_NAMES = frozenset(
    n.lower()
    for n in [
        *world_states(),
        *(a for s in states().values() for a in s.get("aliases", [])),
        *(a for p in section("places.places").values() for a in p["aliases"]),
        *words("letters.us_states"),
    ]
)


_NO_ONE = _PLACE_NAMES | {p.lower() for p in words("letters.parties")}


def is_place(text: str) -> bool:
    """Whether `text` names a state or place of the world's names and the gazetteer ("Saudi Arabia")."""
    return " ".join(text.split()).lower() in _PLACE_NAMES


_PARTY_END = re.compile(r"\b(?:Democrats|Republicans|Independents|Conservatives|Liberals|Greens|Party)$")


# "Wisconsin Democrats Russ Feingold", "Minnesota Republican Norm Coleman": the press's party and
# state before a legislator's name.
_PARTY_START = re.compile(r"^(?:[A-Z][a-z]+\s+){0,2}(?:Democrats?|Republicans?|Independents?)\s+(?=[A-Z])")


def clean_name(text: str) -> str:
    text = _PARTY_START.sub("", _HONORIFIC_START.sub("", text.strip()))
    text = _POSTNOMINAL_END.sub("", text)
    return " ".join(text.split()).strip(" ,;")


_TRAILING_NAME = re.compile(rf"(?:^|[\s,(])(?P<name>{NAME})\s*$")
_LEADING_NAME = re.compile(
    rf"^(?:{HONORIFIC}\s+)?(?P<name>{NAME})\s*(?:,\s*|\s+(?={_TITLE_START}))(?P<title>.+)$"
)


# "President Xi Jinping of the People's Republic of China": the title runs on after the name.
_TITLE_NAME_OF = re.compile(
    rf"^(?P<title>(?:(?:{alternation(words('letters.offices.modifiers'))})\s+)*(?:{alternation(words('letters.offices.heads'))}))"
    rf"\s+(?P<name>{NAME})\s+of\s+(?P<of>(?:the\s+)?[A-Z][^,;]*)$"
)

_TITLE_JOINS = {"of", "for", "on", "to"}
_INITIAL = re.compile(r"[A-Z]\.")


_OF_PLACE = re.compile(r"^(?P<title>[^,]+?\bof(?:\s+the)?)\s+(?P<rest>[A-Z][^,]+)$")


def split_title_name(phrase: str) -> tuple[str, str | None] | None:
    """A phrase naming one person with a title, in either order, as (name, title).

    "U.S. Ambassador to the PRC, David Perdue" → ("David Perdue", "U.S. Ambassador to the PRC");
    "President Donald J. Trump" → ("Donald J. Trump", "President");
    "David Perdue, United States Ambassador" → ("David Perdue", "United States Ambassador");
    "President Xi Jinping of China" → ("Xi Jinping", "President of China").
    None when no name of two or more tokens can be found.
    """
    phrase = " ".join(phrase.split()).strip(" ,;:.")
    phrase = _LEADING_HONORIFIC.sub("", phrase)
    tno = _TITLE_NAME_OF.match(phrase)
    if tno and is_name(tno.group("name")):
        return clean_name(tno.group("name")), f"{tno.group('title')} of {tno.group('of')}"
    tokens = phrase.split(" ")
    # "President of Mexico Andrés Manuel López Obrador": the state the office is of ends the title,
    # however many words the name after it has.
    of = _OF_PLACE.match(phrase)
    if of is not None:
        rest = of.group("rest").split(" ")
        for k in (1, 2, 3):
            if k < len(rest) and is_place(" ".join(rest[:k])) and is_name(" ".join(rest[k:])):
                return clean_name(" ".join(rest[k:])), f"{of.group('title')} {' '.join(rest[:k])}"
    m = _LEADING_NAME.match(phrase)
    # "Acting Justice Minister Lee Noh Kong" is a title then a name, though "Acting Justice" looks
    # like one: a phrase that ends in a name is read title first.
    if (
        m
        and is_name(m.group("name"))
        and TITLE_START_RE.search(m.group("title"))
        and ("," in phrase or not any(is_name(" ".join(tokens[-k:])) for k in (2, 3)))
    ):
        return clean_name(m.group("name")), m.group("title").strip(" ,")
    # The longest run of name tokens at the end that is a name; what comes before is the title.
    for k in range(min(5, len(tokens)), 1, -1):
        cand = " ".join(tokens[-k:])
        # "Minister of National Defense Kim Yung-ho": a title with an object ("of …") runs on in
        # capitalised words, so the name is the shortest one at the end ("J. Blinken" is not one).
        if (
            k > 2
            and any(t in _TITLE_JOINS for t in tokens[: len(tokens) - k])
            and not _INITIAL.fullmatch(tokens[-2])
        ):
            continue
        if is_name(cand):
            title = " ".join(tokens[:-k]).strip(" ,")
            title = _LEADING_THE.sub("", title)
            return clean_name(cand), title or None
    if is_name(phrase):
        return clean_name(phrase), None
    return None


# A name given as a courtesy title and surname, or a surname alone ("Mr Cho", "Cho", "Von der Leyen").
_SHORT_NAME = re.compile(
    rf"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+)?(?P<surname>{SURNAME_PARTICLES}[A-Z][\p{{L}}'’\-?\ufffd]+)$"
)


def full_name(text: str, name: str, before: int | None = None) -> str:
    """The fullest form of a short name that text[:before] gives elsewhere ("Mr Cho" after "Timothy
    Cho, an escapee", "Dear Premier Zhu" under "Zhu Rongji"): news names a person in full once,
    then by surname, and a salutation calls by surname one the address names in full. A name the
    text never gives in full stays as it is; so does one given in full for two people."""
    m = _SHORT_NAME.match(name)
    if m is None:
        return name
    named = [
        (n.name, n.family_first) for n in namings(text, m.group("surname"), before) if n.name is not None
    ]
    # These texts write most names given name first: "Lee" beside "Anna Lee" and "Lee Jae-myung" is
    # Anna Lee.
    fuller = {n for n, family_first in named if not family_first} or {n for n, _ in named}
    # "Tomas Ojea Quintana" and, after "Mr.", "Ojea Quintana" are one person.
    fuller = {n for n in fuller if not any(n != o and f" {n} " in f" {o} " for o in fuller)}
    return fuller.pop() if len(fuller) == 1 else name


@dataclass(frozen=True)
class Naming:
    """A place where the text names someone by a surname, and the fuller name it writes there."""

    at: int  # where the surname stands
    name: str | None  # "Nancy Pelosi", "Hu Jintao"; None where the surname stands alone
    start: int  # where that name starts (`at` where there is none)
    family_first: bool  # the name starts with the surname ("Hu Jintao")


def namings(text: str, surname: str, before: int | None = None) -> list[Naming]:
    """Every place text[:before] names someone by `surname` ("Pelosi", "Von der Leyen"), in order,
    each with the longest name written there that holds it: one that ends with it ("Nancy
    Pelosi", "Tomas Ojea Quintana"), else one that starts with it, family name first ("Hu Jintao",
    "Kim Jong Un"). What stands around the surname is a name only when each word of it can be a
    given name: "Speaker Nancy Pelosi" gives "Nancy Pelosi", "Dear Governor Okafor" nothing."""
    end = len(text) if before is None else before
    out = []
    for at in _surname_places(text, surname, end):
        written = text[at : at + len(surname)]
        before_words = _words_before(text, at)
        found = _longest_name(written, [w for _, w in before_words], family_first=False)
        if found is not None:
            out.append(Naming(at, found[0], before_words[-found[1]][0], family_first=False))
            continue
        found = _longest_name(written, _words_after(text, at, at + len(surname), end), family_first=True)
        out.append(Naming(at, found[0] if found else None, at, family_first=found is not None))
    return out


def _longest_name(surname: str, beside: list[str], family_first: bool) -> tuple[str, int] | None:
    """The longest name the surname makes with the words next to it (the last of `beside` when
    they stand before it, the first when after), and how many it took: none of them may be a
    title, a courtesy or a small word ("Governor", "Mr", "And")."""
    for k in range(len(beside), 0, -1):
        given = beside[:k] if family_first else beside[-k:]
        candidate = " ".join([surname, *given] if family_first else [*given, surname])
        if not any(w.strip(".").lower() in _NOT_GIVEN for w in given) and is_name(candidate):
            return clean_name(candidate), k
    return None


# The name tokens just before a surname (within what three of them take) and just after it.
_TOKENS_BEFORE = re.compile(rf"(?<![\w-])(?:{_NAME_TOKEN}[ \t]+){{1,3}}$")
# A family name first is followed by given names, never initials: "Kim Jong Il." ends a sentence.
_TOKENS_AFTER = re.compile(rf"(?:[ \t]+{_WORD_TOKEN}(?![\w-])){{1,2}}")
_WORD = re.compile(r"\S+")


def _words_before(text: str, at: int) -> list[tuple[int, str]]:
    """The name tokens right before text[at], with where each starts."""
    run = _TOKENS_BEFORE.search(text, max(0, at - 80), at)
    return [(w.start(), w.group()) for w in _WORD.finditer(text, run.start(), at)] if run else []


def _words_after(text: str, at: int, j: int, end: int) -> list[str]:
    """The name tokens right after a surname that stands at text[at:j], those before `end`: none in
    a headline, where every word is capitalised ("Bush Asked to Support …" names no "Bush Asked")."""
    after = _TOKENS_AFTER.match(text, j)
    if after is None or _in_headline(text, at, after.end()):
        return []
    return [w.group() for w in _WORD.finditer(text, j, after.end()) if w.end() <= end]


_LEADING_PARTICLE = re.compile(rf"(?:{_PARTICLE})\s", re.I)


def _surname_places(text: str, surname: str, before: int) -> list[int]:
    """Where `surname` stands as a whole word in text[:before]; a surname with particles in either
    case of its first letter ("Von der Leyen" in a salutation, "Ursula von der Leyen" above it)."""
    forms = {surname}
    if _LEADING_PARTICLE.match(surname):
        forms |= {surname[0].lower() + surname[1:], surname[0].upper() + surname[1:]}
    return sorted(i for form in forms for i in word_places(text, form, before))


def word_places(text: str, word: str, before: int) -> list[int]:
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


def _in_headline(text: str, i: int, j: int) -> bool:
    """Whether text[i:j] stands in a headline, before more of its words: a line in title case
    (three or more words of four letters or more, all capitalised) that goes on after it in the
    same clause ("Wei Asked to Free Jailed Fishermen"). A line that ends with the name, or with a
    comma after it, is an address ("President Yoon Suk-yeol", "Xi Jinping, President of …")."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    line = text[start : end if end >= 0 else len(text)]
    long_words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    if len(long_words) < 3 or not all(w[0].isupper() for w in long_words):
        return False
    rest = _CLAUSE.match(text, j)
    return rest is not None and any(len(w) >= 4 and w[0].isalpha() for w in rest.group().split())


_CLAUSE = re.compile(r"[^\n,;:(]*")


_SMALL_WORDS = frozenset(
    "and but or so as at by for from in of on to with when while after before since says said "
    "according also then meanwhile however yet".split()
)
# Words beside a surname that are titles, courtesies or small words, not given names ("Dear
# Governor Okafor", "Lord Alton", "And Timothy Cho" at a sentence's start).
_NOT_GIVEN = frozenset(
    {w.strip(".").lower() for p in words("letters") for w in str(p).split()}
    | {w.lower() for w in NOT_NAME | NOT_NAME_ACRONYMS}
    | {"dear", "mr", "mrs", "ms", "miss", "dr", "mx", "madam", "the"}
    | _SMALL_WORDS
)


# Words before a name that end in a preposition ("Senior Rabbi of" Masorti Judaism, "International
# Federation of" Red Cross): the capitalised words after them name what it is of, not a person.
TITLE_ENDS_OPEN = re.compile(r"\b(?:of|for|to|from|at|in|on)$", re.I)
# An organisation's name: with one of its words, longer than a person's ("Sarah Church") or with
# "of/for" ("Committee on Asian Affairs").
ORG_WORDS = re.compile(rf"\b(?:{alternation(words('letters.organisation_words'))})\b")


def is_organisation(name: str) -> bool:
    words = name.split()
    if "for" in words:
        return True  # "Justice for North Korea", "Christians for Social Responsibility": no person's name
    return bool(ORG_WORDS.search(name)) and (
        len(words) >= 3 or any(w in ("of", "for", "on", "the", "The") for w in words) or not is_name(name)
    )
