"""Counts and their qualifiers."""

from __future__ import annotations

import pytest

from refwatch.extract.quantities import COUNT, find_counts, number_value, parse_count


@pytest.mark.parametrize(
    ("text", "value", "minimum", "qualifier"),
    [
        ("600", 600, None, "exact"),
        ("approximately 200", 200, None, "approximately"),
        ("about 1,076", 1076, None, "approximately"),
        ("an estimated 2,000", 2000, None, "approximately"),
        ("some 50", 50, None, "approximately"),
        ("nearly 80", 80, None, "approximately"),
        ("at least 406", 406, None, "at_least"),
        ("more than 600", 600, None, "more_than"),
        ("over 30", 30, None, "more_than"),
        ("as many as 70", 70, None, "up_to"),
        ("up to 100", 100, None, "up_to"),
        ("50 to 60", 60, 50, "up_to"),
        ("between 50 and 60", 60, 50, "up_to"),
        ("sixty", 60, None, "exact"),
        ("two hundred", 200, None, "exact"),
        ("2.5 million", 2_500_000, None, "exact"),
        ("some 15-hundred", 1500, None, "approximately"),  # as Korean wire copy writes hundreds
        ("12 hundred", 1200, None, "exact"),
        ("Forty-five", 45, None, "exact"),
        ("about thirty-two", 32, None, "approximately"),
        ("twenty to thirty", 30, 20, "up_to"),
        ("at least one-thousand-170", 1170, None, "at_least"),
        ("some two-thousand", 2000, None, "approximately"),
        ("about twenty-six hundred", 2600, None, "approximately"),  # one number, not 20 to 600
        ("twenty to six hundred", 600, 20, "up_to"),
        # Number words with scales as far as they go; a range's low end takes its high end's scale.
        ("four hundred thousand", 400_000, None, "exact"),
        ("some two hundred fifty", 250, None, "approximately"),
        ("two hundred and fifty", 250, None, "exact"),
        ("one thousand five hundred", 1500, None, "exact"),
        ("three to four hundred thousand", 400_000, 300_000, "up_to"),
        ("two to three thousand", 3000, 2000, "up_to"),
    ],
)
def test_counts(text: str, value: int, minimum: int | None, qualifier: str) -> None:
    m = COUNT.search(text)
    assert m is not None
    c = parse_count(m)
    assert (c.value, c.minimum, c.qualifier) == (value, minimum, qualifier)


def test_hundreds_is_a_count_without_a_number() -> None:
    m = COUNT.search("hundreds of escapees")
    assert m is not None and parse_count(m).value is None


@pytest.mark.parametrize(
    ("token", "value"), [("1,076", 1076), ("thirty-five", 35), ("a dozen", 12), ("x", None)]
)
def test_number_value(token: str, value: int | None) -> None:
    assert number_value(token) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("the 40-plus escapees", [(40, "more_than")]),
        ("60+ North Koreans", [(60, "more_than")]),
        ("several dozen refugees", [(None, None)]),
        ("a few dozen refugees", [(None, None)]),
        ("the nine -- four men and five women", [(9, "exact"), (4, "exact"), (5, "exact")]),
        ("a 40-something woman", []),
        ("women in their 20s", []),
    ],
)
def test_counts_in_a_phrase(text: str, values: list[tuple]) -> None:
    assert [(c.value, c.qualifier) for c in map(parse_count, COUNT.finditer(text))] == values


def test_a_number_split_by_a_stray_space_is_no_count_of_nobody() -> None:
    assert number_value("000") is None


@pytest.mark.parametrize("text", ["two dozen refugees", "more than a dozen escapees", "half a dozen women"])
def test_dozens_are_counts_without_a_number(text: str) -> None:
    found = [parse_count(m).value for m in find_counts(text)]
    assert found == [None]


def test_a_comma_after_a_count_is_punctuation_not_a_longer_number() -> None:
    found = [m.group() for m in find_counts("China sent back 600, the group said; 50 to 60, others say; 1,2")]
    assert found == ["600", "50 to 60"]
