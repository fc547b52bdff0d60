"""The count of committed changes of the record on PostgreSQL, kept by the database itself: the
token of refwatch.knowledge.state there.

Every table of the record (refwatch.knowledge.record_tables) carries a statement-level AFTER
INSERT, UPDATE, DELETE and TRUNCATE trigger that adds one to a counter in the transaction that
wrote, once per transaction. The count is a row like any other: the others see it move when that
transaction commits, not before, and a rolled back one leaves it as it was. A read that starts
after a commit therefore always counts it; the count only grows, so it never comes back to a
value read before. Whatever writes (the ORM, a queryset update that no signal sees, raw SQL,
another process or machine, psql) goes through the triggers. A transaction that writes nothing
of the record (a search's temporary table, the audit of a read, a session, a login, a worker's
beat) leaves the count alone, where pg_current_snapshot(), the token before, moved with any
transaction that took an id.

Not one counter row: its row lock would be held by each writing transaction until it commits,
so every writer of the record would wait for every other (a review behind a whole ingest), and
two that had each locked rows the other then needs would deadlock where they did not before.
Not one row per table either: two ingests write the same tables. Each transaction takes a slot
of its own instead, the first of SLOTS whose transaction-scoped advisory lock is free
(pg_try_advisory_xact_lock does not wait), and adds one to that slot's row: two transactions
never hold the same slot, so the trigger never waits on another writer (only when SLOTS
transactions write the record at once does the next wait for the last slot). The token is the
sum of the slots' rows: one scan of at most SLOTS small rows a read. Measured with two processes
ingesting 60 documents each (a loaded 2-core machine, 2 rounds): ingest as fast with one row as
with slots (ingests already queue on merge.lock), but a one-row UPDATE of another table of the
record beside them took p95 117-135 ms with one counter row against 12-15 ms with slots.

The table and the function come from a migration (knowledge 0021). The triggers are put on the
tables after every migrate (post_migrate, install_triggers), from the models installed then, so
that a table added later gets its trigger without a migration of its own. The counter is no
model: a test's flush would empty it, and a count read before could come back.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from refwatch.knowledge.record_tables import RecordTable, record_tables

COUNTER = "refwatch_record_changes"
FUNCTION = "refwatch_record_changed"
TRIGGER = "refwatch_record_changed"
SLOTS = 64
# The first key of the slots' advisory locks (the second is the slot): "recc". merge.lock takes a
# one-key lock, which PostgreSQL keeps apart from two-key ones.
SLOT_LOCKS = 0x7265_6363
# Set for the rest of the transaction once it has counted itself (and undone with a savepoint
# rolled back, as its count is).
COUNTED = "refwatch.record_counted"

# Set for the rest of the transaction by `new_documents_only()`: its writes add documents and
# nothing else, and may show in the pages kept for many readers a little late (see SCHEMA).
NEW_DOCUMENTS = "refwatch.record_new_documents"

# Two counts a slot: `commits`, every committed change (what the token always was), and
# `strict_commits`, the changes that must show at the next request. A transaction counts in both
# unless it said it adds new documents only (NEW_DOCUMENTS) and writes only tables whose trigger
# allows that (the argument 'new-documents', record_tables' `new_documents`): a write to any other
# table in the same transaction (a person protected, a grant) counts it in `strict_commits` after
# all. Fail closed: a transaction that says nothing, and a table added later, are strict.
# COUNTED: '' not counted yet, 'n' counted in `commits` alone, 'y' counted in both.
SCHEMA = [
    f"CREATE TABLE IF NOT EXISTS {COUNTER} (slot smallint PRIMARY KEY, commits bigint NOT NULL, "
    "strict_commits bigint NOT NULL DEFAULT 0)",
    f"ALTER TABLE {COUNTER} ADD COLUMN IF NOT EXISTS strict_commits bigint NOT NULL DEFAULT 0",
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        chosen integer := 0;
        counted text := COALESCE(current_setting('{COUNTED}', true), '');
        at_once boolean := NOT (TG_NARGS > 0 AND TG_ARGV[0] = 'new-documents'
                               AND current_setting('{NEW_DOCUMENTS}', true) = 'y');
    BEGIN
        IF counted = 'y' OR (counted = 'n' AND NOT at_once) THEN
            RETURN NULL;
        END IF;
        WHILE chosen < {SLOTS - 1} AND NOT pg_try_advisory_xact_lock({SLOT_LOCKS}, chosen) LOOP
            chosen := chosen + 1;
        END LOOP;
        IF chosen = {SLOTS - 1} THEN
            PERFORM pg_advisory_xact_lock({SLOT_LOCKS}, chosen);
        END IF;
        INSERT INTO {COUNTER} AS c (slot, commits, strict_commits)
            VALUES (chosen, CASE WHEN counted = 'n' THEN 0 ELSE 1 END, CASE WHEN at_once THEN 1 ELSE 0 END)
            ON CONFLICT (slot) DO UPDATE SET commits = c.commits + EXCLUDED.commits,
                                             strict_commits = c.strict_commits + EXCLUDED.strict_commits;
        PERFORM set_config('{COUNTED}', CASE WHEN at_once THEN 'y' ELSE 'n' END, true);
        RETURN NULL;
    END $$""",
]
# The triggers go with their function.
DROP = [f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE", f"DROP TABLE IF EXISTS {COUNTER}"]


def token(connection: BaseDatabaseWrapper) -> str:
    """The count of committed changes, with the counter table's own id: a database restored
    (pg_restore --clean makes the table again) or made anew never gives back a former token."""
    return tokens(connection)[0]


def tokens(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    """`token()`, and the same for the strict changes alone (every change but new documents)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT %s::regclass::oid, COALESCE(SUM(commits), 0), COALESCE(SUM(strict_commits), 0) FROM {COUNTER}",
            [COUNTER],
        )
        table, count, strict = cursor.fetchone()
    return f"{table}:{count}", f"{table}:s{strict}"


def new_documents_only(connection: BaseDatabaseWrapper) -> None:
    """Say that the rest of the current transaction adds new documents (their statements, facts
    merged, letters linked) and changes nothing a page already shows to anyone's loss: its commit
    may show late in the pages kept for many readers (refwatch.web.shared). Undone by
    `strict_again()` or by the end of the transaction (or of a savepoint rolled back)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'y', true)", [NEW_DOCUMENTS])


def strict_again(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [NEW_DOCUMENTS])


def trigger_sql(connection: BaseDatabaseWrapper, table: RecordTable) -> tuple[str, str]:
    """The name and the CREATE TRIGGER of `table`'s trigger. The name holds a digest of what it
    fires on, so that a table whose columns changed is seen to need a new one."""
    quote = connection.ops.quote_name
    update = "UPDATE" if table.updated is None else "UPDATE OF " + ", ".join(map(quote, table.updated))
    events = f"INSERT OR {update} OR DELETE OR TRUNCATE"
    argument = "'new-documents'" if table.new_documents else ""
    name = f"{TRIGGER}_{hashlib.sha256((events + argument).encode()).hexdigest()[:10]}"
    sql = (
        f"CREATE TRIGGER {quote(name)} AFTER {events} ON {quote(table.name)} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}({argument})"
    )
    return name, sql


def installed(connection: BaseDatabaseWrapper) -> dict[str, set[str]]:
    """The tables carrying a trigger of the counter, and the names of those triggers."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgfoid = to_regproc(%s)::oid AND pg_table_is_visible(c.oid)",
            [FUNCTION],
        )
        out: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            out.setdefault(table, set()).add(name)
    return out


def install_triggers(connection: BaseDatabaseWrapper) -> int:
    """Give each table of the record that exists its trigger, and take ours off any other table;
    the number of changes made (none, after a migrate that added no table)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc(%s) IS NOT NULL", [FUNCTION])
        if not cursor.fetchone()[0]:
            return 0  # migrated back before the counter, or not yet to it
    existing = set(connection.introspection.table_names())
    wanted = {t.name: trigger_sql(connection, t) for t in record_tables() if t.name in existing}
    have = installed(connection)
    changes = []
    for table, names in have.items():
        keep = wanted[table][0] if table in wanted else None
        changes += [
            f"DROP TRIGGER {connection.ops.quote_name(n)} ON {connection.ops.quote_name(table)}"
            for n in names
            if n != keep
        ]
    changes += [sql for table, (name, sql) in wanted.items() if name not in have.get(table, set())]
    if changes:
        # All at once: never a table left without its trigger by a failure between two.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for sql in changes:
                cursor.execute(sql)
    return len(changes)


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    install_triggers(connections[using])
