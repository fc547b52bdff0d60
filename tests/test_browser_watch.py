"""What is new since a visit, and the watched sources, in Chromium: documents brought by watched
feeds (a real HTTP server on loopback) show on /new/ with their return first, linking to its span;
a viewer does not see the confidential one; an admin adds and removes a source with the form."""

from __future__ import annotations

import re

import pytest

from refwatch import watching
from refwatch.actions import Actions
from refwatch.knowledge.models import WatchedSource
from refwatch.protection.models import AuditEntry
from tests.conftest import make_user
from tests.test_browser import log_in, page  # noqa: F401  (the page fixture)
from tests.watchserver import SECRET, Site, news_feed, rss


@pytest.fixture
def site(settings, own_keys_and_originals):
    settings.REFWATCH_WATCH_HOST_INTERVAL = 0.1
    settings.REFWATCH_WATCH_TIMEOUT = 2.0
    with Site() as s:
        news_feed(s)
        s.serve(
            "/sources.xml",
            rss(s.base, [("/notes/yanji.txt", "Internal note", "Tue, 08 Jul 2025 09:00:00 GMT")]),
        )
        s.serve("/notes/yanji.txt", SECRET)
        yield s


def poll_all() -> None:
    for source in WatchedSource.objects.all():
        assert watching.poll(source.pk, worker="test:1:a", force=True) is not None


def test_new_shows_a_watched_return_first_and_hides_the_confidential_one(page, live_server, site):  # noqa: F811
    make_user("vera", "viewer")
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/new/")
    assert page.locator("#nothing-new").is_visible()

    Actions.for_command().watch(f"{site.base}/feed.xml", name="Seoul NGO")
    Actions.for_command().watch(f"{site.base}/sources.xml", name="Sources", visibility="confidential")
    poll_all()

    # The header links to it; a reload within the visit shows what came since the visit began.
    page.goto(f"{live_server.url}/documents/")
    page.locator("header nav a", has_text="New").click()
    page.wait_for_url(re.compile(r".*/new/$"))
    facts = page.locator("#new-facts article")
    assert facts.count() >= 2
    assert facts.first.get_attribute("data-kind") == "repatriation"
    assert "new-return" in (facts.first.get_attribute("class") or "")
    body = page.locator("main").inner_text()
    assert "Yanji" not in body and "Internal note" not in body
    assert page.locator("#new-documents tbody tr").count() == 2
    page.screenshot(path="/tmp/refwatch-new.png", full_page=True)
    # Each fact links to its span in its document.
    facts.first.locator("a.new-span").click()
    page.wait_for_url(re.compile(r".*/documents/\d+/#s\d+$"))
    assert page.locator("mark.target").count() >= 1
    assert page.problems == []


def test_an_admin_watches_and_unwatches_a_source_on_the_page(page, live_server, site):  # noqa: F811
    make_user("ada", "admin")
    Actions.for_command().watch(f"{site.base}/sources.xml", name="Sources", visibility="confidential")
    poll_all()
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}/watch/")
    rows = page.locator("#sources tbody tr")
    assert rows.count() == 1 and "1 new" in rows.first.locator(".outcome").inner_text()

    # A bad address is refused beside its field, and nothing is added.
    page.fill("input[name=url]", "file:///etc/passwd")
    page.fill("input[name=name]", "Not a site")
    page.click("button:has-text('Watch')")
    assert page.locator("[role=alert]").first.is_visible()
    assert "not an http:// or https:// address" in page.locator("main").inner_text()
    assert WatchedSource.objects.count() == 1

    page.fill("input[name=url]", f"{site.base}/feed.xml")
    page.fill("input[name=name]", "Seoul NGO")
    page.fill("input[name=every]", "6h")
    page.click("button:has-text('Watch')")
    page.wait_for_url(re.compile(r".*/watch/$"))
    assert page.locator("#sources tbody tr").count() == 2
    assert page.locator("#sources", has_text="Seoul NGO").is_visible()
    assert WatchedSource.objects.get(name="Seoul NGO").every == 6 * 3600

    # Its poll log, once polled.
    poll_all()
    page.goto(f"{live_server.url}/watch/")
    page.locator("#sources a", has_text="Seoul NGO").click()
    assert page.locator(".poll-ok li.item-added").count() == 2
    page.go_back()
    page.locator("#sources tr", has_text="Seoul NGO").locator("button.remove-source").click()
    page.wait_for_url(re.compile(r".*/watch/$"))
    assert page.locator("#sources tbody tr").count() == 1
    assert list(
        AuditEntry.objects.filter(action__startswith="watch_")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "watch_add",
        "watch_add",
        "watch_remove",
    ]
    # The refused form answered 400, which Chromium logs; nothing else went wrong.
    assert [p for p in page.problems if "status of 400" not in p] == []


def test_an_item_to_try_again_shows_its_attempts_and_last_error(page, live_server, site, settings):  # noqa: F811
    settings.REFWATCH_WATCH_RETRY_SECONDS = 3600
    site.serve("/down.xml", rss(site.base, [("/notes/down.txt", "Down", "Tue, 08 Jul 2025 09:00:00 GMT")]))
    site.serve("/notes/down.txt", b"unavailable", status=503)
    Actions.for_command().watch(f"{site.base}/down.xml", name="Flaky NGO")
    poll_all()
    make_user("anna", "analyst")
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/watch/")
    row = page.locator("#retries tbody tr", has_text="/notes/down.txt")
    assert row.is_visible()
    assert row.locator(".attempts").inner_text() == "1"
    assert (
        row.locator(".last-error").inner_text()
        == f"{site.base}/notes/down.txt answered 503 Service Unavailable"
    )
    assert "Flaky NGO" in row.inner_text()
