"""The count of committed changes of the record on PostgreSQL (refwatch.knowledge.record_changes):
its table and the function its triggers run; the triggers are put on the record's tables after
every migrate, from the models installed then. Nothing on SQLite, whose token is its own."""

from django.db import migrations

from refwatch.knowledge import record_changes


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in record_changes.SCHEMA:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in record_changes.DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0020_worker_beats")]
    operations = [migrations.RunPython(forwards, backwards)]
