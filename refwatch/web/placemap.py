"""The map page: the places of the incidents the list would show (its filters, read from the URL),
and of the figures (people detained, at risk) as squares, over the border region and the escape
routes (refwatch.outputs.placemap), with tables beside."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from refwatch.knowledge.queries import Reader
from refwatch.outputs import placemap
from refwatch.web import filters
from refwatch.web.views import public_read


@public_read
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    listed = filters.incidents(request, reader)
    kept = {k: v for k, v in listed.values.items() if v and k != "place"}

    def link(place: str) -> str:
        return reverse("web:incidents") + "?" + urlencode({**kept, "place": place})

    def figure_link(place: str) -> str:
        return reverse("web:figures") + "?" + urlencode({"place": place})

    # The figures the reader may see, at the chosen place when one is: the incidents' other
    # filters (dates, counts, agreement) say nothing of figures.
    place = listed.values.get("place")
    figures = reader.at_place(reader.figures(), place) if place else reader.figures()
    pm = placemap.build(reader, listed.rows, figures)
    return render(
        request,
        "web/map.html",
        {
            "pm": pm,
            "rows": [(t, link(t.place.name), placemap.KIND_LABELS[t.place.kind]) for t in pm.places],
            "figure_rows": [
                (f, figure_link(f.place.name), placemap.KIND_LABELS[f.place.kind]) for f in pm.figures
            ],
            "region": placemap.region_svg(pm, link, figure_link=figure_link),
            "routes": placemap.routes_svg(pm, link, figure_link=figure_link),
            "listed": listed,
            "sort": "date",
            "agreements": filters.AGREEMENT,
            "place_choices": filters.place_choices(),
            "incidents_url": reverse("web:incidents")
            + ("?" + listed.query.rstrip("&") if listed.active else ""),
        },
    )
