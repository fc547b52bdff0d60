"""`refwatch reextract`: documents read again from the command line, decisions kept and marked
outdated where the new reading differs, audited as the operator's."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.knowledge.models import Review, Statement
from refwatch.knowledge.review import review
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_reextract_named_documents_marks_decisions_outdated(seed_letters):
    first, second = (r.document for r in seed_letters)
    st = Statement.objects.filter(document=first, kind="repatriation").order_by("pk").first()
    review(st, Review.ACCEPTED)
    st.record = {**st.record, "count": 650}  # as an older extractor read it
    st.save(update_fields=["record"])
    result = run("reextract", str(first.pk))
    assert result.exit_code == 0, result.output
    assert f"document {first.pk}: " in result.output and "1 outdated" in result.output
    assert "1 read again, 0 refused" in result.output
    st.refresh_from_db()
    assert st.outdated["record"]["count"] == 600 and st.review == "accepted"
    entry = AuditEntry.objects.get(action="reextract")
    assert entry.actor.startswith("cli:") and entry.target_id == str(first.pk)
    assert f"document {second.pk}" not in result.output


def test_reextract_all_and_an_unknown_id(seed_letters):
    result = run("reextract", "--all")
    assert result.exit_code == 0, result.output
    assert "2 read again, 0 refused" in result.output and "0 outdated" in result.output
    assert AuditEntry.objects.filter(action="reextract").count() == 2
    result = run("reextract", "424242")
    assert result.exit_code == 1 and "no document with id 424242" in result.output


@pytest.mark.parametrize("args", [(), ("--all", "1")])
def test_reextract_needs_ids_or_all_not_both(args, seed_letters):
    result = run("reextract", *args)
    assert result.exit_code == 2 and "ids" in result.output
    assert not AuditEntry.objects.filter(action="reextract").exists()
