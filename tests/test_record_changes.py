"""The token of the record on PostgreSQL (refwatch.knowledge.record_changes): it moves with every
committed write of the record, however and wherever written, at its commit and not before, and
with nothing else: a search, an audited read, a login, an API call, a worker's beat. A page kept
under it shows a change at once. Run by scripts/test-postgres; on SQLite only the list of the
record's tables is checked here (the SQLite token: tests/test_shared.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from refwatch.accounts import tokens
from refwatch.knowledge import record_changes, store, workers
from refwatch.knowledge.models import Document, Incident, PassagePlace, ReviewEvent, Statement
from refwatch.knowledge.record_tables import NOT_THE_RECORD, record_tables
from refwatch.knowledge.review import review
from refwatch.knowledge.state import record_state
from refwatch.protection.models import AuditEntry
from tests.conftest import PASSWORD, _client_for, make_user
from tests.test_shared import add, incidents_shown

# Outside a test's transaction: the token is only known between transactions.
pytestmark = pytest.mark.django_db(transaction=True)
postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL token")

ROOT = Path(__file__).resolve().parents[1]
# A worker of another process: Django of its own, an update no signal of this process sees.
HIDE_ALL = """
from refwatch.cli.common import setup_django
setup_django(check_key=False)
from refwatch.knowledge.models import Incident
print(Incident.objects.update(hidden=True))
"""


def test_the_bookkeeping_names_installed_models_and_their_columns():
    for label, columns in NOT_THE_RECORD.items():
        model = apps.get_model(label)
        if columns is not None:
            assert columns <= {f.column for f in model._meta.local_concrete_fields}, label
    tables = {t.name for t in record_tables()}
    assert {"knowledge_document", "knowledge_statement", "knowledge_incident", "protection_person"} <= tables
    assert {"django_session", "protection_auditentry", "knowledge_workerbeat"}.isdisjoint(tables)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its own token")
def test_sqlite_has_no_counter():
    assert record_changes.COUNTER not in connection.introspection.table_names()


@postgres
def test_each_table_of_the_record_has_its_trigger_and_no_other_table_one():
    wanted = {t.name: {record_changes.trigger_sql(connection, t)[0]} for t in record_tables()}
    assert record_changes.installed(connection) == wanted
    assert record_changes.install_triggers(connection) == 0
    # One lost, and one put where it does not belong: the next migrate puts them right.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {next(iter(wanted['knowledge_statement']))} ON knowledge_statement")
        cursor.execute(
            "CREATE TRIGGER refwatch_record_changed_stray AFTER INSERT ON django_session "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {record_changes.FUNCTION}()"
        )
    assert record_changes.install_triggers(connection) == 2
    assert record_changes.installed(connection) == wanted


@postgres
def test_a_search_an_audited_read_a_login_an_api_call_and_a_beat_leave_the_token(tmp_path, viewer):
    secret = add(tmp_path, "a.txt", 600, visibility="confidential")
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    officer = _client_for(make_user("pia", "protection_officer"))
    key = tokens.issue(viewer, "script")[1]
    before = record_state()
    reads = AuditEntry.objects.filter(action="read_confidential", target_id=str(secret.pk))

    assert len(_client_for(viewer).get("/search/?q=Dandong").context["hits"]) == 1
    assert len(officer.get("/search/?q=Dandong").context["hits"]) == 2
    assert officer.get(reverse("web:document", args=[secret.pk])).status_code == 200
    assert reads.count() == 2  # both reads of the sealed document were audited
    assert officer.get("/").status_code == 200

    signed_in = Client()
    answer = signed_in.post(reverse("accounts:login"), {"username": "vera", "password": PASSWORD})
    assert answer.status_code == 302 and signed_in.session["_auth_user_id"] == str(viewer.pk)
    assert signed_in.get("/").status_code == 200

    answer = Client().get("/api/incidents", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200
    workers.beat("host:1:test")
    assert record_state() == before


@postgres
def test_every_kind_of_write_of_the_record_moves_the_token(tmp_path, viewer):
    def moves(write) -> None:
        before = record_state()
        write()
        after = record_state()
        assert after is not None and after != before, write

    doc = add(tmp_path, "a.txt", 600)  # an insert: the document, its statements and facts
    statement = Statement.objects.filter(document=doc).first()
    moves(lambda: add(tmp_path, "b.txt", 35, day="April 2, 2024"))
    moves(lambda: review(statement, "accepted", by=viewer))
    moves(lambda: Incident.objects.update(hidden=False))  # a queryset update that no signal sees
    moves(lambda: ReviewEvent.objects.filter(statement=statement).delete())
    moves(lambda: store.set_visibility(doc, "confidential"))

    def raw(sql: str):
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

        return run

    moves(raw("UPDATE knowledge_document SET title = 'Changed behind the ORM'"))
    moves(raw("DELETE FROM knowledge_passageplace"))
    moves(raw("TRUNCATE knowledge_passageplace"))
    assert not PassagePlace.objects.exists()
    # A table written by signing in counts for what a page may show (a name), not for the time.
    moves(lambda: type(viewer).objects.filter(pk=viewer.pk).update(first_name="Vera"))
    token = tokens.issue(viewer, "script")[0]
    before = record_state()
    type(token).objects.filter(pk=token.pk).update(last_used_at="2025-01-01T00:00:00Z")
    assert record_state() == before


@postgres
def test_a_change_counts_at_its_commit_not_before_and_not_when_rolled_back(tmp_path):
    add(tmp_path, "a.txt", 600)
    other = connections.create_connection("default")
    try:
        other.ensure_connection()
        before = record_state()
        with other.connection.transaction():
            other.connection.execute("UPDATE knowledge_incident SET hidden = true")
            assert record_state() == before  # not committed: the pages still show what they did
        committed = record_state()
        assert committed != before

        with pytest.raises(RuntimeError), transaction.atomic():
            Incident.objects.update(hidden=False)
            raise RuntimeError("rolled back")
        assert record_state() == committed

        # A savepoint rolled back takes its count with it; a write after it counts again.
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():
                Incident.objects.update(hidden=False)
                raise RuntimeError("rolled back to the savepoint")
            Document.objects.update(title="After the savepoint")
        assert record_state() not in (None, committed)
    finally:
        other.close()


@postgres
def test_two_transactions_writing_the_record_at_once_never_wait_for_each_other(tmp_path):
    add(tmp_path, "a.txt", 600)
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    first, second = connections.create_connection("default"), connections.create_connection("default")
    try:
        before = record_state()
        for c in (first, second):
            c.ensure_connection()
        with first.connection.transaction(), second.connection.transaction():
            for c in (first, second):
                c.connection.execute("SET LOCAL lock_timeout = '2s'")
            # Rows of their own, in the same tables: only the counter could make one wait.
            first.connection.execute(
                "UPDATE knowledge_document SET title = 'first' WHERE id = (SELECT MIN(id) FROM knowledge_document)"
            )
            second.connection.execute(
                "UPDATE knowledge_document SET title = 'second' WHERE id = (SELECT MAX(id) FROM knowledge_document)"
            )
            first.connection.execute(
                "UPDATE knowledge_incident SET hidden = false WHERE id = (SELECT MIN(id) FROM knowledge_incident)"
            )
            second.connection.execute(
                "UPDATE knowledge_incident SET hidden = false WHERE id = (SELECT MAX(id) FROM knowledge_incident)"
            )
        after = record_state()
        assert after is not None and int(after.rsplit(":", 1)[1]) == int(before.rsplit(":", 1)[1]) + 2
    finally:
        first.close()
        second.close()


@postgres
def test_a_kept_page_shows_a_write_from_another_process_at_once(tmp_path, viewer):
    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    shown, cold = incidents_shown(client)
    again, warm = incidents_shown(client)
    assert again == shown == 1 and warm < cold
    # What this process did since (a search, a login) kept the page.
    assert client.get("/search/?q=Dandong").status_code == 200
    Client().post(reverse("accounts:login"), {"username": "vera", "password": PASSWORD})
    assert incidents_shown(client)[1] == warm

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{connection.settings_dict['NAME']}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", HIDE_ALL], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr
    assert incidents_shown(client)[0] == 0

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as other:
        other.execute("UPDATE knowledge_incident SET hidden = false")
    assert incidents_shown(client)[0] == 1
