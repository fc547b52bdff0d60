"""The beats of the processes that read the queue, and what they say: how many workers are alive
and when one last beat.

    >>> heart = Heartbeat("host:1234:ab").start()   # a beat now, then every REFWATCH_WORKER_BEAT_SECONDS
    >>> liveness().say()                            # "1 worker alive, last beat 3 s ago"
    >>> heart.stop()                                # its row says it stopped as asked

A worker killed (SIGKILL, out of memory, the machine gone) writes nothing more: its last beat
ages, and once no beat is younger than REFWATCH_WORKER_STALE_SECONDS no worker is alive, which
/watch/ says and `refwatch worker --check` exits 1 on (a systemd timer or a monitor runs it).
The beat is written by a thread of its own, so that a long file being read (OCR of a scan) does
not make a working worker look dead.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.utils import timezone

from refwatch.knowledge.models import WorkerBeat

log = logging.getLogger(__name__)
FORGOTTEN_AFTER = timedelta(days=7)  # rows of workers gone this long are removed


def beat(worker: str, *, started: datetime | None = None, now: datetime | None = None) -> None:
    """Write `worker`'s beat now."""
    now = now or timezone.now()
    updated = WorkerBeat.objects.filter(worker=worker[:200]).update(beat_at=now, stopped_at=None)
    if not updated:
        WorkerBeat.objects.create(
            worker=worker[:200],
            host=socket.gethostname()[:100],
            pid=os.getpid(),
            started_at=started or now,
            beat_at=now,
        )


def stopped(worker: str) -> None:
    """`worker` stopped as asked: it is not alive any more, whatever its last beat."""
    WorkerBeat.objects.filter(worker=worker[:200]).update(stopped_at=timezone.now())


def forget_old(now: datetime | None = None) -> int:
    """Remove the rows of workers not heard of for FORGOTTEN_AFTER; how many."""
    cutoff = (now or timezone.now()) - FORGOTTEN_AFTER
    return WorkerBeat.objects.filter(beat_at__lt=cutoff).delete()[0]


@dataclass(frozen=True)
class Liveness:
    """How many workers beat within `stale_after` seconds of `now`, and the latest beat of any."""

    alive: int
    last_beat: datetime | None
    now: datetime
    stale_after: float

    @property
    def fresh(self) -> bool:
        return self.alive > 0

    def say(self) -> str:
        if self.last_beat is None:
            return "no worker has beaten yet: uploads and watched sources wait for `refwatch worker`"
        ago = say_duration((self.now - self.last_beat).total_seconds())
        if self.alive:
            return f"{self.alive} worker{'s' if self.alive != 1 else ''} alive, last beat {ago} ago"
        return f"no worker has beaten for {ago}"


def liveness(*, now: datetime | None = None, stale_after: float | None = None) -> Liveness:
    now = now or timezone.now()
    stale = settings.REFWATCH_WORKER_STALE_SECONDS if stale_after is None else stale_after
    rows = WorkerBeat.objects.all()
    alive = rows.filter(stopped_at__isnull=True, beat_at__gte=now - timedelta(seconds=stale)).count()
    last = rows.aggregate(last=Max("beat_at"))["last"]
    return Liveness(alive=alive, last_beat=last, now=now, stale_after=stale)


def say_duration(seconds: float) -> str:
    """'5 s', '10 min', '3 h', '2 days': as long as a person reads it at a glance."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


class Heartbeat:
    """A thread that writes `worker`'s beat every `every` seconds (REFWATCH_WORKER_BEAT_SECONDS)
    until stopped. A beat that fails (the database busy or away) is tried at the next one: the
    worker goes on, and is seen as stale only if beats keep failing."""

    def __init__(self, worker: str, *, every: float | None = None) -> None:
        self.worker = worker
        self.every = settings.REFWATCH_WORKER_BEAT_SECONDS if every is None else every
        self.started = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="refwatch-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        # The first beat in the caller's thread: once started, the worker is seen alive.
        beat(self.worker, started=self.started)
        forget_old()
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    beat(self.worker, started=self.started)
                except DatabaseError as error:
                    log.warning("worker %s: its beat could not be written: %s", self.worker, error)
        finally:
            connection.close()  # this thread's own

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        try:
            stopped(self.worker)
        except DatabaseError as error:
            log.warning("worker %s: its stop could not be written: %s", self.worker, error)
