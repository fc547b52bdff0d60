"""The overview's sources of each incident drawn (Reader.first_statements, the k-th of each read
by a subquery of its own that stops there) are the first of the statements its page shows, in
their order, for every reader: compared with `statements_for`, a straightforward reading."""

from __future__ import annotations

import pytest

from refwatch.knowledge.models import Incident, Statement
from refwatch.knowledge.queries import Reader
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence

from .test_incident_list_rows import NEWS
from .test_incident_list_rows import _store as _listed_store

pytestmark = pytest.mark.django_db


def _store() -> None:
    """The incident list's store, and more sources of its returns of March 2, 2024: more
    statements of one incident than a mark shows."""
    from refwatch.ingest import read
    from refwatch.knowledge import store

    _listed_store()
    for i, src in enumerate(["Yonhap", "Radio Free Asia", "activists", "the UN", "NK News"]):
        text = NEWS[0].format(n=60 + 15 * (i % 2), src=src).replace("Daily NK", f"Outlet {i % 2}")
        store.add(read(text.encode(), f"more-{i}.txt"))


@pytest.mark.parametrize("who", ["viewer", "protection_officer"])
def test_the_first_statements_of_each_incident_are_those_its_page_shows_first(who, request):
    _store()
    reader = Reader.for_user(request.getfixturevalue(who))
    incidents = reader.fact_rows(Incident)
    assert incidents.count() >= 3
    many = [i for i in reader.incidents() if len(reader.statements_for(i)) > 2]
    assert many, "an incident with more statements than a mark shows"
    for n in (1, 2, 3, 5):
        expected = [
            (i.pk, s.pk, s.document_id, s.document.title, s.document.filename)
            for i in reader.incidents().order_by("pk")
            for s in reader.statements_for(i)[:n]
        ]
        assert reader.first_statements(incidents, n) == expected, n
    assert reader.first_statements(incidents, 0) == []
    assert reader.first_statements(incidents.none(), 3) == []


def test_a_sealed_or_rejected_statement_is_no_first_source_for_whom_may_not_see_it(
    viewer, protection_officer
):
    _store()
    rejected = Statement.objects.filter(incident__isnull=False, review="rejected").values_list(
        "pk", flat=True
    )
    sealed = Statement.objects.filter(
        incident__isnull=False, document__visibility="confidential"
    ).values_list("pk", flat=True)
    assert rejected and sealed
    for user, hidden in ((viewer, {*rejected, *sealed}), (protection_officer, set(rejected))):
        reader = Reader.for_user(user)
        shown = {row[1] for row in reader.first_statements(reader.fact_rows(Incident), 10)}
        assert shown and not shown & hidden
        if user is protection_officer:
            assert set(sealed) <= shown


def test_the_overview_redacts_each_title_as_evidence_does(viewer):
    _store()
    evidence = Evidence(Reader.for_user(viewer))
    ov = overview.build(evidence)
    titles = {s.title for m in ov.incidents for s in m.sources}
    assert titles
    for m in ov.incidents:
        for s in m.sources:
            st = Statement.objects.get(pk=s.statement_id)
            doc = st.document
            raw = doc.title or (doc.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
            assert s.title == evidence.text(raw)
