"""The record as outputs use it: plain rows of incidents, figures, letters and documents, each
with the citations that support it, read through a Reader and redacted for its user.

Exports, the brief, the letter draft and the claim check all start here, so that what one reader
may see (and the pseudonyms of protected names) is decided once. A citation is one live statement:
its document's publisher, title and date, the quoted passage and where it stands in the document.
A fact is *verified* when one of its statements was accepted (or corrected) by a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.functional import LazyObject

from refwatch.knowledge.models import (
    Commitment,
    Document,
    Fact,
    Figure,
    Incident,
    Letter,
    LetterParty,
    Outcome,
    Review,
    Statement,
)
from refwatch.knowledge.queries import Reader
from refwatch.outputs.display import format_count, format_date
from refwatch.protection.names import redact

M = TypeVar("M", bound=Model)
VERIFIED_REVIEWS = frozenset({Review.ACCEPTED, Review.EDITED})


@dataclass(frozen=True)
class Citation:
    """One statement as a footnote: who published what, when, the passage and where it stands."""

    statement_id: int
    document_id: int
    publisher: str
    title: str
    date: str
    quote: str
    start: int
    end: int
    page: int | None
    verified: bool
    attributed_to: str = ""  # the original source the document names ("CECC")
    # The places of the gazetteer its sentences name, of those its reader is shown of its fact.
    places: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        at = f"characters {self.start}–{self.end}"
        return f"page {self.page}, {at}" if self.page else at

    @property
    def path(self) -> str:
        """The place of the passage on the site (the document page at the statement)."""
        return f"/documents/{self.document_id}/#s{self.statement_id}"

    def footnote(self) -> str:
        bits = [self.publisher, f"“{self.title}”" if self.title else "", self.date or "undated"]
        head = ", ".join(b for b in bits if b)
        mark = "" if self.verified else " [unverified]"
        return f"{head}: “{self.quote}” ({self.where}){mark}"


class Evidence:
    """The record as one reader may see it, for outputs."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.user = None if reader.is_system else _resolved(reader.user)

    def text(self, value: Any) -> str:
        """Free text as this reader may see it: protected names as their pseudonyms."""
        return redact("" if value is None else str(value), self.user)

    # --- citations ----------------------------------------------------------------------------

    def publisher(self, doc: Document) -> str:
        meta = doc.meta if isinstance(doc.meta, dict) else {}
        return self.text(meta.get("publisher") or "")

    def citation(self, st: Statement, fact: Fact | None = None) -> Citation:
        doc = st.document
        return Citation(
            statement_id=st.pk,
            document_id=doc.pk,
            publisher=self.publisher(doc),
            title=self.text(doc.title or doc.filename.replace("\\", "/").rsplit("/", 1)[-1]),
            date=doc.published or doc.doc_date or "",
            quote=self.text(_passage(st.quote)),
            start=st.start,
            end=st.end,
            page=doc.page_of(st.start),
            verified=st.review in VERIFIED_REVIEWS,
            attributed_to=self.text(st.values().get("attributed_to") or ""),
            places=tuple(self.reader.places_said(st, fact)) if isinstance(fact, (Incident, Figure)) else (),
        )

    def citations(self, fact: Fact) -> list[Citation]:
        return [self.citation(s, fact) for s in self.reader.statements_for(fact)]

    # --- rows ---------------------------------------------------------------------------------

    def incidents(
        self, *, start: str | None = None, end: str | None = None, only: Sequence[int] | None = None
    ) -> list[IncidentRow]:
        """Incidents of the period; with `only`, those of a list's selection, in its order."""
        return [
            r
            for i in _selected(self.reader.incidents(), only)
            if _within(i.date_start, i.date_end, start, end)
            for r in [self.incident(i)]
        ]

    def incident(self, inc: Incident) -> IncidentRow:
        cites = self.citations(inc)
        counts: list[tuple[int, str | None, Citation]] = []
        lows: list[int] = []
        for st, cite in zip(self.reader.statements_for(inc), cites, strict=True):
            v = st.values()
            if isinstance(v.get("count"), int):
                counts.append((v["count"], v.get("count_qualifier"), cite))
                lows.append(v["count_min"] if isinstance(v.get("count_min"), int) else v["count"])
        values = sorted({c for c, _, _ in counts})
        return IncidentRow(
            id=inc.pk,
            date_start=inc.date_start or "",
            date_end=inc.date_end or inc.date_start or "",
            precision=inc.date_precision or "",
            best=inc.count,
            low=min(lows) if lows else inc.count,
            high=max(values) if values else inc.count,
            qualifier=inc.count_qualifier or "",
            origin=self.text(inc.origin),
            destination=self.text(inc.destination),
            who=self.text(inc.who),
            aggregate=inc.aggregate,
            visibility=inc.visibility,
            citations=cites,
            counts=[(c, q, cite) for c, q, cite in counts],
            places=self.reader.places_of(inc),
        )

    def figures(self, *, only: Sequence[int] | None = None) -> list[FigureRow]:
        return [
            FigureRow(
                id=f.pk,
                quantity=f.quantity,
                unit=self.text(f.unit),
                qualifier=f.qualifier or "",
                attributed_to=self.text(f.attributed_to),
                visibility=f.visibility,
                citations=self.citations(f),
                places=self.reader.places_of(f),
            )
            for f in _selected(self.reader.figures().order_by("pk"), only)
        ]

    def party(self, p: LetterParty) -> PartyRow:
        roster = self.reader.roster(p)
        return PartyRow(
            id=p.pk,
            role=p.role,
            name=self.text(p.name),
            title=self.text(p.title),
            chamber=p.chamber or roster.get("chamber", ""),
            bioguide=roster.get("bioguide", ""),
            party=roster.get("party", ""),
            state=roster.get("state", ""),
            address=[self.text(a) for a in p.address or []],
        )

    def letters(
        self, *, start: str | None = None, end: str | None = None, only: Sequence[int] | None = None
    ) -> list[LetterRow]:
        letters = [
            ltr for ltr in _selected(self.reader.letters(), only) if _within(ltr.date, ltr.date, start, end)
        ]
        # What every letter links to, read in one query a kind rather than one a letter.
        ids = [ltr.pk for ltr in letters]
        outcomes = _by_letter(self.reader.outcomes(letter__in=ids))
        commitments = _by_letter(self.reader.commitments(letter__in=ids))
        self.reader.know_letters(ltr.follows_up_id for ltr in letters)
        return [self.letter(ltr, outcomes.get(ltr.pk, []), commitments.get(ltr.pk, [])) for ltr in letters]

    def letter_heads(self) -> list[LetterRow]:
        """Every letter with its date and parties, without its asks, outcomes, commitments and
        citations (left empty): for charts, which mark letters, not their evidence."""
        return [
            LetterRow(**self._head(ltr), asks=[], outcomes=[], commitments=[], follows_up=None, citations=[])
            for ltr in self.reader.letter_heads()
        ]

    def _head(self, ltr: Letter) -> dict[str, Any]:
        """What a letter row holds of the letter itself: its date, parties and visibility."""
        return {
            "id": ltr.pk,
            "date": ltr.date or "",
            "reported": ltr.reported,
            "document_id": ltr.document_id,
            "salutation": self.text(ltr.salutation),
            "senders": [self.party(p) for p in ltr.senders],
            "recipients": [self.party(p) for p in ltr.recipients],
            "visibility": ltr.visibility,
        }

    def letter(
        self, ltr: Letter, outcomes: list[Outcome] | None = None, commitments: list[Commitment] | None = None
    ) -> LetterRow:
        reader = self.reader
        if outcomes is None:
            outcomes = list(reader.outcomes(letter=ltr))
        if commitments is None:
            commitments = list(reader.commitments(letter=ltr))
        return LetterRow(
            **self._head(ltr),
            asks=[
                AskRow(a.pk, self.text(a.text), self.text(a.target), a.status, self.citations(a))
                for a in ltr.asks.all()
            ],
            outcomes=[TextRow(o.pk, self.text(o.text), o.status, self.citations(o)) for o in outcomes],
            commitments=[
                CommitmentRow(
                    c.pk,
                    self.text(c.who),
                    self.text(c.what),
                    self.text(c.where),
                    c.when or "",
                    self.citations(c),
                )
                for c in commitments
            ],
            follows_up=reader.letter_id(ltr.follows_up_id),
            citations=self.citations(ltr),
        )

    def documents(self, *, only: Sequence[int] | None = None) -> list[DocumentRow]:
        return [
            DocumentRow(
                id=d.pk,
                title=self.text(d.title),
                filename=self.text(d.filename.replace("\\", "/").rsplit("/", 1)[-1]),
                doc_type=d.doc_type,
                date=d.doc_date or "",
                published=d.published or "",
                publisher=self.publisher(d),
                url=self.text((d.meta or {}).get("url") or "") if isinstance(d.meta, dict) else "",
                media_type=d.media_type,
                sha256=d.sha256,
                size=d.size,
                visibility=d.visibility,
                facts=getattr(d, "facts", 0),
            )
            for d in _selected(self.reader.document_list(), only)
        ]


def _resolved(user: Any) -> Any:
    """The user itself rather than request.user's lazy proxy, through which every attribute read
    costs a call: an output redacts thousands of texts for one user."""
    while isinstance(user, LazyObject):  # one proxy in another (two-factor's over Django's)
        user.pk  # noqa: B018 (evaluates the proxy)
        user = user._wrapped
    return user


def _selected(qs: QuerySet[M], only: Sequence[int] | None) -> list[M] | QuerySet[M]:
    """The records of `qs` whose ids are in `only`, in the order of `only` (a list page's sort),
    or all of `qs` without a selection. An id the reader may not see is not in `qs`: left out."""
    if only is None:
        return qs
    found = {r.pk: r for r in qs.filter(pk__in=list(only))}
    return [found[pk] for pk in only if pk in found]


MAX_QUOTE = 400  # characters of a passage in a footnote (a whole letter is cited by its start)


def _passage(quote: str) -> str:
    text = " ".join(quote.split())
    if len(text) <= MAX_QUOTE:
        return text
    return text[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"


def _within(start: str | None, end: str | None, lo: str | None, hi: str | None) -> bool:
    """True when a fact dated start..end falls in lo..hi (ISO prefixes; undated facts only when
    no range is asked for)."""
    if not lo and not hi:
        return True
    if not start:
        return False
    end = end or start
    return (not lo or end >= lo) and (not hi or start[: len(hi)] <= hi)


@dataclass
class IncidentRow:
    id: int
    date_start: str
    date_end: str
    precision: str
    best: int | None
    low: int | None
    high: int | None
    qualifier: str
    origin: str
    destination: str
    who: str
    aggregate: bool
    visibility: str
    citations: list[Citation]
    counts: list[tuple[int, str | None, Citation]] = field(default_factory=list)
    # The places of the gazetteer its statements name, those this reader may see.
    places: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return any(c.verified for c in self.citations)

    @property
    def conflicting(self) -> bool:
        return len({c for c, _, _ in self.counts}) > 1

    @property
    def when(self) -> str:
        return format_date(self.date_start, self.date_end, self.precision)

    @property
    def count_text(self) -> str:
        """The count as sources give it: a range "500–600" where they differ, never an average."""
        if self.conflicting and self.low is not None and self.high is not None:
            return f"{self.low:,}–{self.high:,}"
        return format_count(self.best, self.qualifier)

    @property
    def original_sources(self) -> list[str]:
        return sorted({c.attributed_to for c in self.citations if c.attributed_to})


@dataclass
class FigureRow:
    id: int
    quantity: int
    unit: str
    qualifier: str
    attributed_to: str
    visibility: str
    citations: list[Citation]
    # The places of the gazetteer its statements name, those this reader may see.
    places: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return any(c.verified for c in self.citations)

    @property
    def text(self) -> str:
        return f"{format_count(self.quantity, self.qualifier)} {self.unit}".strip()


@dataclass
class PartyRow:
    id: int
    role: str
    name: str
    title: str
    chamber: str
    bioguide: str
    party: str
    state: str
    address: list[str]


@dataclass
class AskRow:
    id: int
    text: str
    target: str
    status: str
    citations: list[Citation]


@dataclass
class TextRow:
    id: int
    text: str
    status: str
    citations: list[Citation]


@dataclass
class CommitmentRow:
    id: int
    who: str
    what: str
    where: str
    when: str
    citations: list[Citation]


@dataclass
class LetterRow:
    id: int
    date: str
    reported: bool
    document_id: int | None
    salutation: str
    senders: list[PartyRow]
    recipients: list[PartyRow]
    asks: list[AskRow]
    outcomes: list[TextRow]
    commitments: list[CommitmentRow]
    follows_up: int | None
    visibility: str
    citations: list[Citation]

    @property
    def verified(self) -> bool:
        return any(c.verified for c in self.citations)

    @property
    def title(self) -> str:
        to = ", ".join(p.name for p in self.recipients) or "unknown recipient"
        return f"Letter of {format_date(self.date) if self.date else 'unknown date'} to {to}"


@dataclass
class DocumentRow:
    id: int
    title: str
    filename: str
    doc_type: str
    date: str
    published: str
    publisher: str
    url: str
    media_type: str
    sha256: str
    size: int
    visibility: str
    facts: int


def _by_letter(facts: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for fact in facts:
        out.setdefault(fact.letter_id, []).append(fact)
    return out
