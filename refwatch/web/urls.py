"""The pages of refwatch."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.views import serve
from django.urls import URLPattern, URLResolver, path, re_path, register_converter
from django.views.generic import RedirectView

from refwatch.web import (
    addfact,
    asks,
    brief,
    check,
    docmeta,
    draft,
    edit,
    entities,
    exports,
    overview,
    placemap,
    review,
    search,
    upload,
    views,
    watch,
)


class IdConverter:
    """A record id: digits that fit a 64-bit integer, so a huge number is a 404, not an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "web"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.home, name="home"),
    path("documents/", views.documents, name="documents"),
    path("documents/add", upload.upload, name="upload"),
    path("documents/uploads", upload.uploads, name="uploads"),
    path("documents/<id:pk>/", views.document, name="document"),
    path("documents/<id:pk>/original", views.original, name="original"),
    path("documents/<id:pk>/edit", docmeta.edit_document, name="edit_document"),
    path("documents/<id:pk>/add-fact", addfact.add_fact, name="add_fact"),
    path("documents/<id:pk>/protect-name", views.protect_name, name="protect_name"),
    path("documents/<id:pk>/visibility", views.set_visibility, name="set_visibility"),
    path("statements/<id:pk>/review", views.review, name="review"),
    path("statements/<id:pk>/edit", edit.edit, name="edit"),
    path("review/", review.queue, name="review_queue"),
    path("review/<id:pk>/decide", review.decide, name="review_decide"),
    path("review/accept-all", review.accept_all, name="review_accept_all"),
    path("review/<id:pk>/outdated", review.settle, name="review_outdated"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<id:pk>/", views.incident, name="incident"),
    path("map/", placemap.map_page, name="map"),
    path("figures/", views.figures, name="figures"),
    path("letters/", views.letters, name="letters"),
    path("letters/<id:pk>/", views.letter, name="letter"),
    path("asks/", asks.asks, name="asks"),
    path("actors/", entities.actors, name="actors"),
    path("actors/<id:pk>/", entities.actor, name="actor"),
    path("instruments/", entities.instruments, name="instruments"),
    path("instruments/<id:pk>/", entities.instrument_fact, name="instrument_fact"),
    path("instruments/<slug:slug>/", entities.instrument, name="instrument"),
    path("members/", entities.members, name="members"),
    path("members/<str:bioguide>/", entities.member, name="member"),
    path("export/<str:kind>", exports.export, name="export"),
    path("check/", check.check, name="check"),
    path("brief/", brief.brief, name="brief"),
    path("draft/", draft.draft, name="draft"),
    path("search/", search.search, name="search"),
    path("new/", watch.new, name="new"),
    path("watch/", watch.sources, name="watch"),
    path("watch/add", watch.add_source, name="watch_add"),
    path("watch/<id:pk>/", watch.source, name="watch_source"),
    path("watch/<id:pk>/remove", watch.remove_source, name="watch_remove"),
    # The pages' own CSS and JS, served by the app itself so that `refwatch serve` needs no
    # separate web server; public, since the login page needs them too.
    # Browsers ask for /favicon.ico on pages that name no icon (the login page, error pages).
    path(
        "favicon.ico", login_not_required(RedirectView.as_view(url="/static/web/favicon.svg", permanent=True))
    ),
    re_path(r"^static/(?P<path>.*)$", login_not_required(serve), {"insecure": True}),
]
