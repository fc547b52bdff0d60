"""Fetching a page or a file from the web, politely and within limits: for watched sources.

    >>> fetcher = Fetcher(Politeness(user_agent="refwatch/0.1 (+https://example.org/contact)"))
    >>> got = fetcher.get("https://example.org/news.xml", etag='"abc"')
    >>> got.status, got.body, got.etag          # 304 and b"" when nothing changed

Polite: a User-Agent that names refwatch and where to reach its operator; a conditional GET (the
ETag and Last-Modified the last answer gave), so that an unchanged feed costs its host a 304; at
least `host_interval` seconds between two requests to one host, as the fetcher's clock books the
turns (HostClock: within this process; the watch hands it one that books them in the database, for
every process). Within limits:
only http and https (a redirect elsewhere, to file: or ftp:, is refused), a few redirects, a
timeout on connecting and on every read and one on the whole answer, and a body read in chunks
and stopped past `max_bytes` (a bottomless answer costs no more than the limit). The body is asked
for without compression (`Accept-Encoding: identity`), so a small gzip cannot expand into a huge
one behind the limit's back.

Plain Python (urllib), no Django: a refusal is a FetchError whose message says why, in one line.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchError(Exception):
    """The address could not be fetched; the message says why (one line).

    `transient` is true for what may go better later (a timeout, a host down, a 5xx): the item is
    tried again at the next poll. A refusal for what the answer is (too big, a bad scheme, 404) is
    not transient."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Politeness:
    """How refwatch behaves towards the hosts it fetches from."""

    user_agent: str = "refwatch"
    timeout: float = 20.0  # seconds to connect, and for each read
    total_seconds: float = 120.0  # seconds for the whole answer (a slow drip is stopped)
    max_bytes: int = 20 * 1024 * 1024
    host_interval: float = 5.0  # seconds between two requests to one host


@dataclass(frozen=True)
class Fetched:
    """An answer: 200 with its body, or 304 (not modified) with none."""

    url: str  # where the body came from, after redirects
    status: int
    body: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """`url` when it is an absolute http or https address; else ValueError saying what is wrong."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// address")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise ValueError(f"{url!r} holds spaces or control characters")
    return url


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


class HostClock:
    """When each host was last asked, shared by the fetchers of a process: a request to a host
    waits until `interval` seconds have passed since the previous one began."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait_turn(self, host: str, interval: float) -> float:
        """Sleep until this host may be asked again; the seconds slept."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next.get(host, 0.0))
            # The turn is booked before sleeping, so two threads asking one host queue up.
            self._next[host] = turn + interval
        wait = turn - now
        if wait > 0:
            time.sleep(wait)
        return wait


CLOCK = HostClock()


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, to http and https only (urllib itself would refuse others too,
    but says so in a way that reads as a bug), each waiting its host's turn."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.followed = 0

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        # Checked before urllib's own check, which lets ftp: through and words its refusal as a 302.
        location = headers.get("Location") or headers.get("URI") or ""
        target = urljoin(req.full_url, location.strip())
        if location and urlsplit(target).scheme.lower() not in SCHEMES:
            raise FetchError(f"{req.full_url} redirects to {target!r}, which is not http or https")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message, newurl: str
    ) -> urllib.request.Request | None:
        target = urljoin(req.full_url, newurl)
        if urlsplit(target).scheme.lower() not in SCHEMES:
            raise FetchError(f"{req.full_url} redirects to {target!r}, which is not http or https")
        self.followed += 1
        if self.followed > MAX_REDIRECTS:
            raise FetchError(f"{req.full_url} redirects more than {MAX_REDIRECTS} times")
        self.fetcher.clock.wait_turn(host_of(target), self.fetcher.politeness.host_interval)
        return super().redirect_request(req, fp, code, msg, headers, target)


class Fetcher:
    """GETs within the limits of `politeness`; `clock` spaces the requests to each host (the
    process's own by default, so that every poll of a worker shares it)."""

    def __init__(self, politeness: Politeness, clock: HostClock | None = None) -> None:
        self.politeness = politeness
        self.clock = clock or CLOCK

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        try:
            url = check_url(url)
        except ValueError as error:
            raise FetchError(str(error)) from None
        headers = {
            "User-Agent": self.politeness.user_agent,
            "Accept-Encoding": "identity",
            "Accept": "*/*",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        opener = urllib.request.build_opener(_Redirects(self))
        self.clock.wait_turn(host_of(url), self.politeness.host_interval)
        started = time.monotonic()
        try:
            with opener.open(
                urllib.request.Request(url, headers=headers), timeout=self.politeness.timeout
            ) as answer:
                body = self._read(url, answer, started)
                return Fetched(
                    url=answer.geturl(),
                    status=answer.status,
                    body=body,
                    content_type=answer.headers.get("Content-Type", ""),
                    etag=answer.headers.get("ETag"),
                    last_modified=answer.headers.get("Last-Modified"),
                )
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 304:
                return Fetched(
                    url=url,
                    status=304,
                    body=b"",
                    etag=error.headers.get("ETag") or etag,
                    last_modified=error.headers.get("Last-Modified") or last_modified,
                )
            raise FetchError(
                f"{url} answered {error.code} {error.reason}", transient=error.code >= 500
            ) from None
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(
                f"{url} gave no answer within {self.politeness.timeout:g} seconds", transient=True
            ) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise FetchError(
                    f"{url} gave no answer within {self.politeness.timeout:g} seconds", transient=True
                ) from None
            raise FetchError(f"{url} cannot be reached: {_say(reason)}", transient=True) from None
        except (OSError, ValueError) as error:
            raise FetchError(f"{url} cannot be fetched: {_say(error)}", transient=True) from None

    def _read(self, url: str, answer: Any, started: float) -> bytes:
        limit = self.politeness.max_bytes
        declared = answer.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url} is {int(declared):,} bytes, over the limit of {limit:,} bytes")
        chunks: list[bytes] = []
        size = 0
        while chunk := answer.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url} sent more than {limit:,} bytes, over the limit; stopped")
            if time.monotonic() - started > self.politeness.total_seconds:
                raise FetchError(
                    f"{url} took more than {self.politeness.total_seconds:g} seconds to send; stopped",
                    transient=True,
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _say(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__
