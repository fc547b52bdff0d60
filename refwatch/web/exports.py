"""Exports from the list pages: the list's own filters (`from`, `to`) carried into the file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from refwatch.actions import Actions
from refwatch.outputs import export as exports
from refwatch.web.listing import period
from refwatch.web.views import public_read


@public_read
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    start, end = period(request)
    out = Actions(request.user, request=request).export(
        kind, fmt, lambda reader: exports.build(reader, kind, fmt, start=start, end=end)
    )
    return download(out)


def download(out: exports.Export) -> HttpResponse:
    """An export (a list's, the brief's, a draft's) as the file the browser saves."""
    response = HttpResponse(out.content, content_type=out.media_type)
    response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    return response
