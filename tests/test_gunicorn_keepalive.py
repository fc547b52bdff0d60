"""Kept-alive connections under gunicorn, as `refwatch serve --server gunicorn` runs it: many
clients pausing about the server's keep-alive time between requests (so that their requests
often meet the server closing an idle connection) get every answer, with no reset connection
(refwatch.cli.keepalive.KeepaliveWorker; bench/keepalive.py measures gthread beside it)."""

from __future__ import annotations

import http.client
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests
from gunicorn.util import load_class
from gunicorn.workers.gthread import ThreadWorker

from refwatch.cli.gunicorn_app import options

BENCH = Path(__file__).resolve().parents[1] / "bench" / "keepalive.py"
KEEPALIVE = 1  # seconds: short, so that many connections expire within the test


def test_serve_runs_the_keepalive_worker():
    chosen = options(host="127.0.0.1", port=8000, workers=2, threads=4)["worker_class"]
    worker = load_class(chosen)
    assert worker.__name__ == "KeepaliveWorker" and issubclass(worker, ThreadWorker)
    # One thread a process: gunicorn's sync worker (no keep-alive at all).
    assert options(host="127.0.0.1", port=8000, workers=2, threads=1)["worker_class"] == "sync"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_many_keepalive_requests_meet_no_reset():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(BENCH), "--serve", str(port), "--worker", "KeepaliveWorker",
         f"--keepalive={KEEPALIVE}", "--processes=2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base, timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        seen: Counter[str] = Counter()
        ports: set[str] = set()
        failures: list[str] = []
        lock = threading.Lock()
        end = time.monotonic() + 15

        def client(n: int) -> None:
            rng = random.Random(n)
            session = requests.Session()
            while time.monotonic() < end:
                for attempt in (1, 2):
                    try:
                        answer = session.get(base, timeout=30)
                    except requests.ConnectionError as error:
                        closed = _closed_before_answer(error)
                        with lock:
                            seen["closed before an answer" if closed else "reset"] += 1
                            if not closed or attempt == 2:
                                failures.append(repr(error))
                        if closed and attempt == 1:
                            continue  # a GET is sent again on a new connection (RFC 9112 9.3.1)
                        break
                    with lock:
                        seen[str(answer.status_code)] += 1
                        ports.add(answer.headers["X-Client-Port"])
                    break
                time.sleep(rng.uniform(KEEPALIVE - 0.1, KEEPALIVE + 0.4))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert seen["reset"] == 0 and not failures, (seen, failures[:3])
    answered = seen["200"]
    assert answered >= 200, seen
    # Kept alive: far fewer connections than requests (a client pausing past the keep-alive time
    # opens another, one pausing less reuses its own).
    assert len(ports) < answered * 0.9, (len(ports), answered)


def _closed_before_answer(error: BaseException) -> bool:
    """The connection ended cleanly before any answer (http.client.RemoteDisconnected), as
    opposed to a reset (RST)."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, http.client.RemoteDisconnected):
            return True
        todo.extend(a for a in (e.__cause__, e.__context__, *e.args) if isinstance(a, BaseException))
    return False
