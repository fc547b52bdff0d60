"""The state of the record as the database has it: a token that two reads get alike only when no
write of the record was committed between them, by any process, whatever wrote it (an ingest, a
review, a worker, a raw UPDATE). What is computed from the record may be kept under it and is then never
shown after the record changed.

PostgreSQL: the count of committed transactions that changed the record, kept by triggers on
its tables (refwatch.knowledge.record_changes; which tables: refwatch.knowledge.record_tables).
A transaction that writes only bookkeeping (a search's temporary table, the audit of a read, a
session, a login, a worker's beat) leaves it as it was. SQLite: per connection,
`PRAGMA data_version` (moves when another connection commits) and the rows this connection
changed (`total_changes`), with a name of the connection; there any write moves it.

`record_states()` gives with it the token of the strict changes alone: every change but the
adding of new documents (PostgreSQL; on SQLite every change is strict).

None when there is no such token: inside a transaction (what it reads may include its own writes,
which may yet be rolled back) or on another database.
"""

from __future__ import annotations

import uuid

from django.db import connection

from refwatch.knowledge import record_changes


def record_state() -> str | None:
    states = record_states()
    return None if states is None else states[0]


def record_states() -> tuple[str, str] | None:
    """`record_state()`, and a token that moves with every change but the adding of new documents
    (record_changes.new_documents_only): two reads get it alike when nothing but new documents was
    committed between them. On SQLite, where there is no such count, the two are the same token:
    every change is strict there."""
    if connection.in_atomic_block:
        return None
    if connection.vendor == "postgresql":
        every, strict = record_changes.tokens(connection)
        return "pg:" + every, "pg:" + strict
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA data_version")
            version = cursor.fetchone()[0]
        raw = connection.connection
        # data_version is a count of each connection's own: the connection is named in the token.
        # (sqlite3 connections take no attributes and no weak references: the name is kept beside.)
        named = getattr(connection, "_refwatch_name", None)
        if named is None or named[0] is not raw:
            named = (raw, uuid.uuid4().hex)
            connection._refwatch_name = named  # type: ignore[attr-defined]
        token = f"sqlite:{named[1]}:{version}:{raw.total_changes}"
        return token, token
    return None
