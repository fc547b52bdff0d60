"""What the list pages share: the period filter (`from`, `to`) and the export links that carry it
(with a list's own filters and sort, refwatch.web.filters, when it has them)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from refwatch.web.filters import Filtered

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FORMATS = (("csv", "CSV"), ("json", "JSON"), ("ftm", "FollowTheMoney"))


def period(request: HttpRequest) -> tuple[str | None, str | None]:
    """The `from` and `to` of a list page's query, when they are ISO dates (else no filter)."""
    start, end = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
    return (start if _ISO.match(start) else None), (end if _ISO.match(end) else None)


def _last_day(end: str) -> str:
    # "2024" and "2024-04" end with their last day, so a prefix compares as a date would.
    return end + {4: "-12-31", 7: "-31"}.get(len(end), "")


def within(qs: QuerySet[Any], start: str | None, end: str | None, first: str, last: str) -> QuerySet[Any]:
    """Records dated `first`..`last` that overlap start..end (undated ones only without a period)."""
    if start:
        qs = qs.filter(Q(**{f"{last}__gte": start}) | Q(**{f"{last}__isnull": True, f"{first}__gte": start}))
    if end:
        qs = qs.filter(**{f"{first}__lte": _last_day(end)})
    return qs


def export_context(request: HttpRequest, kind: str, listed: Filtered | None = None) -> dict[str, Any]:
    """The export links of a list page: they carry what the list was filtered by (its `listed`
    values, or else its period) and its sort, so that the file holds the rows the page lists."""
    start, end = period(request)
    if listed is None:
        query = urlencode({k: v for k, v in (("from", start), ("to", end)) if v})
    else:
        params = {k: v for k, v in listed.values.items() if v}
        if request.GET.get("sort") == listed.sort:
            params["sort"] = listed.sort
        query = urlencode(params)
    return {
        "export_kind": kind,
        "export_formats": FORMATS,
        "query": query,
        "period_from": start,
        "period_to": end,
    }
