"""The pages: documents with their highlighted statements, incidents, letters, and review.

Every view reads records through `visible(queryset, request.user)`, so a record the user
may not see is a 404 like one that does not exist; changing a review needs the analyst role.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from refwatch.knowledge.access import ANALYST, PROTECTION_OFFICER, has_role, visible
from refwatch.knowledge.models import (
    Ask,
    Commitment,
    Document,
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
from refwatch.knowledge.store import open_original
from refwatch.protection import audit
from refwatch.protection.names import (
    RedactionUnavailable,
    note_source,
    protect_names,
    redact,
    sees_every_identity,
    sees_identities,
)
from refwatch.web.display import format_count
from refwatch.web.highlight import Marker, Span
from refwatch.web.highlight import render as render_highlights
from refwatch.web.redaction import Reader, redactions

PAGE_SIZE = 50


def public_read(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page anyone may read in public mode (settings.REFWATCH_PUBLIC); otherwise it needs a login.

    LoginRequiredMiddleware reads `login_required` once per view, so the choice is made here, per
    request. What an anonymous reader sees is decided by `visible()`: public records only.
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


def _statements(user: Any) -> QuerySet[Statement]:
    return visible(Statement.objects.all(), user).select_related(
        "party", "ask", "reference", "commitment", "outcome", "document"
    )


def fact_url(st: Statement) -> str | None:
    """The page of the fact a statement supports, at the fact when the page holds several."""
    if st.incident_id:
        return reverse("web:incident", args=[st.incident_id])
    if st.party_id and st.party:
        return reverse("web:letter", args=[st.party.letter_id]) + f"#party-{st.party_id}"
    if st.ask_id and st.ask and st.ask.letter_id:
        return reverse("web:letter", args=[st.ask.letter_id]) + f"#ask-{st.ask_id}"
    if st.reference_id and st.reference:
        return reverse("web:letter", args=[st.reference.letter_id]) + f"#ref-{st.reference_id}"
    if st.commitment_id and st.commitment and st.commitment.letter_id:
        return reverse("web:letter", args=[st.commitment.letter_id]) + f"#commitment-{st.commitment_id}"
    if st.outcome_id and st.outcome and st.outcome.letter_id:
        return reverse("web:letter", args=[st.outcome.letter_id]) + f"#outcome-{st.outcome_id}"
    if st.letter_id:
        return reverse("web:letter", args=[st.letter_id]) + f"#st-{st.pk}"
    return None


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
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    counts = {
        "documents": visible(Document.objects.all(), user).count(),
        "incidents": visible(Incident.objects.shown(), user).count(),
        "letters": visible(Letter.objects.shown().filter(same_as__isnull=True), user).count(),
        "figures": visible(Figure.objects.shown(), user).count(),
        "statements": visible(Statement.objects.all(), user).count(),
    }
    recent = visible(Document.objects.all(), user).order_by("-ingested_at")[:5]
    return render(request, "web/home.html", {"counts": counts, "recent": recent})


@public_read
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    live = (
        visible(Statement.objects.filter(document=OuterRef("pk")), request.user)
        .exclude(review=Review.REJECTED)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        visible(Document.objects.all(), request.user)
        .defer("text")
        .annotate(facts=Coalesce(Subquery(live), 0))
        .order_by(F("doc_date").desc(nulls_last=True), "-ingested_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/documents.html", {"page": page, "can_add": has_role(request.user, ANALYST)})


@public_read
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(visible(Document.objects.all(), request.user), pk=pk)
    audit.read_confidential(request.user, doc, request, via="page")
    statements = list(_statements(request.user).filter(document=doc))
    kind = request.GET.get("kind", "")
    rows = [_row(s, doc, request.user) for s in statements if not kind or s.kind == kind]
    return render(
        request,
        "web/document.html",
        {
            "doc": doc,
            **_text_and_legend(doc, statements, request.user),
            "rows": rows,
            "can_review": has_role(request.user, ANALYST),
            "can_protect": has_role(request.user, ANALYST, PROTECTION_OFFICER),
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
    doc = get_object_or_404(visible(Document.objects.all(), request.user), pk=pk)
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
    """An analyst protects a name read in a document: from then on it is a pseudonym on every page.

    The name is given as written (selected in the text or typed); it must be in this document's
    text, so that what is protected is a name someone read here, and where it is is audited.
    """
    if not has_role(request.user, ANALYST, PROTECTION_OFFICER):
        raise PermissionDenied
    doc = get_object_or_404(visible(Document.objects.all(), request.user), pk=pk)
    words = request.POST.get("name", "").split()
    found = re.search(r"\s+".join(map(re.escape, words)), doc.text or "") if words else None
    if found is None or len(found.group()) > 200:
        return HttpResponse(
            "That name is not in this document's text (or is longer than 200 characters).",
            status=400,
            content_type="text/plain",
        )
    person = protect_names([found.group()])[0]
    note_source([person], doc.pk)
    audit.record(
        request.user, "protect_span", person, request, document=doc.pk, start=found.start(), end=found.end()
    )
    return redirect(reverse("web:document", args=[doc.pk]) + "#text")


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, ANALYST):
        raise PermissionDenied
    st = get_object_or_404(_statements(request.user), pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in {Review.ACCEPTED, Review.REJECTED, Review.SUGGESTED}:
        return HttpResponse("Unknown review decision.", status=400, content_type="text/plain")
    previous = st.review
    try:
        review_statement(st, decision, by=request.user)
    except ReviewError as err:
        return HttpResponse(str(err), status=400, content_type="text/plain")
    audit.record(request.user, "review", st, request, review=decision, previous=previous)
    if request.headers.get("HX-Request") == "true":
        # The row, and out of band the text and legend: a rejected statement loses its highlight.
        doc = st.document
        statements = list(_statements(request.user).filter(document=doc))
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


def _incident_qs(user: Any) -> QuerySet[Incident]:
    return visible(Incident.objects.shown(), user).prefetch_related(
        Prefetch("statements", queryset=_statements(user).order_by("document_id", "start"))
    )


@public_read
@require_GET
def incidents(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "date")
    if sort not in {"date", "-date"}:
        sort = "date"
    order = F("date_start").asc(nulls_last=True) if sort == "date" else F("date_start").desc(nulls_last=True)
    qs = _incident_qs(request.user).order_by(order, "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for i in page:
        conflicts = i.conflicts()
        rows.append(
            {"incident": i, "sources": i.source_count(), "conflicts": conflicts, "counts": _counts(conflicts)}
        )
    return render(request, "web/incidents.html", {"page": page, "rows": rows, "sort": sort})


@public_read
@require_GET
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    inc = get_object_or_404(_incident_qs(request.user), pk=pk)
    live = inc.live_statements()
    supporting = [
        {"st": s, "quote": quote_html(s, request.user), "values": s.values(), "url": span_url(s)}
        for s in live
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
            "sources": inc.source_count(),
        },
    )


def _counts(conflicts: list[tuple[Any, Any, list[Statement]]]) -> str:
    """ "600 or at least 500": the counts sources give when they disagree, so no headline picks one."""
    return " or ".join(format_count(c, q, ss[0].values().get("count_min")) for c, q, ss in conflicts)


@public_read
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Counts of people other than returns (children born, people detained, at risk), each with
    the statements that give it: the same number from two sources is one figure with two."""
    qs = (
        visible(Figure.objects.shown(), request.user)
        .prefetch_related(
            Prefetch("statements", queryset=_statements(request.user).order_by("document_id", "start"))
        )
        .order_by("-quantity", "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for fig in page:
        live = fig.live_statements()  # prefetched: the statements this user may see
        rows.append(
            {
                "figure": fig,
                "sources": [
                    {"st": s, "url": span_url(s), "quote": quote_html(s, request.user)} for s in live
                ],
            }
        )
    return render(request, "web/figures.html", {"page": page, "rows": rows})


def _letter_qs(user: Any) -> QuerySet[Letter]:
    return visible(Letter.objects.shown(), user).prefetch_related(
        Prefetch("parties", queryset=visible(LetterParty.objects.shown(), user).select_related("legislator")),
        Prefetch("asks", queryset=visible(Ask.objects.shown(), user)),
    )


@public_read
@require_GET
def letters(request: HttpRequest) -> HttpResponse:
    # A reported letter known to be a stored one (`same_as`) is shown once, as that letter.
    qs = _letter_qs(request.user).filter(same_as__isnull=True).order_by(F("date").desc(nulls_last=True), "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/letters.html", {"page": page})


@public_read
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    ltr = get_object_or_404(_letter_qs(user), pk=pk)
    sts = _statements(user)

    def first_span(**where: Any) -> str | None:
        st = sts.filter(**where).order_by("start").first()
        return span_url(st) if st else None

    parties = [{"p": p, "url": first_span(party=p)} for p in ltr.parties.all()]
    asks = [{"ask": a, "url": first_span(ask=a)} for a in ltr.asks.all()]
    references = [
        {"ref": r, "url": first_span(reference=r), "resolved": _visible_letter(r.resolved_id, user)}
        for r in visible(LetterReference.objects.shown().filter(letter=ltr), user).order_by("pk")
    ]
    commitments = [
        {"c": c, "url": first_span(commitment=c)}
        for c in visible(Commitment.objects.shown().filter(letter=ltr), user).order_by("pk")
    ]
    outcomes = [
        {"o": o, "url": first_span(outcome=o)}
        for o in visible(Outcome.objects.shown().filter(letter=ltr), user).order_by("pk")
    ]
    # What the letter says happened, each linked to its span and, for a repatriation, to the
    # incident page where the letter's number sits beside the other sources' (a reported letter,
    # with no document of its own, has none).
    said = sts.filter(document_id=ltr.document_id, kind__in=REPORTED_KINDS).exclude(review=Review.REJECTED)
    reported = [
        {
            "st": st,
            "values": st.values(),
            "incident_url": fact_url(st) if st.incident_id else None,
            "url": span_url(st),
        }
        for st in said.order_by("start", "pk")
    ]
    follows = _visible_letter(ltr.follows_up_id, user)
    followed_by = list(
        visible(ltr.followed_by.filter(hidden=False), user).order_by(F("date").asc(nulls_last=True), "pk")
    )
    chain: list[Letter] = []
    if ltr.campaign_id:
        chain = list(
            visible(
                Letter.objects.shown().filter(campaign_id=ltr.campaign_id, same_as__isnull=True), user
            ).order_by(F("date").asc(nulls_last=True), "pk")
        )
    return render(
        request,
        "web/letter.html",
        {
            "letter": ltr,
            # The letter's parts are redacted against the whole text of its document.
            "reader": Reader(user, ltr.document.text, ltr.document.confidential) if ltr.document else user,
            "senders": [x for x in parties if x["p"].role == LetterParty.Role.SENDER],
            "recipients": [x for x in parties if x["p"].role == LetterParty.Role.RECIPIENT],
            "asks": asks,
            "references": references,
            "commitments": commitments,
            "outcomes": outcomes,
            "reported": reported,
            "follows": follows,
            "followed_by": followed_by,
            "chain": chain if len(chain) > 1 else [],
            "document_url": reverse("web:document", args=[ltr.document_id]) if ltr.document_id else None,
            "letter_span": first_span(letter=ltr, kind=Statement.Kind.LETTER),
        },
    )


def _visible_letter(pk: int | None, user: Any) -> Letter | None:
    if pk is None:
        return None
    return visible(Letter.objects.shown().filter(pk=pk), user).first()
