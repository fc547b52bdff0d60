"""The days each document's date (else the day it was published) can be drawn over
(refwatch.knowledge.drawn), kept by Document.save() from now on and filled here for the documents
stored, by the same rule in SQL, in one UPDATE. The index an overview reads the statements from
holds them too, in place of the one without them.

Backwards drops them, and the index without them comes back."""

from django.db import migrations, models

from refwatch.knowledge.drawn import filling


def fill(apps, schema_editor):
    quote = schema_editor.quote_name
    date = f"COALESCE(NULLIF({quote('doc_date')}, ''), {quote('published')})"
    schema_editor.execute(filling(quote("knowledge_document"), date, schema_editor.connection.vendor))


def _drawn() -> models.CharField:
    return models.CharField(blank=True, editable=False, max_length=10, null=True)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0026_letter_drawn_dates"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="document", name="knowledge_document_dated"),
        migrations.AddField(model_name="document", name="drawn_start", field=_drawn()),
        migrations.AddField(model_name="document", name="drawn_end", field=_drawn()),
        migrations.AddField(model_name="document", name="drawn_period", field=_drawn()),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=[
                    "doc_type",
                    "visibility",
                    "doc_date",
                    "published",
                    "drawn_period",
                    "drawn_start",
                    "drawn_end",
                ],
                name="knowledge_document_drawn",
            ),
        ),
    ]
