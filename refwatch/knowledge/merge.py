"""Statements into facts: one Incident however many documents tell it, one Actor per name.

The rules, and why:
- An incident is the same when its date interval (exact bounds), origin, destination and
  kind (single event or cumulative total) are the same. A day or a month is precise enough
  that two sources giving it describe one event even when their counts differ: the counts are
  kept on the statements and shown as a conflict, never averaged or dropped.
- An incident of unknown exact date (a year, a range) merges only when interval and places
  agree *and* the counts do not contradict each other: "600 in 2023" and "50 in 2023" are
  more likely two events than one disputed one, and a wrong merge would hide an event.
- An incident with no date at all is never merged: nothing says two of them are one.
- Figures merge by (quantity, unit); actors and instruments by canonical name (the forms
  the text used are kept as aliases); state parties by (state, instrument, action, date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from django.db.models import Model, Q

from refwatch.extract.gazetteer import PLACES
from refwatch.extract.model import (
    ActorMention,
    Evidence,
    InstrumentMention,
    Ratification,
    Repatriation,
)
from refwatch.extract.model import Figure as FigureMention
from refwatch.knowledge import places, pseudonyms
from refwatch.knowledge.models import (
    VISIBILITY_ORDER,
    Actor,
    Document,
    Fact,
    Figure,
    Incident,
    Instrument,
    Review,
    Statement,
    StateParty,
    Visibility,
)
from refwatch.knowledge.ranges import open_ranges


def confidential(holder: Any) -> bool:
    """Whether a document or statement is confidential: its facts then carry pseudonyms only."""
    return getattr(holder, "visibility", None) == Visibility.CONFIDENTIAL


def for_facts(holder: Any, value: Any) -> Any:
    """`value` as a fact derived from `holder` (a document or statement) may hold it.

    The evidence of a confidential document is sealed (refwatch.knowledge.fields), but facts are
    what the other roles see, searched and exported, so they are stored in clear with every
    protected name replaced by its pseudonym: the name is never written to a fact's column, not
    even for a moment. The store protects the document's names before anything is written, so
    redaction knows them all. Strings inside lists and dicts are redacted too.
    """
    if not value or not confidential(holder):
        return value

    def clean(v: Any) -> Any:
        if isinstance(v, str):
            return pseudonyms.pseudonymise(v)
        if isinstance(v, list | tuple):
            return [clean(x) for x in v]
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        return v

    return clean(value)


# Fields of a letter record that become statements of their own.
NESTED = {"senders", "recipients", "asks", "references", "commitments", "outcomes"}


def record_json(record: Evidence) -> dict[str, Any]:
    """Every field of an extraction record as JSON (nested records are stored on their own)."""
    out: dict[str, Any] = {}
    for f in fields(record):
        if f.name in NESTED:
            continue
        value = getattr(record, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def new_statement(document: Document, kind: str, record: Evidence, **fact: Model) -> Statement:
    statement = statement_for(document, kind, record, **fact)
    statement.save(force_insert=True)
    return statement


def statement_for(document: Document, kind: str, record: Evidence, **fact: Model) -> Statement:
    """A statement of `record` in `document`, not yet saved (to be written with others at once)."""
    from refwatch.extract.model import EXTRACTOR_VERSION

    mark: tuple[int, int] | None = None
    spans = [s for s in (getattr(record, "count_span", None), getattr(record, "date_span", None)) if s]
    if spans:
        mark = (min(s[0] for s in spans), max(s[1] for s in spans))
    return Statement(
        document=document,
        kind=kind,
        start=max(record.start, 0),
        end=max(record.end, record.start, 0),
        quote=record.quote,
        mark_start=mark[0] if mark else None,
        mark_end=mark[1] if mark else None,
        extractor=record.extractor,
        extractor_version=EXTRACTOR_VERSION,
        confidence=record.confidence,
        record=record_json(record),
        visibility=document.visibility,
        places=places.places_at(document.text or "", record.start, record.end)
        if kind in places.PLACED_KINDS
        else [],
        **fact,
    )


# One key for every writer that merges: the advisory lock below is taken with it.
_MERGE_LOCK = 0x7265_6677  # "refw"


def lock() -> None:
    """Serialise merging for the rest of the current transaction.

    Merging reads the facts and then writes them (is this incident already stored?); two
    documents merged at once could each miss the other's incident and store it twice. SQLite
    already runs one writing transaction at a time (settings: transaction_mode IMMEDIATE);
    PostgreSQL is told to with a transaction-scoped advisory lock.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_MERGE_LOCK])


# --- keeping a fact in step with its statements ------------------------------------------------


def refresh(fact: Fact) -> Fact:
    """Recompute what a fact shows from its live statements: hidden, visibility, and for an
    incident the count most sources give."""
    # Asked of the database, not read into memory: an actor such as China gathers a statement
    # from nearly every document, and this runs for each document that goes in.
    live = fact.statements.exclude(review=Review.REJECTED)
    visibilities = set(live.values_list("visibility", flat=True).distinct())
    fact.hidden = not visibilities
    if visibilities:
        fact.visibility = min(visibilities, key=VISIBILITY_ORDER.index)
    if isinstance(fact, Incident):
        _refresh_incident(fact, list(live))
        summarise(fact)
    elif isinstance(fact, Figure):
        fact.places = places_of(list(live))
    fact.save()
    return fact


def summarise(incident: Incident) -> None:
    """Set the incident's summary of counts in documents that are not confidential (Incident.open_low
    and the rest) from its statements as they are now; none when it has no live one there."""
    row = next(iter(open_ranges(Statement.objects.filter(incident=incident))), None)
    incident.open_low = row["low"] if row else None
    incident.open_least = row["least"] if row else None
    incident.open_high = row["high"] if row else None
    incident.open_statements = row["n"] if row else 0


def strengthen(fact: Fact, document: Document) -> None:
    """After `document` added live statements to `fact`: what `refresh` would compute, without
    reading the fact's other statements (an actor such as China has one from nearly every
    document, and this runs for every document that goes in)."""
    before = fact.statements.exclude(review=Review.REJECTED).exclude(document=document).exists()
    if before and not fact.hidden:
        fact.visibility = min(fact.visibility, document.visibility, key=VISIBILITY_ORDER.index)
    else:
        fact.visibility = document.visibility
    fact.hidden = False
    fact.save()


def _refresh_incident(incident: Incident, live: list[Statement]) -> None:
    if not live:
        return
    reviewed = {Review.ACCEPTED, Review.EDITED}

    def weight(group: tuple[tuple[int | None, str | None], list[Statement]]) -> tuple[Any, ...]:
        (count, _), statements = group
        return (
            count is not None,
            any(s.review in reviewed for s in statements),
            len({s.document_id for s in statements}),
            -min(s.pk for s in statements),
        )

    groups: dict[tuple[int | None, str | None], list[Statement]] = {}
    for s in live:
        v = s.values()
        groups.setdefault((v.get("count"), v.get("count_qualifier")), []).append(s)
    (count, qualifier), _ = max(groups.items(), key=weight)
    incident.count, incident.count_qualifier = count, qualifier
    incident.who = next((w for s in live if (w := for_facts(s, s.values().get("who")))), "")
    incident.places = places_of(live)


def places_of(live: list[Statement]) -> dict[str, str]:
    """Each gazetteer place the statements name, with the visibility
    of the most open statement naming it. A name that is no place of the gazetteer is left out:
    an analyst's edit cannot put free text in this column."""
    out: dict[str, str] = {}
    for s in sorted(live, key=lambda s: (s.document_id, s.start, s.pk)):
        _add_places(out, places.statement_places(s), s.visibility)
    return out


def _add_places(out: dict[str, str], names: list[str], visibility: str) -> None:
    for name in names:
        if name in PLACES:
            out[name] = min(out.get(name, visibility), visibility, key=VISIBILITY_ORDER.index)


# --- incidents ---------------------------------------------------------------------------------


def incident_for(values: dict[str, Any]) -> Incident:
    """The stored incident these values describe, or a new one."""
    precision = values.get("date_precision")
    # A period with no end ("since early 2020" in an undated text) stays open, not a single day.
    start = values.get("date_start")
    end = values.get("date_end") or (start if precision != "range" else None)
    origin = values.get("origin") or "China"
    destination = values.get("destination") or "North Korea"
    aggregate = bool(values.get("aggregate"))
    if start:
        candidates = Incident.objects.filter(
            date_start=start, date_end=end, origin=origin, destination=destination, aggregate=aggregate
        ).order_by("pk")
        count = values.get("count")
        if precision not in ("day", "month") and count is not None:
            # Only an incident whose live counts are this count or none can agree: its shown count
            # is this one, or none, or it has no live statement at all (hidden). Asked of the
            # index, not by reading the statements of every incident of a year.
            candidates = candidates.filter(Q(count=count) | Q(count__isnull=True) | Q(hidden=True))
        for incident in candidates:
            if precision in ("day", "month") or _counts_agree(incident, count):
                return incident
    return Incident.objects.create(
        date_start=start,
        date_end=end,
        date_precision=precision,
        count=values.get("count"),
        count_qualifier=values.get("count_qualifier"),
        origin=origin,
        destination=destination,
        who=values.get("who") or "",
        aggregate=aggregate,
    )


def _counts_agree(incident: Incident, count: int | None) -> bool:
    # A writer: every statement counts here, whoever may read it.
    counts = {s.values().get("count") for s in incident.statements.exclude(review=Review.REJECTED)} - {None}
    return count is None or not counts or counts == {count}


def add_repatriation(document: Document, record: Repatriation) -> Statement:
    incident = incident_for(for_facts(document, record_json(record)))
    statement = new_statement(document, Statement.Kind.REPATRIATION, record, incident=incident)
    refresh(incident)
    return statement


# --- figures, actors, instruments, state parties -----------------------------------------------


def figure_for(values: dict[str, Any]) -> Figure:
    figure, _ = Figure.objects.get_or_create(
        quantity=values.get("quantity") or 0,
        unit=values.get("unit") or "",
        defaults={
            "qualifier": values.get("qualifier"),
            "attributed_to": values.get("attributed_to") or "",
        },
    )
    if not figure.attributed_to and values.get("attributed_to"):
        figure.attributed_to = values["attributed_to"]
    return figure


def add_figure(document: Document, record: FigureMention) -> Statement:
    figure = figure_for(for_facts(document, record_json(record)))
    statement = new_statement(document, Statement.Kind.FIGURE, record, figure=figure)
    if statement.places:
        # The places this statement adds, without reading the figure's other statements.
        named = dict(figure.places) if isinstance(figure.places, dict) else {}
        _add_places(named, statement.places, statement.visibility)
        figure.places = named
    strengthen(figure, document)
    return statement


def actor_for(name: str, kind: str, alias: str = "") -> Actor:
    actor, _ = Actor.objects.get_or_create(name=name, defaults={"kind": kind})
    _add_alias(actor, alias)
    return actor


def instrument_for(name: str, alias: str = "") -> Instrument:
    instrument, _ = Instrument.objects.get_or_create(name=name)
    _add_alias(instrument, alias)
    return instrument


def _add_alias(fact: Actor | Instrument, alias: str) -> None:
    alias = " ".join(alias.split())
    if alias and alias != fact.name and alias not in fact.aliases:
        fact.aliases = [*fact.aliases, alias]
        fact.save(update_fields=["aliases"])


def add_mentions(
    document: Document, actors: Iterable[ActorMention], instruments: Iterable[InstrumentMention]
) -> None:
    touched: dict[tuple[str, int], Fact] = {}
    # Written in one INSERT: a letter names the PRC thirty times.
    pending: list[Statement] = []
    # Each name looked up once, however often the document names it.
    known_actors: dict[str, Actor] = {}
    known_instruments: dict[str, Instrument] = {}
    for a in actors:
        if not a.name:
            continue
        name = for_facts(document, a.name)
        if a.kind == Actor.Kind.PERSON and confidential(document) and name == a.name:
            # A person of a confidential document whose name redaction does not know: no Actor
            # row rather than the name in clear (the sealed statement keeps the mention).
            pending.append(statement_for(document, Statement.Kind.ACTOR, a))
            continue
        # Otherwise a person of a confidential document is the Actor named by its pseudonym,
        # which links the documents that tell of one person without saying who.
        actor = known_actors.get(name) or actor_for(name, a.kind)
        known_actors[name] = actor
        _add_alias(actor, for_facts(document, a.text))
        pending.append(statement_for(document, Statement.Kind.ACTOR, a, actor=actor))
        touched["actor", actor.pk] = actor
    for i in instruments:
        if not i.name:
            continue
        name = for_facts(document, i.name)
        instrument = known_instruments.get(name) or instrument_for(name)
        known_instruments[name] = instrument
        _add_alias(instrument, for_facts(document, i.text))
        pending.append(statement_for(document, Statement.Kind.INSTRUMENT, i, instrument=instrument))
        touched["instrument", instrument.pk] = instrument
    Statement.objects.bulk_create(pending, batch_size=200)
    # Once per fact rather than per mention: a letter names the PRC thirty times.
    for fact in touched.values():
        strengthen(fact, document)


def state_party_for(values: dict[str, Any]) -> StateParty:
    state = actor_for(values.get("state") or "unknown state", Actor.Kind.STATE)
    instrument = instrument_for(values.get("instrument") or "unknown instrument")
    party, _ = StateParty.objects.get_or_create(
        state=state, instrument=instrument, action=values.get("action") or "ratified", date=values.get("date")
    )
    return party


def add_ratification(document: Document, record: Ratification) -> Statement:
    party = state_party_for(for_facts(document, record_json(record)))
    statement = new_statement(document, Statement.Kind.RATIFICATION, record, state_party=party)
    strengthen(party, document)
    return statement


def remerge(statement: Statement) -> list[Fact]:
    """Put a statement whose values changed (an analyst's edit) on the fact they now describe.

    Returns the facts touched (the old one and the new one), already refreshed.
    """
    old = statement.fact
    values = for_facts(statement, statement.values())
    new: Fact | None = None
    field = ""
    if statement.kind == Statement.Kind.REPATRIATION:
        field, new = "incident", incident_for(values) if statement.live else old
    elif statement.kind == Statement.Kind.FIGURE:
        field, new = "figure", figure_for(values)
    elif statement.kind == Statement.Kind.ACTOR and values.get("name"):
        field, new = "actor", actor_for(values["name"], values.get("kind") or "organization")
    elif statement.kind == Statement.Kind.INSTRUMENT and values.get("name"):
        field, new = "instrument", instrument_for(values["name"])
    elif statement.kind == Statement.Kind.RATIFICATION:
        field, new = "state_party", state_party_for(values)
    touched: list[Fact] = []
    if field and new is not None and new != old:
        setattr(statement, field, new)
        statement.save(update_fields=[field])
        touched.append(new)
    if old is not None and isinstance(old, Fact):
        touched.append(old)
    for fact in touched:
        refresh(fact)
    return touched
