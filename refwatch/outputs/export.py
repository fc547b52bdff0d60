"""Exports of the record: CSV with ACLED-style columns, JSON, and FollowTheMoney entities.

Each kind's columns are described once (`COLUMNS`): the CSV, its documentation
(docs/exports.md, see `columns_markdown`) and the dtypes a reader loads it with all come from
there. What an export holds is what its reader may see (refwatch.outputs.evidence), protected
names as pseudonyms, and every export is audited with the ids it held.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from refwatch.extract.gazetteer import PLACES, Place
from refwatch.knowledge.queries import Reader
from refwatch.outputs.evidence import (
    Citation,
    DocumentRow,
    Evidence,
    FigureRow,
    IncidentRow,
    LetterRow,
    PartyRow,
)
from refwatch.outputs.placemap import KIND_LABELS

KINDS = ("incidents", "figures", "letters", "documents")
FORMATS = ("csv", "json", "ftm")
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "ftm": "application/x-ndjson"}
SUFFIXES = {"csv": "csv", "json": "json", "ftm": "ftm.json"}

# ACLED's time_precision: 1 the day is known, 2 a span of days, 3 the month; 4 (the year only)
# is refwatch's, since returns are often known by year alone.
PRECISION_CODES = {"day": 1, "range": 2, "month": 3, "year": 4}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # as pandas reads it: "string", "Int64", "boolean", "datetime64" (any unit)
    doc: str
    get: Callable[[Any], Any]


def _sources(cites: list[Citation]) -> str:
    return "; ".join(sorted({" ".join(b for b in (c.publisher, c.title, c.date) if b) for c in cites}))


def _originals(cites: list[Citation]) -> str:
    return "; ".join(sorted({c.attributed_to for c in cites if c.attributed_to}))


def _verified(row: Any) -> bool:
    return bool(row.verified)


def _incident_notes(row: IncidentRow) -> str:
    notes = []
    if row.conflicting:
        given: dict[int, set[int]] = {}
        for count, _q, cite in row.counts:
            given.setdefault(count, set()).add(cite.document_id)
        notes.append(
            "sources differ: "
            + " or ".join(f"{c:,} ({len(d)} document{'s' * (len(d) > 1)})" for c, d in sorted(given.items()))
        )
    if row.aggregate:
        notes.append("a total over the period, not one event")
    if row.who:
        notes.append(f"who: {row.who}")
    return "; ".join(notes)


def _people(parties: list[PartyRow]) -> str:
    return "; ".join(
        p.name + (f", {p.title}" if p.title else "") + (f" [{p.bioguide}]" if p.bioguide else "")
        for p in parties
    )


COLUMNS: dict[str, list[Column]] = {
    "incidents": [
        Column("event_id", "string", "stable id: refwatch-incident-N", lambda r: f"refwatch-incident-{r.id}"),
        Column(
            "event_date_start",
            "datetime64",
            "first day the return may have happened",
            lambda r: r.date_start,
        ),
        Column("event_date_end", "datetime64", "last day it may have happened", lambda r: r.date_end),
        Column(
            "time_precision",
            "Int64",
            "1 day, 2 a span of days (range), 3 month, 4 year (ACLED's codes 1-3, plus 4)",
            lambda r: PRECISION_CODES.get(r.precision),
        ),
        Column("best", "Int64", "the count most sources give", lambda r: r.best),
        Column("low", "Int64", "the lowest count a source gives (the most conservative)", lambda r: r.low),
        Column("high", "Int64", "the highest count a source gives", lambda r: r.high),
        Column(
            "qualifier", "string", "exact, approximately, at_least, more_than, up_to", lambda r: r.qualifier
        ),
        Column("from", "string", "the state that returned them", lambda r: r.origin),
        Column("to", "string", "the state they were returned to", lambda r: r.destination),
        Column("place", "string", "where, when a source says (else empty)", lambda r: ""),
        Column(
            "aggregate", "boolean", "true for a total over a period, not one event", lambda r: r.aggregate
        ),
        Column("verified", "boolean", "a person accepted one of its statements", _verified),
        Column(
            "source_count",
            "Int64",
            "documents that support it",
            lambda r: len({c.document_id for c in r.citations}),
        ),
        Column("source", "string", "the documents: publisher, title, date", lambda r: _sources(r.citations)),
        Column(
            "original_source",
            "string",
            "whom the documents attribute it to (e.g. CECC)",
            lambda r: _originals(r.citations),
        ),
        Column(
            "places",
            "string",
            "places of the gazetteer its statements name (province, city, crossing); …",
            lambda r: "; ".join(r.places),
        ),
        Column("notes", "string", "conflicting counts, aggregate, who was returned", _incident_notes),
        Column("visibility", "string", "public, internal or confidential", lambda r: r.visibility),
    ],
    "figures": [
        Column("figure_id", "string", "stable id: refwatch-figure-N", lambda r: f"refwatch-figure-{r.id}"),
        Column("best", "Int64", "the quantity", lambda r: r.quantity),
        Column(
            "qualifier", "string", "exact, approximately, at_least, more_than, up_to", lambda r: r.qualifier
        ),
        Column("unit", "string", "what is counted", lambda r: r.unit),
        Column(
            "places",
            "string",
            "places of the gazetteer its statements name (e.g. where people are detained); …",
            lambda r: "; ".join(r.places),
        ),
        Column("verified", "boolean", "a person accepted one of its statements", _verified),
        Column(
            "source_count",
            "Int64",
            "documents that support it",
            lambda r: len({c.document_id for c in r.citations}),
        ),
        Column("source", "string", "the documents: publisher, title, date", lambda r: _sources(r.citations)),
        Column(
            "original_source",
            "string",
            "whom the documents attribute it to",
            lambda r: "; ".join(x for x in sorted({r.attributed_to, _originals(r.citations)}) if x),
        ),
        Column(
            "notes",
            "string",
            "the passage of the first source",
            lambda r: r.citations[0].quote if r.citations else "",
        ),
        Column("visibility", "string", "public, internal or confidential", lambda r: r.visibility),
    ],
    "letters": [
        Column("letter_id", "string", "stable id: refwatch-letter-N", lambda r: f"refwatch-letter-{r.id}"),
        Column("date", "datetime64", "the letter's date", lambda r: r.date),
        Column("recipients", "string", "name, title [bioguide]; …", lambda r: _people(r.recipients)),
        Column(
            "signers",
            "string",
            "name, title [bioguide]; … in the order they sign",
            lambda r: _people(r.senders),
        ),
        Column("signer_count", "Int64", "how many sign", lambda r: len(r.senders)),
        Column(
            "asks",
            "string",
            "each requested action, separated by ' | '",
            lambda r: " | ".join(a.text for a in r.asks),
        ),
        Column(
            "outcomes",
            "string",
            "what became of earlier asks, ' | '",
            lambda r: " | ".join(o.text for o in r.outcomes),
        ),
        Column(
            "follows_up",
            "string",
            "the letter it follows up (stable id)",
            lambda r: f"refwatch-letter-{r.follows_up}" if r.follows_up else "",
        ),
        Column(
            "reported", "boolean", "told of by another document, not the letter itself", lambda r: r.reported
        ),
        Column("verified", "boolean", "a person accepted one of its statements", _verified),
        Column("source", "string", "the documents: publisher, title, date", lambda r: _sources(r.citations)),
        Column("visibility", "string", "public, internal or confidential", lambda r: r.visibility),
    ],
    "documents": [
        Column(
            "document_id", "string", "stable id: refwatch-document-N", lambda r: f"refwatch-document-{r.id}"
        ),
        Column("title", "string", "as given or read", lambda r: r.title),
        Column("type", "string", "letter, report, news, statement, other", lambda r: r.doc_type),
        Column("date", "string", "the document's date, ISO, as precise as known", lambda r: r.date),
        Column("published", "string", "when published, ISO, as precise as known", lambda r: r.published),
        Column("publisher", "string", "who published it", lambda r: r.publisher),
        Column("url", "string", "where it was found", lambda r: r.url),
        Column("media_type", "string", "the file's type", lambda r: r.media_type),
        Column("sha256", "string", "SHA-256 of the original bytes", lambda r: r.sha256),
        Column("size", "Int64", "bytes", lambda r: r.size),
        Column("statements", "Int64", "live statements read from it", lambda r: r.facts),
        Column("visibility", "string", "public, internal or confidential", lambda r: r.visibility),
    ],
}


def columns_markdown() -> str:
    """The columns of every kind as Markdown tables (docs/exports.md holds this)."""
    out = []
    for kind, columns in COLUMNS.items():
        out += [f"### {kind}", "", "| column | dtype | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.dtype} | {c.doc} |" for c in columns]
        out.append("")
    return "\n".join(out)


def dtypes(kind: str) -> tuple[dict[str, str], list[str]]:
    """What `pandas.read_csv(path, dtype=..., parse_dates=...)` takes for a kind's CSV."""
    cols = COLUMNS[kind]
    dates = [c.name for c in cols if c.dtype.startswith("datetime")]
    return {c.name: c.dtype for c in cols if c.name not in dates}, dates


# --- reading ------------------------------------------------------------------------------------


# The kinds whose export can be a list page's selection (the ids its filters kept, in its order).
SELECTABLE = ("incidents", "figures", "letters", "documents")


def rows(
    evidence: Evidence,
    kind: str,
    *,
    start: str | None = None,
    end: str | None = None,
    only: Sequence[int] | None = None,
) -> list[Any]:
    if only is not None and kind not in SELECTABLE:
        raise ValueError(f"{kind} cannot be exported as a selection: one of {', '.join(SELECTABLE)}")
    if kind == "incidents":
        return evidence.incidents(start=start, end=end, only=only)
    if kind == "figures":
        return evidence.figures(only=only)
    if kind == "letters":
        return evidence.letters(start=start, end=end, only=only)
    if kind == "documents":
        return evidence.documents(only=only)
    raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")


# --- formats ------------------------------------------------------------------------------------


def to_csv(kind: str, records: Iterable[Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in COLUMNS[kind]])
    for row in records:
        writer.writerow(["" if (v := c.get(row)) is None else v for c in COLUMNS[kind]])
    return out.getvalue()


def to_json(kind: str, records: Iterable[Any]) -> str:
    def plain(row: Any) -> dict[str, Any]:
        data = asdict(row)
        data["stable_id"] = COLUMNS[kind][0].get(row)
        if isinstance(row, IncidentRow):
            data.pop("counts")
            data["counts"] = [
                {"count": c, "qualifier": q, "statement_id": s.statement_id} for c, q, s in row.counts
            ]
        return data

    return json.dumps({"kind": kind, "records": [plain(r) for r in records]}, ensure_ascii=False, indent=1)


def entity_id(schema: str, *key: Any) -> str:
    """The id `FtM.make` gives an entity of `schema` made with `key` (to link to it)."""
    return str(model.make_entity(schema).make_id("refwatch", schema, *key))


def _enclosing(place: Place) -> list[Place]:
    """`place` and the places it lies within, smallest first (a city, its prefecture, province)."""
    chain = [place]
    while chain[-1].within in PLACES and PLACES[chain[-1].within] not in chain:
        chain.append(PLACES[chain[-1].within])
    return chain


def full_address(name: str) -> str:
    """A place of the gazetteer as an address reads: "Tumen, Yanbian, Jilin, China"."""
    place = PLACES[name]
    names = [p.name for p in _enclosing(place)]
    return ", ".join(names + ([place.country] if place.country and place.country not in names else []))


class FtM:
    """FollowTheMoney entities for Aleph: a document is a Document, an incident an Event proven
    by its documents, a letter a Message from its first signer to its recipients (a reported
    letter with no known signer an Event), its people Person entities, asks and figures Notes.
    A place of the gazetteer that an incident or a figure names is an Address (FtM's entity of
    structured place information: name, region, country, point), linked by `addressEntity`, its
    text in `location` (an Event's) or `address` (a Note's) as Aleph shows them; only the places
    the rows hold, which their reader may see (Reader.places_of, Reader.places_said)."""

    def __init__(self) -> None:
        self.entities: dict[str, EntityProxy] = {}

    def make(self, schema: str, *key: Any, **props: Any) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.id = entity_id(schema, *key)
        for prop, value in props.items():
            for v in value if isinstance(value, list) else [value]:
                if v not in (None, ""):
                    proxy.add(prop, v)
        # The model's own check, and the required properties it leaves to the caller.
        try:
            proxy.schema.validate(proxy.to_dict())
        except InvalidData as error:
            raise InvalidData(f"{schema}: {error.errors}") from error
        missing = [p for p in proxy.schema.required if not proxy.get(p)]
        if missing:
            raise InvalidData(f"{schema} without {', '.join(missing)}")
        self.entities[proxy.id] = proxy
        return proxy

    def document(self, doc_id: int, cite: Citation | None = None, row: DocumentRow | None = None) -> str:
        if row is not None:
            return self.make(
                "Document",
                doc_id,
                fileName=row.filename or row.sha256,
                title=row.title,
                mimeType=row.media_type,
                # FtM's contentHash is a SHA-1 (Aleph's archive); the original's SHA-256 is noted.
                notes=f"sha256:{row.sha256}",
                date=row.date,
                publishedAt=row.published,
                publisher=row.publisher,
                sourceUrl=row.url,
                fileSize=row.size,
            ).id
        assert cite is not None
        return self.make(
            "Document",
            doc_id,
            fileName=cite.title or f"document {doc_id}",
            title=cite.title,
            date=cite.date,
            publisher=cite.publisher,
        ).id

    def proofs(self, cites: list[Citation]) -> list[str]:
        return [self.document(c.document_id, c) for c in {c.document_id: c for c in cites}.values()]

    def place(self, name: str) -> str:
        """The Address of a place of the gazetteer, made once however many records name it."""
        key = entity_id("Address", "place", name)
        if key in self.entities:
            return key
        place = PLACES[name]
        chain = _enclosing(place)
        return self.make(
            "Address",
            "place",
            name,
            name=name,
            full=full_address(name),
            city=name if place.kind in ("city", "crossing") else None,
            region=next((p.name for p in chain if p.kind == "province"), None),
            country=registry.country.clean(place.country) if place.country else None,
            latitude=place.lat,
            longitude=place.lon,
            summary=KIND_LABELS[place.kind],
        ).id

    def placed(self, names: Iterable[str], text: str) -> dict[str, list[str]]:
        """The properties that put an entity at `names`: the Addresses, their text as `text` (the
        entity's own property: an Event's `location`, a Note's `address`) and their states."""
        names = [n for n in dict.fromkeys(names) if n in PLACES]
        return {
            "addressEntity": [self.place(n) for n in names],
            text: [full_address(n) for n in names],
            "country": [c for n in names if (c := registry.country.clean(PLACES[n].country))],
        }

    def person(self, p: PartyRow) -> str:
        return self.make(
            "Person",
            p.bioguide or p.name,
            name=p.name,
            position=p.title,
            address=", ".join(p.address),
            country="us" if p.bioguide else None,
        ).id

    def add(self, row: Any) -> None:
        if isinstance(row, DocumentRow):
            self.document(row.id, row=row)
        elif isinstance(row, IncidentRow):
            placed = self.placed(row.places, "location")
            self.make(
                "Event",
                "incident",
                row.id,
                name=f"{row.count_text} returned from {row.origin} to {row.destination}, {row.when}",
                summary=_incident_notes(row),
                startDate=row.date_start,
                endDate=row.date_end,
                country=[
                    "cn" if row.origin == "China" else None,
                    "kp" if row.destination == "North Korea" else None,
                    *placed.pop("country"),
                ],
                proof=self.proofs(row.citations),
                publisher=_originals(row.citations),
                recordId=f"refwatch-incident-{row.id}",
                **placed,
            )
        elif isinstance(row, FigureRow):
            proofs = self.proofs(row.citations)
            for doc in proofs or [None]:
                # Each document's note where that document puts it; with none, where the figure is.
                said = [
                    p for c in row.citations if entity_id("Document", c.document_id) == doc for p in c.places
                ]
                self.make(
                    "Note",
                    "figure",
                    row.id,
                    doc,
                    entity=doc,
                    name=row.text,
                    description="; ".join(c.quote for c in row.citations),
                    publisher=row.attributed_to or _originals(row.citations),
                    **self.placed(said if doc else row.places, "address"),
                )
        elif isinstance(row, LetterRow):
            recipients = [self.person(p) for p in row.recipients]
            senders = [self.person(p) for p in row.senders]
            common = {
                "name": row.title,
                "date": row.date,
                "proof": self.proofs(row.citations),
                "recordId": f"refwatch-letter-{row.id}",
            }
            if senders:
                letter = self.make(
                    "Message",
                    "letter",
                    row.id,
                    sender=senders[0],
                    recipients=recipients,
                    title=row.title,
                    subject=row.title,
                    bodyText="\n".join(a.text for a in row.asks) or row.title,
                    inReplyToMessage=(
                        entity_id("Message", "letter", row.follows_up) if row.follows_up else None
                    ),
                    **common,
                )
                # The other signers: each a party to the letter, as Aleph links them.
                for n, sender in enumerate(senders[1:], 1):
                    self.make(
                        "UnknownLink", "signer", row.id, n, subject=sender, object=letter.id, role="signer"
                    )
            else:
                letter = self.make("Event", "letter", row.id, involved=recipients, **common)
            for ask in row.asks:
                self.make(
                    "Note",
                    "ask",
                    ask.id,
                    entity=letter.id,
                    name="ask",
                    description=ask.text,
                    summary=ask.target,
                )


def to_ftm(records: Iterable[Any]) -> str:
    ftm = FtM()
    for row in records:
        ftm.add(row)
    return "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in ftm.entities.values())


# --- the export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """What an export made (the shape refwatch.actions.Actions.export audits): its bytes, and
    what it held (kind of record → ids)."""

    content: bytes
    media_type: str
    filename: str
    held: dict[str, list[int]]

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.held.values())


def build(
    reader: Reader,
    kind: str,
    fmt: str,
    *,
    start: str | None = None,
    end: str | None = None,
    only: Sequence[int] | None = None,
) -> Export:
    """What `reader` may see of `kind`, as `fmt` (run through Actions.export, which audits it);
    with `only`, just those records (a filtered list's), in that order."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    records = rows(Evidence(reader), kind, start=start, end=end, only=only)
    make = {
        "csv": lambda: to_csv(kind, records),
        "json": lambda: to_json(kind, records),
        "ftm": lambda: to_ftm(records),
    }
    return Export(
        make[fmt]().encode("utf-8"),
        f"{MEDIA_TYPES[fmt]}; charset=utf-8",
        f"refwatch-{kind}.{SUFFIXES[fmt]}",
        {kind: [r.id for r in records]},
    )
