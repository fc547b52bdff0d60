"""The shared spaCy pipeline: blank English with refwatch's rule components.

- `refwatch_sentences` splits sentences the way letters and PDFs need: at sentence
  punctuation (not after "U.S." or "Rep."), at blank lines, and at the end of short
  lines (letterheads, address blocks, signature blocks have no full stops), while
  hard-wrapped prose lines are joined. spaCy's sentencizer knows only punctuation.
- a SpanRuler puts every actor and legal instrument of the gazetteer into
  `doc.spans["actors"]` / `doc.spans["instruments"]`, with the canonical name as the
  span's `id_`.

A trained pipeline is never required; nothing here downloads anything.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from refwatch.extract.gazetteer import ACTORS, INSTRUMENTS

ABBREVIATIONS = {
    "u.s", "u.n", "u.k", "d.c", "mr", "mrs", "ms", "dr", "rep", "reps", "sen", "sens", "gov", "amb", "gen",
    "st", "no", "nos", "jr", "sr", "m.d", "ph.d", "e.g", "i.e", "a.m", "p.m", "inc", "co", "corp", "vs", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art", "para", "cf",
    "hon", "lt", "col", "capt", "prof", "est", "fig", "vol", "pp", "p", "n.w", "n.e", "s.w", "s.e", "ave", "rd",
}  # fmt: skip

# A sentence end inside a line: punctuation, closing quotes/brackets, space, then what
# can start a sentence.
_SENT_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_LINE_BREAK = re.compile(r"\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
SHORT_LINE = 65  # characters: letterheads, addresses and signatures are shorter than prose lines


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (always including 0)."""
    starts = [0]
    for m in _SENT_END.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            word = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        starts.append(m.end())
    for m in _LINE_BREAK.finditer(text):
        nl = m.start()
        line_start = text.rfind("\n", 0, nl) + 1
        prev = text[line_start:nl].rstrip()
        nxt = m.end()
        if not prev:
            starts.append(nxt)  # a blank line ends whatever came before
            continue
        if len(prev) < SHORT_LINE or prev[-1] in '.!?:;"”)' or text.startswith("\n", nxt):
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


def _ruler_patterns() -> tuple[list[dict], list[dict]]:
    actors = [
        {"label": kind.upper(), "pattern": alias, "id": name}
        for name, (kind, aliases) in ACTORS.items()
        for alias in aliases
    ]
    instruments = [
        {"label": "INSTRUMENT", "pattern": alias, "id": name}
        for name, aliases in INSTRUMENTS.items()
        for alias in aliases
    ]
    return actors, instruments


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("en")
    # Length is bounded by refwatch.extract.pipeline.MAX_CHARS; the blank pipeline has
    # no parser or NER, whose memory use is what spaCy's default limit protects.
    nlp.max_length = 20_000_000
    nlp.add_pipe("refwatch_sentences")
    actors, instruments = _ruler_patterns()
    # Case matters for the short aliases ("US", "UN", "PRC") that are also words, so
    # matching is on the exact text; aliases are listed in the spellings the field uses.
    nlp.add_pipe(
        "span_ruler",
        name="actor_ruler",
        config={
            "spans_key": "actors",
            "phrase_matcher_attr": "ORTH",
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    ).add_patterns(actors)
    nlp.add_pipe(
        "span_ruler",
        name="instrument_ruler",
        config={
            "spans_key": "instruments",
            "phrase_matcher_attr": "ORTH",
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    ).add_patterns(instruments)
    return nlp
