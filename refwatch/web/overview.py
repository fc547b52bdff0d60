"""The home page: an overview of the record (refwatch.outputs.overview) with the counts of what
the reader may see and the documents added last."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from refwatch.knowledge.queries import Reader
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence
from refwatch.roles import ANALYST
from refwatch.web.shared import shared
from refwatch.web.views import public_read


@cache
def _base(name: str) -> str:
    """The path of the page `name` of an id, without the id: reversed once and filled in for each
    mark (the overview links tens of thousands, and reverse() costs more than the rest of one)."""
    path = reverse(name, args=[1])
    assert path.endswith("/1/"), path
    return path.removesuffix("1/")


@lru_cache(maxsize=4096)  # pure, asked for each band twice (chart and table): urlencode was 2% of a page
def _listed(kind: str, period: str) -> str:
    """The list of the incidents of a period (a month or a year), or of the letters or statements
    of its year (their lists filter by year)."""
    if kind == "incident":
        return _path("web:incidents") + "?" + urlencode({"from": period, "to": period})
    if kind == "letter":
        return _path("web:letters") + "?" + urlencode({"year": period[:4]})
    return _path("web:documents") + "?" + urlencode({"type": overview.STATEMENT, "year": period[:4]})


@cache
def _path(name: str) -> str:
    """The path of a list page, reversed once (a band of each month links to one)."""
    return reverse(name)


LINKS = overview.Links(
    incident=lambda pk: f"{_base('web:incident')}{pk}/",
    letter=lambda pk: f"{_base('web:letter')}{pk}/",
    year=lambda year: reverse("web:incidents") + f"?from={year}&to={year}",
    listed=_listed,
)
_YEAR = re.compile(r"^[12][0-9]{3}$")


def _years(request: HttpRequest) -> tuple[int | None, int | None, list[str]]:
    """The window's first and last year from the URL (`from`, `to`); what is no year is left out
    with a note saying so."""
    out: list[int | None] = []
    notes = []
    for key, label in (("from", "the first year"), ("to", "the last year")):
        value = request.GET.get(key, "").strip()[:20]
        if value and not _YEAR.match(value):
            notes.append(f"“{value}” is not a year (YYYY): {label} was left out.")
            value = ""
        out.append(int(value) if value else None)
    first, last = out
    if first is not None and last is not None and first > last:
        notes.append(f"{first} is after {last}: the window ends in {last}.")
        first = None
    return first, last, notes


@public_read
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    first, last, notes = _years(request)

    def drawn() -> dict[str, Any]:
        ov = overview.build(Evidence(reader), first, last)
        return {
            "counts": reader.counts(
                reviews=ov.backlog, incidents=ov.totals["incident"], letters=ov.totals["letter"]
            ),
            "recent": reader.recent_documents(5),
            "ov": ov,
            "timeline": overview.timeline_svg(ov, LINKS),
            "years": overview.years_svg(ov, LINKS),
            "incident_rows": overview.incident_rows(ov, LINKS),
            "letter_rows": overview.letter_rows(ov, LINKS),
            "statement_rows": overview.statement_rows(ov, LINKS),
            "window": ov.window,
        }

    # The same for every reader of the same roles until the record changes (web.shared).
    page = shared(reader, ("overview", first, last), drawn)
    window = page["window"]
    if first is not None and window.first != first:
        notes.append(
            f"A window shows at most {overview.MAX_WINDOW_YEARS} years: it starts in {window.first}."
        )
    return render(
        request,
        "web/overview.html",
        {
            **page,
            "per_period": overview.PER_PERIOD,
            "notes": notes,
            "can_review": reader.may(ANALYST),
        },
    )
