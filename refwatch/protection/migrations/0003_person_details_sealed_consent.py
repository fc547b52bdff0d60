"""A person's contact and identity details as redaction keys; consent's "source" sealed.

Consent rows get a uid (each its own: added empty, filled, then made unique) to bind the sealed
source to its row, as every encrypted field is. A source already written in clear is sealed in
place, under the same associated data the field uses ("protection_consent.source:<uid>").
"""

import uuid

from django.db import migrations, models

import refwatch.protection.fields


def fill_uids(apps, schema_editor):
    Consent = apps.get_model("protection", "Consent")
    for row in Consent.objects.filter(uid__isnull=True):
        row.uid = uuid.uuid4()
        row.save(update_fields=["uid"])


def seal_sources(apps, schema_editor):
    import json

    from refwatch.protection import crypto

    Consent = apps.get_model("protection", "Consent")
    for row in Consent.objects.exclude(source_clear=""):
        sealed = crypto.seal(
            "person",
            json.dumps(row.source_clear, ensure_ascii=False).encode("utf-8"),
            f"protection_consent.source:{row.uid}",
        )
        Consent.objects.filter(pk=row.pk).update(source=sealed, source_clear="")


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0002_audit_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consent",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RenameField(model_name="consent", old_name="source", new_name="source_clear"),
        migrations.AddField(
            model_name="consent",
            name="source",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.RunPython(seal_sources, migrations.RunPython.noop),
        migrations.RemoveField(model_name="consent", name="source_clear"),
        migrations.AlterField(
            model_name="consent",
            name="source",
            field=refwatch.protection.fields.EncryptedField(blank=True, null=True, scope="person"),
        ),
        migrations.AddField(
            model_name="namedigest",
            name="kind",
            field=models.CharField(default="name", max_length=20),
        ),
        migrations.AddField(
            model_name="person",
            name="addresses",
            field=refwatch.protection.fields.EncryptedField(blank=True, null=True, scope="person"),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_date",
            field=refwatch.protection.fields.EncryptedField(blank=True, null=True, scope="person"),
        ),
        migrations.AddField(
            model_name="person",
            name="document_numbers",
            field=refwatch.protection.fields.EncryptedField(blank=True, null=True, scope="person"),
        ),
        migrations.AddField(
            model_name="person",
            name="documents",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="person",
            name="phones",
            field=refwatch.protection.fields.EncryptedField(blank=True, null=True, scope="person"),
        ),
    ]
