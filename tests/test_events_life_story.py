"""Single people returned, told as a life story or a plea (issue 7, the j sets' kinds)."""

from __future__ import annotations

import pytest

from refwatch.extract import extract

HEAD = "North Korean refugees hide in China. "


def _counts(text: str) -> list[int | None]:
    return [r["count"] for r in extract(text).to_json(file="t")["repatriations"]]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("He swam the Tumen twice but was caught by Chinese soldiers and sent back to North Korea.", 1),
        (
            "Choi escaped from a farm in 2005 but was detained by Chinese police and returned to his homeland.",
            1,
        ),
        ("Relatives heard that he was arrested in Yanji and has been repatriated to North Korea.", 1),
        ("The villagers looked on as their aunt was handcuffed and deported to North Korea.", 1),
        ("Friends say Beijing deported Han Mi-rae to North Korea.", 1),
        ("The grandmother and her son were eventually deported back to North Korea.", 2),
        # A surname after an honorific is a person named.
        ("Ms. Pak, a nurse in her 30s, was deported to North Korea after being arrested in Yanji.", 1),
        # One person of a kind, inside the verb and its particle; the press's epithet for the North.
        ("Chinese police have sent the wife of a defector back to the hermit kingdom.", 1),
        # What is said of the person between them and the verb; what befell them after the return.
        (
            "A woman interviewed by a rights group, Open Border Aid, was jailed after being forcibly repatriated.",
            1,
        ),
        # A past clause after "before" tells that it happened (not a plan).
        ("The pair hid for years before Ryu was caught by the police and sent back to North Korea.", 1),
        # A surname with its own clause; the teller as object; a relative after "whose".
        ("Ryu, who was repatriated from China in 2005, spoke of the camps.", 1),
        ("They repatriated me to North Korea a few hours later.", 1),
        ("A farmer whose daughter was forcibly repatriated from Yanji has spoken out.", 1),
        # Two words that say what kind of person; "brought back" to the North.
        ("An 18-year-old armed soldier was apprehended and deported back to North Korea.", 1),
        ("She fled to China again but was brought back to North Korea once more.", 1),
        # A named person after what they are; "extradited"; the person's own relative clause.
        (
            "We just learned that North Korean refugee Ryu Min-ho was secretly repatriated from a Chinese prison.",
            1,
        ),
        ("In 2001, Mr. Ryu was arrested by Chinese authorities and extradited to North Korea.", 1),
        ("She spoke of her life as a North Korean refugee who has been repatriated four times.", 1),
        # An initial among the words of a particle verb.
        ("China just sent 30 N. Koreans back to North Korea.", 30),
        # A person named and a relative of theirs, arrested and returned.
        ("Ms. Ryu and her son were arrested and sent back to North Korea.", 2),
        ("Cha and her younger daughter were captured by Chinese police and repatriated to North Korea.", 2),
        # One person named as among the returned; a count of the returns themselves.
        ("Among those deported was Ryu Mi-sun, who had lived in Yanji for years.", 1),
        ("Rights groups have documented more than 600 such deportations since August alone.", 600),
        # A count of people held, in the past, "before being" returned.
        ("In December, eight North Korean defectors were detained in China before being deported back.", 8),
        # An adverb set off after the surname; a return told as found out.
        ("Ryu, however, was found to have been forcibly repatriated from China years ago.", 1),
    ],
)
def test_one_person_returned(sentence: str, count: int) -> None:
    assert _counts(HEAD + sentence) == [count]


@pytest.mark.parametrize(
    "sentence",
    [
        "He swam the Tumen twice but feared he would be sent back to North Korea.",
        "China deported North Korean refugees.",
        "The grandmother and her son fear they will be deported back to North Korea.",
        "She crossed into China but was never sent back to North Korea.",
        "He escaped in 2010 but was almost sent back to North Korea.",
        "She reached Seoul in 2010 but was later returned to her job.",
        "The mother and her son were detained in China.",
        "The ministry sent the man back to Seoul.",
    ],
)
def test_no_return(sentence: str) -> None:
    assert _counts(HEAD + sentence) == []


def test_sent_home_after_an_arrest_is_a_return() -> None:
    assert _counts(HEAD + "Police in Tumen caught and sent home about seven North Koreans last week.") == [7]
    # Sent home by no arrest and no China: a recall, as often as a return.
    assert _counts(HEAD + "The company sent home about seven North Korean workers last week.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "About 200 North Koreans are held in Jilin before they are repatriated.",
        "Ten North Korean defectors detained in China before being deported face torture.",
        "The abductees must be brought back to Japan.",
        # A plea not to be returned.
        "She wept: “Please don’t send me back to North Korea.”",
        "The 2023 deportations shocked the world.",
    ],
)
def test_held_or_pending_or_brought_elsewhere_is_no_return(sentence: str) -> None:
    assert _counts(HEAD + sentence) == []


def test_citation_marks_of_a_reference_work_neither_hide_a_return_nor_join_sentences() -> None:
    text = (
        "Ryu and his family escaped to China. They arrived in South Korea via Manila.[2] His mother was caught by "
        "Chinese authorities and repatriated.[3]"
    )
    assert _counts(HEAD + text) == [1]


def test_they_returned_are_the_people_the_sentence_before_counts() -> None:
    assert _counts(
        HEAD + "He told of the two North Korean refugees he tried to save. They were eventually repatriated."
    ) == [2]
    # Still to be returned: no return.
    assert (
        _counts(HEAD + "Police arrested 12 North Korean women in Yanji. They will be repatriated soon.") == []
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # The age before where the person is from.
        "A 62-year-old North Korean woman was sent back to North Korea by Chinese police.",
        # A return told as known or believed, of a prisoner of war from the war.
        "A South Korean prisoner of war from the Korean War is known to have been sent back to North Korea after "
        "being arrested in China.",
        # A life story's earlier deed, then "before being … returned".
        "In Yanji she was sold to a farmer, with whom she had a daughter, before being reported and forcibly "
        "returned to North Korea.",
    ],
)
def test_one_person_returned_told_in_more_shapes(sentence: str) -> None:
    assert _counts(HEAD + sentence) == [1]


def test_the_day_a_source_told_a_newspaper_is_not_the_day_of_the_return() -> None:
    text = (
        "Police in Shenyang arrested a North Korean woman in May.\n\n"
        "An official told The Chosun-Ilbo Monday that she was eventually sent back to North Korea."
    )
    result = extract(text, doc_date="2024-06-20").to_json(file="t")
    assert [(r["count"], r["date_start"]) for r in result["repatriations"]] == [(1, None)]


@pytest.mark.parametrize(
    "sentence",
    [
        # An earlier deed with its auxiliary and adverb.
        "She had previously escaped to China, but was caught and repatriated.",
        "He had already fled twice but was arrested and returned to North Korea.",
        # A deed in progress, then the return.
        "She was trying to escape North Korea in 2009 and was caught in China and sent back.",
    ],
)
def test_one_person_returned_after_an_earlier_deed_told_with_its_auxiliary(sentence: str) -> None:
    assert _counts(HEAD + sentence) == [1]


def test_one_person_who_fled_only_to_be_caught_and_sent_back() -> None:
    assert _counts(HEAD + "She fled to China only to be caught and sent back.") == [1]
    # "to be" after "only" tells what came to pass; without it, what may.
    assert _counts(HEAD + "She fled to China and is likely to be caught and sent back.") == []


def test_a_negation_inside_the_persons_own_relative_clause_does_not_undo_the_return() -> None:
    text = HEAD + "The man, who was not named, escaped to China in 2003 but was sent back in 2005."
    assert _counts(text) == [1]


def test_a_day_before_the_clause_that_tells_the_return_and_the_noun_end_are_not_the_returns() -> None:
    text = (
        HEAD + "Choi, who was admitted to the United States in March at the end of a saga in which she was "
        "repatriated to the North three times, spoke to students."
    )
    result = extract(text, doc_date="2008-08-09").to_json(file="t")
    assert [(r["count"], r["date_start"]) for r in result["repatriations"]] == [(1, None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "During this time, Jo was caught and repatriated to North Korea twice.",
        "Attempting to make her way to South Korea, she was twice captured in China and repatriated to North Korea.",
    ],
)
def test_one_person_after_an_opening_phrase_or_returned_twice(sentence: str) -> None:
    assert _counts(HEAD + sentence) == [1]


@pytest.mark.parametrize(
    "sentence",
    [
        # Where a journey was headed is not the state that returned her.
        "Attempting to make her way to South Korea, she was twice captured and repatriated to North Korea.",
        # A place named after the North is where a later deed went.
        "She was twice captured and repatriated to North Korea, eventually escaping back to China each time.",
    ],
)
def test_one_person_returned_beside_places_that_did_not_return_her(sentence: str) -> None:
    assert _counts(HEAD + sentence) == [1]


def test_a_state_that_returned_people_is_still_read_where_no_journey_is_told() -> None:
    assert (
        _counts(HEAD + "Trying to reach South Korea, they were caught in Laos and deported to North Korea.")
        == []
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "She escaped into China before being forcibly repatriated to North Korea.",
        "Cho first tried to follow them aged 17, escaping into China before being forcibly repatriated.",
    ],
)
def test_one_person_returned_after_an_earlier_deed_told_in_the_active(sentence: str) -> None:
    assert _counts(HEAD + sentence) == [1]


def test_a_deed_before_being_sent_elsewhere_is_no_return() -> None:
    assert _counts(HEAD + "She lived in China for years before being sent to South Korea.") == []


@pytest.mark.parametrize("adverb", ["soon", "later", "since", "quickly"])
def test_a_word_of_time_between_the_auxiliary_and_the_return(adverb: str) -> None:
    text = f"Ms. Ryu was caught by Chinese police in Yanji in May 2014 and was {adverb} sent back to North Korea."
    assert _counts(text) == [1]


def test_a_long_title_without_a_stop_is_a_sentence_of_its_own() -> None:
    # The title's "urge" does not make the first sentence's return something asked for.
    text = (
        "Defectors urge the United Nations to hold the country's leader accountable for rights abuses\n"
        "Ana Ruiz, who escaped starvation in North Korea in 1999, was sent back from China and fled a second time, "
        "told the United Nations on Tuesday that the leader must be held accountable.\n"
    )
    assert _counts(text) == [1]


def test_a_relative_of_one_named_and_a_month_with_a_comma_before_its_year() -> None:
    text = "In February, 2006, the mother of 5-year-old Kim Yong-soon was arrested and repatriated to North Korea.\n"
    assert [(r["count"], r["date_start"]) for r in extract(text).to_json(file="t")["repatriations"]] == [
        (1, "2006-02-01")
    ]


def test_a_later_deed_after_having_been_arrested_in_china_and_repatriated() -> None:
    text = (
        "She spent some of that period in a North Korean prison, where she was incarcerated after having been "
        "arrested in China and repatriated.\n"
    )
    assert _counts(text) == [1]
