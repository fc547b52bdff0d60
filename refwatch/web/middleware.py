"""Responses that would otherwise reach the user empty."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ExplainMethodNotAllowed:
    """Django's require_GET / require_POST answer 405 with no body: say which methods the
    address takes, so that a wrong request gets a clear message and not a blank page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and response.has_header("Allow"):
            response.content = (
                f"{request.method} is not allowed here: this address takes {response['Allow']}.\n".encode()
            )
            response["Content-Type"] = "text/plain; charset=utf-8"
        return response


class NoStore:
    """Pages and API answers can show identities to those allowed them: no browser or proxy may
    keep a copy (`Cache-Control: no-store`). Static files, which name nobody, stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(("/static/", "/favicon.ico")):
            response["Cache-Control"] = "no-store"
        return response
