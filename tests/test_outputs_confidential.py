"""A viewer's export, brief and draft hold no confidential record and no protected name: the first
seed letter goes in as confidential (its names protected), the follow-up as internal."""

from __future__ import annotations

import json

import pytest

from refwatch.actions import Actions
from refwatch.knowledge import store
from refwatch.knowledge.models import Statement
from refwatch.knowledge.queries import Reader
from refwatch.outputs import export
from refwatch.outputs.brief import make_brief
from refwatch.outputs.draft import make_draft
from refwatch.outputs.render import brief_html, draft_docx, draft_markdown
from refwatch.protection import names
from tests import wordxml

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    confidential = store.add_path(SEEDS[0], visibility="confidential").document
    internal = store.add_path(SEEDS[1]).document
    Statement.objects.update(review="accepted")
    assert names.find_names(confidential.text), "the confidential letter's names are protected"
    return confidential, internal


def outputs_of(user) -> dict[str, str]:
    reader = Reader.for_user(user)
    out = {
        f"{kind}.{fmt}": Actions(user)
        .export(kind, fmt, lambda r, k=kind, f=fmt: export.build(r, k, f))
        .content.decode()
        for kind in export.KINDS
        for fmt in export.FORMATS
    }
    out["brief"] = brief_html(make_brief(reader, include_unverified=True))
    draft = make_draft(reader, to="David Perdue", signers=[])
    out["draft.md"] = draft_markdown(draft)
    out["draft.docx"] = wordxml.read(draft_docx(draft)).all_text  # its footnotes too
    return out


def test_a_viewers_outputs_hold_no_confidential_record_and_no_protected_name(record, viewer):
    confidential, internal = record
    outputs = outputs_of(viewer)
    documents = json.loads(outputs["documents.json"])["records"]
    assert [d["id"] for d in documents] == [internal.pk]
    for name, text in outputs.items():
        assert f"refwatch-document-{confidential.pk}" not in text, name
        assert confidential.sha256 not in text, name
        assert "Anjialou" not in text, name  # the confidential letter's recipient address
        assert names.find_names(text) == [], (name, names.find_names(text)[:3])
    # The internal letter's 600 is still there, with its source.
    assert "600" in outputs["incidents.csv"] and "600" in outputs["brief"]
    assert "confidential" not in outputs["incidents.csv"]


def test_a_protection_officer_sees_the_confidential_record(record, protection_officer):
    confidential, _ = record
    documents = json.loads(outputs_of(protection_officer)["documents.json"])["records"]
    assert confidential.pk in {d["id"] for d in documents}
