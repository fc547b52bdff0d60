"""Statements a person adds from a selection of a document: what extraction missed.

An added statement is stored as an extracted one is (its span, the quote that is exactly
`text[start:end]`, a record of its kind's fields) and merged by the same code into incidents,
figures, actors and letters, so that its fact has the same provenance as any other. What sets it
apart: its extractor is `ADDED` (a person, not a rule), it is accepted from the start by whoever
added it (`reviewed_by`, `reviewed_at`, and a ReviewEvent that says so), and re-extraction never
touches it (refwatch.knowledge.reextract).
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

from django.db import transaction
from django.utils import timezone

from refwatch.extract.model import Evidence
from refwatch.knowledge import kinds, letters, merge, roster
from refwatch.knowledge.merge import for_facts, new_statement
from refwatch.knowledge.models import (
    Actor,
    Ask,
    Commitment,
    Document,
    Letter,
    LetterParty,
    LetterReference,
    Outcome,
    Review,
    ReviewEvent,
    Statement,
)

# The extractor of a statement a person added (extractors are rule ids such as
# "incidents.return_verb": this one can never be a rule's).
ADDED = "person"
MAX_SPAN = 20_000

K = Statement.Kind
# What may be added, as the form offers it: name → (kind of statement, label, preset values).
# Places, people and organisations are mentions of actors of that kind.
ADDABLE: dict[str, tuple[str, str, dict[str, Any]]] = {
    "repatriation": (K.REPATRIATION, "Return (forcible repatriation)", {}),
    "figure": (K.FIGURE, "Figure (a count of people)", {}),
    "letter": (K.LETTER, "Letter", {}),
    "sender": (K.SENDER, "Letter sender", {}),
    "recipient": (K.RECIPIENT, "Letter recipient", {}),
    "ask": (K.ASK, "Ask", {}),
    "commitment": (K.COMMITMENT, "Commitment", {}),
    "outcome": (K.OUTCOME, "Outcome", {}),
    "reference": (K.REFERENCE, "Reference to an earlier letter", {}),
    "person": (K.ACTOR, "Person", {"kind": Actor.Kind.PERSON}),
    "organization": (K.ACTOR, "Organisation", {"kind": Actor.Kind.ORGANIZATION}),
    "place": (K.ACTOR, "Place or state", {"kind": Actor.Kind.STATE}),
}
# Parts of a letter: added to one of the document's letters.
LETTER_PARTS = frozenset({K.SENDER, K.RECIPIENT, K.ASK, K.COMMITMENT, K.OUTCOME, K.REFERENCE})
# The field without which a statement of a kind says nothing.
REQUIRED: dict[str, str] = {
    K.FIGURE: "unit",
    K.SENDER: "name",
    K.RECIPIENT: "name",
    K.ASK: "text",
    K.COMMITMENT: "what",
    K.OUTCOME: "text",
    K.ACTOR: "name",
}


class AdditionError(ValueError):
    """A statement that cannot be added; `field` names the field at fault, when one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def is_added(statement: Statement) -> bool:
    return statement.extractor == ADDED


def missing_field(kind: str, values: dict[str, Any]) -> tuple[str, str] | None:
    """The message and field when a statement of `kind` lacks the field that makes it say something."""
    required = REQUIRED.get(kind)
    value = values.get(required) if required else None
    if required and (value.strip() if isinstance(value, str) else value) in (None, ""):
        return f"A {kind} needs its {required.replace('_', ' ')}.", required
    return None


def defaults(kind: str, quote: str, preset: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the form of a new statement starts with: its record's defaults (a return goes from
    China to North Korea), the preset of what was chosen, and the selected words where they are
    the statement's own text (a name, an ask)."""
    record = kinds.RECORD_OF[kind]
    out = {
        f.name: f.default
        for f in fields(record)
        if f.name in kinds.correctable(kind) and f.default is not MISSING
    }
    words = " ".join(quote.split())
    field = {
        K.SENDER: "name",
        K.RECIPIENT: "name",
        K.ACTOR: "name",
        K.ASK: "text",
        K.OUTCOME: "text",
        K.COMMITMENT: "what",
        K.REFERENCE: "summary",
    }.get(kind)
    if field:
        out[field] = words
    if kind == K.ACTOR:
        out["text"] = words
    return {**out, **(preset or {})}


def check_span(document: Document, start: Any, end: Any, quote: str | None) -> tuple[int, int, str]:
    """The span as whole offsets into the document's text, and its quote; AdditionError when the
    offsets are not a span of the text, or `quote` (when given) is not exactly text[start:end]."""
    text = document.text or ""
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise AdditionError("The start and end of the selection must be whole numbers.", "start") from None
    if not 0 <= start < end <= len(text):
        raise AdditionError(
            f"The selection [{start}, {end}) is not inside the text (0 to {len(text)} characters).", "start"
        )
    if end - start > MAX_SPAN:
        raise AdditionError(f"A selection is at most {MAX_SPAN:,} characters.", "end")
    found = text[start:end]
    if not found.strip():
        raise AdditionError("The selection holds only spaces.", "start")
    if quote is not None and quote != found:
        raise AdditionError(
            "The quote is not the text between these offsets: select the text again "
            "(the document may have changed, or the selection was not read right).",
            "quote",
        )
    return start, end, found


def letters_of(document: Document) -> list[Letter]:
    """The letters a part of this document can be added to: the one it is and those it tells of."""
    return list(Letter.objects.filter(document=document, hidden=False).order_by("reported", "pk"))


def add(
    document: Document,
    kind: str,
    start: Any,
    end: Any,
    quote: str | None,
    values: dict[str, Any],
    *,
    by: Any = None,
    letter: Any = None,
    note: str = "",
) -> Statement:
    """Add a statement of `kind` for document.text[start:end] with typed `values` (the fields of
    its record, refwatch.knowledge.kinds), merge it into its fact, and mark it accepted by `by`.

    Raises AdditionError (nothing stored) when the span, the quote, a value or the letter is wrong.
    """
    if kind not in {k for k, _, _ in ADDABLE.values()}:
        raise AdditionError(f"A statement of kind {kind!r} cannot be added.", "kind")
    start, end, quote = check_span(document, start, end, quote)
    try:
        values = kinds.check(kind, {k: v for k, v in values.items()})
    except kinds.CorrectionError as error:
        raise AdditionError(str(error)) from None
    missing = missing_field(kind, values)
    if missing:
        raise AdditionError(*missing)
    target = _letter_for(document, letter) if kind in LETTER_PARTS else None
    record = kinds.RECORD_OF[kind](
        start=start, end=end, quote=quote, confidence=1.0, extractor=ADDED, **values
    )
    with transaction.atomic():
        merge.lock()
        statement = _store(document, kind, record, target)
        statement.review = Review.ACCEPTED
        statement.reviewed_by = by if getattr(by, "pk", None) else None
        statement.reviewed_at = timezone.now()
        statement.save(update_fields=["review", "reviewed_by", "reviewed_at"])
        ReviewEvent.objects.create(
            statement=statement,
            review=Review.ACCEPTED,
            previous=Review.SUGGESTED,
            note=("Added from a selection. " + note).strip()[:2000],
            by=statement.reviewed_by,
        )
        fact = statement.fact
        if fact is not None:
            merge.refresh(fact)  # type: ignore[arg-type]
        if kind in LETTER_PARTS or kind == K.LETTER:
            letters.link_letters(Letter.objects.filter(document=document).prefetch_related("parties"))
            roster.link_new(Letter.objects.filter(document=document))
    return statement


def _letter_for(document: Document, letter: Any) -> Letter:
    found = letters_of(document)
    if not found:
        raise AdditionError(
            "This document holds no letter yet: select the letter's text and add the letter first.",
            "letter",
        )
    if letter in (None, ""):
        if len(found) == 1:
            return found[0]
        raise AdditionError(
            "This document holds more than one letter: choose the one this is part of.", "letter"
        )
    chosen = next((x for x in found if str(x.pk) == str(letter)), None)
    if chosen is None:
        raise AdditionError("That letter is not one of this document's.", "letter")
    return chosen


def _store(document: Document, kind: str, record: Evidence, letter: Letter | None) -> Statement:
    """The statement of `record`, stored and merged as extraction's would be."""
    if kind == K.REPATRIATION:
        return merge.add_repatriation(document, record)  # type: ignore[arg-type]
    if kind == K.FIGURE:
        return merge.add_figure(document, record)  # type: ignore[arg-type]
    if kind == K.ACTOR:
        merge.add_mentions(document, [record], [])  # type: ignore[list-item]
        return Statement.objects.filter(document=document, kind=kind, extractor=ADDED).latest("pk")
    if kind == K.LETTER:
        made = letters.add_letter(document, record)  # type: ignore[arg-type]
        return made.statements.get(kind=K.LETTER)
    assert letter is not None
    return add_part(document, letter, kind, record)


def add_part(document: Document, letter: Letter, kind: str, r: Any) -> Statement:
    """A part of a stored letter, as refwatch.knowledge.letters.add_letter stores each one."""

    def clean(value: str | None) -> str:
        return for_facts(document, value or "")

    visibility = document.visibility
    if kind in (K.SENDER, K.RECIPIENT):
        role = LetterParty.Role.SENDER if kind == K.SENDER else LetterParty.Role.RECIPIENT
        name = clean(r.name)
        party = LetterParty.objects.create(
            letter=letter,
            role=role,
            actor=Actor.objects.filter(name=name).first(),
            name=name,
            title=clean(r.title),
            chamber=r.chamber or "",
            cc=r.cc,
            position=letter.parties.filter(role=role).count(),
            visibility=visibility,
        )
        return new_statement(document, kind, r, party=party)
    if kind == K.ASK:
        ask = Ask.objects.create(
            letter=letter,
            text=clean(r.text),
            target=clean(r.target),
            position=letter.asks.count(),
            visibility=visibility,
        )
        return new_statement(document, kind, r, ask=ask)
    if kind == K.REFERENCE:
        ref = LetterReference.objects.create(
            letter=letter,
            date=r.date,
            recipient=clean(r.recipient),
            senders=clean(r.senders),
            summary=clean(r.summary),
            visibility=visibility,
        )
        return new_statement(document, kind, r, reference=ref)
    if kind == K.COMMITMENT:
        c = Commitment.objects.create(
            letter=letter,
            who=clean(r.who),
            what=clean(r.what),
            where=clean(r.where),
            when=r.when,
            visibility=visibility,
        )
        return new_statement(document, kind, r, commitment=c)
    o = Outcome.objects.create(
        letter=letter, text=clean(r.text), status=r.status or "", visibility=visibility
    )
    return new_statement(document, kind, r, outcome=o)
