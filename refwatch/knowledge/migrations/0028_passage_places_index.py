"""The places of each passage of the search index, in an index of their own: a search's place facet
reads the places of the passages it matched from it alone (refwatch.knowledge.search)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0027_document_drawn_dates"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="passageplace",
            index=models.Index(fields=["passage", "place"], name="knowledge_passage_places"),
        ),
    ]
