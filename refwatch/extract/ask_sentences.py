"""What a letter asks, learned: the sentences the rules took no ask from, weighed by a model
trained on the gold.

The rules of asks.py read an ask from its verb in the shapes they list ("urge you to …", "calling
for …"); a story of a letter paraphrases its asks in more ways than rules can list. Here every
sentence of a text that tells of a letter is a candidate, described by its words and word pairs,
its first words, the last words of the sentence before it, where it stands, its length and its
quotation marks; a logistic regression trained on the annotated documents by `bench/train.py`
(lexicon/asks_model.json) says how likely it states one of the letter's asks. A sentence over the
threshold that holds none of the asks the rules found is added whole, by the rule below; not one
that ends in a colon (its list's items are the asks) nor, in a letter in its own words, one above
the letter's date, addressees and salutation (the page's words to its reader).

Measured before it was added (issue 7), on the seven held-out pairs of sessions 17 and 18, each
with the rules of its own first look and a model trained only on the sets before it: asks from
P 0.683 R 0.362 to P 0.692 R 0.435 (the sentences added: 31 right, 11 wrong). Sentences cut at
their "to", "that" or first quotation mark as candidates too found more (R 0.473) at a lower
precision of what they added (0.60), and dropping the rules' asks whose sentence the model doubts
lost more right asks than wrong ones: neither is done.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import regex as re

from refwatch.extract import lexicon, logistic
from refwatch.extract.asks import SPELLED_OUT, words
from refwatch.extract.model import Ask, DateMention, Letter
from refwatch.extract.rules import Example, rule

MODEL_FILE = Path(__file__).resolve().parent / "lexicon" / "asks_model.json"
NAME = "asks"

LEARNED_ASK = rule(
    "asks.learned_sentence",
    """A sentence of a text that tells of a letter, holding none of the asks the rules found, which
    the asks model (trained on the annotated documents) finds likely to state one of its asks.""",
    field="asks",
    examples=[
        Example(
            "Bishops write to Malaysian premier\n\nThe Catholic bishops of Penang have sent a letter to "
            "Prime Minister Anwar Halim about 40 Chin refugees held in Kuala Lumpur.\n\nThe bishops asked "
            "that the government protect the Chin refugees from deportation to Myanmar and release them.",
            {
                "text": "The bishops asked that the government protect the Chin refugees from deportation to "
                "Myanmar and release them."
            },
        ),
    ],
)

# A sentence ends at its stop (and any closing quotation mark) or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.?!;:][\"”’']?)\s+|\n+")
_WORD = re.compile(r"[\p{L}\p{N}'’]+")
_SHORTEST = 16  # characters: a heading's fragment or a name alone is no sentence to ask in


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without its surrounding white space."""
    out: list[tuple[int, int]] = []
    start = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        piece = text[start:end]
        a = start + len(piece) - len(piece.lstrip())
        b = start + len(piece.rstrip())
        if b - a >= _SHORTEST:
            out.append((a, b))
        nxt = _SENTENCE_END.match(text, end)
        start = nxt.end() if nxt else end
    return out


def features(text: str, bounds: list[tuple[int, int]], k: int) -> set[str]:
    """What describes the k-th sentence of `bounds` in `text`."""
    a, b = bounds[k]
    sentence = text[a:b]
    w = [t.lower() for t in _WORD.findall(sentence)]
    f = {"bias"} | {f"W:{x}" for x in w} | {f"B:{x}_{y}" for x, y in itertools.pairwise(w)}
    f |= {f"F:{x}" for x in w[:3]}
    if k:
        before = text[bounds[k - 1][0] : bounds[k - 1][1]]
        f |= {f"P:{x.lower()}" for x in _WORD.findall(before)[-4:]}
    f.add(f"pos:{min(4, int(5 * a / max(1, len(text))))}")
    f.add(f"len:{min(5, len(w) // 8)}")
    if sentence.startswith(("“", '"')):
        f.add("quoted")
    if "“" in sentence or '"' in sentence:
        f.add("hasquote")
    return f


@lru_cache(maxsize=1)
def models() -> dict[str, logistic.Model]:
    return logistic.read(MODEL_FILE, [NAME])


def _holds(sentence: str, asks: list[Ask]) -> bool:
    """Whether `sentence` holds at least half the words of one of `asks`."""
    said = words(sentence)
    asked = [w for w in (words(a.text) for a in asks) if w]
    return any(len(w & said) >= 0.5 * len(w) for w in asked)


def _opening(text: str, letter: Letter, dates: list[DateMention]) -> int:
    """Where the letter the rules read in `text` begins: the first of its date, its addressees and
    its salutation (0 where they found none of them)."""
    marks = [p.start for p in letter.recipients]
    marks += [d.start for d in dates if letter.date and d.date_start == letter.date]
    if letter.salutation and (at := text.find(letter.salutation)) >= 0:
        marks.append(at)
    return min(marks, default=0)


_READER_CALL = re.compile(
    rf"\s*(?:Please\s+)?(?:{lexicon.alternation(lexicon.words('letters.reader_calls'))})\b(?!\s+(?:that|the\s+letter)\b)",
    re.I,
)


# A line that ends with no stop and a next line that goes on in the same sentence: in small
# letters, or in the name the line break cut ("… a party to the Refugee" / "Convention, to …").
_RUNS_ON = re.compile(
    r"(?<![.?!:;\"”’)])[ \t]*\n[ \t]*(?:\p{Ll}|(?<=\p{Lu}\p{Ll}+[ \t]*\n[ \t]*)\p{Lu}\p{Ll}+,?[ \t]+\p{Ll})"
)


def learned_asks(text: str, letter: Letter, dates: list[DateMention]) -> list[Ask]:
    """The sentences the model finds likely to state an ask of `letter`, among those that hold none
    of the asks it has, whole, in text order (`dates`: every date the text gives)."""
    found = models().get(NAME)
    if found is None:
        return []
    bounds = sentences(text)
    # A letter in its own words asks below its date, address block or salutation: what a page says
    # above them ("We urge you to write to the embassy today") is the page's call to its reader.
    opens = 0 if letter.reported else _opening(text, letter, dates)
    out: list[Ask] = []
    for k, (a, b) in enumerate(bounds):
        # A line ending in a colon opens a list whose items are the asks ("we request that you:").
        if a < opens or text[a:b].endswith(":"):
            continue
        # "We call on them to respect the law. Specifically, we call on them to A, B and C": the
        # asks the rules read in the next sentence spell out this one, which is no ask of its own
        # (as asks.py reads it).
        nxt = bounds[k + 1] if k + 1 < len(bounds) else None
        if nxt and SPELLED_OUT.match(text, nxt[0], nxt[1]) and _holds(text[nxt[0] : nxt[1]], letter.asks):
            continue
        # A page telling of a letter calls on its own reader to act ("Please sign an alert that …").
        if letter.reported and _READER_CALL.match(text, a, b):
            continue
        if found.probability(features(text, bounds, k)) < found.threshold:
            continue
        # "We urge your government, in keeping with its duties as a party to the Refugee" /
        # "Convention, to open …": a sentence a line break cut, whose ask the rules read whole.
        whole = nxt[1] if nxt and _RUNS_ON.match(text, b, nxt[1]) else b
        if _holds(text[a:b], letter.asks + out) or _holds(text[a:whole], letter.asks):
            continue
        out.append(Ask(start=a, end=b, quote=text[a:b], extractor=LEARNED_ASK, text=text[a:b]))
    return out


def training_rows(text: str, holds_ask: Callable[[str], bool]) -> list[tuple[set[str], bool]]:
    """One example per sentence of `text`: its features, and whether `holds_ask(sentence)` (the
    scorer's test against the gold's asks) says it states one."""
    bounds = sentences(text)
    return [(features(text, bounds, k), holds_ask(text[a:b])) for k, (a, b) in enumerate(bounds)]
