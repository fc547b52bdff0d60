"""Exports from the list pages: the list's own filters and sort carried into the file, so that
what a user filtered is what they export (the incidents', letters' and documents' filters of
refwatch.web.filters and refwatch.web.incident_filters; the period, `from` and `to`, of the others)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from refwatch.actions import Actions
from refwatch.knowledge.queries import Reader
from refwatch.outputs import export as exports
from refwatch.web import filters, incident_filters
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
        only = selection(request, reader, kind)
        if only is not None:
            return exports.build(reader, kind, fmt, only=only)
        return exports.build(reader, kind, fmt, start=start, end=end)

    out = Actions(request.user, request=request).export(kind, fmt, build)
    return download(out)


def selection(request: HttpRequest, reader: Reader, kind: str) -> list[int] | None:
    """The ids a list page shows for this query, in its order, for an export of what it lists;
    None when the query neither filters nor sorts it (the export is then the whole list)."""
    if kind == "incidents":
        listed = incident_filters.incidents(request, reader)
    elif kind == "figures":
        listed = incident_filters.figures(request, reader)
    elif kind == "letters":
        listed = filters.letters(request, reader)
    elif kind == "documents":
        listed = filters.documents(request, reader, filters.document_types(reader))
    else:
        return None
    if not listed.active and request.GET.get("sort") != listed.sort:
        return None
    rows = listed.rows.values_list("pk", flat=True) if isinstance(listed.rows, QuerySet) else listed.rows
    return [r if isinstance(r, int) else r.pk for r in rows]


def download(out: exports.Export) -> HttpResponse:
    """An export (a list's, the brief's, a draft's) as the file the browser saves."""
    response = HttpResponse(out.content, content_type=out.media_type)
    response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    return response
