"""The map page in Chromium, under the CSP: circles for the places of the incidents a viewer may
see, each opening the incident list filtered to its place; nothing sideways on a 390-pixel screen;
a confidential incident's places never drawn for a viewer."""

from __future__ import annotations

import re

from tests.conftest import make_user
from tests.test_browser import SCREENSHOTS, log_in, page  # noqa: F401 - the fixture
from tests.test_browser_entities import OVERFLOW
from tests.test_places import CONFIDENTIAL_ONLY, PUBLIC_DANDONG, PUBLIC_TWO_PLACES


def _add(tmp_path, name: str, text: str, visibility: str) -> None:
    from refwatch.knowledge import store

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store.add_path(path, visibility=visibility)


def test_the_map_links_its_places_to_their_incidents(page, live_server, browser, tmp_path):  # noqa: F811
    from refwatch.knowledge.access import VIEWER
    from refwatch.knowledge.models import Incident

    make_user("vera", VIEWER)
    _add(tmp_path, "dandong.txt", PUBLIC_DANDONG, "internal")
    _add(tmp_path, "two.txt", PUBLIC_TWO_PLACES, "internal")
    _add(tmp_path, "secret.txt", CONFIDENTIAL_ONLY, "confidential")
    log_in(page, live_server, "vera")

    page.goto(f"{live_server.url}/map/")
    circles = page.locator("svg.placemap.region a.mark.place")
    assert sorted(circles.evaluate_all("els => els.map(e => e.dataset.place)")) == [
        "Dandong",
        "Jilin",
        "Sinuiju",
    ]
    # The confidential note's Hunchun and Hyesan are neither drawn nor listed.
    assert page.locator('a.mark.place[data-place="Hyesan"], a.mark.place[data-place="Hunchun"]').count() == 0
    assert page.locator("#places-table tbody tr").count() == 3
    assert "120" in page.locator('#places-table tr[data-place="Dandong"]').inner_text()
    page.screenshot(path=str(SCREENSHOTS / "refwatch-map.png"), full_page=True)

    page.locator('svg.placemap a.mark.place[data-place="Sinuiju"] circle').click()
    page.wait_for_url(re.compile(r".*/incidents/\?place=Sinuiju$"))
    may = Incident.objects.get(date_start="2024-05-30")
    assert page.locator("table.incidents tbody tr").count() == 1
    assert page.locator(f"#incident-{may.pk}").count() == 1
    assert "Sinuiju" in page.locator(f"#incident-{may.pk} td.places").inner_text()

    # The map filtered like the list: a period leaves one incident's places, and the link keeps it.
    page.goto(f"{live_server.url}/map/?from=2024-05")
    assert page.locator("svg.placemap.region a.mark.place").count() == 2
    page.locator("#places-table a", has_text="Jilin").click()
    page.wait_for_url(re.compile(r".*/incidents/\?from=2024-05&place=Jilin$"))
    assert page.locator("table.incidents tbody tr").count() == 1
    assert page.problems == []

    phone = browser.new_context(viewport={"width": 390, "height": 800})
    small = phone.new_page()
    try:
        log_in(small, live_server, "vera")
        for path in ("/map/", "/incidents/?place=Dandong"):
            small.goto(live_server.url + path)
            assert small.evaluate("document.documentElement.scrollWidth") <= 390, path
            assert small.evaluate(OVERFLOW) == [], path
        small.goto(live_server.url + "/map/")
        small.screenshot(path=str(SCREENSHOTS / "refwatch-phone-map.png"), full_page=True)
    finally:
        phone.close()
