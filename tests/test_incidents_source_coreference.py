"""Who a return is credited to when the text names the source by what it is (issue 7)."""

from __future__ import annotations

from refwatch.extract import extract


def _sources(text: str) -> list[str | None]:
    return [r["attributed_to"] for r in extract(text).to_json(file="t")["repatriations"]]


def test_the_group_is_the_one_named_before() -> None:
    text = (
        "Border Rescue Network said it tracked arrests of North Koreans in China in 2020. At least seven "
        "North Koreans were forcibly repatriated to North Korea in May 2020, the group said."
    )
    assert _sources(text) == ["Border Rescue Network"]


def test_a_watchdog_is_the_one_named_next() -> None:
    text = (
        "A London-based rights watchdog has condemned China's forcible repatriation of 33 North Koreans "
        "in June 2019. Open Border Alliance (OBA) urged Beijing to stop the returns."
    )
    assert _sources(text) == ["Open Border Alliance (OBA)"]


def test_a_group_is_never_one_named_before() -> None:
    text = (
        "Seoul Wire Service carried the story. China sent back 33 North Korean escapees in June 2019, "
        "a local human rights group said."
    )
    assert _sources(text) != ["Seoul Wire Service"]


def test_revealed_credits_its_subject() -> None:
    text = "Human Rights Watch on 12 March revealed that Chinese police repatriated 70 North Koreans in February 2021."
    assert _sources(text) == ["Human Rights Watch"]
