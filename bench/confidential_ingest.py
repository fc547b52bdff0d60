"""What ingesting confidential documents costs once the index holds the names they protect.

Run by hand: `.venv/bin/python bench/confidential_ingest.py [--public N] [--confidential M]
[--copies]` (defaults 1,000 and 300). Builds a fresh store in a temporary REFWATCH_HOME (SQLite),
ingests N documents as internal (bench/scale_ingest.py's letters, releases and news: their
signers and recipients are in clear in the search index), then M letters of the same kind as
confidential: each names several people, who become protected, and the index must lose them in
clear. New letters name people at random; with --copies they are copies of the internal letters
(a file note added), whose people are named together in the same internal documents.
Prints the seconds of the confidential ingest, wall and CPU, how many times the index was
searched for protected names (reindex_names) and merged (FTS5 'optimize'), how many documents
were indexed again, the seconds spent there, and the persons protected.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_ingest import documents, fresh_store, letter  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public", type=int, default=1000, help="internal documents ingested first")
    parser.add_argument("--confidential", type=int, default=300, help="confidential letters then")
    parser.add_argument("--copies", action="store_true", help="copies of the internal letters")
    args = parser.parse_args()

    home = fresh_store("refwatch-confidential-")
    from refwatch.ingest import read
    from refwatch.knowledge import search, store
    from refwatch.protection.models import Person

    public = documents(args.public)
    for i, text in enumerate(public):
        store.add(read(text.encode(), f"doc-{i}.txt"))

    calls = {"reindex_names": 0, "_optimize": 0, "index_document": 0}
    spent = {"reindex_names": 0.0, "_optimize": 0.0, "index_document": 0.0}

    def counted(name: str) -> Callable[..., Any]:
        inner = getattr(search, name)

        def wrapper(*a: Any, **kw: Any) -> Any:
            calls[name] += 1
            t = time.perf_counter()
            try:
                return inner(*a, **kw)
            finally:
                spent[name] += time.perf_counter() - t

        return wrapper

    # Through the module's attributes: refwatch.protection calls them so, and search its _optimize.
    search.reindex_names = counted("reindex_names")  # type: ignore[assignment]
    search._optimize = counted("_optimize")  # type: ignore[assignment]
    search.index_document = counted("index_document")  # type: ignore[assignment]

    rng = random.Random(31)
    if args.copies:
        letters = [t for t in public if "Sincerely," in t]
        secret = [f"{letters[i % len(letters)]}\nFile note {i}.\n" for i in range(args.confidential)]
    else:
        secret = [letter(rng, args.public + i) for i in range(args.confidential)]
    persons = Person.objects.count()
    start, cpu = time.perf_counter(), time.process_time()
    for i, text in enumerate(secret):
        store.add(read(text.encode(), f"secret-{i}.txt"), visibility="confidential")
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu

    kind = "copies of internal letters" if args.copies else "new letters"
    print(
        f"store in {home}: {args.public} internal documents, then {args.confidential} confidential ({kind})"
    )
    print(
        f"confidential ingest: {wall:.1f} s wall, {cpu:.1f} s CPU, {Person.objects.count() - persons} persons"
    )
    print(f"reindex_names: {calls['reindex_names']} calls, {spent['reindex_names']:.1f} s (optimize within)")
    print(f"optimize: {calls['_optimize']} calls, {spent['_optimize']:.1f} s")
    # Each confidential document is one of these itself (taken out of the index): the rest are
    # documents indexed again for the names it protected.
    again = calls["index_document"] - args.confidential
    print(f"documents indexed again: {again}, {spent['index_document']:.1f} s with the confidential ones")


if __name__ == "__main__":
    main()
