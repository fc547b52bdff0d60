"""The pages: documents with their highlighted statements, incidents, letters, and review.

Every view reads records through a Reader (refwatch.knowledge.queries) made for the user, so a
record the user may not see is a 404 like one that does not exist; changing a review needs the
analyst role.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from refwatch.actions import Actions, Refused
from refwatch.knowledge.models import (
    VISIBILITY_ORDER,
    Document,
    Incident,
    Letter,
    LetterParty,
    Review,
    Statement,
    Visibility,
)
from refwatch.knowledge.queries import Reader, fact_place
from refwatch.knowledge.search import passages
from refwatch.knowledge.store import open_original
from refwatch.outputs.display import format_count
from refwatch.protection import audit
from refwatch.protection.names import (
    RedactionUnavailable,
    redact,
    sees_every_identity,
    sees_identities,
)
from refwatch.roles import ANALYST, PROTECTION_OFFICER
from refwatch.web import filters, incident_filters, selection
from refwatch.web.highlight import Marker, Span
from refwatch.web.highlight import render as render_highlights
from refwatch.web.listing import CountingPaginator, export_context
from refwatch.web.redaction import Reader as RedactionReader
from refwatch.web.redaction import redactions
from refwatch.web.shared import shared

PAGE_SIZE = 50
T = TypeVar("T")


def public_read(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page anyone may read in public mode (settings.REFWATCH_PUBLIC); otherwise it needs a login.

    LoginRequiredMiddleware reads `login_required` once per view, so the choice is made here, per
    request. What an anonymous reader sees is decided by the Reader: public records only.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and not getattr(settings, "REFWATCH_PUBLIC", False):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


KIND_LABELS = {k.value: k.label for k in Statement.Kind}
WHOLE_KINDS = frozenset({Statement.Kind.LETTER})
REPORTED_KINDS = (Statement.Kind.REPATRIATION, Statement.Kind.FIGURE)


def fact_url(st: Statement) -> str | None:
    """The page of the fact a statement supports, at the fact when the page holds several."""
    place = fact_place(st)
    if place is None or place.page is None:
        return None
    return reverse(f"web:{place.page}", args=[place.page_id]) + (f"#{place.anchor}" if place.anchor else "")


def span_url(st: Statement) -> str:
    return reverse("web:document", args=[st.document_id]) + f"#s{st.pk}"


def quote_html(st: Statement, user: Any) -> Any:
    """The statement's quote with its count and date (or its mark) highlighted, escaped, redacted."""
    text = st.document.text
    start, end = st.start, st.end
    quote = text[start:end] if 0 <= start < end <= len(text) else st.quote
    if quote != text[start:end]:
        # The stored quote is not the span (a summary): shown as it is, unmarked.
        return render_highlights(
            quote, [], redactions=redactions(quote, user, text, about=st.document.confidential)
        )
    values = st.values()
    spans = []
    for n, key in enumerate(("count_span", "date_span")):
        pair = values.get(key)
        if isinstance(pair, list | tuple) and len(pair) == 2:
            spans.append(Span(pair[0] - start, pair[1] - start, key.removesuffix("_span"), n))
    if not spans and (st.mark_start, st.mark_end) != (None, None):
        spans.append(Span(st.highlight[0] - start, st.highlight[1] - start, st.kind, 0))
    return render_highlights(
        quote, spans, redactions=redactions(quote, user, text, about=st.document.confidential)
    )


@public_read
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    types = filters.document_types(reader)
    listed = filters.documents(request, reader, types)
    page = Paginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/documents.html",
        {
            "page": page,
            "can_add": reader.may(ANALYST),
            # After an analyst sealed a document they may not read sealed (set_visibility).
            "sealed": request.GET.get("sealed") == "1",
            "listed": listed,
            "types": types,
            "sort": listed.sort,
            **export_context(request, "documents", listed),
        },
    )


@public_read
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    doc = _found(reader.document(pk))
    audit.read_confidential(request.user, doc, request, via="page")
    statements = list(reader.statements(document=doc))
    kind = request.GET.get("kind", "")
    rows = [_row(s, doc, request.user) for s in statements if not kind or s.kind == kind]
    return render(
        request,
        "web/document.html",
        {
            "doc": doc,
            **_text_and_legend(doc, statements, request.user),
            "rows": rows,
            "can_review": reader.may(ANALYST),
            "can_protect": reader.may(ANALYST, PROTECTION_OFFICER),
            "visibility_choices": visibility_choices(reader, doc),
            **selection.context(reader, request.user, doc),
            # The filter is said with its label and a way back, even when it matches nothing.
            "kind": KIND_LABELS.get(kind, kind),
            "page_count": len(doc.pages or []),
        },
    )


def _text_and_legend(doc: Document, statements: list[Statement], user: Any) -> dict[str, Any]:
    """The document's text with its live statements highlighted, and the legend of their kinds."""
    live = [s for s in statements if s.review != Review.REJECTED]
    spans = [
        Span(
            *s.highlight,
            kind=s.kind,
            statement_id=s.pk,
            href=fact_url(s),
            label=KIND_LABELS.get(s.kind, s.kind),
        )
        for s in live
        if s.kind not in WHOLE_KINDS
    ]
    # A statement that is the whole letter gets an anchor, not a mark over the entire text.
    markers = [
        Marker(s.start, format_html('<span class="anchor" id="s{}"></span>', s.pk))
        for s in live
        if s.kind in WHOLE_KINDS
    ]
    markers += [
        Marker(
            int(p.get("start", 0)),
            format_html(
                '<span class="page-marker" id="page-{}" role="note">page {}{}</span>',
                p.get("number"),
                p.get("number"),
                " (OCR)" if p.get("ocr") else "",
            ),
        )
        for p in (doc.pages or [])
        if isinstance(p, dict) and p.get("number") is not None and isinstance(p.get("start", 0), int)
    ]
    # Each passage of the search index has its place, where a search hit without a statement lands.
    markers += [
        Marker(a, format_html('<span class="anchor" id="at-{}"></span>', a)) for a, _ in passages(doc.text)
    ]
    legend = sorted(Counter(s.kind for s in live).items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "body": render_highlights(
            doc.text, spans, markers, redactions(doc.text, user, about=doc.confidential)
        ),
        "legend": [(k, KIND_LABELS.get(k, k), n) for k, n in legend],
    }


def _row(st: Statement, doc: Document, user: Any) -> dict[str, Any]:
    return {
        "st": st,
        # Against the whole text: a quote of a document about a protected person hides its phones.
        "quote": redact(st.quote, user, doc.text, about=doc.confidential),
        "kind_label": KIND_LABELS.get(st.kind, st.kind),
        "fact_url": fact_url(st),
        "page": doc.page_of(st.start),
    }


# Files whose every word is in the text refwatch read from them: an original of another kind
# (HTML around its article, DOCX headers and comments, a scan read by OCR) can hold a name that
# redaction never saw, so only readers with the identity right get those.
WHOLE_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "application/pdf"})


def _original_as_it_came(doc: Document, user: Any) -> bool:
    if sees_identities(user):
        return True
    whole = doc.media_type.split(";")[0].strip() in WHOLE_TEXT_TYPES and not any(
        isinstance(p, dict) and p.get("ocr") for p in doc.pages or []
    )
    return whole and sees_every_identity(
        user, [doc.text, doc.title, doc.filename], confidential=doc.confidential
    )


@require_GET
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The original file to a reader who may see every protected identity in it; to anyone else
    a redacted rendering of its text (as on the page), never the original bytes."""
    doc = _found(Reader.for_user(request.user).document(pk))
    try:
        as_it_came = _original_as_it_came(doc, request.user)
        if not as_it_came:
            rendering = redact(doc.text, request.user, about=doc.confidential)
            name = redact(PurePath(doc.filename).stem or doc.sha256[:12], request.user)
    except RedactionUnavailable:
        # Fail closed: without redaction nothing of the document leaves.
        return HttpResponse(
            "Redaction is unavailable: the document is withheld.", status=503, content_type="text/plain"
        )
    if not as_it_came:
        audit.record(request.user, "download_redacted", doc, request, sha256=doc.sha256)
        response = HttpResponse(rendering, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.redacted.txt")
        response["Cache-Control"] = "no-store"
        return response
    path = doc.original_path
    if not path.is_file():
        raise Http404("The original file is not in the store.")
    body: Any
    with path.open("rb") as fh:
        sealed = fh.read(1) == b"\x01"
    if sealed:
        # A confidential original is sealed on disk: opened (and checked against its SHA-256)
        # only for a reader visible() lets through, and served as the exact bytes that came in.
        try:
            body = io.BytesIO(open_original(doc))
        except ValueError as err:
            return HttpResponse(str(err), status=500, content_type="text/plain")
    else:
        body = path.open("rb")
    audit.record(request.user, "download", doc, request, sha256=doc.sha256)
    response = FileResponse(
        body,
        as_attachment=True,
        filename=PurePath(doc.filename).name or doc.sha256,
        content_type=doc.media_type,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def protect_name(request: HttpRequest, pk: int) -> HttpResponse:
    """An analyst protects a name read in a document: from then on it is a pseudonym on every page."""
    try:
        Actions(request.user, request=request).protect_name(pk, name=request.POST.get("name", ""))
    except Refused as refused:
        return refusal(refused)
    return redirect(reverse("web:document", args=[pk]) + "#text")


@require_POST
def set_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    """An analyst seals a document (confidential); a protection officer opens it (refwatch.actions)."""
    try:
        doc = Actions(request.user, request=request).set_visibility(pk, request.POST.get("visibility", ""))
    except Refused as refused:
        return refusal(refused)
    if Reader.for_user(request.user).document(doc.pk) is None:
        # Sealed by someone who may not read it sealed (an analyst without a grant): it is gone
        # from their view, so they land on the list, told what became of it.
        return redirect(reverse("web:documents") + "?sealed=1")
    return redirect(reverse("web:document", args=[doc.pk]) + "#visibility")


def visibility_choices(reader: Reader, doc: Document) -> list[tuple[str, str]]:
    """The visibilities this reader may give the document, its own excepted: more restricted
    ones for an analyst, any for a protection officer (as Actions.set_visibility decides)."""
    if reader.may(PROTECTION_OFFICER):
        allowed = list(VISIBILITY_ORDER)
    elif reader.may(ANALYST):
        allowed = list(VISIBILITY_ORDER[VISIBILITY_ORDER.index(doc.visibility) + 1 :])
    else:
        allowed = []
    return [(v, Visibility(v).label) for v in allowed if v != doc.visibility]


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    try:
        st = Actions(request.user, request=request).review(pk, request.POST.get("decision", ""))
    except Refused as refused:
        return refusal(refused)
    if request.headers.get("HX-Request") == "true":
        # The row, and out of band the text and legend: a rejected statement loses its highlight.
        doc = st.document
        statements = list(reader.statements(document=doc))
        return render(
            request,
            "web/_review.html",
            {
                "row": _row(st, doc, request.user),
                "can_review": True,
                **_text_and_legend(doc, statements, request.user),
            },
        )
    return redirect(reverse("web:document", args=[st.document_id]) + f"#row-s{st.pk}")


def refusal(refused: Refused) -> HttpResponse:
    """A refused action as the pages answer it: 403 and 404 as for any page, else its reason."""
    if refused.kind == "forbidden":
        raise PermissionDenied(refused.reason)
    if refused.kind == "not_found":
        raise Http404(refused.reason)
    return HttpResponse(refused.reason, status=refused.status, content_type="text/plain")


@public_read
@require_GET
def incidents(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)

    def drawn() -> dict[str, Any]:
        # Its rows show counts, sources and agreement, not quotes: the statements' columns they read.
        listed = incident_filters.incidents(request, reader, evidence=False)
        page = CountingPaginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = []
        for i in page:
            conflicts = i.conflicts()
            rows.append(
                {
                    "incident": i,
                    "sources": i.source_count(),
                    "documents": i.document_count(),
                    "conflicts": conflicts,
                    "counts": _counts(conflicts),
                    "places": reader.places_of(i),
                }
            )
        # Of the incidents listed (the filters apply).
        if isinstance(listed.rows, list):
            verified = sum(1 for i in listed.rows if i.verified)
        else:
            verified = listed.rows.filter(pk__in=reader.verified_ids(Incident)).count()
        return {
            "listed": listed,
            "page": page,
            "rows": rows,
            "rows_html": render_to_string("web/_incident_rows.html", {"rows": rows, "user": request.user}),
            "verified": verified,
            "unverified": page.paginator.count - verified,
        }

    # The same for every reader of the same roles until the record changes (web.shared).
    drawn_once = shared(reader, ("incidents", request.GET.urlencode()), drawn)
    listed = drawn_once["listed"]
    context = {
        **drawn_once,
        "sort": listed.sort,
        "filter_fields": incident_filters.form(incident_filters.INCIDENTS, listed),
        # The same selection on the map (it has the same filters).
        "map_url": _map_url(listed, incident_filters.INCIDENTS),
    }
    return render(request, "web/incidents.html", {**context, **export_context(request, "incidents", listed)})


@public_read
@require_GET
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    inc = _found(reader.incident(pk))
    supporting = [
        {"st": s, "quote": quote_html(s, request.user), "values": s.values(), "url": span_url(s)}
        for s in reader.statements_for(inc)
    ]
    conflicts = [
        {"count": c, "qualifier": q, "values": ss[0].values(), "statements": [(s, span_url(s)) for s in ss]}
        for c, q, ss in inc.conflicts()
    ]
    return render(
        request,
        "web/incident.html",
        {
            "incident": inc,
            "supporting": supporting,
            "conflicts": conflicts,
            "counts": _counts(inc.conflicts()),
            "sources": inc.sources(),
            "documents": inc.document_count(),
            "places": reader.places_of(inc),
        },
    )


def _map_url(listed: filters.Filtered, described: tuple[incident_filters.Filter, ...]) -> str:
    query = incident_filters.query(listed, described)
    return reverse("web:map") + (f"?{query}" if query else "")


def _counts(conflicts: list[tuple[Any, Any, list[Statement]]]) -> str:
    """ "600 or at least 500": the counts sources give when they disagree, so no headline picks one."""
    return " or ".join(format_count(c, q, ss[0].values().get("count_min")) for c, q, ss in conflicts)


@public_read
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Counts of people other than returns (children born, people detained, at risk), each with
    the statements that give it: the same number from two sources is one figure with two."""
    reader = Reader.for_user(request.user)
    listed = incident_filters.figures(request, reader)
    page = Paginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "figure": fig,
            "sources": [
                {"st": s, "url": span_url(s), "quote": quote_html(s, request.user)}
                for s in reader.statements_for(fig)
            ],
            "places": reader.places_of(fig),
        }
        for fig in page
    ]
    return render(
        request,
        "web/figures.html",
        {
            "page": page,
            "rows": rows,
            "listed": listed,
            "filter_fields": incident_filters.form(incident_filters.FIGURES, listed),
            "map_url": _map_url(listed, incident_filters.FIGURES),
            "sort": listed.sort,
            **export_context(request, "figures", listed),
        },
    )


@public_read
@require_GET
def letters(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)

    def drawn() -> tuple[filters.Filtered, Page[Any], str]:
        # A reported letter known to be a stored one (`same_as`) is shown once, as that letter.
        listed = filters.letters(request, reader)
        page = Paginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        rows = render_to_string("web/_letter_rows.html", {"page": page, "user": request.user})
        return listed, page, rows

    # The same for every reader of the same roles until the record changes (web.shared).
    listed, page, rows = shared(reader, ("letters", request.GET.urlencode()), drawn)
    return render(
        request,
        "web/letters.html",
        {
            "page": page,
            "rows": rows,
            "listed": listed,
            "sort": listed.sort,
            "chambers": filters.CHAMBERS,
            "parties": filters.PARTIES,
            **export_context(request, "letters", listed),
        },
    )


@public_read
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)

    def drawn() -> tuple[Letter, str]:
        # Its statements without their documents: the page links to its spans and redacts against
        # the letter's own document, which is read whole. The letters it names (follows up, is
        # followed by, its campaign's, its references resolve to) are labels: read at once.
        record = _found(reader.letter_record(pk, evidence=False))
        ltr, links = record.letter, record.links

        def first_of(fact: Any, kind: str | None = None) -> str | None:
            st = reader.first_of(fact, kind=kind)
            return span_url(st) if st else None

        parties = [{"p": p, "url": first_of(p)} for p in ltr.parties.all()]
        asks = [{"ask": a, "url": first_of(a)} for a in ltr.asks.all()]
        references = [
            {"ref": r, "url": first_of(r), "resolved": links.found.get(r.resolved_id)}
            for r in record.references
        ]
        commitments = [{"c": c, "url": first_of(c)} for c in record.commitments]
        outcomes = [{"o": o, "url": first_of(o)} for o in record.outcomes]
        # What the letter says happened, each linked to its span and, for a repatriation, to the
        # incident page where the letter's number sits beside the other sources' (a reported letter,
        # with no document of its own, has none). Without the joins of letter parts: a return or a
        # figure is none (fact_url reads its incident's id alone).
        said = reader.live_statements(document_id=ltr.document_id, kind__in=REPORTED_KINDS)
        reported = [
            {
                "st": st,
                "values": st.values(),
                "incident_url": fact_url(st) if st.incident_id else None,
                "url": span_url(st),
            }
            for st in said.select_related(None).order_by("start", "pk")
        ]
        chain = links.chain
        return ltr, render_to_string(
            "web/_letter_body.html",
            {
                "user": request.user,
                "letter": ltr,
                # The letter's parts are redacted against the whole text of its document.
                "reader": RedactionReader(request.user, ltr.document.text, ltr.document.confidential)
                if ltr.document
                else request.user,
                "senders": [x for x in parties if x["p"].role == LetterParty.Role.SENDER],
                "recipients": [x for x in parties if x["p"].role == LetterParty.Role.RECIPIENT],
                "asks": asks,
                "references": references,
                "commitments": commitments,
                "outcomes": outcomes,
                "reported": reported,
                "follows": links.follows,
                "followed_by": links.followed_by,
                "chain": chain if len(chain) > 1 else [],
                "document_url": reverse("web:document", args=[ltr.document_id]) if ltr.document_id else None,
                "letter_span": first_of(ltr, Statement.Kind.LETTER),
            },
        )

    # The same for every reader of the same roles until the record changes (web.shared).
    ltr, body = shared(reader, ("letter", pk), drawn, record=True)
    return render(request, "web/letter.html", {"letter": ltr, "body": body})


def _found(record: T | None) -> T:
    """The record, or a 404 that says no more than a record that does not exist would."""
    if record is None:
        raise Http404("No such record.")
    return record
