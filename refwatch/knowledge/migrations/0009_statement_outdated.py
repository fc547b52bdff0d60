"""Statement.outdated: what a newer extractor reads where a person had already decided."""

from django.db import migrations

import refwatch.knowledge.fields


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0008_record_grant")]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="outdated",
            field=refwatch.knowledge.fields.SealedJSONField(blank=True, default=dict),
        ),
    ]
