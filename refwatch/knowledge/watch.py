"""Watched sources as the store keeps them: their schedule, who polls one now, the addresses
already settled or waiting to be tried again, the poll log, the turns of each host, the day's
digest; and each user's last visit to what is new.

    >>> source = watch.add("https://example.org/feed.xml", name="CECC", every=3600, by=user)
    >>> taken = watch.claim(source.pk, worker="host:1234:ab")   # None when not due or held
    >>> watch.settle(taken, "host:1234:ab", outcome)

The fetching and reading is refwatch.watching's (it orchestrates ingest and the store); this
module only writes the rows of the watch.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from refwatch.ingest.fetch import check_url
from refwatch.ingest.listing import normalise
from refwatch.knowledge import uploads
from refwatch.knowledge.models import (
    DigestDay,
    Visibility,
    Visit,
    WatchedItem,
    WatchedSource,
    WatchHost,
    WatchPoll,
)

Kind = WatchedSource.Kind
MIN_EVERY = 60  # seconds: no source is polled more often, however it is asked
MAX_EVERY = 90 * 24 * 3600
POLL_LOG_KEPT = 50  # polls kept per source; older ones are dropped as new ones come
LONGEST_WAIT = 24 * 3600  # seconds: the wait before another try of an item doubles up to this
WAITING = WatchedItem.Status.WAITING
DROPPED = WatchedItem.Status.DROPPED
# Not settled for good: tried again when listed (a dropped item, listed again, is listed anew).
UNSETTLED = (WAITING, DROPPED)
_EVERY = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class WatchError(ValueError):
    """A source that cannot be watched as asked; the message says why."""


def parse_every(text: str) -> int:
    """Seconds from "90s", "15m", "1h", "1d", "1w" (a bare number is seconds)."""
    found = _EVERY.match(text or "")
    if not found:
        raise WatchError(f"{text!r} is not a period: write it like 30m, 1h, 6h or 1d")
    seconds = int(found.group(1)) * _UNITS[found.group(2).lower()]
    if not MIN_EVERY <= seconds <= MAX_EVERY:
        raise WatchError(f"{text!r}: a source is polled between every minute and every 90 days")
    return seconds


def say_every(seconds: int) -> str:
    for unit, size in (("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def url_key(url: str) -> str:
    return hashlib.sha256(normalise(url).encode("utf-8")).hexdigest()


def add(
    url: str,
    *,
    name: str = "",
    kind: str = Kind.FEED,
    every: int = 3600,
    visibility: str = Visibility.INTERNAL,
    by: Any = None,
) -> WatchedSource:
    """Watch a source from now on (its first poll is due at once)."""
    try:
        url = check_url(url)
    except ValueError as error:
        raise WatchError(str(error)) from None
    if kind not in Kind.values:
        raise WatchError(f"unknown kind {kind!r}: use feed or page")
    if visibility not in Visibility.values:
        raise WatchError(f"unknown visibility {visibility!r}: use one of {', '.join(Visibility.values)}")
    if not MIN_EVERY <= every <= MAX_EVERY:
        raise WatchError("a source is polled between every minute and every 90 days")
    name = " ".join((name or "").split())[:300] or (normalise(url).split("/")[2])
    try:
        with transaction.atomic():
            return WatchedSource.objects.create(
                url=url,
                name=name,
                kind=kind,
                every=every,
                visibility=visibility,
                added_by=by if getattr(by, "pk", None) else None,
                next_poll_at=timezone.now(),
            )
    except IntegrityError:
        raise WatchError(f"{url} is watched already") from None


def remove(url: str) -> WatchedSource | None:
    """Stop watching `url` (its poll log goes with it; the documents it brought stay, and so do
    the addresses it settled, so that watching it again adds nothing twice). The source removed,
    or None when it was not watched."""
    source = WatchedSource.objects.filter(url=url.strip()).first()
    if source is None:
        return None
    pk = source.pk
    source.delete()
    source.pk = pk  # kept, so that the audit entry names the row that was removed
    return source


def claim(
    source_id: int, worker: str, *, due_only: bool = True, stale: float = 3600.0
) -> WatchedSource | None:
    """The source, now polled by `worker`; None when it is not due (with `due_only`) or another
    poller holds it (a holder older than `stale` seconds is taken to have stopped)."""
    now = timezone.now()
    free = Q(polling_by="") | Q(polling_since__lt=now - timedelta(seconds=stale))
    rows = WatchedSource.objects.filter(free, pk=source_id)
    if due_only:
        rows = rows.filter(next_poll_at__lte=now)
    if not rows.update(polling_by=worker[:200], polling_since=now):
        return None
    return WatchedSource.objects.get(pk=source_id)


def due(now: datetime | None = None) -> list[int]:
    """The ids of the sources due to be polled, the longest waiting first."""
    now = now or timezone.now()
    return list(
        WatchedSource.objects.filter(next_poll_at__lte=now)
        .order_by("next_poll_at")
        .values_list("pk", flat=True)
    )


@dataclass
class Outcome:
    """What one poll of a source found."""

    status: str  # WatchPoll.Status
    reason: str = ""
    items: list[dict[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for i in self.items if i.get("outcome") == outcome)

    def summary(self) -> str:
        if self.status == WatchPoll.Status.ERROR:
            return f"error: {self.reason}"
        if self.status == WatchPoll.Status.NOT_MODIFIED:
            return "nothing new (not modified)"
        added, refused, later = self.count("added"), self.count("refused"), self.count("later")
        parts = [f"{added} new" if added else "nothing new"]
        if refused:
            parts.append(f"{refused} refused")
        if later:
            parts.append(f"{later} to try again")
        if dropped := self.count("dropped"):
            parts.append(f"{dropped} dropped (no longer listed)")
        if self.reason:
            parts.append(self.reason)
        return ", ".join(parts)


def settle(source: WatchedSource, worker: str, outcome: Outcome, *, started: datetime) -> WatchPoll | None:
    """Record a poll held by `worker` and schedule the next one; None (nothing written) when the
    source was removed meanwhile or another poller took it over."""
    now = timezone.now()
    with transaction.atomic():
        mine = WatchedSource.objects.select_for_update().filter(pk=source.pk, polling_by=worker[:200])
        if not mine.exists():
            return None
        changes: dict[str, Any] = {
            "polling_by": "",
            "polling_since": None,
            "last_poll_at": now,
            "last_status": "error" if outcome.status == WatchPoll.Status.ERROR else "ok",
            "last_outcome": outcome.summary()[:2000],
            "next_poll_at": now + timedelta(seconds=source.every),
        }
        if outcome.status != WatchPoll.Status.ERROR:
            # A validator the source stops sending is forgotten, so that no stale one is sent back.
            changes["etag"] = (outcome.etag or "")[:500]
            changes["last_modified"] = (outcome.last_modified or "")[:100]
        mine.update(**changes)
        poll = WatchPoll.objects.create(
            source=source,
            started_at=started,
            status=outcome.status,
            added=outcome.count("added"),
            refused=outcome.count("refused"),
            reason=outcome.reason[:2000],
            items=outcome.items,
        )
        old = (
            WatchPoll.objects.filter(source=source)
            .order_by("-finished_at", "-id")
            .values_list("pk", flat=True)
        )
        WatchPoll.objects.filter(pk__in=list(old[POLL_LOG_KEPT:])).delete()
    for name, value in changes.items():
        setattr(source, name, value)
    return poll


def release(source: WatchedSource, worker: str) -> None:
    """Give a source back unpolled (the poller stopped before it could settle it)."""
    WatchedSource.objects.filter(pk=source.pk, polling_by=worker[:200]).update(
        polling_by="", polling_since=None
    )


def recover(*, stale: float) -> int:
    """Free the sources held by pollers that are gone (a process of this machine that no longer
    runs, or a hold older than `stale` seconds); how many."""
    cutoff = timezone.now() - timedelta(seconds=stale)
    freed = 0
    for pk, worker, since in WatchedSource.objects.exclude(polling_by="").values_list(
        "pk", "polling_by", "polling_since"
    ):
        if uploads.worker_gone(worker) or since is None or since < cutoff:
            freed += WatchedSource.objects.filter(pk=pk, polling_by=worker).update(
                polling_by="", polling_since=None
            )
    return freed


def settled_urls(urls: list[str], *, now: datetime | None = None) -> set[str]:
    """Which of `urls` (normalised) a source listed before and are not to be fetched now: those
    settled (never fetched again) and those waiting for a later try. One dropped (no longer
    listed while it waited) is fetched again now that it is listed again."""
    keys = {url_key(u): normalise(u) for u in urls}
    found = (
        WatchedItem.objects.filter(url_key__in=list(keys))
        .exclude(status=WAITING, next_try_at__lte=now or timezone.now())
        .exclude(status=DROPPED)
        .values_list("url_key", flat=True)
    )
    return {keys[k] for k in found}


def drop_unlisted(source: WatchedSource, urls: list[str]) -> list[WatchedItem]:
    """The items of `source` waiting for another try that its listing (`urls`, read in full) no
    longer holds, now dropped: a feed keeps its latest entries only, and a page its latest links,
    so an item that fell off would wait forever, shown as waiting, for a poll that never asks
    for it. Each keeps its attempts and its last error; the rows dropped."""
    keys = [url_key(u) for u in urls]
    with transaction.atomic():
        rows = list(
            WatchedItem.objects.select_for_update()
            .filter(source=source, status=WAITING)
            .exclude(url_key__in=keys)
            .order_by("pk")
        )
        if rows:
            WatchedItem.objects.filter(pk__in=[r.pk for r in rows], status=WAITING).update(
                status=DROPPED,
                next_try_at=None,
                reason=Concat(Value("no longer listed by its source; last error: "), F("reason")),
            )
    for row in rows:
        row.refresh_from_db()
    return rows


def waiting_urls(urls: list[str]) -> set[str]:
    """Which of `urls` (normalised) wait to be tried again, now or later."""
    keys = {url_key(u): normalise(u) for u in urls}
    found = WatchedItem.objects.filter(url_key__in=list(keys), status=WAITING).values_list(
        "url_key", flat=True
    )
    return {keys[k] for k in found}


def record_item(
    source: WatchedSource,
    url: str,
    status: str,
    *,
    document: Any = None,
    reason: str = "",
    published: str | None = None,
) -> None:
    """Settle an address (added, skipped or refused); a second settle of the same address (two
    sources listing it, polled at once) keeps the first. An address that waited (or was dropped
    and is listed again) is settled by the try that succeeds or is refused, which counts as one
    more attempt."""
    key = url_key(url)
    with transaction.atomic():
        if WatchedItem.objects.filter(url_key=key, status__in=UNSETTLED).update(
            status=status,
            reason=reason[:2000],
            document=document,
            source=source,
            attempts=F("attempts") + 1,
            next_try_at=None,
        ):
            return
    try:
        with transaction.atomic():
            WatchedItem.objects.create(
                url_key=key,
                url=normalise(url),
                source=source,
                status=status,
                reason=reason[:2000],
                document=document,
                published=(published or "")[:32],
            )
    except IntegrityError:
        pass


def record_failure(
    source: WatchedSource,
    url: str,
    reason: str,
    *,
    published: str | None = None,
    most_attempts: int,
    first_wait: float,
    now: datetime | None = None,
) -> WatchedItem:
    """An item whose fetch failed for a passing reason: it waits, twice as long after each
    failure (from `first_wait` seconds, at most a day), until `most_attempts` fetches have failed;
    then it is refused for good, with the last error. The row as it now stands."""
    now = now or timezone.now()
    key = url_key(url)
    with transaction.atomic():
        row = WatchedItem.objects.select_for_update().filter(url_key=key).first()
        if row is not None and row.status not in UNSETTLED:
            return row  # settled meanwhile by another poller
        attempts = (row.attempts if row is not None else 0) + 1
        changes: dict[str, Any] = {"attempts": attempts, "source": source, "reason": reason[:2000]}
        if attempts >= max(1, most_attempts):
            changes.update(
                status=WatchedItem.Status.REFUSED,
                next_try_at=None,
                reason=f"gave up after {attempts} attempt{'s' if attempts != 1 else ''}: {reason}"[:2000],
            )
        else:
            wait = min(max(0.0, first_wait) * 2 ** (attempts - 1), LONGEST_WAIT)
            changes.update(status=WAITING, next_try_at=now + timedelta(seconds=wait))
        if row is not None:
            WatchedItem.objects.filter(pk=row.pk).update(**changes)
            row.refresh_from_db()
            return row
        return WatchedItem.objects.create(
            url_key=key, url=normalise(url), published=(published or "")[:32], **changes
        )


class HostTurns:
    """The turns of each host, booked in the database (WatchHost), so that requests to one host
    are spaced by `interval` seconds whichever process, on whichever machine sharing the database,
    makes them. The same door as refwatch.ingest.fetch.HostClock (`wait_turn`).

    A turn is booked by a conditional UPDATE on the time the row held when it was read (compare
    and swap): of two processes reading the same time, one books and the other reads again, on
    SQLite and PostgreSQL alike, with no lock held while either sleeps."""

    def wait_turn(self, host: str, interval: float) -> float:
        """Sleep until this host may be asked again; the seconds slept."""
        host = host[:300]
        step = timedelta(seconds=max(0.0, interval))
        while True:
            now = timezone.now()
            booked = WatchHost.objects.filter(host=host).values_list("next_at", flat=True).first()
            if booked is None:
                try:
                    with transaction.atomic():
                        WatchHost.objects.create(host=host, next_at=now + step)
                    return 0.0
                except IntegrityError:
                    continue  # another process asked this host first: book after it
            turn = max(now, booked)
            if WatchHost.objects.filter(host=host, next_at=booked).update(next_at=turn + step):
                wait = (turn - now).total_seconds()
                if wait > 0:
                    time.sleep(wait)
                return max(0.0, wait)


def claim_digest(day: date, worker: str, *, since: datetime) -> DigestDay | None:
    """The digest of `day`, now sent by `worker`; None when another worker has claimed it."""
    try:
        with transaction.atomic():
            return DigestDay.objects.create(day=day, by=worker[:200], started_at=timezone.now(), since=since)
    except IntegrityError:
        return None


def digest_claimed(day: date) -> bool:
    return DigestDay.objects.filter(day=day).exists()


def last_digest() -> DigestDay | None:
    return DigestDay.objects.order_by("-day").first()


def digest_done(row: DigestDay, *, sent: int, error: str = "") -> None:
    DigestDay.objects.filter(pk=row.pk).update(finished_at=timezone.now(), sent=sent, error=error[:2000])


def visit(user: Any, *, gap: float, first_look: float) -> datetime:
    """Record that `user` looks at what is new now; the time their visit shows what came after.

    Looks less than `gap` seconds apart are one visit (a reload shows the same list); a look after
    a longer pause starts a new visit, which shows what came since the previous one. A first look
    ever shows the last `first_look` seconds."""
    now = timezone.now()
    with transaction.atomic():
        row, made = Visit.objects.select_for_update().get_or_create(
            user=user, defaults={"last_seen_at": now, "since": now - timedelta(seconds=first_look)}
        )
        if not made:
            if row.since is None or now - row.last_seen_at > timedelta(seconds=gap):
                row.since = row.last_seen_at
            row.last_seen_at = now
            row.save(update_fields=["since", "last_seen_at"])
    assert row.since is not None
    return row.since
