"""New documents may reach the pages kept for many readers late, within a bound; nothing else may
(refwatch.web.shared, settings.REFWATCH_NEW_DOCUMENTS_DELAY): a review, a seal, a protected name
or a grant shows at the next request, so that a user's own write shows at their next read; a page
is never served to a role it was not computed for; and a new document shows once the delay has
passed since the state served was last read as current. The counts behind it: the strict token of
refwatch.knowledge.record_changes (PostgreSQL; on SQLite every change is strict). Run by
scripts/test-postgres; on SQLite only the last test runs.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from refwatch.knowledge import record_changes, store
from refwatch.knowledge.access import grant
from refwatch.knowledge.models import Incident, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.record_tables import record_tables
from refwatch.knowledge.review import review
from refwatch.knowledge.state import record_states
from refwatch.protection.names import protect_names
from refwatch.web import shared
from tests.conftest import _client_for, make_user
from tests.test_shared import add, incidents_shown, shown

pytestmark = pytest.mark.django_db(transaction=True)
postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL strict token")

DELAY = 60.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def late(settings, monkeypatch) -> Clock:
    """The delay of a deployment, on a clock the test moves; no state served yet."""
    settings.REFWATCH_NEW_DOCUMENTS_DELAY = DELAY
    clock = Clock()
    monkeypatch.setattr(shared, "_clock", clock)
    monkeypatch.setattr(shared, "_served", None)
    return clock


def moved(write) -> tuple[bool, bool]:
    """Whether `write()` moved the token of every change, and the strict one."""
    before = record_states()
    write()
    after = record_states()
    assert before is not None and after is not None
    return after[0] != before[0], after[1] != before[1]


@postgres
def test_a_new_document_is_no_strict_change_and_anything_else_is(tmp_path, viewer, analyst):
    doc = add(tmp_path, "a.txt", 600)
    assert moved(lambda: add(tmp_path, "b.txt", 35, day="April 2, 2024")) == (True, False)
    # A confidential one protects the names it holds first: strict.
    sealed_one = lambda: add(tmp_path, "c.txt", 12, visibility="confidential", day="May 1, 2022")  # noqa: E731
    assert moved(sealed_one) == (True, True)
    statement = Statement.objects.filter(document=doc, kind="repatriation").first()
    assert moved(lambda: review(statement, Review.ACCEPTED, by=analyst)) == (True, True)
    assert moved(lambda: store.set_visibility(doc, "confidential")) == (True, True)
    assert moved(lambda: protect_names(["David Perdue"])) == (True, True)
    assert moved(lambda: grant(doc, user=viewer)) == (True, True)
    assert moved(lambda: Incident.objects.update(hidden=False)) == (True, True)

    # A transaction that said it adds documents but writes a person, or a grant, is strict all the
    # same (the tables' triggers decide, not what the transaction said), even after a write that
    # counted it as a new document.
    def said_new_documents_then(write):
        def run() -> None:
            with transaction.atomic():
                record_changes.new_documents_only(connection)
                Incident.objects.filter(pk=-1).update(hidden=True)  # fires the trigger, no row
                write()

        return run

    assert moved(said_new_documents_then(lambda: None)) == (True, False)
    assert moved(said_new_documents_then(lambda: protect_names(["Xi Jinping"]))) == (True, True)
    assert moved(said_new_documents_then(lambda: grant(doc, user=analyst))) == (True, True)

    def strict_again_then_a_write() -> None:
        record_changes.strict_again(connection)
        Incident.objects.update(hidden=False)

    # And what comes after store.add in the same transaction is strict again.
    assert moved(said_new_documents_then(strict_again_then_a_write)) == (True, True)


@postgres
def test_only_the_tables_a_new_document_writes_carry_the_argument():
    by_name = {t.name: t for t in record_tables()}
    assert by_name["knowledge_statement"].new_documents and by_name["knowledge_document"].new_documents
    for name in ("accounts_recordgrant", "protection_person", "protection_namedigest", "auth_user_groups"):
        assert not by_name[name].new_documents, name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgfoid = to_regproc(%s)::oid",
            [record_changes.FUNCTION],
        )
        defs = dict(cursor.fetchall())
    assert "'new-documents'" in defs["knowledge_statement"]
    assert "'new-documents'" not in defs["protection_person"]
    assert "'new-documents'" not in defs["accounts_recordgrant"]


@postgres
def test_a_new_document_shows_within_the_delay_and_not_later(tmp_path, viewer, late):
    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    assert incidents_shown(client)[0] == 1
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    late.now += DELAY - 1
    # Served late: what was kept under the state read before (without the change: 2).
    assert incidents_shown(client)[0] == 1
    late.now += 2
    assert incidents_shown(client)[0] == 2
    # The bound runs from the last time the state served was read as current, not from the
    # first request after a change: a process idle for longer than the delay serves anew.
    late.now += 10 * DELAY
    add(tmp_path, "c.txt", 7, day="June 3, 2021")
    assert incidents_shown(client)[0] == 3


@postgres
def test_a_strict_change_shows_at_once_while_new_documents_wait(
    tmp_path, viewer, protection_officer, seed_letters, late
):
    viewers = _client_for(viewer)
    sealed = add(tmp_path, "a.txt", 600, day="June 14, 2022")
    first = incidents_shown(viewers)[0]
    add(tmp_path, "b.txt", 35, day="March 2, 2022")
    assert incidents_shown(viewers)[0] == first  # late
    # A seal: the viewer's next page is computed anew (and shows the new document as well).
    store.set_visibility(sealed, "confidential")
    page = shown(viewers)
    assert page["counts"]["incidents"] == first
    assert Incident.objects.get(date_start="2022-06-14").pk not in [i[0] for i in page["incidents"]]
    assert Incident.objects.get(date_start="2022-03-02").pk in [i[0] for i in page["incidents"]]
    # A name protected since: gone from the viewer's page at once.
    assert "Perdue" in shown(viewers)["html"]
    add(tmp_path, "c.txt", 7, day="June 3, 2021")
    protect_names(["David Perdue"])
    assert "Perdue" not in shown(viewers)["html"]
    # Who may see the name still does, on a page of their own.
    assert "Perdue" in shown(_client_for(protection_officer))["html"]


@postgres
def test_a_user_s_own_review_shows_at_their_next_read_while_new_documents_wait(tmp_path, analyst, late):
    analysts = _client_for(analyst)
    doc = add(tmp_path, "a.txt", 600)
    assert shown(analysts)["counts"]["verified_incidents"] == 0
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    assert shown(analysts)["counts"]["incidents"] == 1  # late
    st = Statement.objects.get(document=doc, kind="repatriation")
    answer = analysts.post(
        f"/api/statements/{st.pk}/review",
        data=json.dumps({"state": "accepted"}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content[:300]
    after = shown(analysts)
    assert after["counts"]["verified_incidents"] == 1
    assert after["counts"]["incidents"] == 2


@postgres
def test_a_viewer_never_gets_a_page_computed_for_another_role_while_served_late(
    tmp_path, viewer, analyst, protection_officer, late
):
    add(tmp_path, "a.txt", 600)
    secret = add(tmp_path, "b.txt", 37, visibility="confidential", day="June 14, 2022")
    hidden = Incident.objects.get(date_start="2022-06-14")
    viewers, analysts, officers = (_client_for(u) for u in (viewer, analyst, protection_officer))
    granted = make_user("gina", "viewer")
    grant(secret, user=granted)
    granteds = _client_for(granted)
    for _ in range(2):
        # Each role asks first in turn, the officer (who sees the sealed incident) before the others,
        # then a new document keeps every page under the state served.
        officer = shown(officers)
        assert hidden.pk in [i[0] for i in officer["incidents"]]
        assert hidden.pk in [i[0] for i in shown(granteds)["incidents"]]  # a page of her own
        for client in (viewers, analysts):
            page = shown(client)
            assert hidden.pk not in [i[0] for i in page["incidents"]] and secret.pk not in page["recent"]
            assert page["counts"]["incidents"] == officer["counts"]["incidents"] - 1
        add(tmp_path, f"n{_}.txt", 3 + _, day=f"March {2 + _}, 2020")
    assert shared.role_key(Reader.for_user(viewer)) != shared.role_key(Reader.for_user(analyst))


def test_every_change_shows_at_once_where_there_is_no_strict_token(tmp_path, viewer, late):
    """On SQLite (and any database without the count) both tokens are the same: nothing waits."""
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's token")
    states = record_states()
    assert states is not None and states[0] == states[1]
    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    assert incidents_shown(client)[0] == 1
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    assert incidents_shown(client)[0] == 2
