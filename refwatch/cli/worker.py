"""`refwatch worker`: read the uploads waiting in the queue (one process, or several).

The queue is a table of the store's database (django-tasks-db), so workers on one machine or on
several (sharing one PostgreSQL) take from it without anything else running. A worker claims a
task in an exclusive transaction and then the upload in one conditional UPDATE
(refwatch.knowledge.uploads.take): two workers never read the same file. A worker killed in the
middle leaves its task and its upload held; the next worker to start (and every running worker,
each minute) gives them back to the queue once the process that held them is gone.

`refwatch serve` runs one worker in a thread (`start_thread`), so that the app alone reads what is
uploaded to it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.console import Console

from refwatch.cli import app
from refwatch.cli.common import ensure_roster, fail, setup_django

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

        try:
            recover()
            make_worker(batch=False, interval=interval).run()
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
        what = "source" if task_result.task.module_path.endswith(".poll_source") else "upload"
        upload = f"{what} {task_result.args[0] if task_result.args else '?'}"
        if task_result.status == TaskResultStatus.SUCCESSFUL:
            outcome = task_result.return_value
        else:
            errors = task_result.errors
            outcome = f"failed ({errors[-1].exception_class_path if errors else task_result.status})"
        console.print(f"{upload}: {outcome}")

    task_finished.connect(said, weak=False)


@app.command("worker")
def worker_command(
    processes: Annotated[int, typer.Option(help="Worker processes to run side by side.")] = 1,
    batch: Annotated[bool, typer.Option("--batch", help="Read what is queued, then stop.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between two looks at an empty queue.")] = 1.0,
) -> None:
    """Read the uploads waiting in the queue (added at /documents/add): each in a child process
    within limits, through the same ingest as `refwatch ingest`. Ctrl+C stops it."""
    if processes < 1:
        fail("--processes must be 1 or more")
    if interval < 0:
        fail("--interval must be 0 or more")
    setup_django()
    ensure_roster()
    if processes > 1:
        raise typer.Exit(_run_several(processes, batch, interval))
    given_back = recover()
    if given_back:
        console.print(f"{given_back} upload(s) held by a worker that stopped are queued again")
    _announce_outcomes()
    worker = make_worker(batch=batch, interval=interval)
    worker.configure_signals()
    console.print(
        f"refwatch worker {worker.worker_id}: reading the queue" + ("" if batch else " (Ctrl+C stops it)")
    )
    worker.run()


def _run_several(processes: int, batch: bool, interval: float) -> int:
    args = ["worker", f"--interval={interval}", *(["--batch"] if batch else [])]
    launcher = "import sys; from refwatch.cli import app; sys.argv[0] = 'refwatch'; app()"
    children = [subprocess.Popen([sys.executable, "-c", launcher, *args]) for _ in range(processes)]

    def stop(signum: int, frame: Any) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    codes = [child.wait() for child in children]
    return max((abs(c) for c in codes), default=0)
