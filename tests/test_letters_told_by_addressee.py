"""Letters told of by whom they went to, by writers quoted in them, petitions in their own page's
words, and how their asks are split and merged (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract
from refwatch.extract.model import Letter


def _letter(text: str, doc_type: str = "news") -> Letter:
    letter = extract(text, meta={"type": doc_type}).letter
    assert letter is not None
    return letter


def _asks(letter: Letter) -> list[str]:
    return [a.text for a in letter.asks]


def test_an_addressee_named_then_given_an_office_and_urging_a_state_not_to() -> None:
    letter = _letter(
        "The Harbour Refugee Forum on Tuesday handed a letter to Cy Dunn, the Ruritanian consul in Porto, "
        "urging Ruritania not to deport the nine fishermen.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Cy Dunn", "Ruritanian consul in Porto")]
    assert letter.recipients[0].extractor == "reported.apposed_office"
    assert _asks(letter) == ["not to deport the nine fishermen"]


def test_an_office_then_the_name_in_a_passive_letter_with_no_writer_named() -> None:
    letter = _letter(
        "Just after noon, a letter of protest was delivered to the Ruritanian consul in Porto, Ms Eva Lind, "
        "voicing the alarm of the town's churches.\n"
    )
    assert letter.reported
    assert [(p.name, p.title) for p in letter.recipients] == [("Eva Lind", "Ruritanian consul in Porto")]
    assert letter.senders == []


def test_a_letter_to_an_office_alone_is_not_told_of_without_writers() -> None:
    # No person named as addressee and no writer: nothing says which letter this is.
    assert extract("A letter was delivered to the consulate in Porto on Tuesday.\n").letter is None


def test_an_organisation_urging_no_one_named_asks_nothing_of_a_letter() -> None:
    letter = _letter(
        "Open Hands urges to pray for the fishermen held in Ruritania.\n\nSupporters are encouraged to fax a "
        "letter to Cy Dunn, Ruritanian Consul in Porto to protest the detentions.\n"
    )
    assert [p.name for p in letter.recipients] == ["Cy Dunn"]
    assert _asks(letter) == []


def test_a_writer_said_in_the_letter_and_what_the_writer_says_must_be_done() -> None:
    letter = _letter(
        "The Harbour Refugee Forum sent a letter to Consul Cy Dunn on Monday. \u201cThe nine are in danger,\u201d "
        "said Ida Moe, chair of the Harbour Refugee Forum in the letter. \u201cThe consulate must let the nine "
        "fishermen go to a safe country, and give them lawyers,\u201d Moe said. \u201cWe must not stay silent,\u201d "
        "Moe added.\n"
    )
    assert [(p.name, p.title, p.extractor) for p in letter.senders if not p.organisation] == [
        ("Ida Moe", "chair of the Harbour Refugee Forum", "reported.said_in_letter")
    ]
    # One quoted sentence is one ask; the writers' own "we must" asks no one.
    assert _asks(letter) == ["let the nine fishermen go to a safe country, and give them lawyers"]


def test_someone_else_quoted_is_not_the_letters_writer() -> None:
    letter = _letter(
        "The Harbour Refugee Forum sent a letter to Consul Cy Dunn on Monday, urging him to free the nine "
        "fishermen. \u201cRuritania must respect the law,\u201d said Pia Holm, a lawyer who was not involved.\n"
    )
    assert _asks(letter) == ["free the nine fishermen"]


def test_a_request_of_a_release_and_of_assurances_is_two_asks() -> None:
    letter = _letter(
        "Dear Consul Dunn,\n\nI earnestly request the release of the nine fishermen and assurances that their "
        "captain will not be deported.\n\nYours sincerely,\n\nIda Moe\n",
        doc_type="letter",
    )
    assert _asks(letter) == [
        "release of the nine fishermen",
        "assurances that their captain will not be deported",
    ]


def test_a_petition_page_its_to_line_and_its_imperative() -> None:
    letter = _letter(
        "To: Harbour Minister Ola Berg\n\nKeep the shelter open\n\nUrge Harbour Minister Ola Berg to keep the "
        "winter shelter open for refugees.\n\nWhy is this important?\n\nMany would sleep outside.\n"
    )
    assert not letter.reported
    assert [(p.name, p.title) for p in letter.recipients] == [("Ola Berg", "Harbour Minister")]
    assert _asks(letter) == ["keep the winter shelter open for refugees"]
    assert letter.asks[0].extractor == "reported.petition_imperative"


def test_a_petition_to_a_state_names_no_person() -> None:
    letter = _letter(
        "Nearly 9,000 people have signed a petition asking Ruritania to free the nine fishermen held in Porto.\n"
    )
    assert letter.recipients == []
    assert _asks(letter) == ["free the nine fishermen held in Porto"]


def test_infinitives_listed_after_commas_are_an_ask_each_and_a_restatement_is_not_another() -> None:
    letter = _letter(
        "Dear Consul Dunn,\n\nWe call on your government to respect the law. Specifically, we call on it to "
        "free the nine fishermen, to let their families visit them, and to close the camp at Tarn. In other "
        "words, we ask you to release the nine fishermen held now.\n\nYours sincerely,\n\nIda Moe\n",
        doc_type="letter",
    )
    assert _asks(letter) == [
        "free the nine fishermen",
        "let their families visit them",
        "close the camp at Tarn",
    ]


def test_a_letter_sent_to_him_is_to_the_person_named_before() -> None:
    letter = _letter(
        "Harbour Minister Ola Berg of Ruritania is in Porto this week.\nThe forum marks Minister Berg's visit by "
        "publishing the text of a letter it sent to him in May.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ola Berg"]


def test_demanded_in_a_joint_letter_and_concern_told_then_a_letter() -> None:
    letter = _letter(
        "Forty groups have demanded Ruritania free the nine fishermen in a joint letter to Ola Berg, the "
        "Harbour Minister, on Monday.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ola Berg"]
    assert _asks(letter) == ["free the nine fishermen"]
    letter = _letter(
        "Forty groups expressed their concerns to Harbour Minister Ola Berg about the fishermen. These groups "
        "call upon Ruritania to free the nine fishermen.\n\nThe letter was made public on Monday.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ola Berg"]
    assert _asks(letter) == ["free the nine fishermen"]
    # Concern with no letter told of is no letter.
    assert extract("Forty groups expressed their concerns to Harbour Minister Ola Berg.\n").letter is None


def test_they_read_letters_written_by_the_people_named_before() -> None:
    letter = _letter(
        "At noon, singer Ida Moe and other singers held a concert. They sang and read letters appealing to the "
        "\u201cpeople of Ruritania\u201d to free the nine fishermen.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Ida Moe", "singer")]
    assert _asks(letter) == ["free the nine fishermen"]


def test_a_letter_named_by_its_addressee_alone() -> None:
    for text in (
        "The appeal, a letter to Harbour Minister Ola Berg, urged Ruritania not to deport the nine fishermen.\n",
        "A letter to Harbour Minister Ola Berg from forty groups urged Ruritania to free the nine fishermen.\n",
        "Forty groups have written a letter to Harbour Minister Ola Berg urging Ruritania to free the fishermen.\n",
    ):
        letter = _letter(text)
        assert [(p.name, p.title) for p in letter.recipients] == [("Ola Berg", "Harbour Minister")], text
    # A letter to a newspaper names no person it was written to.
    assert extract("Her letter to The Harbour Times was printed on Monday.\n").letter is None
