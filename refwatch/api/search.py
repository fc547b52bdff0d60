"""GET /api/search: the search page's answer as JSON (refwatch.web.search), read through the same
Reader and redacted alike for the caller; its route is declared in refwatch.api.api."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field

from refwatch.api.schemas import FactLink, Out
from refwatch.knowledge.queries import Reader, fact_place
from refwatch.knowledge.search import Hit
from refwatch.outputs.search import search_params, shown_passage, shown_title
from refwatch.protection import audit
from refwatch.web.shared import shared

PAGE_SIZE = 20


class FacetValue(Out):
    value: str = Field(description="what to pass as the filter of this facet (an actor's number)")
    label: str = Field(description="the value as shown (an actor's name)")
    count: int


class SearchHit(Out):
    document_id: int
    title: str
    doc_type: str
    year: int | None
    start: int = Field(description="where the passage starts in the document's text")
    end: int
    passage: str = Field(description="the passage as the caller may see it (protected names replaced)")
    marks: list[tuple[int, int]] = Field(description="(start, end) of the query's words in `passage`")
    url: str = Field(description="the document page, at the passage")
    document_url: str = Field(description="the document in the API")
    facts: list[FactLink]


class SearchOut(Out):
    query: str
    terms: list[str] = Field(description="the words searched for (every one must be in a passage)")
    total: int
    page: int
    page_size: int
    capped: bool = Field(description="more passages match (`total`) than the pages reach")
    filters: dict[str, str]
    facets: dict[str, list[FacetValue]] = Field(
        description="type, year, actor, place, review: how many hits each value has (filters: the same names)"
    )
    notes: list[str] = Field(description="what was wrong with the parameters and was left out")
    hits: list[SearchHit]


def _facts(hit: Hit) -> list[dict[str, Any]]:
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for st in hit.statements:
        place = fact_place(st)
        if place is not None and (place.kind, place.id) not in out:
            url = reverse(f"api:{place.page}", args=[place.page_id]) if place.page else None
            out[(place.kind, place.id)] = {"type": place.kind, "id": place.id, "url": url}
    return list(out.values())


def answer(request: HttpRequest, user: Any) -> dict[str, Any]:
    q, filters, page, notes = search_params(request.GET, PAGE_SIZE)
    reader = Reader.for_user(user)

    def found() -> tuple[dict[str, Any], list[Any]]:
        results = reader.search(q, filters=filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        hits, shown_documents = [], []
        for hit in results.hits:
            shown = shown_passage(hit, results.terms, user)
            if shown is None:
                continue  # redaction unavailable: withheld
            shown_documents.append(hit.document)
            hits.append(
                {
                    "document_id": hit.document.pk,
                    "title": shown_title(hit, user),
                    "doc_type": hit.doc_type,
                    "year": hit.year,
                    "start": hit.start,
                    "end": hit.end,
                    "passage": shown.text,
                    "marks": shown.marks,
                    "url": reverse("web:document", args=[hit.document.pk]) + f"#{hit.anchor}",
                    "document_url": reverse("api:document", args=[hit.document.pk]),
                    "facts": _facts(hit),
                }
            )
        out = {
            "query": q,
            "terms": results.terms,
            "total": results.total,
            "page": page,
            "page_size": PAGE_SIZE,
            "capped": results.capped,
            "filters": results.filters,
            "facets": {
                k: [{"value": v, "label": results.labels.get(k, {}).get(v, v), "count": n} for v, n in vs]
                for k, vs in results.facets.items()
            },
            "hits": hits,
        }
        return out, shown_documents

    # The same for every reader of the same roles until the record changes (refwatch.web.shared),
    # as the search page's; each read of a confidential document is in the audit log all the
    # same, request by request.
    out, shown_documents = shared(reader, ("api-search", q, tuple(sorted(filters.items())), page), found)
    for document in shown_documents:
        audit.read_confidential(user, document, request, via="api-search")
    return {**out, "notes": notes}
