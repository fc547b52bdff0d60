"""`refwatch backup` and `refwatch restore`, run as a user runs them: a round trip between two
installations (their own REFWATCH_HOME and SQLite database), compared table by table."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import refwatch

DEMO = Path(refwatch.__file__).parent / "demo"
REFWATCH = Path(sys.executable).with_name("refwatch")

# Run inside an installation: a confidential document (its names protected: persons, sealed
# evidence, an audit entry), a user, a review of a statement, and entries in the audit log.
POPULATE = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from refwatch.knowledge import review, store
from refwatch.knowledge.models import Statement
from refwatch.protection import audit
user = get_user_model().objects.create_user("anna", password="a long password for anna 4")
for path in sorted(os.listdir(os.environ["DEMO"])):
    store.add_path(os.path.join(os.environ["DEMO"], path))
store.add_path(os.environ["CONFIDENTIAL"], visibility="confidential")
statement = Statement.objects.filter(kind="repatriation").first()
review.review(statement, "rejected", by=user, note="not a return")
audit.record(user, "backup_test", statement.document)
"""


def env_for(home: Path, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(REFWATCH_HOME=str(home), REFWATCH_MASTER_KEY=key, DEMO=str(DEMO))
    return env


def refwatch_(home: Path, key: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REFWATCH), *args],
        env=env_for(home, key),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def tables(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        names = [
            r[0] for r in con.execute("select name from sqlite_master where type = 'table' order by name")
        ]
        # The search index's FTS5 tables include one WITHOUT ROWID: every table is read in one order.
        return {n: sorted(con.execute(f'select * from "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path, str]:
    """An installation with something of everything, and its backup."""
    root = tmp_path_factory.mktemp("backup")
    key = secrets.token_hex(32)
    home = root / "source"
    confidential = root / "witness.txt"
    # A letter kept confidential: its senders and recipient become protected persons.
    confidential.write_text(
        sorted(DEMO.glob("*.txt"))[0].read_text(encoding="utf-8")
        + "\nNote: a witness from Hyesan said she was repatriated from China on February 12, 2024.\n",
        encoding="utf-8",
    )
    env = {**env_for(home, key), "CONFIDENTIAL": str(confidential)}
    done = subprocess.run(
        [sys.executable, "-c", POPULATE], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    archive = root / "refwatch.backup"
    result = refwatch_(home, key, "backup", str(archive))
    assert result.returncode == 0, result.stderr
    assert "backed up 3 documents" in result.stdout
    return home, archive, key


def test_a_restore_gives_back_every_row_every_original_and_an_intact_audit_log(made, tmp_path):
    home, archive, key = made
    data = archive.read_bytes()
    assert b"Hyesan" not in data and b"Perdue" not in data and b"SQLite format" not in data  # sealed
    target = tmp_path / "target"
    result = refwatch_(target, key, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    before, after = tables(home / "refwatch.sqlite3"), tables(target / "refwatch.sqlite3")
    for table in (
        "knowledge_document",
        "knowledge_statement",
        "knowledge_incident",
        "knowledge_letter",
        "knowledge_reviewevent",
        "protection_person",
        "protection_auditentry",
    ):
        assert before[table], f"the source holds no {table}: the test proves nothing of it"
    assert after == before
    assert files(target / "originals") == files(home / "originals")
    verify = refwatch_(target, key, "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "intact" in verify.stdout
    # The restored installation reads its sealed evidence with the same master key.
    shown = refwatch_(target, key, "audit", "list")
    assert "backup_test" in shown.stdout


def test_restore_refuses_an_installation_that_is_not_empty(made):
    home, archive, key = made
    before = tables(home / "refwatch.sqlite3")
    result = refwatch_(home, key, "restore", str(archive))
    assert result.returncode == 2
    assert "refusing to restore: this installation is not empty (3 documents" in result.stderr
    assert tables(home / "refwatch.sqlite3") == before


def test_restore_needs_the_master_key_the_backup_was_made_with(made, tmp_path):
    _, archive, _ = made
    result = refwatch_(tmp_path / "other", secrets.token_hex(32), "restore", str(archive))
    assert result.returncode == 2
    assert "sealed with master key" in result.stderr and "REFWATCH_MASTER_KEY" in result.stderr
    assert tables(tmp_path / "other" / "refwatch.sqlite3")["knowledge_document"] == []


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_an_altered_or_cut_backup_is_refused_and_restores_nothing(made, tmp_path, damage):
    _, archive, key = made
    data = bytearray(archive.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    else:
        data = data[: len(data) - 100]
    bad = tmp_path / "bad.backup"
    bad.write_bytes(bytes(data))
    target = tmp_path / "target"
    result = refwatch_(target, key, "restore", str(bad))
    assert result.returncode == 2
    assert "backup" in result.stderr and ("altered" in result.stderr or "cut" in result.stderr), result.stderr
    assert tables(target / "refwatch.sqlite3")["knowledge_document"] == []
    assert not (target / "originals").exists() or files(target / "originals") == {}
