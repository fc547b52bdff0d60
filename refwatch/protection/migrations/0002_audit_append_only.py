"""The database itself refuses to change audit entries (SQLite and PostgreSQL).

Deletion is not blocked: the test runner's flush empties tables with DELETE on SQLite; a removed
entry is found by `refwatch audit verify` (a gap in the numbers, or a log shorter than its head).

The hash chain shows tampering after the fact; these triggers stop it through the application's
own database connection. Someone with full control of the database can drop them, and then the
chain still shows what they changed.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS protection_auditentry_no_update BEFORE UPDATE ON protection_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS protection_auditentry_no_update",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION protection_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER protection_auditentry_no_change BEFORE UPDATE ON protection_auditentry
       FOR EACH ROW EXECUTE FUNCTION protection_audit_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS protection_auditentry_no_change ON protection_auditentry",
    "DROP FUNCTION IF EXISTS protection_audit_append_only()",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("protection", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
