"""Re-extraction: a stored document read again (a newer extractor, or a corrected document date),
without losing what people decided.

Each statement the new extraction makes is matched to the stored one of the same kind and span:
- a statement a person added (refwatch.knowledge.additions) is never matched, changed or removed;
- a suggested statement no one has decided on takes the new record, and its fact follows;
- a statement a person decided on (accepted, corrected, rejected, or decided and taken back)
  keeps its record and its fact; where the new extraction reads it otherwise, or no longer finds
  it, it is marked `outdated` with what the new extraction reads, for a person to look at;
- a stored suggestion the new extraction no longer makes, and that no one decided on, goes (its
  fact is hidden when nothing else supports it, as after a rejection);
- what the new extraction finds and nothing stored says is added as new suggestions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from refwatch.extract.model import Evidence
from refwatch.extract.model import Letter as LetterRecord
from refwatch.knowledge import additions, letters, merge, places, roster
from refwatch.knowledge.merge import record_json
from refwatch.knowledge.models import Document, Letter, Review, Statement

K = Statement.Kind
# Fields of a record that say how it was found, not what it says: a new rule id or confidence
# alone does not make a decided statement outdated.
HOW = frozenset({"confidence", "extractor"})
PARTS = (
    ("senders", K.SENDER),
    ("recipients", K.RECIPIENT),
    ("asks", K.ASK),
    ("references", K.REFERENCE),
    ("commitments", K.COMMITMENT),
    ("outcomes", K.OUTCOME),
)


@dataclass
class Reextracted:
    """What re-extraction did to a document's statements (statement ids by what became of them)."""

    kept: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    outdated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)


def records_of(extraction: Any) -> list[tuple[str, Evidence]]:
    """Every statement an extraction makes, as (kind, record), letter parts included."""
    out: list[tuple[str, Evidence]] = []
    if extraction.letter is not None:
        out.append((K.LETTER, extraction.letter))
        for name, kind in PARTS:
            out.extend((kind, r) for r in getattr(extraction.letter, name))
    out += [(K.REPATRIATION, r) for r in extraction.repatriations]
    out += [(K.FIGURE, r) for r in extraction.figures]
    out += [(K.ACTOR, r) for r in extraction.actors]
    out += [(K.INSTRUMENT, r) for r in extraction.instruments]
    out += [(K.RATIFICATION, r) for r in extraction.ratifications]
    return out


def _key(kind: str, record: Evidence) -> tuple[str, int, int]:
    start = max(record.start, 0)
    return kind, start, max(record.end, start)


def _what(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in HOW}


def decided(statement: Statement) -> bool:
    """A person decided on it (even if they took the decision back: the history stays with it)."""
    return statement.review != Review.SUGGESTED or statement.review_events.exists()


def reextract(document: Document, extraction: Any = None) -> Reextracted:
    """Read `document` again (or take `extraction`, made of its text) and bring its statements
    in step as the module says."""
    from refwatch.extract import EXTRACTOR_VERSION, extract

    if extraction is None:
        # Outside the transaction: extraction takes seconds (see store.add).
        extraction = extract(document.text or "", doc_date=document.doc_date, meta=document.meta or {})
    done = Reextracted()
    with transaction.atomic():
        merge.lock()
        stored: dict[tuple[str, int, int], list[Statement]] = defaultdict(list)
        for st in Statement.objects.filter(document=document).order_by("pk"):
            if not additions.is_added(st):
                stored[st.kind, st.start, st.end].append(st)
        fresh: list[tuple[str, Evidence]] = []
        for kind, record in records_of(extraction):
            matches = stored.get(_key(kind, record))
            if not matches:
                fresh.append((kind, record))
                continue
            _match(matches.pop(0), record_json(record), record, EXTRACTOR_VERSION, done)
        for st in (s for left in stored.values() for s in left):
            if decided(st):
                st.outdated = {"record": None, "version": EXTRACTOR_VERSION}
                st.save(update_fields=["outdated"])
                done.outdated.append(st.pk)
            else:
                fact = st.fact
                done.removed.append(st.pk)
                st.delete()
                if fact is not None:
                    merge.refresh(fact)  # type: ignore[arg-type]
        _add_fresh(document, extraction, fresh, done)
        document.extractor_version = EXTRACTOR_VERSION
        document.save(update_fields=["extractor_version"])
        letters.link_letters(Letter.objects.filter(document=document).prefetch_related("parties"))
        roster.link_new(Letter.objects.filter(document=document))
    return done


def _match(st: Statement, new: dict[str, Any], record: Evidence, version: str, done: Reextracted) -> None:
    if st.kind in places.PLACED_KINDS:
        # Read from the text, not the extractor's record: kept up to date whatever its review.
        found = places.places_at(st.document.text or "", st.start, st.end)
        if found != st.places:
            st.places = found
            st.save(update_fields=["places"])
            if st.fact is not None:
                merge.refresh(st.fact)  # type: ignore[arg-type]
    if _what(new) == _what(st.record):
        st.extractor, st.extractor_version, st.confidence = record.extractor, version, record.confidence
        st.outdated = {}
        st.save(update_fields=["extractor", "extractor_version", "confidence", "outdated"])
        done.kept.append(st.pk)
    elif decided(st):
        st.outdated = {"record": new, "version": version}
        st.save(update_fields=["outdated"])
        done.outdated.append(st.pk)
    else:
        # No one decided on it: the newer reading replaces the older, and its fact follows.
        st.record, st.quote = new, record.quote
        st.extractor, st.extractor_version, st.confidence = record.extractor, version, record.confidence
        st.outdated = {}
        st.save(update_fields=["record", "quote", "extractor", "extractor_version", "confidence", "outdated"])
        letters.apply_values(st)
        if not merge.remerge(st):
            letters.refresh_letter_part(st)
        done.updated.append(st.pk)


def _add_fresh(
    document: Document, extraction: Any, fresh: list[tuple[str, Evidence]], done: Reextracted
) -> None:
    """Store what the new extraction found and nothing stored said, as extraction's are stored."""
    before = set(Statement.objects.filter(document=document).values_list("pk", flat=True))
    kinds = {kind for kind, _ in fresh}
    parts = [(k, r) for k, r in fresh if k in additions.LETTER_PARTS]
    letter = None
    if extraction.letter is not None:
        letter = (
            Letter.objects.filter(document=document, reported=extraction.letter.reported, hidden=False)
            .order_by("pk")
            .first()
        )
    if letter is None and (K.LETTER in kinds or parts) and extraction.letter is not None:
        # No letter to put them on: the letter with its new parts, as a first ingest stores it.
        record = extraction.letter
        fresh_parts = {id(r) for _, r in parts}
        letters.add_letter(
            document,
            LetterRecord(
                **{k: v for k, v in vars(record).items() if k not in {n for n, _ in PARTS}},
                **{n: [r for r in getattr(record, n) if id(r) in fresh_parts] for n, _ in PARTS},
            ),
        )
    else:
        for kind, record in fresh:
            if kind == K.LETTER and letter is not None:
                merge.new_statement(document, kind, record, letter=letter)
            elif kind in additions.LETTER_PARTS and letter is not None:
                additions.add_part(document, letter, kind, record)
    for kind, record in fresh:
        if kind == K.REPATRIATION:
            merge.add_repatriation(document, record)  # type: ignore[arg-type]
        elif kind == K.FIGURE:
            merge.add_figure(document, record)  # type: ignore[arg-type]
        elif kind == K.RATIFICATION:
            merge.add_ratification(document, record)  # type: ignore[arg-type]
    merge.add_mentions(
        document,
        [r for k, r in fresh if k == K.ACTOR],  # type: ignore[misc]
        [r for k, r in fresh if k == K.INSTRUMENT],  # type: ignore[misc]
    )
    done.added = sorted(
        set(Statement.objects.filter(document=document).values_list("pk", flat=True)) - before
    )
