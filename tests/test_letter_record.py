"""A letter's page and its API record read the letter, its parts and all their statements at once
(Reader.letter_record), and show every reader exactly what reading each kind of part through the
Reader on its own gives: the same bytes for each role, grant and named access, never a protected
name or a confidential source to whom may not see it, and as many queries for a letter of thirty
signers, asks and references as for one of one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from refwatch.knowledge import access, roster, store
from refwatch.knowledge.models import (
    FACT_FIELDS,
    Ask,
    Commitment,
    Document,
    Letter,
    LetterParty,
    LetterReference,
    Outcome,
    Statement,
)
from refwatch.knowledge.queries import LetterRecord, Reader
from refwatch.protection.names import person_for_name, protect_names
from refwatch.web import shared
from tests.conftest import SEEDS, make_user
from tests.test_draft import ROSTER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals", "name_index_held")]

PROTECTED = "Tim Kaine"


def straightforward(reader: Reader, pk: object, *, evidence: bool = True) -> LetterRecord | None:
    """The letter and its parts read one kind at a time through the Reader's plain queries (a
    prefetch of statements each), as the page and the API read them before letter_record."""
    letter = reader.letter(pk)
    if letter is None:
        return None
    references = list(reader.references(letter=letter))
    links = reader.letter_links(letter, [letter.same_as_id, *(r.resolved_id for r in references)])
    return LetterRecord(
        letter,
        references,
        list(reader.commitments(letter=letter)),
        list(reader.outcomes(letter=letter)),
        links,
    )


@pytest.fixture
def record(tmp_path: Path, settings) -> dict[str, Client]:
    """The seed letters (the follow-up public, the first internal, and the first again as a
    confidential case file), the roster, a protected signer; and a client for each kind of
    reader. The case file speaks of the internal letter too: the first place of a signer and of
    an ask of that letter, and one more of the letter itself, are in it."""
    settings.REFWATCH_PUBLIC = True
    path = tmp_path / "legislators-current.yaml"
    path.write_text(ROSTER, encoding="utf-8")
    roster.load(path)
    store.add_path(SEEDS[0])
    store.add_path(SEEDS[1], visibility="public")
    sealed = tmp_path / "case-file.txt"
    sealed.write_text(SEEDS[0].read_text(encoding="utf-8") + "\nCase file 7.\n", encoding="utf-8")
    case = store.add_path(sealed, visibility="confidential").document
    protect_names([PROTECTED])
    letter = Letter.objects.get(document__filename=SEEDS[0].name)
    said = Statement.objects.filter(document=case).order_by("start")
    for statement, fact in zip(
        said[:3],
        [{"party": letter.senders[0]}, {"ask": letter.asks.first()}, {"letter": letter}],
        strict=True,
    ):
        Statement.objects.filter(pk=statement.pk).update(
            **{**dict.fromkeys(FACT_FIELDS), **fact}, start=0, end=1
        )

    _letter_of(0)  # a letter without parts: no kind of part is read for it
    granted = make_user("gus", "viewer")
    access.grant(case, user=granted)
    named = make_user("nina", "viewer")
    protected = person_for_name(PROTECTED)
    assert protected is not None
    protected.allowed_users.add(named)
    clients = {"anonymous": Client()}
    for name, user in {
        "viewer": make_user("vera", "viewer"),
        "analyst": make_user("anna", "analyst"),
        "officer": make_user("pat", "protection_officer"),
        "granted": granted,
        "named": named,
    }.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def shown(client: Client, pk: int) -> tuple[int, str, int, bytes]:
    """The letter's page body and API record as `client` gets them, nothing kept from before."""
    shared._kept.clear()
    shared._kept_records.clear()
    page = client.get(f"/letters/{pk}/")
    body = page.context["body"] if page.status_code == 200 else ""
    api = client.get(f"/api/letters/{pk}")
    return page.status_code, body, api.status_code, api.content


@pytest.mark.parametrize("verified_only", [False, True])
def test_every_reader_gets_the_bytes_a_straightforward_read_gives(
    record, monkeypatch, settings, verified_only
):
    # Verified only: a reader who is no analyst sees the facts (letters and parts) a person
    # checked, and all are but one ask of the first letter.
    settings.REFWATCH_VERIFIED_ONLY = verified_only
    first = Letter.objects.get(document__filename=SEEDS[0].name)
    Statement.objects.exclude(ask=first.asks.first()).update(review="accepted")
    letters = list(Letter.objects.order_by("pk").values_list("pk", flat=True))
    assert len(letters) >= 3
    # Letters with parts of each kind and letters without some (whose kind is not read at all).
    for model in (Ask, LetterReference, Commitment, Outcome):
        having = set(model.objects.values_list("letter_id", flat=True))
        assert having and set(letters) - having, model
    fast = {(who, pk): shown(client, pk) for who, client in record.items() for pk in letters}
    monkeypatch.setattr(Reader, "letter_record", straightforward)
    plain = {(who, pk): shown(client, pk) for who, client in record.items() for pk in letters}
    for key, got in fast.items():
        assert got == plain[key], key
    # The comparison meant something: each reader saw some letter, and not all saw the same.
    for who in record:
        assert any(fast[(who, pk)][0] == 200 for pk in letters), who
    assert fast[("viewer", letters[0])] != fast[("officer", letters[0])]


def test_a_viewer_sees_no_protected_name_nor_confidential_source(record):
    case = Document.objects.get(visibility="confidential")
    sealed_spans = set(Statement.objects.filter(document=case).values_list("pk", flat=True))
    officer_saw = ""
    for letter in Letter.objects.all():
        for who in ("viewer", "analyst", "anonymous"):
            _, body, _, api = shown(record[who], letter.pk)
            assert PROTECTED not in body + api.decode(), (who, letter.pk)
            assert f"/documents/{case.pk}/" not in body
            assert not re.search(rf'"document_id": ?{case.pk}\b', api.decode()), (who, letter.pk)
            assert not any(f"#s{pk}" in body for pk in sealed_spans), (who, letter.pk)
        _, body, _, api = shown(record["officer"], letter.pk)
        officer_saw += body + api.decode()
    # Who may see them does: the test looked where they would be.
    assert PROTECTED in officer_saw and f"/documents/{case.pk}/" in officer_saw


def _letter_of(n: int) -> Letter:
    """A letter with `n` signers, asks, references, commitments and outcomes, each said in its
    document, and its own statement."""
    doc = Document.objects.create(
        title=f"Letter of {n}",
        filename=f"letter-{n}.txt",
        sha256=f"{n:064d}",
        media_type="text/plain",
        text="x" * 100,
    )
    letter = Letter.objects.create(document=doc, date="2025-01-02")
    say = lambda kind, **fact: Statement.objects.create(  # noqa: E731
        document=doc, kind=kind, start=n, end=n + 5, quote="xxxxx", **fact
    )
    say("letter", letter=letter)
    for k in range(n):
        say(
            "sender",
            party=LetterParty.objects.create(letter=letter, role="sender", name=f"Member {k}", position=k),
        )
        say("recipient", party=LetterParty.objects.create(letter=letter, role="recipient", name=f"Envoy {k}"))
        say("ask", ask=Ask.objects.create(letter=letter, text=f"Ask {k}", position=k))
        say(
            "reference",
            reference=LetterReference.objects.create(letter=letter, date="2024", summary=f"Ref {k}"),
        )
        say("commitment", commitment=Commitment.objects.create(letter=letter, what=f"Promise {k}"))
        say("outcome", outcome=Outcome.objects.create(letter=letter, text=f"Outcome {k}"))
    return letter


def _queries(client: Client, url: str) -> int:
    client.get(url)
    shared._kept.clear()
    shared._kept_records.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["/letters/{}/", "/api/letters/{}"])
@pytest.mark.parametrize("who", ["viewer", "granted"])
def test_a_letter_costs_the_same_queries_however_many_parts_it_has(record, route: str, who: str):
    client = record[who]
    one, many = _letter_of(1), _letter_of(30)
    few = _queries(client, route.format(one.pk))
    assert _queries(client, route.format(many.pk)) == few
    body = client.get(route.format(many.pk)).content.decode()
    assert "Member 29" in body and "Promise 29" in body and "Outcome 29" in body


def test_the_letter_page_reads_its_statements_in_one_query(record):
    letter = _letter_of(5)
    with CaptureQueriesContext(connection) as queries:
        got = Reader.for_user(make_user("val", "viewer")).letter_record(letter.pk, evidence=False)
    assert got is not None
    statements = [q["sql"] for q in queries.captured_queries if 'FROM "knowledge_statement"' in q["sql"]]
    assert len(statements) == 1, statements
    assert [len(p.live_statements()) for p in got.letter.parties.all()] == [1] * 10
    assert len(got.letter.live_statements()) == 1
