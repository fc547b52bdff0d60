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
from refwatch.protection.models import AuditEntry, AuditHead, Person

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


# --- the keyed chain, its anchor, and the migration from the unkeyed chain ------------------


def entries_with_reads() -> list[AuditEntry]:
    user, _ = service.create_user("ada", ADMIN, password=PASSWORD)
    actions = ["login", "read_person", "download", "change_person", "export", "read_confidential", "login"]
    return [audit.record(user, action, f"record-{i}") for i, action in enumerate(actions)]


def rewrite_log(keep, chain) -> None:
    """What someone who can write the database does: drop the triggers, keep the entries they like,
    number them again from 1, chain them with `chain(prev, entry)`, and set the head to match."""
    kept = [e for e in AuditEntry.objects.order_by("seq") if keep(e)]
    drop_protection_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM protection_auditentry")
    prev = audit.GENESIS
    for seq, old in enumerate(kept, 1):
        forged = AuditEntry(
            seq=seq,
            at=old.at,
            actor_id=old.actor_id,
            actor=old.actor,
            action=old.action,
            target_type=old.target_type,
            target_id=old.target_id,
            ip=old.ip,
            detail=old.detail,
            prev_hash=prev,
        )
        forged.hash = chain(prev, forged)
        forged.save()
        prev = forged.hash
    AuditHead.objects.filter(pk=1).update(seq=len(kept), hash=prev)


def not_a_read(entry: AuditEntry) -> bool:
    return entry.action not in ("read_person", "download", "export", "read_confidential")


@pytest.mark.django_db(transaction=True)
def test_deleting_reads_and_recomputing_the_sha256_chain_fails_verify():
    entries_with_reads()
    anchored = CliRunner().invoke(app, ["audit", "anchor"])
    assert anchored.exit_code == 0, anchored.output
    head = anchored.output.strip()
    assert head == f"7:{AuditEntry.objects.get(seq=7).hash}"
    assert run_verify()[0] == 0
    assert CliRunner().invoke(app, ["audit", "verify", "--anchor", head]).exit_code == 0

    rewrite_log(not_a_read, audit.unkeyed_hash)  # no key: the old chain, recomputed
    assert AuditEntry.objects.count() == 3 and AuditHead.objects.get().seq == 3
    code, output = run_verify()
    assert code == 1 and "entry #1 was changed after it was written" in output
    out = CliRunner().invoke(app, ["audit", "verify", "--anchor", head])
    assert out.exit_code == 1 and "BROKEN" in out.output


@pytest.mark.django_db(transaction=True)
def test_the_anchor_catches_a_rewrite_even_with_the_key():
    """Someone who also holds the master key can re-chain with the audit key; the anchor kept
    elsewhere still shows that the log up to it is not the one anchored."""
    entries_with_reads()
    head = str(audit.anchor())
    audit.record(None, "login", "later", actor="cli:someone")
    rewrite_log(not_a_read, audit.entry_hash)
    assert audit.verify() == (4, None)  # the key alone cannot tell
    _count, problem = audit.verify(audit.Anchor.parse(head))
    assert problem is not None and "before the anchored entry #7" in problem.message

    # Padded back to beyond the anchor with made-up entries, the anchored entry differs.
    for i in range(5):
        audit.record(None, "login", f"made-up-{i}", actor="cli:someone")
    assert audit.verify()[1] is None
    out = CliRunner().invoke(app, ["audit", "verify", "--anchor", head])
    assert (
        out.exit_code == 1
        and "entry #7 is not the one anchored: the log up to it was rewritten" in out.output
    )


@pytest.mark.django_db
def test_an_anchor_is_number_colon_hash():
    assert audit.Anchor.parse(f" 12:{'ab' * 32}\n") == audit.Anchor(12, "ab" * 32)
    for bad in ("12", "x:" + "ab" * 32, f"12:{'AB' * 32}", f"12:{'ab' * 31}"):
        with pytest.raises(ValueError, match="is not an audit anchor"):
            audit.Anchor.parse(bad)
    out = CliRunner().invoke(app, ["audit", "verify", "--anchor", "nonsense"])
    assert out.exit_code == 2 and "NUMBER:HASH" in out.output


@pytest.mark.django_db(transaction=True)
def test_the_audit_key_is_a_wrapped_data_key_and_its_loss_shows():
    entries_with_reads()
    from refwatch.protection.models import DataKey

    row = DataKey.objects.get(scope=audit.KEY_SCOPE)
    assert bytes(row.wrapped) != crypto.data_key(audit.KEY_SCOPE)[1]
    DataKey.objects.filter(scope=audit.KEY_SCOPE).delete()
    crypto.reset_caches()
    code, output = run_verify()
    assert code == 1 and "the audit key (data key 'audit') is missing" in output
    assert not DataKey.objects.filter(scope=audit.KEY_SCOPE).exists()  # verify never makes one


def migrate_to_keyed():
    import importlib

    from django.apps import apps

    module = importlib.import_module("refwatch.protection.migrations.0004_audit_keyed")
    with connection.schema_editor() as editor:
        module.forwards(apps, editor)


def write_unkeyed_log(n: int) -> None:
    """A log as the version before the key wrote it: a plain SHA-256 chain."""
    rewrite_log(lambda e: True, audit.unkeyed_hash)
    assert AuditEntry.objects.count() == n


@pytest.mark.django_db(transaction=True)
def test_migration_rechains_an_unkeyed_log_with_the_key():
    entries_with_reads()
    write_unkeyed_log(7)
    unkeyed_head = AuditEntry.objects.get(seq=7).hash
    assert "was changed" in audit.verify()[1].message
    migrate_to_keyed()
    assert audit.verify() == (8, None)
    marker = AuditEntry.objects.get(seq=8)
    assert marker.action == "audit_keyed"
    assert marker.detail == {"entries": 7, "unkeyed_head": unkeyed_head, "unkeyed_chain": "intact"}
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))[:3] == [
        "login",
        "read_person",
        "download",
    ]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE protection_auditentry SET actor = 'x' WHERE seq = 2")


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_evidence_of_earlier_tampering():
    entries_with_reads()
    write_unkeyed_log(7)
    with connection.cursor() as cur:
        cur.execute("UPDATE protection_auditentry SET actor = 'someone else' WHERE seq = 3")
    migrate_to_keyed()
    assert audit.verify() == (8, None)
    assert (
        AuditEntry.objects.get(seq=8).detail["unkeyed_chain"]
        == "entry #3 had been changed after it was written"
    )
