"""RecordGrant now belongs to refwatch.knowledge (its migration 0008 takes the table as it is)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token"),
        ("knowledge", "0008_record_grant"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RecordGrant")],
            database_operations=[],
        ),
    ]
