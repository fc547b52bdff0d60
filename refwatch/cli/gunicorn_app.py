"""`refwatch serve --server gunicorn`: the app in several processes (gunicorn's pre-fork model).

Waitress serves from one process, whose threads share one interpreter lock: on a machine with
several cores the pages of many readers wait for each other. Gunicorn forks worker processes
from a master that has loaded the app once (migrations, static files, the roster and the demo
letters are done before, in the master alone).

The queue of uploads is read by ONE `refwatch worker` process started beside the master and
stopped with it, never by a thread in every gunicorn worker: N threads would take N files at once
on a machine sized for pages, and a gunicorn worker is killed and replaced (timeout, max
requests) with no regard for what a thread of it was reading. That worker runs under a supervisor
(`refwatch worker --supervise`) that starts another when it dies, and the master starts another
supervisor when that one dies (`Arbiter`: gunicorn's master reaps every child with waitpid(-1),
so the supervisor's end is collected by its own pid first). A worker whose supervisor was killed
stops by itself (refwatch.cli.processes.stop_with_parent), so that none reads the queue unseen.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn import arbiter
from gunicorn.app.base import BaseApplication

from refwatch.cli.processes import Companion, refwatch_argv

FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR")


def trusting_only(application: Callable[..., Any], proxy: str) -> Callable[..., Any]:
    """The app, with X-Forwarded-Proto/-For believed from `proxy` alone (as waitress does with
    refwatch serve's proxy options): from anyone else they are dropped, so that no client
    reaching the server directly can claim HTTPS or another address."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if proxy and environ.get("REMOTE_ADDR") == proxy:
            if forwarded_for := environ.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip():
                environ["REMOTE_ADDR"] = forwarded_for
        else:
            for header in FORWARDED:
                environ.pop(header, None)
        return application(environ, start_response)

    return app


class Arbiter(arbiter.Arbiter):
    """Gunicorn's master, that also keeps `companions` running beside its workers: each is
    started with the workers, started again when it dies (its end collected by its own pid
    before gunicorn's waitpid(-1) takes every child), and stopped with the server."""

    companions: list[Companion]

    def reap_workers(self) -> None:
        for companion in self.companions:
            companion.reap()
        super().reap_workers()

    def manage_workers(self) -> None:
        super().manage_workers()
        for companion in self.companions:
            companion.tend()

    def stop(self, graceful: bool = True) -> None:
        # Told first, so that they finish their task while the workers finish their requests;
        # always SIGTERM, so that a supervisor stops its own children before it goes.
        for companion in self.companions:
            companion.signal(signal.SIGTERM)
        super().stop(graceful)
        for companion in self.companions:
            companion.join(grace=self.cfg.graceful_timeout)


class Gunicorn(BaseApplication):
    """Gunicorn with an app already loaded (preloaded: the workers share its memory), and the
    processes its master keeps running beside its workers."""

    def __init__(
        self,
        application: Callable[..., Any],
        options: dict[str, Any],
        companions: list[Companion] | None = None,
    ) -> None:
        self.application = application
        self.options = options
        self.companions = companions or []
        super().__init__()

    def run(self) -> None:
        master = Arbiter(self)
        master.companions = self.companions
        try:
            master.run()
        except RuntimeError as error:
            sys.exit(f"Error: {error}")

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


def options(*, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        # Threads let a process answer another reader while one waits on the database; gthread's
        # worker, with kept-alive connections closed without resetting a request
        # (refwatch.cli.keepalive, bench/keepalive.py).
        "worker_class": "refwatch.cli.keepalive.KeepaliveWorker" if threads > 1 else "sync",
        "threads": threads,
        "preload_app": True,
        # A brief or an export of the whole record can take a while; a stuck worker is still replaced.
        "timeout": 300,
        "graceful_timeout": 30,
        # An idle kept-alive connection is closed after this; longer than gunicorn's 2 s, so that a
        # client pausing between two requests seldom sends one into a connection being closed.
        "keepalive": 5,
        "proc_name": "refwatch",
        # trusting_only decides which forwarded headers to believe; gunicorn's own list (which
        # trusts 127.0.0.1 by default) must not decide it differently.
        "forwarded_allow_ips": "",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }


def serve(
    application: Callable[..., Any], *, proxy: str, with_worker: bool, ready: Callable[[], None], **bind: Any
) -> None:
    """Run gunicorn until stopped, with one supervised `refwatch worker` beside it when asked
    (started again by the master when it dies); `ready` is called once it listens (so that the
    address it prints is one that answers)."""
    from django.db import connections

    # The master's connections (migrations, first admin, demo letters) must not be shared by the
    # forked workers: each opens its own.
    connections.close_all()
    companions = []
    if with_worker:
        companions.append(Companion("supervisor", refwatch_argv("worker", "--supervise"), say=_say))
    settings = {**options(**bind), "when_ready": lambda arbiter: ready()}
    Gunicorn(trusting_only(application, proxy), settings, companions).run()


def _say(message: str) -> None:
    print(f"refwatch serve: {message}", flush=True)
