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
    ],
)
def test_no_return(sentence: str) -> None:
    assert _counts(HEAD + sentence) == []
