"""The brief and the letter draft as DOCX carry their citations as real Word footnotes: a
w:footnoteReference where each claim is made, a footnotes part holding the quoted passage, and the
parts and relationships Word needs to find them. Read back with zipfile and lxml."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from refwatch.ingest import read
from refwatch.knowledge.queries import Reader
from refwatch.outputs.brief import make_brief
from refwatch.outputs.check import check
from refwatch.outputs.draft import make_draft
from refwatch.outputs.evidence import Evidence
from refwatch.outputs.render import brief_bytes, draft_docx
from tests import wordxml

pytestmark = pytest.mark.django_db

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def flat(text: str) -> str:
    return " ".join(text.split())


def check_word_essentials(word: wordxml.WordFile) -> None:
    """What Word needs to find the notes: the part's content type and relationship, the two
    separators first (ids -1 and 0) and named in the settings; every reference to a note that
    exists, numbered in the order they stand, each note referred to once."""
    types = etree.fromstring(word.parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides.get("/word/footnotes.xml") == FOOTNOTES_TYPE
    rels = etree.fromstring(word.parts["word/_rels/document.xml.rels"])
    assert any(r.get("Type") == FOOTNOTES_REL and r.get("Target") == "footnotes.xml" for r in rels)
    assert list(word.footnote_types.items())[:2] == [(-1, "separator"), (0, "continuationSeparator")]
    settings = etree.fromstring(word.parts["word/settings.xml"])
    named = settings.findall("w:footnotePr/w:footnote", wordxml.NS)
    assert [n.get(wordxml.w("id")) for n in named] == ["-1", "0"]
    # footnotePr before compat, as the schema orders the settings.
    children = [c.tag for c in settings]
    assert children.index(wordxml.w("footnotePr")) < children.index(wordxml.w("compat"))
    refs = [r for p in word.paragraphs for r in p.references]
    assert refs == list(range(1, len(refs) + 1)) and refs
    assert sorted(i for i in word.footnotes if i > 0) == refs


def cited_paragraph(word: wordxml.WordFile, text: str) -> wordxml.Paragraph:
    return next(p for p in word.paragraphs if flat(text) in flat(p.text) and p.references)


def test_the_brief_cites_each_claim_in_a_word_footnote_quoting_its_passage(seed_letters):
    brief = make_brief(Reader.system(), include_unverified=True)
    word = wordxml.read(brief_bytes(brief, "docx"))
    check_word_essentials(word)
    cited = dict(iter(brief.footnotes))
    # In the order the brief stands, each line's paragraph after the one before.
    lines = [*brief.incidents, *brief.aggregates, *brief.figures, *brief.status, *brief.law]
    lines += [x for part in brief.letters for x in (part.line, *part.asks, *part.outcomes)]
    lines += brief.commitments
    checked, at = 0, 0
    for line in lines:
        at = next(i for i in range(at, len(word.paragraphs)) if word.paragraphs[i].text.startswith(line.text))
        paragraph = word.paragraphs[at]
        at += 1
        assert len(paragraph.references) == len(line.notes), line.text
        for number, ref in zip(line.notes, paragraph.references, strict=True):
            note = flat(word.footnotes[ref])
            assert flat(cited[number].quote) in note, (line.text, note)
            checked += 1
    assert checked >= len(brief.footnotes) >= 5
    # The 600 of 9 October 2023, footnoted to both letters, in full the first time a note is made.
    six = cited_paragraph(word, next(x.text for x in brief.incidents if "600" in x.text))
    first = flat(word.footnotes[six.references[0]])
    assert "600 North Korean refugees on October 9, 2023" in first and "characters" in first
    assert "[unverified]" in first
    # No list of sources at the end any more: the notes are Word's.
    assert "Sources" not in [p.text for p in word.paragraphs]
    assert not re.search(r"^\d+\. ", word.paragraphs[-1].text)


def test_a_citation_made_again_is_a_short_note_that_still_quotes(seed_letters):
    brief = make_brief(Reader.system(), include_unverified=True)
    word = wordxml.read(brief_bytes(brief, "docx"))
    cited = dict(iter(brief.footnotes))
    order = [n for line in [*brief.incidents, *brief.aggregates, *brief.figures] for n in line.notes]
    again = next((i for i, n in enumerate(order) if n in order[:i]), None)
    assert again is not None, "the seed brief cites one passage twice"
    note = flat(word.footnotes[again + 1])
    first = order.index(order[again]) + 1
    assert f"see note {first}" in note and flat(cited[order[again]].quote) in note


def test_the_draft_cites_its_figures_in_word_footnotes(seed_letters):
    draft = make_draft(Reader.system(), to="David Perdue", signers=["K000384"])
    word = wordxml.read(draft_docx(draft))
    check_word_essentials(word)
    cited = dict(iter(draft.footnotes))
    for sentence in draft.facts:
        if not sentence.notes:
            continue
        paragraph = cited_paragraph(word, sentence.text)
        refs = iter(paragraph.references)
        # The facts paragraph holds several sentences: find this one's references in order.
        notes = [flat(word.footnotes[r]) for r in refs]
        for number in sentence.notes:
            assert any(flat(cited[number].quote) in n for n in notes), sentence.text
    six = next(s for s in draft.facts if "600" in s.text)
    paragraph = cited_paragraph(word, six.text)
    texts = [flat(word.footnotes[r]) for r in paragraph.references]
    assert any("600 North Korean refugees on October 9, 2023" in t for t in texts)
    assert "Sources" not in [p.text for p in word.paragraphs]


def test_the_draft_docx_still_reads_for_the_claim_check(seed_letters):
    """refwatch's own DOCX reader (python-docx underneath) opens the file with its footnotes
    part, and the claim check reads the letter's text, not its notes."""
    draft = make_draft(Reader.system(), to="David Perdue", signers=["K000384"])
    text = read(draft_docx(draft), "draft.docx").text
    assert "600 North Korean refugees" in text and "characters" not in text
    result = check(Evidence(Reader.system()), text)
    six = [c for c in result.claims if "600" in c.said]
    assert six and all(c.verdict == "supported" for c in six)
