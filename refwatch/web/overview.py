"""The home page: an overview of the record (refwatch.outputs.overview) with the counts of what
the reader may see and the documents added last."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from refwatch.knowledge.queries import Reader
from refwatch.outputs import overview
from refwatch.outputs.evidence import Evidence
from refwatch.roles import ANALYST
from refwatch.web.views import public_read


@cache
def _base(name: str) -> str:
    """The path of the page `name` of an id, without the id: reversed once and filled in for each
    mark (the overview links tens of thousands, and reverse() costs more than the rest of one)."""
    path = reverse(name, args=[1])
    assert path.endswith("/1/"), path
    return path.removesuffix("1/")


LINKS = overview.Links(
    incident=lambda pk: f"{_base('web:incident')}{pk}/",
    letter=lambda pk: f"{_base('web:letter')}{pk}/",
    year=lambda year: reverse("web:incidents") + f"?from={year}&to={year}",
)


@public_read
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    ov = overview.build(Evidence(reader))
    return render(
        request,
        "web/overview.html",
        {
            "counts": reader.counts(),
            "recent": reader.documents().order_by("-ingested_at")[:5],
            "ov": ov,
            "timeline": overview.timeline_svg(ov, LINKS),
            "years": overview.years_svg(ov, LINKS),
            "incident_rows": overview.incident_rows(ov, LINKS),
            "letter_rows": overview.letter_rows(ov, LINKS),
            "can_review": reader.may(ANALYST),
        },
    )
