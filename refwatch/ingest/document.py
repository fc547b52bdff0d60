"""What ingest makes of a file: a Document with its original bytes, its text and its pages."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

PAGE_SEPARATOR = "\n\n"  # between two pages' texts in Document.text: a paragraph break, never a word join
CONTINUED = "\n"  # between two pages when the first ends mid-sentence: the sentence goes on
_SENTENCE_END = tuple(".!?:;)]\"'\u201d\u2019")


# What zipfile raises on a damaged or unusual archive: besides BadZipFile, NotImplementedError for a
# version or compression it does not know (found by bench/fuzz.sh), EOFError and OSError for one
# cut short, ValueError for impossible offsets.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError)


class IngestError(ValueError):
    """A file that can't be read, with one line saying what is wrong and what to do."""

    def __init__(self, message: str) -> None:
        # One line, always: the message goes to a CLI's list of refused files and to a page.
        super().__init__(" ".join(str(message).split()))


@dataclass(frozen=True)
class Limits:
    """How much one file may cost. Sane defaults; the app fills them from its settings."""

    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    ocr_seconds: float = 600.0  # total OCR time budget for one file (wall clock)
    # The most dots per inch a scanned page is rendered at for OCR. Tesseract reads 8-point print
    # right from 200 dpi; each step up costs time on every page and reads no more words.
    ocr_dpi: int = 200
    max_unpacked_bytes: int = 200 * 1024 * 1024  # DOCX (zip): uncompressed total


@dataclass
class Page:
    """One page of a Document: Document.text[start:end] is the page's text."""

    number: int  # 1-based
    start: int
    end: int
    ocr: bool = False


@dataclass
class Document:
    """A file as ingest read it. `data` is kept as it came: evidence is shown unaltered."""

    data: bytes
    sha256: str
    media_type: str
    filename: str
    text: str
    pages: list[Page]
    title: str | None = None
    published: str | None = None  # ISO date, when the file itself says
    warnings: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.data)

    def page_text(self, number: int) -> str:
        """The text of page `number` (1-based)."""
        page = self.pages[number - 1]
        return self.text[page.start : page.end]

    def page_at(self, offset: int) -> Page:
        """The page that holds character `offset` of the text (a separator counts to the page before)."""
        for page, following in zip(self.pages, self.pages[1:], strict=False):
            if offset < following.start:
                return page
        return self.pages[-1]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make(
    data: bytes,
    filename: str,
    media_type: str,
    page_texts: Sequence[str],
    *,
    ocr_pages: Sequence[int] = (),
    title: str | None = None,
    published: str | None = None,
    warnings: Sequence[str] = (),
) -> Document:
    """A Document from its page texts, joined with PAGE_SEPARATOR and their offsets recorded."""
    pages: list[Page] = []
    parts: list[str] = []
    offset = 0
    ocr = set(ocr_pages)
    for number, page_text in enumerate(page_texts or [""], start=1):
        if parts:
            # A sentence that runs on to the next page must stay one sentence for extraction.
            previous = parts[-1].rstrip()
            separator = PAGE_SEPARATOR if not previous or previous.endswith(_SENTENCE_END) else CONTINUED
            parts.append(separator)
            offset += len(separator)
        parts.append(page_text)
        pages.append(Page(number, offset, offset + len(page_text), ocr=number in ocr))
        offset += len(page_text)
    return Document(
        data=data,
        sha256=sha256(data),
        media_type=media_type,
        filename=filename,
        text="".join(parts),
        pages=pages,
        title=(title or "").strip() or None,
        published=published,
        warnings=list(warnings),
    )
