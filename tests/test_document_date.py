"""A document's own date from its head (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract


def test_a_page_headed_by_the_month_it_reports_on_reads_its_body_against_that_month() -> None:
    text = (
        "Ruritania - March 2024\nBorder closures\n"
        "On 12 March, Chinese police forcibly repatriated 30 North Koreans, rights groups said.\n"
    )
    result = extract(text, meta={"type": "report"})
    assert result.doc_date == "2024-03-31"
    assert [(r.count, r.date_start) for r in result.repatriations] == [(30, "2024-03-12")]


def test_a_month_inside_a_headline_sentence_is_not_the_document_date() -> None:
    text = "Talks held in March 2024 ended without a deal on the crossings\nOfficials met again later.\n"
    assert extract(text, meta={"type": "news"}).doc_date is None


def test_an_update_line_gives_way_to_the_dateline_and_to_the_published_date() -> None:
    text = "Updated: 9 June 2024\nSEOUL (3 May 2024) - Rights groups met officials on the crossings.\n"
    assert extract(text, meta={"type": "news"}).doc_date == "2024-05-03"
    text = "Updated: 9 June 2024\nRights groups met officials on the crossings.\n"
    assert extract(text, meta={"type": "news", "published": "2024-05-02"}).doc_date == "2024-05-02"
    assert extract(text, meta={"type": "news"}).doc_date == "2024-06-09"


def test_a_reposted_release_takes_the_date_its_source_gives_where_the_head_has_it() -> None:
    text = "Date : June 4, 2024\nCrossings closed\n\nFor Immediate Release\n3 June 2024\nThe group met officials.\n"
    assert extract(text, meta={"type": "statement", "published": "2024-06-03"}).doc_date == "2024-06-03"
    # Without a published date, or with one the head does not give, the first date stands.
    assert extract(text, meta={"type": "statement"}).doc_date == "2024-06-04"
    assert extract(text, meta={"type": "statement", "published": "2024-01-01"}).doc_date == "2024-06-04"


def test_a_dateline_that_names_its_agency_after_the_date() -> None:
    text = "Rights groups meet officials\nUpdated: 2024-05-20 10:00\nSEOUL, May 3, 2024 (Yonhap) -- Rights groups met officials.\n"
    assert extract(text, meta={"type": "news"}).doc_date == "2024-05-03"
