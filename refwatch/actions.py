"""What a person does to the record, once for the pages, the API and the commands: ingest a file,
review or correct a statement, protect a name read in a document, export.

Each action checks the actor's role, runs in the store's transaction (refwatch.knowledge), is
audited, and fails in one of two ways only:

- `Refused`: the record will not do it, with a reason to show (`kind` says which: "forbidden",
  "not_found" or "invalid"; the pages and the API answer 403, 404 or 400);
- `InternalError`: a bug of ours, logged with its traceback under an id that the message gives,
  so that an administrator can find it and the user learns nothing of the internals.

Reads go through refwatch.knowledge.queries.Reader, so that an action on a record the actor may
not see is "not found", like a record that does not exist.
"""

from __future__ import annotations

import getpass
import logging
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django_tasks import TaskContext, task

from refwatch.extract import ExtractionError
from refwatch.ingest import IngestError, Limits, read, read_path
from refwatch.ingest.isolated import read_isolated
from refwatch.knowledge import additions, metadata, outdated, reextract, store, uploads, watch
from refwatch.knowledge.access import grant
from refwatch.knowledge.models import (
    VISIBILITY_ORDER,
    Document,
    Review,
    Statement,
    Upload,
    Visibility,
    WatchedSource,
)
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.review import ReviewError
from refwatch.knowledge.review import review as review_statement
from refwatch.protection import audit
from refwatch.protection.models import Person
from refwatch.protection.names import RedactionUnavailable, hidden, note_source, protect_names, redact
from refwatch.roles import ADMIN, ANALYST, PROTECTION_OFFICER

log = logging.getLogger(__name__)

# Review decisions taken as they are; "edited" comes with corrections, through `correct`.
DECISIONS = frozenset({Review.ACCEPTED, Review.REJECTED, Review.SUGGESTED})
MAX_NAME = 200
# What a file that cannot be taken raises (a broken or hostile file, a wrong encoding, a file
# gone): its message is the reason, for the person who gave it.
REFUSALS = (IngestError, ExtractionError, ValueError, OSError)

Via = Literal["web", "api", "cli", "upload", "watch"]


class Refused(Exception):
    """The record will not do what was asked; the message says why, for the person who asked."""

    def __init__(self, reason: str, kind: Literal["forbidden", "not_found", "invalid"] = "invalid") -> None:
        super().__init__(reason)
        self.reason, self.kind = reason, kind

    @property
    def status(self) -> int:
        return {"forbidden": 403, "not_found": 404, "invalid": 400}[self.kind]


class InternalError(Exception):
    """A failure of ours: logged with its traceback under `id`; the message names only the id."""

    def __init__(self, id: str) -> None:
        super().__init__(f"internal error {id}; the administrator can find it in the log")
        self.id = id


@contextmanager
def _bugs_as_internal_errors(what: str, expected: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Any exception but a refusal and the `expected` ones becomes an InternalError, logged."""
    try:
        yield
    except (Refused, InternalError, *expected):
        raise
    except Exception as error:
        id = secrets.token_hex(4)
        log.exception("internal error %s while %s", id, what)
        raise InternalError(id) from error


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


@dataclass
class Export:
    """What an export made: its bytes, and what it held (kind of record → ids), for the audit."""

    content: bytes
    media_type: str
    filename: str
    held: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Ingested:
    """What became of one file: added, skipped (the same bytes are stored) or refused (`reason`)."""

    name: str
    status: Literal["added", "skipped", "refused"]
    document: Document | None = None
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def facts(self) -> str:
        return store.describe_counts(self.counts) if self.status == "added" else ""


class Actions:
    """The actions of one actor: a user (from the pages or the API) or the operator of a command."""

    def __init__(self, user: Any = None, *, request: HttpRequest | None = None, via: Via = "web") -> None:
        self.user, self.request, self.via = user, request, via
        # A command's operator and the poller of watched sources act for the installation.
        self.reader = Reader.system() if via in ("cli", "watch") else Reader.for_user(user)

    @classmethod
    def for_command(cls) -> Actions:
        """The operator of a command: the machine's user, who may do what the commands do."""
        return cls(None, via="cli")

    @classmethod
    def for_watch(cls) -> Actions:
        """The poller of watched sources (refwatch.watching): adds what the sources an admin chose
        list, audited as "watch"."""
        return cls(None, via="watch")

    # --- bookkeeping ----------------------------------------------------------------------

    def _need(self, *roles: str, doing: str) -> None:
        if not self.reader.may(*roles):
            raise Refused(
                f"{doing} needs the {' or '.join(r.replace('_', ' ') for r in roles)} role", "forbidden"
            )

    def _audit(self, action: str, target: Any, **detail: Any) -> None:
        if self.via == "watch":
            audit.record(None, action, target, actor="watch", **detail)
        elif self.via == "cli":
            try:
                who = getpass.getuser()
            except Exception:  # no user name in this environment (a container): still audited
                who = "unknown"
            audit.record(None, action, target, actor=f"cli:{who}", **detail)
        else:
            audit.record(self.user, action, target, self.request, **detail)

    def _statement(self, pk: Any) -> Statement:
        st = self.reader.statement(pk)
        if st is None:
            raise Refused(f"no statement with id {pk}", "not_found")
        return st

    def _document(self, pk: Any) -> Document:
        doc = self.reader.document(pk)
        if doc is None:
            raise Refused(f"no document with id {pk}", "not_found")
        return doc

    # --- review ---------------------------------------------------------------------------

    def review(self, statement: Any, decision: str, *, note: str = "") -> Statement:
        """Accept or reject a statement, or take a decision back (suggested)."""
        self._need(ANALYST, doing="reviewing")
        if decision not in DECISIONS:
            raise Refused(
                f"unknown review decision {decision!r}: use one of {', '.join(sorted(DECISIONS))}"
                + ("; a correction is made with its corrected fields" if decision == Review.EDITED else "")
            )
        return self._decide(statement, decision, {}, note)

    def correct(self, statement: Any, corrections: dict[str, Any], *, note: str = "") -> Statement:
        """Correct fields of what the extractor read (review state "edited")."""
        self._need(ANALYST, doing="correcting")
        if not corrections:
            raise Refused("nothing was changed")
        return self._decide(statement, Review.EDITED, corrections, note)

    def decide(
        self, statement: Any, state: str, *, corrections: dict[str, Any] | None = None, note: str = ""
    ) -> Statement:
        """Any review state with its corrections, as the API takes them in one call (the store's
        review says which combinations it takes)."""
        self._need(ANALYST, doing="reviewing")
        return self._decide(statement, state, dict(corrections or {}), note)

    def _decide(self, statement: Any, state: str, corrections: dict[str, Any], note: str) -> Statement:
        st = self._statement(statement.pk if isinstance(statement, Statement) else statement)
        previous = st.review
        # The decision and its audit entry together, or neither.
        with _bugs_as_internal_errors("reviewing a statement"), transaction.atomic():
            try:
                review_statement(st, state, by=self.user, corrections=corrections, note=note[:2000])
            except ReviewError as error:
                raise Refused(str(error)) from error
            detail: dict[str, Any] = {"review": state, "previous": previous}
            if corrections:
                detail["corrected"] = sorted(corrections)
            if self.via != "web":
                detail["via"] = self.via
            self._audit("review", st, **detail)
        return st

    def add_statement(
        self,
        document: Any,
        kind: str,
        start: Any,
        end: Any,
        quote: str | None,
        values: dict[str, Any],
        *,
        letter: Any = None,
        note: str = "",
    ) -> Statement:
        """Add what extraction missed: a statement of `kind` for the span [start, end) of a
        document's text, whose quote must be exactly that text (refwatch.knowledge.additions).

        Only a reader who sees the whole text may: a text shown with names or details redacted
        is not the text the offsets count in, and a quote checked against it would tell whether
        a guess at a hidden name is right. So the refusal comes before the quote is looked at.
        """
        self._need(ANALYST, doing="adding a statement")
        doc = self._document(document.pk if isinstance(document, Document) else document)
        self.may_add_from(doc)
        with _bugs_as_internal_errors("adding a statement"), transaction.atomic():
            try:
                st = additions.add(
                    doc, kind, start, end, quote, values, by=self.user, letter=letter, note=note[:2000]
                )
            except additions.AdditionError as error:
                raise Refused(str(error)) from error
            detail: dict[str, Any] = {"kind": kind, "document": doc.pk, "start": st.start, "end": st.end}
            if self.via != "web":
                detail["via"] = self.via
            self._audit("add_statement", st, **detail)
        return st

    def may_add_from(self, doc: Document) -> None:
        """Refused unless this actor sees every character of the document's text (fails closed:
        when redaction cannot run, no one but the command line adds from it)."""
        if self.via == "cli":
            return
        try:
            withheld = hidden(doc.text or "", self.user, about=doc.confidential)
        except RedactionUnavailable:
            withheld = [None]
        if withheld:
            raise Refused(
                "This text holds names or details you may not see: facts are added from it by "
                "someone who sees the whole text (a protection officer).",
                "forbidden",
            )

    def edit_document(self, document: Any, values: dict[str, Any]) -> metadata.Edited:
        """Correct a document's details (title, type, date, publisher, URL: checked by
        metadata.DocumentForm); a new type or date reads the document again."""
        self._need(ANALYST, doing="editing a document's details")
        doc = self._document(document.pk if isinstance(document, Document) else document)
        if set(values) & self.locked_details(doc):
            raise Refused(
                "That detail holds a protected name: a protection officer corrects it.", "forbidden"
            )
        with _bugs_as_internal_errors("editing a document's details"):
            done = metadata.edit(doc, values)
            if done.changed:
                detail: dict[str, Any] = {"changed": sorted(done.changed)}
                # The type and the date say nothing of anyone: kept as they were and are.
                for name in ("doc_type", "doc_date"):
                    if name in done.changed:
                        old, new = done.changed[name]
                        detail[name] = f"{old or 'none'} -> {new or 'none'}"
                if done.reread is not None:
                    detail["reread"] = {k: len(v) for k, v in vars(done.reread).items()}
                    detail["flagged"] = len(done.flagged)
                if self.via != "web":
                    detail["via"] = self.via
                self._audit("edit_document", doc, **detail)
        return done

    def reextract(self, document: Any) -> reextract.Reextracted:
        """Read a document again with the current extractor: suggestions follow the new reading,
        decisions stay and are marked outdated where it differs (refwatch.knowledge.reextract)."""
        self._need(ANALYST, doing="re-extracting a document")
        doc = self._document(document.pk if isinstance(document, Document) else document)
        with _bugs_as_internal_errors("re-extracting a document", (ExtractionError,)):
            try:
                done = reextract.reextract(doc)
            except ExtractionError as error:
                raise Refused(f"the document could not be read again: {_one_line(error)}") from error
            detail: dict[str, Any] = {k: len(v) for k, v in vars(done).items()}
            detail["version"] = doc.extractor_version
            if self.via != "web":
                detail["via"] = self.via
            self._audit("reextract", doc, **detail)
        return done

    def set_visibility(self, document: Any, visibility: str) -> Document:
        """Change who may see a document (refwatch.knowledge.store.set_visibility), audited with
        what it was and what it became.

        Restricting is an analyst's decision: anyone who reviews a document may find it should
        be sealed, and sealing can only hide more. Opening a confidential document (or making an
        internal one public) shows it to people who could not read it: only a protection
        officer decides that. A document the actor may not see is "not found", as any other.
        """
        if visibility not in Visibility.values:
            raise Refused(f"unknown visibility {visibility!r}: use one of {', '.join(Visibility.values)}")
        self._need(ANALYST, PROTECTION_OFFICER, doing="changing who may see a document")
        doc = self._document(document.pk if isinstance(document, Document) else document)
        previous = doc.visibility
        if previous == visibility:
            return doc
        if VISIBILITY_ORDER.index(visibility) < VISIBILITY_ORDER.index(previous):
            self._need(PROTECTION_OFFICER, doing=f"making a {previous} document {visibility}")
        detail: dict[str, Any] = {"visibility": visibility, "previous": previous}
        if self.via != "web":
            detail["via"] = self.via
        # Not in a transaction of ours: sealing reads the text and makes data keys before the
        # store's own transaction, and the entry is written inside that one (both or neither).
        with _bugs_as_internal_errors("changing who may see a document"):
            store.set_visibility(doc, visibility, then=lambda d: self._audit("set_visibility", d, **detail))
        return doc

    def settle_outdated(self, statement: Any, choice: str, *, note: str = "") -> Statement:
        """Take the new reading of an outdated statement, or keep the decision
        (refwatch.knowledge.outdated); recorded as a review decision and audited."""
        self._need(ANALYST, doing="reviewing")
        st = self._statement(statement.pk if isinstance(statement, Statement) else statement)
        previous, version = st.review, (st.outdated or {}).get("version")
        with _bugs_as_internal_errors("settling an outdated statement"), transaction.atomic():
            try:
                outdated.settle(st, choice, by=self.user, note=note)
            except outdated.OutdatedError as error:
                raise Refused(str(error)) from error
            detail: dict[str, Any] = {"outdated": choice, "review": st.review, "previous": previous}
            if version:
                detail["version"] = version
            if self.via != "web":
                detail["via"] = self.via
            self._audit("settle_outdated", st, **detail)
        return st

    def locked_details(self, doc: Document) -> frozenset[str]:
        """The details that show this actor a pseudonym (or that redaction could not check): saving
        them would write the pseudonym over the name."""
        if self.via == "cli":
            return frozenset()
        locked = set()
        for name, value in metadata.details(doc).items():
            if isinstance(value, str) and value:
                try:
                    seen = redact(value, self.user, doc.text, about=doc.confidential)
                except RedactionUnavailable:
                    seen = None
                if seen != value:
                    locked.add(name)
        return frozenset(locked)

    # --- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        source: Path | bytes | IO[bytes],
        name: str = "",
        *,
        visibility: str = Visibility.INTERNAL,
        meta: dict[str, Any] | None = None,
        limits: Limits | None = None,
        size: int | None = None,
        isolated: bool = False,
    ) -> Ingested:
        """Add one file (a path, or its bytes or an open file with its name) in its own transaction.

        A file that cannot be taken is `refused` with its reason and stores nothing; a bug of ours
        is refused too, as an internal error with its id, so that the other files still go in.
        `size`, when known before the bytes are read (an upload), refuses a file over the limit
        without reading it. `isolated` reads the file in a child process within the limits of
        settings REFWATCH_READER_* (refwatch.ingest.isolated): for files from outside.
        """
        self._need(ANALYST, doing="adding documents")
        name = name or (str(source) if isinstance(source, Path) else "upload")
        limits = limits or store.limits_from_settings()
        if size is not None and size > limits.max_bytes:
            reason = f"{size:,} bytes is over the limit of {limits.max_bytes:,} bytes"
            return Ingested(name, "refused", reason=reason)
        try:
            with _bugs_as_internal_errors("adding a file", REFUSALS):
                result = self._store(source, name, visibility, meta, limits, isolated)
        except REFUSALS as error:
            return Ingested(name, "refused", reason=_one_line(error))
        except InternalError as error:
            return Ingested(name, "refused", reason=str(error))
        if not result.created:
            return Ingested(name, "skipped", result.document, "already stored", result.counts)
        if (
            visibility == Visibility.CONFIDENTIAL
            and self.user is not None
            and not self.reader.may(PROTECTION_OFFICER)
        ):
            # Whoever adds a confidential file has it already: they keep seeing it.
            grant(result.document, user=self.user)
        self._audit("ingest", result.document, visibility=visibility, via=self.via)
        return Ingested(name, "added", result.document, counts=result.counts)

    def _store(
        self,
        source: Path | bytes | IO[bytes],
        name: str,
        visibility: str,
        meta: dict[str, Any] | None,
        limits: Limits,
        isolated: bool = False,
    ) -> store.AddResult:
        if not isinstance(source, Path | bytes):
            source = source.read()  # only now: a file over the limit was refused unread
        if isolated:
            if isinstance(source, Path):
                source = source.read_bytes()
            document = read_isolated(source, name, limits=limits, bounds=store.bounds_from_settings())
            return store.add(document, meta=meta, visibility=visibility)
        if isinstance(source, bytes):
            return store.add(read(source, name, limits=limits), meta=meta, visibility=visibility)
        if not source.exists():
            raise FileNotFoundError(f"no such file: {source}")
        return store.add(read_path(source, limits=limits), meta=meta, visibility=visibility)

    def submit(
        self,
        source: bytes | IO[bytes],
        name: str,
        *,
        visibility: str = Visibility.INTERNAL,
        meta: dict[str, Any] | None = None,
        size: int | None = None,
    ) -> Upload:
        """Hand a file in to be read in the background (`process_upload`, by a worker) and return
        at once: the upload says what became of it as it goes (queued, processing, then added,
        skipped or refused with the reason). A file over the size limit is refused unread."""
        self._need(ANALYST, doing="adding documents")
        name = name or "upload"
        if visibility not in Visibility.values:
            raise Refused(f"unknown visibility {visibility!r}: use one of {', '.join(Visibility.values)}")
        limit = store.limits_from_settings().max_bytes
        if size is not None and size > limit:
            reason = f"{size:,} bytes is over the limit of {limit:,} bytes"
            return uploads.refused(name, reason, size=size, visibility=visibility, by=self.user)
        data = source if isinstance(source, bytes) else source.read()
        with _bugs_as_internal_errors("keeping an upload"), transaction.atomic():
            upload = uploads.submit(data, name, visibility=visibility, meta=meta, by=self.user)
            # In the same transaction: an upload is never kept without its place in the queue.
            process_upload.enqueue(upload.pk)
        upload.refresh_from_db()  # a queue that runs tasks at once (the tests') has settled it
        return upload

    # --- watched sources ----------------------------------------------------------------------

    def watch(
        self,
        url: str,
        *,
        name: str = "",
        kind: str = WatchedSource.Kind.FEED,
        every: int | str = 3600,
        visibility: str = Visibility.INTERNAL,
    ) -> WatchedSource:
        """Watch a feed or a listing page from now on (an admin's choice: what refwatch fetches
        from the web, and from whom). Its first poll is due at once."""
        self._need(ADMIN, doing="watching a source")
        with _bugs_as_internal_errors("watching a source", (watch.WatchError,)), transaction.atomic():
            try:
                seconds = watch.parse_every(every) if isinstance(every, str) else every
                source = watch.add(
                    url, name=name, kind=kind, every=seconds, visibility=visibility, by=self.user
                )
            except watch.WatchError as error:
                raise Refused(str(error)) from error
            detail: dict[str, Any] = {"url": source.url, "kind": source.kind, "every": source.every}
            if visibility != Visibility.INTERNAL:
                detail["visibility"] = visibility
            if self.via != "web":
                detail["via"] = self.via
            self._audit("watch_add", source, **detail)
        return source

    def unwatch(self, url: str) -> WatchedSource:
        """Stop watching a source (the documents it brought stay)."""
        self._need(ADMIN, doing="removing a watched source")
        with _bugs_as_internal_errors("removing a watched source"), transaction.atomic():
            source = watch.remove(url)
            if source is None:
                raise Refused(f"{url.strip()} is not watched", "not_found")
            detail: dict[str, Any] = {"url": source.url}
            if self.via != "web":
                detail["via"] = self.via
            self._audit("watch_remove", source, **detail)
        return source

    # --- export -------------------------------------------------------------------------------

    def export(self, what: str, fmt: str, build: Callable[[Reader], Export]) -> Export:
        """Make an export with `build`, which reads only through this actor's reader (so that it
        holds nothing they may not see), and audit it with what it held."""
        with _bugs_as_internal_errors(f"exporting {what} as {fmt}"):
            made = build(self.reader)
            self._audit(
                "export",
                what,
                format=fmt,
                **{f"{kind}_count": len(ids) for kind, ids in made.held.items()},
                **{kind: ids for kind, ids in made.held.items()},
            )
        return made

    # --- protection -------------------------------------------------------------------------

    def protect_name(
        self, document: Any, *, name: str = "", start: int | None = None, end: int | None = None
    ) -> Person:
        """Protect a name read in a document: from then on it is a pseudonym on every page.

        The name is given as written (selected in the text or typed: found in the text however
        it is spaced), or as the span [start, end) of the text. It must be in this document's
        text, so that what is protected is a name someone read here; where it is is audited.
        """
        self._need(ANALYST, PROTECTION_OFFICER, doing="protecting a name")
        doc = self._document(document)
        text = doc.text or ""
        if start is not None or end is not None:
            if start is None or end is None or not 0 <= start < end <= len(text):
                raise Refused("the span is empty, too long or outside the text")
            found = text[start:end].strip()
            if not found or end - start > MAX_NAME:
                raise Refused("the span is empty, too long or outside the text")
        else:
            words = name.split()
            match = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
            if match is None or len(match.group()) > MAX_NAME:
                raise Refused(
                    f"That name is not in this document's text (or is longer than {MAX_NAME} characters)."
                )
            found, start, end = match.group(), match.start(), match.end()
        with _bugs_as_internal_errors("protecting a name"), transaction.atomic():
            person = protect_names([found])[0]
            note_source([person], doc.pk)
            self._audit("protect_span", person, document=doc.pk, start=start, end=end)
        return person


# --- the background ----------------------------------------------------------------------------


@task(takes_context=True)
def process_upload(context: TaskContext, upload_id: int) -> str:
    """Read an upload (in a child process, within limits) and add it as its submitter, through
    the same `Actions.ingest` as the command and the pages; settle it with the outcome."""
    ids = getattr(context.task_result, "worker_ids", None) or []
    worker = ids[-1] if ids and ids[-1].count(":") >= 2 else uploads.worker_name()
    upload = uploads.take(upload_id, worker)
    if upload is None:
        return "not queued"  # settled, or held by another worker
    try:
        data = uploads.incoming_bytes(upload)
    except (OSError, ValueError) as error:
        done = Ingested(
            upload.name, "refused", reason=f"the file kept for it cannot be read: {_one_line(error)}"
        )
    else:
        actions = Actions(upload.by, via="upload")
        try:
            done = actions.ingest(
                data, upload.name, visibility=upload.visibility, meta=upload.meta, isolated=True
            )
        except Refused as error:  # the submitter lost the analyst role in the meantime
            done = Ingested(upload.name, "refused", reason=error.reason)
        if done.status == "skipped" and upload.attempts > 1 and done.document is not None:
            # Stored by this upload's earlier attempt, whose worker stopped before it could say so.
            if done.document.ingested_at >= upload.submitted_at:
                done.status = "added"
    uploads.finish(upload, worker, done.status, reason=done.reason, document=done.document, facts=done.counts)
    return done.status
