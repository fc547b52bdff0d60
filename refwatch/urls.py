"""The site's URLs: each app brings its own."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from refwatch.api.api import api
from refwatch.api.people import api as people_api
from refwatch.web.api_docs import api_docs

urlpatterns = [
    # The admin's own login has no second factor: everyone logs in through refwatch's.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("refwatch.accounts.urls")),
    path("", include("refwatch.protection.urls")),
    path("api/docs", api_docs, name="api_docs"),
    path("api/people/", people_api.urls),
    path("api/", api.urls),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("refwatch.web.urls")),
]
