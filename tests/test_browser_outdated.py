"""An outdated statement settled by keyboard in the review queue, in Debian's Chromium."""

from __future__ import annotations

from tests.conftest import ingest_seed_letters, make_user
from tests.test_browser import log_in, page  # noqa: F401  (the page fixture)


def test_take_the_new_reading_by_keyboard(page, live_server):  # noqa: F811
    from refwatch.knowledge import merge, reextract
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Review, Statement
    from refwatch.knowledge.review import review

    make_user("anna", ANALYST)
    doc = ingest_seed_letters()[0].document
    kept, taken = list(Statement.objects.filter(document=doc, kind="repatriation").order_by("start"))[:2]
    read_now = {st.pk: st.record["count"] for st in (kept, taken)}
    for st in (kept, taken):
        review(st, Review.ACCEPTED)
        st.record = {**st.record, "count": st.record["count"] + 50}  # as an older extractor read it
        st.save(update_fields=["record"])
        merge.remerge(st)
    assert set(reextract.reextract(doc).outdated) == {kept.pk, taken.pk}
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/review/")
    assert page.locator("#rq-outdated-left").inner_text() == "2"
    page.locator(f"#rq-o-{kept.pk}").focus()
    page.keyboard.press("d")
    page.locator(f"#rq-o-{kept.pk}", has_text="Decision kept.").wait_for()
    # The focus went on to the next outdated statement: t takes its new reading.
    page.wait_for_function(f"document.activeElement.id == 'rq-o-{taken.pk}'")
    page.keyboard.press("t")
    page.locator(f"#rq-o-{taken.pk}", has_text="New reading taken.").wait_for()
    assert page.locator("#rq-outdated-left").inner_text() == "0"
    kept.refresh_from_db()
    taken.refresh_from_db()
    assert kept.outdated == {} and kept.values()["count"] == read_now[kept.pk] + 50
    assert taken.outdated == {} and taken.incident.count == read_now[taken.pk]
    assert page.problems == []
