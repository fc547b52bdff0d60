"""A DOCX read back as Word would read it, with zipfile and lxml (not python-docx, which sees no
footnotes): the body's paragraphs with their footnote references, and the footnotes' text."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Paragraph:
    text: str
    references: list[int]  # the footnote ids it refers to, in order


@dataclass
class WordFile:
    parts: dict[str, bytes]
    paragraphs: list[Paragraph]
    footnotes: dict[int, str]  # id -> text, separators included (ids -1 and 0)
    footnote_types: dict[int, str]

    @property
    def body(self) -> str:
        return " ".join(p.text for p in self.paragraphs)

    @property
    def all_text(self) -> str:
        return self.body + " " + " ".join(t for i, t in self.footnotes.items() if i > 0)


def read(data: bytes) -> WordFile:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    paragraphs = []
    for p in document.iter(w("p")):
        text, refs = [], []
        for el in p.iter(w("t"), w("footnoteReference")):
            if el.tag == w("t"):
                text.append(el.text or "")
            else:
                refs.append(int(el.get(w("id"))))
        paragraphs.append(Paragraph("".join(text), refs))
    footnotes: dict[int, str] = {}
    types: dict[int, str] = {}
    if "word/footnotes.xml" in parts:
        for note in etree.fromstring(parts["word/footnotes.xml"]).iter(w("footnote")):
            number = int(note.get(w("id")))
            footnotes[number] = "".join(t.text or "" for t in note.iter(w("t")))
            types[number] = note.get(w("type"), "normal")
    return WordFile(parts, paragraphs, footnotes, types)
