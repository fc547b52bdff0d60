"""Date spans and their intervals, against a document date (a Thursday)."""

from __future__ import annotations

from datetime import date

import pytest

from refwatch.extract import extract
from refwatch.extract.dates import find_dates, parse_date

REF = date(2024, 5, 2)


@pytest.mark.parametrize(
    ("text", "quote", "start", "end", "precision", "relative"),
    [
        ("on October 9, 2023, and", "October 9, 2023", "2023-10-09", "2023-10-09", "day", False),
        ("GENEVA (17 October 2023) –", "17 October 2023", "2023-10-17", "2023-10-17", "day", False),
        ("Written: 2024-05-02", "2024-05-02", "2024-05-02", "2024-05-02", "day", False),
        ("signed Oct. 9, 2023", "Oct. 9, 2023", "2023-10-09", "2023-10-09", "day", False),
        ("in April 2024.", "April 2024", "2024-04-01", "2024-04-30", "month", False),
        ("In 2023, China", "2023", "2023-01-01", "2023-12-31", "year", False),
        ("in mid-February", "mid-February", "2024-02-11", "2024-02-20", "range", True),
        ("early 2023", "early 2023", "2023-01-01", "2023-04-30", "range", False),
        ("late last year", "late last year", "2023-09-01", "2023-12-31", "range", True),
        ("on April 26", "April 26", "2024-04-26", "2024-04-26", "day", True),
        ("on December 28", "December 28", "2023-12-28", "2023-12-28", "day", True),
        ("Monday night", "Monday night", "2024-04-29", "2024-04-29", "day", True),
        ("last week", "last week", "2024-04-22", "2024-04-28", "range", True),
        ("early this week", "early this week", "2024-04-29", "2024-05-01", "range", True),
        ("late last week", "late last week", "2024-04-26", "2024-04-28", "range", True),
        ("this week", "this week", "2024-04-29", "2024-05-05", "range", True),
        ("earlier this week", "earlier this week", "2024-04-29", "2024-05-02", "range", True),
        ("so far this month", "so far this month", "2024-05-01", "2024-05-02", "range", True),
        ("on the 26th of last month", "the 26th of last month", "2024-04-26", "2024-04-26", "day", True),
        ("confirmed on the 1st that", "the 1st", "2024-05-01", "2024-05-01", "day", True),
        ("on the 28th, the ministry", "the 28th", "2024-04-28", "2024-04-28", "day", True),
        (
            "since the start of the year",
            "since the start of the year",
            "2024-01-01",
            "2024-05-02",
            "range",
            True,
        ),
        ("at the end of last year", "the end of last year", "2023-09-01", "2023-12-31", "range", True),
        (
            "between August and October 2023",
            "between August and October 2023",
            "2023-08-01",
            "2023-10-31",
            "range",
            False,
        ),
        ("from May to June 2022", "May to June 2022", "2022-05-01", "2022-06-30", "range", False),
        (
            "December 2022-February 2023",
            "December 2022-February 2023",
            "2022-12-01",
            "2023-02-28",
            "range",
            False,
        ),
        ("last year", "last year", "2023-01-01", "2023-12-31", "year", True),
        ("last month", "last month", "2024-04-01", "2024-04-30", "month", True),
        ("since 2020", "since 2020", "2020-01-01", "2024-05-02", "range", False),
        ("between 2020 and 2023", "between 2020 and 2023", "2020-01-01", "2023-12-31", "range", False),
        (
            "23 September to 8 October 2023",
            "23 September to 8 October 2023",
            "2023-09-23",
            "2023-10-08",
            "range",
            False,
        ),
        ("April 26-27, 2024", "April 26-27, 2024", "2024-04-26", "2024-04-27", "range", False),
        ("two weeks ago", "two weeks ago", "2024-04-15", "2024-04-21", "range", True),
        ("the first half of 2023", "the first half of 2023", "2023-01-01", "2023-06-30", "range", False),
        ("this summer", "this summer", "2024-06-01", "2024-08-31", "range", True),
        ("were sent back over the weekend", "over the weekend", "2024-04-27", "2024-04-28", "range", True),
    ],
)
def test_date_forms(text: str, quote: str, start: str, end: str, precision: str, relative: bool) -> None:
    (d,) = find_dates(text, REF)
    assert (d.quote, d.date_start, d.date_end, d.precision, d.relative) == (
        quote,
        start,
        end,
        precision,
        relative,
    )
    assert text[d.start : d.end] == d.quote


@pytest.mark.parametrize(
    "text",
    [
        "the 1951 Convention",
        "in the 20th century",
        "the 8th Party Congress",
        "of the 1951 UN Refugee Convention",
        "violated the Refugee Convention of 1951 by",
        "the 2024 Trafficking in Persons Report",
        "2,000 refugees",
        "we may 5",
        "in summer",
    ],
)
def test_not_dates(text: str) -> None:
    assert [d for d in find_dates(text, None)] == []


def test_relative_dates_are_left_out_without_a_document_date() -> None:
    assert find_dates("on April 26 and last week", None) == []
    assert parse_date("November 7, 2025").date_start == "2025-11-07"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (None, "2022-11-14"),  # no document date: the year of the full date before it
        (date(2023, 6, 1), "2022-11-14"),
        (date(2026, 3, 1), "2022-11-14"),  # a document years later does not move it
    ],
)
def test_a_day_listed_after_a_full_date_takes_its_year(ref: date | None, expected: str) -> None:
    text = "The group counted 30 returns on 3 October 2022, and 12 more on 14 November."
    days = find_dates(text, ref)
    assert [d.date_start for d in days] == ["2022-10-03", expected]


def test_a_day_in_the_next_sentence_is_not_listed_with_the_full_date() -> None:
    text = "They were caught on 3 October 2022. Others left on 14 November."
    assert [d.date_start for d in find_dates(text, date(2024, 5, 2))] == ["2022-10-03", "2023-11-14"]


@pytest.mark.parametrize(
    ("ref", "start"),
    [(date(2024, 5, 4), "2024-04-27"), (date(2024, 5, 6), "2024-05-04")],  # a Saturday, a Monday
)
def test_last_weekend(ref: date, start: str) -> None:
    (d,) = find_dates("last weekend", ref)
    assert (d.date_start, d.precision) == (start, "range")


def test_plain_day_forms_read_as_dateparser_reads_them() -> None:
    """The direct reading of the usual forms of a day agrees with dateparser on every one."""
    from refwatch.extract.dates import _dateparser, _parse_plain

    ref = date(2024, 5, 2)
    spans = [
        f"{fmt}"
        for month in ("January", "Feb", "Sept", "Oct.", "december", "May")
        for day in (1, 9, 28, 29, 31)
        for year in (2019, 2023, 2024)
        for fmt in (f"{month} {day}, {year}", f"{day} {month} {year}", f"Monday, {month} {day}, {year}")
    ] + ["2023-10-09", "2024-02-29", "2023-02-29", "2023-13-01"]
    read = 0
    for span in spans:
        plain = _parse_plain(span)
        assert plain is None or plain == _dateparser(span, ref), span
        read += plain is not None
    assert read == len(spans) - 26  # all but the days that do not exist (Feb 29 2023, Sept 31…)
    assert _parse_plain("October 9, 2023") == (date(2023, 10, 9), "day")
    assert _parse_plain("the ninth of October") is None  # left to dateparser


# A text with no date of its own: only a dateline or the page's `published` date dates "July 14";
# not its address, not the one year it tells of, not a weekday (eval/README.md, the conventions).


def _yearless(text: str, meta: dict[str, str]) -> list[tuple[str, str | None, str | None, bool]]:
    out = extract(text, meta=meta)
    return [(r.quote, r.date_start, r.date_end, r.relative) for r in out.repatriations]


def test_the_address_dates_neither_the_document_nor_a_day_without_a_year() -> None:
    text = "Guards watched as China sent back around 50 North Korean detainees by bus on July 14."
    for url in ("https://news.example.org/2021/08/report/", "https://news.example.org/2021/08/14/report/"):
        out = extract(text, meta={"url": url})
        assert out.doc_date is None
        assert [r.date_start for r in out.repatriations] == [None]
    # The page's own published date does.
    [(_, start, end, relative)] = _yearless(text, {"published": "2021-08-02"})
    assert (start, end, relative) == ("2021-07-14", "2021-07-14", True)


def test_the_one_year_a_text_tells_of_does_not_date_its_days_without_a_year() -> None:
    text = (
        "China held about 90 escapees in Dandong in August 2023. "
        "On October 9, China repatriated 500 North Korean escapees to North Korea."
    )
    [(_, start, _, _)] = _yearless(text, {})
    assert start is None


def test_a_weekday_does_not_fix_the_year() -> None:
    text = (
        "Since 2024, China has held hundreds of escapees in Jilin. "
        "On Monday 14th July, China repatriated 50 North Korean escapees to North Korea."
    )
    [(_, start, _, _)] = _yearless(text, {})
    assert start is None
    # A dateline does.
    [(_, start, _, _)] = _yearless("SEOUL, July 20, 2025 (Yonhap) -- " + text, {})
    assert start == "2025-07-14"


def test_since_in_a_text_with_no_date_of_its_own_gives_no_period() -> None:
    text = (
        "The group reported on Wednesday (October 15) that China continues to repatriate North Koreans. "
        "Since 2024, at least 406 have been forcibly repatriated. This new data brings the total number "
        "of forcibly repatriated defectors since 2020 to at least 1,076."
    )
    out = extract(text)
    assert {(r.count, r.date_start, r.date_end) for r in out.repatriations} == {
        (406, None, None),
        (1076, None, None),
    }
    assert all(r.aggregate for r in out.repatriations)
    # The document's date ends the period.
    out = extract(text, doc_date="2025-10-20")
    assert {(r.count, r.date_start, r.date_end) for r in out.repatriations} == {
        (406, "2024-01-01", "2025-10-20"),
        (1076, "2020-01-01", "2025-10-20"),
    }


def test_an_ordinal_day_before_its_month() -> None:
    [d] = find_dates("returned on 14th July", date(2021, 8, 1))
    assert (d.date_start, d.precision, d.relative) == ("2021-07-14", "day", True)


def test_a_day_without_a_year_in_an_undated_text_stays_undated() -> None:
    # Evidence-grade: the year of "Oct. 9" must come from the document's date, never from what
    # the field knows of returns on that day.
    text = "On Oct. 9, China repatriated about 200 North Koreans through Dandong."
    [(_, start, _, _)] = _yearless(text, {})
    assert start is None
    # The document's own date dates it.
    out = extract(text, doc_date="2025-11-01")
    assert out.repatriations[0].date_start == "2025-10-09"


def test_a_month_of_last_year() -> None:
    [d] = find_dates("returned in October of last year", date(2024, 3, 13))
    assert (d.date_start, d.date_end, d.precision) == ("2023-10-01", "2023-10-31", "month")


def test_last_weekday_is_of_the_week_before_the_documents_week() -> None:
    wednesday = date(2023, 10, 18)
    [d] = find_dates("repatriated around 600 defectors last Monday", wednesday)
    assert d.date_start == "2023-10-09"
    [d] = find_dates("repatriated around 600 defectors on Monday", wednesday)
    assert d.date_start == "2023-10-16"  # a plain weekday is the latest one
    [d] = find_dates("the nine returned last Tuesday", date(2013, 6, 3))
    assert d.date_start == "2013-05-28"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On January 23, 2016, police arrested his wife. They deported her back the next day.", "2016-01-24"),
        ("Police arrested them on 3 March 2021 and two days later sent them back.", "2021-03-05"),
        ("They were caught on the evening of the 27th and repatriated the following day.", "2012-04-28"),
    ],
)
def test_the_next_day_is_the_day_after_the_day_told_before_it(text: str, expected: str) -> None:
    found = find_dates(text, date(2012, 4, 30))
    assert found[-1].date_start == found[-1].date_end == expected


def test_the_next_day_needs_a_day_in_the_same_passage() -> None:
    # A month is no day to count from; another paragraph's day is not this passage's.
    assert [
        d.precision for d in find_dates("Police arrested them in May 2021 and the next day sent them back.")
    ] == ["month"]
    text = "Police arrested them on 3 March 2021.\n\nThe next day the group held a rally."
    assert [d.date_start for d in find_dates(text)] == ["2021-03-03"]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("returned over the past two weeks", "2012-02-27"),
        ("returned in the last 3 days", "2012-03-09"),
        ("returned over the past six months", "2011-09-12"),
    ],
)
def test_the_past_n_days_weeks_or_months_run_to_the_documents_day(text: str, start: str) -> None:
    [d] = find_dates(text, date(2012, 3, 11))
    assert (d.date_start, d.date_end, d.precision) == (start, "2012-03-11", "range")
