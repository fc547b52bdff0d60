"""The data folder and database are the owner's alone; HSTS reaches the browser behind a proxy."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap

import pytest
import requests

from .test_keys_in_use import Instance


def mode(path) -> str:
    return oct(stat.S_IMODE(os.stat(path).st_mode))


def test_data_folder_is_0700_and_the_database_and_its_wal_0600(tmp_path):
    site = Instance(tmp_path)
    os.chmod(site.home, 0o755)  # as an older install, or a folder made by hand, would be
    assert site.run("user", "list").returncode == 0
    db = site.home / "refwatch.sqlite3"
    assert mode(site.home) == "0o700" and mode(db) == "0o600"

    db.chmod(0o644)
    os.chmod(site.home, 0o755)
    # A process writing, its connection open: the write-ahead log and shared memory exist now.
    probe = textwrap.dedent(
        """
        import os, stat, django
        django.setup()
        from django.db import connection
        from refwatch.protection.models import Person
        Person(name_romanised="Kim Test-two").save()
        db = connection.settings_dict["NAME"]
        for path in (os.path.dirname(db), db, db + "-wal", db + "-shm"):
            print(oct(stat.S_IMODE(os.stat(path).st_mode)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=site.env | {"DJANGO_SETTINGS_MODULE": "refwatch.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        umask=0o022,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0o700", "0o600", "0o600", "0o600"]


@pytest.mark.parametrize("server", ["waitress", "gunicorn"])
def test_hsts_behind_refwatch_serve_with_https_through_the_trusted_proxy(tmp_path, server):
    site = Instance(tmp_path)
    with site.serve("--server", server, "--workers", "2", REFWATCH_HTTPS="1") as base:
        r = requests.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        assert r.status_code == 200
        assert r.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        plain = requests.get(base + "/accounts/login/")
        assert "Strict-Transport-Security" not in plain.headers
    # From an address that is not the proxy's, the header is dropped: no one else can claim HTTPS.
    with site.serve(
        "--server", server, "--workers", "2", REFWATCH_HTTPS="1", REFWATCH_TRUSTED_PROXY="127.0.0.2"
    ) as base:
        r = requests.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        assert r.status_code == 200 and "Strict-Transport-Security" not in r.headers
