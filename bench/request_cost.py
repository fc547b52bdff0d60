"""What one request costs the server in CPU, per route that bench/load.py asks for.

Run by hand (not a test): `.venv/bin/python bench/request_cost.py [--docs 1000] [--reps 30]
[--home DIR] [--profile ROUTE]`. Builds a store of --docs documents from bench/scale.py's
templates in a temporary REFWATCH_HOME (SQLite, or the database DATABASE_URL names), or reuses
the store in --home (made by an earlier run, which prints where it is), so that a run before a
change and one after it measure the same record. Then, in a fresh process, each route is asked
--reps times through Django's test client with a real session (a viewer, an analyst) or an API
token, after one warm-up call, and the CPU time of the process (time.process_time: the
database's own CPU is in it on SQLite, not on PostgreSQL) of each request is taken; prints the
median, mean and 90th percentile in ms, and the queries of one request. CPU time, not wall time:
the machine is shared, and what a busy neighbour takes does not count against refwatch.

--profile ROUTE (a part of a route's name) prints the functions that cost most in that route
(cProfile, cumulative time) instead; --profile-only TEXT keeps those whose file's path holds TEXT
(`refwatch/`: refwatch's own, under the ORM's and the test client's).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import documents  # noqa: E402

PASSWORD = "a long bench password 4 refwatch"
SEARCHES = ["Dandong repatriated", "Perdue", "Tumen", "refugees Yanji", "Secretary of State"]


def _setup(home: str) -> None:
    os.environ["REFWATCH_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    from refwatch.cli.common import setup_django

    setup_django()


def build(docs: int) -> str:
    home = tempfile.mkdtemp(prefix="refwatch-cost-")
    _setup(home)
    from refwatch.cli.common import ensure_roster
    from refwatch.ingest import read
    from refwatch.knowledge import store

    ensure_roster()
    start = time.perf_counter()
    for i, text in enumerate(documents(docs)):
        store.add(read(text.encode(), f"doc-{i}.txt"))
        if (i + 1) % 250 == 0:
            print(f"  {i + 1} documents, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return home


def measure(home: str, reps: int, profile: str, only: str = "") -> dict[str, object]:
    _setup(home)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from refwatch.accounts import tokens
    from refwatch.knowledge.models import Document, Incident, Letter
    from refwatch.roles import ANALYST, VIEWER

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    users = {}
    for role in (VIEWER, ANALYST):
        user = get_user_model().objects.filter(username=f"cost-{role}").first()
        if user is None:
            user = get_user_model().objects.create_user(username=f"cost-{role}", password=PASSWORD)
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[role] = user
    key = tokens.issue(users[VIEWER], "cost")[1]

    def logged_in(role: str) -> Client:
        # The login form, not force_login: the session is the one a browser holds.
        client = Client()
        done = client.post("/accounts/login/", {"username": f"cost-{role}", "password": PASSWORD})
        assert done.status_code == 302, (role, done.status_code)
        return client

    viewer, analyst = logged_in(VIEWER), logged_in(ANALYST)
    # As `refwatch serve` does once the app is loaded (refwatch.cli.store.wsgi_app).
    gc.freeze()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    rng = random.Random(3)
    incidents = list(Incident.objects.filter(hidden=False).values_list("pk", flat=True)[:2000])
    letters = list(Letter.objects.values_list("pk", flat=True)[:2000])
    docs = list(Document.objects.values_list("pk", flat=True)[:2000])
    uploads = iter(documents(10_000, seed=99))

    def get(client: Client, path: Callable[[], str]) -> Callable[[], None]:
        def run() -> None:
            p = path()
            r = client.get(p)
            assert r.status_code == 200, (p, r.status_code)

        return run

    def upload() -> None:
        form = analyst.get("/documents/add")
        assert form.status_code == 200
        text = next(uploads) + f"\n(upload {time.time_ns()})\n"
        r = analyst.post(
            "/documents/add",
            {"visibility": "internal", "files": _named(text.encode(), f"up-{time.time_ns()}.txt")},
        )
        assert r.status_code == 200 and b"queued" in r.content, r.status_code

    q = lambda: rng.choice(SEARCHES).replace(" ", "+")  # noqa: E731
    routes: dict[str, Callable[[], None]] = {
        "page: / (overview)": get(viewer, lambda: "/"),
        "page: /incidents/": get(viewer, lambda: "/incidents/"),
        "page: /incidents/?from=Y&sort=-count": get(
            viewer, lambda: f"/incidents/?from={rng.randint(2015, 2025)}&sort=-count"
        ),
        "page: /incidents/N/": get(viewer, lambda: f"/incidents/{rng.choice(incidents)}/"),
        "page: /letters/": get(viewer, lambda: "/letters/"),
        "page: /letters/N/": get(viewer, lambda: f"/letters/{rng.choice(letters)}/"),
        "page: /documents/": get(viewer, lambda: "/documents/"),
        "page: /documents/N/ (analyst)": get(analyst, lambda: f"/documents/{rng.choice(docs)}/"),
        "page: /search/?q=": get(viewer, lambda: f"/search/?q={q()}"),
        "page: /incidents/ (analyst)": get(analyst, lambda: "/incidents/"),
        "api: /api/incidents": get(api, lambda: f"/api/incidents?page={rng.randint(1, 5)}"),
        "api: /api/incidents/N": get(api, lambda: f"/api/incidents/{rng.choice(incidents)}"),
        "api: /api/letters": get(api, lambda: "/api/letters"),
        "api: /api/letters/N": get(api, lambda: f"/api/letters/{rng.choice(letters)}"),
        "api: /api/search?q=": get(api, lambda: f"/api/search?q={q()}"),
        "upload: GET+POST /documents/add": upload,
    }
    if profile:
        chosen = [name for name in routes if profile in name]
        assert chosen, f"no route matches {profile!r}: {list(routes)}"
        run = routes[chosen[0]]
        run()
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(reps):
            run()
        prof.disable()
        print(f"{chosen[0]}, {reps} requests", file=sys.stderr)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(
            *([only] if only else []), 45
        )
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
        return {}
    out: dict[str, object] = {
        "documents": Document.objects.count(),
        "incidents": len(incidents),
        "letters": len(letters),
        "database": connection.vendor,
    }
    timings = {}
    for name, run in routes.items():
        run()  # the first call fills caches (templates, compiled queries)
        # Counted by a wrapper: Django empties connection.queries when a request starts.
        queries: list[str] = []

        def counted(
            execute: Callable[..., object], sql: str, *args: object, seen: list[str] = queries
        ) -> object:
            seen.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            run()
        cpu = []
        for _ in range(reps):
            t0 = time.process_time()
            run()
            cpu.append((time.process_time() - t0) * 1000)
        cpu.sort()
        timings[name] = (statistics.median(cpu), statistics.mean(cpu), cpu[int(len(cpu) * 0.9)], len(queries))
        print(f"  {name}: {timings[name][0]:.1f} ms", file=sys.stderr, flush=True)
    out["timings"] = timings
    return out


def _named(data: bytes, name: str) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/plain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in a new store")
    parser.add_argument("--reps", type=int, default=30, help="requests per route")
    parser.add_argument("--home", help="reuse the store in this REFWATCH_HOME")
    parser.add_argument("--profile", default="", help="profile the route whose name holds this")
    parser.add_argument("--profile-only", default="", help="profile only functions whose path holds this")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the second process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.home, args.reps, args.profile, args.profile_only)))
        return
    home = args.home or build(args.docs)
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "--home", home, "--reps", str(args.reps),
         "--profile", args.profile, "--profile-only", args.profile_only],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    if args.profile:
        return
    got = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"store: {got['documents']:,} documents, {got['incidents']:,} incidents, "
          f"{got['letters']:,} letters on {got['database']} (in {home})")  # fmt: skip
    # The mean as well: a full collection of the garbage collector, every few requests, shows in
    # it and in the p90, not in the median.
    print(f"{'':40} {'CPU ms p50':>10} {'mean':>7} {'p90':>7} {'queries':>8}")
    for name, (p50, mean, p90, n) in got["timings"].items():
        print(f"{name[:40]:40} {p50:10.1f} {mean:7.1f} {p90:7.1f} {n:8}")


if __name__ == "__main__":
    main()
