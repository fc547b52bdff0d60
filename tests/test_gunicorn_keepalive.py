"""Kept-alive connections under gunicorn, as `refwatch serve --server gunicorn` runs it: many
clients pausing about the server's keep-alive time between requests (so that their requests
often meet the server closing an idle connection) get every answer, with no reset connection
(refwatch.cli.keepalive.KeepaliveWorker; bench/keepalive.py measures gthread beside it)."""

from __future__ import annotations

import http.client
import importlib.util
import random
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import requests
from gunicorn.util import load_class
from gunicorn.workers.gthread import ThreadWorker

from refwatch.cli.gunicorn_app import options

BENCH = Path(__file__).resolve().parents[1] / "bench" / "keepalive.py"
# The benchmark's server and its reading of a failure serve the test as they are: loaded from its file
# (bench/ is a folder of scripts, not a package).
_spec = importlib.util.spec_from_file_location("refwatch_bench_keepalive", BENCH)
assert _spec is not None and _spec.loader is not None
keepalive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(keepalive)
KEEPALIVE = 1  # seconds: short, so that many connections expire within the test


def test_serve_runs_the_keepalive_worker():
    chosen = options(host="127.0.0.1", port=8000, workers=2, threads=4)["worker_class"]
    worker = load_class(chosen)
    assert worker.__name__ == "KeepaliveWorker" and issubclass(worker, ThreadWorker)
    # One thread a process: gunicorn's sync worker (no keep-alive at all).
    assert options(host="127.0.0.1", port=8000, workers=2, threads=1)["worker_class"] == "sync"


def test_many_keepalive_requests_meet_no_reset():
    server, base = keepalive.start(
        "KeepaliveWorker",
        keepalive=KEEPALIVE,
        processes=2,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
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
                        closed = any(
                            isinstance(e, http.client.RemoteDisconnected) for e in keepalive.causes(error)
                        )
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
