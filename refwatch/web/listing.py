"""What the list pages share: the period filter (`from`, `to`) and the export links that carry it
(with a list's own filters and sort, refwatch.web.filters, when it has them)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from refwatch.knowledge.queries import count_and_slice
from refwatch.web.filters import Filtered

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FORMATS = (("csv", "CSV"), ("json", "JSON"), ("ftm", "FollowTheMoney"))


class CountingPaginator(Paginator):
    """Django's Paginator, whose page of a QuerySet is read with the count of all its rows in one
    query (refwatch.knowledge.queries.count_and_slice) rather than a count and then the page: the
    same page, the same count. A number that is no page (past the end, not a number) is answered
    as Django answers it."""

    def get_page(self, number: Any) -> Page:
        if isinstance(self.object_list, QuerySet) and not self.orphans:
            try:
                n = 1 if number in (None, "") else int(number)
            except (TypeError, ValueError):
                n = 0
            if n >= 1:
                total, rows = count_and_slice(self.object_list, (n - 1) * self.per_page, self.per_page)
                self.count = total  # the cached property, known now
                if rows:
                    return self._get_page(rows, n, self)
        return super().get_page(number)


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
