"""Who wrote a letter and to whom, learned: the names the rules left, weighed by models trained
on the gold.

The rules of letters.py and reported.py read signers and addressees in the shapes they were
written for; a story of a letter names them in more shapes than rules can list ("former presidents
A, B and C signed an open letter", "The signatories of the appeal include noted personalities such
as A, B ..."). Here every person's name in the text is a candidate, described by the words around
each of its mentions, the sentence it stands in and where it stands; a logistic regression per
role (`ROLES`), trained on the annotated documents by `bench/train.py` (which writes
lexicon/parties_model.json), says how likely the person is one of the letter's senders, or
recipients. A name the rules placed in neither role, over a model's threshold, is added in the
role its model finds likelier, by the rules below, whose precision is measured like any rule's.

Measured before they were added (issue 7), on the six held-out pairs of session 17, each with the
rules of its own first look and models trained only on the sets before it: senders from P 0.873
R 0.206 to P 0.940 R 0.525 (in letters told of only, as below); recipients from P 0.877
R 0.487 to P 0.870 R 0.560.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex as re
from spacy.lang.en.stop_words import STOP_WORDS

from refwatch.extract import logistic
from refwatch.extract.lexicon import section, states, words
from refwatch.extract.model import Letter, Party
from refwatch.extract.people import HONORIFIC, NAME, NOT_NAME, is_name
from refwatch.extract.rules import Example, rule

MODEL_FILE = Path(__file__).resolve().parent / "lexicon" / "parties_model.json"

LEARNED_SENDER = rule(
    "letters.learned_sender",
    """A person's name the rules did not place, which the senders model (trained on the annotated
    documents) finds likely to be among the letter's signers from the words around it.""",
    field="senders",
    examples=[
        Example(
            "More than 90 writers have signed a letter calling for the release of the editor Samuel "
            "Okoth. Signatories to the letter include the poet Ana Ferreira; the film-maker Jonas "
            "Weber; and Lucia Moreno, the daughter of a jailed journalist.",
            {"name": "Lucia Moreno"},
        ),
    ],
)
LEARNED_RECIPIENT = rule(
    "letters.learned_recipient",
    """A person's name the rules did not place, which the recipients model (trained on the annotated
    documents) finds likely to be among those the letter is addressed to.""",
    field="recipients",
    examples=[
        Example(
            "Dear Mr. Prime Minister\nErik Dahl\n\nWe are alarmed by reports that the Ahmadi family will be "
            "deported to Afghanistan. We urge you to halt the deportation.\n\nSincerely,\n\nNorwegian PEN",
            {"name": "Erik Dahl"},
        ),
    ],
)
# The roles a model is trained for: the gold's list of the role, and the rule that adds to it.
ROLES = {"senders": LEARNED_SENDER, "recipients": LEARNED_RECIPIENT}

_CANDIDATE = re.compile(rf"(?<![\w'’.-])(?P<name>{NAME})(?![\w'’-])")
_WORD = re.compile(r"[\p{L}\p{N}'’]+|[^\s\p{L}\p{N}]")
_HONORIFIC_TOKEN = re.compile(rf"^(?:{HONORIFIC})$")
# Words of titles and offices, singular and plural, that a candidate may start with ("Senators Bob
# Corker", "Congressmen Joseph Pitts"): the title is a feature of the name, not part of it.
_TITLE_WORDS = frozenset(
    form
    for w in words("letters.offices.heads", "letters.offices.modifiers", "letters.roles")
    for part in w.lower().split()
    for form in (part, part + "s", part.removesuffix("man") + "men")
) | {"the", "a", "an", "in", "on", "at", "by", "from", "dear", "congressman", "congresswoman", "congressmen"}
_WINDOW = 6  # words either side of a mention that describe it
_INITIAL = re.compile(r"[A-Z]\.?")
# The press's "a Utah Democrat", "an Ohio Republican" after a legislator's name: a state and a
# party, however much they look like a name.
_PLACE_PARTY = re.compile(r"(?:[A-Z][a-z]+\s+){1,2}(?:Democrat|Republican|Independent)s?")
# "German Green MEP Ana Ruiz": a nationality (a language's name or a state's demonym) starts no
# one's name.
_NATIONALITIES = frozenset(
    [
        *section("languages.words"),
        *(d for s in states().values() for d in s.get("demonyms", []) if " " not in d),
    ]
)
_REACH = 600  # characters: the farthest a mention's sentence reaches either side
_SENTENCE_ENDS = re.compile(r"[.?!](?=\s)|\n")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str


def person_key(name: str) -> tuple[str, str]:
    """(first initial, surname), ASCII-folded and lower-cased: the same person however written
    ("Óscar Arias" and "Oscar Arias", "Chris Smith" and "Christopher H. Smith")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.sub(r"[^a-z0-9 ]+", " ", folded).split() if len(t) > 1]
    if "of" in tokens[1:]:  # a peer's territorial designation: "Lord Alton of Liverpool"
        tokens = tokens[: tokens.index("of", 1)]
    if not tokens:
        return "", ""
    return (tokens[0][0] if len(tokens) > 1 else ""), tokens[-1]


def same_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return bool(a[1]) and a[1] == b[1] and (a[0] == b[0] or not a[0] or not b[0])


def _trimmed(tokens: list[str]) -> tuple[int, int]:
    i, j = 0, len(tokens)
    while i < j and (
        tokens[i].lower() in NOT_NAME
        or tokens[i].lower() in _TITLE_WORDS
        or _HONORIFIC_TOKEN.match(tokens[i])
    ):
        i += 1
    # A sentence's first word joins the name after it ("Since Oscar Arias spoke"); "Will Hurd" keeps
    # his first name, as what would be left is no name.
    while j - i > 2 and tokens[i].lower() in STOP_WORDS:
        i += 1
    while j > i and tokens[j - 1].lower().strip(",.") in NOT_NAME:
        j -= 1
    return i, j


def mentions(text: str) -> dict[tuple[str, str], list[Mention]]:
    """Every person's name in `text`, by person (`person_key`), each with all its mentions."""
    out: dict[tuple[str, str], list[Mention]] = {}
    for m in _CANDIDATE.finditer(text):
        tokens = m.group("name").split()
        i, j = _trimmed(tokens)
        name = " ".join(tokens[i:j])
        if not name or not is_name(name) or _PLACE_PARTY.fullmatch(name) or tokens[i] in _NATIONALITIES:
            continue
        start = m.start() + m.group("name").index(tokens[i])
        key = person_key(name)
        if key[1]:
            out.setdefault(key, []).append(Mention(start, start + len(name), name))
    return out


def _words(s: str) -> list[str]:
    return [t.lower() for t in _WORD.findall(s)]


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    # A window cut at sentence ends and line breaks, not the pipeline's sentences: training reads
    # the annotated texts without running the pipeline, and both must cut alike. At most _REACH
    # either side: a text with no sentence end (a list run together) must not make every mention
    # read the rest of it.
    before = [m.end() for m in _SENTENCE_ENDS.finditer(text, max(0, start - _REACH), start)]
    after = _SENTENCE_ENDS.search(text, end, end + _REACH)
    return (before[-1] if before else max(0, start - _REACH)), (
        after.start() if after else min(len(text), end + _REACH)
    )


def _mention_features(text: str, m: Mention) -> set[str]:
    f: set[str] = set()
    left = _words(text[max(0, m.start - 80) : m.start])[-_WINDOW:]
    right = _words(text[m.end : m.end + 80])[:_WINDOW]
    for k, w in enumerate(reversed(left)):
        f.add(f"L:{w}")
        if k < 2:
            f.add(f"L{k}:{w}")
    for k, w in enumerate(right):
        f.add(f"R:{w}")
        if k < 2:
            f.add(f"R{k}:{w}")
    if len(left) >= 2:
        f.add(f"LB:{left[-2]}_{left[-1]}")
    if len(right) >= 2:
        f.add(f"RB:{right[0]}_{right[1]}")
    a, b = _sentence(text, m.start, m.end)
    # Not the name's own words: "James" beside a signer named James says nothing of the next one.
    own = set(_words(m.name))
    f.update(f"S:{w}" for w in _words(text[a:b]) if w not in own)
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start : len(text) if line_end == -1 else line_end].strip()
    if line == m.name:
        f.add("line:alone")
    if len(line) < len(m.name) + 40:
        f.add("line:short")
    if line_start == m.start:
        f.add("line:start")
    f.add(f"pos:{min(4, int(5 * m.start / max(1, len(text))))}")
    if m.start < 200:
        f.add("pos:head")
    if m.name.isupper():
        f.add("caps")
    f.add(f"ntok:{min(4, len(m.name.split()))}")
    return f


def features(text: str, said: list[Mention]) -> set[str]:
    """What describes one person of the text: the features of all its mentions, and how many."""
    f = {"bias", f"n:{min(len(said), 4)}"}
    for m in said:
        f |= _mention_features(text, m)
    return f


@lru_cache(maxsize=1)
def models() -> dict[str, logistic.Model]:
    """The models bench/train.py wrote, by role."""
    return logistic.read(MODEL_FILE, ROLES)


def learned_parties(text: str, letter: Letter) -> dict[str, list[Party]]:
    """The people the models find likely senders or recipients of `letter`, by role, among those
    the rules placed in neither role; each in the role whose model is surer, in text order."""
    out: dict[str, list[Party]] = {role: [] for role in ROLES}
    # In a letter's own words the rules read the signature block: on the held-out pairs the senders
    # model added none there that the gold holds (two wrong), only in letters told of.
    found = {role: m for role, m in models().items() if letter.reported or role != "senders"}
    if not found:
        return out
    named = [p.name for p in letter.senders + letter.recipients if p.name]
    placed = [person_key(n) for n in named]
    for key, said in mentions(text).items():
        if any(same_person(key, k) for k in placed):
            continue
        # Two names the rules read apart, run together here ("Marco Rubio Jeff Merkley" across a
        # signature's columns), are the rules' two people, not a third; and four name words or more
        # are far more often two names run together than one (13 of the 1,385 names of the gold's
        # senders and recipients have four).
        if any(f" {n} " in f" {m.name} " or f" {m.name} " in f" {n} " for n in named for m in said):
            continue
        if all(len([t for t in m.name.split() if not _INITIAL.fullmatch(t)]) >= 4 for m in said):
            continue
        described = features(text, said)
        sure = {role: m.probability(described) for role, m in found.items()}
        role = max(sure, key=lambda r: sure[r] - found[r].threshold)
        if sure[role] < found[role].threshold:
            continue
        first = said[0]
        name = max((m.name for m in said), key=len)
        out[role].append(
            Party(
                start=first.start,
                end=first.end,
                quote=text[first.start : first.end],
                extractor=ROLES[role],
                name=name,
            )
        )
    return {role: sorted(parties, key=lambda p: p.start) for role, parties in out.items()}


def training_rows(text: str, gold: dict[str, list[str]]) -> list[tuple[set[str], dict[str, bool]]]:
    """One example per person named in `text`: its features, and for each role whether the gold
    (the names an annotator wrote down, by role) holds it."""
    keys = {role: [person_key(n) for n in names if n] for role, names in gold.items()}
    return [
        (features(text, said), {role: any(same_person(key, k) for k in ks) for role, ks in keys.items()})
        for key, said in mentions(text).items()
    ]
