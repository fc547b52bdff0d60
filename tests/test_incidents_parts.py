"""Returns told as parts of a total, totals "since then" and counts without a people noun, on
sentences written for these tests (not from any evaluation set)."""

from __future__ import annotations

from refwatch.extract import extract


def reps(text: str, doc_date: str | None = "2023-10-27") -> set[tuple]:
    result = extract(text, doc_date=doc_date)
    for r in result.repatriations:
        assert text[r.start : r.end] == r.quote
    return {(r.count, r.count_qualifier, r.date_start, r.date_end, r.aggregate) for r in result.repatriations}


def test_a_total_since_then_and_its_part_with_a_day() -> None:
    text = (
        "Rights groups said China began sending North Korean escapees back in small numbers from late August. "
        "A total of 26-hundred have been repatriated since then, including around 600 on October 9."
    )
    assert reps(text) == {
        (2600, "exact", "2023-08-21", "2023-10-27", True),
        (600, "approximately", "2023-10-09", "2023-10-09", False),
    }


def test_since_then_in_a_text_with_no_date_gives_no_period() -> None:
    text = (
        "China began sending North Korean escapees back from late August 2023. "
        "A total of 2,600 have been repatriated since then."
    )
    assert {(c, s, e) for c, _, s, e, _ in reps(text, doc_date=None)} == {(2600, None, None)}


def test_parts_by_place_take_the_date_of_the_total() -> None:
    text = "Chinese police repatriated 700 North Koreans in March 2023, including 200 from Jilin and 500 from Liaoning."
    assert {(c, s, e) for c, _, s, e, _ in reps(text)} == {
        (700, "2023-03-01", "2023-03-31"),
        (200, "2023-03-01", "2023-03-31"),
        (500, "2023-03-01", "2023-03-31"),
    }


def test_a_sentence_listing_the_dated_parts_of_the_total_before_it() -> None:
    text = (
        "The group has confirmed that China forcibly returned more than 400 North Koreans since 2022. "
        "This includes more than 300 North Koreans on 9 October 2023, 30 others on 18 September 2023 "
        "and about 20 in July 2022."
    )
    got = {(c, q, s, e) for c, q, s, e, _ in reps(text, doc_date="2024-05-08")}
    assert got == {
        (400, "more_than", "2022-01-01", "2024-05-08"),
        (300, "more_than", "2023-10-09", "2023-10-09"),
        (30, "exact", "2023-09-18", "2023-09-18"),
        (20, "approximately", "2022-07-01", "2022-07-31"),
    }


def test_a_list_of_parts_needs_a_return_counted_before_it() -> None:
    # No return counted in the sentence before: the list is of something else.
    text = (
        "The group interviewed families of North Korean detainees in Jilin. "
        "This includes 300 North Koreans on 9 October 2023 and 30 others on 18 September 2023."
    )
    assert reps(text) == set()
    # A part without a date of its own, in a sentence of its own, dates nothing.
    text = (
        "China forcibly returned more than 400 North Koreans in 2023. "
        "These include 300 women from Jilin province."
    )
    assert {c for c, *_ in reps(text)} == {400}


def test_a_bare_number_is_people_only_before_a_return_verb() -> None:
    assert {c for c, *_ in reps("In all, 45 have been repatriated to North Korea this year.")} == {45}
    # A year, or a number of something else, is not.
    assert reps("In 2019, 2023 has been returned as the year of the agreement.") == set()


def test_a_state_that_pleads_is_not_one_that_returns() -> None:
    text = "Media reports said nine North Koreans have already been sent back despite pleas from Seoul."
    assert {c for c, *_ in reps(text)} == {9}
    # Another state's own return stays another state's.
    assert reps("Laos deported nine North Koreans to Vietnam despite appeals from South Korea.") == set()


def test_a_policy_of_returning_is_no_event() -> None:
    text = (
        "A parliamentary committee last Friday criticised China's policy of repatriating the refugees. "
        "Reports said nine North Koreans had already been sent back."
    )
    assert {(c, s) for c, _, s, *_ in reps(text, doc_date="2012-02-28")} == {(9, None)}


def test_a_return_the_next_day_is_dated_from_the_day_before() -> None:
    text = (
        "On January 23, 2016, two police officers arrested two North Korean women in Linjiang. "
        "The authorities deported two North Korean women to North Korea the next day."
    )
    assert {(c, s) for c, _, s, *_ in reps(text, doc_date="2018-09-09")} == {(2, "2016-01-24")}


def test_an_arrest_told_in_a_relative_clause_does_not_date_the_return() -> None:
    text = (
        "China has repatriated all 31 North Korean refugees it arrested last month, activists said Friday. "
        "The group fears for their safety.\n\n"
        '"They were returned to the North over the past two weeks," the head of the group said.'
    )
    assert {(c, s, e) for c, _, s, e, _ in reps(text, doc_date="2012-03-11")} == {
        (31, "2012-02-27", "2012-03-11")
    }
    # Without a telling of the return's own date, the count stays undated, not dated by the arrest.
    first = text.split("\n\n")[0]
    assert {(c, s) for c, _, s, *_ in reps(first, doc_date="2012-03-11")} == {(31, None)}


def test_a_return_told_in_the_counts_own_relative_clause() -> None:
    text = (
        "The report lists 108 North Korean laborers who were deported from Helong in early 2023, and "
        "212 North Korean women who were detained in Kunming before being repatriated later that year."
    )
    assert {(c, s, e) for c, _, s, e, _ in reps(text, doc_date="2025-10-19")} == {
        (108, "2023-01-01", "2023-04-30"),
        (212, "2023-01-01", "2023-12-31"),
    }
    # Still held, in the present: not returned.
    assert (
        reps("About 200 North Koreans who are held in Jilin before being repatriated face torture.") == set()
    )


def test_another_sources_figure_meanwhile_is_of_the_same_return() -> None:
    text = (
        "Yonhap reported that around 200 escapees held in Jilin were handed over to North Korean authorities "
        "on April 26.\n\nRadio Free Asia, meanwhile, quoted a missionary group saying that 50 to 60 people "
        "had been sent back.\n\nThe last mass repatriation from China was of 600 defectors in October 2023."
    )
    got = {(c, s) for c, _, s, *_ in reps(text, doc_date="2024-05-05")}
    assert got == {(200, "2024-04-26"), (60, "2024-04-26"), (600, "2023-10-01")}
    # Without "meanwhile", another number in another paragraph is another return, undated.
    got = {(c, s) for c, _, s, *_ in reps(text.replace(", meanwhile,", ""), doc_date="2024-05-05")}
    assert got == {(200, "2024-04-26"), (60, None), (600, "2023-10-01")}


def test_chinas_return_of_uncounted_people_is_an_event_when_dated() -> None:
    text = "The resolution comes after Beijing forcibly repatriated North Korean defectors early last month."
    assert reps(text, doc_date="2023-11-12") == {(None, None, "2023-10-01", "2023-10-10", False)}
    # No date: the practice, no event; a count told elsewhere stands for the event.
    assert reps("Beijing forcibly repatriates North Korean defectors.") == set()
    counted = text + " Rights groups said about 600 North Koreans were repatriated on October 9."
    assert {c for c, *_ in reps(counted, doc_date="2023-11-12")} == {600}
    # The practice over years is no event, dated or not.
    assert reps("China has returned North Korean defectors since 1998.", doc_date="2024-05-02") == set()
    assert reps("Beijing repatriated North Korean defectors since 2020.", doc_date="2024-05-02") == set()
