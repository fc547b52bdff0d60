"""The audit log: entries chained by hash, tampering found by `refwatch audit verify`, the admin page."""

from __future__ import annotations

import itertools

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from typer.testing import CliRunner

from refwatch.accounts import service
from refwatch.cli import app
from refwatch.knowledge.access import ADMIN, ANALYST, PROTECTION_OFFICER
from refwatch.protection import audit, crypto, names
from refwatch.protection.models import AuditEntry, Person

PASSWORD = "correct horse battery staple 9"


@pytest.fixture(autouse=True)
def fresh_key_state(tmp_path, settings, monkeypatch):
    monkeypatch.delenv("REFWATCH_MASTER_KEY", raising=False)
    settings.REFWATCH_KEY_FILE = tmp_path / "keys" / "master.key"
    crypto.reset_caches()
    names.invalidate()
    yield
    crypto.reset_caches()
    names.invalidate()


def some_entries(n: int = 4) -> list[AuditEntry]:
    user, _ = service.create_user("ada", ADMIN, password=PASSWORD)
    return [audit.record(user, "export", f"brief-{i}", fmt="csv", rows=i) for i in range(n)]


def drop_protection_triggers() -> None:
    """What an attacker with full control of the database would do first."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("DROP TRIGGER IF EXISTS protection_auditentry_no_change ON protection_auditentry")
        else:
            cur.execute("DROP TRIGGER IF EXISTS protection_auditentry_no_update")


def run_verify() -> tuple[int, str]:
    out = CliRunner().invoke(app, ["audit", "verify"])
    return out.exit_code, out.output


@pytest.mark.django_db
def test_entries_are_chained():
    entries = some_entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    assert audit.verify() == (4, None)


@pytest.mark.django_db(transaction=True)
def test_verify_command_passes_on_an_intact_log():
    some_entries()
    code, output = run_verify()
    assert code == 0 and "intact: 4 entries" in output


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_changes_to_the_log():
    some_entries()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE protection_auditentry SET actor = 'x' WHERE seq = 2")
    assert audit.verify() == (4, None)


@pytest.mark.django_db(transaction=True)
def test_editing_the_table_directly_breaks_verify():
    some_entries()
    drop_protection_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE protection_auditentry SET actor = 'someone else' WHERE seq = 2")
    code, output = run_verify()
    assert code == 1 and "entry #2 was changed" in output


@pytest.mark.django_db(transaction=True)
def test_rehashing_one_entry_still_breaks_the_chain():
    """A forger who recomputes the hash of the entry they changed breaks the next link."""
    entries = some_entries()
    forged = AuditEntry.objects.get(seq=3)
    forged.detail = {"fmt": "pdf", "rows": 2}
    new_hash = audit.entry_hash(entries[1].hash, forged)
    drop_protection_triggers()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE protection_auditentry SET detail = %s, hash = %s WHERE seq = 3",
            ['{"fmt": "pdf", "rows": 2}', new_hash],
        )
    code, output = run_verify()
    assert code == 1 and "entry #4 does not follow" in output


@pytest.mark.django_db(transaction=True)
def test_deleting_entries_breaks_verify():
    some_entries()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM protection_auditentry WHERE seq = 4")
    code, output = run_verify()
    assert code == 1 and "entries were removed" in output
    with connection.cursor() as cur:
        cur.execute("DELETE FROM protection_auditentry WHERE seq = 2")
    code, output = run_verify()
    assert code == 1 and "entry #2 is missing" in output


@pytest.mark.django_db
def test_entries_cannot_be_changed_through_the_orm():
    entry = some_entries(1)[0]
    entry.action = "nothing"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.django_db
def test_detail_never_holds_a_protected_name():
    person = Person(name_romanised="Han Song-i", name_korean="한송이")
    person.save()
    entry = audit.record(None, "search", None, query="where is Han Song-i now", words=["한송이", 3])
    assert "Han Song-i" not in str(entry.detail) and "한송이" not in str(entry.detail)
    assert person.pseudonym in entry.detail["query"]
    assert audit.verify()[1] is None


@pytest.mark.django_db
def test_audit_page_is_for_admins_and_filters(client):
    some_entries(3)
    officer, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    audit.record(officer, "read_person", "7")
    client.force_login(service.get_user("ada"))
    r = client.get(reverse("protection:audit_list"))
    assert r.status_code == 200 and r.content.decode().count("<tr><td>") == 4
    r = client.get(reverse("protection:audit_list"), {"action": "read_person"})
    body = r.content.decode()
    assert body.count("<tr><td>") == 1 and "pia" in body
    r = client.get(reverse("protection:audit_list"), {"actor": "ada", "since": "2000-01-01"})
    assert r.content.decode().count("<tr><td>") == 3

    for role, name in ((ANALYST, "ana"), (PROTECTION_OFFICER, "pio")):
        user, _ = service.create_user(name, role, password=PASSWORD)
        client.force_login(user)
        r = client.get(reverse("protection:audit_list"))
        assert r.status_code == 403 and "pia" not in r.content.decode()
