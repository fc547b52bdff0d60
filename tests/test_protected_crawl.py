"""A viewer who follows every link of the site, and reads every API list, never meets a protected
name or what goes with it (the roster entry of a protected signer): the whole site, not the pages
a test thought of."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.test import Client

from refwatch.protection.names import protect_names
from tests.test_draft import record  # noqa: F401  (the seed record with a roster)

pytestmark = pytest.mark.django_db

SECRETS = ("Kaine", "K000384", "D-VA")
HREF = re.compile(r'href="(/[^"#]*)')
SKIP = re.compile(r"^/(?:accounts/logout|logout|static/|admin/|api/docs)")
MAX_PAGES = 400


def test_a_viewer_crawling_the_site_never_meets_a_protected_signer(record, viewer_client: Client):  # noqa: F811
    protect_names(["Tim Kaine"])
    seen: set[str] = set()
    queue = deque(
        ["/", "/api/", "/api/letters", "/api/incidents", "/api/documents", "/api/actors", "/api/figures"]
    )
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or SKIP.match(url):
            continue
        seen.add(url)
        response = viewer_client.get(url)
        pages += 1
        body = response.content.decode("utf-8", errors="replace")
        if response.status_code == 200 and not response.get("Content-Disposition", "").startswith(
            "attachment"
        ):
            queue.extend(HREF.findall(body))
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} on {url}"
    # The crawl went through the record, not only the home page.
    assert pages > 20
    assert any(u.startswith("/letters/") and u != "/letters/" for u in seen)
