"""The pages in a real browser: Debian's Chromium driven by Playwright against a live server.

Chromium is the system's (/usr/bin/chromium, installed by CI), never a download by
`playwright install`. Without it the tests fail, saying so: a skipped browser test would
hide that the pages were never looked at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, ingest_seed_letters, make_user

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOTS = Path("/tmp")


@pytest.fixture
def page(browser, transactional_db) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.problems = []  # console errors and CSP violations: a page that needs them is broken
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/documents/")
    assert "/accounts/login/" in page.url  # sent to the login first
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/documents/$"))


def test_document_page_highlights_and_links(page, live_server):
    from refwatch.knowledge.access import VIEWER

    make_user("vera", VIEWER)
    second = ingest_seed_letters()[1].document
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/documents/{second.pk}/")
    marks = page.locator(".doc-text mark.hl")
    assert marks.count() > 20
    assert marks.first.is_visible()
    six_hundred = page.locator(
        '.doc-text mark[data-kind="repatriation"]', has_text="600 North Korean refugees"
    )
    assert six_hundred.count() == 1 and six_hundred.is_visible()
    # Highlights are coloured by kind (the stylesheet loaded under the Content-Security-Policy).
    colour = six_hundred.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent", "")
    page.screenshot(path=str(SCREENSHOTS / "refwatch-document.png"), full_page=True)
    six_hundred.click()
    page.wait_for_url(re.compile(r".*/incidents/\d+/$"))
    assert page.locator("h1").inner_text() == "600 returned, 9 Oct 2023"
    assert page.locator("blockquote").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "refwatch-incident.png"), full_page=True)
    # Back to the letter at the span of the statement: the fragment outlines it (refwatch.js).
    page.locator("figcaption a").first.click()
    page.wait_for_url(re.compile(r".*/documents/\d+/#s\d+$"))
    assert page.locator("mark.target").count() >= 1
    # The letter: eight signers with their chambers, and the letter it follows up.
    letter = second.letters.get()
    page.goto(f"{live_server.url}/letters/{letter.pk}/")
    assert page.locator("table.signers tbody tr").count() == 8
    assert page.locator("table.signers .chamber-senate").count() == 4
    page.screenshot(path=str(SCREENSHOTS / "refwatch-letter.png"), full_page=True)
    page.locator("a.follows-up").click()
    page.wait_for_url(re.compile(rf".*/letters/{letter.follows_up_id}/$"))
    assert page.locator("a.followed-by").count() == 1
    assert page.problems == []


def test_analyst_reviews_in_place(page, live_server):
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Review, Statement

    make_user("anna", ANALYST)
    doc = ingest_seed_letters()[0].document
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    st = Statement.objects.filter(document=doc, kind="ask").order_by("start").first()
    row = page.locator(f"#row-s{st.pk}")
    row.get_by_role("button", name="Accept").click()
    page.locator(f"#row-s{st.pk} .review-badge", has_text="Accepted").wait_for()
    # Swapped in place by htmx: no navigation happened.
    assert page.url == f"{live_server.url}/documents/{doc.pk}/"
    st.refresh_from_db()
    assert st.review == Review.ACCEPTED
    # Rejecting takes the statement's highlight out of the text, still without a reload.
    marks = page.locator(f'.doc-text mark[data-statements~="{st.pk}"]')
    assert marks.count() >= 1
    page.locator(f"#row-s{st.pk}").get_by_role("button", name="Reject").click()
    page.locator(f"#row-s{st.pk} .review-badge", has_text="Rejected").wait_for()
    assert marks.count() == 0
    assert page.locator(".doc-text mark").count() > 20
    assert page.url == f"{live_server.url}/documents/{doc.pk}/"
    assert page.problems == []


def test_pages_fit_a_phone_screen(browser, live_server, transactional_db):
    """On a 390-pixel window the page never scrolls sideways: wide tables scroll on their own."""
    from refwatch.knowledge.access import ADMIN
    from refwatch.knowledge.models import Incident

    make_user("ada", ADMIN)
    doc = ingest_seed_letters()[1].document
    letter = doc.letters.get()
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        log_in(page, live_server, "ada")
        paths = [
            "/documents/",
            f"/documents/{doc.pk}/",
            "/incidents/",
            f"/incidents/{Incident.objects.first().pk}/",
            "/letters/",
            f"/letters/{letter.pk}/",
            "/people/",
            "/audit/",
        ]
        for path in paths:
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
        page.screenshot(path=str(SCREENSHOTS / "refwatch-phone-letter.png"), full_page=True)
    finally:
        context.close()


def test_an_analyst_adds_a_document_from_the_page(page, live_server, tmp_path):
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Document
    from tests.conftest import SEEDS

    make_user("anna", ANALYST)
    log_in(page, live_server, "anna")
    page.click("text=Add documents")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    page.set_input_files("input[name=files]", [str(SEEDS[0]), str(broken)])
    page.click("button:has-text('Add')")
    # The page shows each file's outcome as it is read (it asks again every second while one waits).
    page.wait_for_selector("tr.outcome-added", timeout=60_000)
    page.wait_for_selector("tr.outcome-refused", timeout=60_000)
    added = page.locator("tr.outcome-added")
    assert added.count() == 1 and SEEDS[0].name in added.inner_text()
    assert "broken.pdf" in page.locator("tr.outcome-refused").inner_text()
    added.locator("a").click()
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert page.locator('.doc-text mark[data-kind="repatriation"]').count() >= 1
    assert Document.objects.count() == 1
    assert not page.problems, page.problems
