"""Which tables are the record: what a page computed from it may show, so that a committed change
to any of them must move the token of refwatch.knowledge.state.

Every table of every installed app is, but for those below: written by reading, signing in,
polling and running the queue, they change all day while the record does not, and no page kept
under the token shows them. A table is the record unless it is named here, so a model added later
is covered without anyone remembering it (the safe mistake is a page computed once too often).
A few tables are bookkeeping in some columns only: an UPDATE that sets none but those leaves the
record as it was (signing in sets `auth_user.last_login` alone); any other write to them counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

# model label -> the columns that are bookkeeping, or None when the whole table is.
NOT_THE_RECORD: dict[str, frozenset[str] | None] = {
    # Written by reading: sessions, the audit log of reads, the look at /new/, a token's last use.
    "sessions.Session": None,
    "protection.AuditEntry": None,
    "protection.AuditHead": None,
    "knowledge.Visit": None,
    "accounts.ApiToken": frozenset({"last_used_at"}),
    # The keys that seal values: one is made the first time a scope needs it (the audit log's, at
    # the first audited read or login) and rotation wraps them anew; what they open is the same.
    "protection.DataKey": None,
    # Written by signing in: the time of it, the attempts (axes), the second factor's counter.
    "auth.User": frozenset({"last_login"}),
    "axes.AccessAttempt": None,
    "axes.AccessAttemptExpiration": None,
    "axes.AccessLog": None,
    "axes.AccessFailureLog": None,
    "otp_totp.TOTPDevice": None,
    # The admin's log of its changes: each is a change of a table of the record as well.
    "admin.LogEntry": None,
    # The queue and the pollers: what becomes of an upload or a polled item is a document, which
    # is the record; their own progress, beats, turns and logs are not.
    "django_tasks_database.DBTaskResult": None,
    "knowledge.Upload": None,
    "knowledge.WorkerBeat": None,
    "knowledge.WatchPoll": None,
    "knowledge.WatchedItem": None,
    "knowledge.WatchHost": None,
    "knowledge.DigestDay": None,
    "knowledge.WatchedSource": frozenset(
        {
            "etag",
            "last_modified",
            "next_poll_at",
            "last_poll_at",
            "last_status",
            "last_outcome",
            "polling_by",
            "polling_since",
        }
    ),
}


# The apps whose tables a new document writes (refwatch.knowledge.store.add): a transaction that
# said it adds new documents only (record_changes.new_documents_only) may write these and still
# show late. Any other table (people and their names, accounts, groups) and the models below are
# strict whatever the transaction says: a name protected or a grant given shows at once.
NEW_DOCUMENT_APPS = frozenset({"knowledge"})
NEVER_LATE = frozenset({"knowledge.RecordGrant"})


@dataclass(frozen=True)
class RecordTable:
    name: str
    # The columns an UPDATE must set to change the record; None: any.
    updated: tuple[str, ...] | None
    # Written when a new document is added: a transaction adding new documents only may show late.
    new_documents: bool = False


def record_tables() -> list[RecordTable]:
    """The tables of the record, from the models installed now (many-to-many tables included)."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.label not in NOT_THE_RECORD:
            # A many-to-many table goes with the model that declares it.
            owner = meta.auto_created._meta if meta.auto_created else meta
            new_documents = owner.app_label in NEW_DOCUMENT_APPS and owner.label not in NEVER_LATE
            out.append(RecordTable(meta.db_table, None, new_documents))
            continue
        bookkeeping = NOT_THE_RECORD[meta.label]
        if bookkeeping is not None:
            columns = tuple(f.column for f in meta.local_concrete_fields if f.column not in bookkeeping)
            out.append(RecordTable(meta.db_table, columns))
    return sorted(out, key=lambda t: t.name)
