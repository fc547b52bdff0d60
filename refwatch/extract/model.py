"""What extraction finds: plain records, each with the exact span of text it came from.

These are the *statements* of the data flow (bytes → text → statements → facts →
outputs). They know nothing of storage; `refwatch.knowledge` turns them into facts.
Every record carries `start`/`end` (character offsets into the text given to
`extract`), the verbatim `quote` (`text[start:end]`, or the sentence that holds the
fact), a `confidence` in 0..1 and the `extractor` that made it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EXTRACTOR_VERSION = "0.1.0"

DocType = Literal["letter", "news", "report", "statement", "other"]
Precision = Literal["day", "month", "year", "range"]
Qualifier = Literal["exact", "approximately", "at_least", "more_than", "up_to"]
Chamber = Literal["house", "senate"]


@dataclass
class Evidence:
    """Where a record came from: the span, its quote, who made it and how sure it is."""

    start: int = 0
    end: int = 0
    quote: str = ""
    confidence: float = 0.5
    extractor: str = ""

    def evidence_json(self) -> dict[str, Any]:
        return {
            "span": [self.start, self.end],
            "quote": self.quote,
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
            "extractor_version": EXTRACTOR_VERSION,
        }


@dataclass
class DateMention(Evidence):
    """A date or interval as the text gives it, normalised to ISO bounds."""

    date_start: str | None = None
    date_end: str | None = None
    precision: Precision | None = None
    relative: bool = False  # resolved against the document's date


@dataclass
class Party(Evidence):
    """A sender or recipient of a letter, as the text names and titles them."""

    name: str = ""
    title: str | None = None
    chamber: Chamber | None = None
    address: list[str] = field(default_factory=list)
    cc: bool = False
    # An organisation writing in its own name ("Human Rights Watch sent a letter"): a party of
    # the letter, but no person among its signers.
    organisation: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "title": self.title}
        if self.chamber:
            out["chamber"] = self.chamber
        if self.address:
            out["address"] = self.address
        if self.cc:
            out["cc"] = True
        return out | self.evidence_json()


@dataclass
class Ask(Evidence):
    """One requested action, from its verb ("condemn …", "urge … to halt …")."""

    text: str = ""
    target: str | None = None  # who is asked to act, where the text says

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "target": self.target} | self.evidence_json()


@dataclass
class Reference(Evidence):
    """An earlier letter this one refers to ("In November 2025, … wrote to … Perdue")."""

    date: str | None = None  # ISO, as precise as the text: "2025-11" or "2025-11-07"
    recipient: str | None = None
    senders: str | None = None
    summary: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "recipient": self.recipient,
            "senders": self.senders,
            "summary": self.summary,
        } | self.evidence_json()


@dataclass
class Commitment(Evidence):
    """A promise someone made ("you committed to holding the PRC accountable")."""

    who: str | None = None
    what: str = ""
    where: str | None = None
    when: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "what": self.what,
            "where": self.where,
            "when": self.when,
        } | self.evidence_json()


@dataclass
class Outcome(Evidence):
    """What became of an ask ("all of which have been repeatedly denied")."""

    text: str = ""
    status: str | None = None  # e.g. "denied", "granted", "pending"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "status": self.status} | self.evidence_json()


@dataclass
class Letter(Evidence):
    """The letter the document is, or (`reported`) the one it describes."""

    reported: bool = False
    date: str | None = None
    salutation: str | None = None
    senders: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def bicameral(self) -> bool:
        return {p.chamber for p in self.senders} >= {"house", "senate"}

    def to_json(self) -> dict[str, Any]:
        return {
            "reported": self.reported,
            "date": self.date,
            "salutation": self.salutation,
            # The contract's senders are people; organisations writing in their own name apart.
            "senders": [p.to_json() for p in self.senders if not p.organisation],
            "sender_organisations": [p.name for p in self.senders if p.organisation],
            "recipients": [p.to_json() for p in self.recipients],
            "asks": [a.text for a in self.asks],
            "ask_details": [a.to_json() for a in self.asks],
            "references": [r.to_json() for r in self.references],
            "commitments": [c.to_json() for c in self.commitments],
            "outcomes": [o.to_json() for o in self.outcomes],
            "bicameral": self.bicameral,
        } | self.evidence_json()


@dataclass
class Repatriation(Evidence):
    """A statement that people were returned from China to North Korea."""

    date_start: str | None = None
    date_end: str | None = None
    date_precision: Precision | None = None
    relative: bool = False
    count: int | None = None
    count_min: int | None = None
    count_qualifier: Qualifier | None = None
    aggregate: bool = False
    origin: str = "China"
    destination: str = "North Korea"
    who: str | None = None  # who was returned: "North Korean refugees", "defectors"
    attributed_to: str | None = None
    count_span: tuple[int, int] | None = None
    date_span: tuple[int, int] | None = None
    # Canonical names of the gazetteer's places its sentence names: "Dandong", "Onsong".
    places: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date_start": self.date_start,
            "date_end": self.date_end,
            "date_precision": self.date_precision,
            "count": self.count,
            "count_qualifier": self.count_qualifier,
            "from": self.origin,
            "to": self.destination,
            "who": self.who,
            "attributed_to": self.attributed_to,
        }
        if self.count_min is not None:
            out["count_min"] = self.count_min
        if self.aggregate:
            out["aggregate"] = True
        if self.relative:
            out["relative"] = True
        out["count_span"] = list(self.count_span) if self.count_span else None
        out["date_span"] = list(self.date_span) if self.date_span else None
        out["places"] = list(self.places)
        return out | self.evidence_json()


@dataclass
class Figure(Evidence):
    """A count of people other than a repatriation (children born, detainees, people at risk)."""

    quantity: int = 0
    unit: str = ""
    qualifier: Qualifier | None = None
    attributed_to: str | None = None
    count_span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "quantity": self.quantity,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "attributed_to": self.attributed_to,
            "count_span": list(self.count_span) if self.count_span else None,
        } | self.evidence_json()


@dataclass
class ActorMention(Evidence):
    """A mention of a person, organisation or state, linked to its canonical name."""

    name: str = ""  # canonical: "China", "North Korea", "Congressional-Executive Commission on China"
    kind: Literal["person", "organization", "state"] = "organization"
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "text": self.text} | self.evidence_json()


@dataclass
class InstrumentMention(Evidence):
    """A mention of a legal instrument (treaty, protocol, agreement) or principle."""

    name: str = ""  # canonical
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text} | self.evidence_json()


@dataclass
class Ratification(Evidence):
    """A state's ratification of, accession to or signature of an instrument, with its date."""

    state: str = ""
    instrument: str = ""
    action: Literal["ratified", "acceded", "signed", "party"] = "ratified"
    date: str | None = None  # ISO, as precise as the text

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "instrument": self.instrument,
            "action": self.action,
            "date": self.date,
        } | self.evidence_json()


@dataclass
class Extraction:
    """Everything extraction found in one text."""

    doc_type: DocType = "other"
    doc_date: str | None = None
    doc_date_source: Literal["text", "meta"] | None = None
    doc_date_span: tuple[int, int] | None = None
    title: str | None = None
    letter: Letter | None = None
    repatriations: list[Repatriation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    instruments: list[InstrumentMention] = field(default_factory=list)
    ratifications: list[Ratification] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self, file: str | None = None) -> dict[str, Any]:
        """The record of the extraction contract (see shared/eval/README.md), with extra keys."""
        out: dict[str, Any] = {}
        if file is not None:
            out["file"] = file
        out |= {
            "doc_type": self.doc_type,
            "doc_date": self.doc_date,
            "doc_date_source": self.doc_date_source,
            "title": self.title,
            "letter": self.letter.to_json() if self.letter else None,
            "repatriations": [r.to_json() for r in self.repatriations],
            "other_figures": [f.to_json() for f in self.figures],
            "actors": [a.to_json() for a in self.actors],
            "instruments": [i.to_json() for i in self.instruments],
            "ratifications": [r.to_json() for r in self.ratifications],
            "commitments": [c.to_json() for c in self.letter.commitments] if self.letter else [],
            "references": [r.to_json() for r in self.letter.references] if self.letter else [],
            "extractor_version": EXTRACTOR_VERSION,
        }
        if self.warnings:
            out["warnings"] = self.warnings
        return out


def as_dict(record: Evidence) -> dict[str, Any]:
    """A record as a plain dict, every field included (for storage)."""
    return asdict(record)
