"""The search index: passages of documents, and the database's own full-text index over them
(an FTS5 table kept in step by triggers on SQLite; a GIN index of their tsvector on PostgreSQL).
Documents already stored are indexed here (refwatch.knowledge.search.reindex)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE knowledge_passage_fts USING fts5(text, content='knowledge_passage', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER knowledge_passage_ai AFTER INSERT ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER knowledge_passage_ad AFTER DELETE ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(knowledge_passage_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER knowledge_passage_au AFTER UPDATE ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(knowledge_passage_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO knowledge_passage_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS knowledge_passage_ai",
    "DROP TRIGGER IF EXISTS knowledge_passage_ad",
    "DROP TRIGGER IF EXISTS knowledge_passage_au",
    "DROP TABLE IF EXISTS knowledge_passage_fts",
]
POSTGRES = [
    "CREATE INDEX knowledge_passage_tsv ON knowledge_passage USING GIN (to_tsvector('english', text))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS knowledge_passage_tsv"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def _index_stored(apps: Any, schema_editor: Any) -> None:
    from refwatch.knowledge.search import passage_rows

    passage = apps.get_model("knowledge", "Passage")
    for doc in apps.get_model("knowledge", "Document").objects.exclude(visibility="confidential"):
        passage.objects.bulk_create(passage(**row) for row in passage_rows(doc))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0009_statement_outdated")]

    operations = [
        migrations.CreateModel(
            name="Passage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.PositiveIntegerField()),
                ("end", models.PositiveIntegerField()),
                ("text", models.TextField()),
                ("doc_type", models.CharField(default="other", max_length=20)),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "visibility",
                    models.CharField(
                        choices=[
                            ("public", "Public"),
                            ("internal", "Internal"),
                            ("confidential", "Confidential"),
                        ],
                        default="internal",
                        max_length=12,
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="passages",
                        to="knowledge.document",
                    ),
                ),
            ],
            options={
                "ordering": ["document", "start"],
                "indexes": [
                    models.Index(fields=["visibility", "doc_type", "year"], name="knowledge_passage_facets")
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.RunPython(_index_stored, migrations.RunPython.noop),
    ]
