"""Letters in the shapes NGOs and offices really send them (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract
from refwatch.extract.people import split_title_name


def _own(text: str):
    letter = extract(text, meta={"type": "letter"}).letter
    assert letter is not None and not letter.reported
    return letter


def test_negated_and_subjectless_requests_are_asks() -> None:
    letter = _own(
        "April 2, 2024\n\nMs. Ana Lopez\nUnited Nations High Commissioner for Refugees\n\nTo the High Commissioner:\n\n"
        "Several of us fled the North ourselves, and together are writing to urge you to visit the border region.\n"
        "We firmly urge your Government not to deport the families held in Dandong.\n"
        "We are writing with an urgent request that your office not close its Beijing desk.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Ana Lopez", "United Nations High Commissioner for Refugees")
    ]
    assert [a.text for a in letter.asks] == [
        "visit the border region",
        "not to deport the families held in Dandong",
        "not close its Beijing desk",
    ]


def test_a_quoted_request_ends_where_the_quotation_closes() -> None:
    text = (
        "SEOUL - Rep. Jane Roe sent a letter to President Xi Jinping on Monday, her office said.\n"
        "“We strongly urge your government to free the detained families,” Roe wrote in the letter.\n"
    )
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == ["free the detained families"]


def test_copies_with_a_dot_and_titles_of_any_words_before_the_name() -> None:
    letter = _own(
        "May 5, 2024\n\nPresident Kim Min-jun\n\nCC. Prime Minister Park Soo-ah\n\nUnification Minister Lee Dong-hyun\n\n"
        "Acting Justice Minister Choi Ha Neul\n\nDear President Kim Min-jun,\n\nWe urge you to raise the returns.\n"
    )
    assert [(p.name, p.title, p.cc) for p in letter.recipients] == [
        ("Kim Min-jun", "President", False),
        ("Park Soo-ah", "Prime Minister", True),
        ("Lee Dong-hyun", "Unification Minister", True),
        ("Choi Ha Neul", "Acting Justice Minister", True),
    ]
    assert split_title_name("Acting Justice Minister Choi Ha Neul") == (
        "Choi Ha Neul",
        "Acting Justice Minister",
    )


def test_care_of_lines_are_not_addressees() -> None:
    letter = _own(
        "His Excellency Wang Hao\nPresident, People's Republic of China\nc/o His Excellency Liu Bo\n"
        "Ambassador of the People's Republic of China\n\nDear Mr. President:\n\nWe urge you to stop the returns.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Wang Hao", "President, People's Republic of China")
    ]


def test_addressee_named_only_in_the_salutation_and_signer_without_closing() -> None:
    letter = _own(
        "Stop the returns now!\n\nJune 3, 2024\n\nPresident Wang Hao,\n\n"
        "We, a group of former detainees, implore you to end the returns of our families.\n"
        "We remember the names Ri Sun-hee (female, 40) and Kang Chol (male, 19).\n\n"
        "Mina Park\n\nFreedom Bridge Coalition\n\nShare this post\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Wang Hao", "President")]
    assert [a.text for a in letter.asks] == ["end the returns of our families"]
    assert [(p.name, p.title) for p in letter.senders] == [("Mina Park", "Freedom Bridge Coalition")]
