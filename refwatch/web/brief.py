"""The evidence brief page (refwatch.outputs.brief), and the same brief as PDF or DOCX."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from refwatch.actions import Actions
from refwatch.knowledge.queries import Reader
from refwatch.outputs.brief import make_brief
from refwatch.outputs.render import FORMATS, brief_export, brief_html
from refwatch.web.exports import download
from refwatch.web.listing import period


@require_GET
def brief(request: HttpRequest) -> HttpResponse:
    start, end = period(request)
    include_unverified = request.GET.get("include_unverified") == "on"
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404("No such format.")
        base = request.build_absolute_uri("/").rstrip("/")
        out = Actions(request.user, request=request).export(
            "brief",
            fmt,
            lambda reader: brief_export(
                reader, fmt, start=start, end=end, include_unverified=include_unverified, base_url=base
            ),
        )
        return download(out)
    made = make_brief(
        Reader.for_user(request.user), start=start, end=end, include_unverified=include_unverified
    )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "web/brief.html",
        {
            "body": brief_html(made, page=False),
            "period_from": start,
            "period_to": end,
            "include_unverified": include_unverified,
            "query": query.urlencode(),
        },
    )
