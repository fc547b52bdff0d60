"""The places an incident's statements name, each with the visibility of the most open of them
(refwatch.knowledge.merge.places_of). Incidents stored before are given theirs when their
documents are read again (refwatch.knowledge.reextract): their statements' records hold none yet."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0011_uploads")]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="places",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
