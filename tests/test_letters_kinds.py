"""Kinds of phrasing in letters and in stories of letters that no one tuned extraction for (texts of
our own making, one kind each)."""

from __future__ import annotations

from refwatch.extract import extract
from refwatch.extract.model import Letter


def _letter(text: str, kind: str = "letter") -> Letter:
    letter = extract(text, meta={"type": kind}).letter
    assert letter is not None
    return letter


def _asks(letter: Letter) -> list[str]:
    return [a.text for a in letter.asks]


def test_an_ask_after_that_and_the_addressee_takes_any_verb() -> None:
    letter = _letter(
        "Dear Minister Osei,\n\nWe ask that you discuss the fate of the eleven detainees with your counterpart. "
        "We recommend that consideration be given to the matter.\n\nSincerely,\n\nMara Quist\n"
    )
    assert _asks(letter) == ["discuss the fate of the eleven detainees with your counterpart"]


def test_the_writers_second_verb_and_a_courtesy_formula_bring_asks_but_a_thought_does_not() -> None:
    letter = _letter(
        "Dear Governor Lindqvist,\n\nWe commend your office's work and urge you to visit the camp at Varna. "
        "We ask you to imagine the fear of a child held there. I would be most grateful if your Government "
        "could grant the nine families asylum. We hope that you will agree with our view.\n\n"
        "Yours sincerely,\n\nMara Quist\n"
    )
    assert _asks(letter) == ["visit the camp at Varna", "grant the nine families asylum"]
    assert [a.extractor for a in letter.asks] == ["asks.request", "asks.courtesy"]


def test_a_request_verb_is_a_whole_word() -> None:
    letter = _letter(
        "Dear Ambassador Ferro,\n\nWe urgently request that during your visit next month you raise their case.\n\n"
        "Sincerely,\n\nMara Quist\n"
    )
    assert not any(a.text.startswith("request") for a in letter.asks)


def test_the_subject_line_and_the_page_above_a_letter_state_its_asks_once() -> None:
    letter = _letter(
        "Sign our petition calling on President Amara Diallo to free the students of Kindia.\n\n"
        "June 4, 2024\n\nPresident Amara Diallo\n\n"
        "Re: Student Relief Network calls on Guinea to halt the expulsion of the Kindia students\n\n"
        "Dear President Diallo,\n\nWe write about the students held in Kindia since May.\n\n"
        "Sincerely,\n\nMara Quist\n"
    )
    assert _asks(letter) == [
        "halt the expulsion of the Kindia students",
        "free the students of Kindia",
    ]
    assert [a.extractor for a in letter.asks] == ["letters.subject_line_ask", "letters.told_call"]


def test_addressees_of_a_petition_listed_by_office_under_a_label() -> None:
    letter = _letter(
        "COMMUNICATION TO:\nCOMMITTEE AGAINST DETENTION\nChairperson: Mr. Tomas Varga (Hungary)\n"
        "Rapporteur on Follow-Up: Dr. Ines Moura (Portugal)\nMs. Adaeze Obi (Nigeria)\n"
        "Submitted pursuant to:\nthe rules of procedure of the Committee\n\n"
        "We submit that the four fishermen were held without charge.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Tomas Varga", "Chairperson"),
        ("Ines Moura", "Rapporteur on Follow-Up"),
        ("Adaeze Obi", None),
    ]


def test_an_honorific_block_with_no_salutation_and_a_heading_addressee() -> None:
    letter = _letter(
        "Appeal to the Commissioner\n\nHon. Greta Holm\nCommissioner for Refugees\n\nAppeal for Protection\n\n"
        "The two brothers were arrested at the border in March.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Greta Holm", "Commissioner for Refugees")]
    letter = _letter(
        "Open Letter to Kenya's Ruto\nOpen Letter to President William Ruto, Republic of Kenya\n"
        "Your Excellency,\nWe urge you to halt the removals.\n"
    )
    assert [p.name for p in letter.recipients] == ["William Ruto"]


def test_a_release_on_petitions_names_the_addressee_and_the_asks() -> None:
    letter = _letter(
        "Petitions calling for President Amara Diallo to end the expulsions that have led to the deaths of "
        "dozens were delivered to the embassy on Friday.\n\nThe signers ask President Diallo to open the "
        "camps to the aid agency.\n",
        kind="news",
    )
    assert letter.reported
    assert [(p.name, p.title) for p in letter.recipients] == [("Amara Diallo", "President")]
    assert _asks(letter) == ["end the expulsions", "open the camps to the aid agency"]


def test_a_release_that_quotes_the_letter_whole_and_names_a_lead_and_co_signers() -> None:
    letter = _letter(
        "House Budget Chairman Carl Ngata (R-OH) asked Secretary of State Omar Hale to receive the nine "
        "families in a letter also signed by Ranking Democrat Ada Byrne (D-WA). The letter follows:\n\n"
        "May 2, 2024\n\nThe Honorable Omar Hale\nSecretary of State\n\nDear Secretary Hale:\n\n"
        "We write about the nine families.\n",
        kind="statement",
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Carl Ngata", "House Budget Chairman (R-OH)"),
        ("Ada Byrne", "Ranking Democrat (D-WA)"),
    ]
    assert [p.name for p in letter.recipients] == ["Omar Hale"]
    assert _asks(letter) == ["receive the nine families"]


def test_a_told_ask_beside_a_quoted_one_unless_it_paraphrases_it() -> None:
    letter = _letter(
        "Activist Mara Quist has written to MPs urging them to table a question in Parliament.\n"
        '"I urge you to press the Government to open talks with the authorities on the detainees," she said.\n',
        kind="news",
    )
    assert _asks(letter) == [
        "press the Government to open talks with the authorities on the detainees",
        "table a question in Parliament",
    ]
    letter = _letter(
        "Activist Mara Quist has written to MPs urging them to push the Government to begin talks with the "
        "authorities on the detainees.\n"
        '"I urge you to press the Government to open talks with the authorities on the detainees," she said.\n',
        kind="news",
    )
    assert len(letter.asks) == 1


def test_titles_after_names_run_past_initials_and_inner_commas() -> None:
    letter = _letter(
        "The office released a letter signed by Ana Ruiz, the U.N. special rapporteur on housing, and "
        "Olu Bello, the special rapporteur on cruel, inhuman or degrading treatment, that was sent in May.\n",
        kind="news",
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ana Ruiz", "U.N. special rapporteur on housing"),
        ("Olu Bello", "special rapporteur on cruel, inhuman or degrading treatment"),
    ]


def test_members_of_the_european_parliament_named_with_group_and_country() -> None:
    letter = _letter(
        "Anna Berg MEP (Greens/EFA, Sweden) and Piet Vos MEP (EPP, Netherlands) wrote to the High "
        "Representative urging him to raise the returns in Beijing.\n",
        kind="news",
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Anna Berg", "MEP (Greens/EFA, Sweden)"),
        ("Piet Vos", "MEP (EPP, Netherlands)"),
    ]
    assert _asks(letter) == ["raise the returns in Beijing"]


def test_a_from_line_in_the_head_names_the_writer_with_what_they_say_they_are() -> None:
    letter = _letter(
        "Open Letter to the President of Ruritania\nJune 29, 2014\n\n"
        "From Jo Bell, 2nd-Generation “Survivor” (victim of the 1945 bombing, Nagasaki)\n\n"
        "A personal appeal from one private citizen.\n\nWe ask you to end the transfers.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Jo Bell", "2nd-Generation “Survivor” (victim of the 1945 bombing, Nagasaki)")
    ]
