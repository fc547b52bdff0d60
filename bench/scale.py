"""How refwatch holds up with a large record: ingest speed, page and query times, memory.

Run by hand (not a test): `.venv/bin/python bench/scale.py [--docs N] [--reps R] [--home DIR | --reuse DIR | --grow DIR]`
(default 100,000 documents; on a small machine start with 10,000). Builds a fresh SQLite store in a
temporary REFWATCH_HOME, or in DIR with --home so that it can be kept (100,000 documents take about an
hour), from documents made of varied templates of the sentence shapes refwatch reads: letters to
various recipients by various signers (some referring to earlier letters, some telling of returns with
places), press releases telling of letters, news of returns with counts, dates, places and sources in
several shapes, and hard negatives (deportations by other states, fears and plans, figures of people
detained, returns denied) that must add no incident. Every document goes through the real path
(refwatch.ingest.read, refwatch.knowledge.store.add). With --reuse DIR nothing is ingested: the store
that --home DIR left is migrated to the code's schema and its pages timed. With --grow DIR --docs N,
N documents not in the store (other texts of the same templates) are added to the store in DIR (which
they change: give a copy) and, in another process, the same N to an empty store: their rates side by
side say how much the store's size slows the ingest of one more document (issue 13: the last 1,000 of
100,000 at no less than 80% of the rate of the first 1,000), on the same machine at the same time of
day, rather than an hour apart as in one build.

Then, in a fresh process (so that its memory is a server's, not the ingest's), a viewer's pages
through Django's test client and the Reader's queries behind them, each timed R times:
the incident list with filters, a search, an incident page, the overview (kept for the viewer's role
while the record is unchanged, and as the first reader after a change gets it), the map. Prints
documents per second for the first and last 1,000, p50/p95 of each, the peak resident memory
of both processes (resource.getrusage) and the load average (the figures mean little on a busy
machine). Goals (issue 8): p95 under 50 ms for queries and under 200 ms for pages, under 300 MB.
"""

from __future__ import annotations

import argparse
import calendar
import gc
import json
import os
import random
import resource
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

from scale_ingest import LAST, NUMBER, PEOPLE, _date, _name  # noqa: E402
from scale_ingest import letter as plain_letter  # noqa: E402
from scale_ingest import press_release as plain_release  # noqa: E402

BORDER = ["Dandong", "Tumen", "Yanji", "Shenyang", "Hunchun", "Changbai", "Helong", "Longjing", "Changchun",
          "Jilin", "Liaoning", "Yanbian"]  # fmt: skip
NORTH = ["Sinuiju", "Hyesan", "Hoeryong", "Namyang", "Onsong", "Musan"]
ROUTE = ["Kunming", "Nanning", "Pingxiang", "Laos", "Vietnam", "Thailand", "Mongolia"]
SOURCES = ["Human Rights Watch", "the Transitional Justice Working Group", "Daily NK", "Radio Free Asia",
           "the Committee for Human Rights in North Korea", "a local newspaper", "Yonhap", "NK News",
           "South Korea's Unification Ministry", "activists"]  # fmt: skip
OUTLETS = ["Daily NK", "Radio Free Asia", "Yonhap", "NK News", "The Korea Herald", "JoongAng Daily"]


def _month(m: int) -> str:
    return calendar.month_name[m]


def news(rng: random.Random, i: int) -> str:
    y, m, d = _date(rng)
    n = rng.randint(2, 900)
    who, src = rng.choice(PEOPLE), rng.choice(SOURCES)
    china, north = rng.choice(BORDER), rng.choice(NORTH)
    shapes = [
        f"{rng.choice(NUMBER).capitalize()} {n} {who} were repatriated from China on {_month(m)} {d}, {y}, "
        f"{src} said.",
        f"Chinese authorities forcibly repatriated {rng.choice(NUMBER)} {n} {who} detained in {china} to "
        f"{north} on {_month(m)} {d}, {y}, according to {src}.",
        f"China has sent back {n} {who} through {china} in {_month(m)} {y}, {src} reported, the largest "
        f"group this year.",
        f"According to {src}, Chinese police handed over {n} {who} held in {china} and {rng.choice(BORDER)} "
        f"to North Korean authorities at {north} on {_month(m)} {d}, {y}.",
        f"Some {n} {who} caught in {rng.choice(ROUTE)} on their way to {rng.choice(ROUTE)} were repatriated "
        f"to North Korea in {y}, {src} said.",
        f"In {y}, China forcibly returned at least {n} {who}, {src} estimated in a report published this week.",
    ]
    body = [rng.choice(shapes)]
    if rng.random() < 0.4:
        body.append(
            f"Those returned face torture, forced labour and imprisonment in North Korea, {rng.choice(SOURCES)} "
            "warned."
        )
    if rng.random() < 0.3:
        body.append(negative(rng, i).split("\n\n", 2)[-1].strip())
    return f"{rng.choice(OUTLETS)}\n\n{_month(m)} {d}, {y}\n\n" + "\n\n".join(body) + f"\n\n(report {i})\n"


def negative(rng: random.Random, i: int) -> str:
    """Sentences that tell of no return from China: each must add no incident."""
    y, m, d = _date(rng)
    n = rng.randint(2, 3000)
    shapes = [
        f"South Korea repatriated {n % 20 + 1} North Korean fishermen across the maritime border on "
        f"{_month(m)} {d}, {y}.",
        f"Activists fear that China may repatriate up to {n} North Koreans held in {rng.choice(BORDER)} in "
        "the coming weeks.",
        f"An estimated {n} North Korean women remain detained in Chinese facilities, {rng.choice(SOURCES)} said.",
        f"Thailand deported {n % 40 + 2} North Koreans to South Korea in {_month(m)} {y} after they crossed "
        "from Laos.",
        f"China denied on {_month(m)} {d}, {y} that it had repatriated any North Korean refugees.",
        f"Russia handed {n % 10 + 1} North Korean workers back to Pyongyang in {y}, officials said.",
        f"The border with {rng.choice(BORDER)} stayed closed through {y}, and traders said no one crossed.",
    ]
    picked = rng.sample(shapes, 2)
    return f"{rng.choice(OUTLETS)}\n\n{_month(m)} {d}, {y}\n\n" + " ".join(picked) + f" (item {i})\n"


def placed_letter(rng: random.Random, i: int) -> str:
    text = plain_letter(rng, i)
    if rng.random() < 0.5:
        y, m, d = _date(rng)
        extra = (
            f"According to {rng.choice(SOURCES)}, on {_month(m)} {d}, {y}, Chinese authorities forcibly "
            f"repatriated {rng.randint(2, 600)} {rng.choice(PEOPLE)} held in {rng.choice(BORDER)} through "
            f"{rng.choice(NORTH)}."
        )
        text = text.replace("We urge you to raise", extra + "\n\nWe urge you to raise", 1)
    return text


def release(rng: random.Random, i: int) -> str:
    if rng.random() < 0.5:
        return plain_release(rng, i)
    y, m, d = _date(rng)
    a, b = rng.choice(LAST), rng.choice(LAST)
    return (
        f"PRESS RELEASE\n\n{_month(m)} {d}, {y}\n\n"
        f"Representatives {_name(rng)} and {_name(rng)} today led {rng.randint(3, 40)} colleagues in a letter to "
        f"Secretary of State {_name(rng)} urging the Administration to press Beijing to end the forcible "
        f"repatriation of {rng.choice(PEOPLE)}. The letter cites reports that China returned "
        f"{rng.randint(50, 600)} people through {rng.choice(BORDER)} in {_month(m)} {y}.\n\n"
        f"“China must stop sending refugees back to torture,” said Rep. {a}. Rep. {b} added that the "
        f"United Nations should have access to the border (release {i}).\n"
    )


def documents(n: int, seed: int = 17, first: int = 0) -> list[str]:
    rng = random.Random(seed)
    makers: list[Callable[[random.Random, int], str]] = [placed_letter, release, news, news, news, negative]
    return [rng.choice(makers)(rng, i) for i in range(first, first + n)]


# --grow's documents: a seed and numbers no build of --home uses, so none is one the store holds.
GROW_SEED, GROW_FIRST = 1913, 10_000_000


def grow(n: int, home: str) -> dict[str, float]:
    """Add n new documents to the store in `home` (an empty one if it has none); their rate."""
    start, marks = _add(home, documents(n, GROW_SEED, GROW_FIRST), "grow")
    return {"rate": n / (marks[-1] - start)}


def _add(home: str, texts: list[str], name: str) -> tuple[float, list[float]]:
    """Store `texts` in the store in `home` through the real path (refwatch.ingest.read,
    refwatch.knowledge.store.add), one document at a time; when it started and when each ended."""
    _setup(home)
    from django.core.management import call_command

    from refwatch.ingest import read
    from refwatch.knowledge import store

    call_command("migrate", verbosity=0)
    marks: list[float] = []
    start = time.perf_counter()
    for i, text in enumerate(texts):
        store.add(read(text.encode(), f"{name}-{i}.txt"))
        marks.append(time.perf_counter())
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} documents, {marks[-1] - start:.0f} s", file=sys.stderr, flush=True)
    return start, marks


def _setup(home: str) -> None:
    os.environ["REFWATCH_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    import django

    django.setup()


def ingest(n: int, home: str | None = None) -> tuple[str, dict[str, float]]:
    if home is None:
        home = tempfile.mkdtemp(prefix="refwatch-scale-")
    else:
        Path(home).mkdir(parents=True, exist_ok=True)
        if any(Path(home).iterdir()):
            # adding to a store already there would time neither a fresh ingest nor the N asked for
            raise SystemExit(
                f"{home} is not empty: give --reuse {home} to time its pages, or a new directory"
            )
    window = min(1000, max(1, n // 10))
    start, marks = _add(home, documents(n), "doc")
    first = window / (marks[window - 1] - start)
    last = window / (marks[-1] - marks[-window - 1]) if n > window else first
    return home, {
        "window": window,
        "first": first,
        "last": last,
        "total_s": marks[-1] - start,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _migrate(home: str) -> None:
    """Bring a kept store to the code's schema, in a process of its own like the ingest."""
    if not (Path(home) / "refwatch.sqlite3").exists():
        raise SystemExit(f"no store in {home}: build one with --home {home}")
    env = {**os.environ, "REFWATCH_HOME": home, "DJANGO_SETTINGS_MODULE": "refwatch.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"], check=True, env=env, cwd=ROOT
    )


def _timed(run: Callable[[], object], reps: int) -> tuple[float, float]:
    run()  # the first call fills caches (templates, the boundaries): not what a user waits for
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def serve(home: str, reps: int) -> dict[str, object]:
    """The pages and queries a viewer asks for, timed (run in a process of its own)."""
    _setup(home)
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client

    from refwatch.knowledge.access import VIEWER
    from refwatch.knowledge.models import Document, Incident, Statement
    from refwatch.knowledge.queries import Reader, count_and_slice
    from refwatch.outputs import overview
    from refwatch.outputs.evidence import Evidence
    from refwatch.web import shared

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-viewer")
    user.groups.add(Group.objects.get_or_create(name=VIEWER)[0])
    client = Client()
    client.force_login(user)
    reader = Reader.for_user(user)
    rng = random.Random(5)
    ids = list(Incident.objects.filter(hidden=False).values_list("pk", flat=True))
    listed = "/incidents/?from=2018&to=2024&min=10&max=800&place=Dandong&sort=-count"

    def page(path: Callable[[], str]) -> Callable[[], object]:
        def get() -> object:
            response = client.get(path())
            assert response.status_code == 200, (path(), response.status_code)
            return response

        return get

    def afresh(get: Callable[[], object]) -> Callable[[], object]:
        """`get` as the first reader after a change of the record waits for it: a page that keeps
        what it computed for each role (refwatch.web.shared) computes it again."""

        def cold() -> object:
            keeps = shared.role_key
            shared.role_key = lambda reader: None  # type: ignore[assignment]  # a reader of their own
            try:
                return get()
            finally:
                shared.role_key = keeps

        return cold

    # As `refwatch serve` does once the app is loaded (refwatch.cli.store.wsgi_app): what start-up
    # made lives as long as the server, out of the collector's reach. Without it this process's
    # full collections walked start-up's objects too, every few pages: pauses the server has not.
    gc.collect()
    gc.freeze()

    def list_query() -> object:
        # As the list page reads it (refwatch.web.incident_filters.incidents, views.incidents): its
        # rows' statements without their documents or quotes (Reader.facts(evidence=False)).
        listed = reader.incidents(texts=False, evidence=False, date_start__gte="2018",
                                  date_start__lte="2024-12-31", count__gte=10)  # fmt: skip
        qs = reader.at_place(listed, "Dandong").order_by("-count", "pk")
        return count_and_slice(qs, 0, 50)  # as its page reads them (web.listing.CountingPaginator)

    timings = {
        "query: incident list, filtered (count + first 50)": _timed(list_query, reps),
        "query: search 'Dandong repatriated'": _timed(lambda: reader.search("Dandong repatriated"), reps),
        "query: one incident with its statements": _timed(lambda: reader.incident(rng.choice(ids)), reps),
        "query: overview data": _timed(lambda: overview.build(Evidence(reader)), max(3, reps // 5)),
        "page: incident list, filtered " + listed: _timed(page(lambda: listed), reps),
        "page: search /search/?q=Dandong+repatriated": _timed(
            page(lambda: "/search/?q=Dandong+repatriated"), reps
        ),
        "page: search by place /search/?q=women+detained&place=Dandong": _timed(
            page(lambda: "/search/?q=women+detained&place=Dandong"), reps
        ),
        "page: an incident /incidents/N/": _timed(page(lambda: f"/incidents/{rng.choice(ids)}/"), reps),
        "page: overview /": _timed(page(lambda: "/"), max(3, reps // 5)),
        "page: overview / after a change (nothing kept)": _timed(
            afresh(page(lambda: "/")), max(3, reps // 5)
        ),
        "page: map /map/?from=2023&to=2023": _timed(
            page(lambda: "/map/?from=2023&to=2023"), max(3, reps // 5)
        ),
    }
    return {
        "documents": Document.objects.count(),
        "incidents": len(ids),
        "statements": Statement.objects.count(),
        "timings": timings,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents to ingest")
    parser.add_argument("--reps", type=int, default=30, help="times each query or page is asked")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--home", metavar="DIR", help="build the store in DIR (new or empty) and keep it")
    where.add_argument(
        "--reuse", metavar="DIR", help="time the pages over the store built in DIR; ingest nothing"
    )
    where.add_argument(
        "--grow",
        metavar="DIR",
        help="add --docs new documents to the store in DIR (a copy: it is changed) "
        "and the same to an empty store; print both rates",
    )
    parser.add_argument("--serve", metavar="HOME", help=argparse.SUPPRESS)  # the second process
    parser.add_argument("--grow-into", metavar="HOME", help=argparse.SUPPRESS)  # a process of --grow
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args.serve, args.reps)))
        return
    if args.grow_into:
        print(json.dumps(grow(args.docs, args.grow_into)))
        return
    if args.grow:
        _migrate(args.grow)
        rates = {}
        # The empty store first and the large one after, then the empty one again: a machine whose
        # load changes in between shows as two rates for the empty store that disagree.
        for name, home in (("empty", tempfile.mkdtemp(prefix="refwatch-grow-")), ("large", args.grow),
                           ("empty again", tempfile.mkdtemp(prefix="refwatch-grow-"))):  # fmt: skip
            out = subprocess.run(
                [sys.executable, __file__, "--grow-into", home, "--docs", str(args.docs)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            rates[name] = json.loads(out.stdout.strip().splitlines()[-1])["rate"]
            print(
                f"{args.docs:,} new documents into the {name} store: {rates[name]:.1f} documents/s",
                flush=True,
            )
        empty = (rates["empty"] + rates["empty again"]) / 2
        print(f"large / empty: {rates['large'] / empty:.2f} (goal >= 0.80); load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")  # fmt: skip
        return

    if args.reuse:
        home, ing = args.reuse, None
        _migrate(home)
    else:
        home, ing = ingest(args.docs, args.home)
    out = subprocess.run(
        [sys.executable, __file__, "--serve", home, "--reps", str(args.reps)],
        check=True,
        capture_output=True,
        text=True,
    )
    served = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"store: {served['documents']:,} documents, {served['incidents']:,} incidents, "
          f"{served['statements']:,} statements (in {home})")  # fmt: skip
    print(
        f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)"
    )
    if ing is None:
        print("ingest: none (store reused)")
    else:
        _print_ingest(ing)
    print(f"{'':62} {'p50 ms':>8} {'p95 ms':>8}")
    for name, (p50, p95) in served["timings"].items():  # type: ignore[union-attr]
        print(f"{name[:62]:62} {p50:8.1f} {p95:8.1f}")
    print(f"server process peak memory: {served['peak_mb']:.0f} MB (goal < 300 MB)")


def _print_ingest(ing: dict[str, float]) -> None:
    w = ing["window"]
    print(f"ingest: first {w:.0f}: {ing['first']:.1f} documents/s; last {w:.0f}: {ing['last']:.1f} documents/s; "
          f"total {ing['total_s']:.0f} s; peak memory {ing['peak_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
