"""The site's URLs: each app brings its own."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("refwatch.accounts.urls")),
    path("", include("refwatch.web.urls")),
]
