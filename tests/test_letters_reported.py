"""Letters told of in news and releases, and British addressees (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract
from refwatch.extract.people import clean_name, is_name, split_title_name


def _reported(text: str, doc_type: str = "news"):
    letter = extract(text, meta={"type": doc_type}).letter
    assert letter is not None and letter.reported
    return letter


def test_british_honorifics_and_postnominals_are_not_the_name() -> None:
    assert is_name("The Rt Hon Maria Stone MP")
    assert clean_name("The Rt Hon Maria Stone MP") == "Maria Stone"
    assert split_title_name("Rt. Hon. Owen Grey QC") == ("Owen Grey", None)
    letter = extract(
        "3 March 2022\n\nThe Rt Hon Maria Stone MP\nSecretary of State for Home Affairs\n1 Side Street\n"
        "London\n\nDear Home Secretary,\n\nWe urge you to grant the families asylum.\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Maria Stone", "Secretary of State for Home Affairs")
    ]


def test_a_clergy_honorific_is_not_the_name() -> None:
    assert clean_name("Imam Omar Hale") == "Omar Hale"
    assert clean_name("Rabbi Ana Ruiz") == "Ana Ruiz"
    assert split_title_name("Rev. Jo Bell") == ("Jo Bell", None)


def test_people_named_with_an_appositive_as_the_subject() -> None:
    letter = _reported(
        "Ann Lee and Bo Park, the co-chairs of the Harbour Refugee Forum, disclosed the letter they sent to the "
        "home secretary Cy Dunn on behalf of the forum's members.\n"
    )
    assert [p.name for p in letter.senders] == ["Ann Lee", "Bo Park"]
    assert [(p.name, p.title) for p in letter.recipients] == [("Cy Dunn", "home secretary")]
    letter = _reported(
        "Dee Moss, secretary of the Riverside Support Group, has written to councillors urging them to "
        "reopen the shelter before winter.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Dee Moss", "secretary of the Riverside Support Group")
    ]
    assert letter.recipients == []
    assert [a.text for a in letter.asks] == ["reopen the shelter before winter"]


def test_a_letter_told_of_by_its_joint_signers_and_where_it_was_sent() -> None:
    letter = _reported(
        "Campaigners have asked the minister to act. She makes the appeal in a letter signed jointly by Kay Ford, "
        "and Lee Grant, vice chair of the Coastal Rights Trust. The letter has been sent to Max Hill following "
        "the arrests last week. Together, they plead with Hill to release the fishermen.\n"
    )
    assert [p.name for p in letter.senders] == ["Kay Ford", "Lee Grant"]
    assert [p.name for p in letter.recipients] == ["Max Hill"]
    assert [a.text for a in letter.asks] == ["release the fishermen"]


def test_a_writer_named_among_others_by_title_and_name_or_as_an_organisation() -> None:
    letter = _reported(
        "Five rights experts, including the Independent Expert on Detention, Nora Vick, sent a letter in June "
        "demanding information on the detained families.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Nora Vick", "Independent Expert on Detention")]
    assert [a.text for a in letter.asks] == ["information on the detained families"]
    letter = _reported(
        "Relatives of the detainees and rights groups, including the Harbour Refugee Network (HRN), sent an open "
        "letter to President Lin Wei on Friday.\n"
    )
    assert [p.name for p in letter.senders] == ["Harbour Refugee Network"]


def test_a_writer_who_says_he_sent_the_letter_is_named_in_full_from_before() -> None:
    letter = _reported(
        "The independent expert on the region, Pablo Ruiz Ortega, urged the authorities to free the group.\n"
        "Speaking to reporters, Ortega said that he sent a letter to the capital last week.\n"
    )
    assert [p.name for p in letter.senders] == ["Pablo Ruiz Ortega"]
    assert letter.recipients == []


def test_requests_with_an_appositive_an_appeal_and_an_imperative() -> None:
    letter = extract(
        "May 5, 2024\n\nPresident Omar Hale\n\nDear President Hale,\n\n"
        "We urge your government, as a founding member of the council, to become a sponsor of the draft.\n"
        "I appeal to you that Ruritania honour its treaty obligations.\n"
        "I appeal to you to allow the families to leave by sea.\n"
        "Please stand with the detained families.\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == [
        "become a sponsor of the draft",
        "honour its treaty obligations",
        "allow the families to leave by sea",
        "stand with the detained families",
    ]


def test_what_the_letter_calls_for_and_a_quoted_reason_after_as() -> None:
    letter = _reported(
        "Sen. Ann Lee and Rep. Bo Park sent a letter to Secretary of State Omar Hale on Monday.\n"
        "The letter called for an independent review of the camps; and for a pause on removals until the review "
        "ends. The members urge Hale to act quickly as “winter is coming” to the region.\n"
    )
    assert [a.text for a in letter.asks] == [
        "an independent review of the camps",
        "a pause on removals until the review ends",
        "act quickly",
    ]


def test_writers_listed_above_the_date_of_a_letter_signed_by_none() -> None:
    head = "Below is the letter the groups handed in.\n\n"
    body = (
        "\n\nMs. Ana Lopez\nHigh Commissioner\n\nDear High Commissioner:\n\nWe urge you to visit the camps.\n"
    )
    listed = "• Friends of the Valley (FOV)\n• Harbour Refugee Network\n• Ivo Marek\n\nJune 3, 2019"
    letter = extract(head + listed + body, meta={"type": "letter"}).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == [
        "Friends of the Valley",
        "Harbour Refugee Network",
        "Ivo Marek",
    ]
    letterhead = "Harbour Refugee Network\n12 Quay Street\n\nJune 3, 2019"
    letter = extract(head + letterhead + body, meta={"type": "letter"}).letter
    assert letter is not None and letter.senders == []


def test_quoted_pleas_of_the_letter_and_what_its_writers_urged() -> None:
    letter = _reported(
        "Two families and the Harbour Refugee Network (HRN) sent an open letter to President Lin Wei on the 4th.\n"
        "In the letter, they wrote, “Please press the border police to release the fishermen,” the network said.\n"
        "Ann Lee and Bo Park, the co-chairs of the River Caucus, sent a letter to the mayor on Friday.\n"
    )
    assert [a.text for a in letter.asks] == ["press the border police to release the fishermen"]
    letter = _reported(
        "Ann Lee and Bo Park, the co-chairs of the River Caucus, sent a letter to Mayor Cy Dunn on Friday.\n"
        "In the letter, which was made public on Monday, the co-chairs said the shelter had been closed for a year "
        "and that the families who had lived there were still waiting for news of a new place to stay.\n"
        "The co-chairs urged Ruritania to reopen the crossing and fulfil its promises.\n"
    )
    assert [a.text for a in letter.asks] == ["reopen the crossing", "fulfil its promises"]


def test_a_plea_quoted_in_a_story_without_a_letter_is_no_ask() -> None:
    letter = _reported(
        "Ann Lee and Bo Park, the co-chairs of the River Caucus, sent a letter to Mayor Cy Dunn on Friday.\n"
        "The families met reporters the next day, and many of them spoke about the long wait at the border for "
        "weeks on end without any word from the officials who had promised to help them get across safely.\n"
        "“Please help my brother,” one woman said.\n"
    )
    assert letter.asks == []


def test_a_letter_made_public_by_one_body_and_written_by_another() -> None:
    letter = _reported(
        "The Harbour Council disclosed a letter that the U.N. Working Group on Detention and two independent "
        "experts sent to the ministry in May.\n"
        "The letter described the arrest of four fishermen.\n"
        "The experts also made an appeal for Ruritania to release the fishermen.\n"
        "The three asked Ruritania to explain the charges.\n"
    )
    assert [p.name for p in letter.senders] == ["U.N. Working Group on Detention"]
    assert letter.recipients == []
    assert [a.text for a in letter.asks] == ["release the fishermen", "explain the charges"]


def test_an_organisation_known_by_its_acronym_and_a_letter_sent_by_we() -> None:
    letter = _reported(
        "Coastal Hope Partnership (CHP) has today written to Ruritania’s President Lin Wei to request that the "
        "fishermen are allowed to go home.\n",
        doc_type="statement",
    )
    assert [p.name for p in letter.senders] == ["Coastal Hope Partnership"]
    assert [(p.name, p.title) for p in letter.recipients] == [("Lin Wei", "Ruritania’s President")]
    letter = _reported(
        "On May 2, we sent a letter via registered mail to Ruritania's President Lin Wei, asking him to release "
        "the fishermen.\n",
        doc_type="statement",
    )
    assert letter.senders == []
    assert [p.name for p in letter.recipients] == ["Lin Wei"]
    assert [a.text for a in letter.asks] == ["release the fishermen"]
    # A place before an acronym that is not its own is no writer.
    letter = _reported(
        "5/2/19 Ruritania (HRN) – The Harbour Refugee Network (HRN) delivered a letter today to President Lin Wei "
        "urging him to free the fishermen.\n"
    )
    assert [p.name for p in letter.senders] == ["Harbour Refugee Network"]


def test_a_letter_told_of_by_whom_it_appeals_to() -> None:
    letter = _reported(
        "A letter appealing to President Lin Wei to free the fishermen was hand-delivered to the embassy on May 2.\n"
        "The Harbour Refugee Network joined the letter.\n"
    )
    assert [p.name for p in letter.senders] == ["Harbour Refugee Network"]
    assert [(p.name, p.title) for p in letter.recipients] == [("Lin Wei", "President")]
    assert [a.text for a in letter.asks] == ["free the fishermen"]
    # Appealing to no one named, it is still a letter told of by its request, found by the last resort,
    # its addressee left unnamed.
    text = "A letter appealing to the embassy to free the fishermen was delivered on May 2.\n"
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is not None and letter.recipients == []
    assert [(a.text, a.extractor) for a in letter.asks] == [("free the fishermen", "reported.told_request")]


def test_written_to_an_end_is_no_letter() -> None:
    text = "The Harbour Refugee Network has written to great effect about the camps.\n"
    assert extract(text, meta={"type": "news"}).letter is None


def test_a_told_ask_keeps_its_negation_and_the_writer_urging_is_the_letters() -> None:
    letter = _reported(
        "Sen. Ann Lee sent a letter to President Lin Wei on Monday.\nThe letter urges Lin not to return the fishermen.\n"
    )
    assert [a.text for a in letter.asks] == ["not to return the fishermen"]
    letter = _reported(
        "The independent expert on the region, Pablo Ruiz Ortega, is urging Ruritania not to send back four "
        "fishermen.\nOrtega said he sent a letter to the capital a week ago.\n"
    )
    assert [p.name for p in letter.senders] == ["Pablo Ruiz Ortega"]
    assert [a.text for a in letter.asks] == ["not to send back four fishermen"]


def test_an_urging_after_the_addressee_keeps_its_negation() -> None:
    letter = _reported(
        "Sen. Ann Lee sent a letter to President Lin Wei urging him not to return the fishermen.\n"
    )
    assert [a.text for a in letter.asks] == ["not to return the fishermen"]


def test_titles_of_signers_on_a_signed_by_list() -> None:
    letter = _reported(
        "The Bridge Foundation released a letter today. The letter was signed by Dr. Rosa Lind (a former envoy), "
        "together with Bridge co-chairs Tom Baird (a retired judge) and Una Vale (a writer), and Ivo Marek, "
        "Bridge executive director. The letter calls upon Beijing to end the returns.\n",
        doc_type="statement",
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Rosa Lind", "a former envoy"),
        ("Tom Baird", "Bridge co-chair"),
        ("Una Vale", "Bridge co-chair"),
        ("Ivo Marek", "Bridge executive director"),
    ]


def test_who_writes_the_letters_words_is_one_of_its_writers() -> None:
    letter = _reported(
        "Harbour Refugee Network (HRN) has today written to Ruritania’s President Lin Wei to request that the "
        "fishermen are freed.\nHRN’s Chief Executive Nora Vick writes: “There is no reason to hold them.”\n",
        doc_type="statement",
    )
    assert [p.name for p in letter.senders] == ["Harbour Refugee Network", "Nora Vick"]


def test_a_short_name_takes_the_full_name_the_text_gives():
    from refwatch.extract.people import full_name

    text = (
        "And Timothy Cho, who escaped as a teenager, wrote to MPs. Mr Cho said Rep. Young Kim agreed; "
        "Kim and Lord Alton spoke. Mr Park, Sun Park and Min Park met."
    )
    assert full_name(text, "Mr Cho") == "Timothy Cho"
    assert full_name(text, "Kim") == "Young Kim"
    assert full_name(text, "Alton") == "Alton"  # a peer is named by title, never expanded
    assert full_name(text, "Mr Park") == "Mr Park"  # two people could be meant: left as it is
    assert full_name(text, "Tim Kaine") == "Tim Kaine"


def test_a_surname_is_completed_the_same_way_for_a_salutation_a_story_and_a_party() -> None:
    from refwatch.extract.people import full_name, namings

    # A title before the given names is left out of the name, not a reason to give up on it.
    assert full_name("Senator Tim Kaine wrote. Kaine said so.", "Kaine") == "Tim Kaine"
    [named, alone] = namings("Speaker Nancy Pelosi spoke. Pelosi left.", "Pelosi")
    assert (named.name, named.start, named.family_first) == ("Nancy Pelosi", 8, False)
    assert (alone.name, alone.start) == (None, 28)
    # Family name first: on an address line of its own, and ending a sentence.
    assert full_name("President Yoon Suk-yeol\n\nDear President Yoon,", "Yoon") == "Yoon Suk-yeol"
    assert full_name("He fled after the death of Kim Jong Il.\n", "Kim") == "Kim Jong Il"
    # A headline's capitalised words are no given names.
    assert full_name("Wei Asked to Free Jailed Fishermen\n\nPresident Wei agreed.", "Wei") == "Wei"
    # A salutation may capitalise the particles that the address writes small.
    text = "Ms. Ursula von der Leyen\nPresident of the Commission\n\nDear President Von der Leyen,"
    assert full_name(text, "Von der Leyen") == "Ursula von der Leyen"
    # Only the text before `before` is read: the salutation is completed from what stands above it.
    text = "Dear Ms Lee,\n\nWe write. Anna Lee signed."
    assert full_name(text, "Ms Lee", text.index("We")) == "Ms Lee"
    assert full_name(text, "Ms Lee") == "Anna Lee"


def test_a_quotation_said_in_a_letter_names_its_writer_and_addressee():
    from refwatch.extract import extract

    text = (
        "Rights group writes to the president\n\n"
        "“We urge you to raise the case of the nine detainees with Beijing,” Mina Okoro, director of the "
        "Refugee Aid Network, said in an open letter to President Dana Whitfield.\n"
    )
    letter = extract(text, doc_date="2024-03-01").letter
    assert letter is not None and letter.reported
    assert [p.name for p in letter.senders] == ["Mina Okoro"]
    assert [p.name for p in letter.recipients] == ["Dana Whitfield"]
    assert [a.text for a in letter.asks] == ["raise the case of the nine detainees with Beijing"]


def test_people_listed_between_semicolons_each_with_a_title_sent_the_letter():
    from refwatch.extract import extract

    text = (
        "UN experts warned Ruritania\n\n"
        "According to the UN office on the 23rd, Ana Ruiz, Special Rapporteur on torture; Li Wen, Special "
        "Rapporteur on trafficking in persons, especially women and children; and Tomas Gr\ufffdber, Chair of the "
        "Working Group on detention, sent an allegation letter to the Chinese government on March 22.\n"
    )
    letter = extract(text, doc_date="2024-05-23").letter
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ana Ruiz", "Special Rapporteur on torture"),
        ("Li Wen", "Special Rapporteur on trafficking in persons, especially women and children"),
        ("Tomas Gr\ufffdber", "Chair of the Working Group on detention"),
    ]


def test_the_appeal_comes_from_a_named_writer():
    from refwatch.extract import extract

    text = (
        "Escapee pleads with Foreign Secretary\n\nThe group sent a letter to Foreign Secretary Omar Hale urging "
        "him to act for the nine detainees. The appeal comes from Mina Okoro, an escapee who now lives in London.\n"
    )
    letter = extract(text, doc_date="2024-03-01").letter
    assert ("Mina Okoro", "an escapee who now lives in London") in [(p.name, p.title) for p in letter.senders]


def test_a_request_beside_the_letter_that_carries_it_is_its_ask() -> None:
    # The last resort of stories about letters: the request is told in the sentence before the one
    # that names the letter; the addressee is named by title and surname only, and the headline's
    # capitalised words ("Wei Asked") are no fuller name.
    letter = _reported(
        "Wei Asked to Free Jailed Fishermen\n\nA rights group requested on Monday that President Wei free the "
        "fishermen.\n\nThe request was made in a letter signed by four groups.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Wei", "President")]
    assert [(a.text, a.extractor) for a in letter.asks] == [("free the fishermen", "reported.told_request")]
    # Three sentences away from any letter, a request is no letter's.
    far = extract(
        "A rights group requested on Monday that President Wei free the fishermen.\n\nThe boats were seized in May."
        "\n\nTheir families waited at the port.\n\nA letter of thanks was read at the church.\n",
        meta={"type": "news"},
    ).letter
    assert far is None


def test_a_letter_from_its_writers_to_its_addressee_and_the_pressure_it_puts() -> None:
    letter = _reported(
        "Help the fishermen!\n\nA letter will be circulated to the members of the Council. The letter is from "
        "our councillors to Lin Wei, the President of Ruritania.\n\nThe letter puts great pressure on the "
        "Ruritanian government to stop deporting the fishermen.\n\nPlease sign an alert that urges your "
        "councillor to sign the letter.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Lin Wei", "President of Ruritania")]
    # What the letter asks, not the page's call to sign it.
    assert [a.text for a in letter.asks] == ["stop deporting the fishermen"]


def test_a_letter_a_page_carries_below_its_own_words() -> None:
    letter = extract(
        "Fisherman Expelled\n\nJo Bell has an open letter to the Minister of Immigration.\n\nDear Ms. Ruiz\n"
        "I call upon you to personally intervene in the matter of Omar Hale.\nIt strikes me as inhumane.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.recipients] == ["Ruiz"]
    assert [a.text for a in letter.asks] == ["personally intervene in the matter of Omar Hale"]
    # A page with no salutation carries no letter.
    assert (
        extract("Fisherman Expelled\n\nI call upon you to intervene.\n", meta={"type": "news"}).letter is None
    )


def test_what_a_letter_says_someone_should_do_told_between_commas() -> None:
    letter = _reported(
        "Members of the Council sent a letter to Minister Ana Ruiz on Tuesday. To address the arrests, the "
        "letter continues, the Ministry should “free the six students at once.”\n"
    )
    assert "free the six students at once" in [a.text.rstrip(".”") for a in letter.asks]


def test_a_writer_who_made_the_call_in_his_letters_sent_to_bodies() -> None:
    letter = _reported(
        "Ana Ruiz, chairperson of the Harbour Rights Commission, made the call in her letters sent Thursday to "
        "the refugee agency and the special rapporteur.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ana Ruiz", "chairperson of the Harbour Rights Commission")
    ]


def test_a_letter_told_of_by_where_it_will_be_handed_in() -> None:
    letter = _reported(
        "During the protest a Letter of Concern will be handed in at midday to the Ambassador, Mr Lin Wei, "
        "urging the Ruritanian government to free the six students.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Lin Wei", "Ambassador")]


def test_an_ask_by_participle_after_an_aside_and_a_demand_that_a_state_urge() -> None:
    letter = _reported(
        "Eight state senators have sent a letter to Governor Ana Ruiz, voicing alarm at the closing of the "
        "shelter, and urging the administration to fund a new one for refugee families.\n\n"
        "The letter also demanded that the State Department press Elbonia to free the detained families.\n"
    )
    assert [a.text for a in letter.asks] == [
        "fund a new one for refugee families",
        "press Elbonia to free the detained families",
    ]


def test_a_negated_second_action_is_a_second_ask_unless_it_spells_out_obligations() -> None:
    letter = _own_letter(
        "Dear Minister Dunn,\n\nWe urge the Elbonian authorities to review the case of Mr. Park, who fled "
        "persecution, and not allow him to be deported.\n"
        "We ask that Elbonia comply with its obligations under international law, to protect refugees "
        "and not to deport anyone to danger.\n"
    )
    assert [a.text for a in letter.asks] == [
        "review the case of Mr. Park, who fled persecution",
        "not allow him to be deported",
        "comply with its obligations under international law, to protect refugees and not to deport anyone to danger",
    ]


def _own_letter(text: str):
    letter = extract(text, meta={"type": "letter"}).letter
    assert letter is not None and not letter.reported
    return letter


def test_asks_listed_a_line_each_without_bullets() -> None:
    letter = _reported(
        "The letter – signed by 12 groups from five countries – calls on Ruiz to:\n"
        "Release the detained families;\n"
        "Allow the UN refugee agency to visit the border; and\n"
        "Stop the deportations.\n"
        "The groups met in Geneva last week.\n",
        "statement",
    )
    assert [a.text for a in letter.asks] == [
        "Release the detained families",
        "Allow the UN refugee agency to visit the border",
        "Stop the deportations",
    ]
    own = _own_letter(
        "Dear Minister Dunn,\n\nWe urge you to:\nRelease the detained families;\nStop the deportations.\n\n"
        "Sincerely,\nAmara Stone\n"
    )
    assert [a.text for a in own.asks] == ["Release the detained families", "Stop the deportations"]


def test_a_petition_told_of_by_what_it_seeks_and_requests() -> None:
    """ "petitioned X to A", and what the petition (then "It") seeks or requests as a thing. The
    nouns "calls for" and "petition" ask nothing."""
    letter = _reported(
        "A coalition said Monday it has petitioned Ruritanian authorities to protect two detained soldiers.\n\n"
        "The petition seeks official registration of the two prisoners, citing fears for their safety. "
        "It also requested guaranteed lawyer visits and urged immediate steps through the Red Cross.\n\n"
        "Activists' calls for the government to free them are likely to grow.\n"
    )
    assert [a.text for a in letter.asks] == [
        "protect two detained soldiers",
        "official registration of the two prisoners",
        "guaranteed lawyer visits",
        "immediate steps through the Red Cross",
    ]


def test_writers_after_an_opening_clause_and_by_an_office_of_any_kind() -> None:
    letter = _reported(
        "According to a release by a news agency, Chairperson Park Min-ho issued letters on Thursday to the "
        "UN refugee agency and the Special Rapporteur.\n\nPark urged cooperative measures to protect refugees.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Park Min-ho", "Chairperson")]
    letter = _reported(
        "Families met the envoy in Seoul on Monday.\n\nAt the meeting, Kim Ra-mi handed over a letter she had "
        "written to Special Rapporteur Ana Ruiz.\n"
    )
    assert [p.name for p in letter.senders] == ["Kim Ra-mi"]


def test_whom_a_letter_is_to_did_not_write_it() -> None:
    letter = _reported(
        "1/18/11 Elbonia (RC) – As the city prepares to welcome President Dana Whit this evening, the Refugee Coalition (RC) "
        "delivered letters today to the Embassy of Elbonia appealing to Whit to end the returns of refugees.\n"
    )
    assert "Dana Whit" not in [p.name for p in letter.senders]
    assert [p.name for p in letter.recipients] == ["Dana Whit"]


def test_what_the_writers_say_a_government_should_do_listed_after_a_colon() -> None:
    letter = _reported(
        "The lawmakers sent a letter to Minister Ana Ruiz on Monday.\n\n"
        "The co-chairs said the Ruritanian government should:\n\n"
        "- Immediately stop the deportation of refugees\n\n"
        "- Request a meeting of the council to discuss the camps\n"
    )
    assert [a.text for a in letter.asks] == [
        "Immediately stop the deportation of refugees",
        "Request a meeting of the council to discuss the camps",
    ]


def test_the_undersigned_named_by_several_words_ask() -> None:
    letter = _own_letter(
        "Dear Excellencies,\n\nWe, the undersigned civil society groups urge your government to support the "
        "resolution at the next session.\n"
    )
    assert [a.text for a in letter.asks] == ["support the resolution at the next session"]


def test_an_e_mail_sent_to_someone_is_a_letter() -> None:
    letter = _reported(
        "A defector-turned-journalist has sent an e-mail to U.S. President Dana Whit.\n\n"
        "In the e-mail, he described the arrests of refugees in Thailand.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Dana Whit", "U.S. President")]


def test_who_tells_of_an_ask_is_not_part_of_it() -> None:
    letter = _reported(
        "The parents of the workers have sent a letter to the United Nations asking the body to mediate their "
        "return, a state-run newspaper reported on Tuesday.\n"
    )
    assert [a.text for a in letter.asks] == ["mediate their return"]


def test_what_a_thing_asked_is_described_as_after_which_is_not_asked() -> None:
    letter = _reported(
        "The coalition sent a petition to President Tam Oyo asking him to end the forced return of refugees, "
        "which will be open for signing until May 1.\n"
    )
    assert [a.text for a in letter.asks] == ["end the forced return of refugees"]


def test_writers_after_an_opening_in_a_letter_to_urge_the_addressee_again_by_pronoun() -> None:
    letter = _reported(
        "In a joint letter sent to Foreign Secretary Dale Amis on Monday, twenty MPs urged him to raise the "
        "detention of the refugees during his visit.\n\n"
        "In a letter to Minister Lee Ora, they said, “The President urged the ministry to act at the Cabinet "
        "meeting.”\n"
    )
    assert [a.text for a in letter.asks] == ["raise the detention of the refugees during his visit"]


def test_the_way_a_letter_went_is_not_its_addressee() -> None:
    letter = _reported(
        "Their families sent a letter of appeal addressed to Chinese President Tam Oyo through the embassy in "
        "Seoul.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Tam Oyo", "Chinese President")]


def test_a_writer_named_elsewhere_as_the_letters_owner() -> None:
    letter = _reported(
        "A camp survivor has written an open letter to Dana Whit, asking her to raise the camps.\n\n"
        "Ryu Mi-sun's letter was published on Monday.\n"
    )
    assert [p.name for p in letter.senders] == ["Ryu Mi-sun"]


def test_a_petition_launched_to_the_president() -> None:
    letter = _reported(
        "Ana Ruiz has launched a petition to the President Dale Amis asking him to help free her father.\n"
    )
    assert [p.name for p in letter.recipients] == ["Dale Amis"]
    assert [a.text for a in letter.asks] == ["help free her father"]


def test_members_named_before_a_letter_that_they_wrote() -> None:
    letter = _reported(
        "WASHINGTON - Senator Ana Ruiz, Ranking Member of the Foreign Relations Committee, and Representative "
        "Omar Hale, Chairman of the Foreign Affairs Committee, today called for answers from the Administration.\n"
        'In a letter to Secretary of State Dale Amis, they wrote, "We are concerned."\n'
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Omar Hale"]
    assert [p.name for p in letter.recipients] == ["Dale Amis"]


def test_a_writer_of_an_organisation_to_an_addressee_with_a_rank() -> None:
    letter = _reported(
        "Long-time campaigner Jo Bell of the Freedom Coalition has sent a letter to Lao President Lt. Gen. "
        "Tam Oyo protesting the handing over of the nine youths.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Jo Bell", "Freedom Coalition")]
    assert [p.name for p in letter.recipients] == ["Tam Oyo"]


def test_an_ask_ends_where_the_story_says_what_showed_it_or_goes_on_about_it() -> None:
    letter = _reported(
        "A UN working group sent a letter to President Tam Oyo and urged her to take steps to address the issue, "
        "a document showed Wednesday.\n"
    )
    assert [a.text for a in letter.asks] == ["take steps to address the issue"]


def test_a_courtesy_in_the_imperative_is_no_ask() -> None:
    letter = _reported(
        "The Liberty Center sent a letter to Minister Dale Amis urging him to free the refugees and not to hesitate "
        "to contact the center.\n"
    )
    assert all("hesitate" not in a.text for a in letter.asks)


def test_where_signers_are_from_is_no_signer_and_a_letter_with_adjectives_to_an_addressee() -> None:
    letter = _reported(
        "A major bipartisan letter to Secretary of State Dale Amis regarding the refugees was sent today.\n\n"
        "The letter was signed by Ana Ruiz and Omar Hale of Wisconsin, Jo Bell of Rhode Island and Tam Oyo of "
        "Vermont.\n"
    )
    assert [p.name for p in letter.recipients] == ["Dale Amis"]
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Omar Hale", "Jo Bell", "Tam Oyo"]


def test_an_addressee_named_with_the_state_they_lead() -> None:
    letter = _reported(
        "Activists sent a petition to appeal to Tam Oyo of the Republic of Ruritania to stop the forced returns.\n"
    )
    assert [p.name for p in letter.recipients] == ["Tam Oyo"]


def test_the_writers_urge_after_an_opening_clause() -> None:
    letter = _reported(
        "Reps. Ana Ruiz and Omar Hale, Co-Chairs of the Rights Commission, wrote to President Tam Oyo on the "
        "talks. To further this objective, the Co-Chairs also urged the President to appoint a Special Envoy.\n"
    )
    assert [a.text for a in letter.asks] == ["appoint a Special Envoy"]


def test_the_party_and_state_the_press_puts_before_a_legislator_are_not_the_name() -> None:
    assert clean_name("Wisconsin Democrats Ana Ruiz") == "Ana Ruiz"
    assert clean_name("Minnesota Republican Omar Hale") == "Omar Hale"


def test_districts_written_with_state_abbreviations_and_members_joining_the_letter() -> None:
    letter = _reported(
        "U.S. Senators Ana Ruiz (D-Md.) and Omar Hale (R-Colo.) led a letter to Prime Minister Tam Oyo.\n\n"
        "Joining the letter are U.S. Senators Jo Bell (D-Ill.) and Dale Amis (D-N.J.).\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Omar Hale", "Jo Bell", "Dale Amis"]


def test_an_organisation_named_after_the_letter_it_sent_and_its_urging_after_it() -> None:
    letter = _reported(
        "The agency said on Friday that it had protested the deportation of nine asylum seekers.\n\n"
        "In a letter sent to the Mongolian government on Monday, the Refugee Aid Council protested the "
        "violation of the Convention.\n\n"
        "The council has met the ministry's officials twice this year.\n\n"
        "The Refugee Aid Council strongly urges Mongolia to refrain from further deportations of asylum seekers.\n"
    )
    assert [p.name for p in letter.senders if p.organisation] == ["Refugee Aid Council"]
    assert [a.text for a in letter.asks] == ["refrain from further deportations of asylum seekers"]


def test_what_an_organisation_urged_before_telling_of_its_letter_is_not_the_letters_ask() -> None:
    letter = _reported(
        "The Refugee Aid Council urged Mongolia's government to suspend all deportations. The Refugee Aid "
        "Council also wrote a letter to President Anna Berg, requesting her to free the nine asylum seekers.\n"
    )
    assert [a.text for a in letter.asks] == ["free the nine asylum seekers"]


def test_a_group_writing_to_an_office_and_surname_and_to_others_besides() -> None:
    letter = _reported(
        "On May 2, more than 40 scholars, religious leaders, and human rights advocates sent a letter to "
        "President Ruiz and key foreign policy officials urging him to raise the fate of the detainees.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Ruiz", "President")]
    letter = _reported(
        "The groups sent a letter to President Ruiz urging him to raise the fate of the detainees.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ruiz"]


def test_a_body_after_an_office_word_is_no_addressee() -> None:
    letter = _reported(
        "Last Thursday, the coalition delivered a letter to UN Member States and to Foreign Minister Anna Berg "
        "urging them to set up an inquiry.\n"
    )
    assert [p.name for p in letter.recipients] == ["Anna Berg"]


def test_signers_named_before_among_the_signatories_and_after_including() -> None:
    letter = _reported(
        "More than 50 scholars and advocates sent a letter to President Ruiz urging him to free the prisoners.\n"
        "Bishop Mark Olsen of Denver, chair of the religious liberty board, was among the letter's signatories, "
        "alongside a number of scholars, including Yale Professor Anne Cho and former Ambassador Paul Reed.\n"
        "Dana Webb, senior fellow at the Policy Institute; Omar Haddad, a founder of the Rights Forum, were also "
        "among the signatories.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Mark Olsen", "chair of the religious liberty board"),
        ("Anne Cho", "Yale Professor"),
        ("Paul Reed", "former Ambassador"),
        ("Dana Webb", "senior fellow at the Policy Institute"),
        ("Omar Haddad", "a founder of the Rights Forum"),
    ]


def test_a_groups_letter_to_a_state_told_by_what_it_calls_for_and_its_writers_urging_later() -> None:
    letter = _reported(
        "A group of former diplomats and aid workers have penned an open letter to Ruritania, calling on the "
        "country to halt the deportation of refugees awaiting visas. Ruritania has announced a crackdown. "
        "The former diplomats stress that the plan would create chaos. They urge Ruritania to work with the "
        "UN to resettle the refugees. The diplomats also call on Ruritania to open a resettlement centre.\n"
    )
    assert [a.text for a in letter.asks] == [
        "halt the deportation of refugees awaiting visas",
        "work with the UN to resettle the refugees",
        "open a resettlement centre",
    ]


def test_a_petition_told_by_its_verb_with_the_day_and_the_writers_urging_after() -> None:
    letter = _reported(
        "The families of the detained fishermen petitioned Prime Minister Anna Berg on Friday to seek the "
        "fishermen's release during her visit next month, calling the visit a last chance.\n\n"
        "Upon meeting Berg, the families urged the leader to raise the case with her host.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Anna Berg", "Prime Minister")]
    assert [a.text for a in letter.asks] == [
        "seek the fishermen's release during her visit next month",
        "raise the case with her host",
    ]


def test_after_a_letter_to_someone_to_protest_is_the_writers_purpose() -> None:
    letter = _reported(
        "Open Doors launched a campaign. Christians are encouraged to fax a letter to Li Wen, Chinese "
        "Ambassador to Ruritania to protest the deportations of refugees by the Chinese government.\n"
    )
    assert [a.text for a in letter.asks] == []


def test_members_counted_who_have_written_an_office_holder_named_after() -> None:
    letter = _reported(
        "WASHINGTON (AFP) - Seven US senators have written Thai Prime Minister Anan Srisai to protest the "
        "possible expulsion of refugees to Laos.\n\n"
        "'We encourage you not to take steps to return any individuals at this time,' the US lawmakers wrote "
        "Anan in a letter dated May 17.\n\n"
        "Democratic senators Ana Ruiz, Omar Haddad and their Republican colleagues Dana Webb and Li Wen "
        "denounced the lack of transparency.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Anan Srisai", "Thai Prime Minister")]
    assert [a.text for a in letter.asks] == ["not to take steps to return any individuals at this time"]
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Omar Haddad", "Dana Webb", "Li Wen"]


def test_a_writer_named_after_a_quotation_is_no_addressee() -> None:
    letter = extract(
        "WASHINGTON - The Commission on Religious Freedom yesterday urged President Ana Ruiz to raise "
        "religious freedom in the talks.\n\n"
        '"The United States should not abandon human rights," wrote Commission Chair Jo Bell.\n\n'
        "The complete text of the letter follows:\n\nDear Madam President:\n\nWe urge you to raise it.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert "Jo Bell" not in [p.name for p in letter.recipients]


def test_asks_told_as_that_clauses_and_as_a_list_under_asks_that_the_government() -> None:
    letter = _reported(
        "Three Members of Parliament wrote to Ruritania's government on May 9, 2011, asking that the rights of "
        "refugees in Ruritania be protected, and that it allow them to work. The letters were signed by "
        "Representatives Ana Ruiz and Omar Haddad.\n\n"
        "Specifically, the letter asks that the government of Ruritania:\n\n"
        "  • consent to a proposal to resettle certain refugees abroad;\n"
        "  • enact a law governing the protection of refugees.\n"
    )
    assert [a.text for a in letter.asks] == [
        "the rights of refugees in Ruritania be protected",
        "it allow them to work",
        "consent to a proposal to resettle certain refugees abroad",
        "enact a law governing the protection of refugees",
    ]


def test_members_with_a_bare_middle_initial_and_their_urging_in_the_story_after() -> None:
    letter = _reported(
        "US Congressmen James P Horgan and Christopher H. Stamp, Co-Chairs of the Rights Commission, released "
        "a letter to the Ambassador of the Federal Democratic Republic of Ruritania, urging the Ruritanian "
        "government to fully protect the human rights of refugees in Ruritania.\n\n"
        "Meanwhile, the Members of Congress urged Ruritania to halt deportations of refugees, refrain from the "
        "use of preventive detention and register all refugees living in Ruritania.\n"
    )
    assert [p.name for p in letter.senders] == ["James P Horgan", "Christopher H. Stamp"]
    assert [p.name for p in letter.recipients] == []
    assert [a.text for a in letter.asks] == [
        "fully protect the human rights of refugees in Ruritania",
        "halt deportations of refugees",
        "refrain from the use of preventive detention",
        "register all refugees living in Ruritania",
    ]


def test_writers_named_after_written_by_beside_members_found_before_and_no_party_as_a_person() -> None:
    letter = _reported(
        "Three Members of the U.S. House of Representatives wrote to Ruritania's government on May 9, 2011, "
        "asking that the rights of refugees be protected.\n\n"
        "The letters, addressed to the President of Ruritania, were written by Representatives Ana Ruiz "
        "(D-MA) and Omar Haddad (R-VA), co-chairs of the Commission, and Representative Li Wen (R-PA), a member "
        "of its Executive Committee.\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Omar Haddad", "Li Wen"]
    assert is_name("Ursula von der Leyen") and not is_name("Liberal Democrats")
    letter = _reported(
        "The letter written by the Liberal Democrats and signed by over 40 MPs, including former Conservative "
        "leader Iain Dunn Smith, urged the Home Secretary to grant refugees asylum.\n"
    )
    assert [p.name for p in letter.senders] == ["Iain Dunn Smith"]


def test_members_who_ask_in_a_story_of_their_letter_are_its_writers() -> None:
    letter = _reported(
        "Rep. Ana Ruiz (R-NJ) and Sen. Omar Haddad (D-OR) ask President Li Wen to confront the government "
        "about its detainees. The letter, written on Nov. 8, encourages a list of prisoners to be submitted.\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Omar Haddad"]


def test_the_appeal_told_in_a_letter_is_its_writers_told_two_sentences_before() -> None:
    letter = _reported(
        "Foreign Affairs Committee Chairman Ana Ruiz and East Asia and Pacific Subcommittee Chairwoman Li Wen "
        "have called on Ruritania to reassess its decision to deport 48 refugees. The legislators expressed "
        "deep concern over the return of these people.\n\n"
        "The appeal was highlighted in a letter addressed to Ruritanian ambassador Omar Haddad.\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Li Wen"]
    assert [a.text for a in letter.asks] == ["reassess its decision to deport 48 refugees"]


def test_what_the_letter_itself_says_someone_should_do_in_its_quoted_words() -> None:
    letter = _reported(
        "Nineteen rights groups sent an open letter to Prime Minister Ana Ruiz on Monday.\n\n"
        "“Ruritania should halt summary deportations across the border,” the open letter concludes. "
        "“Authorities should refrain from using derogatory language against refugees.”\n"
    )
    assert [a.text for a in letter.asks][-2:] == [
        "halt summary deportations across the border",
        "refrain from using derogatory language against refugees",
    ]


def test_a_name_with_postnominals_after_commas_is_the_name() -> None:
    assert clean_name("The Right Honourable Jo Bell, P.C., M.P.") == "Jo Bell"
    letter = extract(
        "19 October 2009\n\nThe Right Honourable Jo Bell, P.C., M.P.\nPrime Minister of Ruritania\n"
        "80 Wellington Street\n\nDear Prime Minister,\n\nWe call on you to recommit to refugee protection.\n\n"
        "Sincerely,\n\nAna Ruiz\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.recipients] == [("Jo Bell", "Prime Minister of Ruritania")]


def test_a_thing_sought_after_the_addressee_is_an_ask() -> None:
    letter = _reported(
        "The families sent a letter to President Ana Ruiz seeking the administration's cooperation in "
        "resolving the issue.\n"
    )
    assert [a.text for a in letter.asks] == ["the administration's cooperation in resolving the issue"]
    letter = _reported(
        "The groups wrote to President Ana Ruiz calling for a judgment on the legality of their imprisonment.\n"
    )
    assert [a.text for a in letter.asks] == ["a judgment on the legality of their imprisonment"]


def test_a_request_told_in_quotation_ends_where_the_quotation_closes_before_its_speaker() -> None:
    letter = _reported(
        "The family released an open letter on Monday.\n\n"
        '"We reiterate our call on Ruritania to release the teacher immediately on humanitarian grounds," '
        "a ministry spokesperson said.\n"
    )
    assert [a.text for a in letter.asks] == ["release the teacher immediately on humanitarian grounds"]


def test_a_letter_named_in_the_sentence_before_its_signers() -> None:
    text = (
        "The letter, dated Nov. 1, urged Chinese authorities to halt the repatriation of seven North Koreans.\n\n"
        "It was signed by Ana Ruiz, the U.N. special rapporteur on torture, and Lee Min-ho, the special "
        "rapporteur on North Korea."
    )
    letter = extract(text).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ana Ruiz", "U.N. special rapporteur on torture"),
        ("Lee Min-ho", "special rapporteur on North Korea"),
    ]
    # "It" with no letter before it signs nothing.
    other = extract("The agreement was reached in 1986. It was signed by Ana Ruiz, the minister.").letter
    assert other is None or other.senders == []


def test_signers_listed_with_their_offices_between_semicolons() -> None:
    text = (
        "WASHINGTON—Representative Ada Byrne, Chairman of the House Committee on Foreign Affairs, today led "
        "a group of members. In a letter to Secretary of State Max Hill, the members urged the Administration "
        "to take decisive action.\n\n"
        "The letter was signed by Chairman Byrne (D-NY); Rep. Tom Reyes (D-CA), Chairman of the Asia "
        "Subcommittee; and Rep. Abe Lund (R-FL), Ranking Member of the Africa Subcommittee.\n"
    )
    letter = extract(text, meta={"type": "statement"}).letter
    assert letter is not None
    # The chairman named by surname alone, with party and state, is named in full from before.
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Tom Reyes", "Abe Lund"]


def test_members_with_their_state_written_out() -> None:
    letter = _reported(
        "Senator Ada Byrne (D-Md.) led the letter to the ambassador, which was also signed by Senators Tom "
        "Reyes (R-Texas), Abe Lund (D-Del.) and Kay Ford (D-New York).\n"
    )
    assert [(p.name, p.title) for p in letter.senders][1:] == [
        ("Tom Reyes", "Senator (R-Texas)"),
        ("Abe Lund", "Senator (D-Del.)"),
        ("Kay Ford", "Senator (D-New York)"),
    ]


def test_members_who_address_the_letter_are_its_writers_not_members_of_a_caucus() -> None:
    letter = _reported(
        "Chairman Ada Byrne (R-WI) and members of the committee have issued a letter urging President Max "
        "Hill to press Xi on human rights. The committee members addressing President Hill include Reps. Tom "
        "Reyes (R-VA), Abe Lund (R-MO), and Kay Ford (R-FL).\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Tom Reyes", "Abe Lund", "Kay Ford"]
    letter = _reported(
        "The caucus sent a letter urging the governor to pardon the men. Members of the caucus include "
        "Senator Tom Reyes and Assemblyman Abe Lund.\n"
    )
    assert [p.name for p in letter.senders] == []


def test_one_named_before_others_counted_and_signatories_listed_after_an_aside() -> None:
    letter = _reported(
        "First Minister Ada Byrne and 26 other Glasgow politicians have sent a letter to Max Hill urging a "
        "stop to dawn raids.\n\nThe signatories of the letter, dated May 21, also include Tom Reyes, co-leader "
        "of the Greens, Abe Lund MP, spokesperson on justice and immigration, as well as other MSPs and "
        "councillors for the area.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "First Minister"),
        ("Tom Reyes", "co-leader of the Greens"),
        ("Abe Lund", "MP, spokesperson on justice and immigration"),
    ]


def test_written_to_officials_named_by_a_few_words_before_their_office() -> None:
    letter = _reported(
        "Sixteen human rights organisations have written to senior EU and UN officials urging them to end "
        "the deportation of refugees.\n"
    )
    assert [a.text for a in letter.asks] == ["end the deportation of refugees"]
    assert (
        extract("The campaign has written to great effect about refugees, urging readers to act.").letter
        is None
    )


def test_a_member_who_also_urged_after_the_letter_is_one_of_its_writers() -> None:
    letter = _reported(
        "In letters to the Home Secretary, the MPs raised concerns about Tamils. The Labour MPs are pressing "
        "the Foreign Secretary to consider sanctions. Ada Byrne MP also urged the Home Secretary to conduct an "
        "urgent review of the policy and halt all forced returns to the country.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Ada Byrne", "MP")]
    assert [a.text for a in letter.asks][1:] == [
        "conduct an urgent review of the policy",
        "halt all forced returns to the country",
    ]
    # Someone named with no office who "also urged" is not taken for a writer.
    letter = _reported(
        "In letters to the Home Secretary, the MPs raised concerns about Tamils. The Labour MPs are pressing "
        "the Foreign Secretary to consider sanctions. Ada Byrne also urged the Home Secretary to act.\n"
    )
    assert letter.senders == []


def test_a_sign_on_page_tells_of_its_letter_by_the_list_of_its_signers() -> None:
    text = (
        "DearColleague.us\n\nFrom: The Honorable Ada Byrne\n\nDate: 8/12/2016\n\nCurrent Signers:\n"
        "Ada Byrne, Tom Reyes, Bill Lund, Jr., Kay Ford\n"
    )
    letter = extract(text, meta={"type": "other"}).letter
    assert letter is not None and letter.reported
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", None),
        ("Tom Reyes", None),
        ("Bill Lund Jr.", None),
        ("Kay Ford", None),
    ]
    # One name under the label is no list of signers.
    assert extract("Signers:\nAda Byrne\n", meta={"type": "other"}).letter is None


def test_members_by_surname_in_a_headline_are_named_in_full_below() -> None:
    letter = _reported(
        "Sens. Byrne, Reyes, Colleagues Send Letter Calling For Pressure on China\n\n"
        "“We urge you to press your counterparts to release Pastor Jin.”\n\n"
        "WASHINGTON – U.S. Sens. Ada Byrne (R-Texas) and Tom Reyes (D-Ore.) led a bipartisan letter urging "
        "Secretary of State Max Hill to press for the pastor's release.\n\n"
        "The letter was also signed by Sens. Dick Lund (D-Ill.) and Kay Ford (D-Vt.).\n",
        doc_type="statement",
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Tom Reyes", "Dick Lund", "Kay Ford"]


def test_members_who_signed_on_the_letter_listed_with_their_states() -> None:
    letter = _reported(
        "Eight congressional representatives sent a letter to Deputy Secretary Max Hill, urging him to raise "
        "religious freedom.\n\nThe eight members of Congress who signed on the letter are Ada Byrne (VA), "
        "Tom Reyes (NJ) and Kay Ford (PA).\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", None),
        ("Tom Reyes", None),
        ("Kay Ford", None),
    ]


def test_a_letter_signed_by_organisations_names_no_person_from_their_names_or_where_it_goes() -> None:
    text = (
        "The letter, signed by Christian Solidarity Worldwide and 38 other members of the Coalition to Stop "
        "Crimes against Humanity, will be delivered to embassies in London, Paris, New York and Tokyo.\n"
    )
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is None or not [p.name for p in letter.senders if not p.organisation]


def test_a_headlines_verb_after_the_addressee_is_not_part_of_the_name() -> None:
    letter = extract(
        "Open Letter to Kim Jong-un Urges Explanation\n\nThe group wrote to the leader.\n",
        meta={"type": "letter"},
    ).letter
    assert "Kim Jong-un Urges Explanation" not in [p.name for p in letter.recipients]


def test_a_headlines_verb_ends_the_addressee_it_follows() -> None:
    letter = extract(
        "Human Rights Coalition Sends Letter to Kim Jong Il Urging Access\n\nA coalition will deliver a letter.\n",
        meta={"type": "news"},
    ).letter
    assert [p.name for p in letter.recipients] == ["Kim Jong Il"]


def test_the_counted_members_are_those_named_as_many_sentences_before() -> None:
    letter = _reported(
        "Four U.S. congressmen submitted a resolution calling for family reunions.\n"
        "The measure was sponsored by Rep. Ada Byrne, Tom Reyes, Kay Ford and Abe Lund, all veterans.\n"
        "The resolution was referred to the Committee on Foreign Affairs Thursday.\n"
        "In February, the four U.S. lawmakers sent a letter to the North's leader, Kim Jong-un, calling for "
        "such family reunions.\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Tom Reyes", "Kay Ford", "Abe Lund"]


def test_an_addressee_in_lower_case_is_asked_where_the_letter_asks() -> None:
    letter = _reported(
        "In a letter to Homeland Security Secretary Ann Reyes last week, the state's Asian Caucus called on "
        "immigration officials to release the detained residents.\n"
    )
    assert [(a.text, a.target) for a in letter.asks] == [
        ("release the detained residents", "immigration officials")
    ]


def test_a_lower_case_phrase_before_to_and_no_verb_asks_no_one() -> None:
    letter = _reported(
        "Refugees have sent an open letter to Prime Minister Tom Reyes, requesting an immediate halt to their "
        "deportation as the deadline approaches.\n"
    )
    assert not any(a.text.startswith("their deportation") for a in letter.asks)


def test_the_group_that_sent_the_letter_asks_after_a_participles_clause() -> None:
    letter = _reported(
        "A parliamentary group sent a letter to the foreign secretary, Tom Reyes.\n\n"
        "Mentioning the case of a defector whose sister was deported, the group requested for the foreign "
        "secretary to meet with her.\n"
    )
    assert [(a.text, a.target) for a in letter.asks] == [("meet with her", "foreign secretary")]


def test_an_adverb_opens_the_members_asks() -> None:
    letter = _reported(
        "Representatives Ada Byrne and Tom Reyes sent a letter to Secretary of State Kay Ford urging action.\n"
        "Specifically, the Members call on the secretaries to expedite visa applications, to raise refugee "
        "limits, and to protect those already here.\n"
    )
    assert {"expedite visa applications", "raise refugee limits", "protect those already here"} <= {
        a.text for a in letter.asks
    }


def test_a_short_month_after_the_addressee_ends_it() -> None:
    letter = _reported(
        "In a letter to Secretary of State Ana Ruiz on Dec. 19, Rep. Tom Reyes said the bounties must end.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Ana Ruiz", "Secretary of State")]


def test_members_named_after_in_a_letter_to_are_its_writers() -> None:
    letter = _reported(
        "In a letter to Secretary of State Ana Ruiz on Dec. 19, four congressmen—Reps. Tom Reyes (R-Wis.) and "
        "Kay Ford (D-Ill.), chairman and ranking member, respectively, of the Select Committee, and Rep. Abe Lund "
        "(R-N.J.) and Sen. Ida Park (D-Ore.), chair and co-chair of the Commission—said the bounties must end.\n"
    )
    assert [p.name for p in letter.senders] == ["Tom Reyes", "Kay Ford", "Abe Lund", "Ida Park"]
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]


def test_the_writer_after_the_addressees_comma_is_not_the_addressees_office() -> None:
    letter = _reported("In a letter to Ana Ruiz, Senator Tom Reyes said the bounties must end.\n")
    assert [(p.name, p.title) for p in letter.recipients] == [("Ana Ruiz", None)]
    assert [(p.name, p.title) for p in letter.senders] == [("Tom Reyes", "Senator")]


def test_the_leads_group_of_lawmakers_asks_for_the_letter_told_of_next() -> None:
    letter = _reported(
        "A bipartisan group of U.S. lawmakers has called on the administration to press the authorities harder "
        "over the jailing of activists.\n\n"
        "In a letter to Secretary of State Ana Ruiz, the 43 lawmakers said they were grateful.\n"
    )
    assert [a.text for a in letter.asks] == ["press the authorities harder over the jailing of activists"]


def test_a_group_that_asks_long_before_the_letter_is_not_its_writers() -> None:
    letter = _reported(
        "A group of lawmakers has called on the administration to press the authorities harder.\n\n"
        "The hearing went on for hours.\nWitnesses spoke.\nThe chair thanked them.\n\n"
        "In a letter to Secretary of State Ana Ruiz, the 43 lawmakers said they were grateful.\n"
    )
    assert [a.text for a in letter.asks] == []


def test_a_lead_after_when_it_was_tells_the_asks_of_a_letter_told_of_by_its_signers() -> None:
    letter = _reported(
        "This week, a bipartisan group of legislators urged Secretary of State Ana Ruiz to issue a report on "
        "prison conditions and take additional diplomatic steps.\n"
        "The letter was signed by Representatives Tom Reyes (R-MI) and Kay Ford (D-IL).\n"
    )
    assert [p.name for p in letter.senders] == ["Tom Reyes", "Kay Ford"]
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]
    assert [a.text for a in letter.asks] == [
        "issue a report on prison conditions",
        "take additional diplomatic steps",
    ]


def test_a_possessive_before_the_letter_and_an_adverb_before_its_addressee() -> None:
    letter = _reported("Senator Tom Reyes sent a lawyer's letter to Ambassador Ana Ruiz.\n")
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]
    letter = _reported(
        "Senator Tom Reyes wrote about the case. The letter was addressed directly to Ambassador Ana Ruiz.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]


def test_the_letter_with_an_aside_between_commas_asks_and_plural_bodies_are_no_one() -> None:
    letter = _reported(
        "The group is calling on the government to act, following a joint letter from UN experts.\n\n"
        "The letter, signed by five experts and two Working Groups, calls on the Thai authorities to provide "
        "information on detention conditions.\n"
    )
    assert "provide information on detention conditions" in [a.text for a in letter.asks]
    assert "Working Groups" not in [p.name for p in letter.senders if not p.organisation]


def test_members_before_then_the_senators_in_a_letter_to_an_office_and_those_joining_them() -> None:
    letter = _reported(
        "Ohio Senators Ada Byrne (D-OH) and Tom Reyes (D-OH) were among a handful of Senators pressing Elbonia on "
        "the refugees' safety. In a letter to the Deputy Prime Minister of Elbonia, the Senators asks the "
        "government to provide for the safety of the group.\n\n"
        "Joining Ohio's Senators were Kay Ford (R-IN), Abe Lund (D-VT) and Ida Park (D-RI).\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Tom Reyes", "Kay Ford", "Abe Lund", "Ida Park"]


def test_a_letter_dated_then_sent_to_its_addressees_from_its_writers() -> None:
    letter = _reported(
        "The concerns were highlighted in a letter dated on Monday and made available on Wednesday sent to "
        "Secretary of State Ana Ruiz and Omar Hale, head of the Department of Labor, from Republican "
        "Representative Tom Reyes and Democratic Senator Kay Ford, co-chairs of the commission.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ana Ruiz", "Omar Hale"]
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Tom Reyes", "Representative"),
        ("Kay Ford", "Senator"),
    ]


def test_whom_the_sentence_urges_before_in_a_letter_whose_to_is_the_asks() -> None:
    letter = _reported(
        "Senator Tom Reyes urged Secretary of State Ana Ruiz in a letter sent this week to press Elbonia to meet "
        "United Nations standards.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Ana Ruiz", "Secretary of State")]


def test_who_a_call_asks_to_be_given_something_is_not_its_addressee() -> None:
    letter = extract(
        "An open letter signed by 85 groups demanding Lu's release was handed to an official at the embassy.\n\n"
        "Lu's wife, Zhang Chunxiao, in a video, had earlier called for Lu to be given access to lawyers.\n",
        meta={"type": "news"},
    ).letter
    assert letter is None or "Lu" not in [p.name for p in letter.recipients]
    assert letter is None or "be given access to lawyers" not in [a.text for a in letter.asks]


def test_a_members_office_inside_the_brackets_of_party_and_state_ends_no_list() -> None:
    letter = _reported(
        "Four U.S. Senators issued a letter to Chinese President Hu Jintao calling for the release of Gao. The four "
        "signatories are: Senators Ada Byrne (D-ND and Chairman of the Commission), Tom Reyes (D-WI), Kay Ford "
        "(D-CT) and Abe Lund (R-KS).\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Tom Reyes", "Kay Ford", "Abe Lund"]


def test_in_a_letter_dated_by_a_short_month_the_member_by_surname_and_state_is_its_writer() -> None:
    letter = _reported(
        "Congressman Tom Reyes has appealed to Secretary of State Ana Ruiz. In a Feb. 15 letter to Ruiz, Reyes "
        "(R-Va.) explained that he had adopted the case.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Tom Reyes", "Congressman")]
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]


def test_a_member_who_has_today_sent_a_letter_signed_by_others_to_an_ambassador() -> None:
    letter = _reported(
        "Jane Smith MP has today sent a cross-party letter to the Chinese Ambassador Liu Wei signed by 130 "
        "Parliamentarians expressing condemnation of the treatment of the refugees.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Jane Smith", "MP")]
    assert [(p.name, p.title) for p in letter.recipients] == [("Liu Wei", "Chinese Ambassador")]


def test_when_the_letter_went_as_days_ago_is_no_part_of_its_addressee() -> None:
    letter = _reported(
        "A group of 37 European politicians demand that the bookseller be released in a letter sent to Chinese "
        "President Xi Jinping two days ago, but published yesterday.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Xi Jinping", "Chinese President")]


def test_signatories_between_semicolons_each_with_a_title_before_or_letters_after() -> None:
    letter = _reported(
        "A group of over 40 parliamentarians have written to the government of Elbonia demanding the release of "
        "Omar Hale.\n\nProminent signatories include German Green MEP Ana Ruiz, Chair of the China Delegation; "
        "Sir Tom Reyes MP, former leader of the Party; senior French Senator Kay Ford and US Republican "
        "Congresswoman Ida Park.\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz", "Sir Tom Reyes", "Kay Ford", "Ida Park"]


def test_mp_before_the_name_as_canadas_press_writes_it() -> None:
    letter = _reported(
        "MP Tom Reyes and MPs Kay Ford and Abe Lund signed the letter to Prime Minister Ana Ruiz on behalf of the "
        "group.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Tom Reyes", "MP"),
        ("Kay Ford", "MP"),
        ("Abe Lund", "MP"),
    ]


def test_a_state_written_to_is_no_person() -> None:
    letter = extract(
        "On March 3, 2022, United Nations human rights experts sent a letter to Saudi Arabia expressing concern "
        "about the detention of two men.\n",
        meta={"type": "news"},
    ).letter
    assert letter is None or "Saudi Arabia" not in [p.name for p in letter.recipients]
    assert not is_name("Sri Lanka") and is_name("Ana Ruiz")


def test_an_appeal_to_its_readers_write_to_urging_him_to_and_the_block_under_write_to() -> None:
    letter = extract(
        "Two men are held and face deportation.\n\nWrite to the President urging him to:\n\n"
        "  • immediately halt the deportation of the two men to China\n"
        "  • immediately release them unless there is credible evidence.\n\n"
        "Write to:\n\nPresident Ana Ruiz\nOffice of the President\nCapital City\n",
        meta={"type": "other"},
    ).letter
    assert [a.text for a in letter.asks] == [
        "immediately halt the deportation of the two men to China",
        "immediately release them unless there is credible evidence",
    ]
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]


def test_who_the_ask_names_described_after_a_comma_is_no_part_of_it() -> None:
    letter = _reported(
        "A group of over 40 parliamentarians have written to Prime Minister Ana Ruiz demanding the release of "
        "Omar Hale, an exiled activist detained in Elbonia and wanted by its neighbour.\n"
    )
    assert [a.text for a in letter.asks] == ["the release of Omar Hale"]


def test_a_prison_or_an_embassy_is_no_person() -> None:
    assert not is_name("Shandong Province Prison") and not is_name("Laotian Embassy")


def test_a_groups_letter_to_a_state_and_the_ask_its_title_states() -> None:
    letter = extract(
        "UN Experts Call on Saudi Arabia to Stop Deporting Two Men to China\n\n"
        "On March 3, 2022, United Nations human rights experts sent a letter to Saudi Arabia expressing concern "
        "about the detention of two men.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None and letter.recipients == []
    assert [a.text for a in letter.asks] == ["Stop Deporting Two Men to China"]


def test_a_name_described_by_any_noun_after_a_comma_is_no_part_of_the_ask() -> None:
    letter = _reported(
        "A group of over 40 parliamentarians have written to Prime Minister Ana Ruiz demanding the release of "
        "Omar Hale, an outspoken Elbonian economist who disappeared last week.\n"
    )
    assert [a.text for a in letter.asks] == ["the release of Omar Hale"]


def test_a_letter_calling_for_a_thing_asks_for_it_with_no_addressee_named() -> None:
    letter = _reported(
        "More than 80 Elbonian poets have signed a letter calling for the release of Omar Hale, a teacher "
        "held since May. The letter was signed by Elbonian writers, including Ana Ruiz, a novelist.\n"
    )
    assert [a.text for a in letter.asks] == ["the release of Omar Hale"]


def test_a_letter_to_an_office_calling_for_a_thing_asks_for_it() -> None:
    letter = _reported(
        "Rep. Jane Doe sent a letter to the Elbonian interior minister, calling for an immediate halt to the "
        "deportation of refugees.\n"
    )
    assert [a.text for a in letter.asks] == ["an immediate halt to the deportation of refugees"]


def test_a_signer_named_after_including_has_the_title_after_the_name() -> None:
    letter = _reported(
        "More than 80 Elbonian poets have signed a letter calling for the release of Omar Hale. The letter "
        "was signed by Elbonian writers, including Ana Ruiz, a novelist from Elbe.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Ana Ruiz", "a novelist from Elbe")]


def test_a_lead_after_a_dateline_tells_the_asks_of_writers_counted_in_words() -> None:
    letter = _reported(
        "(Elbe City—Oct. 24, 2020) In an open letter to Elbonia, six former Freedonian justice and foreign "
        "affairs ministers urged officials to release Dr. Omar Hale from prison. The letter asserts that he is ill.\n\n"
        "In the letter to Ana Ruiz, Elbonian Foreign Minister, the six former ministers recounted his illness.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ana Ruiz"]
    assert [a.text for a in letter.asks] == ["release Dr. Omar Hale from prison"]


def test_a_letter_by_its_writers_that_calls_on_an_office() -> None:
    letter = _reported(
        "A joint letter by Elbonian MPs Jo Bell, Ana Ruiz and Omar Hale called on the Home Secretary to "
        "“personally review each case” and halt the removal.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Jo Bell", "Elbonian MP"),
        ("Ana Ruiz", "Elbonian MP"),
        ("Omar Hale", "Elbonian MP"),
    ]
    assert [a.text.strip("“”") for a in letter.asks] == ["personally review each case", "halt the removal"]


def test_the_writers_of_a_letter_from_them_named_beside_another_telling() -> None:
    letter = _reported(
        "Elbonian MPs have written to Prime Minister Ana Ruiz about the deportations. A letter from Jo Bell, "
        "the Archbishop of Elbe, and Omar Hale, the Bishop of Ost, was published on Tuesday.\n"
    )
    assert [p.name for p in letter.senders] == ["Jo Bell", "Omar Hale"]


def test_an_open_letter_calling_on_a_body_to_act_asks_it_with_an_adverb() -> None:
    letter = _reported(
        "On World Refugee Day, at least 80 rights groups issued an open letter calling on the international "
        "community to urgently address the conditions of Elbonian refugees in Ost.\n"
    )
    assert [a.text for a in letter.asks] == ["urgently address the conditions of Elbonian refugees in Ost"]


def test_things_the_writers_called_for_in_a_list_are_asks_each() -> None:
    letter = _reported(
        "At least 80 rights groups issued an open letter to Prime Minister Ana Ruiz on Monday.\n\n"
        "Among the seven urgent requests, the coalition called for an immediate end to deportations, "
        "monitoring of border camps, the creation of safe resettlement pathways, and the inclusion of "
        "refugees in policy-making.\n"
    )
    assert [a.text for a in letter.asks] == [
        "an immediate end to deportations",
        "monitoring of border camps",
        "the creation of safe resettlement pathways",
        "the inclusion of refugees in policy-making",
    ]


def test_what_the_writers_add_is_no_part_of_the_ask() -> None:
    letter = _reported(
        "UNHCR sent a letter to Prime Minister Ana Ruiz urging her not to send back the refugees and pointing "
        "out that such a move would be refoulement.\n"
    )
    assert [a.text for a in letter.asks] == ["not to send back the refugees"]


def test_what_came_of_the_ask_is_no_part_of_it() -> None:
    letter = _reported(
        "Elbonia sent a letter to Prime Minister Ana Ruiz urging her to repatriate the four detainees, but "
        "the government refused to accept it.\n"
    )
    assert [a.text for a in letter.asks] == ["repatriate the four detainees"]


def test_signers_named_apart_when_the_story_quotes_the_letter_first() -> None:
    letter = _reported(
        "Forty senators have urged President Omar Hale to free a scholar.\n\n"
        '"We strongly urge your government to release Dr Yang," the senators said in a letter emailed to '
        "reporters.\n\nAmong the 40 signatories were Jo Bell, Ana Ruiz and Sam Weller.\n"
    )
    assert [p.name for p in letter.senders] == ["Jo Bell", "Ana Ruiz", "Sam Weller"]


def test_what_a_letter_did_and_asks_after_signed_by_names_no_signer() -> None:
    letter = _reported(
        "Ana Ruiz was among more than 100 signatories to a letter signed by writers, activists, and lawyers "
        "and published yesterday urging the government to release the prize winner Omar Hale.\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ruiz"]


def test_addressees_joined_by_as_well_as_and_an_office_of_china() -> None:
    letter = _reported(
        "The chapter has written letters to China President Omar Hale as well as Ana Ruiz, the United Nations "
        "High Commissioner for Refugees.\n"
    )
    assert [p.name for p in letter.recipients] == ["Omar Hale", "Ana Ruiz"]


def test_rabbis_named_again_tell_the_letters_asks() -> None:
    letter = _reported(
        "British rabbis have written to Prime Minister Omar Hale about the asylum seekers.\n\n"
        "The rabbis called on the government to allow asylum seekers from Elbonia to stay.\n"
    )
    assert [a.text for a in letter.asks] == ["allow asylum seekers from Elbonia to stay"]


def test_an_irish_surname_is_a_name() -> None:
    assert is_name("John O'Donoghue") and is_name("Ana D’Souza")
    assert split_title_name("Minister John O'Donoghue") == ("John O'Donoghue", "Minister")


def test_a_british_honourable_is_not_the_name() -> None:
    assert clean_name("Honourable Mr. Omar Hale") == "Omar Hale"
    assert clean_name("Rt’ Honorable Dr. Omar Hale") == "Omar Hale"


def test_the_signers_listed_as_follows() -> None:
    letter = _reported(
        "Twenty-nine parliamentarians have written to Foreign Secretary Omar Hale about the trial.\n\n"
        "The MPs and peers who signed the letter are as follows: Jo Bell MP, Ana Ruiz MP, Baroness Weller, "
        "Sir Sam Pickwick MP and Lord Tupman.\n"
    )
    assert [p.name for p in letter.senders] == [
        "Jo Bell",
        "Ana Ruiz",
        "Baroness Weller",
        "Sir Sam Pickwick",
        "Lord Tupman",
    ]


def test_signatories_each_described_before_the_name() -> None:
    letter = _reported(
        "In an open letter to Prime Minister Omar Hale, the signatories have asked him to stop the deportations.\n\n"
        "The signatories to the letter include Congress MP Jo Bell, academic Ana Ruiz, former minister "
        "P Weller, actor Sam Pickwick, activists Tracy Tupman and Nat Winkle, among others.\n"
    )
    assert [p.name for p in letter.senders] == [
        "Jo Bell",
        "Ana Ruiz",
        "P Weller",
        "Sam Pickwick",
        "Tracy Tupman",
        "Nat Winkle",
    ]
    assert letter.senders[1].title == "academic"


def test_writers_named_again_with_an_auxiliary_demanding_that() -> None:
    letter = _reported(
        "A group of 91 rabbis sent a letter to Prime Minister Ana Ruiz. The rabbis are demanding that Elbonia "
        "reverse its policy of deporting asylum seekers.\n"
    )
    assert [a.text for a in letter.asks] == ["reverse its policy of deporting asylum seekers"]


def test_a_lead_with_is_urging_and_the_reason_after_the_ask() -> None:
    letter = _reported(
        "A bipartisan group of lawmakers is urging the State Department to impose sanctions on Elbonian "
        "officials, following a decision by the city to place bounties on activists.\n\n"
        "In a letter to Secretary of State Omar Hale on Dec. 19, four congressmen said the bounties are "
        "outrageous.\n"
    )
    assert [a.text for a in letter.asks] == ["impose sanctions on Elbonian officials"]


def test_a_member_who_joined_the_chairs_on_the_letter_signed_it() -> None:
    letter = _reported(
        "Senator Jo Bell and Representative Ana Ruiz sent a letter to President Omar Hale urging him to raise the "
        "cases of detained citizens. Representative Sam Weller (R-MI), Chair of the Select Committee, joined the "
        "Chairs on the letter.\n"
    )
    assert [p.name for p in letter.senders] == ["Jo Bell", "Ana Ruiz", "Sam Weller"]


def test_members_with_their_party_and_state_written_out_after_commas() -> None:
    letter = _reported(
        "Sens. Jo Bell, D-Delaware, and Ana Ruiz, R-Oklahoma, sent a bipartisan letter Aug. 6 to the "
        "administration about refugee resettlement. In addition to Bell and Ruiz, the letter was signed by "
        "Sens. Sam Weller, R-South Dakota; Tracy Tupman, D-Vermont; and Nat Winkle, D-Minnesota.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Jo Bell", "Senator (D-Delaware)"),
        ("Ana Ruiz", "Senator (R-Oklahoma)"),
        ("Sam Weller", "Senator (R-South Dakota)"),
        ("Tracy Tupman", "Senator (D-Vermont)"),
        ("Nat Winkle", "Senator (D-Minnesota)"),
    ]


def test_a_member_who_joined_others_in_sending_a_letter_signed_by_many() -> None:
    letter = _reported(
        "WASHINGTON, D.C. – U.S. Senator Jo Bell joined the leaders of the Foreign Relations Committee today in "
        "sending a letter signed by 78 members of Congress to Elbonian President Omar Hale seeking the release "
        "of pastor Sam Weller.\n"
    )
    assert [p.name for p in letter.senders] == ["Jo Bell"]
    assert [p.name for p in letter.recipients] == ["Omar Hale"]


def test_a_release_lead_names_the_writers_by_party_and_state_before_their_letter_is_told_of() -> None:
    letter = _reported(
        "Senators Call On Ruritania To Release Prisoners\n"
        "WASHINGTON – U.S. Senators Ada Byrne (D-IL), Carl Ngata (D-VT), and Lena Ortiz (R-ME) today called on "
        "the King of Ruritania to immediately and unconditionally release the jailed editors, many of them held "
        "for years.\n"
        "“We will keep watching,” the Senators wrote in a letter to King Omar.\n"
    )
    assert "immediately and unconditionally release the jailed editors" in [a.text for a in letter.asks]


def test_what_a_writer_quoted_says_someone_must_be_is_no_ask() -> None:
    letter = _reported(
        "Five members of Congress sent a letter to Ambassador Tom Reyes on Monday.\n"
        "\u201cAmerica must be a voice for the voiceless. The Embassy must press for his release,\u201d the "
        "letter said.\n"
    )
    texts = [a.text for a in letter.asks]
    assert "press for his release" in texts
    assert not any("voice for the voiceless" in t for t in texts)


def test_the_place_an_ask_names_described_after_a_comma_is_no_part_of_it() -> None:
    letter = _reported(
        "Twenty-five members of Congress sent a letter to Secretary Tom Reyes urging him to urge greater "
        "freedom of expression in Ruritania, where the one-party state has jailed bloggers and activists.\n"
    )
    assert [a.text for a in letter.asks] == ["urge greater freedom of expression in Ruritania"]


def test_an_ask_quoted_from_the_letter_after_to_ends_where_the_quotation_does() -> None:
    letter = _reported(
        "In a letter to the President, released on Aug 17, the lawmakers have asked President Tom Reyes to "
        "\u201credouble efforts in support of the detained editors\u201d during his remaining months in office.\n"
    )
    assert [a.text for a in letter.asks] == ["redouble efforts in support of the detained editors"]
    assert [p.name for p in letter.recipients] == ["Tom Reyes"]


def test_a_quoted_ask_starts_after_its_opening_mark_and_a_short_quotation_does_not_end_it() -> None:
    letter = _reported(
        "The groups wrote a letter to Minister Tom Reyes, calling on him to \u201chalt the deportation of the "
        "families\u201d this week.\n"
    )
    assert [a.text for a in letter.asks] == ["halt the deportation of the families"]
    letter = _reported(
        "The groups wrote a letter to Minister Tom Reyes, calling on him to \u201cpush back firmly\u201d against "
        "the exit bans.\n"
    )
    assert [a.text for a in letter.asks] == ["\u201cpush back firmly\u201d against the exit bans"]


def test_the_members_counted_then_named_and_a_statement_signed_by_senators_of_their_states() -> None:
    letter = _reported(
        "Senators write to minister\n\nA bipartisan group of 12 US senators in a letter to Foreign Minister Ana "
        "Ruiz expressed their concerns about the refugees.\n\nThe US senators are Tom Byrne, Carl Ngata, Lena "
        "Ortiz and Mara Quist.\n"
    )
    assert [p.name for p in letter.senders] == ["Tom Byrne", "Carl Ngata", "Lena Ortiz", "Mara Quist"]
    assert [(p.name, p.title) for p in letter.recipients] == [("Ana Ruiz", "Foreign Minister")]
    letter = _reported(
        "Senators thank premier\n\nNine US senators have sent a letter thanking Prime Minister Ana Ruiz for her "
        "leadership.\n\nThe statement was signed by Sen Tom Byrne of Maryland, Sen Carl Ngata of Colorado, Sen "
        "Lena Ortiz of New Hampshire and Sen Mara Quist of New Jersey.\n"
    )
    assert [p.name for p in letter.senders] == ["Tom Byrne", "Carl Ngata", "Lena Ortiz", "Mara Quist"]


def test_members_who_signed_their_names_to_a_petition_listed_under_their_parties() -> None:
    letter = _reported(
        "35 TDs sign petition\n\nTHIRTY-FIVE members of the Irish Parliament have signed their names to a "
        "petition calling for an immediate response to the hunger strike.\nThe Oireachtas members who signed the "
        "petition are:\nSinn Féin\nAda Byrne TD\nCarl Ngata TD\nLabour\nLena Ortiz TD\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "TD"),
        ("Carl Ngata", "TD"),
        ("Lena Ortiz", "TD"),
    ]


def test_quoted_asks_end_where_the_story_names_the_letter_and_a_reason_is_not_asked() -> None:
    letter = _reported(
        "Wives write to vice president\n\nFour wives of political prisoners sent an open letter to Vice President "
        "Ana Ruiz, urging her “to speak to the government of Elbonia and to release these prisoners of "
        "conscience during the surge of the epidemic,” read the letter.\n"
    )
    assert [a.text for a in letter.asks][
        -1
    ] == "release these prisoners of conscience during the surge of the epidemic"
    letter = _own_letter(
        "Dear Prime Minister,\n\nWe request that you look closely into the circumstances of his disappearance, "
        "considering that he went missing near a police outpost.\n"
    )
    assert [a.text for a in letter.asks] == ["look closely into the circumstances of his disappearance"]
