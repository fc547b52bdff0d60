"""The map page: the places of the incidents the list would show and of the figures the same
filters keep (refwatch.web.incident_filters: one description of the filters for the list and the
map, read from the URL so that a filtered map can be shared), drawn over the border region and
the escape routes (refwatch.outputs.placemap), with tables beside and links to the same
selection as lists."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from refwatch.knowledge.queries import Reader
from refwatch.outputs import placemap
from refwatch.web import incident_filters
from refwatch.web.incident_filters import FIGURES, INCIDENTS
from refwatch.web.views import public_read


@public_read
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    # Everything read through the reader: a place this reader may not see is neither drawn,
    # listed nor counted (Reader.shown_places), nor a filter (Reader.at_place).
    reader = Reader.for_user(request.user)
    listed = incident_filters.incidents(request, reader)
    figures = incident_filters.figures_beside(reader, listed)

    def link(place: str) -> str:
        return reverse("web:incidents") + "?" + incident_filters.query(listed, INCIDENTS, place=place)

    def figure_link(place: str) -> str:
        return reverse("web:figures") + "?" + incident_filters.query(listed, FIGURES, place=place)

    def list_url(name: str, filters: tuple[incident_filters.Filter, ...]) -> str:
        query = incident_filters.query(listed, filters)
        return reverse(name) + (f"?{query}" if query else "")

    pm = placemap.build(reader, listed.rows, figures)
    return render(
        request,
        "web/map.html",
        {
            "pm": pm,
            "rows": [(t, link(t.place.name), placemap.KIND_LABELS[t.place.kind]) for t in pm.places],
            "figure_rows": [
                (f, url, placemap.KIND_LABELS[f.place.kind], _figure_links(url, f))
                for f in pm.figures
                for url in [figure_link(f.place.name)]
            ],
            "region": placemap.region_svg(pm, link, figure_link=figure_link),
            "routes": placemap.routes_svg(pm, link, figure_link=figure_link),
            "listed": listed,
            "sort": "date",
            "filter_fields": incident_filters.form(INCIDENTS, listed),
            "figures_unfiltered_by": incident_filters.unsaid(listed),
            "incidents_url": list_url("web:incidents", INCIDENTS),
            "figures_url": list_url("web:figures", FIGURES),
        },
    )


def _figure_links(url: str, place: placemap.FigurePlace) -> SafeString:
    """The links to each figure of a place, as the template wrote them one by one (escaped as it
    did): a place of a large record has hundreds, which took the template most of the time the
    page spent on them."""
    href = escape(url)
    return mark_safe(  # every value is escaped here
        "; ".join(f'<a href="{href}#figure-{int(pk)}">{escape(text)}</a>' for pk, text in place.figures)
    )
