"""The JSON API: documents, incidents, letters and statements with their sources; review.

The same rules as the pages (refwatch.web.views): every record is read through
`visible(queryset, user)`, so a record the user may not see is a 404 like one that does not
exist; free text passes through refwatch.protection's `redact` for the reader; changing a
review needs the analyst role and is audited. Authentication is the pages' session login
(CSRF on unsafe methods); anonymous readers get 401 unless the instance is public
(settings.REFWATCH_PUBLIC), when they read public records only, as on the pages.

Person records stay in their own API (refwatch.protection.api, at /api/people/).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, reverse
from ninja import Field, NinjaAPI, Path, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import SessionAuth, django_auth

from refwatch.accounts.tokens import BearerToken
from refwatch.api.schemas import (
    ActorOut,
    DocumentDetail,
    DocumentOut,
    Error,
    FigureOut,
    IncidentOut,
    LetterDetail,
    LetterOut,
    ReviewIn,
    StatementOut,
)
from refwatch.knowledge.access import ANALYST, has_role, visible
from refwatch.knowledge.models import (
    Actor,
    Ask,
    Commitment,
    Document,
    Fact,
    Figure,
    Incident,
    Letter,
    LetterParty,
    LetterReference,
    Outcome,
    Review,
    Statement,
)
from refwatch.knowledge.review import ReviewError
from refwatch.knowledge.review import review as review_statement
from refwatch.protection import audit
from refwatch.protection.names import redact

log = logging.getLogger(__name__)

try:
    VERSION = version("refwatch")
except PackageNotFoundError:  # run from a source tree that was not installed
    VERSION = "0"

PAGE_SIZE = 50
MAX_ID = 2**63 - 1  # larger ids are not in any database: a 422, not an overflow
# The last page whose offset still fits a 64-bit integer: a larger page is a 422, not an overflow.
MAX_PAGE_SIZE = 100
MAX_PAGE = MAX_ID // MAX_PAGE_SIZE


class Pages(PageNumberPagination):
    """Ninja's page numbers, bounded: its own take any integer, and the database's OFFSET
    overflows on a page of twenty digits (a 500 instead of a 422 that says why)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{**kwargs, "max_page_size": MAX_PAGE_SIZE})


class SessionOrPublic(SessionAuth):
    """The pages' session login; in public mode an anonymous reader is let in to public records."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        if getattr(settings, "REFWATCH_PUBLIC", False):
            # Truthy for ninja; what the reader sees is decided by visible(): public records only.
            return "public"
        return None


class RefwatchAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        # LoginRequiredMiddleware would answer an anonymous call with a redirect to the HTML login;
        # the API answers for itself (401 JSON), so its views are marked as not needing the login.
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback.login_required = False  # type: ignore[attr-defined]
        return patterns, app_name, namespace


api = RefwatchAPI(
    title="refwatch",
    version=VERSION,
    description="Sourced facts on the forcible repatriation of North Korean refugees from China.",
    urls_namespace="api",
    auth=[BearerToken(), SessionOrPublic()],
    # The docs page loads Swagger UI with an inline script, which the CSP forbids: only the schema.
    docs_url=None,
    openapi_url="/openapi.json",
)


# --- errors: always JSON ------------------------------------------------------------------


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "internal error"}, status=500)


def _get(qs: QuerySet[Any], pk: int, what: str) -> Any:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, f"no {what} with id {pk}")
    return obj


# --- reading through visibility and redaction --------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.user


def _text(value: Any, user: Any) -> str:
    return redact("" if value is None else str(value), user)


def _redact_values(value: Any, user: Any, context: str | None = None, about: bool = False) -> Any:
    if isinstance(value, str):
        return redact(value, user, context, about=about)
    if isinstance(value, dict):
        return {k: _redact_values(v, user, context, about) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_values(v, user, context, about) for v in value]
    return value


def _statements(user: Any) -> QuerySet[Statement]:
    # With its document: a quote is redacted against the whole text it is part of.
    return (
        visible(Statement.objects.all(), user)
        .filter(document__in=visible(Document.objects.all(), user))
        .select_related("document")
    )


def _with_sources(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    # Prefetched, so that a fact's live_statements() are the ones this user may see.
    return qs.prefetch_related(
        Prefetch("statements", queryset=_statements(user).order_by("document_id", "start", "pk"))
    )


def source(st: Statement, user: Any) -> dict[str, Any]:
    return {
        "id": st.pk,
        "document_id": st.document_id,
        "kind": st.kind,
        "span": (st.start, st.end),
        "quote": redact(st.quote or "", user, st.document.text, about=st.document.confidential),
        "confidence": st.confidence,
        "review": st.review,
    }


def fact_link(st: Statement) -> dict[str, Any] | None:
    """The fact a statement supports, with the API address that shows it (its letter for parts)."""
    letter_of = {
        "party": lambda: st.party.letter_id if st.party else None,
        "ask": lambda: st.ask.letter_id if st.ask else None,
        "reference": lambda: st.reference.letter_id if st.reference else None,
        "commitment": lambda: st.commitment.letter_id if st.commitment else None,
        "outcome": lambda: st.outcome.letter_id if st.outcome else None,
        "letter": lambda: st.letter_id,
    }
    for name in ("incident", *letter_of, "figure", "state_party", "instrument", "actor"):
        pk = getattr(st, f"{name}_id")
        if pk is None:
            continue
        url = None
        if name == "incident":
            url = reverse("api:incident", args=[pk])
        elif name in letter_of and (letter := letter_of[name]()):
            url = reverse("api:letter", args=[letter])
        return {"type": name, "id": pk, "url": url}
    return None


def statement_out(st: Statement, user: Any) -> dict[str, Any]:
    mark = (st.mark_start, st.mark_end) if st.mark_start is not None and st.mark_end is not None else None
    return {
        **source(st, user),
        "mark": mark,
        "extractor": st.extractor,
        "extractor_version": st.extractor_version,
        "values": _redact_values(st.values(), user, st.document.text, st.document.confidential),
        "fact": fact_link(st),
    }


class Serialised:
    """A queryset that ninja's paginator can slice and count, giving each row as the API's dict."""

    def __init__(self, qs: QuerySet[Any], out: Callable[[Any], dict[str, Any]]) -> None:
        self.qs, self.out = qs, out

    def all(self) -> Serialised:
        return self

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        return [self.out(row) for row in self.qs[key]]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.out(row) for row in self.qs)


# --- documents -----------------------------------------------------------------------------


def _documents(user: Any) -> QuerySet[Document]:
    live = (
        visible(Statement.objects.filter(document=OuterRef("pk")), user)
        .exclude(review=Review.REJECTED)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible(Document.objects.all(), user)
        .defer("text")
        .annotate(facts=Coalesce(Subquery(live), 0))
        .order_by(F("doc_date").desc(nulls_last=True), "-ingested_at", "-pk")
    )


def document_out(doc: Document, user: Any) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "title": _text(doc.title, user),
        "filename": _text(doc.filename.replace("\\", "/").rsplit("/", 1)[-1], user),
        "type": doc.doc_type,
        "date": doc.doc_date,
        "published": doc.published,
        "media_type": doc.media_type,
        "sha256": doc.sha256,
        "size": doc.size,
        "visibility": doc.visibility,
        "facts": getattr(doc, "facts", 0),
    }


@api.get("/documents", response=list[DocumentOut], tags=["documents"], url_name="documents")
@paginate(Pages, page_size=PAGE_SIZE)
def list_documents(request: HttpRequest) -> Any:
    user = _user(request)
    return Serialised(_documents(user), lambda d: document_out(d, user))


@api.get(
    "/documents/{pk}",
    response={200: DocumentDetail, 404: Error},
    tags=["documents"],
    url_name="document",
)
def get_document(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user = _user(request)
    doc = _get(_documents(user), pk, "document")
    audit.read_confidential(user, doc, request, via="api")
    statements = (
        _statements(user)
        .filter(document=doc)
        .select_related("party", "ask", "reference", "commitment", "outcome")
    )
    return {
        **document_out(doc, user),
        "pages": len(doc.pages or []),
        "extractor_version": doc.extractor_version,
        "statements": [statement_out(s, user) for s in statements.order_by("start", "pk")],
    }


# --- statements and review -----------------------------------------------------------------


@api.get(
    "/statements/{pk}",
    response={200: StatementOut, 404: Error},
    tags=["statements"],
    url_name="statement",
)
def get_statement(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user = _user(request)
    qs = _statements(user).select_related("party", "ask", "reference", "commitment", "outcome")
    return statement_out(_get(qs, pk, "statement"), user)


@api.post(
    "/statements/{pk}/review",
    response={200: StatementOut, 400: Error, 403: Error, 404: Error},
    tags=["statements"],
    url_name="review",
    auth=[BearerToken(), django_auth],
)
def post_review(request: HttpRequest, body: ReviewIn, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user = _user(request)
    if not has_role(user, ANALYST):
        raise PermissionDenied("reviewing needs the analyst role")
    st = _get(_statements(user), pk, "statement")
    previous = st.review
    try:
        review_statement(st, body.state, by=user, corrections=body.corrections, note=body.note)
    except ReviewError as err:
        raise HttpError(400, str(err)) from err
    detail: dict[str, Any] = {"review": body.state, "previous": previous, "via": "api"}
    if body.corrections:
        detail["corrected"] = sorted(body.corrections)
    audit.record(user, "review", st, request, **detail)
    st = _get(
        _statements(user).select_related("party", "ask", "reference", "commitment", "outcome"),
        pk,
        "statement",
    )
    return statement_out(st, user)


# --- incidents -----------------------------------------------------------------------------


def _incidents(user: Any) -> QuerySet[Incident]:
    return _with_sources(visible(Incident.objects.shown(), user), user).order_by(
        F("date_start").asc(nulls_last=True), "pk"
    )


def incident_out(inc: Incident, user: Any) -> dict[str, Any]:
    live = inc.live_statements()
    # Incident.counts()/conflicts() read `statements.all()`, which is the prefetched visible set.
    conflicts = [
        {
            "count": count,
            "qualifier": qualifier,
            "documents": sorted({s.document_id for s in sts}),
            "statements": [s.pk for s in sts],
        }
        for count, qualifier, sts in inc.conflicts()
    ]
    return {
        "id": inc.pk,
        "date_start": inc.date_start,
        "date_end": inc.date_end,
        "date_precision": inc.date_precision,
        "count": inc.count,
        "qualifier": inc.count_qualifier,
        "from": inc.origin,
        "to": inc.destination,
        "who": _text(inc.who, user),
        "aggregate": inc.aggregate,
        "attributed_to": [_text(a, user) for a in inc.attributions],
        "sources": len({s.document_id for s in live}),
        "conflicts": conflicts,
        "statements": [source(s, user) for s in live],
    }


@api.get("/incidents", response=list[IncidentOut], tags=["incidents"], url_name="incidents", by_alias=True)
@paginate(Pages, page_size=PAGE_SIZE)
def list_incidents(request: HttpRequest) -> Any:
    user = _user(request)
    return Serialised(_incidents(user), lambda i: incident_out(i, user))


@api.get(
    "/incidents/{pk}",
    response={200: IncidentOut, 404: Error},
    tags=["incidents"],
    url_name="incident",
    by_alias=True,
)
def get_incident(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user = _user(request)
    return incident_out(_get(_incidents(user), pk, "incident"), user)


# --- letters -------------------------------------------------------------------------------


def _letters(user: Any) -> QuerySet[Letter]:
    parties = _with_sources(visible(LetterParty.objects.shown(), user), user).select_related("legislator")
    return _with_sources(visible(Letter.objects.shown(), user), user).prefetch_related(
        Prefetch("parties", queryset=parties)
    )


def _visible_letter(pk: int | None, user: Any) -> int | None:
    if pk is None:
        return None
    return visible(Letter.objects.shown().filter(pk=pk), user).values_list("pk", flat=True).first()


def party_out(p: LetterParty, user: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "role": p.role,
        "name": _text(p.name, user),
        "title": _text(p.title, user),
        "chamber": p.chamber or None,
        "bioguide": p.legislator.bioguide if p.legislator else None,
        "party": p.roster_value("party") or None,
        "state": p.roster_value("state") or None,
        "address": [_text(line, user) for line in p.address or []],
        "cc": p.cc,
        "statements": [source(s, user) for s in p.live_statements()],
    }


def letter_out(ltr: Letter, user: Any) -> dict[str, Any]:
    return {
        "id": ltr.pk,
        "date": ltr.date,
        "reported": ltr.reported,
        "document_id": ltr.document_id,
        "recipients": [party_out(p, user) for p in ltr.recipients],
        "senders": [party_out(p, user) for p in ltr.senders],
        "chambers": sorted(ltr.chambers),
        "bicameral": ltr.bicameral,
        "bipartisan": ltr.bipartisan,
        "follows_up": _visible_letter(ltr.follows_up_id, user),
        "same_as": _visible_letter(ltr.same_as_id, user),
        "campaign": ltr.campaign_id,
        "sources": len({s.document_id for s in ltr.live_statements()}),
    }


@api.get("/letters", response=list[LetterOut], tags=["letters"], url_name="letters")
@paginate(Pages, page_size=PAGE_SIZE)
def list_letters(request: HttpRequest) -> Any:
    user = _user(request)
    # A reported letter known to be a stored one (`same_as`) is listed once, as that letter.
    qs = _letters(user).filter(same_as__isnull=True).order_by(F("date").desc(nulls_last=True), "pk")
    return Serialised(qs, lambda ltr: letter_out(ltr, user))


@api.get("/letters/{pk}", response={200: LetterDetail, 404: Error}, tags=["letters"], url_name="letter")
def get_letter(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user = _user(request)
    ltr = _get(_letters(user), pk, "letter")

    def parts(model: type[Fact]) -> list[Any]:
        return list(
            _with_sources(visible(model.objects.shown().filter(letter=ltr), user), user).order_by("pk")
        )

    asks = [
        {
            "id": a.pk,
            "text": _text(a.text, user),
            "target": _text(a.target, user),
            "status": a.status,
            "statements": [source(s, user) for s in a.live_statements()],
        }
        for a in sorted(parts(Ask), key=lambda a: (a.position, a.pk))
    ]
    references = [
        {
            "id": r.pk,
            "date": r.date,
            "recipient": _text(r.recipient, user),
            "senders": _text(r.senders, user),
            "summary": _text(r.summary, user),
            "resolved": _visible_letter(r.resolved_id, user),
            "statements": [source(s, user) for s in r.live_statements()],
        }
        for r in parts(LetterReference)
    ]
    commitments = [
        {
            "id": c.pk,
            "who": _text(c.who, user),
            "what": _text(c.what, user),
            "where": _text(c.where, user),
            "when": c.when,
            "statements": [source(s, user) for s in c.live_statements()],
        }
        for c in parts(Commitment)
    ]
    outcomes = [
        {
            "id": o.pk,
            "text": _text(o.text, user),
            "status": o.status,
            "statements": [source(s, user) for s in o.live_statements()],
        }
        for o in parts(Outcome)
    ]
    followed_by = list(
        visible(ltr.followed_by.filter(hidden=False), user)
        .order_by(F("date").asc(nulls_last=True), "pk")
        .values_list("pk", flat=True)
    )
    campaign = None
    if ltr.campaign_id:
        chain = visible(
            Letter.objects.shown().filter(campaign_id=ltr.campaign_id, same_as__isnull=True), user
        ).order_by(F("date").asc(nulls_last=True), "pk")
        campaign = {
            "id": ltr.campaign_id,
            "name": _text(ltr.campaign.name if ltr.campaign else "", user),
            "letters": list(chain.values_list("pk", flat=True)),
        }
    return {
        **letter_out(ltr, user),
        "salutation": _text(ltr.salutation, user),
        "asks": asks,
        "references": references,
        "commitments": commitments,
        "outcomes": outcomes,
        "followed_by": followed_by,
        "campaign_detail": campaign,
        "statements": [source(s, user) for s in ltr.live_statements()],
    }


# Last: any other address under /api/ is a JSON 404 too, not the pages' HTML one.
# --- figures and actors --------------------------------------------------------------------


def figure_out(fig: Figure, user: Any) -> dict[str, Any]:
    live = fig.live_statements()
    return {
        "id": fig.pk,
        "quantity": fig.quantity,
        "unit": _text(fig.unit, user),
        "qualifier": fig.qualifier,
        "attributed_to": _text(fig.attributed_to, user),
        "sources": len({s.document_id for s in live}),
        "statements": [source(s, user) for s in live],
    }


@api.get("/figures", response=list[FigureOut], tags=["figures"], url_name="figures")
@paginate(Pages, page_size=PAGE_SIZE)
def list_figures(request: HttpRequest) -> Any:
    user = _user(request)
    qs = _with_sources(visible(Figure.objects.shown(), user), user).order_by("pk")
    return Serialised(qs, lambda f: figure_out(f, user))


def actor_out(actor: Actor, user: Any) -> dict[str, Any]:
    live = actor.live_statements()
    return {
        "id": actor.pk,
        "name": _text(actor.name, user),
        "kind": actor.kind,
        "aliases": [_text(a, user) for a in actor.aliases],
        "documents": sorted({s.document_id for s in live}),
        "mentions": len(live),
    }


@api.get("/actors", response=list[ActorOut], tags=["actors"], url_name="actors")
@paginate(Pages, page_size=PAGE_SIZE)
def list_actors(request: HttpRequest) -> Any:
    user = _user(request)
    # Only actors that a document this user may see names: a name from a confidential document
    # is not listed to those who may not read it.
    qs = (
        _with_sources(visible(Actor.objects.shown(), user), user)
        .filter(statements__in=_statements(user))
        .distinct()
        .order_by("name")
    )
    return Serialised(qs, lambda a: actor_out(a, user))


@api.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False, auth=None
)
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return api.create_response(request, {"detail": f"no such API address: /api/{rest}"}, status=404)
