"""What the JSON API returns and takes: every fact with the statements that support it.

Free text (titles, quotes, names, asks) is already redacted for the reader when it reaches
these schemas; they only describe the shape, for validation and the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

from refwatch.extract.model import Chamber, Precision, Qualifier
from refwatch.knowledge import additions, forms, kinds, metadata
from refwatch.knowledge.models import FACT_FIELDS, Actor, LetterParty, Review, Statement, Visibility

# The values each field takes, from where they are described (the models' choices and the
# extraction records), so that the OpenAPI schema says them and a response outside them fails.
FactType = Literal[FACT_FIELDS]  # type: ignore[valid-type]
StatementKind = Literal[tuple(Statement.Kind.values)]  # type: ignore[valid-type]
ReviewState = Literal[tuple(Review.values)]  # type: ignore[valid-type]
VisibilityLevel = Literal[tuple(Visibility.values)]  # type: ignore[valid-type]
PartyRole = Literal[tuple(LetterParty.Role.values)]  # type: ignore[valid-type]
ActorKind = Literal[tuple(Actor.Kind.values)]  # type: ignore[valid-type]

CORRECTABLE = "; ".join(
    f"{kind}: {', '.join(sorted(kinds.correctable(kind)))}" for kind in Statement.Kind.values
)


class Out(Schema):
    """The schema of an answer that the routes build as dicts: a dict is validated as it is, where
    ninja's Schema reads every field of every nested record through its getter of model
    attributes (three quarters of what a page of letters the server had kept cost it to send;
    the answer is the same). Anything else is read as ninja reads it."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # Named as ninja's, which it replaces in these schemas.
        return handler(_as_read(values, cls, info.context))


def _as_read(values: Any, schema: type[Schema], context: Any) -> Any:
    """What `Out` validates: a dict as it is, anything else through ninja's getter."""
    return values if type(values) is dict else DjangoGetter(values, schema, context)


class FactLink(Out):
    type: FactType
    id: int
    url: str | None = Field(None, description="the API address that shows the fact, when there is one")


class Source(Out):
    """A statement as the source of a fact: where in which document, and its words."""

    id: int
    document_id: int
    kind: StatementKind
    span: tuple[int, int] = Field(description="[start, end) character offsets in the document's text")
    quote: str
    confidence: float
    review: ReviewState


class StatementOut(Source):
    mark: tuple[int, int] | None = Field(None, description="the narrower characters a page highlights")
    extractor: str
    extractor_version: str
    values: dict[str, Any] = Field(description="the extracted record with an analyst's corrections over it")
    fact: FactLink | None = None


class DocumentOut(Out):
    id: int
    title: str
    filename: str
    type: str
    date: str | None
    published: str | None
    media_type: str
    sha256: str
    size: int
    visibility: VisibilityLevel
    facts: int = Field(description="statements found in it that are not rejected")


class DocumentDetail(DocumentOut):
    pages: int
    extractor_version: str
    statements: list[StatementOut]


class CountGroup(Out):
    """One count the sources give for an incident, with the documents that give it."""

    count: int | None
    qualifier: Qualifier | None
    documents: list[int]
    statements: list[int]


class IncidentOut(Out):
    id: int
    date_start: str | None
    date_end: str | None
    date_precision: Precision | None
    count: int | None
    qualifier: Qualifier | None
    from_: str = Field(alias="from")
    to: str
    who: str
    aggregate: bool
    places: list[str] = Field(
        description="places of the gazetteer its statements name (province, city, border crossing, detention "
        "site, route country), those this reader may see"
    )
    attributed_to: list[str]
    sources: int = Field(description="documents that support the incident")
    conflicts: list[CountGroup] = Field(
        description="every distinct count when the sources disagree (empty when they agree); never averaged"
    )
    statements: list[Source]


class PartyOut(Out):
    id: int
    role: PartyRole
    name: str
    title: str
    chamber: Chamber | None
    bioguide: str | None = Field(description="the Member of Congress, when linked to the roster")
    party: str | None = Field(description="the member's party on the letter's date (roster)")
    state: str | None = Field(description="the member's state on the letter's date (roster)")
    address: list[str]
    cc: bool
    statements: list[Source]


class AskOut(Out):
    id: int
    text: str
    target: str
    status: str
    statements: list[Source]


class ReferenceOut(Out):
    id: int
    date: str | None
    recipient: str
    senders: str
    summary: str
    resolved: int | None = Field(description="the referenced letter, when it is in the store and visible")
    statements: list[Source]


class CommitmentOut(Out):
    id: int
    who: str
    what: str
    where: str
    when: str | None
    statements: list[Source]


class OutcomeOut(Out):
    id: int
    text: str
    status: str
    statements: list[Source]


class CampaignOut(Out):
    id: int
    name: str
    letters: list[int] = Field(description="the letters of the chain, oldest first")


class LetterOut(Out):
    id: int
    date: str | None
    reported: bool
    document_id: int | None
    recipients: list[PartyOut]
    senders: list[PartyOut]
    chambers: list[str]
    bicameral: bool
    bipartisan: bool = Field(description="senders linked to the roster are of at least two parties")
    follows_up: int | None
    same_as: int | None = Field(description="for a reported letter: the stored letter it is")
    campaign: int | None
    sources: int


class LetterDetail(LetterOut):
    salutation: str
    asks: list[AskOut]
    references: list[ReferenceOut]
    commitments: list[CommitmentOut]
    outcomes: list[OutcomeOut]
    followed_by: list[int]
    campaign_detail: CampaignOut | None = None
    statements: list[Source]


class ReviewIn(Schema):
    state: ReviewState
    corrections: dict[str, Any] | None = Field(
        None,
        description="with state 'edited': fields of the statement's record and their new values, "
        f"each of its field's type; by kind of statement, {CORRECTABLE}",
    )
    note: str = Field("", max_length=10_000)


class Error(Schema):
    detail: Any


class FigureOut(Out):
    """A count of people other than a repatriation (children born, people detained, at risk)."""

    id: int
    quantity: int
    unit: str
    qualifier: Qualifier | None
    attributed_to: str
    places: list[str] = Field(
        description="places of the gazetteer its statements' sentences name (where people are detained, "
        "for instance), those read only in a confidential document for whom may read them"
    )
    sources: int = Field(description="documents that support the figure")
    statements: list[Source]


class ActorOut(Out):
    id: int
    name: str
    kind: ActorKind
    aliases: list[str]
    documents: list[int] = Field(description="the documents that name the actor")
    mentions: int


# --- outputs: claim check, brief, draft --------------------------------------------------------


class CitationOut(Schema):
    """A footnote: who published what, when, the quoted passage and where it stands."""

    statement_id: int
    document_id: int
    publisher: str
    title: str
    date: str
    quote: str
    start: int
    end: int
    page: int | None = None
    verified: bool
    attributed_to: str = ""


class CheckIn(Schema):
    text: str = Field(max_length=200_000, description="the draft's text (Markdown or plain)")
    verified_only: bool = Field(False, strict=True, description="count only statements a person has accepted")


class ClaimOut(Schema):
    kind: str = Field(description="return, figure, ratification, letter")
    start: int
    end: int
    said: str
    verdict: Literal["supported", "conflicting", "outdated", "unsupported"]
    unverified: bool = Field(description="supported only by statements no person has accepted")
    sources: list[CitationOut]
    against: list[CitationOut] = Field(description="sources that say otherwise (or newer ones)")
    note: str = ""


class CheckOut(Schema):
    ok: bool = Field(description="nothing is conflicting or unsupported")
    tally: dict[str, int]
    claims: list[ClaimOut]


# --- review work: statements added from a span, document details, re-extraction ------------

AddableKind = Literal[tuple(additions.ADDABLE)]  # type: ignore[valid-type]
DocumentType = Literal[metadata.DOC_TYPES]  # type: ignore[valid-type]
ADDABLE_FIELDS = "; ".join(
    f"{name}: {', '.join(sorted(forms.StatementForm(kind=kind).fields))}"
    for name, (kind, _, _) in additions.ADDABLE.items()
)
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class StatementIn(Schema):
    """A statement for the span [start, end) of a document's text, as an analyst adds it from a
    selection on the document's page."""

    kind: AddableKind = Field(
        description="what the span says (person, organization and place are actor mentions)"
    )
    start: int = Field(ge=0, le=2**31 - 1, description="first character of the span in the document's text")
    end: int = Field(ge=1, le=2**31 - 1, description="the character after the span")
    quote: str | None = Field(
        None,
        max_length=additions.MAX_SPAN,
        description="the span's text, exactly text[start:end]: checked when given (an offset off by one is refused)",
    )
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="typed fields of the kind (as the page's form takes them: dates YYYY-MM-DD, "
        f"YYYY-MM or YYYY with a precision; counts whole numbers); by kind, {ADDABLE_FIELDS}",
    )
    letter: int | None = Field(
        None, ge=1, le=2**63 - 1, description="for a part of a letter: which of the document's letters"
    )
    note: str = Field("", max_length=2000)


class DocumentIn(Schema):
    """The details to change; a field left out stays as it is, null empties it."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Ninja's Schema reads fields as attributes of anything, so `[null]` would be an empty
        # change; with every field optional, only an object is a change at all.
        if not isinstance(data if isinstance(data, dict) else getattr(data, "_obj", data), dict):
            raise ValueError("the details to change, as a JSON object")
        return data

    title: str = Field(None, min_length=1, max_length=1000)
    type: DocumentType = Field(None, description="a new type reads the document again")
    date: str | None = Field(
        None, pattern=ISO_DATE, description="YYYY-MM-DD, YYYY-MM or YYYY; a new date reads the document again"
    )
    publisher: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000, description="http:// or https://")


class DocumentDetails(Schema):
    title: str
    type: str
    date: str | None
    publisher: str
    url: str


class VisibilityIn(Schema):
    """Who may see a document: an analyst may restrict it, only a protection officer opens it."""

    visibility: VisibilityLevel


class VisibilityOut(Schema):
    document_id: int
    visibility: VisibilityLevel
    previous: VisibilityLevel
    readable: bool = Field(description="whether the caller still reads the document (a seal can hide it)")


class ReextractedOut(Schema):
    """What reading a document again did to its statements (statement ids)."""

    document_id: int
    extractor_version: str
    kept: list[int] = Field(description="read as before")
    updated: list[int] = Field(description="suggestions no one decided on, now as the new reading says")
    outdated: list[int] = Field(description="decided statements the new reading says otherwise: for a person")
    removed: list[int] = Field(description="suggestions the new reading no longer makes")
    added: list[int] = Field(description="new suggestions")


class DocumentEdited(Schema):
    document: DocumentOut
    details: DocumentDetails
    changed: list[str] = Field(description="the details that changed")
    reread: ReextractedOut | None = Field(None, description="when a new type or date read the document again")
    flagged: list[int] = Field(
        default_factory=list, description="decided statements whose date was read relative to the old date"
    )
