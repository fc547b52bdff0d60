"""HTML: the article's body, title and date through trafilatura; all the page's text otherwise."""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml.html import HtmlElement

from refwatch.ingest.document import Document, IngestError, make
from refwatch.ingest.sniff import HTML

# trafilatura logs every page it finds no article in; ingest says so in a warning instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# trafilatura's time grows faster than the page: 100,000 elements take it most of a minute. A news
# page has a few thousand; past this many, the page's text is kept whole instead.
MAX_ELEMENTS = 50_000

_BLOCKS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody thead tfoot tr ul".split()
)
_CELLS = frozenset(("td", "th"))
_DROP = "//script|//style|//noscript|//template|//head|//svg"


def plain_text(tree: HtmlElement) -> str:
    """All the text of a page, one block element a line (no article detection)."""
    for element in tree.xpath(_DROP):
        element.drop_tree()
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
        elif tag in _CELLS:
            element.tail = "\t" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_html(data: bytes, filename: str, display: str) -> Document:
    warnings: list[str] = []
    tree = trafilatura.load_html(data)
    if tree is None:
        raise IngestError(f"{display} is HTML that could not be parsed; save the page again from a browser")
    elements = sum(1 for _ in tree.iter())
    text, title, published = "", None, None
    if elements > MAX_ELEMENTS:
        title = tree.findtext(".//title")
        text = plain_text(tree)
        warnings.append(
            f"a page of {elements:,} elements is too large to find its article in; all its text was kept"
        )
    else:
        try:
            found = trafilatura.bare_extraction(
                data,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                deduplicate=False,
                # The date the page's markup gives (meta tags, <time>), never one guessed from its
                # prose: a letter quoted in an article carries its own date, which is not the article's.
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as exc:  # a parser's error on hostile HTML is the file's fault
            raise IngestError(
                f"{display} is HTML that could not be read ({type(exc).__name__}: {exc})"
            ) from exc
        if found is not None:
            text = (found.text or "").strip()
            title, published = found.title, found.date
        if not text:
            # No article body (a list page, a bare fragment): keep every word rather than nothing.
            text = plain_text(tree)
            warnings.append("no article body found in the HTML; all of its text was kept")
    if not text:
        raise IngestError(f"{display} is an HTML page with no text in it")
    return make(data, filename, HTML, [text], title=title, published=published, warnings=warnings)
