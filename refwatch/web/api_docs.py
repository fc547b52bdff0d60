"""The API's docs page: Swagger UI from the site's static files, started by a script file of its
own (static/web/api-docs.js), so that it works under the Content-Security-Policy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    # The page holds no record: what a call returns is decided by the API for whoever calls it.
    return render(
        request,
        "web/api_docs.html",
        {"schema_url": reverse("api:openapi-json"), "index_url": reverse("api:index")},
    )
