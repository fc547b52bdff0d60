"""Crash safety: `refwatch ingest` killed with SIGKILL at random moments leaves a sound store, and
running it again completes the rest without duplicates.

A real process on a real SQLite file (or a PostgreSQL database under scripts/test-postgres):
each round starts a bulk ingest (forked from a process that has imported refwatch already:
tests/forked.py, so that twenty kills take seconds, not minutes), waits until it is storing
documents, kills it a random moment later (in extraction, in the transaction, between
documents), and checks the store; at the end one more run (the `refwatch` program itself)
completes it, and the result is compared with that of one uninterrupted run of the same files.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

from tests.forked import Forker

REFWATCH = Path(sys.executable).with_name("refwatch")
KILLS = 20
MONTHS = ["January", "March", "April", "June", "August", "October", "December"]
PLACES = ["Dandong", "Tumen", "Yanji", "Hunchun"]
SURNAMES = ["Perdue", "Kaine", "Meng", "Wicker", "Coons", "Salazar"]


def documents(n: int) -> dict[str, str]:
    """Small documents of the shapes refwatch reads: news of returns, letters, press releases."""
    rng = random.Random(7)
    docs = {}
    for i in range(n):
        month, year, count = rng.choice(MONTHS), rng.randint(2018, 2025), rng.randint(2, 400)
        to, a, b = rng.sample(SURNAMES, 3)
        if i % 3 == 0:
            text = (
                f"{month} 3, {year}\n\nAbout {count} North Korean refugees were repatriated from China through "
                f"{rng.choice(PLACES)} on {month} 2, {year}, activists said (report {i}).\n"
            )
        elif i % 3 == 1:
            text = (
                f"Congress of the United States\n\n{month} 12, {year}\n\nThe Honorable Ann {to}\nSecretary of State\n\n"
                f"Dear Secretary {to},\n\nWe urge you to condemn the forcible repatriation of North Korean "
                f"refugees by China (letter {i}). In {month} {year - 1}, we wrote to Secretary of State Ann {a}, "
                f"urging her to act.\n\nSincerely,\n\nTim {a}\nMember of Congress\n\nBo {b}\nMember of Congress\n"
            )
        else:
            text = (
                f"{month} 14, {year}\n\nSen. Tim {a} and Rep. Bo {b} sent a letter to Secretary of State Ann {to} "
                f"on Monday, after {count} North Koreans were repatriated from China in {month} {year} "
                f"(release {i}).\n"
            )
        docs[f"doc-{i:02}.txt"] = text
    return docs


class Store:
    """The store of one test's processes: an SQLite file in `home`, or, when the tests run on
    PostgreSQL (DATABASE_URL names a server: scripts/test-postgres), a database of its own there."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.url = ""
        server = os.environ.get("DATABASE_URL", "")
        if server.startswith(("postgres:", "postgresql:")):
            name = f"store_{uuid.uuid4().hex[:16]}"
            with psycopg.connect(server, autocommit=True) as con:
                con.execute(f'create database "{name}"')
            self.url = f"{server.rsplit('/', 1)[0]}/{name}"

    @property
    def db(self) -> Path:
        return self.home / "refwatch.sqlite3"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(REFWATCH_HOME=str(self.home), PYTHONUNBUFFERED="1")
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def exists(self) -> bool:
        return bool(self.url) or self.db.exists()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url:
            with psycopg.connect(self.url) as con:
                return [tuple(r) for r in con.execute(sql).fetchall()]
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def tables(self) -> set[str]:
        if self.url:
            sql = "select table_name from information_schema.tables where table_schema = 'public'"
        else:
            sql = "select name from sqlite_master where type = 'table'"
        return {r[0] for r in self.rows(sql)}


def ingest(store: Store, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(REFWATCH), "ingest", str(folder)],
        env=store.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def problems(store: Store) -> list[str]:
    """What a crash must never leave: a damaged file, a document without its statements, a
    statement without its fact, a fact without a statement."""
    if not store.exists():
        return []
    found = []
    if not store.url:
        found = [f"integrity_check: {r}" for (r,) in store.rows("PRAGMA integrity_check") if r != "ok"]
    if "knowledge_statement" not in store.tables():
        return found  # killed while the tables were being made: the next run migrates
    checks = {
        "documents without statements": "select count(*) from knowledge_document d where not exists "
        "(select 1 from knowledge_statement s where s.document_id = d.id)",
        "returns without their incident": "select count(*) from knowledge_statement "
        "where kind = 'repatriation' and incident_id is null",
        "letter parts without their fact": "select count(*) from knowledge_statement where "
        "(kind = 'letter' and letter_id is null) or (kind in ('sender', 'recipient') and party_id is null)",
    }
    for fact, column in (
        ("incident", "incident_id"),
        ("letter", "letter_id"),
        ("actor", "actor_id"),
        ("letterparty", "party_id"),
        ("letterreference", "reference_id"),
    ):
        checks[f"{fact} facts without a statement"] = (
            f"select count(*) from knowledge_{fact} f where not exists "
            f"(select 1 from knowledge_statement s where s.{column} = f.id)"
        )
    found += [f"{n} {what}" for what, sql in checks.items() if (n := store.rows(sql)[0][0])]
    return found


def outcome(store: Store) -> dict[str, object]:
    """What the store holds, independent of row ids and order of arrival."""
    per_document = Counter(
        store.rows(
            "select d.filename, s.kind from knowledge_statement s join knowledge_document d on s.document_id = d.id"
        )
    )
    return {
        "documents": sorted(r[0] for r in store.rows("select sha256 from knowledge_document")),
        "statements": per_document,
        "incidents": Counter(
            store.rows("select date_start, date_end, origin, destination, aggregate from knowledge_incident")
        ),
        "actors": sorted(r[0] for r in store.rows("select name from knowledge_actor")),
        "letters": store.rows("select count(*), count(same_as_id) from knowledge_letter")[0],
    }


def test_sigkill_during_bulk_ingest_leaves_a_sound_store_and_a_rerun_completes_it(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in documents(30).items():
        (folder / name).write_text(text, encoding="utf-8")

    reference = Store(tmp_path / "reference")
    done = ingest(reference, folder)
    out, _ = done.communicate(timeout=300)
    assert done.returncode == 0, out
    assert problems(reference) == []

    store = Store(tmp_path / "killed")
    rng = random.Random()
    killed_while_storing = 0
    with Forker(tmp_path) as forker:
        for round_ in range(KILLS):
            command = forker.run(["ingest", str(folder)], store.env())
            # Wait until it is at work on the documents (or, in a few rounds, not even that long),
            # then kill it at a random moment: in extraction, in the transaction, between documents.
            if round_ % 5 != 0 and command.wait_for("added", "skipped"):
                killed_while_storing += 1
            time.sleep(rng.uniform(0, 0.3))
            command.kill()
            assert problems(store) == [], f"after kill {round_ + 1}"
    assert killed_while_storing >= KILLS // 2

    final = ingest(store, folder)
    out, _ = final.communicate(timeout=300)
    assert final.returncode == 0, out
    assert problems(store) == []
    assert outcome(store) == outcome(reference)
    # Every original under its hash is whole (a killed write leaves at most a temporary file).
    kept = [p for p in (store.home / "originals").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(kept) == 30
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in kept)
