"""The brief page, the claim-check page and the API docs in Debian's Chromium (see test_browser.py),
under the Content-Security-Policy: no console error, no blocked script."""

from __future__ import annotations

import os
import re

from tests.conftest import SEEDS, ingest_seed_letters, make_user
from tests.test_browser import log_in, page  # noqa: F401 - the fixture

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def test_brief_and_claim_check_pages(page, live_server):  # noqa: F811
    from refwatch.roles import VIEWER

    make_user("vera", VIEWER)
    ingest_seed_letters()
    log_in(page, live_server, "vera")
    page.get_by_role("link", name="Brief").click()
    page.wait_for_url(re.compile(r".*/brief/$"))
    page.get_by_label("include unverified facts").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*include_unverified=on.*"))
    six = page.locator("#incidents li", has_text="600")
    assert six.count() == 1 and six.locator("sup.fnref a").count() == 2
    six.locator("sup.fnref a").first.click()
    assert re.search(r"#fn-\d+$", page.url)
    assert page.locator(".footnotes li").first.is_visible()
    assert page.locator("svg.timeline rect").count() >= 2

    page.get_by_role("link", name="Check a draft").click()
    page.wait_for_url(re.compile(r".*/check/$"))
    page.fill("#draft-text", "The PRC forcibly repatriated 800 North Korean refugees on October 9, 2023.")
    page.get_by_role("button", name="Check").click()
    claim = page.locator("mark.claim.conflicting")
    claim.wait_for()
    assert "800 North Korean refugees" in claim.inner_text()
    page.set_input_files("#draft-file", str(SEEDS[0]))
    page.fill("#draft-text", "")
    page.get_by_role("button", name="Check").click()
    page.locator("h2", has_text="Every claim is supported").wait_for()
    assert page.locator("mark.claim.supported").count() >= 2

    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=20000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert page.problems == []


def test_draft_page(page, live_server):  # noqa: F811
    from refwatch.roles import VIEWER

    make_user("vera", VIEWER)
    ingest_seed_letters()
    log_in(page, live_server, "vera")
    page.get_by_role("link", name="Draft", exact=True).click()
    page.wait_for_url(re.compile(r".*/draft/$"))
    page.fill("#draft-to", "David Perdue")
    page.select_option("#draft-follow", index=1)
    page.get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r".*to=David\+Perdue.*"))
    six = page.locator(".letter-draft p", has_text="600 North Korean refugees").first
    six.locator("sup a").first.click()
    assert re.search(r"#note-\d+$", page.url)
    assert (
        "600" in page.locator(".footnotes li").first.inner_text() or page.locator(".footnotes li").count() > 1
    )
    # Nothing is verified in a new record: the draft says so before it is sent.
    assert page.locator(".warnings li").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (DOCX)").click()
    assert download.value.suggested_filename == "refwatch-draft.docx"
    assert page.problems == []
