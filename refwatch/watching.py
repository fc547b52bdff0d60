"""Polling watched sources: fetch a feed or a listing page, then each item it lists that is new,
and add it through the same ingest as an upload (a child process within the reader's limits,
refwatch.actions.Actions.ingest with `isolated`), with its address, date and source as its meta.

    >>> outcome = watching.poll(source.pk, worker=uploads.worker_name())   # None: not due, or held
    >>> outcome.summary()                                                 # "2 new, 1 refused"

Nothing is added twice: an address settled once (added, skipped or refused) is never fetched
again (refwatch.knowledge.watch.settled_urls), and the store keeps one document for the same
bytes (its SHA-256) however they came. An item refused (too big, a broken or hostile file) is
recorded with its reason in the poll's log and changes nothing stored; one that failed for a
passing reason (a timeout, a 5xx) is tried again at the next poll.

The schedule lives in the queue: each source has one `poll_source` task waiting with `run_after`
set to its next poll (django-tasks-db stores it in the queue's table, so every worker on every
machine sharing the database sees it, and no worker runs a clock of its own); the task re-enqueues
itself when done. A task that finds its source not due or held by another poller does nothing,
so a task queued twice costs one look. `schedule()` (run by every worker at start and each minute
with its recovery) gives a task to any source left without one (a worker killed mid-poll).
"""

from __future__ import annotations

import logging
import posixpath
from datetime import datetime, timedelta
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
        outcome = _poll(source, fetcher or Fetcher(politeness()))
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
    settled = watch.settled_urls([i.url for i in listed])
    new = [i for i in listed if i.url not in settled]
    taken = new[: max(0, settings.REFWATCH_WATCH_MAX_ITEMS)]
    actions = Actions.for_watch()
    items = [_take(actions, source, item, fetcher) for item in taken]
    outcome = watch.Outcome(Status.OK, items=items)
    left = len(new) - len(taken)
    if left:
        outcome.reason = f"{left} more at the next poll"
    if not left and not outcome.count("later"):
        # Only an answer read to its end may be asked about again conditionally: a 304 must not
        # hide items still to be fetched.
        outcome.etag, outcome.last_modified = got.etag, got.last_modified
    return outcome


def _take(actions: Actions, source: WatchedSource, item: Item, fetcher: Fetcher) -> dict[str, str]:
    """Fetch and add one new item; what became of it, for the poll's log."""
    try:
        got = fetcher.get(item.url)
    except FetchError as error:
        if error.transient:
            return {"url": item.url, "outcome": "later", "reason": str(error)}
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
    fetcher = Fetcher(politeness())
    done = []
    for pk in ids:
        outcome = poll(pk, worker=worker, force=everything, fetcher=fetcher)
        source = WatchedSource.objects.filter(pk=pk).first()
        if source is not None:
            done.append((source, outcome))
    return done


# --- the queue -----------------------------------------------------------------------------------


@task(takes_context=True)
def poll_source(context: TaskContext, source_id: int) -> str:
    """Poll a watched source when due, then queue its next poll."""
    ids = getattr(context.task_result, "worker_ids", None) or []
    worker = ids[-1] if ids and ids[-1].count(":") >= 2 else uploads.worker_name()
    outcome = poll(source_id, worker=worker)
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
    """Give a poll task to every watched source that has none waiting or running; how many."""
    if not queue_defers():
        return 0
    busy = _waiting(TaskResultStatus.READY, TaskResultStatus.RUNNING)
    given = 0
    for source in WatchedSource.objects.exclude(pk__in=busy):
        enqueue(source)
        given += 1
    return given


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
