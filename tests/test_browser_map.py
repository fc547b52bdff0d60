"""The map page in Chromium, under the CSP: circles for the places of the incidents a viewer may
see, each opening the incident list filtered to its place; nothing sideways on a 390-pixel screen;
a confidential incident's places never drawn for a viewer; filtered by year and place through its
form, the marks the store holds, and the same selection as a list and back."""

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


def test_the_map_filtered_by_year_and_place_draws_what_the_store_holds(page, live_server, tmp_path):  # noqa: F811
    from refwatch.knowledge.access import VIEWER
    from refwatch.knowledge.queries import Reader
    from tests.test_map_filters import AUTUMN_2024, CASE_2024, SPRING_2024, SUMMER_2023

    vera = make_user("vera", VIEWER)
    for name, text, visibility in (
        ("spring.txt", SPRING_2024, "internal"),
        ("summer.txt", SUMMER_2023, "internal"),
        ("autumn.txt", AUTUMN_2024, "internal"),
        ("case.txt", CASE_2024, "confidential"),
    ):
        _add(tmp_path, name, text, visibility)
    log_in(page, live_server, "vera")

    def drawn(kind: str) -> list[str]:
        return sorted(
            page.locator(f"svg.placemap a.mark.{kind}").evaluate_all("els => els.map(e => e.dataset.place)")
        )

    # What the store holds for this viewer: incidents of 2024, and figures a document of 2024 says.
    reader = Reader.for_user(vera)

    def expected(place: str | None) -> tuple[list[str], list[str]]:
        """The places of the incidents of 2024 and of the figures a document of 2024 says (those
        naming `place`, when given), as this viewer may see them: every place of each is drawn."""
        of_2024 = {
            st.figure_id
            for st in reader.live_statements(figure__isnull=False)
            if (st.document.doc_date or "").startswith("2024")
        }
        incidents = [
            reader.places_of(i) for i in reader.incidents() if (i.date_start or "").startswith("2024")
        ]
        figures = [reader.places_of(f) for f in reader.figures() if f.pk in of_2024]

        def drawn_at(facts: list[list[str]]) -> list[str]:
            return sorted({p for named in facts if place is None or place in named for p in named})

        return drawn_at(incidents), drawn_at(figures)

    # Filtered by the form, as a user does: the year, then the place too.
    page.goto(f"{live_server.url}/map/")
    page.fill("form.list-filter input[name=year]", "2024")
    page.click("form.list-filter button[type=submit]")
    page.wait_for_url(re.compile(r".*/map/\?year=2024&"))
    circles, squares = expected(None)
    assert (
        (drawn("place"), drawn("figure-place"))
        == (circles, squares)
        == (["Dandong", "Hunchun"], ["Dandong", "Tumen"])
    )
    page.select_option("form.list-filter select[name=place]", "Dandong")
    page.click("form.list-filter button[type=submit]")
    page.wait_for_url(re.compile(r".*/map/\?year=2024&.*place=Dandong"))
    assert (drawn("place"), drawn("figure-place")) == expected("Dandong") == (["Dandong"], ["Dandong"])
    assert page.locator("#places-table tbody tr").count() == 1
    assert page.locator("#figure-places-table tbody tr").count() == 1
    # The confidential case file's places are neither drawn nor listed for the viewer.
    assert page.locator('a.mark[data-place="Yanji"], a.mark[data-place="Onsong"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / "refwatch-map-filtered.png"), full_page=True)

    # The same selection as a list, and back to the map.
    page.locator("#as-a-list").click()
    page.wait_for_url(re.compile(r".*/incidents/\?year=2024&place=Dandong$"))
    assert page.locator("table.incidents tbody tr").count() == 1
    assert page.locator("form.list-filter input[name=year]").input_value() == "2024"
    page.locator("#on-the-map").click()
    page.wait_for_url(re.compile(r".*/map/\?year=2024&place=Dandong$"))
    assert (drawn("place"), drawn("figure-place")) == (["Dandong"], ["Dandong"])
    page.locator('svg.placemap a.mark.figure-place[data-place="Dandong"] rect').click()
    page.wait_for_url(re.compile(r".*/figures/\?year=2024&place=Dandong$"))
    assert page.locator("table.figures tbody tr").count() == 1
    assert page.problems == []
