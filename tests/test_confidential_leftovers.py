"""Issue 12: a confidential document leaves nothing of itself in clear, and every personal name in
it is protected, or it is not stored at all."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from refwatch.knowledge import store
from refwatch.knowledge.models import Document, Letter, Statement
from refwatch.protection import names, personal_names
from refwatch.protection.models import Person

LETTER = """March 3, 2024

Director Hwang Sun-ok
Office for Refugee Assistance
Seoul Welfare Foundation
12 Sejong-daero, Jung-gu, Seoul

Dear Director Hwang,

We write about two people our caseworker met in Yanji. Our caseworker met Kim Chol-su (김철수, born 1988-05-21, from Musan), and Lee Young Hee, who can be reached at +86 139 1234 5678.

We request that you urge the Chinese authorities to stop the forcible repatriation of Kim Chol-su and Lee Young Hee.

Sincerely,

Jang Min-ho
Caseworker, Yanji Field Office
"""
# Names, the salutation, titles and organisations, the ask, and what the text says of them.
SECRETS = [
    "Hwang Sun-ok",
    "Hwang",
    "Kim Chol-su",
    "Chol-su",
    "김철수",
    "Lee Young Hee",
    "Young Hee",
    "Jang Min-ho",
    "Dear Director",
    "Office for Refugee Assistance",
    "Welfare Foundation",
    "Sejong-daero",
    "Yanji Field Office",
    "stop the forcible repatriation",
    "1988-05-21",
    "Musan",
    "1234 5678",
]


pytestmark = pytest.mark.usefixtures("own_keys_and_originals")


def test_the_raw_database_wal_and_data_folder_hold_nothing_of_a_confidential_letter():
    home = Path(tempfile.mkdtemp(prefix="refwatch-leftovers-"))
    letter = home / "case-letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    # The WAL is read while the writing process still has the database open (a checkpoint at
    # exit would fold it into the main file and remove it).
    script = textwrap.dedent(
        f"""
        import django, shutil
        from pathlib import Path
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from refwatch.knowledge import store
        from refwatch.knowledge.models import Ask, Letter
        result = store.add_path({str(letter)!r}, visibility="confidential")
        letter = Letter.objects.get(document=result.document)
        assert letter.salutation.startswith("Dear Director"), "sealed values read back"
        assert Ask.objects.get(letter=letter).text.startswith("urge the Chinese authorities")
        data = Path({str(home / "data")!r})
        for wal in data.glob("*-wal"):
            shutil.copy(wal, {str(home)!r} + "/copy-of-" + wal.name)
        print(result.counts["asks"], result.counts["recipients"])
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFWATCH_", "DATABASE_URL"))}
    env |= {"REFWATCH_HOME": str(home / "data"), "DJANGO_SETTINGS_MODULE": "refwatch.settings"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "1"]
    files = [p for p in home.rglob("*") if p.is_file() and p != letter]
    assert any(p.name == "refwatch.sqlite3" for p in files)
    assert any(p.name.startswith("copy-of-") for p in files), "no write-ahead log was read"
    for path in files:
        raw = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in raw, (path.name, secret)
            assert secret.encode("utf-16-le") not in raw, (path.name, secret)
    for secret in SECRETS:
        assert secret not in out.stdout + out.stderr, secret


@pytest.mark.django_db
def test_every_personal_name_of_a_confidential_report_is_protected(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "Our caseworker met Kim Chol-su (김철수, born 1988-05-21, from Musan), Lee Young Hee and "
        "Pak Yong-chol in Yanji. 리순희는 먼저 떠났다. Ms. Maria Lopez of the shelter helped them.\n",
        encoding="utf-8",
    )
    store.add_path(path, visibility="confidential")
    for name in ("Kim Chol-su", "김철수", "Lee Young Hee", "Pak Yong-chol", "리순희", "Maria Lopez"):
        assert names.redact(f"seen: {name}.") != f"seen: {name}.", name
    # Not a common word: the index is shared by every document.
    for word in ("Yanji", "Musan", "shelter", "caseworker"):
        assert names.redact(word) == word


def test_the_finder_takes_the_forms_of_korean_names():
    found = personal_names.find(
        "Kim Chol-su, Lee Young Hee, Choe Myong Nam, 박지훈씨, (최명남, 1970) and Mr. Smith met on the Han River."
    )
    for name in ("Kim Chol-su", "Lee Young Hee", "Choe Myong Nam", "박지훈", "최명남", "Mr. Smith"):
        assert name in found, name
    assert not [n for n in found if "River" in n or n == "Smith"]
    assert personal_names.find("한반도 정부는 조선족을 강제로 송환했다.") == []


@pytest.mark.django_db
def test_a_confidential_ingest_whose_protection_fails_stores_nothing(tmp_path, monkeypatch, settings):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")

    def broken(found, category="other"):
        raise RuntimeError("protection failed")

    monkeypatch.setattr(names, "protect_names", broken)
    with pytest.raises(RuntimeError):
        store.add_path(path, visibility="confidential")
    assert not Document.objects.exists() and not Letter.objects.exists()
    assert not Statement.objects.exists() and not Person.objects.exists()
    assert not [p for p in Path(settings.ORIGINALS_DIR).rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_a_confidential_document_saved_directly_is_not_stored_when_protection_fails(monkeypatch):
    def broken(document, names=None):
        raise RuntimeError("protection failed")

    monkeypatch.setattr(personal_names, "protect_document_names", broken)
    with pytest.raises(RuntimeError):
        Document.objects.create(
            sha256="e" * 64, media_type="text/plain", filename="n.txt", text=LETTER, visibility="confidential"
        )
    assert not Document.objects.exists()
