"""Search and list filters in Debian's Chromium (see test_browser.py), under the strict CSP."""

from __future__ import annotations

import os
import re

from refwatch.ingest import read
from refwatch.knowledge import store
from tests.conftest import ingest_seed_letters, make_user
from tests.test_browser import log_in, page  # noqa: F401 - the fixture
from tests.test_search import BORDER, INCIDENTS

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def test_the_header_box_lands_on_the_passage_and_incidents_filter_by_year(page, live_server):  # noqa: F811
    from refwatch.roles import VIEWER

    make_user("vera", VIEWER)
    ingest_seed_letters()
    doc = store.add(read(("Preface\n\n" + "Background. " * 400 + "\n\n" + BORDER).encode(), "b.txt")).document
    store.add(read(INCIDENTS.encode(), "returns.txt"))
    log_in(page, live_server, "vera")

    page.get_by_role("searchbox", name="Search the record").fill("Dandong")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=Dandong$"))
    hit = page.locator("li.hit").first
    assert hit.locator("mark", has_text="Dandong").count() == 1
    hit.locator("a.hit-link").click()
    page.wait_for_url(re.compile(rf".*/documents/{doc.pk}/#(s\d+|at-\d+)$"))
    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1
    # The passage is scrolled to: its anchor is in view, far down a long document.
    assert page.evaluate("window.scrollY") > 200
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"]

    page.get_by_role("link", name="Incidents", exact=True).click()
    page.wait_for_url(re.compile(r".*/incidents/$"))
    everything = page.locator("tr[id^=incident-]").count()
    page.fill("input[name=from]", "2024")
    page.fill("input[name=to]", "2024")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r".*from=2024.*to=2024.*"))
    rows = page.locator("tr[id^=incident-]")
    assert 0 < rows.count() < everything
    assert all("2024" in rows.nth(i).locator("td").first.inner_text() for i in range(rows.count()))
    assert page.problems == []


def test_the_place_and_actor_facets_narrow_the_hits(page, live_server):  # noqa: F811
    from refwatch.roles import VIEWER
    from tests.test_search import XI

    make_user("vera", VIEWER)
    store.add(read(BORDER.encode(), "border.txt"))
    store.add(read(XI.encode(), "xi.txt"))
    store.add(read(b"Other report\n\nGuards in Hyesan detained 4 North Korean women in 2024.\n", "h.txt"))
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/search/?q=detained")
    assert page.locator("li.hit").count() == 4
    places = page.locator("aside.facets section", has=page.get_by_role("heading", name="Place"))
    places.get_by_role("link", name="Hyesan").click()
    page.wait_for_url(re.compile(r".*place=Hyesan.*"))
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit mark", has_text="detained").count() == 1
    assert "Place: Hyesan" in page.locator(".filters-active").inner_text()
    page.locator(".filters-active a", has_text="Place: Hyesan").click()
    page.wait_for_url(re.compile(r".*/search/\?q=detained$"))
    actors = page.locator("aside.facets section", has=page.get_by_role("heading", name="Actor"))
    actors.get_by_role("link", name="Xi Jinping").click()
    page.wait_for_url(re.compile(r".*actor=\d+.*"))
    assert page.locator("li.hit").count() == 1
    assert "Xi Jinping" in page.locator("li.hit").inner_text()
    assert page.problems == []
