"""Real Word footnotes for the DOCX outputs (the brief and the letter draft).

python-docx (1.x) has no footnote API: it neither makes nor reads the footnotes part. Citations
written as superscript digits with a list at the end are not footnotes to Word (nothing moves
with the text, nothing is numbered by Word, a reader's "go to footnote" finds none), and an
advocate pasting the draft into their office's letter would lose them. So the minimal OOXML Word
needs (ECMA-376 Part 1, 17.11) is written here by hand, through python-docx's own package API:

- a footnotes part, /word/footnotes.xml, related to the document part (its relationship in
  word/_rels/document.xml.rels, its content type in [Content_Types].xml, both written by
  python-docx when it saves a part it holds);
- in it first the separator and continuation separator, ids -1 and 0, which Word expects to find
  and which settings.xml names (w:footnotePr);
- one w:footnote for each place a citation is made, referred to by a w:footnoteReference run in
  the text; Word numbers them itself, in the order they stand, so they are made in that order.

A citation made again later is a footnote again (Word has no second reference to one note): a
short one that still quotes the passage, and names the note that gives it in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
PART_NAME = "/word/footnotes.xml"
TEXT_STYLE, REFERENCE_STYLE = "Footnote Text", "Footnote Reference"
# Word's own footnotes part begins with these two: the rule above the notes, and the rule of a
# note continued on the next page.
SKELETON = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
# What settings.xml may hold after w:footnotePr, in the schema's order: it goes before the first.
AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)
# Characters XML 1.0 cannot hold (a stray control character in an extracted quote).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class WordFootnotes:
    """The footnotes of one python-docx Document. `full(n)` is the text of citation n's note the
    first time it is made, `short(n, first)` when it is made again (`first`: Word's number of the
    full note)."""

    def __init__(self, doc: Any, full: Callable[[int], str], short: Callable[[int, int], str]) -> None:
        self.doc, self.full, self.short = doc, full, short
        self.part = XmlPart(PackURI(PART_NAME), CONTENT_TYPE, parse_xml(SKELETON), doc.part.package)
        doc.part.relate_to(self.part, RT.FOOTNOTES)
        self._name_separators()
        self._styles()
        self.made = 0
        self.first: dict[int, int] = {}  # citation number -> Word's number of its full note

    def cite(self, paragraph: Any, numbers: list[int]) -> None:
        """Footnote references at the end of `paragraph` so far, one for each citation."""
        for i, n in enumerate(numbers):
            if i:
                paragraph.add_run(",").font.superscript = True
            self.made += 1
            text = self.short(n, self.first[n]) if n in self.first else self.full(n)
            self.first.setdefault(n, self.made)
            self.part.element.append(self._note(self.made, text))
            run = paragraph.add_run()
            run.style = self.doc.styles[REFERENCE_STYLE]
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), str(self.made))
            run._r.append(ref)

    def _note(self, number: int, text: str) -> Any:
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), self.doc.styles[TEXT_STYLE].style_id)
        ppr.append(style)
        p.append(ppr)
        mark = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), self.doc.styles[REFERENCE_STYLE].style_id)
        rpr.append(rstyle)
        mark.append(rpr)
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        words = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = " " + NOT_XML.sub("", text)
        words.append(t)
        p.append(words)
        note.append(p)
        return note

    def _name_separators(self) -> None:
        settings = self.doc.settings.element
        if settings.find(qn("w:footnotePr")) is not None:
            return
        pr = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        tags = {qn(name) for name in AFTER_FOOTNOTE_PR}
        later = next((child for child in settings if child.tag in tags), None)
        if later is None:
            settings.append(pr)
        else:
            later.addprevious(pr)

    def _styles(self) -> None:
        styles = self.doc.styles
        if TEXT_STYLE not in [s.name for s in styles]:
            text = styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            text.base_style = styles["Normal"]
            text.font.size = Pt(9)
            text.paragraph_format.space_after = Pt(0)
        if REFERENCE_STYLE not in [s.name for s in styles]:
            styles.add_style(REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER).font.superscript = True
