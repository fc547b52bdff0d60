"""Properties of every parser and the extractor on generated input: a Document or a one-line
IngestError from read(), and an extraction that finishes, whatever the file. Structure-aware
inputs (valid DOCX, HTML and PDF files with hostile contents, damaged DOCX archives, text in
many encodings) reach further into each parser than random bytes do (tests/test_ingest.py has
those, and damaged PDFs). bench/fuzz.sh runs the same targets under atheris for longer."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refwatch.extract import extract
from refwatch.ingest import IngestError, read
from tests import makedocs

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a document could hold, hostile included: control and format characters, surrogates
# excluded (a file cannot hold them), words of the field mixed in.
WORDS = st.sampled_from(
    "repatriated North Korean refugees China 2024 March about 300 Dandong letter Dear Sincerely "
    "Ambassador Perdue Member of Congress , . ; ( ) \n \t".split(" ")
)
TEXT = st.lists(
    st.one_of(WORDS, st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)), max_size=60
).map(" ".join)
XML_TEXT = TEXT.map(
    lambda t: "".join(c for c in t if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))
)


def takes(data: bytes, name: str) -> None:
    """read() and extract() either work or refuse in one line."""
    try:
        document = read(data, name)
    except IngestError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(document.text, str)
    result = extract(document.text)
    for r in result.repatriations:
        assert 0 <= r.start <= r.end <= len(document.text)


@SETTINGS
@given(XML_TEXT, st.lists(st.lists(XML_TEXT, min_size=1, max_size=3), max_size=3), XML_TEXT)
def test_docx_with_any_paragraphs_tables_and_header(text: str, table: list[list[str]], header: str) -> None:
    takes(makedocs.docx(text, table=table, header=header), "fuzz.docx")


@cache
def _letter_docx() -> bytes:
    return makedocs.docx(
        "Dear Ambassador Perdue,\nAbout 300 North Koreans were repatriated from China in March 2024.\nSincerely,",
        table=[["Young Kim\nMember of Congress", "Ami Bera\nMember of Congress"]],
    )


@SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=20))
def test_damaged_docx(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_letter_docx())
    for position, value in flips:
        data[position % len(data)] = value
    takes(bytes(data), "damaged.docx")


@SETTINGS
@given(st.binary(max_size=4096))
def test_docx_with_a_hostile_document_part(xml: bytes) -> None:
    # A well-formed archive whose main part is anything: the XML parser meets it directly.
    source = zipfile.ZipFile(io.BytesIO(_letter_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            zf.writestr(item, xml if item.filename == "word/document.xml" else data)
    takes(out.getvalue(), "hostile.docx")


TAGS = st.sampled_from(
    ["p", "div", "article", "script", "style", "table", "td", "br", "h1", "span", "svg", "nav"]
)


@st.composite
def html_trees(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(TAGS)
    attrs = draw(
        st.sampled_from(["", ' class="x"', ' property="article:published_time" content="2024-13-45"'])
    )
    children = draw(st.lists(TEXT if depth > 3 else st.one_of(TEXT, html_trees(depth + 1)), max_size=4))
    close = draw(st.sampled_from([f"</{tag}>", ""]))  # unclosed tags too
    return f"<{tag}{attrs}>{''.join(children)}{close}"


@SETTINGS
@given(html_trees(), st.sampled_from(["", "<!DOCTYPE html>", "<html><head><title>t</title></head><body>"]))
def test_html_of_any_shape(tree: str, prefix: str) -> None:
    takes((prefix + tree).encode("utf-8", "surrogatepass"), "fuzz.html")


@SETTINGS
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp949", "gb18030"]))
def test_text_in_any_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding, "replace")
    takes(data or b" ", "fuzz.txt")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_pdf_of_any_text(text: str) -> None:
    takes(makedocs.text_pdf(makedocs.latin1(text) or "x"), "fuzz.pdf")
