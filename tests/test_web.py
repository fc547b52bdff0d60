"""The pages: each renders real records, highlights never break the HTML, access is enforced."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from refwatch.knowledge.models import (
    Ask,
    Campaign,
    Document,
    Incident,
    Letter,
    LetterParty,
    LetterReference,
    Review,
    Statement,
)
from refwatch.outputs.display import format_count, format_date
from refwatch.web.highlight import Marker, Redaction, Span, render, segments

TEXT = (
    "May 13, 2026\n\nDear President Trump,\n\n"
    "According to the CECC, the PRC forcibly repatriated 600 North Korean refugees on October 9, 2023, "
    "and approximately 200 North Korean refugees in April 2024. <script>alert(1)</script>\n\n"
    "Sincerely,\nTim Kaine\nUnited States Senator\nAmi Bera, M.D.\nMember of Congress\n"
)


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


# --- display -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2023-10-09", "2023-10-09", "day", "9 Oct 2023"),
        ("2024-04-01", "2024-04-30", "month", "April 2024"),
        ("2023-01-01", "2023-12-31", "year", "2023"),
        ("2024-02-11", "2024-02-20", "range", "11–20 Feb 2024"),
        ("2024-02-28", "2024-03-03", "range", "28 Feb – 3 Mar 2024"),
        ("2023-12-30", "2024-01-02", "range", "30 Dec 2023 – 2 Jan 2024"),
        ("2024-04", None, None, "April 2024"),
        ("2020-01-01", None, "range", "since 1 Jan 2020"),
        (None, None, None, "date unknown"),
        ("2024-13-45", None, "day", "date unknown"),
    ],
)
def test_dates_read_as_precise_as_known(start, end, precision, expected):
    assert format_date(start, end, precision) == expected


@pytest.mark.parametrize(
    ("count", "qualifier", "count_min", "expected"),
    [
        (600, "exact", None, "600"),
        (200, "approximately", None, "~200"),
        (1076, "at_least", None, "at least 1,076"),
        (100, "more_than", None, "more than 100"),
        (60, "up_to", 50, "50–60"),
        (None, None, None, "unknown"),
    ],
)
def test_counts_read_with_their_qualifier(count, qualifier, count_min, expected):
    assert format_count(count, qualifier, count_min) == expected


# --- highlighting --------------------------------------------------------------------------


class Checker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(html: str) -> Checker:
    c = Checker()
    c.feed(html)
    c.close()
    assert c.stack == []
    return c


def test_overlapping_and_nested_spans_keep_html_whole_and_text_unchanged():
    text = "abcdefghij <b>&"
    spans = [
        Span(0, 6, "repatriation", 1, "/incidents/1/"),
        Span(2, 4, "date", 2),
        Span(3, 9, "actor", 3),
        Span(3, 9, "figure", 4, "/x/"),
        Span(5, 5, "empty", 5),
        Span(8, 100, "ask", 6),
        Span(-4, 1, "sender", 7),
    ]
    html = render(text, spans, [Marker(4, render("p. 2", []))])
    c = check(html)
    assert "".join(c.text) == text[:4] + "p. 2" + text[4:]
    # The text comes back exactly, with the marker before character 4, and nothing unescaped.
    assert "".join(c.text).replace("p. 2", "") == text
    assert "<b>" not in html and "&lt;b&gt;" in html
    # Every statement whose span is not empty gets exactly one anchor at its start.
    for sid in (1, 2, 3, 4, 6, 7):
        assert html.count(f'id="s{sid}"') == 1
    assert 'id="s5"' not in html
    # Where a date nests in a repatriation, the link goes to the repatriation's incident.
    seg = next(s for s in segments(len(text), spans) if s.start == 2)
    assert [s.statement_id for s in seg.spans] == [2, 1]
    assert re.search(r'<a class="hl-link" href="/incidents/1/"><mark [^>]*data-statements="2 1"', html)


def test_segments_cover_the_text_once():
    spans = [Span(i, i + 7, "k", i) for i in range(0, 40, 3)]
    segs = segments(45, spans)
    assert segs[0].start == 0 and segs[-1].end == 45
    assert all(a.end == b.start for a, b in pairwise(segs))
    for seg in segs:
        assert {s.statement_id for s in seg.spans} == {
            s.statement_id for s in spans if s.start <= seg.start and seg.end <= s.end
        }


# --- pages on records made through the ORM ------------------------------------------------


@pytest.fixture
def record(db):
    doc = Document.objects.create(
        sha256="a" * 64,
        media_type="text/plain",
        filename="letter.txt",
        size=len(TEXT.encode()),
        title="Letter to President Trump",
        doc_type="letter",
        doc_date="2026-05-13",
        text=TEXT,
        pages=[{"number": 1, "start": 0, "end": 60}, {"number": 2, "start": 60, "end": len(TEXT)}],
        extractor_version="0.1.0",
        warnings=["page 2 was read by OCR"],
    )
    sentence = at(
        "According to the CECC, the PRC forcibly repatriated 600 North Korean refugees on October 9, 2023, and approximately 200 North Korean refugees in April 2024."
    )
    inc1 = Incident.objects.create(
        date_start="2023-10-09",
        date_end="2023-10-09",
        date_precision="day",
        count=600,
        count_qualifier="exact",
    )
    inc2 = Incident.objects.create(
        date_start="2024-04-01",
        date_end="2024-04-30",
        date_precision="month",
        count=200,
        count_qualifier="approximately",
    )
    c600, d600 = at("600"), at("October 9, 2023")
    s600 = Statement.objects.create(
        document=doc,
        kind="repatriation",
        start=sentence[0],
        end=sentence[1],
        quote=TEXT[sentence[0] : sentence[1]],
        mark_start=c600[0],
        mark_end=d600[1],
        record={
            "count": 600,
            "count_qualifier": "exact",
            "date_start": "2023-10-09",
            "date_end": "2023-10-09",
            "date_precision": "day",
            "attributed_to": "Congressional-Executive Commission on China",
            "count_span": list(c600),
            "date_span": list(d600),
        },
        incident=inc1,
    )
    c200, d200 = at("approximately 200"), at("April 2024")
    s200 = Statement.objects.create(
        document=doc,
        kind="repatriation",
        start=sentence[0],
        end=sentence[1],
        quote=TEXT[sentence[0] : sentence[1]],
        mark_start=c200[0],
        mark_end=d200[1],
        record={"count": 200, "count_qualifier": "approximately", "count_span": list(c200)},
        incident=inc2,
    )
    sdate = Statement.objects.create(
        document=doc, kind="date", start=d600[0], end=d600[1], quote="October 9, 2023"
    )
    campaign = Campaign.objects.create(name="Stop forcible repatriation")
    first = Letter.objects.create(date="2025-11-07", campaign=campaign)
    LetterParty.objects.create(letter=first, role="recipient", name="David Perdue", title="Ambassador")
    letter = Letter.objects.create(document=doc, date="2026-05-13", follows_up=first, campaign=campaign)
    LetterParty.objects.create(
        letter=letter, role="recipient", name="Donald J. Trump", title="President of the United States"
    )
    parties = []
    for pos, (name, title, chamber) in enumerate(
        [("Tim Kaine", "United States Senator", "senate"), ("Ami Bera, M.D.", "Member of Congress", "house")]
    ):
        p = LetterParty.objects.create(
            letter=letter, role="sender", name=name, title=title, chamber=chamber, position=pos
        )
        s, e = at(name)
        Statement.objects.create(document=doc, kind="sender", start=s, end=e, quote=name, party=p)
        parties.append(p)
    ask = Ask.objects.create(letter=letter, text="urge the PRC to halt forcible repatriation")
    LetterReference.objects.create(letter=letter, date="2025-11", recipient="David Perdue", resolved=first)
    return {
        "doc": doc,
        "inc1": inc1,
        "inc2": inc2,
        "s600": s600,
        "s200": s200,
        "sdate": sdate,
        "letter": letter,
        "first": first,
        "parties": parties,
        "ask": ask,
    }


def get_ok(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_anonymous_requests_go_to_login(db, record):
    client = Client()
    for url in ["/", "/documents/", f"/documents/{record['doc'].pk}/", "/incidents/", "/letters/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    assert "Log in" in get_ok(client, reverse("accounts:login"))
    response = client.post(reverse("web:review", args=[record["s600"].pk]), {"decision": "rejected"})
    assert response.status_code in (302, 403)
    record["s600"].refresh_from_db()
    assert record["s600"].review == Review.SUGGESTED


def test_login_form_logs_in(db, viewer):
    from tests.conftest import PASSWORD

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "vera", "password": PASSWORD})
    assert response.status_code == 302
    assert "Incidents" in get_ok(client, "/")
    other = Client()
    response = other.post(reverse("accounts:login"), {"username": "vera", "password": "wrong"})
    assert response.status_code != 302
    assert other.get("/").status_code == 302


def test_home_counts(viewer_client, record):
    html = get_ok(viewer_client, "/")
    assert re.search(r"<strong>2</strong> incidents", html)
    assert re.search(r"<strong>1</strong> documents", html)


def test_document_list(viewer_client, record):
    html = get_ok(viewer_client, "/documents/")
    assert "Letter to President Trump" in html and "13 May 2026" in html
    # Facts found: the five statements of the document.
    assert re.search(r'<td class="num">5</td>', html)
    for bad in ("abc", "999", "-1", "1e9"):
        assert "Letter to President Trump" in get_ok(viewer_client, f"/documents/?page={bad}")


def test_document_page_highlights_every_statement(viewer_client, record):
    html = get_ok(viewer_client, f"/documents/{record['doc'].pk}/")
    start = html.index('<div class="doc-text">')
    body = html[start : html.index("</div>", start) + len("</div>")]
    check(body)
    for key in ("s600", "s200", "sdate"):
        assert f'id="s{record[key].pk}"' in body
    # The 600 links to its incident; the date nested in it too (a date has no page of its own).
    inc_url = reverse("web:incident", args=[record["inc1"].pk])
    assert re.search(rf'href="{inc_url}"><mark [^>]*>600 North Korean refugees on </mark>', body)
    assert re.search(rf'href="{inc_url}"><mark [^>]*data-kind="date"[^>]*>October 9, 2023</mark>', body)
    # The script in the text is shown as text.
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'id="page-2"' in body
    assert "SHA-256" in html and "a" * 64 in html and "page 2 was read by OCR" in html
    assert re.search(r'<span class="kind k-repatriation">Repatriation</span> 2', html)
    # A viewer gets no review controls.
    assert 'name="decision"' not in html


def test_incidents_table(viewer_client, record):
    html = get_ok(viewer_client, "/incidents/")
    assert "9 Oct 2023" in html and "April 2024" in html
    assert ">600<" in html and "~200" in html
    assert html.index("9 Oct 2023") < html.index("April 2024")
    html = get_ok(viewer_client, "/incidents/?sort=-date")
    assert html.index("9 Oct 2023") > html.index("April 2024")
    fallback = get_ok(viewer_client, "/incidents/?sort=<x>")
    assert fallback.index("9 Oct 2023") < fallback.index("April 2024")


def test_incident_page_quotes_with_count_and_date_marked(viewer_client, record):
    html = get_ok(viewer_client, f"/incidents/{record['inc1'].pk}/")
    assert "<blockquote>" in html and "According to the CECC" in html
    assert re.search(r'<mark [^>]*data-kind="count"[^>]*>600</mark>', html)
    assert re.search(r'<mark [^>]*data-kind="date"[^>]*>October 9, 2023</mark>', html)
    assert f"/documents/{record['doc'].pk}/#s{record['s600'].pk}" in html
    assert "Sources disagree" not in html


def test_conflicting_counts_side_by_side_never_averaged(viewer_client, record):
    other = Document.objects.create(
        sha256="b" * 64,
        media_type="text/plain",
        filename="news.txt",
        text="500 were returned on 9 October 2023.",
    )
    Statement.objects.create(
        document=other,
        kind="repatriation",
        start=0,
        end=35,
        quote=other.text,
        record={"count": 500, "count_qualifier": "exact", "attributed_to": "Human Rights Watch"},
        incident=record["inc1"],
    )
    html = get_ok(viewer_client, f"/incidents/{record['inc1'].pk}/")
    assert "Sources disagree" in html
    assert re.search(r'class="claim-count">600<', html) and re.search(r'class="claim-count">500<', html)
    assert "550" not in html
    assert "according to Human Rights Watch" in html
    # No headline picks one of the counts: the title and the count say both.
    assert re.search(r"<h1>600 or 500 returned, 9 Oct 2023</h1>", html)
    assert "<title>600 or 500 returned, 9 Oct 2023 · refwatch</title>" in html
    listing = get_ok(viewer_client, "/incidents/")
    assert "sources disagree" in listing
    assert re.search(r'<td class="num">600 or 500\b', listing)


def test_letters(viewer_client, record):
    html = get_ok(viewer_client, "/letters/")
    assert "Tim Kaine" in html and "Senate" in html and "House" in html and "bicameral" in html
    assert "13 May 2026" in html
    html = get_ok(viewer_client, f"/letters/{record['letter'].pk}/")
    assert "Donald J. Trump" in html and "President of the United States" in html
    assert "urge the PRC to halt forcible repatriation" in html
    assert f'class="follows-up" href="/letters/{record["first"].pk}/"' in html
    kaine = record["parties"][0]
    assert f'id="party-{kaine.pk}"' in html
    st = kaine.statements.get()
    assert f"/documents/{record['doc'].pk}/#s{st.pk}" in html
    first = get_ok(viewer_client, f"/letters/{record['first'].pk}/")
    assert f'class="followed-by" href="/letters/{record["letter"].pk}/"' in first


@pytest.mark.parametrize(
    "url",
    [
        "/documents/abc/",
        "/documents/999999/",
        "/documents/99999999999999999999999999/",
        "/incidents/-1/",
        "/incidents/0/",
        "/letters/1e3/",
        "/documents/999999/original",
        "/nothing/here/",
    ],
)
def test_malformed_and_unknown_ids_are_404(viewer_client, record, url):
    response = viewer_client.get(url)
    assert response.status_code == 404
    assert "There is nothing here." in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_confidential_records_are_404_for_viewers(viewer_client, record):
    doc = record["doc"]
    Document.objects.filter(pk=doc.pk).update(visibility="confidential")
    assert viewer_client.get(f"/documents/{doc.pk}/").status_code == 404
    assert "Letter to President Trump" not in get_ok(viewer_client, "/documents/")


def test_original_download(viewer_client, record, settings):
    doc = record["doc"]
    path = doc.original_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(TEXT.encode())
    response = viewer_client.get(reverse("web:original", args=[doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TEXT.encode()
    assert "letter.txt" in response["Content-Disposition"]


def test_viewer_cannot_review(viewer_client, record):
    st = record["s600"]
    response = viewer_client.post(reverse("web:review", args=[st.pk]), {"decision": "rejected"})
    assert response.status_code == 403
    assert "You may not" in response.content.decode()
    st.refresh_from_db()
    assert st.review == Review.SUGGESTED


def test_review_needs_csrf(analyst, record):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post(reverse("web:review", args=[record["sdate"].pk]), {"decision": "accepted"})
    assert response.status_code == 403


def test_analyst_reviews_with_and_without_htmx(analyst_client, record):
    doc, st = record["doc"], record["sdate"]
    html = get_ok(analyst_client, f"/documents/{doc.pk}/")
    assert f'hx-post="/statements/{st.pk}/review"' in html
    # Without JS: a form post and a redirect back to the row.
    response = analyst_client.post(reverse("web:review", args=[st.pk]), {"decision": "accepted"})
    assert response.status_code == 302 and response["Location"].endswith(f"/documents/{doc.pk}/#row-s{st.pk}")
    st.refresh_from_db()
    assert st.review == Review.ACCEPTED
    # With htmx: the row alone comes back, to be swapped in place.
    response = analyst_client.post(
        reverse("web:review", args=[st.pk]), {"decision": "rejected"}, headers={"HX-Request": "true"}
    )
    row = response.content.decode()
    assert response.status_code == 200 and row.strip().startswith(f'<tr id="row-s{st.pk}"')
    assert "Rejected" in row and "<html" not in row
    # Out of band, the text without the rejected statement's highlight, and the legend.
    assert '<section aria-labelledby="text-h" id="text" hx-swap-oob="true">' in row
    assert f'id="s{st.pk}"' not in row and f'id="s{record["s600"].pk}"' in row
    assert '<section aria-labelledby="legend-h" id="found" hx-swap-oob="true">' in row
    st.refresh_from_db()
    assert st.review == Review.REJECTED
    # A rejected statement is no longer highlighted.
    assert f'id="s{st.pk}"' not in get_ok(analyst_client, f"/documents/{doc.pk}/")
    bad = analyst_client.post(reverse("web:review", args=[st.pk]), {"decision": "<b>maybe</b>"})
    assert bad.status_code == 400
    assert analyst_client.get(reverse("web:review", args=[st.pk])).status_code == 405


def test_static_files_are_served_without_login(db):
    response = Client().get("/static/web/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)


# --- end to end: the two seed letters through ingest, extraction and the store -------------


class Rows(HTMLParser):
    """The text of each cell of each table row, by the row's id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, list[str]] = {}
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = self.rows.setdefault(dict(attrs).get("id") or f"row{len(self.rows)}", [])
        elif tag == "td" and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def rows(html: str, prefix: str) -> dict[str, list[str]]:
    parser = Rows()
    parser.feed(html)
    return {k: v for k, v in parser.rows.items() if k.startswith(prefix)}


def test_seed_letters_incidents_two_with_two_sources_each(viewer_client, seed_letters):
    table = rows(get_ok(viewer_client, "/incidents/"), "incident-")
    assert len(table) == 2
    by_date = {cells[0]: cells for cells in table.values()}
    assert set(by_date) == {"9 Oct 2023", "April 2024"}
    # Two letters each, both repeating the CECC: one independent source, not corroborated.
    assert by_date["9 Oct 2023"][1] == "600" and by_date["9 Oct 2023"][5] == "1 (2 documents)"
    assert by_date["April 2024"][1] == "~200" and by_date["April 2024"][5] == "1 (2 documents)"
    assert all(cells[6] == "one source" for cells in table.values())
    # Each incident page quotes both letters, each linked to its span.
    (i600,) = [k for k, cells in table.items() if cells[0] == "9 Oct 2023"]
    html = get_ok(viewer_client, f"/incidents/{i600.removeprefix('incident-')}/")
    links = set(re.findall(r'href="(/documents/(\d+)/#s\d+)"', html))
    assert {doc for _, doc in links} == {str(r.document.pk) for r in seed_letters}
    assert html.count("<blockquote>") == 2
    assert re.search(r'<mark [^>]*data-kind="count"[^>]*>600 North Korean refugees</mark>', html)


SECOND_LETTER_SIGNERS = {
    "James R. Walkinshaw": "House",
    "Tim Kaine": "Senate",
    "James P. McGovern": "House",
    "Peter Welch": "Senate",
    "Ami Bera, M.D.": "House",
    "Suhas Subramanyam": "House",
    "Chris Van Hollen": "Senate",
    "Jeffrey A. Merkley": "Senate",
}


def test_seed_letters_second_letter_signers_and_follow_up(viewer_client, seed_letters):
    first, second = (r.document.letters.get() for r in seed_letters)
    listing = get_ok(viewer_client, "/letters/")
    cells = rows(listing, f"letter-{second.pk}")[f"letter-{second.pk}"]
    assert cells[0].startswith("13 May 2026") and "follow-up" in cells[0]
    assert cells[1] == "Donald J. Trump"
    assert "bicameral" in cells[2]
    for name, chamber in SECOND_LETTER_SIGNERS.items():
        assert f"{name} {chamber}" in cells[2]
    assert cells[3] == "4"
    html = get_ok(viewer_client, f"/letters/{second.pk}/")
    signers = rows(html, "party-")
    assert {c[0]: c[2] for c in signers.values()} == SECOND_LETTER_SIGNERS
    assert f'class="follows-up" href="/letters/{first.pk}/"' in html
    assert "<strong>Donald J. Trump</strong>" in html
    earlier = get_ok(viewer_client, f"/letters/{first.pk}/")
    assert f'class="followed-by" href="/letters/{second.pk}/"' in earlier


def test_seed_letter_document_page(viewer_client, seed_letters):
    doc = seed_letters[1].document
    html = get_ok(viewer_client, f"/documents/{doc.pk}/")
    start = html.index('<div class="doc-text">')
    body = html[start : html.index("</div>", start) + len("</div>")]
    text = "".join(check(body).text)
    assert text.replace("page 1", "", 1) == doc.text
    incident = doc.statements.get(kind="repatriation", record__count=600).incident
    assert re.search(
        rf'href="/incidents/{incident.pk}/"><mark [^>]*data-kind="repatriation"[^>]*>600 North Korean', body
    )
    assert body.count("<mark ") > 20
    for kind in ("sender", "ask", "reference", "commitment"):
        assert f'data-kind="{kind}"' in body, kind
    assert re.search(r'<a class="hl-link" href="/letters/\d+/#party-\d+"><mark [^>]*data-kind="sender"', body)


# --- protected names and the audit log ----------------------------------------------------


def test_protected_names_become_pseudonyms_on_every_page(viewer_client, protection_officer, record):
    from refwatch.protection.names import protect_names

    (person,) = protect_names(["Ami Bera"], category="returnee")
    doc = record["doc"]
    pages = [f"/documents/{doc.pk}/", f"/letters/{record['letter'].pk}/", "/letters/"]
    for url in pages:
        html = get_ok(viewer_client, url)
        assert "Ami Bera" not in html, url
        assert f"[{person.pseudonym}]" in html, url
    # The highlights around the redacted name still fall on the right words.
    html = get_ok(viewer_client, f"/documents/{doc.pk}/")
    start = html.index('<div class="doc-text">')
    body = html[start : html.index("</div>", start) + len("</div>")]
    assert re.search(
        rf'data-kind="sender"[^>]*><span class="redacted">\[{re.escape(person.pseudonym)}\]</span></mark>',
        body,
    )
    assert re.search(r'data-kind="sender"[^>]*>, M\.D\.</mark>', body)
    assert re.search(r'data-kind="sender"[^>]*>Tim Kaine</mark>', body)
    check(body)
    officer = Client()
    officer.force_login(protection_officer)
    assert "Ami Bera, M.D." in get_ok(officer, f"/documents/{doc.pk}/")


def test_downloads_and_reviews_are_audited(analyst_client, analyst, record):
    from refwatch.protection.audit import verify
    from refwatch.protection.models import AuditEntry

    doc = record["doc"]
    doc.original_path.parent.mkdir(parents=True, exist_ok=True)
    doc.original_path.write_bytes(TEXT.encode())
    assert analyst_client.get(reverse("web:original", args=[doc.pk])).status_code == 200
    st = record["sdate"]
    analyst_client.post(reverse("web:review", args=[st.pk]), {"decision": "rejected"})
    entries = list(AuditEntry.objects.order_by("seq").values_list("actor", "action", "target_id", "detail"))
    assert ("anna", "download", str(doc.pk)) in [e[:3] for e in entries]
    review = [e for e in entries if e[1] == "review"]
    assert review == [("anna", "review", str(st.pk), {"review": "rejected", "previous": "suggested"})]
    assert verify()[1] is None


def test_redaction_in_highlights_hides_every_character_of_the_name():
    text = "Kim Chol-su was returned with Lee."
    spans = [Span(0, 20, "repatriation", 1, "/incidents/1/"), Span(4, 11, "actor", 2)]
    html = render(text, spans, redactions=[Redaction(0, 11, "[Returnee R-0001]"), Redaction(30, 33, "[R-2]")])
    c = check(html)
    assert "".join(c.text) == "[Returnee R-0001] was returned with [R-2]."
    assert "Kim" not in html and "Chol" not in html and "Lee" not in html
    assert html.count('id="s1"') == 1 and html.count('id="s2"') == 1


def test_statements_filtered_by_kind(viewer_client, record):
    html = get_ok(viewer_client, f"/documents/{record['doc'].pk}/?kind=sender")
    table = rows(html, "row-s")
    assert len(table) == 2 and all(cells[1] == "Sender" for cells in table.values())
    assert "Statements: Sender" in html  # the kind's label, not its code
    odd = get_ok(viewer_client, f"/documents/{record['doc'].pk}/?kind=<x>")
    assert len(rows(odd, "row-s")) == 0
    assert "Show all statements" in odd and "<x>" not in odd
    assert len(rows(get_ok(viewer_client, f"/documents/{record['doc'].pk}/"), "row-s")) == 5


def test_error_pages_leak_nothing(rf, viewer):
    from django.views.defaults import permission_denied, server_error

    request = rf.get("/documents/1/")
    request.user = viewer
    page = server_error(request)
    assert page.status_code == 500
    body = page.content.decode()
    assert "Something went wrong" in body and "Traceback" not in body and "/documents/1/" not in body
    denied = permission_denied(request, PermissionError("secret reason 42"))
    assert denied.status_code == 403 and "secret reason 42" not in denied.content.decode()


def test_review_of_unknown_or_malformed_statement_is_404(analyst_client, record):
    for pk in ("abc", "999999", "1" * 30):
        assert analyst_client.post(f"/statements/{pk}/review", {"decision": "accepted"}).status_code == 404


def test_public_mode_shows_only_published_records_to_anonymous_readers(settings, record):
    anonymous = Client()
    doc = record["doc"]
    settings.REFWATCH_PUBLIC = False
    assert anonymous.get(f"/documents/{doc.pk}/").status_code == 302
    settings.REFWATCH_PUBLIC = True
    # Internal records (the default) stay out of sight.
    assert anonymous.get(f"/documents/{doc.pk}/").status_code == 404
    assert "Letter to President Trump" not in get_ok(anonymous, "/documents/")
    assert "9 Oct 2023" not in get_ok(anonymous, "/incidents/")
    Document.objects.filter(pk=doc.pk).update(visibility="public")
    Statement.objects.filter(document=doc).update(visibility="public")
    Incident.objects.filter(pk=record["inc1"].pk).update(visibility="public")
    html = get_ok(anonymous, f"/documents/{doc.pk}/")
    assert "Letter to President Trump" in html and 'name="decision"' not in html
    listing = get_ok(anonymous, "/incidents/")
    assert "9 Oct 2023" in listing and "April 2024" not in listing
    # Reading only: no review, no download of originals without a login.
    st = record["s600"]
    assert anonymous.post(reverse("web:review", args=[st.pk]), {"decision": "rejected"}).status_code == 302
    assert anonymous.get(reverse("web:original", args=[doc.pk])).status_code == 302
    st.refresh_from_db()
    assert st.review == Review.SUGGESTED


def test_account_people_and_audit_pages_share_the_site_layout(db, viewer, admin_user):
    """Login, people and audit pages have the stylesheet and the menu; the menu follows the role."""
    login = get_ok(Client(), reverse("accounts:login"))
    assert "/static/web/refwatch.css" in login
    assert "<title>Log in · refwatch</title>" in login  # not "· refwatch · refwatch"
    assert 'aria-label="Main"' not in login  # before login the menu would only lead back here
    viewer_client = Client()
    viewer_client.force_login(viewer)
    people = get_ok(viewer_client, reverse("protection:person_list"))
    assert "/static/web/refwatch.css" in people and 'aria-label="Main"' in people
    assert f'href="{reverse("web:documents")}"' in people
    assert f'href="{reverse("protection:person_list")}"' in people
    assert f'href="{reverse("protection:audit_list")}"' not in people
    admin_client = Client()
    admin_client.force_login(admin_user)
    audit_page = get_ok(admin_client, reverse("protection:audit_list"))
    assert f'href="{reverse("protection:audit_list")}"' in audit_page
    assert f'href="{reverse("protection:audit_list")}"' in get_ok(admin_client, "/documents/")


def test_letter_lists_the_repatriations_it_reports_with_incident_and_span(viewer_client, record):
    """Letter → the incident (with its other sources) and → the words that say it; rejected ones not."""
    doc = record["doc"]
    html = get_ok(viewer_client, f"/letters/{record['letter'].pk}/")
    section = html[html.index('id="rep-h"') :]
    assert "600 returned, 9 Oct 2023" in section and "~200 returned" in section
    assert f'href="/incidents/{record["inc1"].pk}/"' in section
    assert f'href="/incidents/{record["inc2"].pk}/"' in section
    assert f'href="/documents/{doc.pk}/#s{record["s600"].pk}"' in section
    assert "according to Congressional-Executive Commission on China" in section
    Statement.objects.filter(pk=record["s200"].pk).update(review=Review.REJECTED)
    html = get_ok(viewer_client, f"/letters/{record['letter'].pk}/")
    assert f'href="/incidents/{record["inc2"].pk}/"' not in html
    # A letter known only from another letter's mention has no text: no such section.
    assert 'id="rep-h"' not in get_ok(viewer_client, f"/letters/{record['first'].pk}/")


def test_analyst_protects_a_name_read_in_a_document(analyst_client, viewer_client, record):
    """From the document page: the name becomes a pseudonym for viewers everywhere, audited."""
    from refwatch.protection.models import AuditEntry, Person

    doc = record["doc"]
    page = get_ok(analyst_client, f"/documents/{doc.pk}/")
    url = reverse("web:protect_name", args=[doc.pk])
    assert f'action="{url}"' in page
    assert f'action="{url}"' not in get_ok(viewer_client, f"/documents/{doc.pk}/")
    assert viewer_client.post(url, {"name": "Tim Kaine"}).status_code == 403
    # A name that is not in this text protects nobody.
    assert analyst_client.post(url, {"name": "Kim Ok-sun"}).status_code == 400
    assert not Person.objects.exists()
    # Spacing as selected across a line break still finds the name.
    response = analyst_client.post(url, {"name": " Tim \n Kaine "})
    assert response.status_code == 302 and response["Location"] == f"/documents/{doc.pk}/#text"
    person = Person.objects.get()
    for path in (f"/documents/{doc.pk}/", f"/letters/{record['letter'].pk}/"):
        html = get_ok(viewer_client, path)
        assert "Tim Kaine" not in html and f"[{person.pseudonym}]" in html, path
    entry = AuditEntry.objects.get(action="protect_span")
    start = TEXT.index("Tim Kaine")
    assert entry.detail == {"document": doc.pk, "start": start, "end": start + len("Tim Kaine")}


def test_empty_lists_say_how_records_get_there(viewer_client):
    for url in ("/incidents/", "/letters/"):
        html = get_ok(viewer_client, url)
        assert "No " in html and f'href="{reverse("web:documents")}"' in html.split("<main", 1)[1], url


def test_header_leads_to_password_change_and_two_factor_setup(viewer_client):
    html = get_ok(viewer_client, "/")
    assert f'href="{reverse("accounts:password")}"' in html
    assert f'href="{reverse("accounts:setup")}"' in html
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from refwatch.web.templatetags.refwatch_web import has_second_factor

    user = get_user_model().objects.get(username="vera")
    assert not has_second_factor(user)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert has_second_factor(user)


def test_a_wrong_method_is_told_which_one_the_address_takes(analyst_client):
    r = analyst_client.get("/statements/1/review")
    assert r.status_code == 405 and r["Content-Type"].startswith("text/plain")
    assert r.content.decode().strip() == "GET is not allowed here: this address takes POST."
    r = analyst_client.post("/documents/")
    assert r.status_code == 405 and "takes GET" in r.content.decode()


def test_figures_page_lists_each_figure_with_the_words_it_was_read_from(viewer_client, seed_letters):
    body = viewer_client.get("/figures/").content.decode()
    assert "~30,000" in body and "children" in body
    assert "Approximately <mark" in body or "Approximately 30,000" in body
    doc = Statement.objects.filter(kind="figure").first().document_id
    assert f'href="/documents/{doc}/#s' in body
    assert 'href="/figures/"' in viewer_client.get("/documents/").content.decode()


def test_figures_page_needs_a_login(client):
    r = client.get("/figures/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
