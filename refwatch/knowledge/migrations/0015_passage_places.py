"""The places each passage of the search index names, for the search's place facet; the passages
already indexed get theirs here."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def _places_of_stored(apps: Any, schema_editor: Any) -> None:
    from refwatch.knowledge.search import places_in

    passage = apps.get_model("knowledge", "Passage")
    place = apps.get_model("knowledge", "PassagePlace")
    batch: list[Any] = []
    for pk, text in passage.objects.values_list("pk", "text").iterator(chunk_size=2000):
        batch.extend(place(passage_id=pk, place=name) for name in places_in(text))
        if len(batch) >= 5000:
            place.objects.bulk_create(batch)
            batch = []
    place.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0014_scale_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PassagePlace",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("place", models.CharField(max_length=80)),
                (
                    "passage",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="places",
                        to="knowledge.passage",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["place", "passage"], name="knowledge_passage_place")],
            },
        ),
        migrations.RunPython(_places_of_stored, migrations.RunPython.noop),
    ]
