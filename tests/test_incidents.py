"""Repatriations and figures, on short sentences that show what the rules decide.

Many of these sentences were written after phrasings met in the development documents, so
passing them says little of text the rules were not written from: that is measured by
bench/quality.py, and each named rule has examples of its own (tests/test_rules.py)."""

from __future__ import annotations

import pytest

from refwatch.extract import extract

DOC_DATE = "2024-05-02"  # a Thursday


def reps(text: str, doc_date: str | None = DOC_DATE) -> list[tuple]:
    result = extract(text, doc_date=doc_date)
    for r in result.repatriations:
        assert text[r.start : r.end] == r.quote
        if r.count_span:
            assert r.count_span[0] >= r.start and r.count_span[1] <= r.end
    return [
        (r.count, r.count_qualifier, r.date_start, r.date_end, r.date_precision) for r in result.repatriations
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chinese authorities forcibly repatriated about 60 North Korean defectors last week, according to sources.",
            [(60, "approximately", "2024-04-22", "2024-04-28", "range")],
        ),
        (
            "On April 26, China sent back more than 50 North Koreans through the Dandong crossing, Daily NK reported.",
            [(50, "more_than", "2024-04-26", "2024-04-26", "day")],
        ),
        (
            "Around 500 North Koreans were repatriated from China in early 2023.",
            [(500, "approximately", "2023-01-01", "2023-04-30", "range")],
        ),
        (
            "Between 50 and 60 defectors were sent back to North Korea on Monday night.",
            [(60, "up_to", "2024-04-29", "2024-04-29", "day")],
        ),
        (
            "In mid-February, Chinese police handed over 30 escapees to North Korean authorities.",
            [(30, "exact", "2024-02-11", "2024-02-20", "range")],
        ),
        (
            "China deported 80 North Koreans in January and 120 more in March, the group said.",
            [
                (80, "exact", "2024-01-01", "2024-01-31", "month"),
                (120, "exact", "2024-03-01", "2024-03-31", "month"),
            ],
        ),
        (
            "Sixty North Korean women were forcibly repatriated last month.",
            [(60, "exact", "2024-04-01", "2024-04-30", "month")],
        ),
        (
            "The PRC forcibly returned 600 North Korean refugees on October 9, 2023, which was the largest such "
            "return in years, and approximately 200 North Korean refugees in April 2024.",
            [
                (600, "exact", "2023-10-09", "2023-10-09", "day"),
                (200, "approximately", "2024-04-01", "2024-04-30", "month"),
            ],
        ),
    ],
)
def test_repatriation_records(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


def test_cumulative_total_since_a_year_is_an_aggregate() -> None:
    result = extract(
        "Human Rights Watch said China has forcibly returned at least 1,076 North Koreans since 2020.",
        doc_date=DOC_DATE,
    )
    (r,) = result.repatriations
    assert (r.count, r.count_qualifier, r.aggregate) == (1076, "at_least", True)
    assert (r.date_start, r.date_end, r.date_precision) == ("2020-01-01", DOC_DATE, "range")
    assert r.attributed_to == "Human Rights Watch"


def test_attribution_names_the_organisation_under_any_spelling() -> None:
    result = extract(
        "According to the Congressional-Executive Commission on China, the PRC repatriated 600 North Koreans "
        "on October 9, 2023.",
        doc_date=DOC_DATE,
    )
    assert [r.attributed_to for r in result.repatriations] == ["Congressional-Executive Commission on China"]


@pytest.mark.parametrize(
    "text",
    [
        "China plans to repatriate 2,000 North Koreans held in detention centers.",
        "About 200 North Koreans are currently detained in Jilin and could be repatriated at any time.",
        "South Korea repatriated two North Korean fishermen in 2019.",
        "China has returned North Korean defectors since 1998.",
        "Russia deported five North Korean workers in March.",
        "China did not repatriate the 10 defectors held in Shenyang last year.",
        "We urge China to stop repatriating the 2,000 North Koreans in its custody.",
        "Some 2,000 North Koreans face imminent forced repatriation.",
        "China repatriates about 5,000 North Koreans every year, the report estimated.",
        "The 1951 Convention, which China ratified in 1982, forbids returning refugees to North Korea.",
        "More than 300 defectors returned to South Korea in 2023.",
    ],
)
def test_not_repatriations(text: str) -> None:
    assert reps(text) == []


def test_vague_mention_stands_alone_only_without_counted_one() -> None:
    alone = extract(
        "China has forcibly repatriated hundreds of North Koreans, the experts said.", doc_date=DOC_DATE
    )
    assert [(r.count, r.date_start) for r in alone.repatriations] == [(None, None)]
    both = extract(
        "China has forcibly repatriated hundreds of North Koreans. It repatriated 60 North Koreans on April 26.",
        doc_date=DOC_DATE,
    )
    assert [r.count for r in both.repatriations] == [60]


def test_same_event_twice_with_same_figure_is_one_record() -> None:
    text = (
        "China repatriated 600 North Koreans on October 9, 2023. Rights groups said the 600 North Koreans "
        "repatriated on October 9, 2023 included children. Beijing forcibly returned 600 North Koreans on "
        "October 9, 2023."
    )
    assert [r.count for r in extract(text, doc_date=DOC_DATE).repatriations] == [600]


def test_relative_dates_need_the_document_date() -> None:
    text = "China repatriated 60 North Koreans last week."
    assert reps(text, doc_date=None) == [(60, "exact", None, None, None)]


def test_figures_are_counts_of_people_not_repatriations() -> None:
    result = extract(
        "An estimated 2,000 North Korean refugees remain in Chinese detention. Around 200 athletes, coaches "
        "and officials attended the Games. Approximately 30,000 children were born in China to North Korean women.",
        doc_date=DOC_DATE,
    )
    assert result.repatriations == []
    assert [(f.quantity, f.qualifier) for f in result.figures] == [
        (2000, "approximately"),
        (30000, "approximately"),
    ]
    for f in result.figures:
        assert f.count_span is not None
        assert result.figures and f.quote in (
            "An estimated 2,000 North Korean refugees remain in Chinese detention.",
            "Approximately 30,000 children were born in China to North Korean women.",
        )


def test_a_range_told_after_the_people_it_counts() -> None:
    result = extract(
        "Kim said the number of North Koreans held in detention centres in China is likely between 500 and "
        "1,500. About 60 to 70 per cent of the North Korean refugees in China are women. The North Korean refugees "
        "hiding in China, estimated at 50,000 to 200,000, need protection.",
        doc_date=DOC_DATE,
    )
    assert [(f.quantity, f.qualifier) for f in result.figures] == [(1500, "up_to"), (200000, "up_to")]
    assert [f.unit for f in result.figures] == [
        "North Koreans held in detention centres in China",
        "North Korean refugees hiding in China",
    ]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Chinese police arrested 12 North Korean women and sent them back to North Korea.", 12),
        ("Police caught nine North Korean defectors in Yanji last week and repatriated them.", 9),
        # A reaction to the state's deportation tells that it happened.
        (
            "In the aftermath of China's deportation of seven North Korean defectors, the group asked for help.",
            7,
        ),
        ("Students held rallies protesting China's deportation of 62 North Korean refugees.", 62),
    ],
)
def test_people_counted_as_caught_then_returned_as_them_or_after_a_reaction(
    sentence: str, count: int
) -> None:
    assert [r[0] for r in reps(sentence, doc_date=None)] == [count]


@pytest.mark.parametrize(
    "sentence",
    [
        # A report the returning state is denying.
        "Beijing officials are denying media reports that they repatriated 62 North Korean defectors.",
        # Days listed after a month are no count.
        "Then, on January 25, 27 and 30 all the North Korean detainees were quietly returned to North Korea.",
        # Others, sent to China by a third state.
        "The deportation of 40 Uyghur men by the government of Thailand to the People's Republic of China "
        "alarmed North Korean refugees.",
        "Nine North Korean refugees were deported by the government of Laos.",
    ],
)
def test_denied_listed_days_and_returns_by_or_to_others_are_no_return_of_a_count(sentence: str) -> None:
    assert [r[0] for r in reps(sentence, doc_date=None)] in ([], [None])


def test_people_caught_and_still_to_be_sent_back_are_no_return() -> None:
    assert (
        reps("Chinese police arrested 12 North Korean women and plan to send them back.", doc_date=None) == []
    )


def test_an_event_told_again_without_its_date_takes_it() -> None:
    text = (
        "China forcibly sent back about 60 North Korean defectors on Friday, an activist group said. "
        "The group said at least 60 people were handed over to North Korean authorities at Dandong."
    )
    reps = extract(text, doc_date="2024-04-29").repatriations
    assert [(r.count, r.count_qualifier, r.date_start) for r in reps] == [
        (60, "approximately", "2024-04-26"),
        (60, "at_least", "2024-04-26"),
    ]


def test_an_undated_different_count_stays_undated() -> None:
    text = (
        "China forcibly sent back about 60 North Korean defectors on Friday. "
        "Over the years, 200 defectors were repatriated to North Korea from Dandong."
    )
    reps = extract(text, doc_date="2024-04-29").repatriations
    assert (200, None) in [(r.count, r.date_start) for r in reps]


def test_an_estimated_is_a_qualifier_not_a_source() -> None:
    text = "An estimated 2,000 North Koreans are believed to be held in Chinese detention facilities."
    (fig,) = extract(text, doc_date="2024-04-29").figures
    assert (fig.quantity, fig.attributed_to) == (2000, None)


def test_the_practice_over_decades_is_no_incident() -> None:
    text = "China has forcibly returned thousands of North Koreans over the past decades."
    assert extract(text, doc_date=DOC_DATE).repatriations == []


def test_a_since_clause_makes_a_total_to_the_document_date() -> None:
    text = (
        "Since the border reopened in August 2023, more than 1,000 North Koreans have been returned to "
        "North Korea, according to the Database Center for North Korean Human Rights."
    )
    (rep,) = extract(text, doc_date="2024-05-02").repatriations
    assert (rep.count, rep.count_qualifier, rep.aggregate) == (1000, "more_than", True)
    assert (rep.date_start, rep.date_end, rep.date_precision) == ("2023-08-01", "2024-05-02", "range")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a participle phrase between the counted subject and its passive verb
            "Some 150 escapees being held at a border jail were handed over to North Korean security officials "
            "on March 3.",
            [(150, "approximately", "2024-03-03", "2024-03-03", "day")],
        ),
        (  # a long relative clause before the verb
            "Over 90 North Korean women who had been detained in a county jail near the Yalu River were "
            "reportedly repatriated on March 3.",
            [(90, "more_than", "2024-03-03", "2024-03-03", "day")],
        ),
        (  # people described as held, then sent back by an active verb
            "Chinese police sent back about 70 defectors imprisoned near the border on the night of March 3.",
            [(70, "approximately", "2024-03-03", "2024-03-03", "day")],
        ),
        (  # the people are the object of a relative clause
            "Ten of them were among a group of about 300 North Koreans that Chinese authorities forcibly "
            "repatriated in March 2023.",
            [(300, "approximately", "2023-03-01", "2023-03-31", "month")],
        ),
        (
            "Up to 400 North Koreans have gone missing after being forcibly deported by China in March.",
            [(400, "up_to", "2024-03-01", "2024-03-31", "month")],
        ),
        (
            "The largest repatriation from China was of 450 defectors in March 2023.",
            [(450, "exact", "2023-03-01", "2023-03-31", "month")],
        ),
        (  # a media outlet of another state tells of it; it did not return anyone
            "South Korea's Yonhap News reported that 45 defectors were repatriated from China on March 3.",
            [(45, "exact", "2024-03-03", "2024-03-03", "day")],
        ),
        (
            "Twelve North Korean defectors held in China were repatriated over the weekend, sources said Thursday.",
            [(12, "exact", "2024-04-27", "2024-04-28", "range")],
        ),
        (  # the day it was said, or a dateline, is not the day of the return
            "China has repatriated more than 300 North Koreans, several aid workers told reporters on Tuesday.",
            [(300, "more_than", None, None, None)],
        ),
        (
            "SEOUL, March 8 (Wire) -- About 80 North Koreans were sent back to the North from China, activists said.",
            [(80, "approximately", None, None, None)],
        ),
        (  # but a date after "said that" is the event's
            "The group also said that in March 2023 Chinese police forcibly returned at least 15 North Korean women.",
            [(15, "at_least", "2023-03-01", "2023-03-31", "month")],
        ),
        (  # a list of returns, each with its date; a bare number in the list counts the same people
            "These cases include the return of over 40 North Koreans on 2 February 2024, 30 others on "
            "9 March 2024, 20 on 1 April 2024, and about 10 in January 2023, rights groups say China forcibly did.",
            [
                (40, "more_than", "2024-02-02", "2024-02-02", "day"),
                (30, "exact", "2024-03-09", "2024-03-09", "day"),
                (20, "exact", "2024-04-01", "2024-04-01", "day"),
                (10, "approximately", "2023-01-01", "2023-01-31", "month"),
            ],
        ),
        (  # "sent back" in a text about North Koreans, with no destination in the sentence
            "Activists say North Korean refugees face torture. A missionary group said 30 to 40 people had been "
            "sent back.",
            [(40, "up_to", None, None, None)],
        ),
    ],
)
def test_repatriation_records_in_news_wording(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "North Korea has repatriated at least 500 of its workers stranded in China.",
        "Eight North Korean defectors were sent back to China from Laos last week.",
    ],
)
def test_not_repatriations_in_news_wording(text: str) -> None:
    assert reps(text) == []


def test_a_total_brought_to_a_number_is_an_aggregate() -> None:
    text = "That brings the total number of forced repatriations since 2019 to at least 900 people, the group estimated."
    (r,) = extract(text, doc_date=DOC_DATE).repatriations
    assert (r.count, r.count_qualifier, r.aggregate) == (900, "at_least", True)
    assert (r.date_start, r.date_end) == ("2019-01-01", DOC_DATE)


def test_a_since_clause_without_the_document_date_is_an_undated_total() -> None:
    # The period runs to the document's date, which the text does not give: no dates, a total.
    text = "China has forcibly returned more than 300 North Koreans since the border closed in early 2020."
    (r,) = extract(text, doc_date=None).repatriations
    assert (r.count, r.date_start, r.date_end, r.date_precision, r.aggregate) == (300, None, None, None, True)
    (r,) = extract(text, doc_date="2024-05-08").repatriations
    assert (r.date_start, r.date_end, r.aggregate) == ("2020-01-01", "2024-05-08", True)


def test_a_headline_retells_the_event_of_the_body() -> None:
    text = (
        "300 North Koreans deported by China feared dead\n\n"
        "About 300 North Koreans were repatriated by China in March 2023, a rights group said."
    )
    result = extract(text, doc_date=DOC_DATE)
    assert [(r.count, r.count_qualifier, r.date_start) for r in result.repatriations] == [
        (300, "approximately", "2023-03-01")
    ]
    assert result.figures == []  # the same people are no other figure


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Human Rights Watch has separately verified that China forcibly returned 45 North Koreans in March 2023.",
         "Human Rights Watch"),
        ("China forcibly repatriated about 45 North Koreans on Monday night, a regional newspaper reported.",
         "regional newspaper"),
        ("Forty-five defectors were repatriated from China on Monday, informed sources said.", "informed sources"),
        ("China has forcibly returned up to 45 North Korean refugees, human rights groups say.",
         "human rights groups"),
        # a clause is not a source
        ("Activists are criticizing China after reports that Beijing forcibly returned 45 North Koreans.", None),
    ],
)  # fmt: skip
def test_attribution_in_news_wording(text: str, source: str | None) -> None:
    (r,) = extract(text, doc_date=DOC_DATE).repatriations
    assert r.attributed_to == source


def test_an_event_told_twice_keeps_the_source_given_once() -> None:
    text = (
        "China sent 45 North Korean defectors back to North Korea. The Asahi newspaper reported that "
        "45 North Korean defectors were repatriated on March 3."
    )
    (r,) = extract(text, doc_date=DOC_DATE).repatriations
    assert (r.count, r.date_start, r.attributed_to) == (45, "2024-03-03", "Asahi newspaper")


def test_an_event_told_at_its_day_and_in_a_span_around_it_is_one_event() -> None:
    text = (
        "China sent back about 600 North Korean defectors on Monday, a rights group said. "
        "The minister said the government was looking into reports that China repatriated over 600 "
        "North Korean defectors earlier this week."
    )
    assert reps(text, "2024-05-01") == [(600, "approximately", "2024-04-29", "2024-04-29", "day")]


def test_people_who_went_back_of_their_own_accord_are_no_figure() -> None:
    text = (
        "Seven North Korean defectors returned to the North from South Korea last year, the ministry said. "
        "About 40 North Koreans have already returned from Dandong on buses, a resident said. "
        "An estimated 1,200 North Koreans remain in Chinese detention."
    )
    result = extract(text, doc_date=DOC_DATE)
    assert result.repatriations == []
    assert [f.quantity for f in result.figures] == [1200]


def test_people_sent_back_to_china_are_a_figure_of_north_koreans_there() -> None:
    text = "Laos sent nine North Korean defectors back to China last week."
    result = extract(text, doc_date=DOC_DATE)
    assert result.repatriations == []
    assert [f.quantity for f in result.figures] == [9]


def test_a_figure_told_twice_is_one_figure() -> None:
    text = (
        "Fifteen North Korean defectors were detained in Kunming. Activists said the 15 North Korean defectors "
        "were held by police."
    )
    assert [f.quantity for f in extract(text, doc_date=DOC_DATE).figures] == [15]


@pytest.mark.parametrize(
    "sentence",
    [
        # A size said in words, with "of": the count is unknown, the return told.
        "A large number of North Korean escapees hiding in Yanji were forcibly repatriated.",
        # "once again" between the auxiliary and the verb.
        "Hundreds of North Korean escapees were once again sent back to North Korea.",
        # A part of people ("all the …") after an opening clause of days.
        "Then, on March 4, 6 and 9 all the women held in Tumen were quietly handed over to North Korea.",
    ],
)
def test_returns_told_without_a_number(sentence: str) -> None:
    assert [r[0] for r in reps(sentence, doc_date=None)] == [None]


def test_a_count_before_but_is_not_the_subject_of_the_clause_after_it() -> None:
    text = (
        "A woman and three children who had been banished to a farm village fled to China, but the woman "
        "and one boy were later deported to North Korea."
    )
    assert [r[0] for r in reps(text, doc_date=None)] == [2]


def test_a_deportation_to_china_or_by_another_state_told_apart_is_no_return_by_china() -> None:
    # Sent to China, a count inside the people sent.
    assert (
        reps("In July 2015, Thailand deported 109 Uyghurs (including 20 women) to China.", doc_date=None)
        == []
    )
    # Told two sentences after another state's deportation, with no North Korean near it.
    text = (
        "North Korea: a report on the border.\n\n" + "The border is long and guarded. " * 25 + "\n\n"
        "We are concerned about the deportation of two activists by the Thai authorities.\n\n"
        "The principle of non-refoulement is contained in Article 3 of the Convention against Torture.\n\n"
        "UNHCR said the two refugees who were deported had been due to depart for a third country."
    )
    assert reps(text, doc_date=None) == []


def test_who_was_deported_and_fled_to_china_is_returned_from_it() -> None:
    text = "Among those deported was Kim Sun-hee, a North Korean woman who fled to China in 1998."
    assert [r[0] for r in reps(text, doc_date=None)] == [1]


def test_the_day_claims_were_reported_is_not_the_day_of_the_return_they_tell() -> None:
    text = (
        "In early May 2019, several outlets reported claims that Chinese authorities had repatriated about "
        "40 North Korean refugees detained in Yanji."
    )
    assert reps(text, doc_date=None) == [(40, "approximately", None, None, None)]


def test_people_counted_then_told_as_they_have_since_been_returned() -> None:
    text = (
        "14 North Korean women were found to have been sold to farms in Jilin. They have since been "
        "returned to North Korea."
    )
    assert [r[0] for r in reps(text, doc_date=None)] == [14]


def test_people_a_state_is_urged_to_keep_from_being_deported_are_a_figure_at_risk() -> None:
    text = (
        "The ministry pledged to make all efforts to prevent 31 North Korean defectors being deported from "
        "China back to their homeland."
    )
    result = extract(text, doc_date=DOC_DATE)
    assert result.repatriations == []
    assert [f.quantity for f in result.figures] == [31]


def test_the_parts_of_a_group_after_the_repatriated_people_are_not_returns_of_their_own() -> None:
    text = (
        "China repatriated seven North Korean defectors. The repatriated North Koreans were two men and "
        "five women, including a family of four."
    )
    assert [r[0] for r in reps(text, doc_date=None)] == [7]


def test_escorted_or_dragged_back_is_a_return() -> None:
    reps = extract("Chinese police escorted 10 defectors back to North Korea in February 2007.").repatriations
    assert [(r.count, r.date_start) for r in reps] == [(10, "2007-02-01")]
    reps = extract("Chinese guards dragged 12 women back to North Korea in May 2019.").repatriations
    assert [(r.count, r.date_start) for r in reps] == [(12, "2019-05-01")]
