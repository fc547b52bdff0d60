"""Exports from the list pages: the list's own filters and sort carried into the file, so that
what a user filtered is what they export (the incidents', letters' and documents' filters of
refwatch.web.filters; the period, `from` and `to`, of the others)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from refwatch.actions import Actions
from refwatch.knowledge.queries import Reader
from refwatch.outputs import export as exports
from refwatch.web import filters
from refwatch.web.listing import period
from refwatch.web.views import public_read


@public_read
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    start, end = period(request)

    def build(reader: Reader) -> exports.Export:
        # The selection is made by the reader the export is built by, so it holds nothing more;
        # it has applied the period itself, as the list does.
        only = filters.selection(request, reader, kind)
        if only is not None:
            return exports.build(reader, kind, fmt, only=only)
        return exports.build(reader, kind, fmt, start=start, end=end)

    out = Actions(request.user, request=request).export(kind, fmt, build)
    return download(out)


def download(out: exports.Export) -> HttpResponse:
    """An export (a list's, the brief's, a draft's) as the file the browser saves."""
    response = HttpResponse(out.content, content_type=out.media_type)
    response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    return response
