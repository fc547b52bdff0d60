"""Processes of refwatch that start others and those they start: a child started again when it
dies, and a child that stops by itself when the process that started it is gone.

    >>> worker = Companion("worker", refwatch_argv("worker"), say=print)
    >>> worker.tend()          # started; later calls start it again once it died and its wait is over
    >>> worker.stop()          # SIGTERM, then SIGKILL after `grace` seconds

Who starts whom: the gunicorn master of `refwatch serve --server gunicorn` starts a supervisor
(`refwatch worker --supervise`, through refwatch.cli.gunicorn_app's arbiter), which starts the
worker processes that read the queue (refwatch.cli.worker.Supervisor). Each starter restarts what
it started; each started process is told its starter's pid (REFWATCH_PARENT_PID) and stops, as
on SIGTERM, once that process is gone (`stop_with_parent`): killed with SIGKILL, a starter cannot
stop its children, and an orphaned worker would go on reading the queue beside the new ones its
starter's replacement starts, with no one to stop it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

PARENT_ENV = "REFWATCH_PARENT_PID"
LAUNCHER = "import sys; from refwatch.cli import app; sys.argv[0] = 'refwatch'; app()"
PARENT_LOOK_EVERY = 1.0  # seconds between two looks at whether the starter is still there


def refwatch_argv(*args: str) -> list[str]:
    """The command line of `refwatch ARGS` run by this interpreter (whatever its install)."""
    return [sys.executable, "-c", LAUNCHER, *args]


def ended(code: int | None) -> str:
    """How a process ended, from its exit code (negative: the signal that killed it)."""
    if code is None:
        return "ended (its status was collected elsewhere)"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"stopped with exit status {code}"


class Companion:
    """A child process kept running: started by the first `tend()`, and again by a later one after
    it dies (killed, out of memory, crashed), once a wait is over that doubles with each quick death
    (FIRST_WAIT up to LONGEST_WAIT seconds; one that ran LONG_RUN seconds starts the count again),
    so that a child that cannot start does not spin. With `again_after_success` False, a child
    that ends with exit status 0 (its work done) is not started again."""

    FIRST_WAIT = 1.0
    LONGEST_WAIT = 60.0
    LONG_RUN = 60.0

    def __init__(
        self,
        what: str,
        argv: list[str],
        *,
        say: Callable[[str], None],
        again_after_success: bool = True,
    ) -> None:
        self.what = what
        self.argv = argv
        self.say = say
        self.again_after_success = again_after_success
        self.process: subprocess.Popen[bytes] | None = None
        self.since = 0.0
        self.wait = self.FIRST_WAIT
        self.start_at: float | None = 0.0  # None: not to be started (running, or done)
        self.codes: list[int | None] = []  # how each child ended, in order

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def running(self) -> bool:
        return self.process is not None

    def start(self) -> None:
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        self.process = subprocess.Popen(self.argv, env=env)
        self.since = time.monotonic()
        self.start_at = None
        self.say(f"{self.what} process {self.process.pid} started")

    def reap(self) -> None:
        """Collect the child's end if it ended, and set when it is started again. Asked for this
        child's pid alone, so that it can run before a waitpid(-1) of the same process (gunicorn's
        master reaps every child so) and learn how the child ended."""
        if self.process is None:
            return
        pid = self.process.pid
        try:
            found, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            code = None  # reaped by a waitpid(-1) before this one: it ended, how is not known
        else:
            if found == 0:
                return
            code = os.waitstatus_to_exitcode(status)
        self.process.returncode = code if code is not None else -1
        self.codes.append(code)
        lived = time.monotonic() - self.since
        self.process = None
        if code == 0 and not self.again_after_success:
            return
        if lived >= self.LONG_RUN:
            self.wait = self.FIRST_WAIT
        self.say(f"{self.what} process {pid} {ended(code)}; starting another in {self.wait:g} s")
        self.start_at = time.monotonic() + self.wait
        self.wait = min(self.wait * 2, self.LONGEST_WAIT)

    def tend(self) -> None:
        """Reap the child if it ended; start one when none runs and its wait is over."""
        self.reap()
        if self.process is None and self.start_at is not None and time.monotonic() >= self.start_at:
            self.start()

    def done(self) -> bool:
        """Not running, and not to be started again."""
        return self.process is None and self.start_at is None

    def signal(self, signum: int) -> None:
        self.start_at = None
        if self.process is not None and self.process.returncode is None:
            try:
                self.process.send_signal(signum)
            except ProcessLookupError:
                pass

    def stop(self, grace: float = 60.0) -> int | None:
        """Stop the child (SIGTERM, then SIGKILL after `grace` seconds) and never start another;
        its exit code (None when it ran no more)."""
        self.signal(signal.SIGTERM)
        return self.join(grace)

    def join(self, grace: float = 60.0) -> int | None:
        """Wait for a child told to stop (SIGKILL after `grace` seconds); its exit code."""
        process = self.process
        if process is None:
            return None
        try:
            code = process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        except ChildProcessError:
            code = None
        self.process = None
        self.codes.append(code)
        return code


def stop_with_parent(*, look_every: float = PARENT_LOOK_EVERY) -> threading.Thread | None:
    """When this process was started by one of refwatch's (REFWATCH_PARENT_PID names it), stop
    it as SIGTERM does once that process is gone (its parent changed: orphans are adopted by init
    or a subreaper). A process started by hand, or by systemd, has no such parent and is left
    alone. The thread that watches, or None."""
    expected = os.environ.pop(PARENT_ENV, "")
    if not expected.isdigit():
        return None
    parent = int(expected)

    def watch() -> None:
        while True:
            time.sleep(look_every)
            if os.getppid() != parent:
                print(
                    f"process {os.getpid()}: the process that started it ({parent}) is gone: stopping",
                    file=sys.stderr,
                    flush=True,
                )
                # To the main thread itself, where Python runs signal handlers: a signal the
                # kernel hands to this thread would not interrupt a wait of the main thread.
                main = threading.main_thread().ident
                if main is not None:
                    signal.pthread_kill(main, signal.SIGTERM)
                return

    thread = threading.Thread(target=watch, name="refwatch-parent-watch", daemon=True)
    thread.start()
    return thread
