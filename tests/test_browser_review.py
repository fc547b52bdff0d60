"""The review queue, typed corrections and sources counted once, in Debian's Chromium."""

from __future__ import annotations

import re

from tests.conftest import ingest_seed_letters, make_user
from tests.test_browser import log_in, page  # noqa: F401  (the page fixture)


def test_review_a_letter_by_keyboard_and_accept_its_actors(page, live_server):  # noqa: F811
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Review, Statement

    make_user("anna", ANALYST)
    doc = ingest_seed_letters()[0].document
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/review/")
    first = page.locator(f"#rq-doc-{doc.pk} .rq-item").first
    first.focus()
    sid = int(first.get_attribute("data-statement"))
    page.keyboard.press("a")
    page.locator(f"#rq-{sid} .review-badge", has_text="Accepted").wait_for()
    assert Statement.objects.get(pk=sid).review == Review.ACCEPTED
    # The focus went on to the next statement: r rejects it.
    page.wait_for_function(
        f"document.activeElement.dataset.statement && document.activeElement.dataset.statement != '{sid}'"
    )
    nxt = page.evaluate("document.activeElement.dataset.statement")
    page.keyboard.press("r")
    page.locator(f"#rq-{nxt} .review-badge", has_text="Rejected").wait_for()
    assert Statement.objects.get(pk=int(nxt)).review == Review.REJECTED
    # The actors' folded line: a accepts all of them.
    fold = page.locator(f"#rq-fold-{doc.pk}-actor")
    fold.focus()
    page.keyboard.press("a")
    page.locator(f"#rq-fold-{doc.pk}-actor").wait_for(state="detached")
    assert re.search(r"/review/", page.url)
    actors = Statement.objects.filter(document=doc, kind="actor")
    assert set(actors.values_list("review", flat=True)) == {"accepted"}
    assert page.locator(f"#rq-fold-{doc.pk}-actor").count() == 0
    assert page.problems == []


def test_bad_values_are_refused_beside_their_fields(page, live_server):  # noqa: F811
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Statement

    make_user("anna", ANALYST)
    ingest_seed_letters()
    st = next(s for s in Statement.objects.filter(kind="repatriation") if s.values().get("count") == 600)
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/statements/{st.pk}/edit")
    page.fill("input[name=date_start]", "October 2023")
    # A number field takes no letters ("hundreds") in a browser; a negative count it does take.
    page.fill("input[name=count]", "-5")
    page.click("form.typed-form button[type=submit]")
    page.locator("#field-date_start .field-error").wait_for()
    assert "not a date" in page.locator("#field-date_start .field-error").inner_text()
    assert "greater than or equal to 0" in page.locator("#field-count .field-error").inner_text()
    st.refresh_from_db()
    assert st.review == "suggested" and st.edited == {}
    # The refused form comes back as 400 (Chromium logs that status); nothing else went wrong.
    assert [p for p in page.problems if "status of 400" not in p] == []


def test_a_second_letter_repeating_the_cecc_is_one_source(page, live_server):  # noqa: F811
    from refwatch.knowledge.access import VIEWER
    from refwatch.knowledge.models import Incident

    make_user("vera", VIEWER)
    ingest_seed_letters()
    incident = Incident.objects.get(date_start="2023-10-09")
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    assert page.locator(".source-count").inner_text().startswith("1 independent source")
    chain = page.locator(".source-chain li.source")
    assert chain.count() == 1 and "→ Congressional-Executive Commission on China" in chain.inner_text()
    assert page.problems == []


def test_a_corrected_date_moves_the_return_to_another_incident_once_confirmed(page, live_server):  # noqa: F811
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Incident, Statement

    make_user("anna", ANALYST)
    ingest_seed_letters()
    st = next(s for s in Statement.objects.filter(kind="repatriation") if s.values().get("count") == 600)
    before = st.incident_id
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/statements/{st.pk}/edit")
    page.fill("input[name=date_start]", "2023-10-10")
    page.click("form.typed-form button[type=submit]")
    # The form says what the correction does before it does it.
    page.get_by_text("takes the statement off incident").wait_for()
    st.refresh_from_db()
    assert st.incident_id == before
    page.get_by_role("button", name="Confirm: move and save").click()
    page.wait_for_url(lambda url: "/edit" not in url)
    st.refresh_from_db()
    assert st.incident_id != before and Incident.objects.get(pk=st.incident_id).date_start == "2023-10-10"
    page.goto(f"{live_server.url}/incidents/")
    assert page.locator("body", has_text="10 Oct 2023").count() == 1
    assert page.problems == []
