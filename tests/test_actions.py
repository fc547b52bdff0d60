"""The actions (refwatch.actions) that pages, API and commands share: the role checked, the
decision and its audit entry together, and two ways to fail: refused with a reason, or an
internal error with an id that is in the log."""

from __future__ import annotations

import logging

import pytest

from refwatch.actions import Actions, InternalError, Refused
from refwatch.knowledge import store
from refwatch.knowledge.models import Document, Statement
from refwatch.protection.models import AuditEntry, Person

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


def test_a_viewer_is_refused_every_action_with_the_role_it_needs(seed_letters, viewer):
    actions = Actions(viewer)
    st = Statement.objects.first()
    for attempt in (
        lambda: actions.review(st.pk, "accepted"),
        lambda: actions.correct(st.pk, {"count": 1}),
        lambda: actions.protect_name(st.document_id, name="Perdue"),
    ):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.kind == "forbidden" and "role" in refused.value.reason
    with pytest.raises(Refused, match="analyst"):
        actions.ingest(SEEDS[0])
    assert not AuditEntry.objects.filter(action__in=["review", "protect_span"]).exists()


def test_a_review_is_audited_with_the_channel_and_a_bad_one_refused(seed_letters, analyst):
    st = Statement.objects.filter(kind="repatriation").first()
    Actions(analyst, via="api").review(st.pk, "accepted")
    entry = AuditEntry.objects.get(action="review")
    assert entry.detail == {"review": "accepted", "previous": "suggested", "via": "api"}
    with pytest.raises(Refused, match="unknown review decision"):
        Actions(analyst).review(st.pk, "maybe")
    with pytest.raises(Refused, match="cannot correct"):
        Actions(analyst).correct(st.pk, {"no_such_field": 1})
    with pytest.raises(Refused) as missing:
        Actions(analyst).review(10**9, "accepted")
    assert missing.value.kind == "not_found" and missing.value.status == 404
    assert AuditEntry.objects.filter(action="review").count() == 1


def test_a_statement_the_actor_may_not_see_is_not_found(analyst, settings, tmp_path):
    settings.ORIGINALS_DIR = tmp_path / "originals"
    settings.REFWATCH_KEY_FILE = tmp_path / "master.key"
    doc = store.add_path(SEEDS[0], visibility="confidential").document
    st = Statement.objects.filter(document=doc).first()
    with pytest.raises(Refused) as refused:
        Actions(analyst).review(st.pk, "rejected")
    assert refused.value.kind == "not_found"
    st.refresh_from_db()
    assert st.review == "suggested"


def test_a_bug_while_adding_a_file_is_an_internal_error_with_an_id_in_the_log(analyst, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(store, "add", broken)
    with caplog.at_level(logging.ERROR, logger="refwatch.actions"):
        done = Actions(analyst).ingest(SEEDS[0])
    assert done.status == "refused" and done.reason.startswith("internal error ")
    error_id = done.reason.split()[2].rstrip(";")
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
    assert "a bug of ours" not in done.reason  # the internals stay in the log
    assert not Document.objects.exists()


def test_a_broken_file_is_refused_with_its_reason(analyst):
    done = Actions(analyst).ingest(b"%PDF-1.7 no end", "broken.pdf")
    assert done.status == "refused" and "broken.pdf" in done.reason and "internal" not in done.reason
    assert not Document.objects.exists()


def test_protecting_a_name_needs_it_in_the_text_and_is_audited(seed_letters, analyst):
    doc = seed_letters[0].document
    with pytest.raises(Refused, match="not in this document"):
        Actions(analyst).protect_name(doc.pk, name="Nobody Here At All")
    person = Actions(analyst).protect_name(doc.pk, name="David  Perdue")
    assert isinstance(person, Person)
    entry = AuditEntry.objects.get(action="protect_span")
    assert entry.detail["document"] == doc.pk and entry.detail["end"] > entry.detail["start"]
    with pytest.raises(Refused, match="outside the text"):
        Actions(analyst).protect_name(doc.pk, start=5, end=10**6)


def test_internal_error_says_only_its_id():
    error = InternalError("abcd1234")
    assert str(error) == "internal error abcd1234; the administrator can find it in the log"


def test_an_export_reads_through_the_actors_reader_and_is_audited_with_what_it_held(seed_letters, viewer):
    from refwatch.actions import Export

    def build(reader):
        ids = list(reader.incidents().values_list("pk", flat=True))
        return Export(",".join(map(str, ids)).encode(), "text/csv", "incidents.csv", {"incidents": ids})

    made = Actions(viewer, via="api").export("incidents", "csv", build)
    entry = AuditEntry.objects.get(action="export")
    assert entry.target_id == "incidents" and entry.detail["format"] == "csv"
    assert entry.detail["incidents"] == made.held["incidents"] and entry.detail["incidents_count"] == 2
    assert entry.actor == "vera"
