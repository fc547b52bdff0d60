"""The API's index, its docs page, the brief route, and schemathesis over every route of
/api/openapi.json (a few examples each): no server error, no answer outside the schema.

Schemathesis sends its requests to the app as a WSGI server would, but through the handler of
Django's test Client (`test_client_app`): that one keeps the test's database connection open
when a request finishes, where Django's own handler closes it (request_finished), which on
PostgreSQL drops the connection that holds the test's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from django.test import Client
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from refwatch.accounts import tokens
from refwatch.knowledge import store

from .conftest import SEEDS, make_user

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_routes(client: Client):
    data = client.get("/api/").json()
    paths = {(r["method"], r["path"]) for r in data["routes"]}
    assert {("GET", "/api/brief"), ("POST", "/api/check"), ("GET", "/api/export/{kind}")} <= paths
    assert ("GET", "/api/incidents") in paths
    assert data["openapi"] == "/api/openapi.json" and data["docs"] == "/api/docs"


def test_the_docs_page_loads_swagger_ui_from_static_files_without_inline_script(client: Client):
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "swagger-ui-bundle.js" in html and "api-docs.js" in html
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")
    assert client.get("/static/web/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_the_brief_route(seed_letters, viewer_client: Client):
    data = viewer_client.get("/api/brief?include_unverified=true").json()
    assert any("600" in line["text"] for line in data["incidents"])
    assert data["footnotes"][0]["quote"] and data["footnotes"][0]["number"] == 1
    assert viewer_client.get("/api/brief").json()["incidents"] == []  # verified only by default
    pdf = viewer_client.get("/api/brief?format=pdf&include_unverified=true")
    assert pdf["Content-Type"] == "application/pdf"
    assert viewer_client.get("/api/brief?from=yesterday").status_code == 422


def test_client_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The app as WSGI, each request handled as Django's test Client handles it."""
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    headers = [
        *response.items(),
        *(("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()),
    ]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    # The handler has closed the response (sending request_finished without closing the
    # connection); a streamed body is read here, within the same care.
    return [b"".join(response.streaming_content) if response.streaming else response.content]


test_client_app.__test__ = False  # type: ignore[attr-defined]
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", test_client_app)


@pytest.fixture
def token(db) -> str:
    for path in SEEDS:
        store.add_path(path)
    user = make_user("scott", "analyst")
    return tokens.issue(user, "schemathesis")[1]


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, token):
    # Every check but "schema-valid data is accepted": a well-typed request can still be refused
    # with a documented 400 ("an edit needs corrections"), which no schema can express.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance]
    )
