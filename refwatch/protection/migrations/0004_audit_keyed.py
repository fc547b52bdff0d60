"""Re-chain the existing audit entries with the audit key (HMAC), once.

Why a data migration rather than a verify() that accepts an unkeyed prefix up to a recorded
switch point: the switch point would be one more value in the database, and whoever can write the
database could move it past the end and re-chain the whole log with plain SHA-256. After this
migration there is one rule, every entry keyed, and nothing in the database says otherwise.

Re-chaining must not launder earlier tampering: the unkeyed chain is checked first, and the
entry this migration appends ("audit_keyed") says how many entries were re-chained, the unkeyed
head, and whether that chain was intact or where it broke, under the key like every other entry.

It needs the master key only when there are entries (a new database has none).
"""

import importlib

from django.db import migrations
from django.utils import timezone


def _unkeyed_problem(entries, head):
    from refwatch.protection.audit import GENESIS, unkeyed_hash

    prev = GENESIS
    for expected, entry in enumerate(entries, 1):
        if entry.seq != expected:
            return f"entry #{expected} was missing (next was #{entry.seq})"
        if entry.prev_hash != prev:
            return f"entry #{entry.seq} did not follow the entry before it"
        if unkeyed_hash(prev, entry) != entry.hash:
            return f"entry #{entry.seq} had been changed after it was written"
        prev = entry.hash
    if head is not None and (head.seq != len(entries) or head.hash != prev):
        return f"the log ended at entry #{len(entries)} but entry #{head.seq} had been written"
    return ""


def _set_triggers(schema_editor, on: bool) -> None:
    """Drop the append-only triggers of migration 0002 for the re-chaining, then make them again."""
    append_only = importlib.import_module("refwatch.protection.migrations.0002_audit_append_only")
    vendor = schema_editor.connection.vendor
    create, drop = {
        "sqlite": (append_only.SQLITE, append_only.SQLITE_DROP),
        "postgresql": (append_only.POSTGRES, append_only.POSTGRES_DROP),
    }.get(vendor, ([], []))
    for sql in create if on else drop:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    from refwatch.protection.audit import GENESIS, entry_hash

    AuditEntry = apps.get_model("protection", "AuditEntry")
    AuditHead = apps.get_model("protection", "AuditHead")
    entries = list(AuditEntry.objects.order_by("seq"))
    if not entries:
        return
    head = AuditHead.objects.filter(pk=1).first()
    problem = _unkeyed_problem(entries, head)
    unkeyed_head = entries[-1].hash
    _set_triggers(schema_editor, on=False)
    prev = GENESIS
    for entry in entries:
        entry.prev_hash = prev
        entry.hash = entry_hash(prev, entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash
    _set_triggers(schema_editor, on=True)
    marker = AuditEntry(
        seq=entries[-1].seq + 1,
        at=timezone.now(),
        actor_id=None,
        actor="migration:0004_audit_keyed",
        action="audit_keyed",
        target_type="",
        target_id="",
        ip="",
        detail={"entries": len(entries), "unkeyed_head": unkeyed_head, "unkeyed_chain": problem or "intact"},
        prev_hash=prev,
    )
    marker.hash = entry_hash(prev, marker)
    marker.save()
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": marker.seq, "hash": marker.hash})


class Migration(migrations.Migration):
    dependencies = [("protection", "0003_person_details_sealed_consent")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
