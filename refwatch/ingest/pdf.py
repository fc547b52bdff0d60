"""PDF: the text layer through PDFium (pypdfium2), scanned pages through OCR."""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from refwatch.ingest import layout, ocr
from refwatch.ingest.document import Document, IngestError, Limits, make
from refwatch.ingest.sniff import PDF

# PDFium is not thread-safe: every call into it, from any thread of the process, goes through here.
PDFIUM_LOCK = threading.RLock()

MAX_RUNS = 5000  # beyond this many text runs a page gets PDFium's plain text (a chart, a map)
MIN_TEXT_CHARS = 16  # a page with fewer characters than this and an image on it is a scan
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


@contextmanager
def open_pdf(data: bytes, display: str) -> Iterator[pdfium.PdfDocument]:
    """The PDF, opened; IngestError for a truncated, broken or encrypted file."""
    # PDFium repairs what it can and would open a file cut off half-way, giving fewer pages than
    # it had: a document kept as evidence must be complete, so a missing end marker is refused.
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(
            f"{display} is truncated or broken: the PDF has no end-of-file marker; download or export it again"
        )
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise IngestError(
                    f"{display} is an encrypted PDF that needs a password; save an unprotected copy"
                ) from exc
            raise IngestError(f"{display} is a broken PDF ({exc}); download or export it again") from exc
    try:
        yield pdf
    finally:
        with PDFIUM_LOCK:
            pdf.close()


# Titles that word processors write for the user: the file's name, not the document's title.
_NOT_A_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|rtf|odt|pages)|untitled.*)$", re.I
)


def _title(value: str) -> str | None:
    value = " ".join(value.split())
    return None if not value or _NOT_A_TITLE.match(value) else value


def _published(pdf: pdfium.PdfDocument) -> str | None:
    meta = pdf.get_metadata_dict(skip_empty=True)
    match = _PDF_DATE.match(meta.get("CreationDate", "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    return "-".join(part for part in (year, month, day) if part)


def _rects(textpage: pdfium.PdfTextPage, count: int) -> list[layout.Run]:
    """The page's `count` text rectangles (PDFium cuts a line into several where its text objects
    change); `count` from textpage.count_rects(), which works them all out on each call.

    Through the raw binding with reused out-parameters: the helper's get_rect makes four ctypes
    objects a call, a visible share of the time on a text-only PDF.
    """
    left, top, right, bottom = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    get_rect = pdfium_c.FPDFText_GetRect
    raw = textpage.raw
    runs = []
    for i in range(count):
        if get_rect(raw, i, left, top, right, bottom):
            runs.append(layout.Run(left.value, bottom.value, right.value, top.value))
    return runs


def _page_text(textpage: pdfium.PdfTextPage, rect_count: int) -> str:
    runs = _rects(textpage, rect_count)
    lines = layout.group_lines(runs)
    # PDFium's own text breaks lines where the runs do: the page's text in one call gives each
    # line's text, and only lines split at a wide gap need a call per segment. Asking PDFium for
    # the text of every run instead costs a scan of the page each time.
    own = textpage.get_text_range().split("\r\n")
    same = len(own) == len(lines)

    def bounded(segment: list[layout.Run]) -> str:
        left, right = min(r.left for r in segment), max(r.right for r in segment)
        bottom, top = min(r.bottom for r in segment), max(r.top for r in segment)
        return textpage.get_text_bounded(left, bottom, right, top).replace("\r\n", " ").strip()

    for i, line in enumerate(lines):
        if same and len(line.segments) == 1:
            line.texts = [own[i].strip()]
        else:
            line.texts = [bounded(segment) for segment in line.segments]
    return _clean(layout.lines_text(lines))


# PDFium marks a hyphen it found at a line's end with \x02; other control characters are noise.
_CONTROLS = {i: None for i in (*range(0, 9), 11, 12, *range(14, 32), 0x7F)} | {0x02: "-", 0xFFFE: None}


def _clean(text: str) -> str:
    return text.translate(_CONTROLS)


def unreadable(text: str) -> bool:
    """Whether a page's text layer is garbage: fonts without a Unicode map give replacement
    characters or private-use code points instead of letters, and OCR does better than that."""
    letters = "".join(text.split())
    if len(letters) < 20:
        return False
    # Counted in C, not a character at a time: this runs on every page of every PDF. Private-use
    # code points are not printable; the replacement character is.
    bad = letters.count("\ufffd")
    if not letters.isprintable():
        bad += len(letters) - sum(map(str.isprintable, letters))
    return bad > 0.3 * len(letters)


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def read_pdf(data: bytes, filename: str, display: str, limits: Limits) -> Document:
    with open_pdf(data, display) as pdf:
        with PDFIUM_LOCK:
            count = len(pdf)
        if count > limits.max_pages:
            raise IngestError(
                f"{display} has {count} pages, over the limit of {limits.max_pages}; split it into smaller files"
            )
        if count == 0:
            raise IngestError(f"{display} is a PDF with no pages")
        texts: list[str] = []
        scans: list[int] = []
        garbled: list[int] = []  # pages whose text layer is there but unreadable: read by OCR too
        with PDFIUM_LOCK:
            title = _title(pdf.get_metadata_value("Title") or "")
            published = _published(pdf)
            for index in range(count):
                try:
                    page = pdf[index]
                    textpage = page.get_textpage()
                except pdfium.PdfiumError as exc:
                    raise IngestError(
                        f"{display} is a broken PDF: page {index + 1} can't be read ({exc}); export it again"
                    ) from exc
                try:
                    if textpage.count_chars() < MIN_TEXT_CHARS and _has_image(page):
                        scans.append(index)
                        texts.append("")
                    elif page.get_rotation() or (rect_count := textpage.count_rects()) > MAX_RUNS:
                        # A turned page's boxes are in the unturned page's axes, and a page of
                        # thousands of runs is no letter: PDFium's own reading order serves.
                        texts.append(_clean(textpage.get_text_range().replace("\r\n", "\n")).strip())
                    else:
                        text = _page_text(textpage, rect_count)
                        if unreadable(text):
                            scans.append(index)
                            garbled.append(index)
                            text = ""
                        texts.append(text)
                finally:
                    textpage.close()
                    page.close()
        warnings: list[str] = []
        if scans:
            for index, text in ocr.read_pages(pdf, scans, limits, display, PDFIUM_LOCK).items():
                texts[index] = text
            warnings.extend(
                f"page {i + 1} read by OCR" + (" (its text layer is unreadable)" if i in garbled else "")
                for i in scans
            )
    if not any(t.strip() for t in texts):
        warnings.append("no text found in the PDF")
    return make(
        data,
        filename,
        PDF,
        texts,
        ocr_pages=[i + 1 for i in scans],
        title=title,
        published=published,
        warnings=warnings,
    )
