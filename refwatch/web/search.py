"""The search page (/search/?q=…): the header's box lands here. Hits are passages, ranked, each
shown as its reader may see it with the query's words marked, linked to its place in the
document, with the facts it supports; facets narrow them, and the URL holds the whole query."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from refwatch.knowledge.queries import Reader, fact_place
from refwatch.knowledge.search import CANDIDATES, Hit
from refwatch.outputs.search import REVIEW_LABELS, last_page, search_params, shown_passage, shown_title
from refwatch.protection import audit
from refwatch.web.shared import shared
from refwatch.web.views import KIND_LABELS, public_read

PAGE_SIZE = 20
FACET_LABELS = {
    "type": "Kind of document",
    "year": "Year",
    "actor": "Actor",
    "place": "Place",
    "review": "Review state",
}


def hit_url(hit: Hit) -> str:
    return reverse("web:document", args=[hit.document.pk]) + f"#{hit.anchor}"


def hit_facts(hit: Hit) -> list[dict[str, str]]:
    """The facts the statements within a hit support, each once, linked to their pages."""
    out: dict[tuple[str, int], dict[str, str]] = {}
    for st in hit.statements:
        place = fact_place(st)
        if place is None or (place.kind, place.id) in out:
            continue
        url = None
        if place.page is not None:
            url = reverse(f"web:{place.page}", args=[place.page_id]) + (
                f"#{place.anchor}" if place.anchor else ""
            )
        out[(place.kind, place.id)] = {"label": KIND_LABELS.get(st.kind, st.kind), "url": url or ""}
    return list(out.values())


@public_read
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q, filters, page, notes = search_params(request.GET, PAGE_SIZE)
    reader = Reader.for_user(request.user)

    def found() -> tuple[Any, list[dict[str, Any]]]:
        results = reader.search(q, filters=filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        hits = []
        for hit in results.hits:
            shown = shown_passage(hit, results.terms, request.user)
            if shown is None:
                continue  # redaction unavailable: the passage is withheld
            hits.append(
                {
                    "hit": hit,
                    "title": shown_title(hit, request.user),
                    "html": shown.html(),
                    "url": hit_url(hit),
                    "facts": hit_facts(hit),
                }
            )
        return results, hits

    # The same for every reader of the same roles until the record changes (web.shared); each
    # read of a confidential document is in the audit log all the same, request by request.
    results, hits = shared(reader, ("search", q, tuple(sorted(filters.items())), page), found)
    for shown_hit in hits:
        audit.read_confidential(request.user, shown_hit["hit"].document, request, via="search")
    pages = min(max(1, -(-results.total // PAGE_SIZE)), last_page(PAGE_SIZE))
    return render(
        request,
        "web/search.html",
        {
            "q": q,
            "results": results,
            "hits": hits,
            "notes": notes,
            "facets": _facets(q, filters, results.facets, results.labels),
            "active": [
                {
                    "label": FACET_LABELS[k],
                    "value": _label(k, v, results.labels),
                    "url": _url(q, _without(filters, k)),
                }
                for k, v in filters.items()
            ],
            "reach": CANDIDATES,
            "page": page,
            "pages": pages,
            "previous": _url(q, filters, page - 1) if page > 1 else None,
            "next": _url(q, filters, page + 1) if page < min(pages, last_page(PAGE_SIZE)) else None,
        },
    )


def _label(key: str, value: str, labels: dict[str, dict[str, str]]) -> str:
    if key == "review":
        return REVIEW_LABELS.get(value, value)
    return labels.get(key, {}).get(value, value)


def _without(filters: dict[str, str], key: str) -> dict[str, str]:
    return {k: v for k, v in filters.items() if k != key}


def _url(q: str, filters: dict[str, str], page: int = 1) -> str:
    params = {"q": q, **filters, **({"page": str(page)} if page > 1 else {})}
    return reverse("web:search") + "?" + urlencode(params)


def _facets(
    q: str,
    filters: dict[str, str],
    facets: dict[str, list[tuple[str, int]]],
    labels: dict[str, dict[str, str]],
) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": FACET_LABELS[key],
            "values": [
                {
                    "value": _label(key, value, labels),
                    "count": n,
                    "active": filters.get(key) == value,
                    "url": _url(q, {**filters, key: value}),
                }
                for value, n in values
            ],
        }
        for key, values in sorted(facets.items(), key=lambda kv: list(FACET_LABELS).index(kv[0]))
        if values
    ]
