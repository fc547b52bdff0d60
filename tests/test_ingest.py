"""Ingest: every format made from the seed letters gives the facts of the text; bad files are refused."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refwatch.extract import extract
from refwatch.ingest import DOCX, HTML, MARKDOWN, PDF, TEXT, Document, IngestError, Limits, read, read_path
from refwatch.ingest.layout import Run, page_text
from tests import makedocs

DEMO = Path(__file__).resolve().parent.parent / "refwatch" / "demo"
SEEDS = sorted(p.name for p in DEMO.glob("*.txt"))


def seed(name: str) -> str:
    return (DEMO / name).read_text(encoding="utf-8")


def body_and_signatures(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The letter up to "Sincerely," and its signature block as (name, title) pairs."""
    head, _, tail = text.partition("Sincerely,")
    return head + "Sincerely,", makedocs.signature_pairs(tail.splitlines())


@cache
def facts(text: str) -> dict[str, Any]:
    """What the comparison looks at: the facts a user relies on, not spans or wording."""
    found = extract(text)
    letter = found.letter
    return {
        "doc_date": found.doc_date,
        "repatriations": sorted((r.count, r.date_start, r.date_end) for r in found.repatriations),
        "figures": sorted(f.quantity for f in found.figures),
        "senders": sorted(p.name for p in letter.senders) if letter else None,
        "recipients": sorted(p.name for p in letter.recipients) if letter else None,
    }


def check_pages(doc: Document) -> None:
    """Pages tile the text in order, and each one's slice is that page's text."""
    assert doc.pages and doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for number, page in enumerate(doc.pages, start=1):
        assert page.number == number
        assert 0 <= page.start <= page.end <= len(doc.text)
        assert doc.page_text(number) == doc.text[page.start : page.end]
    for before, after in zip(doc.pages, doc.pages[1:], strict=False):
        assert before.end <= after.start
        assert doc.text[before.end : after.start].strip() == ""


TITLES = {"Member of Congress", "United States Senator"}


def two_column_letter(text: str) -> bytes:
    body, pairs = body_and_signatures(text)
    if len(pairs) < 2 or not all(title in TITLES for _, title in pairs):
        return makedocs.text_pdf(text)  # not one name and one title a line (the first seed): as it is
    return makedocs.two_column_pdf(pairs, body)


# Each format, made from a seed letter at test time.
MAKERS = {
    "txt": (lambda t: t.encode("utf-8"), "letter.txt", TEXT),
    "utf16": (lambda t: "\ufeff".encode("utf-16-le") + t.encode("utf-16-le"), "letter.txt", TEXT),
    "md": (lambda t: t.encode("utf-8"), "letter.md", MARKDOWN),
    "pdf": (makedocs.text_pdf, "letter.pdf", PDF),
    "pdf-two-columns": (two_column_letter, "letter.pdf", PDF),
    "docx": (makedocs.docx, "letter.docx", DOCX),
    "html": (lambda t: makedocs.html(t, "A letter on North Korean refugees"), "letter.html", HTML),
}


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize("name", SEEDS)
def test_each_format_gives_the_facts_of_the_text(name: str, kind: str) -> None:
    text = seed(name)
    make, filename, media_type = MAKERS[kind]
    data = make(text)
    doc = read(data, filename)
    assert doc.media_type == media_type
    assert doc.data == data and doc.size == len(data)
    check_pages(doc)
    expected = facts(text)
    assert expected["repatriations"], "the seed letter itself gives repatriations"
    assert facts(doc.text) == expected


def test_page_break_inside_a_sentence() -> None:
    # A page of short lines, then a sentence long enough to run on to the next page.
    filler = "\n".join(f"Line {i} of the letter." for i in range(44))
    sentence = "The PRC forcibly repatriated " + "600 North Korean refugees and " * 30 + "others in 2023."
    doc = read(makedocs.text_pdf(filler + "\n" + sentence), "a.pdf")
    assert len(doc.pages) == 2
    first, second = doc.pages
    assert doc.text[first.end : second.start] == "\n"  # one sentence still, not two paragraphs
    assert not doc.page_text(1).endswith(".") and doc.page_text(2).endswith("others in 2023.")
    assert doc.page_at(0) is first and doc.page_at(first.end) is first and doc.page_at(second.start) is second
    assert sentence in doc.text.replace("\n", " ")


def test_pdf_title_from_metadata_unless_it_is_a_file_name() -> None:
    from refwatch.ingest.pdf import _title

    assert _title("Letter to Ambassador  Perdue") == "Letter to Ambassador Perdue"
    assert _title("Microsoft Word - letter final.docx") is None and _title("scan0042.pdf") is None


def test_unreadable_text_layer_is_recognised() -> None:
    from refwatch.ingest.pdf import unreadable

    assert unreadable("\ue001\ue002\ue003 " * 20) and unreadable("\ufffd" * 40)
    assert not unreadable("The PRC forcibly repatriated 600 North Korean refugees.") and not unreadable(
        "\ufffd" * 5
    )


def test_same_bytes_same_document_hash() -> None:
    data = makedocs.text_pdf(seed(SEEDS[0]))
    first, second = read(data, "a.pdf"), read(data, "copy-of-a.pdf")
    assert first.sha256 == second.sha256 and len(first.sha256) == 64
    assert read(data + b"\n", "a.pdf").sha256 != first.sha256


def test_two_column_signature_block_reads_column_by_column() -> None:
    pairs = [
        ("James R. Walkinshaw", "Member of Congress"),
        ("Tim Kaine", "United States Senator"),
        ("Ami Bera, M.D.", "Member of Congress"),
        ("Chris Van Hollen", "United States Senator"),
    ]
    doc = read(
        makedocs.two_column_pdf(pairs, "Dear Ambassador Perdue,\n\nThank you.\n\nSincerely,"), "sig.pdf"
    )
    for name, title in pairs:
        assert f"{name}\n{title}" in doc.text
    assert "Walkinshaw Tim Kaine" not in doc.text
    assert doc.text.index("Walkinshaw") < doc.text.index("Tim Kaine") < doc.text.index("Ami Bera")


def test_layout_keeps_prose_and_splits_columns() -> None:
    runs = [
        Run(72, 700, 540, 711, "The PRC forcibly repatriated 600 North Korean refugees on October 9,"),
        Run(72, 686, 200, 697, "2023, it is reported."),
        Run(72, 640, 180, 650, "James R. Walkinshaw"),
        Run(324, 640, 380, 650, "Tim Kaine"),
        Run(72, 626, 176, 636, "Member of Congress"),
        Run(324, 626, 430, 636, "United States Senator"),
        Run(324, 612, 420, 622, "Commonwealth of Virginia"),
        Run(72, 580, 300, 590, "Enclosure"),
    ]
    assert page_text(runs) == (
        "The PRC forcibly repatriated 600 North Korean refugees on October 9, 2023, it is reported.\n\n"
        "James R. Walkinshaw\nMember of Congress\n\n"
        "Tim Kaine\nUnited States Senator\nCommonwealth of Virginia\n\n"
        "Enclosure"
    )


def test_layout_centred_signature_block() -> None:
    runs = [
        Run(72, 700, 300, 711, "Sincerely,"),
        Run(100, 640, 200, 650, "Peter Welch"),
        Run(380, 640, 430, 650, "Tim Kaine"),
        Run(90, 626, 210, 636, "United States Senator"),
        Run(345, 626, 465, 636, "United States Senator"),
    ]
    assert (
        page_text(runs)
        == "Sincerely,\n\nPeter Welch\nUnited States Senator\n\nTim Kaine\nUnited States Senator"
    )


def test_layout_table_of_figures_reads_row_by_row() -> None:
    runs = [
        Run(72, 640, 120, 650, "Date"),
        Run(300, 640, 340, 650, "Count"),
        Run(72, 626, 140, 636, "2023-10-09"),
        Run(300, 626, 318, 636, "600"),
        Run(72, 612, 130, 622, "April 2024"),
        Run(300, 612, 318, 622, "200"),
    ]
    assert page_text(runs) == "Date\tCount\n2023-10-09\t600\nApril 2024\t200"


def test_layout_keeps_right_aligned_and_centred_lines_apart() -> None:
    runs = [
        Run(250, 740, 362, 751, "Congress of the United States"),
        Run(466, 700, 540, 711, "May 13, 2026"),
        Run(72, 686, 230, 697, "President Donald J. Trump"),
        Run(
            72, 672, 540, 683, "As you participate in the U.S.-China Summit, we write to respectfully request"
        ),
        Run(72, 658, 300, 669, "that you urge the PRC to halt."),
    ]
    assert page_text(runs) == (
        "Congress of the United States\n\nMay 13, 2026\nPresident Donald J. Trump\n"
        "As you participate in the U.S.-China Summit, we write to respectfully request that you urge the PRC to halt."
    )


def test_markdown_leftovers_are_cleaned() -> None:
    md = (
        "# Letter to the Ambassador\n\nWashington, **DC** 20515\n\n"
        "The *PRC* repatriated [600 refugees](https://example.org/report) on `October 9, 2023`.\n"
        "> quoted __text__\n\n---\n\n* a point\n"
    )
    doc = read(md.encode(), "letter.md")
    assert doc.text == (
        "Letter to the Ambassador\n\nWashington, DC 20515\n\n"
        "The PRC repatriated 600 refugees on October 9, 2023.\nquoted text\n\n\n\n- a point\n"
    )
    plain = read(
        b"Washington, **DC** 20515 and 2*3*4 stay; see [the report](https://example.org/r).", "a.txt"
    )
    assert plain.text == "Washington, DC 20515 and 2*3*4 stay; see the report."
    assert read(b"## Letter\n#1 priority stays\n", "b.txt").text == "Letter\n#1 priority stays\n"
    assert plain.warnings


@pytest.mark.parametrize(
    "unit", [b"**a ", b"__a ", b"[a ", b"[a](", b"![a](", b"*a ", b"`a ", b"# ", b"a\n=\n"]
)
def test_hostile_markup_costs_linear_time(unit: bytes) -> None:
    # One long line of openers without closers: backtracking regexes would take hours on this.
    data = b"x" + unit * 100_000
    for name in ("a.txt", "a.md"):
        assert read(data, name).text.startswith("x")


def test_text_encodings() -> None:
    assert read(b"\xef\xbb\xbfOctober 9, 2023\r\n", "a.txt").text == "October 9, 2023\n"
    assert read("\ufeffÉté".encode("utf-16-be"), "a.txt").text == "Été"


def test_docx_table_and_properties() -> None:
    data = makedocs.docx(
        "Dear Ambassador,\nSincerely,",
        title="Letter on refugees",
        table=[
            ["James R. Walkinshaw\nMember of Congress", "Tim Kaine\nUnited States Senator"],
            ["2023", "600"],
        ],
    )
    doc = read(data, "x.docx")
    assert doc.title == "Letter on refugees" and doc.published == "2025-01-02"
    assert (
        "Sincerely,\nJames R. Walkinshaw\nMember of Congress\n\nTim Kaine\nUnited States Senator" in doc.text
    )
    assert "2023\t600" in doc.text


def test_html_body_title_and_date() -> None:
    doc = read(makedocs.html(seed(SEEDS[1]), "Members urge Trump", "2026-05-14"), "page.html")
    assert doc.title == "Members urge Trump" and doc.published == "2026-05-14"
    assert "Privacy" not in doc.text and "Donate" not in doc.text
    bare = read(b"<html><body><ul><li>one</li><li>two</li></ul></body></html>", "list.html")
    assert bare.text == "one\ntwo"
    one_line_error(b"<html><body><script>var x = 1;</script></body></html>", "blank.html", "no text")


def test_docx_letterhead_in_the_header() -> None:
    data = makedocs.docx(
        "May 13, 2026\nDear President Trump,", header="Congress of the United States\nWashington, DC 20515"
    )
    doc = read(data, "letter.docx")
    assert doc.text.startswith("Congress of the United States\nWashington, DC 20515\n\nMay 13, 2026\n")


def test_html_date_comes_from_markup_not_prose() -> None:
    doc = read(
        makedocs.html("Members wrote on May 13, 2026 to the President. " * 10, "Letter", None), "a.html"
    )
    assert doc.published is None


def test_html_too_large_for_article_extraction_keeps_all_its_text() -> None:
    page = (
        b"<html><body><article>"
        + b"<p>Refugees were repatriated on October 9, 2023.</p>" * 60_000
        + b"</article>"
    )
    doc = read(page + b"<script>var x;</script></body></html>", "huge.html")
    assert doc.text.count("Refugees were repatriated on October 9, 2023.\n") == 59_999
    assert "var x" not in doc.text and "too large to find its article" in doc.warnings[0]


def test_html_is_sniffed_whatever_the_name() -> None:
    doc = read(makedocs.html("Some text of an article. " * 20, "Title", None), "download")
    assert doc.media_type == HTML


# The OCR tests: one small letter each, at a modest resolution.


@pytest.mark.parametrize("name", SEEDS)
def test_scanned_pdf_is_read_by_ocr(name: str) -> None:
    text = seed(name)
    doc = read(makedocs.scanned_pdf(text, dpi=150), "scan.pdf")
    assert doc.pages and all(p.ocr for p in doc.pages)
    assert doc.warnings[0] == "page 1 read by OCR"
    # Wrapped lines are joined as in a text layer: the sentence reads whole.
    assert "the PRC forcibly repatriated 600 North Korean refugees on October 9, 2023" in doc.text
    check_pages(doc)
    expected, got = facts(text), facts(doc.text)
    assert got["repatriations"] == expected["repatriations"]
    assert got["figures"] == expected["figures"]
    assert got["doc_date"] == expected["doc_date"]
    # Tesseract reads these clean pages whole: the letter's parties come through as well.
    assert (got["senders"], got["recipients"]) == (expected["senders"], expected["recipients"])


def test_scanned_two_column_signature_block() -> None:
    text = (
        "Thank you for your attention.\n\nSincerely,\n\n"
        "James R. Walkinshaw\tTim Kaine\nMember of Congress\tUnited States Senator\n\n"
        "Ami Bera, M.D.\tChris Van Hollen\nMember of Congress\tUnited States Senator\n"
    )
    doc = read(makedocs.scanned_pdf(text, dpi=150), "signatures.pdf")
    for name, title in [
        ("James R. Walkinshaw", "Member of Congress"),
        ("Tim Kaine", "United States Senator"),
        ("Ami Bera, M.D.", "Member of Congress"),
        ("Chris Van Hollen", "United States Senator"),
    ]:
        assert f"{name}\n{title}" in doc.text


def test_scanned_pages_read_in_batches_keep_their_order() -> None:
    # Five pages on two workers: Tesseract reads them in batches, one process each; every page's
    # words must come back to that page.
    sentences = [
        f"Page {word} says the shelter in Shenyang held {n} people."
        for word, n in [("one", 11), ("two", 22), ("three", 33), ("four", 44), ("five", 55)]
    ]
    images = [makedocs.page_images(sentence, dpi=150)[0] for sentence in sentences]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=150.0)
    doc = read(buf.getvalue(), "five-pages.pdf")
    assert [doc.page_text(page.number) for page in doc.pages] == sentences


def test_scan_is_rendered_at_most_at_the_ocr_resolution() -> None:
    import pypdfium2 as pdfium

    from refwatch.ingest.ocr import render_dpi

    pdf = pdfium.PdfDocument(makedocs.scanned_pdf("North Korean refugees", dpi=300))
    assert render_dpi(pdf[0], Limits().ocr_dpi) == 200
    assert render_dpi(pdf[0], 400) == 300  # no more than the scan's own
    pdf = pdfium.PdfDocument(makedocs.scanned_pdf("North Korean refugees", dpi=100))
    assert render_dpi(pdf[0], 200) == 150  # small print needs at least this many


def test_ocr_over_budget_is_refused_before_starting() -> None:
    data = makedocs.scanned_pdf("North Korean refugees", dpi=40, pages=12)
    with pytest.raises(IngestError, match=r"12 scanned pages.*over the OCR limit"):
        read(data, "long-scan.pdf", limits=Limits(ocr_seconds=1.0))


def test_ocr_budget_is_enforced_while_running() -> None:
    # One full page: allowed by the estimate made before starting (0.5 s a page), too long to read.
    data = makedocs.scanned_pdf(seed(SEEDS[0]), dpi=150, pages=1)
    with pytest.raises(IngestError, match=r"OCR ran over its time limit of 0.6 s after 0 of 1"):
        read(data, "slow-scan.pdf", limits=Limits(ocr_seconds=0.6))


# Hostile and broken files: each a clear one-line error.


def one_line_error(data: bytes, filename: str, match: str, limits: Limits | None = None) -> str:
    with pytest.raises(IngestError, match=match) as info:
        read(data, filename, limits=limits)
    message = str(info.value)
    assert "\n" not in message and filename.split("/")[-1] in message
    return message


def test_truncated_pdf() -> None:
    data = makedocs.text_pdf(seed(SEEDS[0]))
    one_line_error(data[: len(data) // 2], "cut.pdf", "truncated")


def test_broken_pdf() -> None:
    one_line_error(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "junk.pdf", "broken PDF")


def test_encrypted_pdf() -> None:
    data = makedocs.text_pdf("Dear Ambassador Perdue,", password="secret")
    one_line_error(data, "locked.pdf", "encrypted PDF that needs a password")


def test_pdf_that_is_text() -> None:
    one_line_error(b"Dear Ambassador Perdue,\n", "letter.pdf", "is not a PDF")


def test_pdf_named_docx_is_read_as_pdf() -> None:
    doc = read(makedocs.text_pdf("Dear Ambassador Perdue,"), "letter.docx")
    assert doc.media_type == PDF and "Dear Ambassador Perdue," in doc.text
    assert doc.warnings[0].startswith("the file is named as a DOCX but is a PDF")


def test_docx_that_is_not_a_zip() -> None:
    one_line_error(b"%!PS-Adobe", "letter.docx", "is not a DOCX")


def test_broken_zip_named_docx() -> None:
    data = makedocs.docx("Hello")
    one_line_error(data[:400], "half.docx", "broken")


def test_zip_of_an_unknown_version_named_docx() -> None:
    # The central directory asks for version 23.5 to extract: zipfile raises NotImplementedError.
    data = bytearray(makedocs.docx("Hello"))
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (235).to_bytes(2, "little")
    one_line_error(bytes(data), "new.docx", "broken")


def test_empty_file() -> None:
    one_line_error(b"", "empty.txt", "empty")


def test_file_over_the_size_limit() -> None:
    one_line_error(b"x" * 2048, "big.txt", "over the limit", Limits(max_bytes=1024))


def test_read_path_checks_the_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as handle:  # a sparse file: 200 MB on paper, nothing written
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(IngestError, match=r"huge.pdf is 209,715,200 bytes, over the limit"):
        read_path(big)
    small = tmp_path / "letter.txt"
    small.write_text("May 13, 2026\n", encoding="utf-8")
    doc = read_path(small)
    assert doc.filename == "letter.txt" and doc.text == "May 13, 2026\n"


def test_read_path_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="can't be read"):
        read_path(tmp_path / "nowhere.pdf")


def test_invalid_utf8() -> None:
    message = one_line_error(b"Perdue \xff\xfe rest", "bad.txt", "not valid UTF-8")
    assert "offset 7" in message and "convert" in message


def test_binary_garbage() -> None:
    one_line_error(b"\x00\x01\x02\x03" * 100, "blob.txt", "binary")


def test_image_is_named() -> None:
    one_line_error(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "photo.png", "PNG image")


def test_zip_bomb_named_docx() -> None:
    one_line_error(makedocs.zip_bomb(size=32 * 1024 * 1024), "bomb.docx", "zip bomb")


def test_docx_unpacking_over_the_limit() -> None:
    one_line_error(makedocs.docx("Hello world"), "letter.docx", "unpacks to", Limits(max_unpacked_bytes=1000))


def test_docx_of_too_many_parts() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(10_001):
            zf.writestr(f"word/media/{i}.bin", b"")
    one_line_error(buf.getvalue(), "parts.docx", "10,002 files")


def test_zip_that_is_not_a_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    one_line_error(buf.getvalue(), "letter.docx", "not a DOCX")


def test_too_many_pages() -> None:
    data = makedocs.text_pdf("A line of text.\n" * 400)
    one_line_error(data, "long.pdf", r"pages, over the limit of 2", Limits(max_pages=2))


# Whatever the bytes, read() gives a Document or an IngestError: never another exception, never a hang.

_PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<!DOCTYPE html><html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=2048),
    name=st.sampled_from(["x.pdf", "x.docx", "x.html", "x.md", "x.txt", ""]),
)
def test_random_bytes_never_crash(prefix: bytes, body: bytes, name: str) -> None:
    try:
        doc = read(prefix + body + (b"\n%%EOF\n" if prefix.startswith(b"%PDF") else b""), name)
    except IngestError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        check_pages(doc)


@cache
def _letter_pdf() -> bytes:
    return makedocs.two_column_pdf(
        body_and_signatures(seed(SEEDS[1]))[1], body_and_signatures(seed(SEEDS[1]))[0]
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=20
    )
)
def test_damaged_pdf_never_crashes(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_letter_pdf())
    for position, value in flips:
        data[position % len(data)] = value
    try:
        doc = read(bytes(data), "damaged.pdf")
    except IngestError as exc:
        assert "\n" not in str(exc)
    else:
        check_pages(doc)
