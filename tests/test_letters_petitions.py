"""Petition pages: their quoted words, their headings and who wrote them (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract


def _asks(text: str, meta: dict | None = None) -> list[str]:
    letter = extract(text, meta={"type": "other", **(meta or {})}).letter
    return [a.text for a in letter.asks] if letter is not None else []


def test_the_words_of_a_quoted_petition_ask_in_their_own_voice() -> None:
    asks = _asks(
        "Free the fishermen of Port Vale\n\nFour fishermen have been held for a month.\n\nOur appeal says:\n\n"
        "  We, the undersigned, are alarmed at the detention of four fishermen. We call on you to release "
        "the four fishermen. We also ask that you let their lawyers see them.\n"
    )
    assert any(a.startswith("release the four fishermen") for a in asks)
    assert any(a.startswith("let their lawyers see them") for a in asks)


def test_a_petition_heading_in_the_imperative_is_its_ask() -> None:
    asks = _asks(
        "This petition ran for six months\n\nPetition Stop the deportation of the Port Vale fishermen.\n\n"
        "Four fishermen face prison at home.\n\n310 signatures\n"
    )
    assert asks == ["Stop the deportation of the Port Vale fishermen"]


def test_a_heading_is_read_only_on_a_petition_page() -> None:
    # The same heading on a news page is a headline, not a request.
    text = "Stop the deportation of the Port Vale fishermen\n\nFour fishermen face prison at home.\n"
    assert _asks(text) == []
    assert _asks(text, {"url": "https://petitions.example.org/p/port-vale"}) == [
        "Stop the deportation of the Port Vale fishermen"
    ]


def test_a_petition_site_names_its_writer_by_user_name() -> None:
    letter = extract(
        "Four fishermen face prison at home. We ask Vale to free the four fishermen.\n\nThe Free the fishermen "
        "petition to Vale government was written by tomas k and is in the category Justice.\n",
        meta={"type": "other"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["tomas k"]
    assert [a.text for a in letter.asks] == ["free the four fishermen"]


def test_writers_named_in_an_apposition_to_their_group() -> None:
    letter = extract(
        "Three legislators wrote to Governor Lena Park asking her to halt the transfers.\n\nThe legislators, "
        "Republican Dana Cole from Utah, Hugo Stein and Democrat Ivy Marsh from Maine, were in the region.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["Dana Cole", "Hugo Stein", "Ivy Marsh"]


def test_what_a_thing_is_used_for_is_not_part_of_the_ask() -> None:
    letter = extract(
        "June 3, 2024\n\nDear Minister Park,\n\nWe urge you to oppose the use of “travel bans,” which are used "
        "to keep relatives of activists at home.\n\nSincerely,\n\nJo Bell\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == ["oppose the use of “travel bans"]


def test_a_writer_in_the_last_clause_of_a_long_sentence() -> None:
    letter = extract(
        "Special Rapporteur Marta Quill began her term in March.\n\nHer first move was a request for access, "
        "and a week after starting, Quill wrote a letter to the Republic of Elsewhere requesting a visit.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["Marta Quill"]


def test_an_addressee_ends_at_a_colon() -> None:
    letter = extract(
        "Please join us by sending a letter to President Lena Park:  In support of the families who marched "
        "last spring, the day of action is set for Friday.\n",
        meta={"type": "other"},
    ).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.recipients] == [("Lena Park", "President")]


def test_a_petition_told_of_by_who_started_it() -> None:
    letter = extract(
        "Dana Cole's cousin was detained at the border last spring.\n\nDana fears the worst, so she started a "
        "petition on Petitions.example calling on leaders including Foreign Minister Ivo Marsh and the UN's "
        "Hugo Stein to halt the transfer of her cousin.\n",
        meta={"type": "other"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["Dana Cole"]
    assert [p.name for p in letter.recipients] == ["Ivo Marsh", "Hugo Stein"]
    assert [a.text for a in letter.asks] == ["halt the transfer of her cousin"]


def test_petitions_told_of_only_by_their_call() -> None:
    letter = extract(
        "Rallies are planned for Saturday.\n\nIn nine cities, students are handing petitions at 10:30 to the "
        "consulates calling upon them to stop the expulsion of the twelve miners.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None and letter.reported
    assert [a.text for a in letter.asks] == ["stop the expulsion of the twelve miners"]
    assert letter.senders == [] and letter.recipients == []


def test_a_letter_told_of_by_its_quoted_words_and_then_its_writer() -> None:
    letter = extract(
        "Miners Rally in Port Vale\n\n“We say to the board that ‘if you want our votes next year, stop ignoring "
        "the miners held abroad,’” wrote union chair Rev. Hugo M. Stein, in a letter.\n\n“Bring them home "
        "and pay their lawyers,” he demanded.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["Hugo M. Stein"]
    assert [a.text for a in letter.asks] == [
        "stop ignoring the miners held abroad",
        "Bring them home and pay their lawyers",
    ]


def test_a_petition_requesting_that_a_body_look_into_it_names_no_one() -> None:
    letter = extract(
        "The family filed a petition requesting that the UN review panel examine whether the arrest was lawful.\n",
        meta={"type": "news"},
    ).letter
    assert letter is None or letter.asks == []
