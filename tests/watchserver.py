"""A real HTTP server on loopback for the tests of watched sources: feeds (RSS, Atom, broken),
a listing page, news items of our own, and hostile answers (a bottomless body, a broken PDF, a
server that sleeps past the timeout, a redirect to a file). It records every request it gets
(path, time, headers), so that a test can measure what refwatch did to it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Short news items of our own about returns (written for these tests).
DANDONG = """China sends 60 defectors back across the Yalu

March 4, 2025

Chinese authorities forcibly repatriated 60 North Korean defectors from Dandong on February 26, 2025,
according to a human rights group in Seoul. Most of them were women held in a detention centre
in Dandong for several months, the group said.
"""

TUMEN = """Families fear for those returned at Tumen

April 12, 2025

China repatriated 35 North Korean refugees through Tumen on April 9, 2025, activists said. Relatives
in South Korea asked the government to raise their cases with Beijing.
"""

SHENYANG = """Shenyang detainees sent back

June 2, 2025

Activists said China forcibly returned 12 North Korean women from Shenyang on May 30, 2025.
"""

SECRET = """Internal note on a return

July 8, 2025

A source told us that China repatriated 7 North Korean refugees from Yanji on July 1, 2025.
"""


def html_item(text: str) -> bytes:
    title, _, rest = text.partition("\n\n")
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in rest.split("\n\n") if p.strip())
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (path, title, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><pubDate>{date}</pubDate></item>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test news</title>'
        f"<link>{base}/</link><description>news</description>{entries}</channel></rss>"
    ).encode()


def atom(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed of (path, title, ISO date) items."""
    entries = "".join(
        f'<entry><title>{title}</title><link href="{base}{path}"/><id>{base}{path}</id>'
        f"<updated>{date}T08:00:00Z</updated></entry>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom news</title><id>{base}/atom</id><updated>2025-06-02T08:00:00Z</updated>{entries}</feed>"
    ).encode()


GATE_WAIT = 120.0


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    etag: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    # Answers wait until this is set (at most GATE_WAIT seconds): a test holds a client there.
    gate: threading.Event | None = None
    bottomless: bool = False  # sends until the client hangs up


@dataclass
class Seen:
    path: str
    at: float
    headers: dict[str, str]
    status: int = 0


class Site:
    """The routes served and the requests seen; `base` is http://127.0.0.1:PORT."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                seen = Seen(self.path, time.monotonic(), dict(self.headers))
                with site.lock:
                    site.seen.append(seen)
                    route = site.routes.get(self.path)
                if route is None:
                    seen.status = 404
                    self.send_error(404)
                    return
                if route.gate is not None:
                    route.gate.wait(GATE_WAIT)
                if route.sleep:
                    time.sleep(route.sleep)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    seen.status = 304
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                seen.status = route.status
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.bottomless:
                    self.end_headers()
                    chunk = b"A" * 65536
                    try:
                        for _ in range(10_000):  # 640 MB at most, should the client never stop
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def serve(self, path: str, body: bytes | str = b"", **kwargs: object) -> None:
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, **kwargs)  # type: ignore[arg-type]

    def requests(self, path: str | None = None, where: Callable[[Seen], bool] | None = None) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if (path is None or s.path == path) and (where is None or where(s))]


def news_feed(site: Site) -> None:
    """A feed of two news items, the return at Dandong (HTML) and a text from Tumen, served with them."""
    site.serve(
        "/feed.xml",
        rss(
            site.base,
            [
                ("/news/dandong.html", "China sends 60 defectors back", "Tue, 04 Mar 2025 09:00:00 GMT"),
                ("/news/tumen.txt", "Families fear for those returned", "Sat, 12 Apr 2025 09:00:00 GMT"),
            ],
        ),
        content_type="application/rss+xml",
        etag='"v1"',
    )
    site.serve("/news/dandong.html", html_item(DANDONG), content_type="text/html; charset=utf-8")
    site.serve("/news/tumen.txt", TUMEN)
