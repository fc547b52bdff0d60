"""Returns told as people made to go back, and as a part of those arrested (issue 7)."""

from __future__ import annotations

from refwatch.extract import extract


def _returns(text: str) -> list[tuple[int | None, str]]:
    return [(r["count"], r["count_qualifier"]) for r in extract(text).to_json(file="t")["repatriations"]]


def test_forced_to_return_is_a_return() -> None:
    text = "Last year Beijing compelled some 25 North Korean women to return to North Korea."
    assert _returns(text) == [(25, "approximately")]


def test_forcing_to_return_in_future_is_not() -> None:
    assert _returns("China may soon force 25 North Korean women to return to North Korea.") == []


def test_part_of_those_arrested() -> None:
    text = (
        "Chinese police arrested 40 North Korean escapees in June 2019. Eight of those arrested are reported "
        "to have been sent back to North Korea, activists said."
    )
    assert (8, "exact") in _returns(text)


def test_part_of_those_arrested_still_held() -> None:
    text = "Eight of those arrested in June are held in Tumen and may be sent back to North Korea."
    assert _returns(text) == []


def test_made_to_return_told_in_the_passive_is_a_return() -> None:
    text = "This time nine North Korean defectors have been forced to return to North Korea by China."
    assert _returns(text) == [(9, "exact")]
    # People made to go home from elsewhere, or who may yet be, are not.
    assert _returns("Nine defectors in Seoul were forced to return home after the crisis.") == []
    assert _returns("Nine North Korean defectors may be forced to return to North Korea by China.") == []
