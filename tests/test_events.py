"""What a return record takes from the text around it: the date of the same event told
elsewhere, the date of the return told just before, the source named before it; and what the
frame rules leave alone. Sentences written for these tests."""

from __future__ import annotations

from refwatch.extract import extract
from refwatch.extract.nlp import get_nlp


def reps(text: str, doc_date: str | None = "2024-06-30") -> list[tuple]:
    return [
        (r.count, r.date_start, r.date_end, r.attributed_to, r.aggregate)
        for r in extract(text, doc_date=doc_date).repatriations
    ]


def test_an_undated_count_takes_the_date_of_the_same_event_told_elsewhere() -> None:
    text = (
        "Chinese guards sent 37 North Korean escapees back across the river, the monitor said.\n\n"
        "Among the 37 North Koreans returned in October 2023 were four teenagers."
    )
    assert (37, "2023-10-01", "2023-10-31") in [r[:3] for r in reps(text)]


def test_two_tellings_with_different_dates_leave_the_count_undated() -> None:
    text = (
        "Border police in Jilin deported 37 North Korean escapees, activists said.\n\n"
        "A group of 37 North Koreans was returned in October 2023.\n\n"
        "Another group of 37 North Koreans was returned in March 2022."
    )
    first = reps(text)[0]
    assert (first[0], first[1]) == (37, None)


def test_the_date_of_the_return_told_just_before() -> None:
    text = "Chinese police sent a group of escapees back to North Korea in May 2021. Eleven North Koreans were deported."
    assert [r[:2] for r in reps(text)] == [(11, "2021-05-01")]


def test_no_date_from_a_sentence_before_that_tells_no_return() -> None:
    text = "A photo taken on May 30, 2015 shows the river. China deported 12 North Korean defectors, the group said."
    assert [r[:2] for r in reps(text)] == [(12, None)]


def test_a_generic_source_is_the_organisation_named_before_it() -> None:
    text = (
        "Human Rights Watch published its annual report on Monday. According to the report, 64 North Korean "
        "refugees were sent back from Yunnan in January 2024."
    )
    assert [r[3] for r in reps(text)] == ["Human Rights Watch"]


def test_a_source_is_carried_to_the_next_sentence_of_its_paragraph_only() -> None:
    text = (
        "Amnesty International said China had tightened the border. 64 North Korean refugees were sent back "
        "from Yunnan in January 2024.\n\nChinese police repatriated 12 North Korean defectors in March 2024."
    )
    assert [(r[0], r[3]) for r in reps(text)] == [(64, "Amnesty International"), (12, None)]


def test_a_date_is_not_paired_across_a_semicolon() -> None:
    text = (
        "The motion deplores the recent repatriation of at least 19 North Korean refugees; notes that in "
        "March 2011 the DPRK made defection a capital crime."
    )
    assert [r[:2] for r in reps(text)] == [(19, None)]


def test_a_deportation_from_a_third_country_to_china_is_no_return() -> None:
    text = "Eleven North Korean refugees were deported from Vietnam to China in June 2019."
    assert reps(text) == []


def test_a_bare_count_that_is_part_of_a_group_told_before_is_no_return() -> None:
    text = "Of the 90 North Korean workers who came in 2019, only five were sent back over May and June 2021."
    assert [r[0] for r in reps(text)] == []


def test_a_long_line_is_its_own_sentence() -> None:
    caption = "A view of the river between Dandong and Sinuiju, where traders gather on summer evenings " * 3
    doc = get_nlp()(caption.strip() + "\nChina deported 12 North Korean defectors, the group said.")
    assert [s.text.split()[0] for s in doc.sents][-1] == "China"


def test_triggers_cues_and_places_are_span_groups() -> None:
    doc = get_nlp()("Police feared they would hand the women over in Hyesan after they were sent home.")
    assert [(s.text, s.label_) for s in doc.spans["triggers"]] == [
        ("hand the women over", "hand"),
        ("sent home", "send"),
    ]
    assert {s.label_ for s in doc.spans["cues"]} >= {"fears", "modality"}
    assert [(s.text, s.label_) for s in doc.spans["places"]] == [("Hyesan", "North Korea")]


def test_two_months_joined_are_one_range_even_without_the_document_date() -> None:
    text = "Officials said the North Korean refugees repatriated from China in March-April 2022 were jailed."
    assert [r[:3] for r in reps(text, doc_date=None)] == [(None, "2022-03-01", "2022-04-30")]


def test_a_decision_is_not_dated_by_a_day_set_off_before_it() -> None:
    text = (
        "Activists rallied in Seoul on 2 June 2023, to protest Beijing’s decision to send 70 North Korean "
        "escapees back to their homeland."
    )
    assert [r[:2] for r in reps(text)] == [(70, None)]


def test_a_denied_report_of_a_return_is_no_return() -> None:
    text = "The ministry denied a report that the North Korean defectors were repatriated on Monday, the paper said."
    assert reps(text, doc_date="2024-06-05") == []


def test_a_return_told_in_a_report_asked_about_is_still_a_return() -> None:
    text = (
        "Asked about reports that Beijing had deported 40 North Korean defectors on Monday, the spokesman "
        "declined to comment."
    )
    assert [r[:2] for r in reps(text, doc_date="2024-06-05")] == [(40, "2024-06-03")]


def test_one_person_told_by_a_pronoun_is_a_count_of_one() -> None:
    text = "Our contact in Yanji told us that she was forcibly repatriated to North Korea in July 2015."
    assert [r[:2] for r in reps(text)] == [(1, "2015-07-01")]


def test_most_of_them_returned_is_a_return_without_a_number() -> None:
    text = "Dozens of North Koreans were held in Dandong. Most of them are believed to have been sent back."
    assert [r[0] for r in reps(text, doc_date=None)] == [None]


def test_a_return_by_a_third_country_through_china_is_not_china_s() -> None:
    text = "Seven North Korean teenagers were repatriated by the Thai authorities through China in May 2014."
    assert reps(text) == []


def test_the_date_of_a_main_clause_does_not_date_the_count_in_the_clause_before_it() -> None:
    text = (
        "After claims that the Chinese government had repatriated around 70 North Korean defectors, the "
        "ministry summoned the ambassador on Tuesday."
    )
    assert [r[:2] for r in reps(text, doc_date="2024-06-06")] == [(70, None)]


def test_a_return_at_the_end_of_a_detention_takes_its_last_day() -> None:
    text = (
        "Mr. Ri, a North Korean worker, was held by Chinese police from 2 March 2022 to 14 June 2022, at which "
        "point he was deported to North Korea."
    )
    assert [r[:3] for r in reps(text)] == [(1, "2022-06-14", "2022-06-14")]


def test_those_sent_back_on_a_day_date_the_one_undated_count() -> None:
    text = (
        "Rights groups protested at Beijing’s recent decision to send at least 90 North Korean escapees back to "
        "their homeland.\n\nThose sent back on 3 March 2023 face prison camps, the group warned."
    )
    assert [r[:2] for r in reps(text)] == [(90, "2023-03-03")]


def test_the_document_s_own_day_in_its_head_dates_no_return() -> None:
    text = (
        "China repatriates North Korean defectors\ndate 2024-06-30 Photo: News agency\n\n"
        "After claims that the Chinese government had repatriated around 70 North Korean defectors, the "
        "ministry protested."
    )
    assert [r[:2] for r in reps(text)] == [(70, None)]


def test_a_part_of_a_group_held_over_a_period_is_a_total_over_it() -> None:
    text = (
        "Activists said at least 40 North Koreans had been detained in Liaoning since May last year.\n\n"
        "They said at least 11 of the North Koreans had already been repatriated, while the others were still held."
    )
    (r,) = extract(text, doc_date="2024-06-30").repatriations
    assert (r.count, r.date_start, r.date_end, r.aggregate) == (11, "2023-05-01", "2024-06-30", True)


def test_a_month_before_last_year_is_in_last_year() -> None:
    from datetime import date

    from refwatch.extract.dates import find_dates

    found = find_dates("They were seized in March last year.", date(2024, 6, 30))
    assert [(d.date_start, d.date_end) for d in found] == [("2023-03-01", "2023-03-31")]


def test_a_count_of_people_right_before_their_return_participle() -> None:
    text = (
        "North Korean escapees face harsh punishment. Rights monitors said it came after May saw the "
        "largest transfer in years, with up to 120 people sent back in one night."
    )
    assert [r[:3] for r in reps(text)] == [(120, "2024-05-01", "2024-05-31")]


def test_a_bare_count_after_said_that_is_the_subject_of_the_return() -> None:
    text = "A church group in Seoul said that over 70 were sent back to North Korea this week."
    assert [r[0] for r in reps(text)] == [70]


def test_sources_that_announce_claim_or_publish_a_report() -> None:
    assert [
        r[3]
        for r in reps(
            "Amnesty International claimed that China repatriated 45 North Korean refugees in May 2024."
        )
    ] == ["Amnesty International"]
    text = (
        "Human Rights Watch published a report on Monday saying China had forcibly returned 45 North Korean "
        "refugees in May 2024."
    )
    assert [r[3] for r in reps(text)] == ["Human Rights Watch"]


def test_a_generic_watchdog_is_the_organisation_named_before_it() -> None:
    text = (
        "Human Rights Watch has followed the detainees since March.\n\n"
        "The rights watchdog said at least 12 North Koreans were sent back to North Korea in May 2024."
    )
    assert [r[3] for r in reps(text)] == ["Human Rights Watch"]


def test_sentences_glued_by_a_lost_space_are_read_apart() -> None:
    text = (
        "A UN panel said China's returns of North Korean escapees last year broke the law, a filing "
        "showed Friday.Lee was among dozens of North Korean escapees deported by China in March last year."
    )
    assert [r[:3] for r in reps(text)] == [(None, "2023-03-01", "2023-03-31")]


def test_of_uncounted_mentions_the_best_dated_stands_for_the_event() -> None:
    text = (
        "Rights groups condemned China's repatriation of North Korean escapees last year.\n\n"
        "Some escapees were also sent back on 3 March 2023, a pastor said."
    )
    assert [r[:2] for r in reps(text)] == [(None, "2023-03-03")]


def test_north_koreans_who_have_been_returned_were_returned_to_the_north() -> None:
    text = "Since the reopening of the border in August 2023, more than 600 North Koreans have reportedly been returned."
    assert reps(text) == [(600, "2023-08-01", "2024-06-30", None, True)]


def test_an_estimated_count_is_not_a_source() -> None:
    text = "The PRC's forced repatriation of an estimated 500 North Korean refugees in October 2023 was condemned."
    assert reps(text) == [(500, "2023-10-01", "2023-10-31", None, False)]


def test_over_the_past_year_is_the_twelve_months_before() -> None:
    text = "Over the past year, China has forcibly returned more than 1,000 North Koreans."
    assert [r[:3] for r in reps(text)] == [(1000, "2023-07-01", "2024-06-30")]


def test_another_return_does_not_take_the_one_dated_return_s_day() -> None:
    text = (
        "Some 30 defectors were sent back from Dandong to Sinuiju on Nov. 20, 2023, the group said.\n\n"
        "Dandong and Sinuiju face each other across the river.\n\n"
        "Another 10 were repatriated to Yanggang Province at the end of November, the group said.\n"
    )
    assert (10, None, None) in [r[:3] for r in reps(text, doc_date=None)]
