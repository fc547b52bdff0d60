"""The counter of committed changes (refwatch.knowledge.record_changes) counts apart the changes
that must show at once (`strict`: all but the adding of new documents), and its function takes
the argument of the tables a new document writes. The triggers themselves are put again after
the migrate (install_triggers), with that argument where it belongs.

Backwards leaves the column and the function: `commits` still counts every change, which is all
the token of the version before reads."""

from django.db import migrations

from refwatch.knowledge import record_changes


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in record_changes.SCHEMA:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0023_letter_dated_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
