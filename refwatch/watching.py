"""Polling watched sources: fetch a feed or a listing page, then each item it lists that is new,
and add it through the same ingest as an upload (a child process within the reader's limits,
refwatch.actions.Actions.ingest with `isolated`), with its address, date and source as its meta.

    >>> outcome = watching.poll(source.pk, worker=uploads.worker_name())   # None: not due, or held
    >>> outcome.summary()                                                 # "2 new, 1 refused"

Nothing is added twice: an address settled once (added, skipped or refused) is never fetched
again (refwatch.knowledge.watch.settled_urls), and the store keeps one document for the same
bytes (its SHA-256) however they came. An item refused (too big, a broken or hostile file) is
recorded with its reason in the poll's log and changes nothing stored, and is never fetched again;
one that failed for a passing reason (a timeout, a host down, a 5xx) waits and is tried again at
the first poll after its wait, each wait twice the last (REFWATCH_WATCH_RETRY_SECONDS first), and
is refused after REFWATCH_WATCH_RETRY_ATTEMPTS failures; one that its source's listing no longer
holds is dropped (tried again only should the source list it again).

Requests to one host are spaced by REFWATCH_WATCH_HOST_INTERVAL seconds across every process that
polls (refwatch.knowledge.watch.HostTurns: turns booked in the database), so that two workers, or
`refwatch watch run` beside a worker, never ask one host faster than one poller would.

The schedule lives in the queue: each source has one `poll_source` task waiting with `run_after`
set to its next poll (django-tasks-db stores it in the queue's table, so every worker on every
machine sharing the database sees it, and no worker runs a clock of its own); the task re-enqueues
itself when done. A task that finds its source not due or held by another poller does nothing,
so a task queued twice costs one look. `schedule()` (run by every worker at start and each minute
with its recovery) gives a task to any source left without one (a worker killed mid-poll).

The daily digest is queued the same way (`daily_digest`, at REFWATCH_DIGEST_HOUR UTC) when the
installation says how to send mail (REFWATCH_EMAIL_HOST, or REFWATCH_DIGEST_DAILY=1): the worker
that runs it claims the day in the store first (refwatch.knowledge.watch.claim_digest), so that a
day's digest goes out once however many workers there are.
"""

from __future__ import annotations

import logging
import posixpath
import smtplib
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from refwatch.actions import Actions
from refwatch.ingest.fetch import Fetched, Fetcher, FetchError, Politeness
from refwatch.ingest.listing import FeedError, Item, items_of_feed, items_of_page
from refwatch.knowledge import uploads, watch
from refwatch.knowledge.models import WatchedItem, WatchedSource, WatchPoll
from refwatch.outputs import digest as digests

log = logging.getLogger(__name__)

Status = WatchPoll.Status
RETRY_HELD = 60  # seconds before a task that found its source held looks again
# The extension a fetched item's name gets from its answer's type, so that messages and the
# document's file name say what it is (the reader sniffs the bytes whatever the name says).
_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def politeness() -> Politeness:
    """This installation's manners and limits (settings REFWATCH_WATCH_*)."""
    return Politeness(
        user_agent=settings.REFWATCH_WATCH_USER_AGENT,
        timeout=settings.REFWATCH_WATCH_TIMEOUT,
        total_seconds=settings.REFWATCH_WATCH_TOTAL_SECONDS,
        # An item is a file to ingest: never more than the ingest limit either.
        max_bytes=min(settings.REFWATCH_WATCH_MAX_BYTES, settings.REFWATCH_MAX_FILE_BYTES),
        host_interval=settings.REFWATCH_WATCH_HOST_INTERVAL,
    )


def fetcher_of_installation() -> Fetcher:
    """A fetcher with this installation's manners, its turns per host shared through the store."""
    return Fetcher(politeness(), clock=watch.HostTurns())


def poll(
    source_id: int, *, worker: str, force: bool = False, fetcher: Fetcher | None = None
) -> watch.Outcome | None:
    """Poll one source when it is due (or at once with `force`) and record how it went; None
    when it is not due or another poller holds it."""
    source = watch.claim(source_id, worker, due_only=not force)
    if source is None:
        return None
    started = timezone.now()
    try:
        outcome = _poll(source, fetcher or fetcher_of_installation())
    except BaseException:
        watch.release(source, worker)
        raise
    watch.settle(source, worker, outcome, started=started)
    return outcome


def _poll(source: WatchedSource, fetcher: Fetcher) -> watch.Outcome:
    try:
        got = fetcher.get(source.url, etag=source.etag or None, last_modified=source.last_modified or None)
    except FetchError as error:
        return watch.Outcome(Status.ERROR, reason=str(error))
    if got.not_modified:
        return watch.Outcome(Status.NOT_MODIFIED, etag=got.etag, last_modified=got.last_modified)
    try:
        listed = (items_of_feed if source.kind == WatchedSource.Kind.FEED else items_of_page)(
            got.body, got.url
        )
    except FeedError as error:
        return watch.Outcome(Status.ERROR, reason=str(error))
    urls = [i.url for i in listed]
    # Read in full: what waited for another try and is listed no more is dropped, not kept waiting.
    dropped = [
        {"url": row.url, "outcome": "dropped", "reason": row.reason, "attempts": str(row.attempts)}
        for row in watch.drop_unlisted(source, urls)
    ]
    settled = watch.settled_urls(urls)
    new = [i for i in listed if i.url not in settled]
    taken = new[: max(0, settings.REFWATCH_WATCH_MAX_ITEMS)]
    actions = Actions.for_watch()
    items = [_take(actions, source, item, fetcher) for item in taken]
    outcome = watch.Outcome(Status.OK, items=[*items, *dropped])
    left = len(new) - len(taken)
    if left:
        outcome.reason = f"{left} more at the next poll"
    if not left and not watch.waiting_urls(urls):
        # Only an answer read to its end may be asked about again conditionally: a 304 must not
        # hide items still to be fetched, nor those waiting to be tried again.
        outcome.etag, outcome.last_modified = got.etag, got.last_modified
    return outcome


def _take(actions: Actions, source: WatchedSource, item: Item, fetcher: Fetcher) -> dict[str, str]:
    """Fetch and add one new item; what became of it, for the poll's log."""
    try:
        got = fetcher.get(item.url)
    except FetchError as error:
        if error.transient:
            return _failed(source, item, str(error))
        return _settle(source, item, WatchedItem.Status.REFUSED, reason=str(error))
    if not got.body:
        return _settle(source, item, WatchedItem.Status.REFUSED, reason=f"{item.url} answered with nothing")
    meta: dict[str, Any] = {"url": item.url, "source": source.name, "published": item.published}
    if source.kind == WatchedSource.Kind.FEED and item.title:
        meta["title"] = item.title
    done = actions.ingest(
        got.body,
        item_name(item.url, got),
        visibility=source.visibility,
        meta={k: v for k, v in meta.items() if v},
        isolated=True,
    )
    status = {
        "added": WatchedItem.Status.ADDED,
        "skipped": WatchedItem.Status.SKIPPED,
    }.get(done.status, WatchedItem.Status.REFUSED)
    return _settle(source, item, status, document=done.document, reason=done.reason)


def _settle(
    source: WatchedSource, item: Item, status: str, *, document: Any = None, reason: str = ""
) -> dict[str, str]:
    watch.record_item(source, item.url, status, document=document, reason=reason, published=item.published)
    said = {"url": item.url, "outcome": str(status)}
    if reason:
        said["reason"] = reason
    if document is not None:
        said["document"] = str(document.pk)
    return said


def _failed(source: WatchedSource, item: Item, reason: str) -> dict[str, str]:
    """A passing failure: the item waits for another try, or is refused past the last attempt."""
    row = watch.record_failure(
        source,
        item.url,
        reason,
        published=item.published,
        most_attempts=settings.REFWATCH_WATCH_RETRY_ATTEMPTS,
        first_wait=settings.REFWATCH_WATCH_RETRY_SECONDS,
    )
    said = {"url": item.url, "reason": row.reason, "attempts": str(row.attempts)}
    if row.status == WatchedItem.Status.WAITING:
        said["outcome"] = "later"
        if row.next_try_at is not None:
            said["next_try"] = row.next_try_at.isoformat(timespec="seconds")
    else:
        said["outcome"] = str(row.status)
    return said


def item_name(url: str, got: Fetched) -> str:
    """A file name for a fetched item: the last part of its address, with the extension its
    answer's type says when it has none."""
    parts = urlsplit(got.url or url)
    name = posixpath.basename(parts.path.rstrip("/")) or parts.hostname or "item"
    if not posixpath.splitext(name)[1]:
        kind = got.content_type.split(";")[0].strip().lower()
        name += _EXTENSIONS.get(kind, "")
    return name[:200]


def poll_due(*, worker: str, everything: bool = False) -> list[tuple[WatchedSource, watch.Outcome | None]]:
    """Poll every due source once (every source, with `everything`), one after another; each
    source with its outcome (None: another poller had it)."""
    ids = (
        list(WatchedSource.objects.order_by("name").values_list("pk", flat=True))
        if everything
        else watch.due()
    )
    fetcher = fetcher_of_installation()
    done = []
    for pk in ids:
        outcome = poll(pk, worker=worker, force=everything, fetcher=fetcher)
        source = WatchedSource.objects.filter(pk=pk).first()
        if source is not None:
            done.append((source, outcome))
    return done


# --- the queue -----------------------------------------------------------------------------------


def _worker_of(context: TaskContext) -> str:
    ids = getattr(context.task_result, "worker_ids", None) or []
    return ids[-1] if ids and ids[-1].count(":") >= 2 else uploads.worker_name()


@task(takes_context=True)
def poll_source(context: TaskContext, source_id: int) -> str:
    """Poll a watched source when due, then queue its next poll."""
    outcome = poll(source_id, worker=_worker_of(context))
    source = WatchedSource.objects.filter(pk=source_id).first()
    if source is not None:
        # Not due (polled by hand meanwhile) or held by another poller: looked at again later, not
        # at once, so that a held source does not spin the queue.
        enqueue(source, not_before=None if outcome else timezone.now() + timedelta(seconds=RETRY_HELD))
    return "not due" if outcome is None else outcome.summary()


def queue_defers() -> bool:
    """The queue can hold a task until a given time (django-tasks-db can; the immediate backend
    of the tests cannot, and there polls are run by `refwatch watch run`)."""
    return bool(poll_source.get_backend().supports_defer)


def enqueue(source: WatchedSource, *, not_before: datetime | None = None) -> None:
    """Queue the next poll of `source` for when it is due, unless one is waiting already."""
    if not queue_defers() or source.pk in _waiting():
        return
    when = max(source.next_poll_at, not_before or timezone.now())
    poll_source.using(run_after=when).enqueue(source.pk)


def schedule() -> int:
    """Give a poll task to every watched source that has none waiting or running, and the daily
    digest its task when it has none; how many sources were given one."""
    if not queue_defers():
        return 0
    busy = _waiting(TaskResultStatus.READY, TaskResultStatus.RUNNING)
    given = 0
    for source in WatchedSource.objects.exclude(pk__in=busy):
        enqueue(source)
        given += 1
    if not _digest_queued(TaskResultStatus.READY, TaskResultStatus.RUNNING):
        enqueue_digest()
    return given


# --- the daily digest ----------------------------------------------------------------------------


def digest_time(day: date) -> datetime:
    """When the digest of `day` is due (REFWATCH_DIGEST_HOUR, UTC)."""
    return datetime.combine(day, time(settings.REFWATCH_DIGEST_HOUR), tzinfo=UTC)


def send_daily_digest(*, worker: str, now: datetime | None = None) -> int | None:
    """Send today's digest to every recipient when it is due and no worker has sent it; how many
    mails went out, or None when this call sent none (off, not due, no one to send to, or claimed
    by another worker). The day is claimed before anything is sent: a worker that dies while
    sending leaves the day claimed, so that no one gets it twice."""
    if not settings.REFWATCH_DIGEST_DAILY:
        return None
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    if now < digest_time(today):
        return None
    users = list(digests.recipients())
    if not digests.has_recipients(users):
        return None  # the day stays open: a recipient added later today still gets it
    last = watch.last_digest()
    # What came since the last digest began, so that nothing falls between two days; a day when
    # there was no digest for long (the worker stopped) is no reason to send a month at once.
    since = last.started_at if last is not None and last.started_at > now - timedelta(days=2) else None
    row = watch.claim_digest(today, worker, since=since or now - timedelta(days=1))
    if row is None:
        return None
    try:
        sent = digests.send(users, row.since, site=settings.REFWATCH_SITE_URL, actor="worker")
    except (OSError, smtplib.SMTPException) as error:
        watch.digest_done(row, sent=0, error=f"{type(error).__name__}: {error}")
        log.warning("the digest of %s could not be sent: %s", today, error)
        return 0
    watch.digest_done(row, sent=sent)
    log.info("the digest of %s went to %d recipient(s)", today, sent)
    return sent


@task(takes_context=True)
def daily_digest(context: TaskContext) -> str:
    """Send today's digest when due, then queue the next look."""
    sent = send_daily_digest(worker=_worker_of(context))
    # Not sent (no recipient yet, or not due): looked at again within the hour, not at once.
    enqueue_digest(not_before=timezone.now() + timedelta(hours=1))
    return "digest: none sent" if sent is None else f"digest: {sent} sent"


def enqueue_digest(*, not_before: datetime | None = None) -> None:
    """Queue the daily digest for its next time, unless the installation sends none or a task
    waits already."""
    if not settings.REFWATCH_DIGEST_DAILY or not queue_defers() or _digest_queued():
        return
    now = timezone.now()
    today = now.astimezone(UTC).date()
    when = digest_time(today)
    if when <= now and watch.digest_claimed(today):
        when = digest_time(today + timedelta(days=1))
    daily_digest.using(run_after=max(when, not_before or now)).enqueue()


def _digest_queued(*statuses: str) -> bool:
    return DBTaskResult.objects.filter(
        task_path=daily_digest.module_path, status__in=list(statuses or [TaskResultStatus.READY])
    ).exists()


def _waiting(*statuses: str) -> set[int]:
    """The sources that have a poll task in the queue (waiting, or in `statuses`)."""
    rows = DBTaskResult.objects.filter(
        task_path=poll_source.module_path, status__in=list(statuses or [TaskResultStatus.READY])
    ).values_list("args_kwargs", flat=True)
    found = set()
    for row in rows:
        args = (row or {}).get("args") or [None]
        if isinstance(args[0], int):
            found.add(args[0])
    return found
