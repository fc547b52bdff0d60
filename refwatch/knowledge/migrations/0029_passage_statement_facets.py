"""What the statements within each passage say (Passage.reviews, Passage.actors), kept by the
database: a search's review and actor facets read them with its match instead of joining every
matched passage with the statements within it (17.4 -> 1.9 ms of a search of 4,573 passages at
100,000 documents, bench/scale.py's store, load ~4 on 2 cores; this migration took 6.5 s there,
562,249 passages). Triggers write them on every write of a statement (whatever wrote it: a save, a bulk
insert, a deletion, an actor's removal setting it NULL) and of a passage, on SQLite and on
PostgreSQL; the stored passages are filled here. On SQLite the full-text index's update trigger
now follows the text only: these writes are no change of the indexed words."""

from typing import Any

from django.db import migrations, models

# The same overlap as the search's (refwatch.knowledge.search: a statement within a passage).
_WITHIN = (
    "s.document_id = knowledge_passage.document_id "
    'AND s.start < knowledge_passage."end" AND knowledge_passage.start < s."end"'
)
SQLITE_SAID = (
    "reviews = (SELECT COALESCE(group_concat(DISTINCT s.review), '') "
    f"FROM knowledge_statement s WHERE {_WITHIN}), "
    "actors = (SELECT COALESCE(group_concat(DISTINCT s.actor_id), '') "
    f"FROM knowledge_statement s WHERE {_WITHIN} AND s.actor_id IS NOT NULL AND s.review <> 'rejected')"
)
POSTGRES_SAID = (
    "reviews = (SELECT COALESCE(string_agg(DISTINCT s.review, ','), '') "
    f"FROM knowledge_statement s WHERE {_WITHIN}), "
    "actors = (SELECT COALESCE(string_agg(DISTINCT s.actor_id::text, ','), '') "
    f"FROM knowledge_statement s WHERE {_WITHIN} AND s.actor_id IS NOT NULL AND s.review <> 'rejected')"
)


def _sqlite_touching(row: str) -> str:
    return (
        f"UPDATE knowledge_passage SET {SQLITE_SAID} WHERE document_id = {row}.document_id "
        f'AND start < {row}."end" AND {row}.start < "end";'
    )


SQLITE = [
    "DROP TRIGGER IF EXISTS knowledge_passage_au",
    "CREATE TRIGGER knowledge_passage_au AFTER UPDATE OF text ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(knowledge_passage_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO knowledge_passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER knowledge_passage_said AFTER INSERT ON knowledge_passage BEGIN "
    f"UPDATE knowledge_passage SET {SQLITE_SAID} WHERE id = new.id; END",
    f"CREATE TRIGGER knowledge_statement_said_ai AFTER INSERT ON knowledge_statement BEGIN {_sqlite_touching('new')} END",
    f"CREATE TRIGGER knowledge_statement_said_ad AFTER DELETE ON knowledge_statement BEGIN {_sqlite_touching('old')} END",
    'CREATE TRIGGER knowledge_statement_said_au AFTER UPDATE OF document_id, start, "end", review, actor_id '
    f"ON knowledge_statement BEGIN {_sqlite_touching('old')} {_sqlite_touching('new')} END",
    f"UPDATE knowledge_passage SET {SQLITE_SAID}",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS knowledge_statement_said_au",
    "DROP TRIGGER IF EXISTS knowledge_statement_said_ad",
    "DROP TRIGGER IF EXISTS knowledge_statement_said_ai",
    "DROP TRIGGER IF EXISTS knowledge_passage_said",
    "DROP TRIGGER IF EXISTS knowledge_passage_au",
    "CREATE TRIGGER knowledge_passage_au AFTER UPDATE ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(knowledge_passage_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO knowledge_passage_fts(rowid, text) VALUES (new.id, new.text); END",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION knowledge_passage_said(doc bigint, a bigint, b bigint) RETURNS void "
    f"LANGUAGE sql AS $$ UPDATE knowledge_passage SET {POSTGRES_SAID} "
    'WHERE document_id = doc AND start < b AND a < "end" $$',
    "CREATE OR REPLACE FUNCTION knowledge_statement_said() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN PERFORM knowledge_passage_said(OLD.document_id, OLD.start, OLD.\"end\"); END IF; "
    "IF TG_OP <> 'DELETE' THEN PERFORM knowledge_passage_said(NEW.document_id, NEW.start, NEW.\"end\"); END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER knowledge_statement_said AFTER INSERT OR DELETE "
    'OR UPDATE OF document_id, start, "end", review, actor_id ON knowledge_statement '
    "FOR EACH ROW EXECUTE FUNCTION knowledge_statement_said()",
    "CREATE OR REPLACE FUNCTION knowledge_passage_said_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE knowledge_passage SET {POSTGRES_SAID} WHERE id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER knowledge_passage_said AFTER INSERT ON knowledge_passage "
    "FOR EACH ROW EXECUTE FUNCTION knowledge_passage_said_new()",
    f"UPDATE knowledge_passage SET {POSTGRES_SAID}",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS knowledge_passage_said ON knowledge_passage",
    "DROP TRIGGER IF EXISTS knowledge_statement_said ON knowledge_statement",
    "DROP FUNCTION IF EXISTS knowledge_passage_said_new()",
    "DROP FUNCTION IF EXISTS knowledge_statement_said()",
    "DROP FUNCTION IF EXISTS knowledge_passage_said(bigint, bigint, bigint)",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0028_passage_places_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="passage",
            name="actors",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="passage",
            name="reviews",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
