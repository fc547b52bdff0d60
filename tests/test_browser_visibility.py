"""The visibility control of a document page, in Debian's Chromium: an analyst seals a document
and it leaves their sight; a protection officer opens it again. No script is needed (a plain
form), so the strict CSP holds: the page reports no console error or CSP violation."""

from __future__ import annotations

import pytest

from tests.conftest import ingest_seed_letters, make_user
from tests.test_browser import log_in, page  # noqa: F401  (the page fixture)

pytestmark = pytest.mark.usefixtures("own_keys_and_originals")


def test_an_analyst_seals_and_a_protection_officer_opens(page, browser, live_server):  # noqa: F811
    from refwatch.knowledge.access import ANALYST, PROTECTION_OFFICER
    from refwatch.knowledge.models import Document
    from refwatch.protection.models import AuditEntry

    make_user("anna", ANALYST)
    make_user("otto", PROTECTION_OFFICER)
    doc = ingest_seed_letters()[0].document
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    assert page.locator("#doc-visibility").inner_text() == "Internal"
    page.locator("#visibility summary").click()
    # An analyst may only restrict: "Public" is not offered to them.
    assert page.locator("#visibility input[value=public]").count() == 0
    page.locator("#visibility input[value=confidential]").check()
    page.locator("#visibility-submit").click()
    page.locator("#sealed-notice").wait_for()
    assert page.url.startswith(f"{live_server.url}/documents/")
    assert page.locator(f"a[href='/documents/{doc.pk}/']").count() == 0
    assert Document.objects.get(pk=doc.pk).visibility == "confidential"
    assert page.problems == []
    # (The 404 below is logged by the browser as a failed load: expected, so looked at after.)
    assert page.goto(f"{live_server.url}/documents/{doc.pk}/").status == 404

    officer = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    officer.problems = []
    officer.on("console", lambda m: m.type == "error" and officer.problems.append(m.text))
    log_in(officer, live_server, "otto")
    officer.goto(f"{live_server.url}/documents/{doc.pk}/")
    assert officer.locator("#doc-visibility").inner_text() == "Confidential"
    officer.locator("#visibility summary").click()
    officer.locator("#visibility input[value=internal]").check()
    officer.locator("#visibility-submit").click()
    officer.locator("#doc-visibility", has_text="Internal").wait_for()
    assert officer.url.endswith(f"/documents/{doc.pk}/#visibility")
    assert Document.objects.get(pk=doc.pk).visibility == "internal"
    assert list(
        AuditEntry.objects.filter(action="set_visibility", target_id=str(doc.pk))
        .order_by("seq")
        .values_list("actor", "detail__visibility")
    ) == [("anna", "confidential"), ("otto", "internal")]
    assert officer.problems == []
    # Open again: the analyst reads it as before.
    assert page.goto(f"{live_server.url}/documents/{doc.pk}/").status == 200
