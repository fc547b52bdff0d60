"""Shared fixtures: users with each role, and test clients logged in as them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

import refwatch
from refwatch.knowledge.access import ADMIN, ANALYST, PROTECTION_OFFICER, VIEWER

PASSWORD = "a long test password 4 refwatch"


def make_user(username: str, *roles: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


@pytest.fixture
def viewer(db):
    return make_user("vera", VIEWER)


@pytest.fixture
def analyst(db):
    return make_user("anna", ANALYST)


@pytest.fixture
def protection_officer(db):
    return make_user("pat", PROTECTION_OFFICER)


@pytest.fixture
def admin_user(db):
    return make_user("ada", ADMIN)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(viewer) -> Client:
    return _client_for(viewer)


@pytest.fixture
def analyst_client(analyst) -> Client:
    return _client_for(analyst)


SEEDS = sorted((Path(refwatch.__file__).parent / "demo").glob("*.txt"))


def ingest_seed_letters() -> list:
    """The two seed letters through the real ingest, extraction and store (first, then follow-up)."""
    from refwatch.knowledge import store

    assert len(SEEDS) == 2, SEEDS
    return [store.add_path(path) for path in SEEDS]


@pytest.fixture
def seed_letters(db) -> list:
    return ingest_seed_letters()


@pytest.fixture(autouse=True)
def _forget_cached_keys_and_names():
    """Keys and the protected-name index are cached per process; each test's database is new."""
    from refwatch.protection import crypto, names

    crypto.reset_caches()
    names.invalidate()
    yield
    crypto.reset_caches()
    names.invalidate()


@pytest.fixture
def name_index_held(monkeypatch):
    """For tests that count queries: the protected-name index asks whether it is current at most
    once a second (three queries: savepoint, version, release), so a request or an ingest that
    takes over a second on a loaded machine costs three more whatever the record holds (CI saw
    8 -> 14 on /figures/). That is a cost per second, not per row; held off, only rows move it."""
    from refwatch.protection import names

    monkeypatch.setattr(names, "CHECK_SECONDS", 3600.0)


# Debian's Chromium (installed by CI), never a download by `playwright install`; without it the
# browser tests fail saying so, since a skipped browser test would hide that no page was looked at.
CHROMIUM = Path("/usr/bin/chromium")
# The network here is closed: without these flags Chromium keeps calling home and timing out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def own_keys_and_originals(tmp_path, settings, monkeypatch):
    """A key file and an originals folder of the test's own, as a new installation has: the
    database rolls back after a test, files and cached keys do not."""
    from refwatch.protection import crypto, names

    monkeypatch.delenv("REFWATCH_MASTER_KEY", raising=False)
    monkeypatch.delenv("REFWATCH_MASTER_KEY_NEXT", raising=False)
    settings.REFWATCH_KEY_FILE = tmp_path / "keys" / "master.key"
    settings.ORIGINALS_DIR = tmp_path / "originals"
    crypto.reset_caches()
    names.invalidate()
    yield
    crypto.reset_caches()
    names.invalidate()
