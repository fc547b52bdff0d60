"""The days each letter's date can be drawn over (refwatch.knowledge.drawn), kept by Letter.save()
from now on and filled here for the letters stored, by the same rule in SQL, in one UPDATE. The
index an overview reads the letters from (0023) holds them too, in place of the one without them.

Backwards drops them, and the index of 0023 comes back."""

from django.db import migrations, models

from refwatch.knowledge.drawn import filling


def fill(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(filling(quote("knowledge_letter"), quote("date"), schema_editor.connection.vendor))


def _drawn() -> models.CharField:
    return models.CharField(blank=True, editable=False, max_length=10, null=True)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0025_incident_drawn_dates"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="letter", name="knowledge_letter_dated"),
        migrations.AddField(model_name="letter", name="drawn_start", field=_drawn()),
        migrations.AddField(model_name="letter", name="drawn_end", field=_drawn()),
        migrations.AddField(model_name="letter", name="drawn_period", field=_drawn()),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(
                fields=[
                    "same_as",
                    "hidden",
                    "visibility",
                    "date",
                    "drawn_period",
                    "drawn_start",
                    "drawn_end",
                ],
                name="knowledge_letter_drawn",
            ),
        ),
    ]
