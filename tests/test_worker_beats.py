"""Each process that reads the queue writes a beat: /watch/ says how many workers are alive and
when one last beat, and `refwatch worker --check` exits 1 when none has beaten lately (a systemd
timer runs it: docs/systemd/). The real processes on a store of their own (SQLite, or PostgreSQL
under scripts/test-postgres)."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from refwatch.knowledge import workers
from refwatch.knowledge.models import WorkerBeat
from tests.conftest import make_user
from tests.test_crash import REFWATCH, Store
from tests.test_watch_processes import Lines


@pytest.mark.django_db
def test_the_beats_say_how_many_workers_are_alive_and_when_one_last_beat(settings):
    settings.REFWATCH_WORKER_STALE_SECONDS = 60
    now = timezone.now()
    assert workers.liveness(now=now).say().startswith("no worker has beaten yet")
    assert not workers.liveness(now=now).fresh
    workers.beat("vm:1:a", now=now - timedelta(seconds=20))
    workers.beat("vm:2:b", now=now - timedelta(seconds=5))
    workers.beat("vm:3:c", now=now - timedelta(minutes=30))  # killed long ago
    alive = workers.liveness(now=now)
    assert (alive.alive, alive.fresh, alive.say()) == (2, True, "2 workers alive, last beat 5 s ago")
    # One stops as asked: not alive, however young its last beat.
    workers.stopped("vm:2:b")
    assert workers.liveness(now=now).say() == "1 worker alive, last beat 5 s ago"
    # Ten minutes on, with no beat meanwhile: none alive.
    later = workers.liveness(now=now + timedelta(minutes=10, seconds=5))
    assert (later.fresh, later.say()) == (False, "no worker has beaten for 10 min")
    # A beat again: the same row, alive again.
    workers.beat("vm:2:b", now=now + timedelta(minutes=10))
    assert WorkerBeat.objects.count() == 3
    assert workers.liveness(now=now + timedelta(minutes=10, seconds=1)).alive == 1
    # Rows of workers not heard of for a week go.
    assert workers.forget_old(now=now + timedelta(days=7, minutes=5)) == 2
    assert list(WorkerBeat.objects.values_list("worker", flat=True)) == ["vm:2:b"]


@pytest.mark.django_db
def test_the_watch_page_shows_the_workers_status_line(settings):
    settings.REFWATCH_WORKER_STALE_SECONDS = 60
    analyst = Client()
    analyst.force_login(make_user("anna", "analyst"))
    page = analyst.get("/watch/").content.decode()
    assert (
        '<p id="workers" role="status" class="workers-stale error">Workers: no worker has beaten yet' in page
    )
    workers.beat("vm:1:a", now=timezone.now() - timedelta(seconds=3))
    workers.beat("vm:2:b")
    page = analyst.get("/watch/").content.decode()
    assert 'class="workers-alive">Workers: 2 workers alive, last beat 0 s ago.</p>' in page
    WorkerBeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))
    page = analyst.get("/watch/").content.decode()
    assert "Workers: no worker has beaten for 10 min." in page


def check(store: Store, **env: str) -> tuple[int, str]:
    done = subprocess.run(
        [str(REFWATCH), "worker", "--check"],
        env={**store.env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout.strip()


def test_worker_check_exits_1_when_no_worker_beats_and_0_while_one_does(tmp_path: Path):
    store = Store(tmp_path / "home")
    env = {"REFWATCH_WORKER_BEAT_SECONDS": "0.5", "REFWATCH_WORKER_STALE_SECONDS": "3"}
    assert check(store, **env) == (
        1,
        "no worker has beaten yet: uploads and watched sources wait for `refwatch worker`",
    )
    worker = subprocess.Popen(
        [str(REFWATCH), "worker", "--interval=0.2"],
        env={**store.env(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = Lines(worker)
    try:
        lines.wait_for("reading the queue")
        code, said = check(store, **env)
        assert code == 0 and said.startswith("1 worker alive, last beat "), said
        # It beats on while it runs, not once.
        first = store.rows("select beat_at from knowledge_workerbeat")
        time.sleep(1.5)
        assert store.rows("select beat_at from knowledge_workerbeat") != first
        assert check(store, **env)[0] == 0

        # Killed: its beat ages, and past the stale time the check fails.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        time.sleep(3.5)
        code, said = check(store, **env)
        assert code == 1 and said.startswith("no worker has beaten for "), said
    finally:
        if worker.poll() is None:
            worker.kill()

    # One stopped as asked says so at once, without waiting for the stale time (so long here that
    # the one killed above still counts).
    again = subprocess.Popen(
        [str(REFWATCH), "worker", "--interval=0.2"],
        env={**store.env(), **env, "REFWATCH_WORKER_STALE_SECONDS": "600"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        Lines(again).wait_for("reading the queue")
        assert check(store, REFWATCH_WORKER_STALE_SECONDS="600")[1].startswith("2 workers alive")
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=60) == 0
        assert check(store, REFWATCH_WORKER_STALE_SECONDS="600")[1].startswith("1 worker alive")
    finally:
        # A failure above leaves no worker behind, writing into a pipe no one reads (one was found
        # an hour later, blocked, its database long gone).
        if again.poll() is None:
            again.kill()
            again.wait()
