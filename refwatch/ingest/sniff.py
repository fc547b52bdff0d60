"""What a file is, from its bytes; the file name's extension is only a hint."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from refwatch.ingest.document import ZIP_ERRORS, IngestError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"
MARKDOWN = "text/markdown"

_BY_EXTENSION = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".txt": TEXT,
    ".text": TEXT,
}
_NAMES = {
    PDF: "a PDF",
    DOCX: "a DOCX",
    HTML: "an HTML page",
    TEXT: "a text file",
    MARKDOWN: "a Markdown file",
}

# Formats people will try that ingest does not read, named so the error can say what the file is.
_OTHER_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office (OLE) file such as .doc"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(body|head|title|p|div|article|meta)[\s>/]", re.I)


def extension_type(filename: str) -> str | None:
    return _BY_EXTENSION.get(PurePath(filename).suffix.lower())


def describe(data: bytes) -> str:
    """A few words on what the bytes look like, for an error message."""
    for magic, name in _OTHER_MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith(b"PK\x03\x04"):
        return "a zip archive"
    head = data[:24].decode("utf-8", "replace")
    shown = "".join(ch if ch.isprintable() else "." for ch in head)
    return f'it starts with "{shown}"'


def sniff(data: bytes, filename: str, display: str) -> str:
    """The media type of `data`; IngestError when it isn't one ingest reads or contradicts the name."""
    hinted = extension_type(filename)
    found: str | None = None
    if b"%PDF-" in data[:1024]:  # the spec lets junk precede the header; readers accept 1 KB of it
        found = PDF
    elif data.startswith(b"PK\x03\x04"):
        found = DOCX if _is_docx(data, display) else None
        if found is None:
            raise IngestError(
                f"{display} is a zip archive but not a DOCX (no word/document.xml); save it as .docx"
            )
    else:
        for magic, name in _OTHER_MAGIC:
            if data.startswith(magic):
                raise IngestError(
                    f"{display} is {name}, which refwatch does not read; "
                    "convert it to PDF, DOCX, HTML or UTF-8 text"
                )
        head = data[:4096].lstrip(b"\xef\xbb\xbf")
        if _HTML_START.match(head) or (hinted == HTML and _HTML_TAGS.search(head)):
            found = HTML
        else:
            found = MARKDOWN if hinted == MARKDOWN else TEXT
    if hinted in (PDF, DOCX) and found not in (PDF, DOCX):
        # Typically a web server's error page saved under the document's name.
        raise IngestError(
            f"{display} is not {_NAMES[hinted]}: {describe(data)}; check that the file is complete"
        )
    return found


def mismatch(filename: str, found: str) -> str | None:
    """A warning when the name says one document format and the bytes are another."""
    hinted = extension_type(filename)
    if hinted in (PDF, DOCX) and found in (PDF, DOCX) and hinted != found:
        return f"the file is named as {_NAMES[hinted]} but is {_NAMES[found]}; read as {_NAMES[found]}"
    return None


def _is_docx(data: bytes, display: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except ZIP_ERRORS as exc:
        raise IngestError(
            f"{display} is a broken zip archive ({exc}); save the document again as .docx"
        ) from exc
