"""`refwatch` commands started by fork from a process that has already imported refwatch.

A crash test kills a command dozens of times; started afresh, each command spends more than a
second importing spaCy and Django before it does anything worth killing. The Forker imports the
command line once and forks a child for each command: the child is a process of its own that runs
the real command (`refwatch.cli.app`, its Django set-up, migrations, transactions and child
processes) from the start, and is killed with SIGKILL like any other. The parent holds no database
connection (it never sets Django up) and reaps each child at once, so that a killed worker's id
is free again, as a worker that is gone must look to the queue's recovery.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

SERVER = r"""
import json, os, sys
from refwatch.cli import app
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    out = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    pid = os.fork()
    if pid == 0:
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["refwatch", *request["args"]]
        code = 0
        try:
            app(request["args"], prog_name="refwatch")
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    os.close(out)
    print(json.dumps({"pid": pid}), flush=True)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}), flush=True)
"""


class Command:
    """One forked command: its process id and what it printed so far."""

    def __init__(self, forker: Forker, pid: int, output: Path) -> None:
        self.forker, self.pid, self.output = forker, pid, output
        self.code: int | None = None

    def printed(self) -> str:
        return self.output.read_text(errors="replace") if self.output.exists() else ""

    def wait_for(self, *starts: str, timeout: float = 120) -> bool:
        """Wait until a line starting with one of `starts` is printed; False if the command ends
        (or the time runs out) first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(line.startswith(starts) for line in self.printed().splitlines()):
                return True
            if not self.running():
                return False
            time.sleep(0.02)
        return False

    def running(self) -> bool:
        # The parent reaps its child as soon as it ends: an id that answers is the command's.
        if self.code is not None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> int:
        if self.running():
            os.kill(self.pid, signal.SIGKILL)
        return self.wait()

    def wait(self) -> int:
        """Its exit code (-9 when killed), once the parent has reaped it."""
        if self.code is None:
            self.code = self.forker.reaped()
        return self.code


class Forker:
    """The parent process: `run(args, env)` forks one command at a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        assert self._answer() == {"ready": True}

    def _answer(self) -> dict[str, int]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"the forking process stopped: exit {self.proc.wait()}"
        return json.loads(line)

    def run(self, args: list[str], env: dict[str, str]) -> Command:
        self.count += 1
        output = self.folder / f"command-{self.count}.out"
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"args": args, "env": env, "output": str(output)}) + "\n")
        self.proc.stdin.flush()
        return Command(self, self._answer()["pid"], output)

    def reaped(self) -> int:
        return self._answer()["exit"]

    def __enter__(self) -> Forker:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)
