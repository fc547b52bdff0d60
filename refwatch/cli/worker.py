"""`refwatch worker`: read the uploads waiting in the queue (one process, or several).

The queue is a table of the store's database (django-tasks-db), so workers on one machine or on
several (sharing one PostgreSQL) take from it without anything else running. A worker claims a
task in an exclusive transaction and then the upload in one conditional UPDATE
(refwatch.knowledge.uploads.take): two workers never read the same file. A worker killed in the
middle leaves its task and its upload held; the next worker to start (and every running worker,
each minute) gives them back to the queue once the process that held them is gone.

Each worker writes a beat while it runs (refwatch.knowledge.workers.Heartbeat): /watch/ says how
many are alive, and `refwatch worker --check` exits 1 when none has beaten lately. A worker started
by a supervisor stops by itself when that supervisor is gone (refwatch.cli.processes).

`refwatch serve` runs one worker in a thread (`start_thread`), so that the app alone reads what is
uploaded to it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.console import Console

from refwatch.cli import app
from refwatch.cli.common import ensure_roster, fail, setup_django
from refwatch.cli.processes import Companion, refwatch_argv, stop_with_parent

console = Console(highlight=False, soft_wrap=True)
RECOVER_EVERY = 60.0  # seconds between two looks for work held by workers that are gone


def recover() -> int:
    """Give back what workers that are gone held: their tasks run again, their uploads are queued
    again (a fresh task each; a task that finds its upload taken or settled does nothing)."""
    from django.conf import settings
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from refwatch import watching
    from refwatch.actions import process_upload
    from refwatch.knowledge import uploads, watch
    from refwatch.knowledge.models import Upload

    cutoff = timezone.now() - timedelta(seconds=uploads.stale_seconds())
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        holder = row.worker_ids[-1] if row.worker_ids else ""
        if uploads.worker_gone(holder) or (row.started_at is not None and row.started_at < cutoff):
            DBTaskResult.objects.filter(id=row.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    before = set(Upload.objects.filter(status=Upload.Status.QUEUED).values_list("pk", flat=True))
    given_back = uploads.recover()
    for pk in (
        Upload.objects.filter(status=Upload.Status.QUEUED).exclude(pk__in=before).values_list("pk", flat=True)
    ):
        process_upload.enqueue(pk)
    # Watched sources: those a stopped poller held are freed, and each has its next poll queued.
    watch.recover(stale=uploads.stale_seconds() * max(1, settings.REFWATCH_WATCH_MAX_ITEMS))
    watching.schedule()
    return given_back


def lower_priority() -> int:
    """This process at the niceness REFWATCH_WORKER_NICE (never less nice than it is: a worker
    started by a supervisor that has it already stays as it is), so that the pages of a server on
    the same machine come before reading files, which no one waits for; the child that reads each
    file inherits it. The niceness it has after."""
    from django.conf import settings

    try:
        now = os.getpriority(os.PRIO_PROCESS, 0)
        if settings.REFWATCH_WORKER_NICE > now:
            os.setpriority(os.PRIO_PROCESS, 0, settings.REFWATCH_WORKER_NICE)
        return os.getpriority(os.PRIO_PROCESS, 0)
    except (AttributeError, OSError):  # not on this system, or not allowed: as it is
        return 0


def make_worker(*, batch: bool, interval: float) -> Any:
    """A django-tasks-db worker of the default queue, named after its host and process (so that
    `recover` can tell when it is gone), that looks for abandoned work now and then."""
    from django_tasks_db.management.commands.db_worker import Worker

    from refwatch.knowledge import uploads

    class QueueWorker(Worker):
        last_recovery = 0.0

        def run_task(self, db_task_result: Any) -> None:
            super().run_task(db_task_result)
            self._recover_now_and_then()

        def _recover_now_and_then(self) -> None:
            if time.monotonic() - self.last_recovery > RECOVER_EVERY:
                self.last_recovery = time.monotonic()
                recover()

    worker = QueueWorker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=uploads.worker_name(),
        excluded_queue_names=[],
    )
    worker.last_recovery = time.monotonic()
    return worker


def start_thread(interval: float = 1.0) -> threading.Thread:
    """One worker in a daemon thread of this process (`refwatch serve`'s)."""

    def run() -> None:
        from django.db import connection

        from refwatch.knowledge.workers import Heartbeat

        try:
            recover()
            worker = make_worker(batch=False, interval=interval)
            heart = Heartbeat(worker.worker_id).start()
            try:
                worker.run()
            finally:
                heart.stop()
        except Exception:
            console.print_exception()
            console.print("[red]the worker thread stopped: uploads wait for `refwatch worker`[/red]")
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="refwatch-worker", daemon=True)
    thread.start()
    return thread


def _announce_outcomes() -> None:
    from django_tasks import TaskResultStatus
    from django_tasks.signals import task_finished

    def said(sender: Any, task_result: Any, **kwargs: Any) -> None:
        path = task_result.task.module_path
        if task_result.status == TaskResultStatus.SUCCESSFUL:
            outcome = task_result.return_value
        else:
            errors = task_result.errors
            outcome = f"failed ({errors[-1].exception_class_path if errors else task_result.status})"
        if path.endswith(".daily_digest"):
            console.print(outcome if outcome.startswith("digest") else f"digest: {outcome}")
            return
        what = "source" if path.endswith(".poll_source") else "upload"
        console.print(f"{what} {task_result.args[0] if task_result.args else '?'}: {outcome}")

    task_finished.connect(said, weak=False)


@app.command("worker")
def worker_command(
    processes: Annotated[int, typer.Option(help="Worker processes to run side by side.")] = 1,
    batch: Annotated[bool, typer.Option("--batch", help="Read what is queued, then stop.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between two looks at an empty queue.")] = 1.0,
    supervise: Annotated[
        bool,
        typer.Option(
            "--supervise",
            help="Run the worker(s) as child processes and start another when one dies (always so "
            "with --processes above 1).",
        ),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Say whether a worker is alive (one beat within REFWATCH_WORKER_STALE_SECONDS) and "
            "exit 0 if so, 1 if not; reads nothing.",
        ),
    ] = False,
) -> None:
    """Read the uploads waiting in the queue (added at /documents/add): each in a child process
    within limits, through the same ingest as `refwatch ingest`. Ctrl+C stops it. Each worker
    process writes a beat while it runs (/watch/ shows them; --check tells)."""
    if check:
        setup_django()
        from refwatch.knowledge.queries import Reader

        status = Reader.system().workers()
        assert status is not None
        console.print(status.say())
        raise typer.Exit(0 if status.fresh else 1)
    if processes < 1:
        fail("--processes must be 1 or more")
    if interval < 0:
        fail("--interval must be 0 or more")
    setup_django()
    lower_priority()
    ensure_roster()
    if processes > 1 or supervise:
        from django.db import connections

        # The supervisor only watches its children: it holds no connection while they work.
        connections.close_all()
        raise typer.Exit(Supervisor(processes, batch=batch, interval=interval).run())
    from refwatch.knowledge.workers import Heartbeat

    given_back = recover()
    if given_back:
        console.print(f"{given_back} upload(s) held by a worker that stopped are queued again")
    _announce_outcomes()
    worker = make_worker(batch=batch, interval=interval)
    worker.configure_signals()
    # Started by a supervisor (or gunicorn's master) that was killed: stop, as on SIGTERM, rather
    # than read the queue unseen beside the workers its replacement starts.
    stop_with_parent()
    heart = Heartbeat(worker.worker_id).start()
    console.print(
        f"refwatch worker {worker.worker_id}: reading the queue" + ("" if batch else " (Ctrl+C stops it)")
    )
    try:
        worker.run()
    finally:
        heart.stop()


class Supervisor:
    """Runs `processes` workers as child processes and starts another in place of one that dies
    (refwatch.cli.processes.Companion: after a wait that doubles with each quick death). SIGTERM
    or SIGINT stops the children and then the supervisor; so does the end of the process that
    started it, when one of refwatch's did (stop_with_parent). With `batch`, a worker that
    finished its queue (exit 0) is not started again."""

    def __init__(self, processes: int, *, batch: bool, interval: float) -> None:
        args = ["worker", f"--interval={interval}", *(["--batch"] if batch else [])]
        self.children = [
            Companion("worker", refwatch_argv(*args), say=self.say, again_after_success=not batch)
            for _ in range(processes)
        ]
        self.stopping = threading.Event()

    @staticmethod
    def say(message: str) -> None:
        console.print(f"supervisor {os.getpid()}: {message}")

    def run(self) -> int:
        def stop(signum: int, frame: Any) -> None:
            self.stopping.set()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        stop_with_parent()
        while not self.stopping.is_set() and not all(c.done() for c in self.children):
            for child in self.children:
                child.tend()
            self.stopping.wait(0.2)
        for child in self.children:
            child.signal(signal.SIGTERM)
        for child in self.children:
            child.join()
        last = [child.codes[-1] for child in self.children if child.codes]
        return max((abs(c) for c in last if c is not None), default=0)
