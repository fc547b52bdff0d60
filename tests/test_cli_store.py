"""`refwatch ingest` and `refwatch serve` as a user runs them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

import refwatch
from refwatch.cli import app
from refwatch.knowledge.models import Document, Incident, Statement
from refwatch.knowledge.queries import Reader

DEMO = Path(refwatch.__file__).parent / "demo"
FIRST, SECOND = sorted(DEMO.glob("*.txt"))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    """Each test its own folder of originals: the database rolls back after a test, files do not."""
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def lines_with(output: str, word: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(word)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good letters in nested folders, and hostile files beside them."""
    good = tmp_path / "in" / "letters"
    good.mkdir(parents=True)
    shutil.copy(FIRST, good / "first.txt")
    shutil.copy(SECOND, tmp_path / "in" / "second.txt")
    bad = tmp_path / "in" / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "fake.pdf").write_text("This is plain text that only claims to be a PDF.\n")
    (bad / "latin1.txt").write_bytes("Caf\u00e9 r\u00e9fugi\u00e9s, Gen\u00e8ve.\n".encode("latin-1") * 20)
    (tmp_path / "in" / ".DS_Store").write_bytes(b"\x00\x01")
    return tmp_path / "in"


def test_ingest_adds_good_files_refuses_bad_ones_with_reasons_then_skips(folder: Path, originals: Path):
    result = run("ingest", str(folder))
    out = result.output
    assert result.exit_code == 1, out
    added = lines_with(out, "added")
    assert len(added) == 2 and any("first.txt" in line for line in added)
    assert all("incident" in line for line in added)  # what each file gave
    refused = lines_with(out, "refused")
    refused_names = {re.search(r"(\w+\.\w+):", line).group(1) for line in refused}
    assert refused_names == {"empty.txt", "fake.pdf", "latin1.txt"}
    assert ".DS_Store" not in out
    for line in refused:
        assert len(line.split(": ", 1)[1]) > 5  # a reason, on the same line
    assert "empty" in next(line for line in refused if "empty.txt" in line)
    assert Document.objects.count() == 2
    assert Incident.objects.shown().count() == 2
    for incident in Reader.system().incidents():
        assert incident.document_count() == 2

    # Refused files left nothing behind: no document, no statement, no original.
    stored = {d.sha256 for d in Document.objects.all()}
    kept = {p.name for p in Path(originals).rglob("*") if p.is_file()}
    assert kept == stored
    statements = Statement.objects.count()

    again = run("ingest", str(folder))
    assert again.exit_code == 1
    assert len(lines_with(again.output, "skipped")) == 2 and not lines_with(again.output, "added")
    assert Document.objects.count() == 2 and Statement.objects.count() == statements


def test_ingest_of_good_files_only_exits_0(tmp_path: Path):
    path = tmp_path / "first.txt"
    shutil.copy(FIRST, path)
    result = run("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert "1 added, 0 skipped (already there), 0 refused" in result.output
    # Adding a document is a change: the audit log says who did it, from the command line.
    from refwatch.protection.models import AuditEntry

    entry = AuditEntry.objects.get(action="ingest")
    assert entry.actor.startswith("cli:") and entry.target_id == str(Document.objects.get().pk)


def test_ingest_refuses_a_missing_path_and_goes_on(tmp_path: Path):
    path = tmp_path / "first.txt"
    shutil.copy(FIRST, path)
    result = run("ingest", str(tmp_path / "nope.pdf"), str(path))
    assert result.exit_code == 1
    assert lines_with(result.output, "refused")[0].endswith(f"no such file: {tmp_path / 'nope.pdf'}")
    assert Document.objects.count() == 1


def test_ingest_over_the_size_limit_is_refused(tmp_path: Path, settings):
    settings.REFWATCH_MAX_FILE_BYTES = 1000
    path = tmp_path / "first.txt"
    shutil.copy(FIRST, path)
    result = run("ingest", str(path))
    assert result.exit_code == 1
    assert "limit" in lines_with(result.output, "refused")[0]
    assert not Document.objects.exists()


def test_ingest_refuses_an_unknown_visibility(tmp_path: Path):
    result = CliRunner().invoke(app, ["ingest", "--visibility", "secret", str(tmp_path)])
    assert result.exit_code == 2
    assert not Document.objects.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_loads_the_demo_letters_and_serves(tmp_path: Path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    # Its own throw-away SQLite home, whatever database the tests run on.
    env.update(REFWATCH_HOME=str(home), PYTHONUNBUFFERED="1")
    port = _free_port()
    refwatch_bin = Path(sys.executable).with_name("refwatch")
    proc = subprocess.Popen(
        [str(refwatch_bin), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        out = []
        for line in proc.stdout:
            out.append(line)
            if "refwatch is at" in line:
                break
        text = "".join(out)
        assert f"http://127.0.0.1:{port}/" in text, text
        assert "loading 2 demo document(s)" in text
        assert re.search(r"created the user admin with the password \S{12,}", text)
        assert len([line for line in out if line.startswith("added")]) == 2

        response = None
        for _ in range(50):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/htmx.min.js", timeout=5)
                break
            except urllib.error.HTTPError as error:
                response = error
                break
            except OSError:
                time.sleep(0.2)
        assert response is not None and response.status in (200, 404)
        login = urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/", timeout=10)
        assert login.status == 200  # the documents page, or the login page it sends to
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    db = sqlite3.connect(home / "refwatch.sqlite3")
    try:
        assert db.execute("select count(*) from knowledge_document").fetchone() == (2,)
    finally:
        db.close()


SHARED = Path(os.environ.get("REFWATCH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DEV = SHARED / "eval" / "dev"
PRESS = DEV / "docs" / "022_walkinshaw-letter-perdue-2025.txt"  # a press release about the first letter


@pytest.mark.skipif(not PRESS.exists(), reason=f"no dev set at {DEV}")
@pytest.mark.parametrize("press_first", [False, True])
def test_a_press_release_reporting_a_letter_links_to_it_in_either_order(tmp_path: Path, press_first: bool):
    from refwatch.knowledge.models import Letter

    letter_file = DEV / "docs" / FIRST.name
    order = [PRESS, letter_file] if press_first else [letter_file, PRESS]
    for path in order:
        result = run("ingest", "--meta", str(DEV / "sources.jsonl"), str(path))
        assert result.exit_code == 0, result.output
    press = Document.objects.get(filename=PRESS.name)
    assert press.title.startswith("Walkinshaw, Kaine, Bera Urge")  # the title given in --meta
    reported = Letter.objects.get(document=press)
    actual = Letter.objects.get(document__filename=FIRST.name)
    assert reported.reported and not actual.reported
    assert reported.senders  # the press release names who signed
    assert reported.same_as == actual
    assert list(actual.reports.all()) == [reported]


def test_ingest_refuses_a_meta_file_that_is_not_jsonl(tmp_path: Path):
    meta = tmp_path / "meta.jsonl"
    meta.write_text('{"file": "a.txt"}\nnot json\n')
    result = CliRunner().invoke(app, ["ingest", "--meta", str(meta), str(tmp_path)])
    assert result.exit_code == 2
    assert "meta.jsonl:2: not JSON" in result.output


def test_serve_on_a_busy_port_says_so_and_stores_nothing():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "refwatch is at" not in result.output
    assert not Document.objects.exists()


def test_serve_with_a_missing_demo_folder_says_so(tmp_path: Path):
    result = CliRunner().invoke(app, ["serve", "--demo", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_ingest_pdf_and_docx_letters_merge_with_each_other(tmp_path: Path):
    from tests import makedocs

    (tmp_path / "first.pdf").write_bytes(makedocs.text_pdf(FIRST.read_text(encoding="utf-8")))
    (tmp_path / "second.docx").write_bytes(makedocs.docx(SECOND.read_text(encoding="utf-8")))
    truncated = makedocs.text_pdf(SECOND.read_text(encoding="utf-8"))
    (tmp_path / "truncated.pdf").write_bytes(truncated[: len(truncated) // 3])
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert len(lines_with(result.output, "added")) == 2
    (refused,) = lines_with(result.output, "refused")
    assert "truncated.pdf" in refused
    media = set(Document.objects.values_list("media_type", flat=True))
    assert len(media) == 2 and all("pdf" in m or "word" in m for m in media)
    incidents = Reader.system().incidents()
    assert sorted((i.date_start, i.count, i.document_count()) for i in incidents) == [
        ("2023-10-09", 600, 2),
        ("2024-04-01", 200, 2),
    ]
