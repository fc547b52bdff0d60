"""Does ingest slow down as the store grows? Documents per second at the start and at the end.

Run by hand: `.venv/bin/python bench/scale_ingest.py [N]` (default 10,000). Builds a fresh store
in a temporary REFWATCH_HOME (SQLite) from documents made of varied templates of the sentence
shapes refwatch reads: letters to various recipients by various signers, some referring to an
earlier letter; press releases reporting a letter; news of returns with various dates and counts.
Prints documents per second and SQL queries per document for the first 1,000 and the last 1,000
(or a tenth of N when N is small), and their ratio (goal: the last at >= 80% of the first).
"""

from __future__ import annotations

import argparse
import calendar
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = ["David", "Mary", "Young", "Ami", "Tim", "Chris", "Maria", "John", "Susan", "Raja", "Grace", "Omar"]
LAST = [
    "Perdue", "Kim", "Bera", "Kaine", "Smith", "Salazar", "Moolenaar", "Krishnamoorthi", "Meng", "Hale",
    "Wicker", "Rubio", "Sullivan", "Coons", "Barrasso", "Wilson", "Castro", "Lieu", "Tenney", "Nunn",
    "Garcia", "Lee", "Park", "Dunn", "Ortega", "Vick", "Chen", "Baker", "Young", "Stevens",
]  # fmt: skip
RECIPIENTS = [
    ("U.S. Ambassador to the People's Republic of China", "Ambassador"),
    ("Secretary of State", "Secretary"),
    ("United Nations High Commissioner for Refugees", "High Commissioner"),
    ("Special Rapporteur on the situation of human rights in the DPRK", "Special Rapporteur"),
    ("President of the United States", "President"),
]
PLACES = ["Dandong", "Tumen", "Yanji", "Shenyang", "Hunchun", "Changbai", "Namyang"]
PEOPLE = ["North Korean refugees", "North Korean defectors", "North Koreans", "North Korean escapees"]
NUMBER = ["about", "at least", "some", "up to", "more than"]


def _date(rng: random.Random) -> tuple[int, int, int]:
    year = rng.randint(2015, 2026)
    month = rng.randint(1, 12)
    return year, month, rng.randint(1, calendar.monthrange(year, month)[1])


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def letter(rng: random.Random, i: int) -> str:
    y, m, d = _date(rng)
    office, short = rng.choice(RECIPIENTS)
    to = _name(rng)
    signers = [_name(rng) for _ in range(rng.randint(1, 6))]
    paras = [
        "Congress of the United States\n\nWashington, DC 20515",
        f"{calendar.month_name[m]} {d}, {y}",
        f"The Honorable {to}\n{office}",
        f"Dear {short} {to.split()[-1]},",
        f"We write to urge you to condemn the forcible repatriation of {rng.choice(PEOPLE)} by the "
        f"People's Republic of China, which violates the 1951 Refugee Convention (case {i}).",
    ]
    if rng.random() < 0.5:
        ry, rm = (y - 1, m) if rng.random() < 0.5 else (y, max(1, m - 3))
        paras.append(
            f"In {calendar.month_name[rm]} {ry}, we wrote to {rng.choice(RECIPIENTS)[0]}, {_name(rng)}, "
            "about the same concerns and have not received a reply."
        )
    if rng.random() < 0.6:
        n = rng.randint(2, 600)
        paras.append(
            f"On {calendar.month_name[m]} {rng.randint(1, 28)}, {y}, {rng.choice(NUMBER)} {n} "
            f"{rng.choice(PEOPLE)} were forcibly repatriated from {rng.choice(PLACES)}."
        )
    paras.append("We urge you to raise this with your counterparts and to report back to us.")
    paras.append("Sincerely,\n\n" + "\n\n".join(f"{s}\nMember of Congress" for s in signers))
    return "\n\n".join(paras) + "\n"


def press_release(rng: random.Random, i: int) -> str:
    y, m, d = _date(rng)
    a, b = _name(rng), _name(rng)
    office, _ = rng.choice(RECIPIENTS)
    return (
        f"FOR IMMEDIATE RELEASE\n\n{calendar.month_name[m]} {d}, {y}\n\n"
        f"Sen. {a} and Rep. {b} sent a letter to {office} {_name(rng)} on Monday.\n"
        f"The letter urges an end to the forcible repatriation of {rng.choice(PEOPLE)} (release {i}).\n"
    )


def news(rng: random.Random, i: int) -> str:
    y, m, d = _date(rng)
    n = rng.randint(2, 900)
    shapes = [
        f"{rng.choice(NUMBER).capitalize()} {n} {rng.choice(PEOPLE)} were repatriated from China on "
        f"{calendar.month_name[m]} {d}, {y}, activists said.",
        f"China has repatriated {rng.choice(NUMBER)} {n} {rng.choice(PEOPLE)}, sources said. The repatriations "
        f"took place in {calendar.month_name[m]} {y} through {rng.choice(PLACES)}.",
        f"Up to {n} {rng.choice(PEOPLE)} were repatriated through {rng.choice(PLACES)} in {y}, the group said.",
    ]
    return f"{calendar.month_name[m]} {d}, {y}\n\n{rng.choice(shapes)} (report {i})\n"


def documents(n: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    makers = [letter, letter, press_release, news, news]
    return [rng.choice(makers)(rng, i) for i in range(n)]


def fresh_store(prefix: str) -> str:
    """A new, migrated SQLite store in a temporary REFWATCH_HOME, Django set up on it; its path.
    (Django is imported here, once the environment names the store it is to open.)"""
    home = tempfile.mkdtemp(prefix=prefix)
    os.environ["REFWATCH_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="documents to ingest")
    args = parser.parse_args()
    window = min(1000, max(1, args.n // 10))

    home = fresh_store("refwatch-scale-")
    from django.db import connection

    from refwatch.ingest import read
    from refwatch.knowledge import store

    texts = documents(args.n)
    queries = [0]

    def count(execute, sql, params, many, context):  # noqa: ANN001
        queries[0] += 1
        return execute(sql, params, many, context)

    marks: list[tuple[float, int, float]] = []
    start, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        for i, text in enumerate(texts):
            store.add(read(text.encode(), f"doc-{i}.txt"))
            marks.append((time.perf_counter(), queries[0], time.process_time()))
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1} documents, {marks[-1][0] - start:.0f} s", file=sys.stderr, flush=True)

    def rate(lo: int, hi: int) -> tuple[float, float, float]:
        t0, q0, c0 = marks[lo - 1] if lo else (start, 0, cpu)
        t1, q1, c1 = marks[hi - 1]
        return (hi - lo) / (t1 - t0), (hi - lo) / (c1 - c0), (q1 - q0) / (hi - lo)

    # By wall time and by CPU time: on a shared machine the CPU time is the steadier figure.
    first, first_cpu, first_q = rate(0, window)
    last, last_cpu, last_q = rate(args.n - window, args.n)
    print(f"documents: {args.n} (store in {home})")
    print(
        f"first {window}: {first:.1f} documents/s ({first_cpu:.1f} per CPU second), {first_q:.1f} queries/document"
    )
    print(
        f"last {window}:  {last:.1f} documents/s ({last_cpu:.1f} per CPU second), {last_q:.1f} queries/document"
    )
    print(
        f"last/first: {last / first:.0%} by wall time, {last_cpu / first_cpu:.0%} by CPU time (goal >= 80%)"
    )
    print(f"total: {marks[-1][0] - start:.0f} s")


if __name__ == "__main__":
    main()
