"""Many readers at once: refwatch behind gunicorn on PostgreSQL, under 50 concurrent clients.

Run by hand (not in CI): `.venv/bin/python bench/load.py [--docs 3000] [--clients 50] [--seconds 60]`.
Without DATABASE_URL it runs itself again under scripts/with-postgres (a throw-away PostgreSQL
server, removed afterwards). It loads a store of --docs documents made by bench/scale.py's
templates (letters, press releases, news of returns, hard negatives), starts
`refwatch serve --server gunicorn` on loopback (no worker: the second phase starts its own) and:

1. Mixed load: --clients clients for --seconds, each a logged-in session (viewers and analysts:
   the overview, the incident and letter lists and pages, searches, uploads at /documents/add) or
   an API token (lists, records, searches), each waiting --think seconds on average between two
   requests as a person (or a polite script) does. Prints requests/s, p50/p95/p99 per kind of
   request, and errors (any status but the expected one, or no answer).
2. Reads while a worker ingests: the same clients, reads only, for --phase seconds without
   ingest, then as long again while a `refwatch worker` reads a batch of --batch queued uploads.
   Prints the reads' p95 of each and their ratio.

Goals (issue 13): 0 errors, reads' p95 under 200 ms, and within 2x while a worker ingests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from keepalive import causes  # noqa: E402
from scale import documents  # noqa: E402

PASSWORD = "a long bench password 4 refwatch"
LAUNCHER = "import sys; from refwatch.cli import app; sys.argv[0] = 'refwatch'; app()"
SEARCHES = ["Dandong repatriated", "Perdue", "Tumen", "refugees Yanji", "Secretary of State", "torture",
            "Human Rights Watch", "forcibly returned", "Hyesan", "letter urging"]  # fmt: skip
# The second phase's readers, and the first phase's analysts' uploads (one in this many requests).
UPLOAD_EVERY = 20


# --- the store -------------------------------------------------------------------------------


def prepare(home: str, docs: int, clients: int) -> dict[str, object]:
    """Run in a process of its own: the store, its users and tokens; what the clients need."""
    os.environ["REFWATCH_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    from refwatch.cli.common import ensure_roster, setup_django

    setup_django()
    ensure_roster()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from refwatch.accounts import tokens
    from refwatch.ingest import read
    from refwatch.knowledge import store
    from refwatch.knowledge.models import Incident, Letter
    from refwatch.roles import ANALYST, VIEWER

    start = time.perf_counter()
    for i, text in enumerate(documents(docs)):
        store.add(read(text.encode(), f"doc-{i}.txt"))
        if (i + 1) % 500 == 0:
            print(f"  {i + 1} documents, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    people = []
    for i in range(clients):
        role = ANALYST if i % 5 in (1, 3) else VIEWER
        user = get_user_model().objects.create_user(username=f"bench-{i}", password=PASSWORD)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        # One client in five calls the API with a token, the others use the pages.
        token = tokens.issue(user, "bench")[1] if i % 5 == 4 else ""
        people.append({"username": user.username, "role": role, "token": token})
    return {
        "people": people,
        "incidents": list(Incident.objects.filter(hidden=False).values_list("pk", flat=True)[:2000]),
        "letters": list(Letter.objects.values_list("pk", flat=True)[:2000]),
        "seconds": time.perf_counter() - start,
    }


def queue_batch(home: str, n: int) -> list[int]:
    """Run in a process of its own: n uploads queued as /documents/add queues them."""
    os.environ["REFWATCH_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    from refwatch.cli.common import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from refwatch.actions import Actions

    actions = Actions(get_user_model().objects.get(username="bench-1"), via="upload")
    return [
        actions.submit(text.encode(), f"batch-{i}.txt", visibility="internal").pk
        for i, text in enumerate(documents(n, seed=99))
    ]


def in_process(home: str, what: str, *args: str) -> object:
    """One of the functions above in a fresh process (Django set up for that store), its JSON."""
    done = subprocess.run(
        [sys.executable, __file__, f"--{what}", home, *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _echo_server(proc: subprocess.Popen[str]) -> None:
    for line in proc.stdout or ():
        print("  server:", line.rstrip(), file=sys.stderr, flush=True)


def start_server(
    home: str, workers: int, threads: int, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    empty = Path(home) / "no-demo"
    empty.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LAUNCHER,
            "serve",
            "--server",
            "gunicorn",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--port={port}",
            "--no-worker",
            f"--demo={empty}",
        ],
        env={**os.environ, "REFWATCH_HOME": home, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        print("  server:", line.rstrip(), file=sys.stderr)
        if "refwatch is at" in line:
            break
    else:
        sys.exit(f"the server stopped: exit {proc.wait()}")
    # What the server says afterwards (gunicorn logs warnings only: a worker timed out or was
    # killed) is shown, so that an error the clients count can be read against its cause.
    threading.Thread(target=_echo_server, args=(proc,), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/accounts/login/", timeout=5).status_code == 200:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.2)
    sys.exit("the server does not answer")


# --- the clients -----------------------------------------------------------------------------


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    retries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors[kind].append(error)
            else:
                self.times[kind].append(seconds * 1000)

    def retried(self, kind: str) -> None:
        with self.lock:
            self.retries[kind] += 1


def dropped(error: BaseException) -> bool:
    """The connection was reset or closed under a request before any answer came: a kept-alive
    connection that the server closed as the request went out (RFC 9112 9.3.1: a client may
    send an idempotent request again on a new connection)."""
    # http.client.RemoteDisconnected (closed before any answer) is a ConnectionResetError.
    return any(isinstance(e, ConnectionResetError | BrokenPipeError) for e in causes(error))


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    def __init__(
        self, base: str, person: dict[str, str], store: dict[str, list[int]], rng: random.Random
    ) -> None:
        self.base, self.person, self.store, self.rng = base, person, store, rng
        self.session = requests.Session()
        self.api = bool(person["token"])
        self.uploads = 0
        if self.api:
            self.session.headers["Authorization"] = f"Bearer {person['token']}"
        else:
            page = self.session.get(base + "/accounts/login/", timeout=30)
            token = CSRF.search(page.text)
            assert token, "no CSRF token on the login page"
            done = self.session.post(
                base + "/accounts/login/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "username": person["username"],
                    "password": PASSWORD,
                },
                allow_redirects=False,
                timeout=30,
            )
            assert done.status_code == 302, (person["username"], done.status_code)

    def reads(self) -> list[tuple[str, Callable[[], str]]]:
        """(kind, the path to ask) with their weights as repeated entries."""
        inc, let, rng = self.store["incidents"], self.store["letters"], self.rng
        q = lambda: requests.utils.quote(rng.choice(SEARCHES))  # noqa: E731
        if self.api:
            return [
                ("api: /api/incidents", lambda: f"/api/incidents?page={rng.randint(1, 5)}"),
                ("api: /api/incidents/N", lambda: f"/api/incidents/{rng.choice(inc)}"),
                ("api: /api/incidents/N", lambda: f"/api/incidents/{rng.choice(inc)}"),
                ("api: /api/letters", lambda: "/api/letters"),
                ("api: /api/letters/N", lambda: f"/api/letters/{rng.choice(let)}"),
                ("api search: /api/search?q=", lambda: f"/api/search?q={q()}"),
            ]
        return [
            ("page: /", lambda: "/"),
            ("page: /incidents/", lambda: "/incidents/"),
            ("page: /incidents/", lambda: f"/incidents/?from={rng.randint(2015, 2025)}&sort=-count"),
            ("page: /incidents/N/", lambda: f"/incidents/{rng.choice(inc)}/"),
            ("page: /incidents/N/", lambda: f"/incidents/{rng.choice(inc)}/"),
            ("page: /letters/", lambda: "/letters/"),
            ("page: /letters/N/", lambda: f"/letters/{rng.choice(let)}/"),
            ("page: /letters/N/", lambda: f"/letters/{rng.choice(let)}/"),
            ("search: /search/?q=", lambda: f"/search/?q={q()}"),
            ("search: /search/?q=", lambda: f"/search/?q={q()}"),
        ]

    def one(self, tally: Tally, *, uploads: bool) -> None:
        if uploads and self.person["role"] == "analyst" and self.rng.randrange(UPLOAD_EVERY) == 0:
            self.upload(tally)
            return
        kind, path = self.rng.choice(self.reads())
        url = self.base + path()
        t0 = time.perf_counter()
        error = ""
        for attempt in (1, 2):
            try:
                r = self.session.get(url, timeout=60, allow_redirects=False)
                error = "" if r.status_code == 200 else f"{r.status_code} {r.url}"
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {exc}"
                if attempt == 1 and dropped(exc):
                    # Sent again once, as browsers do: counted apart, not as an error; the time
                    # counted is that of both attempts.
                    tally.retried(kind)
                    continue
            break
        tally.record(kind, time.perf_counter() - t0, error)

    def upload(self, tally: Tally) -> None:
        self.uploads += 1
        text = documents(1, seed=hash((self.person["username"], self.uploads)) & 0xFFFFFF)[0]
        text += f"\n(upload {self.person['username']} {self.uploads} {time.time_ns()})\n"
        t0 = time.perf_counter()
        try:
            form = self.session.get(self.base + "/documents/add", timeout=60)
            token = CSRF.search(form.text)
            r = self.session.post(
                self.base + "/documents/add",
                data={"csrfmiddlewaretoken": token.group(1) if token else "", "visibility": "internal"},
                files={"files": (f"upload-{self.uploads}.txt", text.encode(), "text/plain")},
                timeout=60,
            )
            error = "" if r.status_code == 200 and "queued" in r.text else f"{r.status_code} upload"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"
        tally.record("upload: GET+POST /documents/add", time.perf_counter() - t0, error)


# --- where the CPU went --------------------------------------------------------------------
# The machine is shared (a fuzzer, other people's tests): a phase's latencies move with what the
# neighbours take. So each phase also says the CPU seconds of the server's processes, of the
# database's, of the worker's and of the clients (this process), and of everything else: a
# change to refwatch shows in the server's CPU per request whatever the neighbours did.

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks of the process and of its children it has waited for)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    # After the name: state ppid ... utime (14th field of the line) stime cutime cstime.
    return int(fields[1]), sum(int(x) for x in fields[11:15])


def _processes() -> dict[int, tuple[int, int]]:
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (got := _stat(int(entry.name))) is not None:
            out[int(entry.name)] = got
    return out


def _tree_ticks(roots: list[int], table: dict[int, tuple[int, int]]) -> int:
    """The CPU ticks of `roots` and every live process under them (those that ended are in
    their parent's waited-for ticks)."""
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (ppid, _) in table.items():
        children[ppid].append(pid)
    seen, todo, total = set(), [r for r in roots if r in table], 0
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += table[pid][1]
        todo.extend(children.get(pid, ()))
    return total


def _database_pids(table: dict[int, tuple[int, int]]) -> list[int]:
    """The postmaster of the server DATABASE_URL names (pg_ctl detaches it from this process)."""
    port = re.search(r":(\d+)/", os.environ.get("DATABASE_URL", ""))
    if not port:
        return []
    found = []
    for pid in table:
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"postgres") and port.group(1).encode() in argv:
            found.append(pid)
    return found


def _machine_ticks() -> int:
    """Busy ticks of all the machine's cores (all but idle and waiting for I/O)."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(parts) - parts[3] - parts[4]


@dataclass
class CpuUse:
    """CPU seconds of each part between two looks (`look()`)."""

    server: float = 0.0
    database: float = 0.0
    worker: float = 0.0
    clients: float = 0.0
    others: float = 0.0

    @staticmethod
    def look(server: int, worker: int | None = None) -> dict[str, int]:
        table = _processes()
        parts = {
            "server": _tree_ticks([server], table),
            "database": _tree_ticks(_database_pids(table), table),
            "worker": _tree_ticks([worker], table) if worker else 0,
            "clients": table.get(os.getpid(), (0, 0))[1],
        }
        parts["machine"] = _machine_ticks()
        return parts

    @classmethod
    def between(cls, before: dict[str, int], after: dict[str, int]) -> CpuUse:
        got = {k: max(0, after[k] - before[k]) / TICK for k in before}
        mine = sum(v for k, v in got.items() if k != "machine")
        return cls(
            got["server"], got["database"], got["worker"], got["clients"], max(0.0, got["machine"] - mine)
        )

    def say(self, requests: int, seconds: float) -> str:
        cores = os.cpu_count() or 1
        per = 1000 * self.server / max(1, requests)
        return (
            f"CPU s: server {self.server:.1f} ({per:.1f} ms a request), database {self.database:.1f}, "
            f"worker {self.worker:.1f}, clients {self.clients:.1f}, everything else {self.others:.1f} "
            f"(of {cores * seconds:.0f} s on {cores} cores)"
        )


def run_phase(clients: list[Client], seconds: float, think: float, *, uploads: bool) -> tuple[Tally, float]:
    tally = Tally()
    end = time.monotonic() + seconds

    def loop(client: Client) -> None:
        # Clients start spread over one think time, not all in the same instant.
        time.sleep(client.rng.uniform(0, think))
        while time.monotonic() < end:
            client.one(tally, uploads=uploads)
            time.sleep(client.rng.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.monotonic() - t0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def report(title: str, tally: Tally, seconds: float, cpu: CpuUse | None = None) -> None:
    total = sum(len(v) for v in tally.times.values())
    errors = sum(len(v) for v in tally.errors.values())
    retries = sum(tally.retries.values())
    print(f"\n{title}: {total + errors} requests in {seconds:.0f} s = {(total + errors) / seconds:.1f} requests/s, "
          f"{errors} errors, {retries} GETs sent again after a reset connection")  # fmt: skip
    if cpu is not None:
        print(cpu.say(total + errors, seconds))
    print(f"{'':34} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'retries':>7}")
    for kind in sorted(set(tally.times) | set(tally.errors)):
        t = tally.times[kind]
        print(f"{kind[:34]:34} {len(t):6} {pct(t, 50):8.0f} {pct(t, 95):8.0f} {pct(t, 99):8.0f} "
              f"{len(tally.errors[kind]):7} {tally.retries[kind]:7}")  # fmt: skip
    reads = [x for kind, t in tally.times.items() if not kind.startswith("upload") for x in t]
    print(
        f"{'all reads':34} {len(reads):6} {pct(reads, 50):8.0f} {pct(reads, 95):8.0f} {pct(reads, 99):8.0f}"
    )
    for kind, errs in tally.errors.items():
        for e in sorted(set(errs))[:3]:
            print(f"  error in {kind}: {e}")


def reads_p95(tally: Tally) -> float:
    return pct([x for kind, t in tally.times.items() if not kind.startswith("upload") for x in t], 95)


def queued(home: str) -> int:
    return int(in_process(home, "count-queued"))  # type: ignore[arg-type]


def count_queued(home: str) -> int:
    os.environ["REFWATCH_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    import django

    django.setup()
    from refwatch.knowledge.models import Upload

    return Upload.objects.filter(status=Upload.Status.QUEUED).count()


def phase_two(
    home: str,
    server: subprocess.Popen[str],
    clients: list[Client],
    args: argparse.Namespace,
    env: dict[str, str] | None = None,
) -> tuple[Tally, Tally]:
    """Reads without ingest, then while a worker ingests a batch: each reported, and their p95s'
    ratio. The worker runs with `env` too (a configuration's variables: REFWATCH_WORKER_NICE)."""
    batch = in_process(home, "queue-batch", f"--batch={args.batch}")
    assert isinstance(batch, list)
    start = CpuUse.look(server.pid)
    quiet, took_quiet = run_phase(clients, args.phase, args.think, uploads=False)
    cpu_quiet = CpuUse.between(start, CpuUse.look(server.pid))
    before = queued(home)
    worker = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "worker", "--interval=0.2"],
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(3)  # its start (imports, the roster check) is not ingest
    start = CpuUse.look(server.pid, worker.pid)
    busy, took_busy = run_phase(clients, args.phase, args.think, uploads=False)
    cpu_busy = CpuUse.between(start, CpuUse.look(server.pid, worker.pid))
    worker.terminate()
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        # Still reading its file (a busy machine): the next run must not find it still there.
        worker.kill()
        worker.wait(timeout=60)
    read = before - queued(home)
    report("2a. reads, no ingest", quiet, took_quiet, cpu_quiet)
    report(
        f"2b. reads while a worker ingests ({read} uploads read in {took_busy + 3:.0f} s)",
        busy,
        took_busy,
        cpu_busy,
    )
    p_quiet, p_busy = reads_p95(quiet), reads_p95(busy)
    print(
        f"\nreads p95: {p_quiet:.0f} ms without ingest, {p_busy:.0f} ms with: x{p_busy / p_quiet:.2f} (goal <= 2)"
    )
    n_quiet = sum(len(v) for v in quiet.times.values()) + sum(len(v) for v in quiet.errors.values())
    n_busy = sum(len(v) for v in busy.times.values()) + sum(len(v) for v in busy.errors.values())
    errors = sum(len(v) for t in (quiet, busy) for v in t.errors.values())
    args.summary.append(
        f"x{p_busy / p_quiet:.2f}  p95 {p_quiet:.0f} -> {p_busy:.0f} ms  server CPU a request "
        f"{1000 * cpu_quiet.server / max(1, n_quiet):.1f} -> {1000 * cpu_busy.server / max(1, n_busy):.1f} ms  "
        f"errors {errors}  ({read} uploads read)"
    )
    return quiet, busy


def compare(
    home: str, made: dict[str, object], store: dict[str, list[int]], args: argparse.Namespace
) -> None:
    """--compare: phase 2 for each configuration in turn, --rounds times, alternating (the machine is
    shared: what the neighbours take moves with time), each on a server started afresh and read by
    the clients for --warm seconds first (the pages kept, as phase 1 leaves them)."""
    lines: list[str] = []
    for round_ in range(args.rounds):
        for config in args.compare.split(","):
            shape, *env_parts = config.split("+")
            workers, threads = (int(x) for x in shape.split("x"))
            env = dict(part.split("=", 1) for part in env_parts)
            print(f"\n=== round {round_ + 1}: {config} ===", flush=True)
            server, base = start_server(home, workers, threads, env)
            try:
                people = made["people"]
                assert isinstance(people, list)
                clients = [Client(base, p, store, random.Random(i)) for i, p in enumerate(people)]
                run_phase(clients, args.warm, args.think, uploads=False)
                args.summary = []
                phase_two(home, server, clients, args, env)
                lines.append(f"round {round_ + 1} {config:28} {args.summary[0]}")
            finally:
                server.terminate()
                server.wait(timeout=60)
            print("\n".join(lines), flush=True)
    print("\nsummary:\n" + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000, help="documents in the store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed load")
    parser.add_argument("--phase", type=float, default=30, help="length of each half of the second phase")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a client waits between requests"
    )
    parser.add_argument("--workers", type=int, default=0, help="gunicorn processes (default: 2 a core + 1)")
    parser.add_argument("--threads", type=int, default=4, help="threads of each gunicorn process")
    parser.add_argument("--batch", type=int, default=300, help="uploads the worker of the second phase reads")
    parser.add_argument(
        "--compare",
        metavar="CONFIGS",
        help="instead of the two phases, phase 2 alone for each of these server configurations in turn, "
        "WORKERSxTHREADS[+VAR=VALUE...] separated by commas (e.g. 5x4,5x4+REFWATCH_NEW_DOCUMENTS_DELAY=60,2x8); "
        "the variables are the server's and the worker's",
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --compare: times each configuration runs")
    parser.add_argument(
        "--warm", type=float, default=20, help="with --compare: seconds of reads before phase 2"
    )
    parser.add_argument("--prepare", metavar="HOME", help=argparse.SUPPRESS)
    parser.add_argument("--queue-batch", metavar="HOME", help=argparse.SUPPRESS)
    parser.add_argument("--count-queued", metavar="HOME", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare, args.docs, args.clients)))
        return
    if args.queue_batch:
        print(json.dumps(queue_batch(args.queue_batch, args.batch)))
        return
    if args.count_queued:
        print(json.dumps(count_queued(args.count_queued)))
        return
    if not os.environ.get("DATABASE_URL"):
        # Again, under a throw-away PostgreSQL server (the database a deployment for many uses).
        script = ROOT / "scripts" / "with-postgres"
        os.execv(script, [str(script), sys.executable, __file__, *sys.argv[1:]])

    home = tempfile.mkdtemp(prefix="refwatch-load-")
    os.environ["REFWATCH_HOME"] = home
    print(f"loading {args.docs} documents into {os.environ['DATABASE_URL']} ...", file=sys.stderr)
    made = in_process(home, "prepare", f"--docs={args.docs}", f"--clients={args.clients}")
    assert isinstance(made, dict)
    store = {"incidents": made["incidents"], "letters": made["letters"]}
    print(f"  {len(store['incidents'])} incidents, {len(store['letters'])} letters, "
          f"{made['seconds']:.0f} s", file=sys.stderr)  # fmt: skip
    args.summary = []
    if args.compare:
        compare(home, made, store, args)
        return
    server, base = start_server(home, args.workers, args.threads)
    try:
        clients = [Client(base, p, store, random.Random(i)) for i, p in enumerate(made["people"])]
        print(f"\n{len(clients)} clients ({sum(c.api for c in clients)} with API tokens), "
              f"{args.think:.1f} s between two requests of one client on average; "
              f"{args.docs} documents on PostgreSQL; gunicorn, {args.workers or 2 * (os.cpu_count() or 1) + 1} "
              f"processes x {args.threads} threads, {os.cpu_count()} cores")  # fmt: skip
        start = CpuUse.look(server.pid)
        tally, took = run_phase(clients, args.seconds, args.think, uploads=True)
        report("1. mixed load", tally, took, CpuUse.between(start, CpuUse.look(server.pid)))

        quiet, busy = phase_two(home, server, clients, args)
        errors = sum(len(v) for t in (tally, quiet, busy) for v in t.errors.values())
        retries = sum(sum(t.retries.values()) for t in (tally, quiet, busy))
        print(f"errors: {errors} (goal 0); GETs sent again after a reset connection: {retries}; "
              f"mixed reads p95 {reads_p95(tally):.0f} ms (goal < 200)")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
