"""Repatriations and figures in the wording of news stories, on sentences written for these
tests (not from any evaluation set)."""

from __future__ import annotations

import pytest

from refwatch.extract import extract

DOC_DATE = "2024-05-02"  # a Thursday


def reps(text: str, doc_date: str | None = DOC_DATE) -> list[tuple]:
    result = extract(text, doc_date=doc_date)
    for r in result.repatriations:
        assert text[r.start : r.end] == r.quote
    return [
        (r.count, r.count_qualifier, r.date_start, r.date_end, r.date_precision) for r in result.repatriations
    ]


def figures(text: str, doc_date: str | None = DOC_DATE) -> list[int]:
    return [f.quantity for f in extract(text, doc_date=doc_date).figures]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A past return told with caution is still told.
        (
            "About 300 North Koreans may have been repatriated from China on Monday, activists said.",
            [(300, "approximately", "2024-04-29", "2024-04-29", "day")],
        ),
        # "May" the month is no modal verb.
        (
            "BEIJING, May 2 -- China deported twelve North Korean defectors to Pyongyang, officials said.",
            [(12, "exact", None, None, None)],
        ),
        # Who tells of the return is not who returned people.
        (
            '"The 12 North Korean defectors were repatriated to North Korea on Monday," a South Korean '
            "Foreign Ministry official told reporters.",
            [(12, "exact", "2024-04-29", "2024-04-29", "day")],
        ),
        # The date of the arrest is not the date of the return.
        (
            "Eleven North Korean defectors have been repatriated from China after being caught in Vietnam "
            "earlier this month, an official said.",
            [(11, "exact", None, None, None)],
        ),
        # The day a statement came out is not the day of the return.
        (
            "Up to 40 North Koreans were repatriated through Tumen, the group said in its statement on Tuesday.",
            [(40, "up_to", None, None, None)],
        ),
        # A count told without its date takes the date of the return told next to it.
        (
            "China has repatriated about 70 North Korean escapees, sources said. The repatriations took place "
            "on April 24 at the Tumen crossing.",
            [(70, "approximately", "2024-04-24", "2024-04-24", "day")],
        ),
    ],
)
def test_repatriations_in_news_wording(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "China to send back 12 defectors to North Korea",
        "Chinese police are preparing to forcibly return at least 14 people to North Korea.",
        "Beijing has decided to repatriate 25 North Korean escapees held in Yanji.",
    ],
)
def test_returns_not_yet_done(text: str) -> None:
    result = extract(text, doc_date=DOC_DATE)
    assert result.repatriations == []
    assert len(result.figures) == 1  # people at risk of return: a figure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A part of people counted before ("six of the 30") is what the verb did.
        (
            "Officials said at least six of the 30 have been forcibly returned to North Korea.",
            [(6, "at_least", None, None, None)],
        ),
        # A long object between "sent" and "back".
        (
            "Chinese police sent more than 40 North Korean women who had been held in Tumen for months back "
            "to North Korea on April 24.",
            [(40, "more_than", "2024-04-24", "2024-04-24", "day")],
        ),
        # China returns people only to the North.
        (
            "China has already returned about 35 refugees, including two soldiers, a broadcaster said.",
            [(35, "approximately", None, None, None)],
        ),
        # "Today" in quoted speech is the speaker's day, which the text does not give.
        (
            "'They sent about 30 North Korean escapees back to North Korea today,' a witness said last week.",
            [(30, "approximately", None, None, None)],
        ),
    ],
)
def test_repatriations_with_their_people(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Those punished after their return are a part of those returned, not the return's count.
        "North Korea executed three women repatriated from China, a rights group said.",
        # The group the returned came from is not the number returned.
        "Three out of 150 North Korean workers were deported, the ministry said.",
        "Among the nearly 150 North Korean workers who arrived since 2015, only three were deported.",
        # Not North Koreans.
        "North Korea on Monday sent back three South Koreans who had entered the country illegally.",
    ],
)
def test_counts_that_are_not_the_return(text: str) -> None:
    assert reps(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An estimated 1,500 North Koreans are held in detention centres in Jilin.", [1500]),
        ("Some 400 North Koreans face forced repatriation, the group said.", [400]),
        # North Koreans at home, in the South or in another country.
        ("North Korea holds between 90,000 and 110,000 prisoners in its political prison camps.", []),
        ("Some 31,000 North Koreans have resettled in South Korea since the war.", []),
        ("Thai police detained 11 North Korean refugees near the Mekong on Sunday.", []),
        ("About 80,000 North Korean workers are employed in Chinese factories.", []),
        # Parts of a group counted beside them.
        (
            "Chinese police detained nine North Korean defectors -- six men and three women -- in Shenyang.",
            [9],
        ),
        ("Chinese police detained 14 North Koreans in Yanji, including three children.", [14]),
        (
            "China arrested 40 North Korean defectors this month: 12 near Beijing, 9 in Shenyang and 19 in Yanji.",
            [40],
        ),
        (
            "Besides the 12 refugees held in Kunming, police detained six defectors near Beijing, eight in "
            "Shenyang and about 10 in Yanji.",
            [],
        ),
        # People going home of their own accord.
        ("About 200 North Koreans left Dandong for Sinuiju on Monday on buses.", []),
        # Their helpers are not refugees.
        ("A group of 20 North Korean defectors and six people assisting them were arrested in China.", [20]),
        # A count of families counts no people.
        ("Seoul urged China not to repatriate two families of North Korean defectors held in Shenyang.", []),
        # Those punished, and the same people told again.
        (
            "Two defectors who were repatriated from China in March were executed in Hyesan. "
            "The two defectors had been held in Tumen.",
            [],
        ),
    ],
)
def test_figures_are_north_koreans_in_china(text: str, expected: list[int]) -> None:
    assert figures(text) == expected


def test_they_are_the_people_the_sentence_before_began_with() -> None:
    text = (
        "Three fishermen from Sinuiju were arrested by Chinese police near Dandong. They were repatriated "
        "to North Korea two days later, a source said."
    )
    (r,) = extract(text, doc_date=DOC_DATE).repatriations
    assert (r.count, r.attributed_to) == (3, "source")
    assert r.quote == text[r.start : r.end] and r.quote.startswith("Three fishermen")


def test_they_without_a_count_before_is_no_record() -> None:
    text = "Police officers watched the crossing at Tumen. They were sent back to North Korea, a source said."
    assert reps(text) == []


def test_the_same_people_told_again_keep_the_date_of_their_first_telling() -> None:
    text = (
        "China has repatriated about 45 North Korean escapees, sources said. The repatriations took place on "
        "April 24 at Tumen. The escapees sent back to North Korea last week had been held in Yanji. "
        '"They sent about 45 escapees back to North Korea on three buses," a witness said last week.'
    )
    result = extract(text, doc_date=DOC_DATE)
    assert [(r.count, r.date_start, r.date_end) for r in result.repatriations] == [
        (45, "2024-04-24", "2024-04-24")
    ]
    assert all(r.attributed_to != "last week" for r in result.repatriations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Three defectors who were forcibly repatriated from China last year have reportedly been executed.",
            [(None, None, "2023-01-01", "2023-12-31", "year")],
        ),
        (
            "Four of the escapees who were repatriated in March were sent to political prison camps.",
            [(None, None, "2024-03-01", "2024-03-31", "month")],
        ),
        (
            "Some have already been returned to North Korea, according to local media.",
            [(None, None, None, None, None)],
        ),
    ],
)
def test_a_return_told_without_the_number_returned(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


def test_children_of_mothers_who_were_returned_are_no_return() -> None:
    text = "A nurse examined 12 children of North Korean mothers in Yanji who had been forcibly repatriated."
    result = extract(text, doc_date=DOC_DATE)
    assert [r.count for r in result.repatriations] == []
    assert [f.quantity for f in result.figures] == [12]


def test_a_quoted_noun_still_names_the_people() -> None:
    assert figures('Aid groups estimate that about 3,000 "defector orphans" live in China.') == [3000]


def test_punishment_of_returnees_in_general_is_no_event() -> None:
    assert reps("Defectors who were repatriated from China were imprisoned in labour camps.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The pronoun stands for the people counted before it.
        (
            "About 300 North Koreans have disappeared after China sent them back in March, a group said.",
            [(300, "approximately", "2024-03-01", "2024-03-31", "month")],
        ),
        # A noun for an event that happened, without its date.
        (
            "Activists said Beijing's recent repatriation of seven North Korean defectors drew protests.",
            [(7, "exact", None, None, None)],
        ),
        # A second passive verb of the same people.
        (
            "Last month, six North Korean women were arrested in Vietnam and forcibly repatriated by China.",
            [(6, "exact", "2024-04-01", "2024-04-30", "month")],
        ),
        # Adverbs joined by "and", an appositive with "including".
        (
            "More than 200 North Korean escapees, including several children, have been quietly and forcibly "
            "repatriated from Jilin.",
            [(200, "more_than", None, None, None)],
        ),
    ],
)
def test_repatriations_told_at_a_distance(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


def test_people_sent_back_along_with_another_are_a_part() -> None:
    text = (
        "Along with her sister, five other North Korean women were caught and repatriated, a relative said."
    )
    assert [r.count for r in extract(text, doc_date=DOC_DATE).repatriations] == []


def test_a_recent_return_told_in_another_clause_takes_no_date_of_that_clause() -> None:
    text = "The senator sent last week a protest to Beijing over its recent repatriation of eleven defectors."
    assert reps(text) == [(11, "exact", None, None, None)]


def test_a_participle_before_the_return_is_no_plan() -> None:
    text = "Last month, ten North Korean women attempting to reach Thailand were caught in China and forcibly repatriated."
    assert reps(text) == [(10, "exact", "2024-04-01", "2024-04-30", "month")]


def test_a_reported_return_after_a_risk_is_told() -> None:
    text = (
        "The experts wrote about detainees facing the imminent risk of repatriation as well as the reported "
        "repatriation of 45 North Korean refugees on March 3."
    )
    assert reps(text) == [(45, "exact", "2024-03-03", "2024-03-03", "day")]


def test_a_line_cut_inside_the_sentence_keeps_the_count_with_its_clause() -> None:
    text = (
        "Both women were among some 300 North Koreans\nWho were forcibly returned from China in March 2024."
    )
    assert reps(text) == [(300, "approximately", "2024-03-01", "2024-03-31", "month")]


def test_they_with_an_adverb_are_still_the_people_before() -> None:
    text = "Four fishermen were detained by Chinese police in Dandong. They were forcibly repatriated, a source said."
    assert [r.count for r in extract(text, doc_date=DOC_DATE).repatriations] == [4]


def test_people_sent_back_to_china_stay_a_figure_in_a_relative_clause() -> None:
    text = (
        "The agency voiced concern about seven North Korean defectors who were sent back to China from Laos."
    )
    assert figures(text) == [7]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China repatriated 60 North Koreans in April 2023 and another 70 North Koreans later that year.",
            [
                (60, "exact", "2023-04-01", "2023-04-30", "month"),
                (70, "exact", "2023-01-01", "2023-12-31", "year"),
            ],
        ),
        (
            "Police arrested 35 North Koreans in Yanji in June 2022. Later that year, China sent 35 North Koreans "
            "back to North Korea.",
            [(35, "exact", "2022-01-01", "2022-12-31", "year")],
        ),
    ],
)
def test_later_that_year_is_the_year_told_before(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing has forcibly repatriated hundreds of thousands of escapees over the border it shares.", []),
        ("China has sent tens of thousands of North Korean women back.", []),
        # Dated, the same words tell of one event; and "hundreds" is an event's size.
        (
            "Chinese police sent back thousands of defectors on 9 October 2023.",
            [(None, None, "2023-10-09", "2023-10-09", "day")],
        ),
        (
            "China forcibly repatriated hundreds of North Korean defectors, activists said.",
            [(None, None, None, None, None)],
        ),
    ],
)
def test_thousands_returned_with_no_date_is_the_practice(text: str, expected: list[tuple]) -> None:
    assert reps(text) == expected


def test_the_day_a_letter_was_sent_is_not_the_day_of_the_return() -> None:
    text = "A letter was sent today to the Foreign Secretary about the forced repatriation of 50 North Korean refugees."
    assert all(r[2] != DOC_DATE for r in reps(text))
    # Monday before the document's date is 2024-04-29: the letter's day, never the return's.
    letter_day = "The letter, delivered on Monday, said China repatriated 50 North Koreans on June 3."
    assert all(r[2] != "2024-04-29" for r in reps(letter_day))


def test_others_is_not_who_was_returned() -> None:
    result = extract(
        "China sent 80 North Korean women back on 29 August 2023, and 40 others on 18 September 2023."
    )
    assert [(r.count, r.who) for r in result.repatriations] == [(80, "North Korean women"), (40, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Blamed for a return: the gerund tells a return that happened.
        (
            "A rights group accused Beijing of forcibly deporting 45 North Korean escapees on April 22.",
            [(45, "exact", "2024-04-22", "2024-04-22", "day")],
        ),
        # One person sent back with others counted: the others and the one.
        (
            "I was held for a month, and then was sent back to North Korea on April 3 with six other defectors. "
            "China sent back 40 defectors along with 12 other refugees on April 4.",
            [
                (7, "exact", "2024-04-03", "2024-04-03", "day"),
                (40, "exact", "2024-04-04", "2024-04-04", "day"),
                (12, "exact", "2024-04-04", "2024-04-04", "day"),
            ],
        ),
        # The day of the people's own deed, in their relative clause, is not the return's.
        (
            "Officials said that on April 3 China repatriated all seven North Korean defectors who entered a "
            "school in Yantai on March 2.",
            [(7, "exact", "2024-04-03", "2024-04-03", "day")],
        ),
        # Flown back, as sent back; flying home of one's own accord is no return.
        (
            "China flew 12 North Korean defectors back to Pyongyang on April 3. A diplomat flew home on April 4.",
            [(12, "exact", "2024-04-03", "2024-04-03", "day")],
        ),
        # Whom and when the blame names may stand between it and the gerund; the day is the blame's.
        (
            "The UN rights chief criticised Laos and China on Friday for returning nine young defectors to "
            "North Korea.",
            [(9, "exact", None, None, None)],
        ),
        # What is condemned happened, even with no date told.
        (
            "Lawmakers in Seoul condemned the forced repatriation of 70 North Korean defectors by China.",
            [(70, "exact", None, None, None)],
        ),
        # A participle before the people it describes is who they are, not another event.
        (
            "China sent 35 North Korean defectors back on April 3. Later, 35 repatriated North Korean "
            "defectors were reportedly taken to a prison camp.",
            [(35, "exact", "2024-04-03", "2024-04-03", "day")],
        ),
        # "sent back" that belongs to another verb's infinitive is no return.
        (
            "North Korean defector Ms Pak was forced to pay border guards to avoid being sent back.",
            [],
        ),
    ],
)
def test_returns_reacted_to_blamed_and_described(text: str, expected: list[tuple]):
    assert reps(text) == expected


def test_people_who_reached_safety_are_no_figure_and_arrests_in_a_paragraph_about_china_are():
    assert figures("Some 1,400 North Korean refugees reached South Korea last year, fewer than before.") == []
    assert figures(
        "Chinese police in Yunnan have stepped up checks on North Korean escapees. The group documented "
        "the arrests of 41 North Koreans in March and April alone."
    ) == [41]


def test_a_deportation_by_a_country_of_asylum_is_no_return_by_china():
    assert (
        reps("Since 2013, Canada has deported almost 2,000 North Korean asylum seekers, Al-Jazeera reported.")
        == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "as if" compares: no condition on the decision; the date set off before it is its date.
        (
            "Right after the Games, on April 9, 2024, as if it were a military operation, the Chinese "
            "government made a decision to secretly repatriate about 300 North Korean detainees.",
            [(300, "approximately", "2024-04-09", "2024-04-09", "day")],
        ),
        # A decision opposed is not told as carried out.
        (
            "Protesters gathered on April 8, 2024, against the decision to return 90 North Korean defectors.",
            [],
        ),
    ],
)
def test_a_decision_dated_by_the_date_set_off_before_it(text: str, expected: list[tuple]):
    assert reps(text) == expected


def test_a_person_named_in_apposition_returned_is_a_count_of_one():
    text = (
        "North Korean defectors face return.\n\nThe family of Pak Sun-hee, a North Korean defector who was "
        "forcibly repatriated from China in March, wrote to the president."
    )
    assert reps(text) == [(1, "exact", "2024-03-01", "2024-03-31", "month")]


def test_the_day_of_a_response_is_not_the_day_of_the_return():
    text = (
        "North Korean defectors\n\nOn April 13th, in response to media reports that Chinese authorities had "
        "forcibly repatriated around 600 North Korean refugees, the government confirmed the news."
    )
    assert reps(text) == [(600, "approximately", None, None, None)]


def test_a_day_without_year_in_an_undated_text_stays_undated_whatever_years_it_tells_of():
    text = (
        "North Korean defectors\n\nShe defected in 2016. Beijing secretly repatriated more than 500 North "
        "Koreans on Oct. 9, a week before the remarks.\n\nA bus crossed the bridge on Aug. 29, 2023."
    )
    assert reps(text, doc_date=None) == [(500, "more_than", None, None, None)]
    assert reps(text, doc_date="2023-10-16") == [(500, "more_than", "2023-10-09", "2023-10-09", "day")]


def test_fewer_counted_undated_after_the_one_dated_return_are_part_of_it():
    text = (
        "North Korean defectors\n\nSome 700 North Koreans were repatriated from China on April 9, activists said."
        "\n\nA second group said sources told it that up to 250 North Koreans were sent back through Dandong."
    )
    assert reps(text) == [
        (700, "approximately", "2024-04-09", "2024-04-09", "day"),
        (250, "up_to", "2024-04-09", "2024-04-09", "day"),
    ]


def test_a_dateline_after_a_flattened_header_is_the_dispatchs_day() -> None:
    text = (
        "Washington Post Foreign Service Saturday, April 29, 2000; Page A22 BEIJING, April 28 –– China has "
        "forcibly returned a group of 60 refugees to North Korea, sources said today."
    )
    [record] = extract(text, doc_date="2000-04-29").to_json(file="t")["repatriations"]
    assert (record["count"], record["date_start"]) == (60, None)


def test_the_day_a_paper_reported_a_confirmation_is_not_the_day_of_the_return() -> None:
    text = (
        "On October 13, The Korea Herald reported the ministry's confirmation that China had resumed the "
        "repatriation of North Korean escapees."
    )
    [record] = extract(text, doc_date="2023-12-11").to_json(file="t")["repatriations"]
    assert (record["count"], record["date_start"]) == (None, None)


def test_the_day_a_source_spoke_is_not_the_day_of_the_return() -> None:
    text = "The refugee agency today said China had deported seven North Koreans in March."
    [record] = extract(text, doc_date="2024-05-02").to_json(file="t")["repatriations"]
    assert (record["date_start"], record["date_end"]) == ("2024-03-01", "2024-03-31")
    assert record["attributed_to"] == "refugee agency"
    # With no date of its own, the return is not dated by the saying (and a noun's return with
    # no date of its own is no record).
    text = "The refugee agency today said it has protested over the deportation of seven North Koreans."
    assert extract(text, doc_date="2024-05-02").to_json(file="t")["repatriations"] == []


def test_one_unnamed_person_returned_and_the_days_of_what_reported_it() -> None:
    text = (
        "On March 23, the High Commissioner ended a visit to China, during which he objected to news that the "
        "Chinese government had repatriated a North Korean refugee, according to a March 23 press release."
    )
    [record] = extract(text, doc_date="2006-04-02").to_json(file="t")["repatriations"]
    assert (record["count"], record["count_qualifier"]) == (1, "exact")
    # Neither the day of the visit (outside the news that told of it) nor the release's day dates it.
    assert record["date_start"] is None
    # Returns as a practice are not one person returned.
    assert extract("China has repatriated a refugee every week since 1998.").repatriations == []


@pytest.mark.parametrize(
    "text",
    [
        "Officials said eleven North Koreans who entered a foreign school in Dalian were handed over to Chinese police.",
        "The group of eleven North Koreans entered the school in Dalian on Monday and were handed over to police.",
    ],
)
def test_people_handed_over_to_chinas_police_are_no_return(text: str) -> None:
    assert reps(text) == []


def test_a_part_of_a_group_just_counted_is_no_figure_of_its_own() -> None:
    assert figures(
        "Twelve North Korean defectors - three of them underaged - are held by Chinese police in Shenyang."
    ) == [12]


def test_the_people_a_group_includes_are_no_figure_of_their_own() -> None:
    assert figures(
        "Eleven North Korean defectors were captured by Chinese police in Jilin province, including a six-year-old "
        "boy and three teenagers."
    ) == [11]
