"""The one door to read the record (refwatch.knowledge.queries.Reader), on the seed letters
stored through the real ingest: the first internal, the follow-up confidential, so that the
incidents both letters report have a source a viewer may see and one they may not."""

from __future__ import annotations

import pytest

from refwatch.knowledge import store
from refwatch.knowledge.access import grant
from refwatch.knowledge.models import Document, Incident, Statement, Unread
from refwatch.knowledge.queries import Reader, fact_place

from .conftest import SEEDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]


@pytest.fixture
def record() -> tuple[Document, Document]:
    internal = store.add_path(SEEDS[0]).document
    confidential = store.add_path(SEEDS[1], visibility="confidential").document
    return internal, confidential


def shared_incidents(internal: Document, confidential: Document) -> list[Incident]:
    """Incidents that both documents report (the 600 of 9 October 2023 is one)."""
    both = Incident.objects.filter(statements__document=internal).filter(statements__document=confidential)
    return list(both.distinct())


def test_a_viewer_reads_no_confidential_document_or_statement(record, viewer):
    internal, confidential = record
    reader = Reader.for_user(viewer)
    assert list(reader.documents()) == [internal]
    assert reader.document(confidential.pk) is None
    assert reader.document(internal.pk) == internal
    assert {s.document_id for s in reader.statements()} == {internal.pk}
    hidden = Statement.objects.filter(document=confidential).first()
    assert reader.statement(hidden.pk) is None


def test_a_fact_from_two_documents_shows_a_viewer_only_the_statements_they_may_see(record, viewer):
    internal, confidential = record
    shared = shared_incidents(internal, confidential)
    assert shared, "the two seed letters report the same incidents"
    reader = Reader.for_user(viewer)
    for incident in reader.incidents(pk__in=[i.pk for i in shared]):
        # Prefetched through the reader, and asked again without the prefetch: the same answer.
        assert {s.document_id for s in reader.statements_for(incident)} == {internal.pk}
        assert {s.document_id for s in incident.live_statements()} == {internal.pk}
        assert incident.source_count() == 1
        again = Incident.objects.get(pk=incident.pk)
        assert {s.document_id for s in reader.statements_for(again)} == {internal.pk}
    officer_view = Reader.system().incident(shared[0].pk)
    assert {s.document_id for s in officer_view.live_statements()} == {internal.pk, confidential.pk}


def test_a_fact_not_read_through_a_reader_refuses_to_give_its_evidence(record):
    incident = Incident.objects.shown().first()
    with pytest.raises(Unread):
        incident.live_statements()
    with pytest.raises(Unread):
        incident.conflicts()


def test_a_reader_does_not_take_another_readers_prefetched_statements(record, viewer, protection_officer):
    internal, confidential = record
    shared = shared_incidents(internal, confidential)[0]
    seen_by_officer = Reader.for_user(protection_officer).incident(shared.pk)
    assert len({s.document_id for s in seen_by_officer.live_statements()}) == 2
    viewer_reader = Reader.for_user(viewer)
    assert {s.document_id for s in viewer_reader.statements_for(seen_by_officer)} == {internal.pk}


def test_a_statement_of_a_confidential_document_stays_hidden_even_if_marked_internal(record, viewer):
    _, confidential = record
    # The document governs: a statement whose own flag drifted is still not shown.
    Statement.objects.filter(document=confidential).update(visibility="internal")
    assert not Reader.for_user(viewer).statements(document=confidential).exists()


def test_the_public_reads_public_records_only(record, viewer):
    internal, _ = record
    assert not Reader.public().documents().exists()
    assert Reader.for_user(None).is_public
    store.set_visibility(internal, "public")
    assert list(Reader.public().documents()) == [internal]
    assert Reader.public().statements().exists()
    assert not Reader.public().may("viewer")
    assert Reader.for_user(viewer).may("viewer") and not Reader.for_user(viewer).may("analyst")


def test_a_grant_opens_a_confidential_document_to_one_user(record, viewer, analyst):
    _, confidential = record
    grant(confidential, user=viewer)
    assert Reader.for_user(viewer).document(confidential.pk) == confidential
    assert Reader.for_user(viewer).statements(document=confidential).exists()
    assert Reader.for_user(analyst).document(confidential.pk) is None
    # The facts read only in that document open with it, to that user only.
    follow_up = Reader.system().letters(document=confidential).get()
    assert follow_up.visibility == "confidential"
    assert Reader.for_user(viewer).letter(follow_up.pk) == follow_up
    assert Reader.for_user(viewer).letter_id(follow_up.pk) == follow_up.pk
    assert Reader.for_user(analyst).letter(follow_up.pk) is None


def test_letters_and_their_parts_follow_their_documents(record, viewer, protection_officer):
    _, confidential = record
    viewer_letters = list(Reader.for_user(viewer).letters())
    assert viewer_letters and all(ltr.document_id != confidential.pk for ltr in viewer_letters)
    officer = Reader.for_user(protection_officer)
    follow_up = officer.letters(document=confidential).get()
    assert Reader.for_user(viewer).letter(follow_up.pk) is None
    assert Reader.for_user(viewer).letter_id(follow_up.pk) is None
    assert officer.letter_id(follow_up.pk) == follow_up.pk
    for party in follow_up.parties.all():
        assert all(s.document_id == confidential.pk for s in officer.statements_for(party))


def test_bad_ids_read_as_nothing(record, viewer):
    reader = Reader.for_user(viewer)
    assert reader.document("x") is None
    assert reader.incident(2**70) is None
    assert reader.statement(None) is None


def test_fact_place_puts_a_part_on_its_letters_page(record):
    reader = Reader.system()
    places = {st.kind: fact_place(st) for st in reader.statements()}
    incident = places["repatriation"]
    assert (incident.page, incident.kind) == ("incident", "incident")
    ask = places["ask"]
    assert ask.page == "letter" and ask.anchor == f"ask-{ask.id}"
    sender = places["sender"]
    assert sender.kind == "party" and sender.anchor.startswith("party-")


def test_the_statements_read_with_a_letters_parts_place_them_without_a_query(
    record, viewer, django_assert_num_queries
):
    """A fact's statements are read with their documents only, not joined to every kind of letter
    part: the part each supports is the one it was read with, so its place costs no query."""
    internal, _ = record
    letter = Reader.for_user(viewer).letters(document=internal).get()
    parts = [*letter.parties.all(), *letter.asks.all()]
    with django_assert_num_queries(0):
        seen = [(part, st) for part in parts for st in part.live_statements()]
        places = [fact_place(st) for _, st in seen]
        texts = [st.document.text for _, st in seen]
    assert len(seen) >= len(parts) >= 3 and all(texts)
    assert all(p is not None and (p.page, p.page_id) == ("letter", letter.pk) for p in places)
    assert all(place.id == part.pk for (part, _), place in zip(seen, places, strict=True))


def test_counts_are_what_the_reader_may_see(record, viewer, protection_officer):
    mine = Reader.for_user(viewer).counts()
    all_ = Reader.for_user(protection_officer).counts()
    assert mine["documents"] == 1 and all_["documents"] == 2
    assert mine["statements"] < all_["statements"]


def test_people_and_the_audit_through_the_same_door(record, viewer, protection_officer, admin_user):
    from refwatch.protection.models import AuditEntry
    from refwatch.protection.queries import PeopleReader

    person = PeopleReader.system().people().first()
    assert person is not None, "the confidential letter's names were protected"
    assert not PeopleReader.public().people().exists()
    assert PeopleReader.for_user(viewer).person(person.number) == person
    assert not PeopleReader.for_user(viewer).identifies(person)
    assert PeopleReader.for_user(protection_officer).identifies(person)
    person.allowed_users.add(viewer)
    assert PeopleReader.for_user(viewer).identifies(person)
    assert AuditEntry.objects.exists()
    assert not PeopleReader.for_user(viewer).audit().exists()
    assert PeopleReader.for_user(admin_user).audit().count() == AuditEntry.objects.count()


def test_verified_facts_are_those_an_analyst_accepted_or_corrected(record, viewer):
    from refwatch.knowledge.review import review

    internal, _ = record
    reader = Reader.for_user(viewer)
    assert not reader.incidents(verified=True).exists()
    st = Statement.objects.filter(document=internal, kind="repatriation").first()
    review(st, "accepted")
    reader = Reader.for_user(viewer)
    (incident,) = reader.incidents(verified=True)
    assert incident.pk == st.incident_id
    assert [s.pk for s in reader.statements_for(incident, verified=True)] == [st.pk]
    assert len(reader.statements_for(incident)) >= 1
