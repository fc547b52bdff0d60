"""The list pages as a new user meets them in Chromium: the letters filtered by party with the
query in the URL and the export links carrying it, the asks tracker linked to its words, and on a
390-pixel phone the review buttons of a document beside their quote and a cue on a table that
scrolls sideways."""

from __future__ import annotations

import re

from refwatch.knowledge import roster
from tests.conftest import ingest_seed_letters, make_user
from tests.test_browser import log_in, page  # noqa: F401  (the fixture)
from tests.test_draft import ROSTER


def test_letters_filtered_by_party_export_what_they_list(page, live_server, tmp_path):  # noqa: F811
    from refwatch.knowledge.access import VIEWER

    make_user("vera", VIEWER)
    ingest_seed_letters()
    path = tmp_path / "legislators-current.yaml"
    path.write_text(ROSTER, encoding="utf-8")
    roster.load(path)
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/letters/")
    page.select_option("select[name=party]", "democrat")
    page.fill("input[name=year]", "2026")
    page.click("form.list-filter button[type=submit]")
    page.wait_for_url(re.compile(r".*party=democrat.*"))
    assert "year=2026" in page.url
    listed = page.locator("table.letters tbody tr")
    assert listed.count() == 1
    csv_link = page.locator("p.exports a", has_text="CSV")
    href = csv_link.get_attribute("href")
    assert "party=democrat" in href and "year=2026" in href
    body = page.request.get(live_server.url + href).text()
    assert len(body.strip().splitlines()) == 1 + listed.count()
    # Reloaded from its URL, the form says what it filters by.
    page.goto(page.url)
    assert page.locator("select[name=party]").input_value() == "democrat"
    assert page.problems == []


def test_the_asks_tracker_links_each_step_to_its_words(page, live_server):  # noqa: F811
    from refwatch.knowledge.access import VIEWER

    make_user("vera", VIEWER)
    ingest_seed_letters()
    log_in(page, live_server, "vera")
    page.click("nav >> text=Asks")
    page.wait_for_url(re.compile(r".*/asks/$"))
    halt = page.locator("table.asks tbody tr", has_text="urge the PRC to halt")
    assert halt.locator("ol.steps li").count() == 3
    assert halt.locator(".badge", has_text="denied").is_visible()
    halt.locator("a.outcome-source").click()
    page.wait_for_url(re.compile(r".*/documents/\d+/#s\d+$"))
    assert page.locator("mark.target").count() >= 1
    assert page.problems == []


def test_on_a_phone_review_buttons_sit_by_their_quote_and_wide_tables_say_they_scroll(
    browser, live_server, transactional_db
):
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Review, Statement

    make_user("anna", ANALYST)
    doc = ingest_seed_letters()[0].document
    context = browser.new_context(viewport={"width": 390, "height": 800})
    phone = context.new_page()
    problems: list[str] = []
    phone.on("console", lambda m: m.type == "error" and problems.append(m.text))
    try:
        log_in(phone, live_server, "anna")
        phone.goto(f"{live_server.url}/documents/{doc.pk}/")
        st = Statement.objects.filter(document=doc, kind="ask").order_by("start").first()
        row = phone.locator(f"#row-s{st.pk}")
        accept = row.get_by_role("button", name="Accept")
        accept.scroll_into_view_if_needed()
        box, quote = accept.bounding_box(), row.locator("td.quote").bounding_box()
        # On the screen without scrolling sideways, under the quote it decides.
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390
        assert quote["x"] + quote["width"] <= 390 and quote["y"] < box["y"]
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        accept.click()
        phone.locator(f"#row-s{st.pk} .review-badge", has_text="Accepted").wait_for()
        st.refresh_from_db()
        assert st.review == Review.ACCEPTED
        # The incidents' table is wider than a phone: it scrolls on its own, and says so.
        phone.goto(f"{live_server.url}/incidents/")
        cue = phone.locator(".scroll-cue")
        assert cue.count() == 1 and cue.is_visible() and "scroll it sideways" in cue.inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.goto(f"{live_server.url}/asks/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.locator("table.asks tbody tr").first.is_visible()
        phone.screenshot(path="/tmp/refwatch-phone-asks.png", full_page=True)
        assert problems == []
    finally:
        context.close()


def test_on_a_phone_the_members_sort_by_name_page_and_filter_from_the_url(
    browser, live_server, transactional_db, tmp_path
):
    from refwatch.knowledge.access import VIEWER
    from tests.test_lists_sorted import add_many

    make_user("vera", VIEWER)
    add_many(tmp_path)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    phone = context.new_page()
    problems: list[str] = []
    phone.on("console", lambda m: m.type == "error" and problems.append(m.text))
    phone.on("pageerror", lambda e: problems.append(str(e)))
    try:
        log_in(phone, live_server, "vera")
        phone.goto(f"{live_server.url}/members/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        rows = phone.locator("table.members tbody tr")
        assert rows.count() == 50
        phone.locator("table.members thead a", has_text="Member").click()
        phone.wait_for_url(re.compile(r".*/members/\?sort=name$"))
        header = phone.locator("table.members thead th", has_text="Member")
        assert header.get_attribute("aria-sort") == "ascending"
        assert rows.first.locator("td").first.inner_text() == "Ann Balby"
        phone.locator("nav.pager a[rel=next]").click()
        phone.wait_for_url(re.compile(r".*sort=name&page=2$"))
        assert rows.count() == 6 and rows.first.locator("td").first.inner_text() == "Ann Morford"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        # A filter keeps the sort, and the URL holds both: reloaded, the page says the same.
        phone.select_option("select[name=state]", "TX")
        phone.click("form.list-filter button[type=submit]")
        phone.wait_for_url(re.compile(r".*state=TX.*"))
        assert "sort=name" in phone.url
        assert rows.count() == 14 and rows.first.locator("td").first.inner_text() == "Ann Balford"
        phone.goto(phone.url)
        assert phone.locator("select[name=state]").input_value() == "TX"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path="/tmp/refwatch-phone-members.png", full_page=True)
        assert problems == []
    finally:
        context.close()
