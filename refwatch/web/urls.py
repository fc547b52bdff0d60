"""The pages of refwatch (filled by the views as they are written)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
