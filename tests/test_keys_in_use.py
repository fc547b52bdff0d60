"""Keys in use: a rotation while the server runs, a wrong master key, an atomic rotation.

Real processes throughout: `refwatch serve` (waitress) and the commands, each in its own data
folder, talking HTTP on loopback, as an operator would meet them.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django_otp.oath import totp

from refwatch.protection import crypto

PASSWORD = "a long test password 4 refwatch"
REFWATCH = str(Path(sys.executable).with_name("refwatch"))


class Instance:
    """A data folder with its own key file, and the commands and server that use it."""

    def __init__(self, home: Path) -> None:
        self.home = home
        (self.home / "empty").mkdir()
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("REFWATCH_", "DATABASE_URL", "DJANGO_"))
        }
        self.env = env | {"REFWATCH_HOME": str(self.home)}

    @property
    def key_file(self) -> Path:
        return self.home / "keys" / "master.key"

    def run(self, *args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [REFWATCH, *args], env=self.env | extra, input=stdin, capture_output=True, text=True, timeout=300
        )

    @contextmanager
    def serve(self, *args: str, **extra: str) -> Iterator[str]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen(
            [REFWATCH, "serve", "--port", str(port), "--demo", str(self.home / "empty"), *args],
            env=self.env | extra,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert proc.stdout is not None
            deadline = time.monotonic() + 120
            for line in proc.stdout:
                if "refwatch is at" in line:
                    break
                assert time.monotonic() < deadline, "the server did not start"
            else:
                pytest.fail(f"the server stopped: exit {proc.wait()}")
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    def db_rows(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.home / "refwatch.sqlite3") as db:
            return db.execute(sql).fetchall()


def csrf_post(session: requests.Session, url: str, data: dict[str, str]) -> requests.Response:
    page = session.get(url)
    assert page.status_code == 200, page.status_code
    token = session.cookies["csrftoken"]
    return session.post(url, data={"csrfmiddlewaretoken": token, **data}, allow_redirects=False)


def log_in(base: str, username: str, secret: bytes | None = None) -> requests.Session:
    session = requests.Session()
    r = csrf_post(session, base + "/accounts/login/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302, r.status_code
    if secret is not None:
        assert r.headers["Location"] == "/accounts/login/token/"
        # The next period's code (within the tolerance): the current one was spent at the setup.
        r = csrf_post(session, base + "/accounts/login/token/", {"token": f"{totp(secret, drift=1):06d}"})
        assert r.status_code == 302, (r.status_code, r.text[:300])
    assert r.headers["Location"] == "/"
    return session


def master_ids_of_data_keys(instance: Instance) -> set[str]:
    return {row[0] for row in instance.db_rows("SELECT master_id FROM protection_datakey")}


def test_rotation_while_the_server_runs_and_a_restart_after_it(tmp_path):
    """The server holds the old key when `keys rotate` runs; a data key it makes afterwards (the
    TOTP one, at a 2FA setup) must be wrapped by the new key, so a restarted server still logs in."""
    site = Instance(tmp_path)
    assert (
        site.run("user", "add", "alice", "--role", "analyst", "--password-stdin", stdin=PASSWORD).returncode
        == 0
    )
    with site.serve() as base:
        session = log_in(base, "alice")  # the login's audit entry: the server now holds the key
        rotated = site.run("keys", "rotate")
        assert rotated.returncode == 0, rotated.stderr
        new_id = re.search(r"→ (\w+)", rotated.stdout).group(1)
        assert not (site.home / "keys" / "master.key.next").exists()

        page = session.get(base + "/accounts/2fa/setup/")
        assert page.status_code == 200
        b32 = re.search(r"secret=([A-Z2-7]+)", page.text).group(1)
        secret = base64.b32decode(b32 + "=" * (-len(b32) % 8))
        confirm = session.post(
            base + "/accounts/2fa/setup/",
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"], "token": f"{totp(secret):06d}"},
            allow_redirects=False,
        )
        assert confirm.status_code == 302, confirm.text[:300]
        assert "otp" in {row[0] for row in site.db_rows("SELECT scope FROM protection_datakey")}
        assert master_ids_of_data_keys(site) == {new_id}  # no data key under the retired key

    status = site.run("keys", "status")
    assert status.returncode == 0 and "NOT the key loaded" not in status.stdout, status.stdout
    with site.serve() as base:
        log_in(base, "alice", secret)  # password and TOTP: a 500 before the fix


def test_a_wrong_master_key_stops_every_command_and_the_server_before_writing(tmp_path):
    site = Instance(tmp_path)
    assert (
        site.run("user", "add", "alice", "--role", "analyst", "--password-stdin", stdin=PASSWORD).returncode
        == 0
    )
    right_ids = master_ids_of_data_keys(site)
    assert right_ids  # the audit key at least
    before = (
        site.db_rows("SELECT * FROM protection_datakey"),
        site.db_rows("SELECT * FROM protection_auditentry"),
    )
    wrong = crypto.format_key(os.urandom(32))

    for command in (["user", "list"], ["keys", "rotate"], ["audit", "verify"], ["serve", "--port", "1"]):
        out = site.run(*command, REFWATCH_MASTER_KEY=wrong, REFWATCH_MASTER_KEY_NEXT=wrong)
        assert out.returncode == 2, (command, out.stdout, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            "refwatch: the master key does not match the stored data keys"
        ), (command, out.stderr)
        assert sorted(right_ids)[0] in lines[0] and "refwatch keys combine" in lines[0]
    assert not (site.home / "keys" / "master.key.next").exists()
    assert (
        site.db_rows("SELECT * FROM protection_datakey"),
        site.db_rows("SELECT * FROM protection_auditentry"),
    ) == before

    # A wrong key file, rather than the environment, is refused the same way.
    right = site.key_file.read_text()
    crypto.write_key_file(site.key_file, os.urandom(32))
    out = site.run("keys", "rotate")
    assert out.returncode == 2 and "does not match the stored data keys" in out.stderr
    assert not (site.home / "keys" / "master.key.next").exists()
    status = site.run("keys", "status")
    assert status.returncode == 0 and "NOT the key loaded" in status.stdout
    site.key_file.write_text(right)
    assert site.run("user", "list").returncode == 0
    assert site.run("audit", "verify").returncode == 0


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_makes_no_data_key_and_rotate_leaves_nothing(tmp_path, settings, monkeypatch):
    """In a process that skipped the start-up check (a library user), the first write under a
    wrong key still refuses to make a data key, and a failing rotation leaves no file behind."""
    from refwatch.protection.models import DataKey, Person

    monkeypatch.delenv("REFWATCH_MASTER_KEY", raising=False)
    monkeypatch.delenv("REFWATCH_MASTER_KEY_NEXT", raising=False)
    settings.REFWATCH_KEY_FILE = tmp_path / "keys" / "master.key"
    crypto.reset_caches()
    crypto.data_key("person")
    right = settings.REFWATCH_KEY_FILE.read_bytes()
    monkeypatch.setenv("REFWATCH_MASTER_KEY", crypto.format_key(os.urandom(32)))
    crypto.reset_caches()
    with pytest.raises(crypto.MasterKeyMismatch, match="does not match the stored data keys"):
        crypto.data_key("photo")
    assert list(DataKey.objects.values_list("scope", flat=True)) == ["person"]

    monkeypatch.delenv("REFWATCH_MASTER_KEY")
    crypto.write_key_file(settings.REFWATCH_KEY_FILE, os.urandom(32))
    crypto.reset_caches()
    with pytest.raises(crypto.MasterKeyMismatch):
        crypto.rotate()
    assert sorted(p.name for p in settings.REFWATCH_KEY_FILE.parent.iterdir()) == ["master.key"]

    settings.REFWATCH_KEY_FILE.write_bytes(right)
    crypto.reset_caches()
    Person(name_romanised="Kim Test").save()
    _old_id, new_id, count = crypto.rotate()
    assert count == DataKey.objects.count() and set(DataKey.objects.values_list("master_id", flat=True)) == {
        new_id
    }
    assert sorted(p.name for p in settings.REFWATCH_KEY_FILE.parent.iterdir()) == ["master.key"]
