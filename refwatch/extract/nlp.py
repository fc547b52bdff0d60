"""The shared spaCy pipeline: blank English with refwatch's rule components.

- `refwatch_sentences` splits sentences the way letters and PDFs need: at sentence
  punctuation (not after "U.S." or "Rep."), at blank lines, and at the end of short
  lines (letterheads, address blocks, signature blocks have no full stops), while
  hard-wrapped prose lines are joined. spaCy's sentencizer knows only punctuation.
- `refwatch_gazetteer` (a PhraseMatcher) puts every actor and legal instrument of the
  gazetteer into `doc.spans["actors"]` / `doc.spans["instruments"]`, with the canonical
  name as the span's `id_`.
- `refwatch_lexicon` (token Matcher patterns built from lexicon/*.yaml) writes
  `doc.spans["triggers"]` (return verbs and nouns, a particle verb with its particle; label:
  the lemma), `doc.spans["cues"]` (label: the cue's kind, "fears", "plans", …) and
  `doc.spans["places"]` (label: the state the place is in, "" for a border river; `id_`: the
  place's canonical name in the gazetteer; where names overlap, the first longest wins).

A trained pipeline is never required; nothing here downloads anything.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from refwatch.extract import lexicon as lx
from refwatch.extract.dates import SHORT_MONTHS
from refwatch.extract.gazetteer import ACTORS, INSTRUMENTS, PLACES

# Words whose full stop ends no sentence ("Rep.", "Dec."), in small letters.
ABBREVIATIONS = {w.lower() for w in lx.words("letters.abbreviations")} | SHORT_MONTHS

# A sentence end inside a line: punctuation, closing quotes/brackets, space, then what
# can start a sentence.
# A citation mark may follow ("… via Manila.[2] His mother …").
_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?:\[\d{1,3}\])*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
# Sentences glued by a lost space, as stored copies of web pages have them ("said Wednesday.The UN").
_GLUED_END = re.compile(r"(?<=[a-z]{3})[.!?][\"”’')]*(?=[A-Z][a-z])")
_LINE_BREAK = re.compile(r"\n")
# A bullet, at a line's start or run into a line ("… its freedom • The ads were published …"): each
# item is a sentence, whatever the line before it ended with.
_BULLET = re.compile(r"(?:(?<=\S)[ \t]+|^[ \t]*)[•▪●◦][ \t]+(?=\S)", re.M)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")
# Words written with a capital only at the start of a sentence (not "I", not names).
_SENTENCE_OPENER = re.compile(
    r"(?:The|On|In|At|We|It|This|That|These|Those|Our|Their|Its|His|Her|As|But|And|For|If|When|While|After|"
    r"Before|Since|During|However|Moreover|Meanwhile|Yet|So|Then|Today|Yesterday|Last|According)\s"
)
SHORT_LINE = 65  # characters: letterheads, addresses and signatures are shorter than prose lines
LONG_LINE = 200  # characters: longer than the lines of any hard-wrapped page


WRAPPED_LINE = 40  # characters: the narrowest hard wrap of a page's prose


def _wrapped(text: str, line_start: int, nl: int, nxt: int) -> bool:
    """Whether the line text[line_start:nl] is one of a paragraph's hard-wrapped lines: the line
    before it is a wrapped line too (WRAPPED_LINE characters or more, no stop at its end), and this
    one reaches near the margin of the three lines around the break (the longest of them)."""
    prev = text[line_start:nl].rstrip()
    if len(prev) < WRAPPED_LINE or line_start == 0:
        return False
    before_start = text.rfind("\n", 0, line_start - 1) + 1
    before = text[before_start : line_start - 1].rstrip()
    end = text.find("\n", nxt)
    after = text[nxt : end if end >= 0 else len(text)].rstrip()
    margin = max(len(before), len(prev), len(after))
    return (
        len(before) >= WRAPPED_LINE
        and before[-1] not in ".!?:;"
        and margin <= SHORT_LINE + 5
        and len(prev) >= 0.8 * margin
    )


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (always including 0)."""
    starts = [0]
    for m in _SENT_END.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            word = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            # Initials ("J.M. Coetzee") end a sentence only before a word that opens one ("… signed
            # by A.B. The …").
            if word and _INITIALS.fullmatch(word.group(1)) and not _SENTENCE_OPENER.match(text, m.end()):
                continue
        starts.append(m.end())
    starts.extend(m.end() for m in _GLUED_END.finditer(text))
    starts.extend(m.end() for m in _BULLET.finditer(text))
    for m in _LINE_BREAK.finditer(text):
        nl = m.start()
        line_start = text.rfind("\n", 0, nl) + 1
        prev = text[line_start:nl].rstrip()
        nxt = m.end()
        if not prev:
            starts.append(nxt)  # a blank line ends whatever came before
            continue
        # A line that goes on in lower case is the same sentence, however short ("A\ngroup of …").
        if text[nxt : nxt + 1].islower() and prev[-1] not in ".!?:;":
            continue
        # Wire copy wrapped narrower than a short line ("… a Security Council meeting at the United"
        # / "Nations to appoint …"): a line as long as the wrapped lines around it goes on.
        if _wrapped(text, line_start, nl, nxt) and not _SENTENCE_OPENER.match(text, nxt):
            continue
        # A line far longer than any hard wrap is a paragraph of its own (web text, captions).
        if (
            len(prev) < SHORT_LINE
            or len(prev) > LONG_LINE
            or prev[-1] in '.!?:;"”)'
            or text.startswith("\n", nxt)
        ):
            starts.append(nxt)
            continue
        # A word that is capitalised only where a sentence starts ("On", "The", "We") begins one:
        # the line before was a heading, however long. So does any capital after the text's first
        # line: a page's title, however long, that no stop ends ("Defectors urge the UN to …\nEunju
        # Kim, who …").
        if _SENTENCE_OPENER.match(text, nxt) or (
            not text[:line_start].strip() and text[nxt : nxt + 1].isupper()
        ):
            starts.append(nxt)
            continue
        # A short line that starts with a capital and has no full stop is a heading,
        # a date line or a signature, not the tail of a wrapped sentence.
        end = text.find("\n", nxt)
        line = text[nxt : end if end >= 0 else len(text)].strip()
        if (
            line
            and len(line) < SHORT_LINE
            and (line[0].isupper() or line[0].isdigit())
            and line[-1] not in ".!?"
        ):
            starts.append(nxt)
    return sorted(set(starts))


@Language.component("refwatch_sentences")
def refwatch_sentences(doc: Doc) -> Doc:
    if not len(doc):
        return doc
    idx = doc.to_array("IDX")
    # doc.text rebuilds the text token by token; the caller may hand over the original.
    text = doc.user_data.get("text") or doc.text
    starts = numpy.searchsorted(idx, numpy.asarray(sentence_starts(text), dtype=idx.dtype))
    # Doc arrays are uint64; "not a sentence start" is -1 in two's complement.
    sent = numpy.full(len(doc), numpy.iinfo(numpy.uint64).max, dtype=numpy.uint64)
    sent[starts[starts < len(doc)]] = 1
    sent[0] = 1
    doc.from_array([SENT_START], sent.reshape(-1, 1))
    return doc


class Gazetteer:
    """Every actor and legal instrument of the gazetteer, as spans in `doc.spans["actors"]` and
    `doc.spans["instruments"]` (label: the kind; `id_`: the canonical name); where names
    overlap, the first longest wins.

    spaCy's SpanRuler does the same with one component per group, but builds a Span for every
    candidate before filtering them and costs more than tokenising the text; here one
    PhraseMatcher finds both groups and Spans are made for the kept matches only.
    """

    def __init__(self, nlp: Language) -> None:
        # Case matters for the short aliases ("US", "UN", "PRC") that are also words, so
        # matching is on the exact text; aliases are listed in the spellings the field uses.
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.kinds: dict[int, tuple[str, str, str]] = {}  # match id -> (group, label, canonical name)
        entries = [("actors", kind.upper(), name, aliases) for name, (kind, aliases) in ACTORS.items()]
        entries += [("instruments", "INSTRUMENT", name, aliases) for name, aliases in INSTRUMENTS.items()]
        for group, label, name, aliases in entries:
            key = f"{group}|{label}|{name}"
            self.matcher.add(key, [nlp.make_doc(alias) for alias in aliases])
            self.kinds[nlp.vocab.strings[key]] = (group, label, name)

    def __call__(self, doc: Doc) -> Doc:
        kept: dict[str, list[tuple[int, int, str, str]]] = {"actors": [], "instruments": []}
        taken: dict[str, set[int]] = {"actors": set(), "instruments": set()}
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1])):
            group, label, name = self.kinds[match_id]
            tokens = taken[group]
            if start in tokens or end - 1 in tokens or any(i in tokens for i in range(start + 1, end - 1)):
                continue
            tokens.update(range(start, end))
            kept[group].append((start, end, label, name))
        for group, spans in kept.items():
            spans.sort()
            doc.spans[group] = [Span(doc, a, b, label=label, span_id=name) for a, b, label, name in spans]
        return doc


@Language.factory("refwatch_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    return Gazetteer(nlp)


CUE_KINDS = ("negation", "modality", "plans", "fears", "refusals", "asks", "continuation", "held", "arrests",
             "punishments", "practice", "totals")  # fmt: skip
PARTICLE_GAP = 8  # tokens from a verb to its particle: "send at least 500 North Korean escapees back"


class LexiconSpans:
    """Return triggers, cues and places of the lexicon as span groups, found by token patterns
    (case-insensitive words for triggers and cues, exact spellings for places).

    A particle verb ("sent … back") is found as its verb, then its particle looked for in the
    next few tokens: a Matcher pattern with an optional gap costs more than all the rest.
    """

    def __init__(self, nlp: Language) -> None:
        self.triggers = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.particle: dict[int, set[str]] = {}  # match id of a particle verb -> its particles
        for lemma, verb in lx.section("returns.verbs").items():
            self.triggers.add(lemma, [nlp.make_doc(f) for f in verb["forms"]])
            if "particle" in verb:
                particle = verb["particle"]
                self.particle[nlp.vocab.strings[lemma]] = set(
                    particle if isinstance(particle, list) else [particle]
                )
        self.triggers.add("noun", [nlp.make_doc(w) for w in lx.words("returns.nouns")])
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in CUE_KINDS:
            self.cues.add(kind, [nlp.make_doc(w) for w in lx.words(f"cues.{kind}")])
        self.places = PhraseMatcher(nlp.vocab, attr="ORTH")
        for place in PLACES.values():
            self.places.add(place.name, [nlp.make_doc(w) for w in place.aliases])

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for key, a, b in self.triggers(doc):
            particle = self.particle.get(key)
            if particle is None:
                found.append(Span(doc, a, b, label=key))
                continue
            for k in range(b, min(b + PARTICLE_GAP + 1, len(doc))):
                word = doc[k]
                # "forced to bribe officials to avoid being sent back": the particle of another verb.
                if word.is_punct or (k > b and word.is_sent_start) or word.lower_ in ("to", "that"):
                    break
                if word.lower_ in particle:
                    found.append(Span(doc, a, k + 1, label=key))
                    break
        doc.spans["triggers"] = found
        # "May" inside a sentence is the month, not the modal.
        doc.spans["cues"] = [
            Span(doc, a, b, label=key) for key, a, b in self.cues(doc) if not _not_a_cue(doc, a, b)
        ]
        doc.spans["places"] = _longest_first(doc, self.places(doc))
        return doc


def _not_a_cue(doc: Doc, a: int, b: int) -> bool:
    """Words of a cue used otherwise: "May" inside a sentence is the month, not the modal; "as
    if" compares ("as if it were a military operation"); "only to be caught" came to pass; "before being repatriated" and "before
    Park was caught and sent back" (a past clause of its own) tell that they were."""
    word = doc[a].lower_
    if doc[a].text == "May" and b == a + 1 and not doc[a].is_sent_start:
        return True
    if word in ("if", "though") and a > 0 and doc[a - 1].lower_ in ("as", "even"):
        return True
    # "went into hiding, only to be caught and repatriated": what came to pass, not what may.
    if word == "to" and a > 0 and doc[a - 1].lower_ == "only":
        return True
    # "At the end of July …": the noun, not the verb of a refusal ("end the returns").
    if word == "end" and a > 0 and doc[a - 1].lower_ in ("the", "an", "year's", "month's"):
        return True
    if word != "before" or b >= len(doc):
        return False
    if doc[b].lower_ in ("being", "having"):
        return True
    # A short subject, then a past verb: "before she was", "before the two were".
    for k in range(b + 1, min(b + 4, len(doc))):
        if doc[k].lower_ in ("was", "were", "had"):
            return True
        if not doc[k].is_alpha or doc[k].lower_ in ("is", "are", "will", "would", "can", "could"):
            break
    return False


def _longest_first(doc: Doc, matches: list[tuple[int, int, int]]) -> list[Span]:
    """Places as spans, where names overlap the first longest kept ("Tumen River", not "Tumen")."""
    taken: set[int] = set()
    kept = []
    for key, a, b in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if taken.intersection(range(a, b)):
            continue
        taken.update(range(a, b))
        name = doc.vocab.strings[key]
        kept.append(Span(doc, a, b, label=PLACES[name].country, span_id=name))
    return sorted(kept, key=lambda s: s.start)


@Language.factory("refwatch_lexicon")
def make_lexicon_spans(nlp: Language, name: str) -> LexiconSpans:
    return LexiconSpans(nlp)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("en")
    # A reference-work citation mark after a word ("repatriated.[3]", glued "Manila.[2]His") is a
    # token of its own; the English suffixes and infixes leave "repatriated.[3" whole, and the
    # return verb unread.
    suffixes = [*nlp.Defaults.suffixes, r"\[\d{1,3}\]"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])\.(?=\[\d)", r"\[\d{1,3}\]"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    # Length is bounded by refwatch.extract.pipeline.MAX_CHARS; the blank pipeline has
    # no parser or NER, whose memory use is what spaCy's default limit protects.
    nlp.max_length = 20_000_000
    nlp.add_pipe("refwatch_sentences")
    nlp.add_pipe("refwatch_gazetteer")
    nlp.add_pipe("refwatch_lexicon")
    return nlp
