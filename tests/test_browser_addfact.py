"""Adding a return from a selection of a news story, in Debian's Chromium."""

from __future__ import annotations

from tests.conftest import make_user
from tests.test_browser import log_in, page  # noqa: F401  (the page fixture)

STORY = """Families fear the worst after border arrests

SEOUL, March 3, 2024 - A rights group said on Sunday that it had spoken to relatives of several people held near the border.

Witnesses said that police from China took a group of eleven women across the Tumen bridge at dawn on 14 February 2024 and left them with the Ministry of State Security.

The group urged Beijing to stop the practice.
"""
# Across the highlight of "China": the offsets must count the characters inside the mark.
SENTENCE = (
    "police from China took a group of eleven women across the Tumen bridge at dawn on 14 February 2024"
)

# Select `words` in the document's text as a person would leave it (a range over its text nodes).
SELECT = """(words) => {
  const box = document.querySelector('#text .doc-text');
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const nodes = []; let n;
  while ((n = walker.nextNode())) { if (!n.parentElement.closest('.page-marker')) nodes.push(n); }
  const text = nodes.map(t => t.data).join('');
  const at = text.indexOf(words);
  const point = (offset) => {
    for (const t of nodes) { if (offset <= t.data.length) return [t, offset]; offset -= t.data.length; }
  };
  const range = document.createRange();
  range.setStart(...point(at));
  range.setEnd(...point(at + words.length));
  const sel = window.getSelection();
  sel.removeAllRanges(); sel.addRange(range);
  return range.startContainer !== range.endContainer;
}"""


def test_add_a_return_from_a_selection_and_see_it_on_the_incidents(page, live_server):  # noqa: F811
    from refwatch.ingest import read
    from refwatch.knowledge import store
    from refwatch.knowledge.access import ANALYST
    from refwatch.knowledge.models import Incident, Statement

    make_user("anna", ANALYST)
    doc = store.add(read(STORY.encode(), "story.txt")).document
    assert not Incident.objects.exists()  # extraction missed it
    start = doc.text.index(SENTENCE)
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    assert page.locator("#text mark", has_text="China").count() == 1
    assert page.evaluate(SELECT, SENTENCE)  # the selection crosses the mark
    page.locator("#text .doc-text").dispatch_event("mouseup")
    button = page.locator("#add-fact-button")
    button.wait_for(state="visible")
    button.click()
    assert page.input_value("#af-start") == str(start)
    assert page.input_value("#af-end") == str(start + len(SENTENCE))
    assert page.input_value("#af-quote") == SENTENCE
    page.select_option("#af-kind", "repatriation")
    page.click("#add-fact-form button[type=submit]")
    page.locator(".add-fact-quote", has_text=SENTENCE).wait_for()
    page.fill("input[name=date_start]", "2024-02-14")
    page.select_option("select[name=date_precision]", "day")
    page.fill("input[name=count]", "11")
    page.select_option("select[name=count_qualifier]", "exact")
    page.fill("input[name=who]", "women")
    page.click("form.add-fact-form button[type=submit]")
    page.wait_for_url(f"**/documents/{doc.pk}/*")
    st = Statement.objects.get(document=doc, extractor="person")
    assert (st.start, st.end, st.quote) == (start, start + len(SENTENCE), SENTENCE)
    page.locator(f"#row-s{st.pk} .review-badge", has_text="Accepted").wait_for()
    page.goto(f"{live_server.url}/incidents/")
    row = page.locator("table tbody tr", has_text="14 Feb 2024")
    assert row.count() == 1 and "11" in row.inner_text()
    incident = Incident.objects.get()
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    link = page.locator(f"a[href$='/documents/{doc.pk}/#s{st.pk}']").first
    link.click()
    page.locator(f"#s{st.pk}").wait_for(state="attached")
    assert page.problems == []
