"""Bytes to a Document: PDF (text layer; OCR for scans), HTML, DOCX, text.

Plain Python, no web framework, no database:

    >>> from refwatch.ingest import read_path
    >>> doc = read_path("letter.pdf")
    >>> doc.text[doc.pages[0].start : doc.pages[0].end]   # the first page's text

Every refusal is an IngestError whose message is one line saying what is wrong and what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from refwatch.ingest.document import Document, IngestError, Limits, Page, make
from refwatch.ingest.sniff import DOCX, HTML, MARKDOWN, PDF, TEXT, mismatch, sniff

__all__ = [
    "DOCX",
    "HTML",
    "MARKDOWN",
    "PDF",
    "TEXT",
    "Document",
    "IngestError",
    "Limits",
    "Page",
    "read",
    "read_path",
]


def _display(filename: str) -> str:
    return Path(filename).name if filename else "the file"


def _too_big(display: str, size: int, limits: Limits) -> IngestError:
    return IngestError(
        f"{display} is {size:,} bytes, over the limit of {limits.max_bytes:,} bytes; split it or raise the limit"
    )


def read(data: bytes, filename: str = "", *, limits: Limits | None = None) -> Document:
    """The Document in `data`; `filename` (its extension only a hint) names it in messages."""
    limits = limits or Limits()
    display = _display(filename)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise IngestError(f"{display}: read() takes the file's bytes, not {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise IngestError(f"{display} is empty (0 bytes)")
    if len(data) > limits.max_bytes:
        raise _too_big(display, len(data), limits)
    media_type = sniff(data, filename, display)
    if media_type in (PDF, DOCX):
        from refwatch.ingest.docx import read_docx
        from refwatch.ingest.pdf import read_pdf

        reader = read_pdf if media_type == PDF else read_docx
        document = reader(data, filename, display, limits)
        if (warning := mismatch(filename, media_type)) is not None:
            document.warnings.insert(0, warning)
        return document
    if media_type == HTML:
        from refwatch.ingest.html import read_html

        return read_html(data, filename, display)
    from refwatch.ingest import text as plain

    body = plain.decode(data, display)
    warnings: list[str] = []
    if media_type == MARKDOWN:
        body = plain.clean_markdown(body)
    else:
        body, changed = plain.clean_plain(body)
        if changed:
            warnings.append("Markdown markup (bold markers, links, heading marks) removed from the text")
    if not body.strip():
        raise IngestError(f"{display} holds only white space, no text")
    return make(data, filename, media_type, [body], warnings=warnings)


def read_path(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Document:
    """The Document in the file at `path`; its size is checked on disk before it is read."""
    limits = limits or Limits()
    file = Path(path)
    display = file.name or str(file)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise IngestError(f"{display} is not a file")
        if size > limits.max_bytes:
            raise _too_big(display, size, limits)
        with file.open("rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught.
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise IngestError(f"{display} can't be read: {exc.strerror or exc}") from exc
    if len(data) > limits.max_bytes:
        raise _too_big(display, len(data), limits)
    return read(data, file.name, limits=limits)
