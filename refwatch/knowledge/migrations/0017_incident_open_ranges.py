"""Each incident's summary of counts in documents that are not confidential (see
Incident.open_low), filled from its statements as they are; an index of documents by kind and
date for the overview, and one of statements by their span for search's facets."""

from typing import Any

from django.db import migrations, models

from refwatch.knowledge.ranges import open_ranges


def fill(apps: Any, schema_editor: Any) -> None:
    incident_model = apps.get_model("knowledge", "Incident")
    statement_model = apps.get_model("knowledge", "Statement")
    batch = []
    for row in open_ranges(statement_model.objects.all()).iterator():
        batch.append(
            incident_model(
                pk=row["incident_id"],
                open_low=row["low"],
                open_least=row["least"],
                open_high=row["high"],
                open_statements=row["n"],
            )
        )
    incident_model.objects.bulk_update(
        batch, ["open_low", "open_least", "open_high", "open_statements"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0016_watch_hosts_retries_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="open_high",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="incident",
            name="open_least",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="incident",
            name="open_low",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="incident",
            name="open_statements",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=["doc_type", "visibility", "doc_date", "published"], name="knowledge_document_dated"
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["ingested_at"], name="knowledge_document_ingested"),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                fields=["document", "start", "end", "review", "actor"], name="knowledge_statement_spans"
            ),
        ),
    ]
