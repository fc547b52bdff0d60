"""The JSON API: documents, incidents, letters and statements with their sources; review.

The same rules as the pages (refwatch.web.views): every record is read through a Reader
(refwatch.knowledge.queries) made for the caller, so a record the user may not see is a 404 like one that does not
exist; free text passes through refwatch.protection's `redact` for the reader; changing a
review needs the analyst role and is audited. Authentication is the pages' session login
(CSRF on unsafe methods); anonymous readers get 401 unless the instance is public
(settings.REFWATCH_PUBLIC), when they read public records only, as on the pages.

Person records stay in their own API (refwatch.api.people, at /api/people/).
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any, Literal, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, reverse
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from ninja.security import SessionAuth, django_auth
from pydantic import StringConstraints

from refwatch.accounts.tokens import BearerToken
from refwatch.actions import Actions, InternalError, Refused
from refwatch.api.schemas import (
    ActorOut,
    CheckIn,
    CheckOut,
    DocumentDetail,
    DocumentEdited,
    DocumentIn,
    DocumentOut,
    Error,
    FigureOut,
    IncidentOut,
    LetterDetail,
    LetterOut,
    ReextractedOut,
    ReviewIn,
    StatementIn,
    StatementOut,
    VisibilityIn,
    VisibilityOut,
)
from refwatch.api.search import SearchOut
from refwatch.api.search import answer as search_answer
from refwatch.knowledge import additions, forms, metadata
from refwatch.knowledge.models import (
    Actor,
    Document,
    Figure,
    Incident,
    Letter,
    LetterParty,
    Statement,
)
from refwatch.knowledge.queries import Reader, fact_place
from refwatch.outputs import export as exports
from refwatch.outputs.brief import make_brief
from refwatch.outputs.check import check as check_draft
from refwatch.outputs.draft import PRINTABLE_NAME, make_draft
from refwatch.outputs.evidence import Evidence
from refwatch.outputs.render import FORMATS as BRIEF_FORMATS
from refwatch.outputs.render import brief_export, draft_export, draft_markdown
from refwatch.protection import audit
from refwatch.protection.names import redact
from refwatch.roles import ANALYST
from refwatch.web.shared import shared

log = logging.getLogger(__name__)

try:
    VERSION = version("refwatch")
except PackageNotFoundError:  # run from a source tree that was not installed
    VERSION = "0"

PAGE_SIZE = 50
T = TypeVar("T")
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
            # Truthy for ninja; what the reader sees is decided by the Reader: public records only.
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

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema with the answers every route can give: 401 when a route needs a login and
        none was given, 422 when a parameter or body is malformed, 400 when a body is not JSON at all
        (Ninja's parser answers that before validation; all JSON with a `detail`)."""
        schema = super().get_openapi_schema(**kwargs)
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in schema["paths"].values():
            for op in operations.values():
                responses = op.setdefault("responses", {})
                if op.get("security"):
                    responses.setdefault(401, {"description": "Unauthorized", **error})
                if op.get("parameters") or op.get("requestBody"):
                    responses.setdefault(422, {"description": "Unprocessable Content", **error})
                if op.get("requestBody"):
                    responses.setdefault(400, {"description": "Bad Request", **error})
        return schema


api = RefwatchAPI(
    title="refwatch",
    version=VERSION,
    description="Sourced facts on the forcible repatriation of North Korean refugees from China.",
    urls_namespace="api",
    auth=[BearerToken(), SessionOrPublic()],
    # Ninja's docs page starts Swagger UI with an inline script, which the CSP forbids: the site
    # serves its own (refwatch.web.api_docs, at /api/docs) from static files.
    docs_url=None,
    openapi_url="/openapi.json",
)


# --- errors: always JSON ------------------------------------------------------------------


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if not isinstance(exc, InternalError):  # an InternalError was logged where it happened
        exc = InternalError(secrets.token_hex(4))
        log.exception("internal error %s on %s %s", exc.id, request.method, request.path)
    return api.create_response(request, {"detail": str(exc)}, status=500)


def _get(record: T | None, pk: int, what: str) -> T:
    if record is None:
        raise HttpError(404, f"no {what} with id {pk}")
    return record


# --- reading through visibility and redaction --------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.user


def _reader(request: HttpRequest) -> Reader:
    return Reader.for_user(request.user)


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
    place = fact_place(st)
    if place is None:
        return None
    url = reverse(f"api:{place.page}", args=[place.page_id]) if place.page else None
    return {"type": place.kind, "id": place.id, "url": url}


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

    def __init__(
        self,
        qs: QuerySet[Any],
        out: Callable[[Any], dict[str, Any]],
        before: Callable[[list[Any]], None] | None = None,
    ) -> None:
        # `before` sees a page's rows first, to look up in one query what each row links to.
        self.qs, self.out, self.before = qs, out, before

    def all(self) -> Serialised:
        return self

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        rows = list(self.qs[key])
        if self.before is not None:
            self.before(rows)
        return [self.out(row) for row in rows]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.out(row) for row in self.qs)


class SharedSerialised:
    """A list's pages (a Serialised that `rows()` makes) with their count, computed once for the
    readers of the same roles until the record changes (refwatch.web.shared, as the pages' lists
    are): a page of letters costs tens of milliseconds to read and serialise, and every client
    asks for the first. A hit builds no query at all."""

    def __init__(self, reader: Reader, what: str, rows: Callable[[], Serialised]) -> None:
        self.reader, self.what, self.rows = reader, what, rows
        self._count: int | None = None

    def all(self) -> SharedSerialised:
        return self

    def count(self) -> int:
        if self._count is None:
            self._count = shared(self.reader, ("api", self.what, "count"), lambda: self.rows().count())
        return self._count

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        def page() -> tuple[list[dict[str, Any]], int]:
            rows = self.rows()
            return rows[key], rows.count()

        # With the count, which ninja asks for next: one look at the record's state, not two.
        items, self._count = shared(self.reader, ("api", self.what, key.start, key.stop), page)
        return items


# --- documents -----------------------------------------------------------------------------


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
    return Serialised(_reader(request).document_list(), lambda d: document_out(d, user))


@api.get(
    "/documents/{pk}",
    response={200: DocumentDetail, 404: Error},
    tags=["documents"],
    url_name="document",
)
def get_document(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user, reader = _user(request), _reader(request)
    doc = _get(reader.document_list(pk=pk).first(), pk, "document")
    audit.read_confidential(user, doc, request, via="api")
    statements = reader.statements(document=doc)
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
    return statement_out(_get(_reader(request).statement(pk), pk, "statement"), _user(request))


@api.post(
    "/statements/{pk}/review",
    response={200: StatementOut, 400: Error, 403: Error, 404: Error},
    tags=["statements"],
    url_name="review",
    auth=[BearerToken(), django_auth],
)
def post_review(request: HttpRequest, body: ReviewIn, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    actions = Actions(request.user, request=request, via="api")
    try:
        st = actions.decide(pk, body.state, corrections=body.corrections, note=body.note)
    except Refused as refused:
        if refused.kind == "forbidden":
            raise PermissionDenied(refused.reason) from refused
        raise HttpError(refused.status, refused.reason) from refused
    return statement_out(_get(actions.reader.statement(st.pk), pk, "statement"), request.user)


# --- review work: statements added from a span, document details, re-extraction ------------


def _refusal(refused: Refused) -> HttpError | PermissionDenied:
    if refused.kind == "forbidden":
        return PermissionDenied(refused.reason)
    return HttpError(refused.status, refused.reason)


def _analyst_document(request: HttpRequest, pk: int, doing: str) -> tuple[Actions, Document]:
    """The actions of the caller and the document, once the caller may do this to it: the role
    first (a viewer learns nothing of what they could not change), then the document."""
    actions = Actions(request.user, request=request, via="api")
    if not actions.reader.may(ANALYST):
        raise PermissionDenied(f"{doing} needs the analyst role")
    return actions, _get(actions.reader.document(pk), pk, "document")


def _invalid(errors: dict[str, list[str]], *where: str) -> ValidationError:
    """A 422 naming each field at fault, in the shape of Ninja's own validation errors."""
    return ValidationError(
        [{"type": "value_error", "loc": ["body", *where, n], "msg": " ".join(m)} for n, m in errors.items()]
    )


def _form_data(values: dict[str, Any]) -> dict[str, str]:
    """JSON values as a page's form would post them (a checkbox ticked is "on", untouched absent)."""
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    return data


@api.post(
    "/documents/{pk}/statements",
    response={201: StatementOut, 400: Error, 403: Error, 404: Error, 422: Error},
    tags=["documents"],
    url_name="add_statement",
    summary="Add a statement from a span of a document's text, with its typed fields",
    auth=[BearerToken(), django_auth],
)
def post_statement(
    request: HttpRequest, body: StatementIn, pk: int = Path(..., ge=1, le=MAX_ID)
) -> Status[dict[str, Any]]:
    """What extraction missed, added as the document page's selection adds it: accepted by the
    caller, marked as added by a person, never touched by re-extraction. The fields are checked by
    the same typed form as the page's (422 names each field at fault); a span outside the text or
    a quote that is not exactly its text is a 400; nothing is stored unless all is right."""
    actions, doc = _analyst_document(request, pk, "adding a statement")
    kind, _, preset = additions.ADDABLE[body.kind]
    try:
        actions.may_add_from(doc)
        start, end, quote = additions.check_span(doc, body.start, body.end, body.quote)
    except Refused as refused:
        raise _refusal(refused) from refused
    except additions.AdditionError as error:
        raise HttpError(400, str(error)) from error
    form = forms.StatementForm(
        _form_data({**additions.defaults(kind, quote, preset), **body.values}), kind=kind
    )
    unknown = {
        name: [f"not a field of a {body.kind} statement"] for name in body.values if name not in form.fields
    }
    if unknown or not form.is_valid():
        raise _invalid(unknown or {n: list(m) for n, m in form.errors.items()}, "values")
    values = form.cleaned_values()
    if missing := additions.missing_field(kind, values):
        raise _invalid({missing[1]: [missing[0]]}, "values")
    try:
        st = actions.add_statement(doc, kind, start, end, quote, values, letter=body.letter, note=body.note)
    except Refused as refused:
        raise _refusal(refused) from refused
    return Status(201, statement_out(_get(actions.reader.statement(st.pk), st.pk, "statement"), request.user))


API_DETAILS = {
    "title": "title",
    "type": "doc_type",
    "date": "doc_date",
    "publisher": "publisher",
    "url": "url",
}


def details_out(doc: Document, user: Any) -> dict[str, Any]:
    got = metadata.details(doc)
    return {
        "title": _text(got["title"], user),
        "type": got["doc_type"],
        "date": got["doc_date"],
        "publisher": _text(got["publisher"], user),
        "url": _text(got["url"], user),
    }


def reextracted_out(doc: Document, done: Any) -> dict[str, Any]:
    return {"document_id": doc.pk, "extractor_version": doc.extractor_version, **vars(done)}


@api.patch(
    "/documents/{pk}",
    response={200: DocumentEdited, 403: Error, 404: Error, 422: Error},
    tags=["documents"],
    url_name="edit_document",
    summary="Correct a document's details: title, type, date, publisher, URL",
    auth=[BearerToken(), django_auth],
)
def patch_document(
    request: HttpRequest, body: DocumentIn, pk: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """The details given change (checked as the page's form checks them: 422 names each field at
    fault, and nothing changes); a new type or date reads the document again, and decided
    statements the new reading says otherwise are marked outdated. A detail that shows the caller
    a pseudonym is a protection officer's to correct (403)."""
    actions, doc = _analyst_document(request, pk, "editing a document's details")
    given = {API_DETAILS[name]: value for name, value in body.model_dump(exclude_unset=True).items()}
    data = {**metadata.details(doc), **given}
    form = metadata.DocumentForm({n: "" if v is None else v for n, v in data.items()})
    form.is_valid()
    errors = {name: list(msgs) for name, msgs in form.errors.items() if name in given}
    if errors:
        names = {v: k for k, v in API_DETAILS.items()}
        raise _invalid({names[n]: m for n, m in errors.items()})
    try:
        done = actions.edit_document(doc, {name: form.cleaned_data[name] for name in given})
    except Refused as refused:
        raise _refusal(refused) from refused
    doc = _get(actions.reader.document_list(pk=pk).first(), pk, "document")
    names = {v: k for k, v in API_DETAILS.items()}
    return {
        "document": document_out(doc, request.user),
        "details": details_out(doc, request.user),
        "changed": sorted(names[n] for n in done.changed),
        "reread": reextracted_out(doc, done.reread) if done.reread is not None else None,
        "flagged": done.flagged,
    }


@api.post(
    "/documents/{pk}/visibility",
    response={200: VisibilityOut, 400: Error, 403: Error, 404: Error},
    tags=["documents"],
    url_name="set_visibility",
    summary="Seal a document (confidential) or open it",
    auth=[BearerToken(), django_auth],
)
def post_visibility(
    request: HttpRequest, body: VisibilityIn, pk: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """An analyst may restrict a document (make it confidential, or a public one internal); only a
    protection officer opens one (403 otherwise). Audited as on the page; the same action."""
    actions = Actions(request.user, request=request, via="api")
    before = _get(actions.reader.document(pk), pk, "document").visibility
    try:
        doc = actions.set_visibility(pk, body.visibility)
    except Refused as refused:
        raise _refusal(refused) from refused
    readable = Reader.for_user(request.user).document(pk) is not None
    return {"document_id": doc.pk, "visibility": doc.visibility, "previous": before, "readable": readable}


@api.post(
    "/documents/{pk}/reextract",
    response={200: ReextractedOut, 400: Error, 403: Error, 404: Error},
    tags=["documents"],
    url_name="reextract",
    summary="Read a document again with the current extractor",
    auth=[BearerToken(), django_auth],
)
def post_reextract(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """Suggestions no one decided on follow the new reading; decided statements stay and are
    marked outdated where it differs (the review queue shows them); added ones are never touched."""
    actions, doc = _analyst_document(request, pk, "re-extracting a document")
    try:
        done = actions.reextract(doc)
    except Refused as refused:
        raise _refusal(refused) from refused
    doc.refresh_from_db()
    return reextracted_out(doc, done)


# --- incidents -----------------------------------------------------------------------------


def incident_out(inc: Incident, user: Any) -> dict[str, Any]:
    # Read through a Reader: live_statements(), counts() and conflicts() give what its reader may see.
    live = inc.live_statements()
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
        "places": Reader.for_user(user).places_of(inc),
        "attributed_to": [_text(a, user) for a in inc.attributions],
        "sources": len({s.document_id for s in live}),
        "conflicts": conflicts,
        "statements": [source(s, user) for s in live],
    }


@api.get("/incidents", response=list[IncidentOut], tags=["incidents"], url_name="incidents", by_alias=True)
@paginate(Pages, page_size=PAGE_SIZE)
def list_incidents(request: HttpRequest) -> Any:
    user, reader = _user(request), _reader(request)
    # Kept for the readers of the same roles until the record changes, as the letters are.
    return SharedSerialised(
        reader, "incidents", lambda: Serialised(reader.incidents(), lambda i: incident_out(i, user))
    )


@api.get(
    "/incidents/{pk}",
    response={200: IncidentOut, 404: Error},
    tags=["incidents"],
    url_name="incident",
    by_alias=True,
)
def get_incident(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    return incident_out(_get(_reader(request).incident(pk), pk, "incident"), _user(request))


# --- letters -------------------------------------------------------------------------------


def party_out(p: LetterParty, reader: Reader) -> dict[str, Any]:
    user = reader.user
    roster = reader.roster(p)
    return {
        "id": p.pk,
        "role": p.role,
        "name": _text(p.name, user),
        "title": _text(p.title, user),
        "chamber": p.chamber or None,
        "bioguide": roster.get("bioguide") or None,
        "party": roster.get("party") or None,
        "state": roster.get("state") or None,
        "address": [_text(line, user) for line in p.address or []],
        "cc": p.cc,
        "statements": [source(s, user) for s in p.live_statements()],
    }


def letter_out(ltr: Letter, reader: Reader) -> dict[str, Any]:
    return {
        "id": ltr.pk,
        "date": ltr.date,
        "reported": ltr.reported,
        "document_id": ltr.document_id,
        "recipients": [party_out(p, reader) for p in ltr.recipients],
        "senders": [party_out(p, reader) for p in ltr.senders],
        **dataclasses.asdict(reader.letter_badges(ltr)),
        "follows_up": reader.letter_id(ltr.follows_up_id),
        "same_as": reader.letter_id(ltr.same_as_id),
        "campaign": ltr.campaign_id,
        "sources": len({s.document_id for s in ltr.live_statements()}),
    }


@api.get("/letters", response=list[LetterOut], tags=["letters"], url_name="letters")
@paginate(Pages, page_size=PAGE_SIZE)
def list_letters(request: HttpRequest) -> Any:
    reader = _reader(request)
    # A reported letter known to be a stored one (`same_as`) is listed once, as that letter; a
    # letter's asks are in its own record only.
    return SharedSerialised(
        reader,
        "letters",
        lambda: Serialised(
            reader.letters(asks=False),
            lambda ltr: letter_out(ltr, reader),
            lambda rows: reader.know_letters([r.follows_up_id for r in rows] + [r.same_as_id for r in rows]),
        ),
    )


@api.get("/letters/{pk}", response={200: LetterDetail, 404: Error}, tags=["letters"], url_name="letter")
def get_letter(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    user, reader = _user(request), _reader(request)
    # The letters this one links to are ids here: read with it, and known to letter_id() after.
    record = _get(reader.letter_record(pk), pk, "letter")
    ltr, refs, links = record.letter, record.references, record.links

    asks = [
        {
            "id": a.pk,
            "text": _text(a.text, user),
            "target": _text(a.target, user),
            "status": a.status,
            "statements": [source(s, user) for s in a.live_statements()],
        }
        # Read with the letter, through the same reader.
        for a in ltr.asks.all()
    ]
    references = [
        {
            "id": r.pk,
            "date": r.date,
            "recipient": _text(r.recipient, user),
            "senders": _text(r.senders, user),
            "summary": _text(r.summary, user),
            "resolved": reader.letter_id(r.resolved_id),
            "statements": [source(s, user) for s in r.live_statements()],
        }
        for r in refs
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
        for c in record.commitments
    ]
    outcomes = [
        {
            "id": o.pk,
            "text": _text(o.text, user),
            "status": o.status,
            "statements": [source(s, user) for s in o.live_statements()],
        }
        for o in record.outcomes
    ]
    followed_by = [f.pk for f in links.followed_by]
    campaign = None
    if ltr.campaign_id:
        campaign = {
            "id": ltr.campaign_id,
            "name": _text(named.name if (named := reader.campaign(ltr.campaign_id)) else "", user),
            "letters": [c.pk for c in links.chain],
        }
    return {
        **letter_out(ltr, reader),
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
        "places": Reader.for_user(user).places_of(fig),
        "sources": len({s.document_id for s in live}),
        "statements": [source(s, user) for s in live],
    }


@api.get("/figures", response=list[FigureOut], tags=["figures"], url_name="figures")
@paginate(Pages, page_size=PAGE_SIZE)
def list_figures(request: HttpRequest) -> Any:
    user = _user(request)
    return Serialised(_reader(request).figures().order_by("pk"), lambda f: figure_out(f, user))


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
    # Only actors that a document this user may see names (Reader.actors).
    return Serialised(_reader(request).actors(), lambda a: actor_out(a, user))


# --- exports --------------------------------------------------------------------------------

ExportKind = Literal["incidents", "figures", "letters", "documents"]
ExportFormat = Literal["csv", "json", "ftm"]
IsoDate = Annotated[str | None, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


@api.get(
    "/export/{kind}",
    response={200: str, 401: Error, 422: Error},
    tags=["exports"],
    url_name="export",
    summary="Export a kind of record as CSV (ACLED-style columns), JSON or FollowTheMoney entities",
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"kind": {"type": "string"}, "records": {"type": "array"}},
                        }
                    },
                    "application/x-ndjson": {"schema": {"type": "string"}},
                }
            }
        }
    },
)
def get_export(
    request: HttpRequest,
    kind: ExportKind,
    format: ExportFormat = "csv",
    start: Annotated[IsoDate, Query(None, alias="from")] = None,
    end: Annotated[IsoDate, Query(None, alias="to")] = None,
) -> HttpResponse:
    out = Actions(request.user, request=request, via="api").export(
        kind, format, lambda reader: exports.build(reader, kind, format, start=start, end=end)
    )
    return _download(out)


def _download(out: exports.Export) -> HttpResponse:
    """An export (a list's, the brief's, a draft's) as the file a client saves."""
    response = HttpResponse(out.content, content_type=out.media_type)
    response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    return response


# --- the evidence brief ------------------------------------------------------------------------

BriefFormat = Literal["json", "html", "pdf", "docx"]


def _line(line: Any) -> dict[str, Any]:
    return {"text": line.text, "notes": line.notes, "verified": line.verified, "detail": line.detail}


@api.get(
    "/brief",
    response={200: dict[str, Any], 401: Error, 422: Error},
    tags=["outputs"],
    url_name="brief",
    summary="The evidence brief for a period, every claim footnoted (JSON, HTML, PDF or DOCX)",
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    **{t.split(";")[0]: {"schema": {"type": "string"}} for t in BRIEF_FORMATS.values()},
                }
            }
        }
    },
)
def get_brief(
    request: HttpRequest,
    format: BriefFormat = "json",
    start: Annotated[IsoDate, Query(None, alias="from")] = None,
    end: Annotated[IsoDate, Query(None, alias="to")] = None,
    include_unverified: bool = False,
) -> Any:
    if format == "json":
        brief = make_brief(_reader(request), start=start, end=end, include_unverified=include_unverified)
        return {
            "title": brief.title,
            "period": brief.period,
            "include_unverified": brief.include_unverified,
            "incidents": [_line(x) for x in brief.incidents],
            "aggregates": [_line(x) for x in brief.aggregates],
            "totals": [
                {"year": t.year, "low": t.low, "high": t.high, "incidents": t.incidents} for t in brief.totals
            ],
            "figures": [_line(x) for x in brief.figures],
            "treaty_status": [_line(x) for x in brief.status],
            "law": [_line(x) for x in brief.law],
            "letters": [
                {
                    "letter": _line(p.line),
                    "asks": [_line(a) for a in p.asks],
                    "outcomes": [_line(o) for o in p.outcomes],
                }
                for p in brief.letters
            ],
            "commitments": [_line(x) for x in brief.commitments],
            "footnotes": [{"number": n, **asdict(c)} for n, c in brief.footnotes],
        }
    base = request.build_absolute_uri("/").rstrip("/")
    out = Actions(request.user, request=request, via="api").export(
        "brief",
        format,
        lambda reader: brief_export(
            reader, format, start=start, end=end, include_unverified=include_unverified, base_url=base
        ),
    )
    return _download(out)


# --- the letter draft -----------------------------------------------------------------------

DraftFormat = Literal["json", "md", "docx"]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=PRINTABLE_NAME)
]
Bioguide = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{6}$")]


def _sentences(items: list[Any]) -> list[dict[str, Any]]:
    return [{"text": s.text, "notes": s.notes, "flag": s.flag} for s in items]


@api.get(
    "/draft",
    response={200: dict[str, Any], 401: Error, 422: Error},
    tags=["outputs"],
    url_name="draft",
    summary="A letter draft from the record, every fact footnoted (JSON, Markdown or DOCX)",
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    "text/markdown": {"schema": {"type": "string"}},
                    BRIEF_FORMATS["docx"].split(";")[0]: {"schema": {"type": "string"}},
                }
            }
        }
    },
)
def get_draft(
    request: HttpRequest,
    to: Name,
    signer: Annotated[list[Bioguide], Query(default_factory=list, max_length=100)],
    follow_up: Annotated[int | None, Query(None, ge=1, le=2**31 - 1)] = None,
    format: DraftFormat = "json",
) -> Any:
    """The draft takes what its reader may see; `warnings` says what is unverified or missing."""
    if format == "json":
        draft = make_draft(_reader(request), to=to, signers=signer, follow_up=follow_up)
        return {
            "date": draft.date,
            "recipient": draft.recipient,
            "salutation": draft.salutation,
            "facts": _sentences(draft.facts),
            "law": _sentences(draft.law),
            "history": _sentences(draft.history),
            "asks": _sentences(draft.asks),
            "signers": [asdict(s) for s in draft.signers],
            "footnotes": [{"number": n, **asdict(c)} for n, c in draft.footnotes],
            "warnings": draft.warnings,
            "markdown": draft_markdown(draft),
        }
    out = Actions(request.user, request=request, via="api").export(
        "draft",
        format,
        lambda reader: draft_export(reader, format, to=to, signers=signer, follow_up=follow_up),
    )
    return _download(out)


# --- claim check ----------------------------------------------------------------------------


@api.post("/check", response={200: CheckOut, 401: Error, 422: Error}, tags=["outputs"], url_name="check")
def post_check(request: HttpRequest, body: CheckIn) -> dict[str, Any]:
    """Every figure and date of a draft against the record: supported, conflicting, outdated or
    unsupported, with the sources."""
    try:
        result = check_draft(Evidence(_reader(request)), body.text, verified_only=body.verified_only)
    except ValueError as refused:  # too long, or text extraction cannot read
        raise HttpError(422, str(refused)) from refused
    claims = [
        {
            "kind": c.kind,
            "start": c.start,
            "end": c.end,
            "said": c.said,
            "verdict": c.verdict,
            "unverified": c.unverified,
            "sources": [asdict(s) for s in c.sources],
            "against": [asdict(s) for s in c.against],
            "note": c.note,
        }
        for c in result.claims
    ]
    return {"ok": result.ok, "tally": result.tally(), "claims": claims}


# --- search -----------------------------------------------------------------------------------


@api.get("/search", response=SearchOut, tags=["search"], url_name="search")
def search(
    request: HttpRequest,
    q: str = Query("", description="words that a passage must all hold (cut at 300 characters)"),
    type: str = Query("", description="kind of document (a value of the `type` facet)"),
    year: str = Query("", description="year of the document, or `undated`"),
    review: str = Query("", description="review state of a statement in the passage, or `none`"),
    actor: str = Query(
        "", description="an actor a statement in the passage names (a value of the `actor` facet)"
    ),
    place: str = Query("", description="a place of the gazetteer the passage names"),
    page: str = Query("1", description="page of 20 hits; a bad value gives the first page and a note"),
) -> dict[str, Any]:
    """Passages of documents, statements and facts holding every word of `q`, ranked, with facets;
    the same as the search page (/search/), for what the caller may see: protected names are never
    matched nor shown to whom may not see them."""
    return search_answer(request, _user(request))


# --- the index ----------------------------------------------------------------------------


@api.get("/", auth=None, tags=["index"], url_name="index", response=dict[str, Any])
def index(request: HttpRequest) -> dict[str, Any]:
    """The API's routes, each with its methods and summary; the schema and the docs page."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:index").rstrip("/"))
    routes = [
        {"path": path, "method": method.upper(), "summary": op.get("summary", ""), "tags": op.get("tags", [])}
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return {
        "title": api.title,
        "version": api.version,
        "openapi": reverse("api:openapi-json"),
        "docs": "/api/docs",
        "routes": routes,
    }


@api.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False, auth=None
)
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return api.create_response(request, {"detail": f"no such API address: /api/{rest}"}, status=404)
