"""Each incident's summary of counts in documents that are not confidential (Incident.open_low and
the rest) is what a recompute from its statements gives, after every change that the knowledge
layer makes; and what a viewer is shown from it never holds a figure of a confidential document."""

from __future__ import annotations

import pytest

from refwatch.extract import extract
from refwatch.knowledge import additions, reextract, store
from refwatch.knowledge.models import Document, Incident, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.ranges import open_ranges
from refwatch.knowledge.review import review
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence

pytestmark = pytest.mark.django_db

HRW = """Press release, 2 March 2025

According to Human Rights Watch, Chinese authorities forcibly repatriated 500 North Korean refugees on October 9, 2023.
"""

CECC = """Statement, 4 March 2025

Chinese authorities forcibly repatriated as many as 600 North Korean refugees on October 9, 2023, the CECC said.
"""

NOTE = """Field note, 3 May 2024

Chinese police forcibly repatriated 9,137 North Korean refugees from Dandong on October 9, 2023.
"""


def add_text(tmp_path, name: str, text: str, **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return store.add_path(path, **kw).document


def stored() -> dict[int, tuple]:
    return {
        i.pk: (i.open_low, i.open_least, i.open_high, i.open_statements)
        for i in Incident.objects.all()
        if i.open_statements or i.open_high is not None
    }


def recomputed() -> dict[int, tuple]:
    return {
        r["incident_id"]: (r["low"], r["least"], r["high"], r["n"])
        for r in open_ranges(Statement.objects.all())
    }


def assert_true() -> None:
    assert stored() == recomputed()


def oct9() -> Incident:
    return Incident.objects.get(date_start="2023-10-09")


def test_the_summary_equals_a_recompute_after_every_change(tmp_path):
    hrw = add_text(tmp_path, "hrw.txt", HRW, visibility="public")
    assert_true()
    cecc = add_text(tmp_path, "cecc.txt", CECC, visibility="internal")
    assert_true()
    assert stored()[oct9().pk] == (500, 500, 600, 2)
    note = add_text(tmp_path, "note.txt", NOTE, visibility="confidential")
    assert_true()
    assert stored()[oct9().pk] == (500, 500, 600, 2)  # the note's 9,137 is in no summary

    # Reviews: rejected, put back, corrected (its count changes), accepted as read.
    st = Statement.objects.get(document=hrw, kind="repatriation")
    review(st, Review.REJECTED)
    assert_true()
    assert stored()[oct9().pk] == (600, 600, 600, 1)
    review(st, Review.SUGGESTED)
    assert_true()
    review(st, Review.EDITED, corrections={"count": 550, "count_min": 520})
    assert_true()
    assert stored()[oct9().pk] == (520, 550, 600, 2)
    review(st, Review.ACCEPTED)
    assert_true()

    # A document's visibility: made confidential (its figures leave the summary), then opened.
    cecc = add_text(tmp_path, "cecc.txt", CECC, visibility="internal")  # stored already: the same document
    store.set_visibility(cecc, "confidential")
    assert_true()
    assert stored()[oct9().pk] == (500, 500, 500, 1)
    store.set_visibility(note, "public")
    assert_true()
    assert stored()[oct9().pk][3] == 2  # the note's statement is counted now

    # Read again with nothing found: its undecided statements go, and their incident follows.
    reextract.reextract(note, extraction=extract("", meta={}))
    assert_true()
    assert stored()[oct9().pk][3] == 1

    # A fact an analyst adds from a selection.
    text = hrw.text
    quote = "500 North Korean refugees"
    at = text.index(quote)
    additions.add(
        hrw,
        "repatriation",
        start=at,
        end=at + len(quote),
        quote=quote,
        values={"count": 480, "date_start": "2023-10-09", "date_precision": "day"},
    )
    assert_true()


def test_a_viewer_s_overview_never_includes_a_confidential_figure(tmp_path, viewer, protection_officer):
    add_text(tmp_path, "hrw.txt", HRW, visibility="public")
    add_text(tmp_path, "note.txt", NOTE, visibility="confidential")
    incident = oct9()
    seen = overview.build(Evidence(Reader.for_user(viewer)))
    mark = next(m for m in seen.incidents if m.id == incident.pk)
    assert (mark.low, mark.high, mark.conflict, mark.statements) == (500, 500, False, 1)
    assert all(t.high < 9137 for t in seen.years)
    assert (
        Reader.for_user(viewer).count_ranges(Incident.objects.filter(pk=incident.pk))[incident.pk].high == 500
    )
    # Whoever may read the note sees its figure beside the others, marked as a conflict.
    officer = overview.build(Evidence(Reader.for_user(protection_officer)))
    mark = next(m for m in officer.incidents if m.id == incident.pk)
    assert (mark.low, mark.high, mark.conflict, mark.statements) == (500, 9137, True, 2)
    assert any(t.high >= 9137 for t in officer.years)
    assert (
        Reader.for_user(viewer).review_counts()[Review.SUGGESTED]
        < (Reader.for_user(protection_officer).review_counts()[Review.SUGGESTED])
    )


def test_a_document_made_confidential_behind_the_knowledge_layer_still_counts_for_no_viewer(tmp_path, viewer):
    add_text(tmp_path, "hrw.txt", HRW, visibility="public")
    cecc = add_text(tmp_path, "cecc.txt", CECC, visibility="internal")
    incident = oct9()
    Document.objects.filter(pk=cecc.pk).update(visibility="confidential")  # no merge.refresh
    assert stored()[incident.pk] == (500, 500, 600, 2)  # the summary is stale...
    reader = Reader.for_user(viewer)
    # ...and is not read: an incident a confidential document speaks of is counted afresh.
    assert reader.count_ranges(Incident.objects.filter(pk=incident.pk))[incident.pk].high == 500
    mark = next(m for m in overview.build(Evidence(reader)).incidents if m.id == incident.pk)
    assert (mark.low, mark.high, mark.conflict) == (500, 500, False)
