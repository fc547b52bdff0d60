"""Letters in the shapes NGOs and offices really send them (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract
from refwatch.extract.letters import signer_line
from refwatch.extract.people import clean_name, split_title_name


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


def test_care_of_and_attention_lines_are_addressees_marked_as_such() -> None:
    letter = _own(
        "His Excellency Wang Hao\nPresident, People's Republic of China\nc/o Ambassador Liu Bo\n"
        "Embassy of the People's Republic of China\n\nDear Mr. President:\n\nWe urge you to stop the returns.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Wang Hao", "President, People's Republic of China"),
        ("Liu Bo", "Ambassador (c/o)"),
    ]
    letter = _own(
        "May 2, 2024\n\nHigh Commissioner Ana Ruiz\nOffice of the High Commissioner\n\nATTN:\n\n"
        "Tom Reyes, Chief Spokesperson for the Office of the High Commissioner for Refugees in Geneva and elsewhere\n\n"
        "Re: the returns\n\nDear High Commissioner Ruiz,\n\nWe urge you to speak out on the returns.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Ana Ruiz", "High Commissioner, Office of the High Commissioner"),
        ("Tom Reyes", "Chief Spokesperson for the Office of the High Commissioner for Refugees in Geneva and "
         "elsewhere (ATTN)"),
    ]  # fmt: skip


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


def _reported(text: str, doc_type: str = "news"):
    letter = extract(text, meta={"type": doc_type}).letter
    assert letter is not None and letter.reported
    return letter


def test_members_named_in_the_sentence_before_and_asks_told_of_the_addressee() -> None:
    letter = _reported(
        "DENVER - The Refugee Council thanks Sen. Ann Lee, Sen. Bo Park, Rep. Cal Diaz and Rep. Dee Moss for "
        "their work. This bipartisan group of Senators and Members of Congress submitted a letter to Secretary of "
        "State Omar Hale Tuesday expressing concern over the stalled refugee program.\n"
        "The Members urge Hale to reopen the program this year.\n",
        doc_type="statement",
    )
    assert [(p.name, p.chamber) for p in letter.senders] == [
        ("Ann Lee", "senate"),
        ("Bo Park", "senate"),
        ("Cal Diaz", "house"),
        ("Dee Moss", "house"),
    ]
    assert [(p.name, p.title) for p in letter.recipients] == [("Omar Hale", "Secretary of State")]
    assert [a.text for a in letter.asks] == ["reopen the program this year"]


def test_lawmakers_without_titles_and_addressees_in_the_letter_sentence() -> None:
    letter = _reported(
        "U.S. lawmakers Dana Cole and Eli Fox, co-chairs of the Commission on Asylum, released an open letter "
        "calling for a meeting with two U.N. officials to discuss ways to prevent the returns.\n"
        "In the letter, Rep. Cole and Sen. Fox asked U.N. High Commissioner for Human Rights Gil Hart and the High "
        "Commissioner for Refugees Ivy Kent to arrange a joint meeting.\n"
    )
    assert [(p.name, p.chamber) for p in letter.senders] == [("Dana Cole", "house"), ("Eli Fox", "senate")]
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Gil Hart", "U.N. High Commissioner for Human Rights"),
        ("Ivy Kent", "High Commissioner for Refugees"),
    ]
    assert [a.text for a in letter.asks] == ["arrange a joint meeting"]


def test_news_appositives_between_members_and_a_surname_subject() -> None:
    letter = _reported(
        "A group led by Rep. Ana Ortiz, a Texas Republican, and which includes Sens. Ben Cho, a Utah Democrat, "
        "and Cy Park, an Ohio Republican, sent a letter to President Lin Wei, pressing him to free the detainees.\n"
    )
    assert [p.name for p in letter.senders] == ["Ana Ortiz", "Ben Cho", "Cy Park"]
    assert [a.text for a in letter.asks] == ["free the detainees"]
    letter = _reported(
        "Rep. Jo Marsh (R-NY) spoke on Monday. Marsh, a former teacher, submitted a letter to Secretary of State "
        "Omar Hale highlighting the case.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [("Jo Marsh", "Representative")]
    assert [p.name for p in letter.recipients] == ["Omar Hale"]
    assert letter.asks == []


def test_a_letter_told_of_by_its_signers_and_its_acronym() -> None:
    letter = _reported(
        "PRESS RELEASE\n\nThe Bridge Foundation today released the text of a letter it sent in May. The letter was "
        "signed by Dr. Rosa Lind (a former envoy), together with Tom Baird and Una Vale, the foundation's director. "
        "The letter calls upon Beijing to end the returns and set up a screening process.\n",
        doc_type="statement",
    )
    assert [p.name for p in letter.senders] == ["Rosa Lind", "Tom Baird", "Una Vale"]
    assert [a.text for a in letter.asks] == ["end the returns", "set up a screening process"]
    letter = _reported(
        "As the city prepares to welcome President Wang Hao tonight, the Open Door Network (ODN) spoke out. "
        "ODN has sent out letters of appeal to the embassy and consulates, urging President Wang to stop the returns.\n"
    )
    assert [p.name for p in letter.senders] == ["Open Door Network"]
    assert [(p.name, p.title) for p in letter.recipients] == [("Wang Hao", "President")]
    assert [a.text for a in letter.asks] == ["stop the returns"]


def test_where_the_writer_sits_is_not_the_writer_and_a_purpose_is_not_an_ask() -> None:
    text = "The chairman of the House Refugee Committee sent a letter to the embassy last week."
    assert extract(text, meta={"type": "news"}).letter is None
    letter = _reported(
        "Sen. Ann Lee released an open letter calling for a meeting with two officials to discuss ways to "
        "prevent the returns.\n"
    )
    assert letter.asks == [] and letter.recipients == []


def test_a_letter_dated_after_its_place_addressed_with_two_honorifics_and_asks_to_press_for():
    from refwatch.extract import extract

    text = (
        "Parliament of Ruritania\nStrelsau, 12 March 2024\n\n"
        "To: H.E. Mr Oskar Brandt, Ambassador of the Republic of Elbonia\n\n"
        "Dear Ambassador,\n\nWe urge you to raise the case of the detainees with Beijing and to press for "
        "access by the refugee agency.\n\nYours sincerely,\n\nAnna Weber MEP (EPP, Ruritania)\n"
    )
    result = extract(text)
    assert result.doc_date == "2024-03-12"
    assert [p.name for p in result.letter.recipients] == ["Oskar Brandt"]
    assert [a.text for a in result.letter.asks] == [
        "raise the case of the detainees with Beijing",
        "press for access by the refugee agency",
    ]


def test_organisations_signing_a_letter_are_apart_from_its_people():
    from refwatch.extract import extract

    text = (
        "June 17, 2024\n\nDear President Whitfield,\n\nWe urge you to protect the nine refugees.\n\n"
        "Sincerely,\n\nRefugee Aid International\nHuman Rights Alliance for Asia\n"
    )
    out = extract(text).to_json()["letter"]
    assert out["senders"] == []
    assert out["sender_organisations"] == ["Refugee Aid International", "Human Rights Alliance for Asia"]


def test_a_letter_with_no_salutation_has_its_addressee_above_its_subject_line():
    from refwatch.extract import extract

    text = (
        "Letter sent to the President\nAugust 12, 2020\nHis Excellency Dana Whitfield\n"
        "President of the Republic of Elbonia\nThe Palace\nRE: Detained refugees\n"
        "We the undersigned are writing you today to urge you to release the nine refugees.\n"
    )
    result = extract(text)
    assert result.doc_type == "letter"
    assert [(p.name, p.title) for p in result.letter.recipients] == [
        ("Dana Whitfield", "President of the Republic of Elbonia, The Palace")
    ]


def test_what_names_an_organisation_and_what_a_person():
    from refwatch.extract.people import is_organisation

    for name in ("Justice for Elbonia", "Christians for Social Responsibility", "Committee on Asian Affairs"):
        assert is_organisation(name), name
    for name in ("Sarah Church", "Tim Kaine", "Lord Alton of Liverpool", "Ami Bera, M.D."):
        assert not is_organisation(name), name


def test_a_block_of_honourables_beats_a_salutation_to_a_body() -> None:
    """ "Dear Assembly and Party Leaders" names a body, not a person: the block above names them."""
    letter = _own(
        "The Honorable Dana Whit, Chair of the Progress Party\n\n"
        "The Honorable Lee Soo-min, Speaker of the National Assembly\n\n\n"
        "Dear National Assembly and Party Leaders:\n\n"
        "We urge you to pass the refugee protection bill before the session ends.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Dana Whit", "Chair of the Progress Party"),
        ("Lee Soo-min", "Speaker of the National Assembly"),
    ]


def test_signers_with_their_organisation_after_a_comma() -> None:
    letter = _own(
        "Dear Minister Okafor,\n\nWe urge you to release the refugees held in Rangsit.\n\n"
        "Respectfully Yours,\nAmara Stone, Friends of Elbonian Refugees\nOslo, Norway\n"
        "Pedro Alvarez,\nKim Soo-ah, Volunteer Lawyer for Human Rights\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Amara Stone", "Friends of Elbonian Refugees"),
        ("Pedro Alvarez", None),
        ("Kim Soo-ah", "Volunteer Lawyer for Human Rights"),
    ]


def test_an_appeal_to_a_state_and_a_page_call_above_the_letter() -> None:
    """The page's call to its readers above the letter's dateline is not the letter's ask; the
    letter's "appeal to the Kingdom of X to …" is."""
    letter = _own(
        "Appeal to Elbonia\n\nWe urge you to write to the Elbonian embassy in your country today.\n\n"
        "3 March 2011\n\nTo: Immigration Bureau,\nKingdom of Elbonia\n\n"
        "We wish to appeal to the Kingdom of Elbonia to reconsider its policy on refugees.\n"
    )
    assert [a.text for a in letter.asks] == ["reconsider its policy on refugees"]


def test_a_place_below_an_attention_line_is_not_an_addressee() -> None:
    letter = _own(
        "May 5, 2015\n\nThe Honorable Ana Lopez\nSecretary-General\nc/o Office of the Secretary-General\n"
        "New York, New York 10017\n\nDear Secretary-General Lopez,\n\nWe urge you to visit the border.\n"
    )
    assert [p.name for p in letter.recipients] == ["Ana Lopez"]


def test_salutations_run_together_in_a_flattened_text_name_the_addressees_in_full() -> None:
    """A PDF whose lines were run into one: the stacked salutations are found inline, and each
    single name they give is completed from the addressees named above."""
    letter = _own(
        "To the President of the Council To the Prime Minister of Ruritania Mr. Ivo Stern Ms. Klara van der Berg "
        "Vienna, 2 May 2021 Subject: Refugees held at the border Dear President Stern, Dear Prime Minister "
        "Van der Berg, We urge you to raise the return of refugees at the summit.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Ivo Stern", "President"),
        ("Klara van der Berg", "Prime Minister"),
    ]
    assert [a.text for a in letter.asks] == ["raise the return of refugees at the summit"]


def test_a_family_name_first_is_completed_from_the_address_and_a_count_is_no_name() -> None:
    letter = _own(
        "Seven North\nKorean refugees wrote from the border.\n\n"
        "Premier Wen Lidao Zongli\nGovernment Offices\n\nDear Premier Wen,\n\n"
        "We urge you to let the seven travel to Seoul.\n"
    )
    assert [p.name for p in letter.recipients] == ["Wen Lidao"]


def test_a_sample_letter_s_addressees_listed_under_its_signature() -> None:
    letter = _own(
        "Dear ___________,\n\nPlease show the world that the law applies to all; please release the aid worker "
        "still being detained.\n\nI call on the authorities to free the two defectors, and never consider "
        "sending them back.\n\nSincerely yours,\n\nYour name here\n\nMail your appeals to:\n\n"
        "Mr. Dana Whit,\nC/O State Council Secretariat\n"
    )
    assert [p.name for p in letter.recipients] == ["Dana Whit"]
    assert letter.senders == []
    assert [a.text for a in letter.asks] == [
        "release the aid worker still being detained",
        "free the two defectors",
        "never consider sending them back",
    ]


def test_the_addressee_s_own_government_pressed_to_act_is_the_ask() -> None:
    letter = _own(
        "Dear Ambassador,\n\nI trust you will encourage your government in the strongest terms to continue its "
        "care of refugees and arrange for the safe passage of the 175 refugees.\n"
    )
    assert [a.text for a in letter.asks] == [
        "continue its care of refugees",
        "arrange for the safe passage of the 175 refugees",
    ]


def test_a_heading_with_a_capital_article_names_the_addressee_of_a_state_and_the_writer() -> None:
    letter = _own(
        "A Letter to Kim Jong Un of North Korea from Jo Bell, President of Refugee Aid\n"
        "Mr. Kim Jong Un!\nI am writing this letter so that you read it one day.\n"
        "Release the prisoners of the camps.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Kim Jong Un", None)]
    assert [(p.name, p.title) for p in letter.senders] == [("Jo Bell", "President of Refugee Aid")]


def test_offices_named_in_the_plural_in_a_heading_are_no_person() -> None:
    letter = _own(
        "Open Letter to Permanent Representatives of Member States of the Human Rights Council\n\n"
        "Dear Excellencies,\n\nWe urge you to support the resolution.\n\nJo Bell\nDirector, Refugee Aid\n"
    )
    assert [p.name for p in letter.recipients] == []


def test_a_greeting_in_the_imperative_is_no_ask() -> None:
    letter = _own(
        "Dear Minister Ruiz:\n\nPlease accept cordial greetings from the Republic of Korea.\n\n"
        "We urge you to repeal the law.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == ["repeal the law"]


def test_copies_under_a_w_copies_to_label_are_addressees_marked_as_such() -> None:
    letter = _own(
        "The Honorable Jo Bell\nChair, Refugee Committee\nWashington, D.C. 20515\n"
        "W/copies to: Chairman Ana Ruiz, Senate Committee on Foreign Relations\n"
        "Chairman Omar Haddad, House Committee on Foreign Affairs\n"
        "Dear Chair Bell:\n\nWe urge you to hold a hearing.\n\nSincerely,\n\nLi Wen\n"
    )
    assert [(p.name, p.cc) for p in letter.recipients] == [
        ("Jo Bell", False),
        ("Ana Ruiz", True),
        ("Omar Haddad", True),
    ]


def test_asks_listed_after_urging_one_government_to_press_another() -> None:
    letter = _own(
        "Dear Secretary Ruiz:\n\nWe write to urge the US government to press the Thai government to:\n\n"
        "  • Release the names of all refugees deported from the camp.\n"
        "  • Allow the UN refugee agency to visit the camp.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == [
        "Release the names of all refugees deported from the camp",
        "Allow the UN refugee agency to visit the camp",
    ]


def test_an_ask_ends_before_the_reason_given_for_it() -> None:
    letter = _own(
        "Dear Secretary Ruiz:\n\nWe urge you to intervene in these cases to prevent the return of these "
        "individuals, as they are at serious risk of torture if they are returned.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == [
        "intervene in these cases to prevent the return of these individuals"
    ]


def test_an_ask_ends_before_what_awaits_people_where_they_would_be_sent() -> None:
    letter = _own(
        "Dear Commissioner Ruiz:\n\nWe urge you to prevent the deportation of the men to China where it was "
        "highly likely that they would face persecution.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == ["prevent the deportation of the men to China"]


def test_imperatives_right_after_an_ask_are_more_of_its_asks() -> None:
    letter = _own(
        "Dear Ambassador Ruiz:\n\nIn light of these realities, we urge you, in your capacity as U.S. ambassador "
        "to visit Tibet. Speak with the Tibetan people. Press for a fact-finding mission into the monastery. "
        "Thank you for your attention.\n\nSuch visits matter. Consider the families.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == [
        "visit Tibet",
        "Speak with the Tibetan people",
        "Press for a fact-finding mission into the monastery",
    ]


def test_a_citation_of_a_law_does_not_end_the_sentence_of_an_ask() -> None:
    letter = _own(
        "Dear Chief Executive:\n\nWe urge you to withdraw the amendments to the Fugitive Offenders Ordinance "
        "(Cap. 503) so that other options can be explored.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == [
        "withdraw the amendments to the Fugitive Offenders Ordinance (Cap. 503) so that other options can be explored"
    ]


def test_you_and_your_government_are_asked_and_a_negated_second_infinitive_is_an_ask_of_its_own() -> None:
    letter = _own(
        "Dear President Ma:\n\n"
        "Thus, we urge you and your government to respect the traditions of the herders and to not "
        "interfere in their seasonal gatherings.\n\nSincerely,\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == [
        "respect the traditions of the herders",
        "not interfere in their seasonal gatherings",
    ]


def test_words_an_editor_put_in_brackets_stand_before_whom_the_letter_urges() -> None:
    letter = _own(
        "Dear Secretary Ruiz:\n\n"
        "We strongly urge [the State] Department, in its role at the Council, to continue to advocate for those "
        "arbitrarily detained.\n\nSincerely,\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == ["continue to advocate for those arbitrarily detained"]


def test_offices_and_their_holders_after_an_honorific_a_paragraph_each_are_the_addressees() -> None:
    letter = _own(
        "MEMBERS OF THE PARLIAMENT OF RURITANIA\n\n"
        "The President of Elbonia H.E. Ana Ruiz\n\n"
        "The Prosecutor General of the Republic of Elbonia Mr. Omar Hale\n\n"
        "Appeal\n\nWe are extremely concerned over the fate of two refugees. We urge you not to deport them.\n\n"
        "Jo Bell\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Ana Ruiz", "President of Elbonia"),
        ("Omar Hale", "Prosecutor General of the Republic of Elbonia"),
    ]


def test_and_to_urge_you_two_adverbs_of_one_verb_and_who_the_ask_names_described_after_a_dash() -> None:
    letter = _own(
        "Dear Secretary Ruiz:\n\n"
        "I am writing to express my concerns and to urge you to publicly and privately raise the case of Omar Hale "
        "– a man who has suffered greatly for his faith.\n\nSincerely,\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == ["publicly and privately raise the case of Omar Hale"]


def test_the_titles_ask_after_the_writers_and_the_addressee() -> None:
    letter = _own(
        "Members of Parliament to Elbonia: Do Not Deport Refugees Back to China\n\n"
        "The President of Elbonia H.E. Ana Ruiz\n\n"
        "Appeal\n\nWe are extremely concerned over the fate of two refugees held at the border.\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == ["Do Not Deport Refugees Back to China"]


def test_a_salutation_to_an_organisation_names_no_person() -> None:
    letter = extract(
        "Dear Mr. & Mrs related to International Federation of Red Cross,\n\n"
        "I was born in Elbonia and now live far from my family. Please help me go home.\n\n"
        "Sincerely,\nAna Ruiz\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None and letter.recipients == []


def test_list_items_led_by_please_or_that_are_asks_without_it() -> None:
    letter = extract(
        "Dear Minister Ruiz,\n\nWe are on hunger strike and we urge you to:\n1) Please do not forcibly return us "
        "to Elbonia;\n2) Please release us from detention.\n\nSincerely,\nJo Bell\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == [
        "do not forcibly return us to Elbonia",
        "release us from detention",
    ]
    letter = extract(
        "Dear Minister Ruiz,\n\nWe hereby urge:\n- That the Commissioner intervene to protect the five;\n"
        "- That the government respect non-refoulement.\n\nSincerely,\nJo Bell\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == [
        "the Commissioner intervene to protect the five",
        "the government respect non-refoulement",
    ]


def _own_asks(body: str) -> list[str]:
    letter = extract(
        f"Dear Prime Minister Hale,\n\n{body}\n\nSincerely,\nJo Bell\n", meta={"type": "letter"}
    ).letter
    assert letter is not None
    return [a.text for a in letter.asks]


def test_things_called_for_in_the_letters_own_voice() -> None:
    assert _own_asks("We call for the immediate release of Professor Ana Ruiz.") == [
        "immediate release of Professor Ana Ruiz"
    ]
    assert _own_asks("We call for an end to the harassment of students.") == [
        "an end to the harassment of students"
    ]


def test_an_urging_after_thus() -> None:
    assert _own_asks("We write about the deportations. We thus urge you to suspend all removals.") == [
        "suspend all removals"
    ]


def test_a_campaign_pages_words_to_its_reader_are_no_asks() -> None:
    letter = extract(
        "Protest letter to the Ministry\n\nMigrant Solidarity requests that you send the message below to\n\nAttn: Minister Jo Bell\n"
        "Dept of Justice\n\nDear Minister Bell\n\nI wish to protest against the deportations.\n\nYours sincerely,\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None and letter.asks == []


def test_items_led_by_to_after_urging_a_government_with_a_colon() -> None:
    letter = extract(
        "Dear Secretary Hale,\n\nWe request you to urge the Elbonian government:\n\n"
        "• To review their failed policies in Ost.\n• To Release all the political prisoners.\n\nSincerely,\nJo Bell\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == [
        "review their failed policies in Ost",
        "Release all the political prisoners",
    ]


def test_the_writer_who_names_themself() -> None:
    letter = extract(
        "Dear leaders of the Ministry,\n\nI offer my highest regards. My name is Ana Ruiz, and I would like to bring "
        "to your attention the cases of Elbonian refugees.\n\nWe hope that you will enact legislation for them.\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None and [p.name for p in letter.senders] == ["Ana Ruiz"]


def test_a_thing_demanded() -> None:
    assert _own_asks("To respect the right of people we demand the immediate release of all protesters.") == [
        "immediate release of all protesters"
    ]


def test_who_the_ask_names_described_after_who() -> None:
    assert _own_asks(
        "We urge you to secure the release of pastor Sam Weller, who has been unjustly detained since October."
    ) == ["secure the release of pastor Sam Weller"]


def test_the_writers_own_deed_after_the_ask_is_no_part_of_it() -> None:
    assert _own_asks(
        "We urge you to secure his immediate release, and will continue our campaign until he is free."
    ) == ["secure his immediate release"]


def test_a_letter_to_the_editor_signed_in_capitals_after_yours_etc() -> None:
    letter = extract(
        "Dear Sir,\n\nI call upon the Government to stop these deportations immediately.- Yours etc.,\n\nANA RUIZ,\n\n"
        "Department of Sociology,\n\nElbe College, Ost.\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ana Ruiz", "Department of Sociology, Elbe College, Ost")
    ]
    assert [a.text for a in letter.asks] == ["stop these deportations immediately"]
    letter = extract(
        "Dear Sir,\n\nWe ask the Dáil to seek his release. – Yours, etc,\n\nJO BELL TD\n\n(Fine Gael);\n\nSAM WELLER TD,\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None and [(p.name, p.title) for p in letter.senders] == [
        ("Jo Bell", "TD"),
        ("Sam Weller", "TD"),
    ]


def test_a_priest_signs_without_his_honorific() -> None:
    assert clean_name("Father Omar Hale") == "Omar Hale"
    assert clean_name("Most Reverend Omar Hale") == "Omar Hale"


def test_what_a_letter_says_something_should_be_is_no_ask() -> None:
    letter = extract(
        "Over 400 students signed an open letter to University President Jo Bell demanding the release of "
        "researcher Omar Hale. The letter said "
        "federal actions against scholars should be a warning sign for the educational community.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None and all("warning" not in a.text for a in letter.asks)


def test_a_verb_sharing_the_next_ones_object_is_no_ask_alone() -> None:
    assert _own_asks(
        "We urge you to let the family stay, and enable them to return home, to contribute to and participate "
        "in their community."
    ) == [
        "let the family stay",
        "enable them to return home",
        "contribute to and participate in their community",
    ]


def test_two_organisations_urge_authorities_named_by_their_country() -> None:
    letter = extract(
        "Dear Minister,\n\nPEN Elbonia and the Writers in Prison Committee strongly urge Elbonian authorities to:\n\n"
        "  • release Ana Ruiz from detention\n  • drop all charges made against her\n\nYours sincerely,\nJo Bell\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == [
        "release Ana Ruiz from detention",
        "drop all charges made against her",
    ]


def test_a_long_list_of_names_under_a_letter_without_a_closing_signs_it() -> None:
    names = ["Ana Ruiz", "Jo Bell", "Sam Weller", "Tracy Tupman", "Nat Winkle", "Omar Hale", "Mary Graham",
             "Tom Pinch", "Ruth Pinch", "John Westlock"]  # fmt: skip
    letter = extract(
        "To the President of Elbe University,\n\nWe call upon the University to help secure our classmate's "
        "release. The world is watching.\n" + "\n".join(names) + "\n",
        meta={"type": "letter"},
    ).letter
    assert letter is not None and [p.name for p in letter.senders] == names


def test_a_signature_line_of_letters_after_names_only_is_no_signer() -> None:
    assert signer_line("JO BELL TD") == ("Jo Bell", "TD")
    assert signer_line("MP TD") is None


def test_your_excellencies_greets_without_naming_an_addressee() -> None:
    letter = _own(
        "3 October 2011\n\nYour Excellencies,\n\nWe write to urge the release of the writer Tran Minh, "
        "detained since March.\n\nSincerely,\n\nAna Ruiz\n"
    )
    assert [p.name for p in letter.recipients if p.name] == []
