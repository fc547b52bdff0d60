"""Pages of what is extracted: actors, legal instruments (with the reference data of
refwatch.knowledge.law) and Members of Congress (the roster), each with every record of the store
where it appears, read through the Reader: a record the reader may not see is not listed, and a
protected name is neither a page nor a line of one for a reader who may not see it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from refwatch.knowledge import law
from refwatch.knowledge.models import Actor, Instrument, Legislator, Letter, LetterParty, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.terms import term_of
from refwatch.protection.names import redact
from refwatch.web import filters
from refwatch.web.views import PAGE_SIZE, _found, fact_url, public_read, span_url

MAX_MENTIONS = 200  # statements listed on one page; the count says how many more there are


def _mention(st: Statement, user: Any) -> dict[str, Any]:
    doc = st.document
    return {
        "st": st,
        # Against the whole text, as on the document page: a quote can name a protected person.
        "quote": redact(st.quote, user, doc.text, about=doc.confidential),
        "url": span_url(st),
        "fact_url": fact_url(st),
    }


def _shown_name(name: str, user: Any) -> bool:
    """Whether `name` reads as itself for this user (a protected name reads as a pseudonym)."""
    return redact(name, user) == name


# --- actors ---------------------------------------------------------------------------------


@public_read
@require_GET
def actors(request: HttpRequest) -> HttpResponse:
    listed = filters.actors(request, Reader.for_user(request.user))
    page = Paginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/entities/actors.html",
        {"page": page, "listed": listed, "sort": listed.sort, "kinds": filters.ACTOR_KINDS},
    )


def _overlapping(inner: list[tuple[int, int, int]], outer: list[dict[str, Any]], key: str) -> set[int]:
    """The `key` ids of the `outer` spans that hold one of the `inner` (document, start, end)."""
    by_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for doc, start, end in inner:
        by_doc[doc].append((start, end))
    return {
        o[key]
        for o in outer
        if any(o["start"] <= s and e <= o["end"] for s, e in by_doc.get(o["document_id"], ()))
    }


@public_read
@require_GET
def actor(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    act: Actor = _found(reader.actors(pk=pk).first())
    if not _shown_name(act.name, request.user):
        _found(None)
    names = [act.name, *(a for a in act.aliases or [] if _shown_name(a, request.user))]
    mentions = reader.live_statements(actor=act).order_by("document_id", "start", "pk")
    spans = list(mentions.values_list("document_id", "start", "end"))
    docs = {d for d, _, _ in spans}
    # An incident the actor is the returning or receiving state of, or whose sentence names it.
    said = reader.live_statements(document_id__in=docs, incident__isnull=False).values(
        "document_id", "start", "end", "incident_id"
    )
    incident_ids = _overlapping(spans, list(said), "incident_id")
    incidents = reader.incidents().filter(
        Q(pk__in=incident_ids) | Q(origin__in=names) | Q(destination__in=names)
    )
    letters = reader.letters().filter(Q(document_id__in=docs) | Q(parties__actor=act)).distinct()
    promised = reader.live_statements(document_id__in=docs, commitment__isnull=False).values(
        "document_id", "start", "end", "commitment_id"
    )
    commitment_ids = _overlapping(spans, list(promised), "commitment_id")
    commitments = [
        c
        for c in reader.commitments()
        if c.pk in commitment_ids or any(n.casefold() in (c.who or "").casefold() for n in names)
    ]
    statements = [_mention(s, request.user) for s in mentions[:MAX_MENTIONS]]
    return render(
        request,
        "web/entities/actor.html",
        {
            "actor": act,
            "aliases": names[1:],
            "incidents": incidents,
            "letters": letters,
            "commitments": [{"c": c, "url": _first_url(reader, commitment=c)} for c in commitments],
            "statements": statements,
            "more": max(0, len(spans) - MAX_MENTIONS),
            "instrument": law.named(act.name),
        },
    )


def _first_url(reader: Reader, **where: Any) -> str | None:
    st = reader.first_span(**where)
    return span_url(st) if st else None


# --- legal instruments ----------------------------------------------------------------------


def _extracted(reader: Reader, inst: law.LegalInstrument) -> list[Instrument]:
    return [i for i in reader.instruments() if inst.known_as(i.name) or any(map(inst.known_as, i.aliases))]


@public_read
@require_GET
def instruments(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    known = law.instruments()
    others = [
        {"i": i, "mentions": reader.live_statements(instrument=i).count()}
        for i in reader.instruments()
        if law.named(i.name) is None and not any(law.named(a) for a in i.aliases)
    ]
    rows = [
        {
            "inst": inst,
            "mentions": reader.live_statements(instrument__in=_extracted(reader, inst)).count(),
        }
        for inst in known
    ]
    listed = filters.instruments(request, rows, others)
    return render(
        request,
        "web/entities/instruments.html",
        {"rows": listed.rows, "others": others, "listed": listed, "sort": listed.sort},
    )


@public_read
@require_GET
def instrument(request: HttpRequest, slug: str) -> HttpResponse:
    reader = Reader.for_user(request.user)
    inst = _found(law.instrument(slug))
    extracted = _extracted(reader, inst)
    return render(
        request,
        "web/entities/instrument.html",
        {"inst": inst, **_said_of(request, reader, extracted)},
    )


@public_read
@require_GET
def instrument_fact(request: HttpRequest, pk: int) -> HttpResponse:
    """An instrument documents name that the reference data does not hold (non-refoulement)."""
    reader = Reader.for_user(request.user)
    fact = _found(reader.instruments(pk=pk).first())
    return render(
        request,
        "web/entities/instrument.html",
        {"inst": None, "fact": fact, **_said_of(request, reader, [fact])},
    )


def _said_of(request: HttpRequest, reader: Reader, extracted: list[Instrument]) -> dict[str, Any]:
    """What the documents the reader may see say of these instruments: mentions and state parties."""
    mentions = reader.live_statements(instrument__in=extracted).order_by("document_id", "start", "pk")
    parties = [
        {"sp": sp, "url": _first_url(reader, state_party=sp)}
        for sp in reader.state_parties(instrument__in=extracted)
    ]
    return {
        "statements": [_mention(s, request.user) for s in mentions[:MAX_MENTIONS]],
        "more": max(0, mentions.count() - MAX_MENTIONS),
        "said_parties": parties,
    }


# --- Members of Congress --------------------------------------------------------------------


@public_read
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    listed = filters.members(request, Reader.for_user(request.user))
    page = Paginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/entities/members.html",
        {
            "page": page,
            "listed": listed,
            "sort": listed.sort,
            "parties": filters.PARTIES,
            "chambers": filters.CHAMBERS,
        },
    )


@public_read
@require_GET
def member(request: HttpRequest, bioguide: str) -> HttpResponse:
    reader = Reader.for_user(request.user)
    leg: Legislator = _found(reader.legislators(bioguide=bioguide).first())
    if not _shown_name(str(leg), request.user):
        _found(None)
    signed = list(reader.signatures(legislator=leg))
    letter_ids = {p.letter_id for p in signed}
    letters = list(reader.letters(pk__in=letter_ids).order_by(F("date").asc(nulls_last=True), "pk"))
    cosigners: dict[str, dict[str, Any]] = {}
    for p in reader.parties(role=LetterParty.Role.SENDER, letter__in=letter_ids).select_related(
        "legislator", "letter"
    ):
        if p.legislator_id == leg.pk:
            continue
        # A co-signer is named as the reader may see them: a protected name as its pseudonym,
        # without a link that would tell who it is.
        known = p.legislator if p.legislator and _shown_name(str(p.legislator), request.user) else None
        name = str(known) if known else redact(p.name, request.user)
        row = cosigners.setdefault(
            known.bioguide if known else name,
            {"leg": known, "name": name, "label": p.roster_label if known else "", "letters": set()},
        )
        row["letters"].add(p.letter_id)
    dated = [x for x in letters if x.date]
    return render(
        request,
        "web/entities/member.html",
        {
            "leg": leg,
            "term": term_of(leg, dated[-1].date if dated else None),
            "terms": leg.terms,
            "letters": [{"letter": x, "role": _roles(signed, x)} for x in letters],
            "first": dated[0] if dated else None,
            "latest": dated[-1] if dated else None,
            "cosigners": sorted(cosigners.values(), key=lambda r: (-len(r["letters"]), r["name"])),
        },
    )


def _roles(signed: list[LetterParty], letter: Letter) -> str:
    return ", ".join(sorted({p.title for p in signed if p.letter_id == letter.pk and p.title}))
