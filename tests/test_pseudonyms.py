"""The record asks protection for pseudonyms through refwatch.knowledge.pseudonyms; without
protection installed, nothing confidential is stored (fails closed)."""

from __future__ import annotations

import pytest

from refwatch.knowledge import pseudonyms, store
from refwatch.knowledge.models import Document
from refwatch.protection.guard import PersonNames

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


def test_protection_is_installed_by_its_app():
    assert isinstance(pseudonyms.protection(), PersonNames)


def test_without_name_protection_a_confidential_document_is_refused_and_nothing_stored(
    monkeypatch, settings, tmp_path
):
    settings.ORIGINALS_DIR = tmp_path / "originals"
    settings.REFWATCH_KEY_FILE = tmp_path / "master.key"
    monkeypatch.setattr(pseudonyms, "_installed", [])
    with pytest.raises(pseudonyms.NotInstalled):
        store.add_path(SEEDS[0], visibility="confidential")
    assert not Document.objects.exists()
    assert not any(p.is_file() for p in (tmp_path / "originals").rglob("*"))
    # An internal document needs no protection: it goes in.
    assert store.add_path(SEEDS[0]).created
