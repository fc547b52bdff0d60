"""Re-extraction: suggestions follow the new reading, decisions stay and are marked outdated where
it differs, statements people added are never touched."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from refwatch.extract import extract
from refwatch.knowledge import reextract, store
from refwatch.knowledge.models import Statement
from refwatch.knowledge.review import review
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


def reading(doc):
    return extract(doc.text, doc_date=doc.doc_date, meta=doc.meta)


def test_the_same_reading_changes_nothing() -> None:
    doc = store.add_path(SEEDS[0]).document
    before = sorted(Statement.objects.filter(document=doc).values_list("pk", "kind", "start", "end"))
    done = reextract.reextract(doc)
    assert done.updated == done.outdated == done.removed == done.added == []
    assert len(done.kept) == len(before)
    assert sorted(Statement.objects.filter(document=doc).values_list("pk", "kind", "start", "end")) == before


def test_decided_statements_are_marked_outdated_and_suggestions_follow() -> None:
    doc = store.add_path(SEEDS[0]).document
    returns = {s.values()["count"]: s for s in Statement.objects.filter(document=doc, kind="repatriation")}
    accepted, suggested = returns[600], returns[200]
    review(accepted, "accepted")
    ex = reading(doc)
    ex.repatriations = [
        dataclasses.replace(r, count=r.count + 50) if r.count in (600, 200) else r for r in ex.repatriations
    ]
    gone = ex.actors.pop()
    done = reextract.reextract(doc, ex)
    accepted.refresh_from_db()
    assert accepted.pk in done.outdated and accepted.values()["count"] == 600
    assert accepted.outdated["record"]["count"] == 650 and accepted.incident.count == 600
    suggested.refresh_from_db()
    assert suggested.pk in done.updated and suggested.values()["count"] == 250
    assert suggested.incident.count == 250
    assert not Statement.objects.filter(document=doc, kind="actor", start=gone.start, end=gone.end).exists()
    # Read as before again: the decided statement is no longer outdated.
    reextract.reextract(doc)
    accepted.refresh_from_db()
    assert accepted.outdated == {} and accepted.review == "accepted"
