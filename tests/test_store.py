"""The store: documents in, statements stored, facts merged, links between letters, review."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

import refwatch
from refwatch.extract import extract
from refwatch.ingest import read
from refwatch.knowledge import merge, store
from refwatch.knowledge.models import (
    Campaign,
    Document,
    Incident,
    Letter,
    LetterParty,
    Review,
    ReviewEvent,
    Statement,
    original_path,
)
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.review import ReviewError, review

DEMO = Path(refwatch.__file__).parent / "demo"
FIRST, SECOND = sorted(DEMO.glob("*.txt"))  # November 2025 letter, then its May 2026 follow-up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    """Each test its own folder of originals: the database rolls back after a test, files do not."""
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


def ingested(data: bytes, filename: str):
    """A document as refwatch.ingest gives it."""
    return read(data, filename)


def add_text(text: str, filename: str = "note.txt", **kw) -> store.AddResult:
    return store.add(ingested(text.encode(), filename), **kw)


def add_file(path: Path) -> store.AddResult:
    return store.add(ingested(path.read_bytes(), path.name))


def incident_on(start: str) -> Incident:
    # Through the reading door, as the system: a fact's statements are read through a Reader.
    return Reader.system().incidents().get(date_start=start)


THIRD = (
    "GENEVA (12 January 2024) - Human rights monitors said today that Chinese authorities forcibly "
    "repatriated 500 North Korean refugees on October 9, 2023, according to witnesses in Dandong.\n"
)


def test_seed_letters_make_two_incidents_with_two_sources_each():
    first, second = add_file(FIRST), add_file(SECOND)
    assert first.created and second.created
    assert first.counts["incidents"] == 2 and second.counts["incidents"] == 2

    october = incident_on("2023-10-09")
    assert (october.date_precision, october.count, october.count_qualifier) == ("day", 600, "exact")
    april = incident_on("2024-04-01")
    assert (april.date_end, april.date_precision, april.count, april.count_qualifier) == (
        "2024-04-30",
        "month",
        200,
        "approximately",
    )
    assert Incident.objects.shown().count() == 2
    for incident in (october, april):
        statements = incident.live_statements()
        assert len(statements) == 2
        assert {s.document_id for s in statements} == {first.document.pk, second.document.pk}
        # Two letters, one original source: both repeat the CECC.
        assert incident.document_count() == 2 and incident.conflicts() == []
        assert incident.source_count() == 1 and not incident.corroborated
        assert [(src.name, len(src.documents)) for src in incident.sources()] == [
            ("Congressional-Executive Commission on China", 2)
        ]
        for s in statements:
            # The statement points at the exact characters of its document.
            assert s.document.text[s.start : s.end] == s.quote
            assert s.extractor.startswith("incidents.") and s.extractor_version
            assert s.review == Review.SUGGESTED


def test_different_count_for_the_same_incident_is_a_conflict_with_both_counts():
    add_file(FIRST)
    add_file(SECOND)
    third = add_text(THIRD, "monitors.txt")
    assert third.counts["incidents"] == 1

    october = incident_on("2023-10-09")
    assert october.document_count() == 3
    # The letters repeat the CECC; the monitors rest on witnesses: two independent sources.
    assert october.source_count() == 2 and october.corroborated
    conflict = {
        (count, qualifier): {s.document_id for s in ss} for count, qualifier, ss in october.conflicts()
    }
    assert set(conflict) == {(600, "exact"), (500, "exact")}
    assert conflict[(500, "exact")] == {third.document.pk}
    # The count shown is the one most sources give; the other is still there, not averaged.
    assert october.count == 600
    assert Incident.objects.shown().filter(date_start="2023-10-09").count() == 1


def test_the_same_bytes_twice_are_one_document():
    a = add_file(FIRST)
    statements = Statement.objects.count()
    b = add_file(FIRST)
    assert a.created and not b.created
    assert b.document.pk == a.document.pk
    assert Document.objects.count() == 1 and Statement.objects.count() == statements
    assert b.counts == a.counts


def test_original_bytes_are_kept_under_their_hash():
    data = FIRST.read_bytes()
    result = add_file(FIRST)
    path = original_path(result.document.sha256)
    assert path.read_bytes() == data
    assert result.document.sha256 == hashlib.sha256(data).hexdigest()
    assert not list(path.parent.glob(".incoming-*"))


def test_a_failure_while_storing_leaves_nothing_of_that_document(monkeypatch):
    add_file(FIRST)
    before = (Document.objects.count(), Statement.objects.count(), Incident.objects.count())
    october_sources = incident_on("2023-10-09").source_count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(merge, "add_figure", broken)  # after incidents were merged
    data = THIRD.encode() + b"About 30,000 children were born in the PRC to North Korean women.\n"
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add(ingested(data, "broken.txt"))
    assert (Document.objects.count(), Statement.objects.count(), Incident.objects.count()) == before
    assert incident_on("2023-10-09").source_count() == october_sources
    assert not original_path(hashlib.sha256(data).hexdigest()).exists()

    monkeypatch.undo()
    assert store.add(ingested(data, "broken.txt")).created  # and it goes in once fixed


def test_figures_merge_by_quantity_and_unit():
    sentence = "Approximately 30,000 children were born in the PRC to North Korean women.\n"
    a = add_text("Report one.\n" + sentence, "a.txt")
    b = add_text("Report two.\n" + sentence, "b.txt")
    c = add_text("Report three.\nApproximately 20,000 children were born in the PRC to North Korean women.\n")
    assert a.counts["figures"] == b.counts["figures"] == c.counts["figures"] == 1
    assert Reader.system().figures().get(quantity=30000, unit="children").source_count() == 2
    assert Reader.system().figures().get(quantity=20000, unit="children").source_count() == 1


def test_an_aggregate_and_a_single_event_with_the_same_interval_stay_apart():
    values = {"date_start": "2024-01-01", "date_end": "2024-12-31", "date_precision": "year", "count": 60}
    single = merge.incident_for(values)
    total = merge.incident_for({**values, "aggregate": True})
    assert single.pk != total.pk and total.aggregate and not single.aggregate
    assert merge.incident_for({**values, "aggregate": True}).pk == total.pk


def test_incidents_with_other_places_or_no_date_stay_apart():
    day = {"date_start": "2023-10-09", "date_end": "2023-10-09", "date_precision": "day", "count": 600}
    china = merge.incident_for(day)
    assert merge.incident_for({**day, "count": 500}).pk == china.pk  # same day: one incident, a conflict
    assert merge.incident_for({**day, "origin": "Russia"}).pk != china.pk
    undated = merge.incident_for({"count": 600})
    assert merge.incident_for({"count": 600}).pk != undated.pk


def test_undated_and_year_incidents_merge_only_when_they_agree():
    add_text("In 2023, Chinese authorities forcibly repatriated 50 North Korean defectors.\n", "a.txt")
    add_text("In 2023, China forcibly repatriated 50 North Korean defectors, activists said.\n", "b.txt")
    add_text("In 2023, China forcibly repatriated 80 North Korean defectors, a report said.\n", "c.txt")
    year = [i for i in Reader.system().incidents() if i.date_precision == "year"]
    # Same year and same places, counts agree: one incident; a different count: another one.
    assert sorted((i.count, i.source_count()) for i in year) == [(50, 2), (80, 1)]


def test_actors_merge_by_canonical_name_with_aliases():
    add_file(FIRST)
    add_file(SECOND)

    china = Reader.system().actors().get(name="China")
    assert china.kind == "state"
    assert "PRC" in china.aliases
    assert china.source_count() == 2


def test_review_reject_hides_a_fact_with_no_live_statement_and_records_who(django_user_model):
    analyst = django_user_model.objects.create_user("analyst", password="a-long-password-123")
    result = add_text(THIRD, "monitors.txt")
    statement = Statement.objects.get(document=result.document, kind="repatriation")
    incident = statement.incident

    review(statement, "rejected", by=analyst, note="witness count unverified")
    incident.refresh_from_db()
    assert incident.hidden and incident not in Incident.objects.shown()
    assert Incident.objects.filter(pk=incident.pk).exists()  # hidden, not deleted
    statement.refresh_from_db()
    assert statement.reviewed_by == analyst and statement.reviewed_at is not None
    event = ReviewEvent.objects.get(statement=statement)
    assert (event.previous, event.review, event.by) == ("suggested", "rejected", analyst)

    review(statement, "accepted", by=analyst)
    incident.refresh_from_db()
    assert not incident.hidden
    assert ReviewEvent.objects.filter(statement=statement).count() == 2


def test_review_reject_removes_a_source_and_resolves_the_conflict():
    add_file(FIRST)
    add_file(SECOND)
    third = add_text(THIRD, "monitors.txt")
    october = incident_on("2023-10-09")
    assert october.conflicts()
    review(Statement.objects.get(document=third.document, kind="repatriation"), "rejected")
    october = incident_on("2023-10-09")
    assert october.conflicts() == [] and october.document_count() == 2 and not october.hidden


def test_review_edit_moves_a_statement_to_the_incident_it_now_describes():
    add_file(FIRST)
    third = add_text(THIRD, "monitors.txt")
    statement = Statement.objects.get(document=third.document, kind="repatriation")
    assert statement.incident == incident_on("2023-10-09")

    review(statement, "edited", corrections={"date_start": "2023-10-10", "date_end": "2023-10-10"})
    statement.refresh_from_db()
    assert statement.values()["date_start"] == "2023-10-10"
    assert statement.record["date_start"] == "2023-10-09"  # what the extractor found stays
    assert statement.incident.date_start == "2023-10-10"
    assert incident_on("2023-10-09").conflicts() == []


def test_review_refuses_unknown_states_and_fields():
    result = add_text(THIRD, "monitors.txt")
    statement = Statement.objects.get(document=result.document, kind="repatriation")
    with pytest.raises(ReviewError, match="unknown review state"):
        review(statement, "maybe")
    with pytest.raises(ReviewError, match="not a field"):
        review(statement, "edited", corrections={"colour": "red"})
    with pytest.raises(ReviewError, match="needs corrections"):
        review(statement, "edited")
    statement.refresh_from_db()
    assert statement.review == Review.SUGGESTED and not ReviewEvent.objects.exists()


def test_visibility_is_carried_to_statements_and_facts():
    result = add_text(THIRD, "monitors.txt", visibility="confidential")
    assert result.document.visibility == "confidential"
    assert set(Statement.objects.filter(document=result.document).values_list("visibility", flat=True)) == {
        "confidential"
    }
    assert incident_on("2023-10-09").visibility == "confidential"
    with pytest.raises(ValueError, match="unknown visibility"):
        add_text("Other text.\n", "x.txt", visibility="secret")


# --- letters: the store mirrors what extraction gives ---------------------------------------------


def test_letter_facts_mirror_extraction():
    for path in (FIRST, SECOND):
        expected = extract(path.read_text(encoding="utf-8")).letter
        result = add_file(path)
        letters = list(Letter.objects.filter(document=result.document))
        if expected is None:
            assert letters == []
            continue
        (letter,) = letters
        assert letter.date == expected.date and letter.reported == expected.reported
        assert [p.name for p in letter.senders] == [p.name for p in expected.senders]
        assert [p.chamber or None for p in letter.senders] == [p.chamber for p in expected.senders]
        assert [p.name for p in letter.recipients] == [p.name for p in expected.recipients]
        assert [a.text for a in letter.asks.all()] == [a.text for a in expected.asks]
        assert letter.references.count() == len(expected.references)
        assert letter.commitments.count() == len(expected.commitments)
        assert result.counts["senders"] == len(expected.senders)
        for party in LetterParty.objects.filter(letter=letter):
            (s,) = party.statements.all()
            assert result.document.text[s.start : s.end] == s.quote


@pytest.mark.parametrize("order", [(FIRST, SECOND), (SECOND, FIRST)], ids=["in-order", "follow-up-first"])
def test_the_second_letter_follows_up_the_first_in_either_order(order):
    results = {path: add_file(path) for path in order}
    first = Letter.objects.get(document=results[FIRST].document)
    second = Letter.objects.get(document=results[SECOND].document)
    assert len(first.senders) == 6 and len(second.senders) == 8
    assert second.follows_up == first
    assert list(first.followed_by.all()) == [second]
    assert first.campaign is not None and first.campaign == second.campaign
    assert Campaign.objects.count() == 1
    ref = second.references.get()
    assert ref.resolved == first


def test_a_reference_to_a_letter_not_in_the_store_stays_unresolved():
    second = Letter.objects.get(document=add_file(SECOND).document)
    assert second.follows_up is None and second.campaign is None
    assert second.references.get().resolved is None


# --- links between letters, on letter records made by hand (independent of extraction) ------------


def _letter_record(date, senders, recipient, *, reported=False, references=()):
    from refwatch.extract import model as m

    return m.Letter(
        reported=reported,
        date=date,
        senders=[m.Party(name=n, title="Member of Congress", chamber="house") for n in senders],
        recipients=[m.Party(name=recipient, title="Ambassador")],
        references=[m.Reference(date=d, recipient=r) for d, r in references],
        start=0,
        end=10,
        quote="0123456789",
        extractor="letters",
    )


def _store_letter(name: str, record) -> Letter:
    from refwatch.knowledge import letters

    document = Document.objects.create(
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        media_type="text/plain",
        filename=name,
        text="0123456789",
    )
    letter = letters.add_letter(document, record)
    letters.link_letters()
    letter.refresh_from_db()
    return letter


@pytest.mark.parametrize("earlier_first", [True, False])
def test_reference_resolves_by_recipient_surname_and_period_in_either_order(earlier_first):
    earlier = _letter_record("2025-11-07", ["Young Kim", "Ami Bera, M.D."], "David Perdue")
    later = _letter_record(
        "2026-05-13",
        ["Young Kim"],
        "Donald J. Trump",
        references=[("2025-11", "U.S. Ambassador to the PRC, David Perdue")],
    )
    other = _letter_record("2025-10-01", ["Young Kim"], "David Perdue")  # right recipient, wrong month
    _store_letter("other", other)
    if earlier_first:
        a, b = _store_letter("earlier", earlier), _store_letter("later", later)
    else:
        b, a = _store_letter("later", later), _store_letter("earlier", earlier)
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.follows_up == a and b.references.get().resolved == a
    assert a.campaign is not None and a.campaign == b.campaign
    assert Letter.objects.filter(campaign=a.campaign).count() == 2


def test_ambiguous_reference_is_left_unresolved():
    _store_letter("one", _letter_record("2025-11-03", ["Young Kim"], "David Perdue"))
    _store_letter("two", _letter_record("2025-11-20", ["Tim Kaine"], "David Perdue"))
    later = _store_letter(
        "later",
        _letter_record("2026-01-05", ["Young Kim"], "Marco Rubio", references=[("2025-11", "Perdue")]),
    )
    assert later.follows_up is None and later.references.get().resolved is None


@pytest.mark.parametrize("actual_first", [True, False])
def test_reported_letter_is_linked_to_the_letter_it_reports(actual_first):
    actual = _letter_record("2025-11-07", ["Young Kim", "Ami Bera, M.D."], "David Perdue")
    reported = _letter_record("2025-11-10", ["Rep. Ami Bera (CA-06)"], "Ambassador Perdue", reported=True)
    if actual_first:
        a, r = _store_letter("actual", actual), _store_letter("press", reported)
    else:
        r, a = _store_letter("press", reported), _store_letter("actual", actual)
    r.refresh_from_db()
    assert r.same_as == a and list(a.reports.all()) == [r]
    assert Letter.objects.count() == 2  # both kept, one links to the other


def test_surname():
    from refwatch.knowledge.letters import surname

    assert surname("Ami Bera, M.D.") == "bera"
    assert surname("U.S. Ambassador to the PRC, David Perdue") == "perdue"
    assert surname("Senator Tim Kaine (D-VA)") == "kaine"
    assert surname("Donald J. Trump") == "trump"
    assert surname("") == ""


def test_the_database_is_the_one_asked_for():
    """When DATABASE_URL names PostgreSQL (the CI's second run), the tests really run on it."""
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres:", "postgresql:")) else "sqlite"
    assert connection.vendor == expected


def test_rejecting_a_reference_undoes_the_follow_up_and_the_campaign_and_accepting_redoes_it():
    earlier = _store_letter("earlier", _letter_record("2025-11-07", ["Young Kim"], "David Perdue"))
    later = _store_letter(
        "later",
        _letter_record(
            "2026-05-13", ["Young Kim"], "Donald J. Trump", references=[("2025-11", "David Perdue")]
        ),
    )
    assert later.follows_up == earlier and Campaign.objects.count() == 1
    statement = Statement.objects.get(kind="reference", document=later.document)

    review(statement, "rejected")
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert later.follows_up is None and later.references.get().resolved is None
    assert later.campaign is None and earlier.campaign is None and not Campaign.objects.exists()

    review(statement, "accepted")
    later.refresh_from_db()
    assert later.follows_up == earlier and later.campaign is not None


def test_rejecting_a_letter_unlinks_the_letters_that_pointed_to_it():
    earlier = _store_letter("earlier", _letter_record("2025-11-07", ["Young Kim"], "David Perdue"))
    later = _store_letter(
        "later",
        _letter_record("2026-05-13", ["Young Kim"], "Donald J. Trump", references=[("2025-11", "Perdue")]),
    )
    review(Statement.objects.get(kind="letter", document=earlier.document), "rejected")
    later.refresh_from_db()
    assert later.follows_up is None and later.references.get().resolved is None
    assert Letter.objects.shown().count() == 1 and Letter.objects.count() == 2


def test_editing_a_reference_resolves_it_again():
    nov = _store_letter("nov", _letter_record("2025-11-07", ["Young Kim"], "David Perdue"))
    dec = _store_letter("dec", _letter_record("2025-12-02", ["Young Kim"], "Marco Rubio"))
    later = _store_letter(
        "later",
        _letter_record("2026-05-13", ["Young Kim"], "Donald J. Trump", references=[("2025-11", "Perdue")]),
    )
    assert later.follows_up == nov
    statement = Statement.objects.get(kind="reference", document=later.document)
    review(statement, "edited", corrections={"date": "2025-12", "recipient": "Secretary Marco Rubio"})
    for letter in (later, nov, dec):
        letter.refresh_from_db()
    assert later.follows_up == dec and later.references.get().resolved == dec
    assert nov.campaign is None and later.campaign == dec.campaign


def test_correcting_a_letters_date_lets_a_reference_to_the_new_period_find_it():
    # Links read a party's letter date from the party's own index column: the correction must
    # reach it, or the letter stays where it was in every later link.
    oct_ = _store_letter("oct", _letter_record("2025-10-07", ["Young Kim"], "David Perdue"))
    later = _store_letter(
        "later",
        _letter_record("2026-05-13", ["Young Kim"], "Donald J. Trump", references=[("2025-11", "Perdue")]),
    )
    assert later.references.get().resolved is None
    statement = Statement.objects.get(kind="letter", document=oct_.document)
    review(statement, "edited", corrections={"date": "2025-11-07"})
    later.refresh_from_db()
    assert later.references.get().resolved == oct_ and later.follows_up == oct_
    assert {p.letter_start for p in oct_.parties.all()} == {date(2025, 11, 7)}


def test_changing_a_documents_visibility_carries_to_its_statements_and_facts():
    public = add_text(THIRD, "monitors.txt", visibility="public")
    confidential = add_text("Witness statement.\n" + THIRD, "witness.txt", visibility="confidential")
    october = incident_on("2023-10-09")
    assert october.visibility == "public"  # as open as its most open statement
    store.set_visibility(public.document, "confidential")
    october.refresh_from_db()
    assert october.visibility == "confidential"
    assert set(Statement.objects.filter(document=public.document).values_list("visibility", flat=True)) == {
        "confidential"
    }
    store.set_visibility(confidential.document, "internal")
    october.refresh_from_db()
    assert october.visibility == "internal"


def test_review_of_letter_parts_edits_and_hides_them():
    letter = _store_letter("earlier", _letter_record("2025-11-07", ["Young Kim", "Ami Bera"], "David Perdue"))
    kim, bera = (Statement.objects.get(party=p) for p in letter.senders)
    review(kim, "edited", corrections={"chamber": "senate", "title": "United States Senator"})
    review(bera, "rejected")
    letter.refresh_from_db()
    assert [(p.name, p.chamber, p.title) for p in letter.senders] == [
        ("Young Kim", "senate", "United States Senator")
    ]
    assert LetterParty.objects.filter(letter=letter, role="sender").count() == 2  # the rejected one is kept


@pytest.mark.django_db(transaction=True)
def test_documents_added_at_the_same_time_merge_into_one_incident():
    """Two writers at once (PostgreSQL; SQLite's test database is one connection's memory)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database (the CI's PostgreSQL run)")
    texts = [
        f"Report {n}.\nChina forcibly repatriated {n}00 North Korean refugees on March 3, 2022.\n"
        for n in (1, 2, 3)
    ]
    docs = [ingested(t.encode(), f"r{n}.txt") for n, t in enumerate(texts)]
    start = threading.Barrier(len(docs))
    errors: list[BaseException] = []

    def add(doc) -> None:
        try:
            start.wait()
            store.add(doc)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    (incident,) = Reader.system().incidents(date_start="2022-03-03")
    assert incident.source_count() == 3 and len(incident.conflicts()) == 3


def test_ingest_limits_come_from_the_settings(settings):
    from refwatch.knowledge.store import limits_from_settings

    settings.REFWATCH_MAX_PAGES, settings.REFWATCH_OCR_DPI = 7, 300
    limits = limits_from_settings()
    assert (limits.max_pages, limits.ocr_dpi, limits.max_bytes) == (7, 300, settings.REFWATCH_MAX_FILE_BYTES)


def test_a_period_runs_to_the_documents_date_and_an_undated_text_gives_none() -> None:
    told = (
        "Human Rights Watch has verified that the Chinese government has forcibly returned more than "
        "670 North Koreans since Pyongyang closed its northern border in early 2020."
    )
    # An undated text: "since early 2020" runs to a day it does not give, so it dates nothing
    # (eval/README.md, the conventions).
    add_text(told)
    assert not Reader.system().incidents().filter(date_start="2020-01-01").exists()
    add_text("GENEVA (8 May 2024) - " + told, filename="dated.txt")
    incident = incident_on("2020-01-01")
    assert (str(incident.date_end), incident.date_precision, incident.count) == (
        str(date(2024, 5, 8)),
        "range",
        670,
    )
