"""HTML: the article's body, title and date through trafilatura; all the page's text otherwise."""

from __future__ import annotations

import logging

import trafilatura

from refwatch.ingest.document import Document, IngestError, make
from refwatch.ingest.sniff import HTML

# trafilatura logs every page it finds no article in; ingest says so in a warning instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def read_html(data: bytes, filename: str, display: str) -> Document:
    warnings: list[str] = []
    try:
        found = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # The date the page's markup gives (meta tags, <time>), never one guessed from its prose:
            # a letter quoted in an article carries its own date, which is not the article's.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a parser's error on hostile HTML is the file's fault
        raise IngestError(f"{display} is HTML that could not be parsed ({exc})") from exc
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    title = getattr(found, "title", None) if found is not None else None
    published = getattr(found, "date", None) if found is not None else None
    if not text:
        # No article body (a list page, a bare fragment): keep every word rather than nothing.
        text = (trafilatura.html2txt(data) or "").strip()
        warnings.append("no article body found in the HTML; all of its text was kept")
    if not text:
        raise IngestError(f"{display} is an HTML page with no text in it")
    return make(data, filename, HTML, [text], title=title, published=published, warnings=warnings)
