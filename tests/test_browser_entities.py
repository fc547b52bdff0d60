"""The overview, an actor, an instrument and a member's page in Chromium, under the CSP, and on a
390-pixel screen with nothing scrolling sideways outside a scroll container."""

from __future__ import annotations

import re

from tests.conftest import ingest_seed_letters, make_user
from tests.test_browser import SCREENSHOTS, log_in, page  # noqa: F401 - the fixture

# Wider than the window and not inside an element that scrolls on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
    const s = getComputedStyle(e).overflowX; if (s === 'auto' || s === 'scroll') return true; } return false; };
  return [...document.querySelectorAll('main *')].filter(e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1 && !scrolls(e);
  }).map(e => e.tagName + '.' + e.className).slice(0, 5);
}"""


def test_overview_actor_instrument_and_member_pages(page, live_server, browser):  # noqa: F811
    from refwatch.knowledge import roster
    from refwatch.knowledge.access import VIEWER
    from refwatch.knowledge.models import Actor, Incident

    make_user("vera", VIEWER)
    roster.ensure_loaded()
    ingest_seed_letters()
    log_in(page, live_server, "vera")

    page.goto(f"{live_server.url}/")
    incidents = page.locator("svg.timeline a.mark.incident")
    assert incidents.count() == Incident.objects.exclude(date_start=None).count() >= 2
    oct9 = Incident.objects.get(date_start="2023-10-09")
    mark = page.locator(f'svg.timeline a.mark.incident[data-id="{oct9.pk}"]')
    assert mark.get_attribute("data-low") == mark.get_attribute("data-high") == "600"
    assert "9 Oct 2023" in mark.locator("title").text_content()
    assert page.locator("svg.timeline a.mark.letter").count() == 2
    assert page.locator("#years-table tbody tr").count() == page.locator("svg.years a.mark").count()
    assert page.locator("#backlog li").count() == 4
    page.screenshot(path=str(SCREENSHOTS / "refwatch-overview.png"), full_page=True)
    mark.click()
    page.wait_for_url(re.compile(rf".*/incidents/{oct9.pk}/$"))
    assert "art. 33" in page.locator("#obligations").inner_text()
    page.locator("#obligations a", has_text="1951 Convention").first.click()
    page.wait_for_url(re.compile(r".*/instruments/refugee-convention-1951/$"))
    china = page.locator('#state-parties tr[data-state="China"]')
    assert "24 Sep 1982" in china.inner_text() and "23 Dec 1982" in china.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "refwatch-instrument.png"), full_page=True)

    actor = Actor.objects.get(name="China")
    page.goto(f"{live_server.url}/actors/{actor.pk}/")
    assert "PRC" in page.locator("#aliases").inner_text()
    assert page.locator("#actor-letters li a").count() == 2
    page.locator("#actor-incidents a").first.click()
    page.wait_for_url(re.compile(r".*/incidents/\d+/$"))

    page.goto(f"{live_server.url}/members/")
    page.locator('a[href="/members/K000384/"]').click()
    page.wait_for_url(re.compile(r".*/members/K000384/$"))
    assert page.locator("#bioguide").inner_text() == "K000384"
    assert page.locator("#member-letters li").count() == 2
    assert page.locator("#cosigners li").count() >= 5
    assert page.locator('#cosigners a[href="/members/V000128/"]').count() == 1
    page.screenshot(path=str(SCREENSHOTS / "refwatch-member.png"), full_page=True)
    assert page.problems == []

    phone = browser.new_context(viewport={"width": 390, "height": 800})
    small = phone.new_page()
    try:
        log_in(small, live_server, "vera")
        for path in [
            "/",
            "/actors/",
            f"/actors/{actor.pk}/",
            "/instruments/",
            "/instruments/refugee-convention-1951/",
            f"/incidents/{oct9.pk}/",
            "/members/",
            "/members/K000384/",
        ]:
            small.goto(live_server.url + path)
            assert small.evaluate("document.documentElement.scrollWidth") <= 390, path
            assert small.evaluate(OVERFLOW) == [], path
        small.goto(live_server.url + "/")
        small.screenshot(path=str(SCREENSHOTS / "refwatch-phone-overview.png"), full_page=True)
    finally:
        phone.close()
