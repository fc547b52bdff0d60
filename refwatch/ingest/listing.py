"""The items a watched source lists: the entries of an RSS or Atom feed, or the links of a listing
page (a committee's press releases, an NGO's news) to pages of the same site.

    >>> items_of_feed(body, "https://example.org/feed.xml")    # [Item(url, title, published), …]
    >>> items_of_page(body, "https://example.org/news/")

Plain Python: feedparser for feeds (handed the bytes, never an address: it fetches nothing), lxml
for pages. A feed that is not well-formed is refused (FeedError, with the parser's words) rather
than read by guesswork, so that a broken feed shows as an error on its source, not as items
that are half right. The items keep the order the source gives, newest first as sources do.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from refwatch.ingest.fetch import SCHEMES

# What a page's links to other parts of its site look like, beside its items: the site's own
# navigation, feeds, log-ins, sharing, and files that are not documents.
_NOT_ITEMS = re.compile(
    r"(^|/)(tag|tags|category|categories|author|search|login|signin|subscribe|share|feed|rss|contact|about)"
    r"(/|$|\?)|\.(css|js|jpg|jpeg|png|gif|svg|ico|xml|zip|mp3|mp4)$",
    re.IGNORECASE,
)
_CHROME = "nav header footer aside form".split()
_DATED = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


class FeedError(ValueError):
    """The source's answer is not a feed or a page refwatch can read items from (one line)."""


@dataclass(frozen=True)
class Item:
    url: str
    title: str = ""
    published: str | None = None  # ISO date (YYYY-MM-DD) when the source gives one


def normalise(url: str) -> str:
    """An item's address as it is compared: without its fragment, scheme and host in lower case."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    return parts._replace(scheme=parts.scheme.lower(), netloc=netloc).geturl()


def items_of_feed(body: bytes, base_url: str) -> list[Item]:
    """The entries of an RSS or Atom feed, each with its link, title and date."""
    # Read as XML whatever type the server gave it (many serve feeds as text/html or text/plain).
    headers = {"content-location": base_url, "content-type": "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers)
    problem = parsed.get("bozo_exception")
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.get("bozo") and not isinstance(problem, harmless):
        raise FeedError(f"the feed is not well-formed XML: {_say(problem)}")
    if not parsed.get("version"):
        raise FeedError("the answer is not an RSS or Atom feed (watch it as a page: --kind page)")
    items: list[Item] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or ""
        url = _http(urljoin(base_url, link)) if link else None
        if url is None or url in seen:
            continue
        seen.add(url)
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(Item(url, " ".join((entry.get("title") or "").split())[:500], _iso(when)))
    return items


def items_of_page(body: bytes, base_url: str) -> list[Item]:
    """The links of a listing page to other pages of its own site: its items. Links in the page's
    navigation, header, footer and side bars are the site's, not the list's, and are left out; so
    are the page itself and the pages above it (its section, the home page)."""
    try:
        tree = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError) as error:
        raise FeedError(f"the page cannot be read as HTML: {_say(error)}") from None
    base = tree.xpath("string(//base/@href)").strip()
    base_url = urljoin(base_url, base) if base else base_url
    site = _site(base_url)
    here = normalise(base_url)
    main = tree.xpath("//main") or tree.xpath("//*[@role='main']") or [tree]
    items: list[Item] = []
    seen: set[str] = set()
    for root in main:
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if not href or href.startswith("#") or _in_chrome(link, root):
                continue
            url = _http(urljoin(base_url, href))
            if url is None or _site(url) != site or url in seen:
                continue
            path = urlsplit(url).path
            if url == here or here.startswith(url.rstrip("/") + "/") or _NOT_ITEMS.search(path):
                continue
            seen.add(url)
            title = " ".join(link.text_content().split())[:500]
            items.append(Item(url, title, _date_near(link)))
    return items


def _http(url: str) -> str | None:
    url = normalise(url)
    parts = urlsplit(url)
    return url if parts.scheme in SCHEMES and parts.hostname else None


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _in_chrome(link: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    for parent in link.iterancestors():
        if parent is root:
            return False
        if parent.tag in _CHROME:
            return True
    return False


def _date_near(link: lxml.html.HtmlElement) -> str | None:
    """The date the page gives an item: a <time datetime> in the link's own entry (its list item,
    article or row), else a YYYY-MM-DD in the link's address."""
    for parent in link.iterancestors("li", "article", "tr", "div"):
        for time_el in parent.iter("time"):
            found = _DATED.search(time_el.get("datetime") or time_el.text_content() or "")
            if found:
                return found.group(0)
        if len(parent.xpath(".//a[@href]")) > 1:
            break  # the entry of several links is the list itself: its dates are others'
    found = _DATED.search(link.get("href") or "")
    return found.group(0) if found else None


def _iso(when: time.struct_time | None) -> str | None:
    if not when:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(when), UTC).date().isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def _say(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__
