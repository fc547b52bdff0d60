"""DOCX through python-docx, after a check that the zip is no bomb."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from refwatch.ingest.document import ZIP_ERRORS, Document, IngestError, Limits, make
from refwatch.ingest.sniff import DOCX

# Word's XML compresses well, up to about 20:1 for long documents; zeros or repeated bytes built to
# exhaust memory compress by 1000:1. Only sizable members are judged, so a tiny part can be sparse.
MAX_RATIO = 100
RATIO_MIN_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 10_000  # a long report with many images has a few hundred parts


def check_zip(data: bytes, display: str, limits: Limits) -> None:
    """IngestError for a broken zip or a zip bomb, judged from its directory before any inflating.

    zipfile stops inflating a member at the size its directory entry declares, so the declared
    sizes bound what python-docx can be made to read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise IngestError(f"{display} is a broken DOCX (bad zip: {exc}); save the document again") from exc
    if len(infos) > MAX_MEMBERS:
        raise IngestError(
            f"{display} holds {len(infos):,} files, over the {MAX_MEMBERS:,} a document has; refused as a zip bomb"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_unpacked_bytes:
        raise IngestError(
            f"{display} unpacks to {total:,} bytes, over the limit of {limits.max_unpacked_bytes:,}; "
            "it is a zip bomb or far too large a document"
        )
    for info in infos:
        if info.file_size >= RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise IngestError(
                f"{display} is a zip bomb: {info.filename} inflates {info.file_size // max(info.compress_size, 1):,} "
                "times its packed size; refused"
            )


def _blocks(document: object) -> Iterator[str]:
    """Paragraphs and tables in document order, each table row by row."""
    from docx.table import Table

    for item in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Table):
            yield from _table(item)
        else:
            yield item.text


def _table(table: object) -> Iterator[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(_cell_lines(cell)).strip())
        cells = [c for c in cells if c]
        # A row of one-liners is a data row and reads as one line; cells holding several lines
        # (a signature: name, then title) are blocks of their own, one after the other.
        if any("\n" in c for c in cells):
            for i, cell_text in enumerate(cells):
                if i:
                    yield ""  # a blank line between two blocks
                yield cell_text
        elif cells:
            yield "\t".join(cells)


def _cell_lines(cell: object) -> Iterator[str]:
    from docx.table import Table

    for item in cell.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Table):
            yield from _table(item)
        else:
            yield item.text


def _letterhead(document: object) -> list[str]:
    """The first page's header (a letterhead often lives there), followed by a blank line."""
    sections = document.sections  # type: ignore[attr-defined]
    if not sections:
        return []
    section = sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous:
        return []
    lines = [p.text.rstrip() for p in header.paragraphs if p.text.strip()]
    return [*lines, ""] if lines else []


def read_docx(data: bytes, filename: str, display: str, limits: Limits) -> Document:
    check_zip(data, display, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise IngestError(
            f"{display} is a damaged DOCX ({type(exc).__name__}: {exc}); save it again"
        ) from exc
    lines = [*_letterhead(document), *(block.rstrip() for block in _blocks(document))]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    props = document.core_properties
    created = props.created.date().isoformat() if props.created else None
    warnings = [] if text else ["no text found in the DOCX"]
    return make(data, filename, DOCX, [text], title=props.title or None, published=created, warnings=warnings)
