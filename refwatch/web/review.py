"""The review queue (/review/): what extraction suggested and no one has decided yet, grouped by
document, facts first; mentions of actors (and of instruments and dates) folded into one line per
document and accepted with it. Above them, the decided statements that re-extraction marked
outdated, each with what the new reading says, to take the new reading or keep the decision
(refwatch.knowledge.outdated). Every decision goes through the actions service (refwatch.actions),
which checks the role, records who decided what and when (ReviewEvent) and audits it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from refwatch.actions import Actions, Refused
from refwatch.knowledge import forms, kinds, outdated
from refwatch.knowledge.models import Document, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.roles import ANALYST
from refwatch.web.listing import period, within
from refwatch.web.redaction import Reader as RedactionReader
from refwatch.web.views import KIND_LABELS, fact_url, quote_html, refusal

K = Statement.Kind
# Facts first, in the order an analyst checks them; mentions last, folded (one line a document).
FACT_ORDER = (
    K.REPATRIATION,
    K.FIGURE,
    K.LETTER,
    K.SENDER,
    K.RECIPIENT,
    K.ASK,
    K.COMMITMENT,
    K.REFERENCE,
    K.OUTCOME,
    K.RATIFICATION,
)
FOLDED = (K.ACTOR, K.INSTRUMENT, K.DATE)
# Confidence bands of the filter: name → (label, lowest, below).
BANDS: dict[str, tuple[str, float, float]] = {
    "low": ("below 0.6", 0.0, 0.6),
    "mid": ("0.6 to 0.85", 0.6, 0.85),
    "high": ("0.85 and above", 0.85, 1.01),
}
DOC_TYPES = ("letter", "news", "report", "statement", "other")
DOCS_PER_PAGE = 10
OUTDATED_SHOWN = 50  # the oldest first; the rest after these are settled
LONG = 600  # a statement longer than this (a whole letter) is shown by its start


@dataclass
class Fold:
    """The mentions of one kind in one document, shown and accepted as one line."""

    kind: str
    label: str
    statements: list[Statement]

    @property
    def names(self) -> list[str]:
        return sorted({s.values().get("name") or s.quote for s in self.statements})


@dataclass
class DocumentQueue:
    document: Document
    items: list[dict[str, Any]] = field(default_factory=list)
    folds: list[Fold] = field(default_factory=list)
    left: int = 0
    reader: Any = None


def _filters(request: HttpRequest) -> dict[str, str]:
    """The filters of the queue as asked, each kept only when it means something."""
    out = {}
    if (kind := request.GET.get("kind", "")) in K.values:
        out["kind"] = kind
    if (band := request.GET.get("confidence", "")) in BANDS:
        out["confidence"] = band
    if (doc_type := request.GET.get("doc_type", "")) in DOC_TYPES:
        out["doc_type"] = doc_type
    # The document's date, from and to (ISO, as precise as wanted: "2024", "2024-03").
    start, end = period(request)
    out.update({k: v for k, v in (("from", start), ("to", end)) if v})
    return out


def suggested(reader: Reader, filters: dict[str, str]) -> QuerySet[Statement]:
    """The statements still suggested that this reader may see, cut by the queue's filters."""
    qs = reader.statements(review=Review.SUGGESTED)
    if "kind" in filters:
        qs = qs.filter(kind=filters["kind"])
    if "confidence" in filters:
        _, low, below = BANDS[filters["confidence"]]
        qs = qs.filter(confidence__gte=low, confidence__lt=below)
    if "doc_type" in filters:
        qs = qs.filter(document__doc_type=filters["doc_type"])
    if "from" in filters or "to" in filters:
        qs = within(qs, filters.get("from"), filters.get("to"), "document__doc_date", "document__doc_date")
    return qs


def outdated_statements(reader: Reader, filters: dict[str, str]) -> list[Statement]:
    """The statements this reader may see that re-extraction marked outdated, cut by the queue's
    filters but for confidence (a decided statement's confidence no longer says anything)."""
    qs = reader.statements().exclude(outdated={})
    if "kind" in filters:
        qs = qs.filter(kind=filters["kind"])
    if "doc_type" in filters:
        qs = qs.filter(document__doc_type=filters["doc_type"])
    if "from" in filters or "to" in filters:
        qs = within(qs, filters.get("from"), filters.get("to"), "document__doc_date", "document__doc_date")
    # A sealed mark is stored as ciphertext, never equal to {}: only its reading says it is set.
    return [st for st in qs.order_by("document_id", "start", "pk") if outdated.is_outdated(st)]


def outdated_item(st: Statement, user: Any) -> dict[str, Any]:
    return {
        **item(st, user),
        "reason": outdated.reason(st),
        "changes": outdated.changes(st),
        "takes": outdated.has_new_reading(st),
        "gone": outdated.new_record(st) is None,
    }


def summary(st: Statement) -> list[tuple[str, str]]:
    """What the statement says, field by field (the values an analyst checks), as text."""
    out = []
    values = st.values()
    for name in kinds.correctable(st.kind):
        value = values.get(name)
        if value in (None, "", [], False) or isinstance(value, list | dict | tuple):
            continue
        out.append((forms.label(name), "yes" if value is True else str(value)))
    return out


def item(st: Statement, user: Any) -> dict[str, Any]:
    long = st.end - st.start > LONG
    return {
        "st": st,
        "kind_label": KIND_LABELS.get(st.kind, st.kind),
        "quote": None if long else quote_html(st, user),
        "opening": st.quote[:300] if long else "",
        "summary": summary(st),
        "fact_url": fact_url(st),
        "page": st.document.page_of(st.start),
        # Its values are redacted against the whole text of its document, as on its page.
        "reader": RedactionReader(user, st.document.text, st.document.confidential),
    }


def _order(st: Statement) -> tuple[int, int, int]:
    return (FACT_ORDER.index(st.kind) if st.kind in FACT_ORDER else len(FACT_ORDER), st.start, st.pk)


def _require_analyst(reader: Reader) -> None:
    if not reader.may(ANALYST):
        raise PermissionDenied("Reviewing needs the analyst role.")


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    _require_analyst(reader)
    filters = _filters(request)
    pending = suggested(reader, filters)
    per_document = Counter(pending.values_list("document_id", flat=True))
    per_kind = Counter(pending.values_list("kind", flat=True))
    page = Paginator(sorted(per_document), DOCS_PER_PAGE).get_page(request.GET.get("page"))
    documents = {d.pk: d for d in reader.documents(pk__in=list(page))}
    groups: dict[int, DocumentQueue] = {
        pk: DocumentQueue(
            documents[pk],
            left=per_document[pk],
            reader=RedactionReader(request.user, documents[pk].text, documents[pk].confidential),
        )
        for pk in page
        if pk in documents
    }
    folded: dict[tuple[int, str], list[Statement]] = {}
    for st in sorted(pending.filter(document_id__in=list(groups)), key=_order):
        if st.kind in FOLDED:
            folded.setdefault((st.document_id, st.kind), []).append(st)
        else:
            groups[st.document_id].items.append(item(st, request.user))
    for (doc, kind), statements in folded.items():
        groups[doc].folds.append(Fold(kind, KIND_LABELS.get(kind, kind), statements))
    stale = outdated_statements(reader, filters)
    return render(
        request,
        "web/review/queue.html",
        {
            "groups": list(groups.values()),
            "outdated": [outdated_item(st, request.user) for st in stale[:OUTDATED_SHOWN]],
            "outdated_left": len(stale),
            "page": page,
            "left": sum(per_kind.values()),
            "per_kind": [
                (k, KIND_LABELS.get(k, k), per_kind[k]) for k in (*FACT_ORDER, *FOLDED) if per_kind[k]
            ],
            "filters": filters,
            "date_errors": [
                f"“{v}” is not a date written YYYY-MM-DD: the queue is not cut by it."
                for name in ("from", "to")
                if (v := request.GET.get(name, "").strip()) and name not in filters
            ],
            "query": urlencode(filters),
            "kinds": [(k, KIND_LABELS.get(k, k)) for k in (*FACT_ORDER, *FOLDED)],
            "bands": [(name, label) for name, (label, _, _) in BANDS.items()],
            "doc_types": DOC_TYPES,
            "here": request.get_full_path(),
        },
    )


def _back(request: HttpRequest, anchor: str = "") -> HttpResponse:
    target = request.POST.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:review_queue")
    return redirect(target.split("#", 1)[0] + anchor)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reject or take back (suggested) one statement of the queue."""
    reader = Reader.for_user(request.user)
    try:
        st = Actions(request.user, request=request).review(pk, request.POST.get("decision", ""))
    except Refused as refused:
        return refusal(refused)
    if request.headers.get("HX-Request") == "true":
        left = suggested(reader, {}).count()
        return render(request, "web/review/_decided.html", {"row": item(st, request.user), "left": left})
    return _back(request, f"#rq-{st.pk}")


@require_POST
def accept_all(request: HttpRequest) -> HttpResponse:
    """Accept every suggested statement of one kind in one document (its actor mentions, say):
    all or none, each decision recorded and audited as if made one by one."""
    reader = Reader.for_user(request.user)
    _require_analyst(reader)
    kind = request.POST.get("kind", "")
    document = reader.document(request.POST.get("document"))
    if document is None or kind not in K.values:
        return HttpResponse("Say which document and which kind of statement.", status=400)
    actions = Actions(request.user, request=request)
    pending = list(reader.statements(document=document, kind=kind, review=Review.SUGGESTED))
    try:
        with transaction.atomic():
            for st in pending:
                actions.review(st, Review.ACCEPTED, note=f"accepted with every {kind} of the document")
    except Refused as refused:
        return refusal(refused)
    return _back(request, f"#rq-doc-{document.pk}")


@require_POST
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the new reading of an outdated statement, or keep the decision (audited)."""
    reader = Reader.for_user(request.user)
    try:
        st = Actions(request.user, request=request).settle_outdated(pk, request.POST.get("choice", ""))
    except Refused as refused:
        return refusal(refused)
    if request.headers.get("HX-Request") == "true":
        left = len(outdated_statements(reader, {}))
        return render(
            request,
            "web/review/_settled.html",
            {"row": item(st, request.user), "choice": request.POST.get("choice"), "left": left},
        )
    return _back(request, "#rq-outdated")
