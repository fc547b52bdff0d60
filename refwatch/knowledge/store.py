"""Putting documents in the store: one document, one transaction, all or nothing.

    >>> from refwatch.knowledge import store
    >>> result = store.add_path("letter.pdf")
    >>> result.created, result.counts["incidents"]

`add` keeps the original bytes (content-addressed under settings.ORIGINALS_DIR), runs
extraction, stores every statement and merges it into the facts, then resolves the links
between letters that the new document makes possible. Any failure stores nothing of the
document (the original file it wrote is removed) and leaves everything else as it was.

A confidential document leaves no name in clear at rest (docs/protection.md): its names are
protected before anything of it is written, its original file and its evidence columns are
sealed (refwatch.knowledge.fields), and its facts carry pseudonyms (merge.for_facts).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from refwatch.extract import EXTRACTOR_VERSION, extract
from refwatch.ingest import Limits, read_path
from refwatch.ingest.isolated import Bounds
from refwatch.knowledge import letters, merge, pseudonyms, record_changes, roster
from refwatch.knowledge.merge import for_facts
from refwatch.knowledge.models import Actor, Document, ReviewEvent, Statement, Visibility, original_path
from refwatch.protection import audit, crypto, sealed

if TYPE_CHECKING:
    from refwatch.extract.model import Extraction
    from refwatch.ingest import Document as IngestedDocument


@dataclass
class AddResult:
    """What `add` did: the stored document, whether it is new, and the facts it supports."""

    document: Document
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def limits_from_settings() -> Limits:
    """The ingest limits of this installation (settings REFWATCH_MAX_FILE_BYTES and the rest)."""
    return Limits(
        max_bytes=settings.REFWATCH_MAX_FILE_BYTES,
        max_pages=settings.REFWATCH_MAX_PAGES,
        ocr_seconds=settings.REFWATCH_OCR_SECONDS_PER_FILE,
        ocr_dpi=settings.REFWATCH_OCR_DPI,
    )


def bounds_from_settings() -> Bounds:
    """What the child process reading one uploaded file may use (settings REFWATCH_READER_*)."""
    return Bounds(
        memory_bytes=settings.REFWATCH_READER_MEMORY_MB * 1024 * 1024,
        cpu_seconds=settings.REFWATCH_READER_CPU_SECONDS,
        output_bytes=settings.REFWATCH_READER_TEXT_BYTES,
        # OCR has its own budget inside the child; the wall clock only catches a child stuck past it.
        wall_seconds=float(settings.REFWATCH_OCR_SECONDS_PER_FILE) + 120,
    )


def add_path(
    path: str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    meta: dict[str, Any] | None = None,
    visibility: str = Visibility.INTERNAL,
) -> AddResult:
    """Read a file (refwatch.ingest.read_path, within `limits`) and add it.

    Raises refwatch.ingest.IngestError or refwatch.extract ExtractionError (both ValueError,
    with a one-line message) when the file cannot be taken; nothing is stored then.
    """
    document = read_path(Path(path), limits=limits or limits_from_settings())
    return add(document, meta=meta, visibility=visibility)


def add(
    document: IngestedDocument,
    *,
    meta: dict[str, Any] | None = None,
    visibility: str = Visibility.INTERNAL,
) -> AddResult:
    """Store an ingested document with its statements and merge them into the facts.

    The same bytes already stored: nothing changes, `created` is False.
    """
    if visibility not in Visibility.values:
        raise ValueError(f"unknown visibility {visibility!r}: use one of {', '.join(Visibility.values)}")
    existing = Document.objects.filter(sha256=document.sha256).first()
    if existing is not None:
        return AddResult(existing, False, fact_counts(existing))

    meta = {k: v for k, v in (meta or {}).items() if v is not None}
    if document.published and "published" not in meta:
        meta["published"] = document.published
    # Extraction runs before the transaction: it takes seconds, and a write transaction held
    # that long would make every other writer of an SQLite store wait.
    extraction = extract(document.text, meta=meta)

    confidential = visibility == Visibility.CONFIDENTIAL
    data = document.data
    if confidential:
        data = _prepare_confidential(document.sha256, data)
    wrote = write_original(document.sha256, data, replace=confidential)
    try:
        with transaction.atomic():
            merge.lock()
            if not confidential:
                # Only adds: a document, its statements, facts merged and letters linked. Its
                # commit may reach the pages kept for many readers a little late (the worker
                # commits one a few hundred ms, and every process recomputed every page after
                # each: record_changes.new_documents_only, web.shared). A confidential one protects
                # names, which must show at once: strict, as is any other write.
                record_changes.new_documents_only(connection)
            people: list[int] = []
            if confidential:
                # First, before any row of the document: every later write (facts, logs) redacts
                # with these names known. In this transaction, so a failed ingest leaves no person.
                people = pseudonyms.protect(pseudonyms.names_in(extraction, document.text))
            # A confidential document's text, title, file name and meta are sealed by their
            # columns on this first INSERT (refwatch.knowledge.fields), never written in clear.
            stored = Document(
                sha256=document.sha256,
                media_type=document.media_type,
                filename=_base_name(document.filename),
                size=document.size,
                title=(meta.get("title") or document.title or extraction.title or "")[:1000],
                published=str(meta["published"])[:32] if meta.get("published") else None,
                doc_type=extraction.doc_type,
                doc_date=extraction.doc_date,
                text=document.text,
                pages=[_page_json(p) for p in document.pages],
                warnings=[*document.warnings, *extraction.warnings],
                meta=meta,
                extractor_version=_extractor_version(),
                visibility=visibility,
            )
            # The names are protected already: the signal that would extract them again after
            # the commit has nothing to do.
            stored.names_protected = True  # type: ignore[attr-defined]
            stored.save(force_insert=True)
            store_extraction(stored, extraction)
            letters.link_letters(stored.letters.prefetch_related("parties"))
            roster.link_new(stored.letters.all())
            if people:
                pseudonyms.note_source(people, stored.pk)
                audit.record(None, "protect_names", stored, persons=people)
            # Whatever runs after this in an outer transaction is strict again.
            record_changes.strict_again(connection)
    except IntegrityError:
        # The same bytes went in from another process in the meantime: theirs stands.
        existing = Document.objects.filter(sha256=document.sha256).first()
        if existing is not None:
            return AddResult(existing, False, fact_counts(existing))
        _remove(document.sha256, wrote)
        raise
    except BaseException:
        _remove(document.sha256, wrote)
        raise
    return AddResult(stored, True, fact_counts(stored))


# --- one document's extraction -----------------------------------------------------------------


def store_extraction(document: Document, extraction: Extraction) -> None:
    """Store every statement of `extraction` on `document` and merge it into the facts."""
    if extraction.letter is not None:
        letters.add_letter(document, extraction.letter)
    for r in extraction.repatriations:
        merge.add_repatriation(document, r)
    for f in extraction.figures:
        merge.add_figure(document, f)
    merge.add_mentions(document, extraction.actors, extraction.instruments)
    for r in extraction.ratifications:
        merge.add_ratification(document, r)


def _prepare_confidential(sha256: str, data: bytes) -> bytes:
    """The original of a confidential document, sealed; and the data keys it needs, made now.

    The keys are made before the store's transaction on purpose: a data key made inside it and
    then rolled back with a failed document would stay cached in this process, and values sealed
    with it later could never be opened.
    """
    for scope in ("person", "name-index", "blind-index"):
        crypto.data_key(scope)
    # The hash stays that of the original bytes: it names the document and proves the evidence
    # unaltered once opened (the download checks it).
    return sealed.seal_bytes(sha256, "original", data)


def open_original(document: Document) -> bytes:
    """The original bytes of a document, opened when they are sealed; checked against its SHA-256.

    Raises FileNotFoundError when the file is not in the store, and ValueError when the bytes
    are not those the document was stored with.
    """
    import hashlib

    data = document.original_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        if not sealed.is_sealed(data):
            raise ValueError(f"the original file of document #{document.pk} does not match its SHA-256")
        data = sealed.open_bytes(document.sha256, "original", data)
        if hashlib.sha256(data).hexdigest() != document.sha256:
            raise ValueError(f"the original file of document #{document.pk} does not match its SHA-256")
    return data


def _base_name(filename: str) -> str:
    # Only the file's own name: the folders it came from can say more than they should
    # (a case worker's folder named after a family), and they mean nothing on another machine.
    return PurePath(filename.replace("\\", "/")).name[:500]


def _extractor_version() -> str:
    return EXTRACTOR_VERSION


def _page_json(page: Any) -> dict[str, Any]:
    return {
        "number": page.number,
        "start": page.start,
        "end": page.end,
        "ocr": bool(getattr(page, "ocr", False)),
    }


def write_original(sha256: str, data: bytes, *, replace: bool = False) -> bool:
    """Keep the original bytes under their hash; True when this call wrote the file.

    Written to a temporary file in the same folder and renamed into place, so that the
    file under a hash is always whole, even after a crash. `replace` writes even when a file
    of the same size is there: a sealed original's size says nothing of its key.
    """
    path = original_path(sha256)
    if not replace and path.exists() and path.stat().st_size == len(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o440)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _remove(sha256: str, wrote: bool) -> None:
    if wrote:
        original_path(sha256).unlink(missing_ok=True)


def set_visibility(
    document: Document, visibility: str, *, then: Callable[[Document], None] | None = None
) -> Document:
    """Change who may see a document; its statements follow, and the facts they support are
    recomputed (a fact is as open as its most open live statement).

    A document made confidential is sealed as one ingested confidential would be: its names
    protected first, then its text, statements, review notes and original sealed, and the facts
    of its letter given pseudonyms. What was written in clear before is overwritten (and zeroed
    by SQLite's secure_delete); copies outside the database (backups, old WAL frames until they
    are reused) are not reached. A document made less restricted stays sealed on disk (readable
    as before): re-opening it to other roles does not need its evidence in clear. Its statements
    are derived again through the merge: those that name no protected person are written in
    clear like any other of their visibility, those that name one stay sealed, and every fact
    they support is refreshed (visibility, counts, places).

    `then(document)` runs inside the same transaction, after the change (an audit entry: both
    are written or neither).
    """
    if visibility not in Visibility.values:
        raise ValueError(f"unknown visibility {visibility!r}: use one of {', '.join(Visibility.values)}")
    sealing = visibility == Visibility.CONFIDENTIAL and document.visibility != Visibility.CONFIDENTIAL
    opening = document.visibility == Visibility.CONFIDENTIAL and visibility != Visibility.CONFIDENTIAL
    sealed_original = b""
    found: list[str] = []
    if sealing:
        # Outside the transaction, like in `add`: extraction takes seconds, and data keys made
        # inside a transaction that rolls back would stay cached in this process.
        found = pseudonyms.names_in(extract(document.text, meta=document.meta or {}), document.text)
        try:
            sealed_original = _prepare_confidential(document.sha256, open_original(document))
        except FileNotFoundError:
            sealed_original = b""
    with transaction.atomic():
        merge.lock()
        people: list[int] = []
        if sealing:
            people = pseudonyms.protect(found)
        document.visibility = visibility
        document.names_protected = sealing  # type: ignore[attr-defined]
        document.save(update_fields=["visibility", *(SEALED_DOCUMENT_FIELDS if sealing else ())])
        statements = list(Statement.objects.filter(document=document))
        Statement.objects.filter(document=document).update(visibility=visibility)
        if sealing:
            _seal_statements(document, statements, visibility)
        elif opening:
            _open_statements(statements, visibility)
        facts = {(type(f), f.pk): f for s in statements if (f := s.fact) is not None}
        for fact in facts.values():
            merge.refresh(fact)  # type: ignore[arg-type]
        document.letters.update(visibility=visibility)
        if sealing:
            # Members of Congress named in clear are linked again; a pseudonym never is.
            roster.link_new(document.letters.all())
        if people:
            pseudonyms.note_source(people, document.pk)
            audit.record(None, "protect_names", document, persons=people)
        if then is not None:
            then(document)
    if sealed_original:
        write_original(document.sha256, sealed_original, replace=True)
    return document


# The columns of a Document that are sealed when it is confidential (see refwatch.knowledge.fields).
SEALED_DOCUMENT_FIELDS = ("text", "title", "filename", "meta", "warnings")


def _seal_statements(document: Document, statements: list[Statement], visibility: str) -> None:
    """Re-save a newly confidential document's statements sealed, and its letters' facts by pseudonym."""
    for st in statements:
        st.visibility = visibility
        st.document = document
        st.save(update_fields=["quote", "record", "edited", "outdated", "places"])
        for event in ReviewEvent.objects.filter(statement=st):
            event.statement = st
            event.save(update_fields=["corrections", "note"])
    _pseudonymise_actors(document, statements, visibility)
    for letter in document.letters.all():
        letter.salutation = for_facts(document, letter.salutation)
        letter.save(update_fields=["salutation"])
        for party in letter.parties.all():
            party.name, party.title = for_facts(document, party.name), for_facts(document, party.title)
            party.address = []
            party.actor = party.legislator = None
            party.save(update_fields=["name", "title", "address", "actor", "legislator"])
        for ask in letter.asks.all():
            ask.text, ask.target = for_facts(document, ask.text), for_facts(document, ask.target)
            ask.save(update_fields=["text", "target"])
        for ref in letter.references.all():
            ref.recipient, ref.senders = for_facts(document, ref.recipient), for_facts(document, ref.senders)
            ref.summary = for_facts(document, ref.summary)
            ref.save(update_fields=["recipient", "senders", "summary"])
        for c in letter.commitments.all():
            c.who, c.what, c.where = (for_facts(document, v) for v in (c.who, c.what, c.where))
            c.save(update_fields=["who", "what", "where"])
        for o in letter.outcomes.all():
            o.text = for_facts(document, o.text)
            o.save(update_fields=["text"])


def _open_statements(statements: list[Statement], visibility: str) -> None:
    """Write the statements of a document no longer confidential in clear, but for those whose
    words name a protected person: those stay sealed (read as before by whoever may read them)."""
    for st in statements:
        st.visibility = visibility
        # Statement.sealing_key keeps sealed those that name a protected person.
        st.save(update_fields=["quote", "record", "edited", "outdated", "places"])


def _pseudonymise_actors(document: Document, statements: list[Statement], visibility: str) -> None:
    """Point the document's mentions of a protected person at the Actor named by its pseudonym,
    as an ingest as confidential would have; an Actor no other document mentions is deleted."""
    for st in statements:
        if st.kind != Statement.Kind.ACTOR or st.actor_id is None:
            continue
        actor = Actor.objects.get(pk=st.actor_id)
        if actor.kind != Actor.Kind.PERSON:
            continue
        pseudonym = for_facts(document, actor.name)
        if pseudonym == actor.name:
            continue
        target, _ = Actor.objects.get_or_create(
            name=pseudonym, defaults={"kind": Actor.Kind.PERSON, "visibility": visibility}
        )
        st.actor = target
        st.save(update_fields=["actor"])
        if not actor.statements.exists():
            actor.delete()
        else:
            merge.refresh(actor)


# Statement kind → the name a count goes by, and the statement field holding the fact.
COUNTED = {
    Statement.Kind.REPATRIATION: ("incidents", "incident_id"),
    Statement.Kind.FIGURE: ("figures", "figure_id"),
    Statement.Kind.LETTER: ("letters", "letter_id"),
    Statement.Kind.SENDER: ("senders", "party_id"),
    Statement.Kind.RECIPIENT: ("recipients", "party_id"),
    Statement.Kind.ASK: ("asks", "ask_id"),
    Statement.Kind.REFERENCE: ("references", "reference_id"),
    Statement.Kind.COMMITMENT: ("commitments", "commitment_id"),
    Statement.Kind.OUTCOME: ("outcomes", "outcome_id"),
    Statement.Kind.ACTOR: ("actors", "actor_id"),
    Statement.Kind.INSTRUMENT: ("instruments", "instrument_id"),
    Statement.Kind.RATIFICATION: ("ratifications", "state_party_id"),
}


def fact_counts(document: Document) -> dict[str, int]:
    """How many distinct facts of each kind the document's statements support."""
    seen: dict[str, set[int]] = {name: set() for name, _ in COUNTED.values()}
    rows = Statement.objects.filter(document=document).values("kind", *{f for _, f in COUNTED.values()})
    for row in rows:
        name, column = COUNTED.get(row["kind"], (None, None))
        if name and row[column] is not None:
            seen[name].add(row[column])
    return {name: len(ids) for name, ids in seen.items()}


def describe_counts(counts: dict[str, int]) -> str:
    """ "1 letter, 2 incidents": what `fact_counts` found, for a person to read."""
    shown = [f"{n} {name if n != 1 else name.removesuffix('s')}" for name, n in counts.items() if n]
    return ", ".join(shown) or "no facts found"
