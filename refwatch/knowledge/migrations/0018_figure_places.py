"""The places of the gazetteer a figure's statements name (refwatch.knowledge.places), kept on
each statement and, with the visibility of the most open statement naming it, on the figure.

The figures stored before get theirs here from the documents that are not confidential, whose
text is in clear; a confidential document's text is not opened by a migration (the key may be
kept elsewhere): its figures get their places when it is read again (`refwatch reextract`)."""

from typing import Any

from django.db import migrations, models

import refwatch.knowledge.fields
from refwatch.knowledge.models import VISIBILITY_ORDER
from refwatch.knowledge.places import PLACED_KINDS, places_at


def fill(apps: Any, schema_editor: Any) -> None:
    statement_model = apps.get_model("knowledge", "Statement")
    figure_model = apps.get_model("knowledge", "Figure")
    document_model = apps.get_model("knowledge", "Document")
    rows = (
        statement_model.objects.filter(kind__in=PLACED_KINDS, figure__isnull=False)
        .exclude(visibility="confidential")
        .exclude(document__visibility="confidential")
        .order_by("document_id", "start", "pk")
        .values_list("pk", "document_id", "start", "end", "figure_id", "visibility", "review")
    )
    texts: dict[int, str] = {}
    found: list[Any] = []
    figures: dict[int, dict[str, str]] = {}
    for pk, document_id, start, end, figure_id, visibility, review in rows.iterator(chunk_size=2000):
        if document_id not in texts:
            texts.clear()  # one document at a time: the rows come in its order
            texts[document_id] = (
                document_model.objects.filter(pk=document_id).values_list("text", flat=True).first() or ""
            )
        names = places_at(texts[document_id], start, end)
        if not names:
            continue
        found.append(statement_model(pk=pk, places=names))
        if review != "rejected":
            named = figures.setdefault(figure_id, {})
            for name in names:
                named[name] = min(named.get(name, visibility), visibility, key=VISIBILITY_ORDER.index)
    statement_model.objects.bulk_update(found, ["places"], batch_size=500)
    figure_model.objects.bulk_update(
        [figure_model(pk=pk, places=named) for pk, named in figures.items()], ["places"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0017_incident_open_ranges"),
    ]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="places",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="statement",
            name="places",
            field=refwatch.knowledge.fields.SealedJSONField(blank=True, default=list),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
