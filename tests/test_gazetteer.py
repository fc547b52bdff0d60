"""The gazetteer component: actors and instruments as spans, first longest name wins."""

from __future__ import annotations

from refwatch.extract.nlp import get_nlp


def spans(text: str, group: str) -> list[tuple[str, str, str]]:
    doc = get_nlp()(text)
    return [(s.text, s.label_, s.id_) for s in doc.spans[group]]


def test_the_longest_name_wins_over_the_names_inside_it() -> None:
    found = spans(
        "The Congressional-Executive Commission on China wrote to the People's Republic of China.", "actors"
    )
    names = [text for text, _, _ in found]
    assert names == ["Congressional-Executive Commission on China", "People's Republic of China"]
    assert found[1][1] == "STATE"


def test_aliases_share_their_canonical_name_and_case_matters() -> None:
    found = spans("Beijing and the PRC deny it; prc in lower case is not a name.", "actors")
    assert [t for t, _, _ in found] == ["Beijing", "PRC"]
    assert found[0][2] == found[1][2]


def test_instruments_are_a_group_of_their_own() -> None:
    doc = get_nlp()("China acceded to the 1951 Refugee Convention and its 1967 Protocol in 1982.")
    assert {s.label_ for s in doc.spans["instruments"]} == {"INSTRUMENT"}
    assert len(doc.spans["instruments"]) == 2
    assert [s.text for s in doc.spans["actors"]] == ["China"]
