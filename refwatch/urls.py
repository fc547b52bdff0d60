"""The site's URLs: each app brings its own."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("refwatch.accounts.urls")),
    path("", include("refwatch.protection.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("refwatch.web.urls")),
]
