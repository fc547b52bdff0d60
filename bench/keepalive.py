"""Connections reset under keep-alive: gunicorn's gthread worker against refwatch's KeepaliveWorker.

Run by hand: `.venv/bin/python bench/keepalive.py [--clients 100] [--seconds 30] [--keepalive 1]`.
It starts gunicorn on loopback with the settings of `refwatch serve --server gunicorn`
(refwatch.cli.gunicorn_app.options) and a small WSGI app (a few milliseconds of work, answers of
varied size), once with gunicorn's gthread worker and once with refwatch.cli.keepalive's
KeepaliveWorker. Each client keeps one connection alive (a requests Session) and pauses between
two requests for about the server's keep-alive time, so that many of its requests go out as the
server closes its idle connection: the race that bench/load.py met now and then. Prints, for
each worker, the requests made, those that met a reset connection, those whose connection was
closed before any answer (a clean end of stream, which a client may send again), and other
errors. No request is sent again here: every failure is counted.
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from refwatch.cli.gunicorn_app import Gunicorn, options  # noqa: E402

examples: dict[str, str] = {}  # one failure of each kind, to read
WORKERS = {
    "gthread": "gunicorn.workers.gthread.ThreadWorker",
    "KeepaliveWorker": "refwatch.cli.keepalive.KeepaliveWorker",
}


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    time.sleep(random.uniform(0.001, 0.02))
    body = b"x" * random.randint(200, 30_000)
    # The client's port names its connection: a client can count the connections it used.
    headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
    start_response("200 OK", [*headers, ("X-Client-Port", str(environ.get("REMOTE_PORT", "")))])
    return [body]


def serve(port: int, worker: str, keepalive: int, processes: int) -> None:
    settings = options(host="127.0.0.1", port=port, workers=processes, threads=4)
    settings.update(worker_class=WORKERS[worker], keepalive=keepalive)
    Gunicorn(app, settings).run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def causes(error: BaseException) -> Iterator[BaseException]:
    """`error` and every exception behind it, once each: requests wraps urllib3's error, which
    wraps the socket's, in `args` as well as in `__cause__` and `__context__`."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(a for a in (e.__cause__, e.__context__, *e.args) if isinstance(a, BaseException))


def failure(error: BaseException) -> str:
    """'reset', 'closed' (the connection ended before any answer) or 'other'."""
    kinds = set()
    for e in causes(error):
        # RemoteDisconnected is a ConnectionResetError to Python, but no reset: a clean end of
        # stream before any answer.
        if isinstance(e, http.client.RemoteDisconnected):
            kinds.add("closed")
        elif isinstance(e, ConnectionResetError | BrokenPipeError):
            kinds.add("reset")
    return "reset" if "reset" in kinds else "closed" if "closed" in kinds else "other"


def start(worker: str, *, keepalive: int, processes: int, **popen: Any) -> tuple[subprocess.Popen[Any], str]:
    """gunicorn serving `app` with `worker` on a free loopback port, once it answers, and its
    address. RuntimeError (the server stopped) when it does not answer within a minute."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--worker", worker,
         f"--keepalive={keepalive}", f"--processes={processes}"],
        **popen,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(base, timeout=5)
            return server, base
        except requests.ConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                server.wait(timeout=60)
                raise RuntimeError(f"gunicorn ({worker}) does not answer") from None
            time.sleep(0.2)


def run(worker: str, *, clients: int, seconds: float, keepalive: int, processes: int) -> Counter[str]:
    try:
        server, base = start(worker, keepalive=keepalive, processes=processes)
    except RuntimeError as error:
        sys.exit(str(error))
    try:
        tally: Counter[str] = Counter()
        lock = threading.Lock()
        end = time.monotonic() + seconds

        def client(n: int) -> None:
            rng = random.Random(n)
            session = requests.Session()
            time.sleep(rng.uniform(0, keepalive))
            while time.monotonic() < end:
                try:
                    assert session.get(base, timeout=30).content
                    outcome = "ok"
                except requests.RequestException as error:
                    outcome = failure(error)
                    with lock:
                        examples.setdefault(f"{worker}: {outcome}", repr(error)[:300])
                with lock:
                    tally[outcome] += 1
                # About the server's keep-alive time: the request often meets the close.
                time.sleep(rng.uniform(keepalive - 0.1, keepalive + 0.4))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return tally
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--keepalive", type=int, default=1, help="the server's keep-alive seconds")
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.worker, args.keepalive, args.processes)
        return
    print(f"{args.clients} clients for {args.seconds:.0f} s, each pausing about {args.keepalive} s "
          f"(the server's keep-alive) between two requests; gunicorn, {args.processes} processes x 4 threads")  # fmt: skip
    print(f"{'worker':16} {'requests':>9} {'resets':>7} {'closed':>7} {'other':>6}")
    for worker in WORKERS:
        tally = run(
            worker, clients=args.clients, seconds=args.seconds, keepalive=args.keepalive,
            processes=args.processes,
        )  # fmt: skip
        print(f"{worker:16} {sum(tally.values()):9} {tally['reset']:7} {tally['closed']:7} {tally['other']:6}",
              flush=True)  # fmt: skip
    for kind, example in examples.items():
        print(f"  {kind}: {example}")


if __name__ == "__main__":
    main()
