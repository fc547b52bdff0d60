"""The API's index, its docs page, the brief route, and schemathesis over every route of
/api/openapi.json (a few examples each): no server error, no answer outside the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
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


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


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
