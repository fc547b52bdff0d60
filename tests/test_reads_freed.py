"""Facts read through a Reader, with their statements and documents, are freed as soon as the page
has done with them (by reference counting), not left for the garbage collector's full passes,
which took 100-250 ms each at 100,000 documents, every few pages."""

from __future__ import annotations

import gc
import weakref

import pytest

from refwatch.knowledge.models import Document, Incident, Statement, Unread
from refwatch.knowledge.queries import Reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents(db):
    doc = Document.objects.create(sha256="b" * 64, media_type="text/plain", filename="b.txt", text="x" * 50)
    made = [
        Incident.objects.create(date_start="2023-05-01", count=5 + i, visibility="internal") for i in range(3)
    ]
    for i, incident in enumerate(made):
        Statement.objects.create(document=doc, kind="repatriation", start=i, end=i + 1, incident=incident)
    return made


def test_incidents_read_with_their_statements_are_freed_without_the_collector(viewer, incidents):
    reader = Reader.for_user(viewer)
    was = gc.isenabled()
    gc.disable()
    try:
        read = list(reader.incidents())
        statements = [s for i in read for s in reader.statements_for(i)]
        assert len(statements) == 3 and all(i.sources() for i in read)
        watched = [weakref.ref(x) for x in (*read, *statements, statements[0].document)]
        del read, statements
        assert [w() for w in watched] == [None] * len(watched)
    finally:
        if was:
            gc.enable()


def test_a_statement_read_with_its_fact_still_gives_its_fact_which_shows_no_evidence(viewer, incidents):
    """Its link back to the fact is read afresh when asked, not through the Reader: it shows no
    evidence (fails closed), as any fact not read through a Reader."""
    reader = Reader.for_user(viewer)
    incident = reader.incident(incidents[0].pk)
    (st,) = reader.statements_for(incident)
    assert st.incident == incident and st.incident_id == incident.pk
    assert incident.live_statements() == [st]
    with pytest.raises(Unread):
        st.incident.live_statements()
