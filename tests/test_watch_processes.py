"""Watching with several real processes on one store (an SQLite file, or a PostgreSQL database
of its own under scripts/test-postgres): two pollers keep the spacing of requests to one host
between them (the loopback feed server of tests/watchserver.py measures it); two workers send a
day's digest once, through a real SMTP server on loopback (tests/mailserver.py); and the worker
that `refwatch serve --server gunicorn` starts is started again when it is killed."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.mailserver import MailServer
from tests.test_crash import REFWATCH, Store, ingest
from tests.test_worker import submit, write_documents
from tests.watchserver import TUMEN, Site, rss

# Long enough that the time between a booked turn and its request reaching the server (a process
# of a loaded machine waits for a core) stays well within the margin of the spacing's assertion.
INTERVAL = 1.0

SETUP = """
import json, sys
from refwatch.cli.common import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from refwatch.actions import Actions
from refwatch.watching import daily_digest
request = json.loads(sys.argv[1])
for url in request.get("watch", []):
    Actions.for_command().watch(url, name=url.rsplit("/", 1)[1])
for name, role in request.get("users", []):
    user = get_user_model().objects.create(username=name, email=f"{name}@example.org")
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
for _ in range(request.get("digest_tasks", 0)):
    daily_digest.enqueue()  # as two workers starting at once may each queue one
"""


def setup(store: Store, **request: object) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SETUP, json.dumps(request)],
        env=store.env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def refwatch(store: Store, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(REFWATCH), *args],
        env={**store.env(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_pollers_keep_the_spacing_of_requests_to_one_host(tmp_path: Path):
    date = "Tue, 04 Mar 2025 09:00:00 GMT"
    with Site() as site:
        feeds = []
        # The first feed's answer waits until the second poller has asked the host something, so
        # that the two poll at the same time however slowly the second process starts.
        both_polling = threading.Event()
        for n in range(3):
            items = [(f"/news/{n}/{k}.txt", f"Item {k}", date) for k in range(2)]
            site.serve(
                f"/feed{n}.xml",
                rss(site.base, items),
                etag=f'"feed{n}"',
                gate=both_polling if n == 0 else None,
            )
            for path, _, _ in items:
                site.serve(path, f"{TUMEN}\n(copy {path})\n")
            feeds.append(f"{site.base}/feed{n}.xml")
        store = Store(tmp_path / "home")
        setup(store, watch=feeds)
        env = {
            "REFWATCH_WATCH_HOST_INTERVAL": str(INTERVAL),
            "REFWATCH_WATCH_TIMEOUT": "200",
            "REFWATCH_WATCH_TOTAL_SECONDS": "300",
        }
        first = refwatch(
            store, "watch", "run", "--all", REFWATCH_WATCH_USER_AGENT="refwatch-test/first", **env
        )
        second = refwatch(
            store, "watch", "run", "--all", REFWATCH_WATCH_USER_AGENT="refwatch-test/second", **env
        )
        deadline = time.monotonic() + 180
        while not both_polling.is_set() and time.monotonic() < deadline:
            agents_seen = {s.headers["User-Agent"] for s in site.requests()}
            if agents_seen == {"refwatch-test/first", "refwatch-test/second"}:
                both_polling.set()
            time.sleep(0.05)
        both_polling.set()
        outputs = [p.communicate(timeout=600)[0] for p in (first, second)]
        assert [p.returncode for p in (first, second)] == [0, 0], outputs

    seen = site.requests()
    agents = [s.headers["User-Agent"] for s in seen]
    # Both asked the host, turn about: the second did not wait for the first to finish.
    assert set(agents) == {"refwatch-test/first", "refwatch-test/second"}, outputs
    assert sum(1 for a, b in itertools.pairwise(agents) if a != b) >= 2, (agents, outputs)
    # Two pollers with clocks of their own would ask at gaps of at most half the interval, wherever
    # their requests fall; with turns booked in the store no gap is shorter than the interval
    # (less a margin for the time between a booked turn and the request reaching the server, which
    # a loaded 2-core machine stretched to 0.202 s once: 0.7 still tells turns from two clocks).
    gaps = [round(b.at - a.at, 3) for a, b in itertools.pairwise(seen)]
    assert min(gaps) >= 0.7 * INTERVAL, (gaps, agents)
    # Each item was fetched and added once.
    items = [s.path for s in seen if s.path.startswith("/news/")]
    assert sorted(items) == sorted(set(items)) and len(items) == 6
    assert store.rows("select count(*) from knowledge_document") == [(6,)]


def test_two_workers_send_a_days_digest_once_through_a_real_mail_server(tmp_path: Path):
    store = Store(tmp_path / "home")
    write_documents(tmp_path / "docs", 3)
    done = ingest(store, tmp_path / "docs")
    out, _ = done.communicate(timeout=300)
    assert done.returncode == 0, out
    # Two recipients, one user with no role (no digest); two digest tasks waiting in the queue.
    setup(store, users=[["vera", "viewer"], ["pat", "analyst"], ["nora", ""]], digest_tasks=2)
    with MailServer() as smtp:
        env = {
            "REFWATCH_EMAIL_HOST": "127.0.0.1",
            "REFWATCH_EMAIL_PORT": str(smtp.port),
            "REFWATCH_DIGEST_HOUR": "0",
            "REFWATCH_SITE_URL": "https://rw.example",
        }
        workers = [refwatch(store, "worker", "--batch", "--interval=0.1", **env) for _ in range(2)]
        outputs = [p.communicate(timeout=600)[0] for p in workers]
        assert [p.returncode for p in workers] == [0, 0], outputs
        said = "".join(outputs)
        assert said.count("digest: 2 sent") == 1, outputs
        received = smtp.messages()
        assert sorted(r for m in received for r in m.recipients) == ["pat@example.org", "vera@example.org"]
        assert all(m.message["Subject"].startswith("refwatch: 3 new documents") for m in received)
        assert "https://rw.example/documents/" in received[0].message.get_payload()
        # A third worker the same day sends nothing more; the day's digest waits for tomorrow.
        third = refwatch(store, "worker", "--batch", "--interval=0.1", **env)
        out, _ = third.communicate(timeout=600)
        assert third.returncode == 0, out
        assert len(smtp.messages()) == 2
    assert store.rows("select count(*), max(sent), max(error) from knowledge_digestday") == [(1, 2, "")]
    waiting = store.rows(
        "select count(*) from django_tasks_database_dbtaskresult "
        "where status = 'READY' and task_path like '%daily_digest'"
    )
    assert waiting == [(1,)]  # tomorrow's


class Lines:
    """The lines a process prints, gathered by a thread, to wait for."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.lock = threading.Lock()
        assert proc.stdout is not None
        stream = proc.stdout

        def read() -> None:
            for line in stream:
                with self.lock:
                    self.lines.append(line.rstrip("\n"))

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, pattern: str, *, after: int = 0, timeout: float = 120) -> tuple[int, re.Match[str]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for n, line in enumerate(self.lines[after:], start=after):
                    if found := re.search(pattern, line):
                        return n, found
            time.sleep(0.05)
        raise AssertionError(f"no line matched {pattern!r}:\n" + "\n".join(self.lines))


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def serve_gunicorn(store: Store, tmp_path: Path) -> tuple[subprocess.Popen[str], Lines]:
    """`refwatch serve --server gunicorn` on `store`, with one process on a free port and an empty
    demo folder, and its output to wait on."""
    (tmp_path / "empty").mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = refwatch(
        store, "serve", "--server", "gunicorn", "--workers", "1", "--port", str(port),
        "--demo", str(tmp_path / "empty"),
    )  # fmt: skip
    return server, Lines(server)


def test_the_worker_of_gunicorn_serve_is_started_again_when_it_dies(tmp_path: Path):
    store = Store(tmp_path / "home")
    server, lines = serve_gunicorn(store, tmp_path)
    pids: list[int] = []
    try:
        at, found = lines.wait_for(r"worker process (\d+) started")
        first = int(found.group(1))
        lines.wait_for("refwatch is at")
        assert running(first) and b"worker" in Path(f"/proc/{first}/cmdline").read_bytes()

        os.kill(first, signal.SIGKILL)
        at, _ = lines.wait_for(
            rf"worker process {first} was killed by SIGKILL; starting another in 1 s", after=at
        )
        at, found = lines.wait_for(r"worker process (\d+) started", after=at)
        second = int(found.group(1))
        pids = [first, second]
        assert second != first and running(second) and not running(first)

        # The new worker reads the queue.
        ids = submit(store, write_documents(tmp_path / "docs", 1))
        deadline = time.monotonic() + 180
        while store.rows(f"select status from knowledge_upload where id = {ids[0]}") != [("added",)]:
            assert time.monotonic() < deadline, "\n".join(lines.lines)
            time.sleep(0.2)

        # Killed again soon after: the wait doubles, so that a worker that cannot live does not spin.
        os.kill(second, signal.SIGKILL)
        at, _ = lines.wait_for(
            rf"worker process {second} was killed by SIGKILL; starting another in 2 s", after=at
        )
        at, found = lines.wait_for(r"worker process (\d+) started", after=at)
        pids.append(int(found.group(1)))
        assert running(pids[-1])
    finally:
        server.terminate()
        server.wait(timeout=90)
    # Stopping the server stops its worker.
    deadline = time.monotonic() + 30
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in pids)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(p) for p in text)
    return found


def test_gunicorns_master_starts_the_supervisor_again_and_an_orphaned_worker_stops(tmp_path: Path):
    store = Store(tmp_path / "home")
    server, lines = serve_gunicorn(store, tmp_path)
    pids: list[int] = []
    try:
        at, found = lines.wait_for(r"supervisor process (\d+) started")
        supervisor = int(found.group(1))
        at, found = lines.wait_for(rf"supervisor {supervisor}: worker process (\d+) started")
        worker = int(found.group(1))
        lines.wait_for("refwatch is at")
        assert supervisor in children(server.pid) and worker in children(supervisor)
        pids = [supervisor, worker]

        # The supervisor is killed: its worker is orphaned, and the master starts another one.
        os.kill(supervisor, signal.SIGKILL)
        at, _ = lines.wait_for(
            rf"supervisor process {supervisor} was killed by SIGKILL; starting another in 1 s", after=at
        )
        at, found = lines.wait_for(r"supervisor process (\d+) started", after=at)
        second = int(found.group(1))
        at, found = lines.wait_for(rf"supervisor {second}: worker process (\d+) started", after=at)
        pids += [second, int(found.group(1))]
        assert second in children(server.pid) and int(found.group(1)) in children(second)
        # The orphan stops by itself (it looks at its parent each second), as on SIGTERM.
        deadline = time.monotonic() + 30
        while running(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(worker) and not running(supervisor)
        lines.wait_for(rf"process {worker}: the process that started it \({supervisor}\) is gone", after=0)

        # The new worker reads the queue.
        ids = submit(store, write_documents(tmp_path / "docs", 1))
        deadline = time.monotonic() + 180
        while store.rows(f"select status from knowledge_upload where id = {ids[0]}") != [("added",)]:
            assert time.monotonic() < deadline, "\n".join(lines.lines)
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=90)
    deadline = time.monotonic() + 30
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in pids)


def test_a_worker_stops_when_the_supervisor_that_started_it_is_killed(tmp_path: Path):
    store = Store(tmp_path / "home")
    supervisor = refwatch(store, "worker", "--processes", "2", "--interval=0.2")
    lines = Lines(supervisor)
    try:
        _, first = lines.wait_for(r"worker process (\d+) started")
        _, second = lines.wait_for(r"worker process (\d+) started", after=_ + 1)
        workers = [int(first.group(1)), int(second.group(1))]
        lines.wait_for(r"refwatch worker .*reading the queue")
        os.kill(supervisor.pid, signal.SIGKILL)
        supervisor.wait(timeout=30)
        deadline = time.monotonic() + 60
        while any(running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {w: _where(w) for w in workers if running(w)}
        assert not left, (left, "\n".join(lines.lines))
    finally:
        if supervisor.poll() is None:
            supervisor.kill()


def _where(pid: int) -> str:
    """What a process that should have stopped is doing, for the failure's message."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError as error:
        return str(error)
    return f"{next((x for x in status if x.startswith('State:')), '')}; waiting in {wchan or '?'}"
