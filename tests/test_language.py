"""A document in another language than English says so on its extraction (issue 7: the k sets)."""

from __future__ import annotations

import pytest

from refwatch.extract import extract
from refwatch.extract.language import language

GERMAN = (
    "China hat nach Medienberichten 62 nordkoreanische Flüchtlinge abgeschoben, die zwei Wochen zuvor "
    "festgenommen worden waren. Die Gruppe sei bereits am Wochenende über die Grenze gebracht worden, "
    "berichtete die Zeitung. Auch die Kinder der Familie sind nicht mehr in der Stadt."
)
ENGLISH_TEXT = (
    "China has deported 62 North Korean refugees who had been arrested two weeks earlier, according to "
    "media reports. The group was taken across the border at the weekend, the newspaper said, and the "
    "children of the family are no longer in the city."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GERMAN, "German"),
        (ENGLISH_TEXT, "English"),
        (
            "Des réfugiés nord-coréens ont été renvoyés par la police chinoise dans leur pays, selon les ONG "
            "qui suivent la situation des réfugiés dans la province et qui demandent leur libération.",
            "French",
        ),
        ("중국 공안이 탈북민 60여 명을 북한으로 강제 송환했다고 대북 인권단체가 밝혔다.", "Korean"),
        ("China deports 62", None),  # too short to tell
    ],
)
def test_the_language_of_a_text(text: str, expected: str | None) -> None:
    assert language(text) == expected


def test_a_document_not_in_english_is_said_to_be_so() -> None:
    [warning] = [w for w in extract(GERMAN).warnings if w.startswith("language:")]
    assert "German" in warning
    assert not [w for w in extract(ENGLISH_TEXT).warnings if w.startswith("language:")]
