"""Recipient blocks, salutations, signers and asks in the less common shapes (texts of our own making)."""

from __future__ import annotations

from refwatch.extract import extract


def _own(text: str):
    letter = extract(text, meta={"type": "letter"}).letter
    assert letter is not None and not letter.reported
    return letter


def test_any_verb_after_a_request_and_its_to_is_the_action() -> None:
    letter = _own(
        "Dear Minister Halvorsen,\n\nWe are writing to urge you to re-prioritize the protection of refugees.\n"
        "We ask the Ministry to intercede with the authorities on their behalf.\n"
        "We thank you, and we ask you to the best of your ability.\n"
    )
    assert [a.text for a in letter.asks] == [
        "re-prioritize the protection of refugees",
        "intercede with the authorities on their behalf",
    ]


def test_an_organisation_asking_in_its_own_name_and_an_aside_over_a_line() -> None:
    letter = _own(
        "Dear Prime Minister,\n\nRefugee Aid Network requests you to press the neighbouring government to halt "
        "the deportation of the eleven detainees.\nWe urge your government, in keeping with its duties as a party "
        "to the Refugee\nConvention, to open a screening procedure at the border.\n"
    )
    assert [a.text for a in letter.asks] == [
        "press the neighbouring government to halt the deportation of the eleven detainees",
        "open a screening procedure at the border",
    ]


def test_a_title_and_surname_salutation_names_the_addressee() -> None:
    letter = _own("Dear Governor Okafor,\n\nWe urge you to meet the families.\n")
    assert [(p.name, p.title) for p in letter.recipients] == [("Okafor", "Governor")]


def test_two_addressees_in_one_salutation_and_stacked_salutations() -> None:
    letter = _own(
        "Dear Ambassador Velasquez and Assistant Secretary Brandt:\n\nWe urge you to raise the case.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Velasquez", "Ambassador"),
        ("Brandt", "Assistant Secretary"),
    ]
    letter = _own(
        "Dear President Amara Osei,\nDear President Lukas Brenner,\n\nWe call on you to act together.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Amara Osei", "President"),
        ("Lukas Brenner", "President"),
    ]
    assert [a.text for a in letter.asks] == ["act together"]


def test_a_letter_carried_below_a_page_is_addressed_by_its_salutation() -> None:
    # The page's own lines above the sample letter are no recipient block; the salutation names
    # the addressee. A block that names the same person ("President Lin" above "Lin Wei") stands.
    letter = _own(
        "Protest Day - Sample Letter\n\nCitizens Worldwide Mail Protests\n\nThe arrests go on in the port. "
        "You can join us by writing to the embassy.\n\nSample Letter:\n\nDear President Lin Wei,\n\nPlease "
        "immediately stop deporting the fishermen.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Lin Wei", "President")]
    letter = _own(
        "Lin Wei\nPresident of Ruritania\nPort Vale\n\nDear President Lin,\n\nWe urge you to act.\n"
    )
    first = letter.recipients[0]
    assert (first.name, first.extractor) == ("Lin Wei", "letters.recipient_block")


def test_a_salutation_without_a_name_names_nobody() -> None:
    letter = _own("Dear Mr. President,\n\nWe urge you to act.\n")
    assert letter.recipients == []


def test_addressees_listed_on_one_line_after_a_label() -> None:
    letter = _own(
        "To: Minister Ana Ruiz, Ministry of the Interior, Calle Mayor 5; Dr. Li Wen, Director\n\n"
        "Dear Minister,\n\nWe urge you to stop the transfers.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Ana Ruiz", "Minister"),
        ("Li Wen", "Director"),
    ]
    letter = _own(
        "Post a letter to: Home Secretary Olu Bakare, Home Office, 2 Marsham Street, London\n\n"
        "Dear Home Secretary\n\nI urge you to grant them protection.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Olu Bakare", "Home Secretary")]


def test_addressees_named_the_hon_and_copies_on_the_same_line() -> None:
    letter = _own(
        "To: The Hon Ada Byrne, Prime Minister, Ruritania Cc: the Hon Tom Reyes, Minister for Immigration\n\n"
        "Dear Prime Minister,\n\nWe urge you not to send them back.\n"
    )
    assert [(p.name, p.title, p.cc) for p in letter.recipients] == [
        ("Ada Byrne", "Prime Minister", False),
        ("Tom Reyes", "Minister for Immigration", True),
    ]


def test_a_block_under_a_to_label() -> None:
    letter = _own(
        "TO:   His Excellency Tran Van Minh\nPresident of the Republic\n\nDear Mr. President:\n\n"
        "We appeal to you to release the detainees.\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Tran Van Minh", "President of the Republic")]


def test_a_title_told_of_several_is_each_ones_title_and_short_forms_are_written_out() -> None:
    letter = extract(
        "LONDON - Mary Holt and Ravi Shah, the co-chairs of the Parliamentary Group on Asylum, have written to "
        "the Home Secretary urging her to halt the removals.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Mary Holt", "co-chair of the Parliamentary Group on Asylum"),
        ("Ravi Shah", "co-chair of the Parliamentary Group on Asylum"),
    ]
    letter = extract(
        "Sens. Ada Byrne and Carl Ngata and Rep. Dina Ortiz sent a letter to President Wen Li urging him to "
        "free the detainees.\n",
        meta={"type": "news"},
    ).letter
    assert letter is not None
    assert [(p.name, p.title, p.chamber) for p in letter.senders] == [
        ("Ada Byrne", "Senator", "senate"),
        ("Carl Ngata", "Senator", "senate"),
        ("Dina Ortiz", "Representative", "house"),
    ]


def test_members_who_joined_cosigned_or_led_the_letter_are_senders() -> None:
    letter = extract(
        "Senator Ada Byrne (D-WA) and Representative Carl Ngata (R-OH) sent a letter to President Wen Li urging "
        "him to free the detainees. Joining Byrne and Ngata in signing the letter were Senators Eve Moss (R-UT) "
        "and Ian Roe (I-VT) and Representative Lia Park (D-NY).\n",
        meta={"type": "statement"},
    ).letter
    assert letter is not None
    assert [(p.name, p.chamber) for p in letter.senders] == [
        ("Ada Byrne", "senate"),
        ("Carl Ngata", "house"),
        ("Eve Moss", "senate"),
        ("Ian Roe", "senate"),
        ("Lia Park", "house"),
    ]
    letter = extract(
        "Today a group of members of Congress sent a letter to the Secretary of State. The letter, signed by "
        "Congressmen Tom Reyes (R-FL) and Abe Lund (D-MN), asked for a special envoy. It was led by "
        "Rep. Kay Dunn (R-CA) and also signed by Rep. Sal Ortiz (D-TX).\n",
        meta={"type": "statement"},
    ).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["Tom Reyes", "Abe Lund", "Kay Dunn", "Sal Ortiz"]


def test_asks_told_of_the_addressee_by_office_and_quoted_conjuncts() -> None:
    letter = extract(
        "Senator Ada Byrne (D-WA) and Representative Carl Ngata (R-OH) sent a letter to President Wen Li urging "
        "the Government to be “steady partners” for the families, and to “firmly press” the officials.\n"
        "In the letter, the Chairs asked the President to receive the families.\n"
        "The Chairs also asked the President to name an envoy.\n",
        meta={"type": "statement"},
    ).letter
    assert letter is not None
    assert [a.text for a in letter.asks] == [
        "be “steady partners” for the families",
        "“firmly press” the officials",
        "receive the families",
        "name an envoy",
    ]


def test_a_title_ending_in_of_keeps_its_object() -> None:
    from refwatch.extract.people import split_title_name

    assert split_title_name("Minister of Unification Park Min-ho") == (
        "Park Min-ho",
        "Minister of Unification",
    )
    assert split_title_name("Minister of National Defense Kim Ji-woo") == (
        "Kim Ji-woo",
        "Minister of National Defense",
    )


def test_asks_spelled_out_replace_their_umbrella_and_a_noun_list_is_one_ask() -> None:
    letter = _own(
        "Dear Minister Park,\n\nWe call on the authorities to respect the law. Specifically, we call on them to "
        "release the eleven detainees, to grant the agency access, and to end the transfers.\n"
        "We urge you to express support for the agency's work, the families, and respect for the law.\n\n"
        "Sincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == [
        "release the eleven detainees",
        "grant the agency access",
        "end the transfers",
        "express support for the agency's work, the families, and respect for the law",
    ]


def test_a_british_addressee_above_the_date_with_its_title_below() -> None:
    letter = _own(
        "Rt Hon Jo Bell MP\nSecretary of State for Foreign Affairs\n1 King Street\nLondon\n\n3 May 2024\n\n"
        "Dear Foreign Secretary,\n\nWe urge you to raise their case with your counterpart.\n\n"
        "Yours sincerely,\n\nTom Wick MP\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Jo Bell", "Secretary of State for Foreign Affairs")
    ]
    letter = _own(
        "Lee Min-seo\nPresident of the Republic Blue House\n1 Palace Road\n\n3 May 2024\n\n"
        "Dear President Lee Min-seo,\n\nWe urge you to receive the families.\n\nYours sincerely,\n\nTom Wick MP\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Lee Min-seo", "President of the Republic Blue House")
    ]


def test_british_and_european_signers_after_blank_lines() -> None:
    letter = _own(
        "Dear Foreign Secretary,\n\nWe urge you to raise their case with your counterpart.\n\nYours sincerely,\n\n\n\n"
        "Lord Hale of Richmond\n\nBaroness Moor\n\nSir Ian Grey MP\n\nAnna Roth MEP (Greens/EFA, Germany)\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Lord Hale of Richmond", None),
        ("Baroness Moor", None),
        ("Sir Ian Grey", "MP"),
        ("Anna Roth", "MEP (Greens/EFA, Germany)"),
    ]


def test_the_letterhead_titles_signers_that_have_none() -> None:
    letter = _own(
        "Congress of the United States\nHouse of Representatives\nWashington, DC 20515\n\nMay 3, 2024\n\n"
        "The Honorable Ana Ruiz\nSecretary of the Interior\n\nDear Secretary Ruiz:\n\n"
        "We urge you to receive the families.\n\nSincerely,\n\n\n\nAda Byrne\n\nCarl Ngata\n"
    )
    assert [(p.name, p.title, p.chamber) for p in letter.senders] == [
        ("Ada Byrne", "Member of Congress", "house"),
        ("Carl Ngata", "Member of Congress", "house"),
    ]


def _told(text: str, doc_type: str = "statement"):
    letter = extract(text, meta={"type": doc_type}).letter
    assert letter is not None and letter.reported
    return letter


def test_british_releases_list_the_signatories() -> None:
    letter = _told(
        "The Refugee Trust has organised a letter to the Foreign Secretary, signed by 30 parliamentarians, urging "
        "the Government to press Beijing to halt the removals. The signatories are:\nLord Hale of Richmond\n"
        "Baroness Moor\nSir Ian Grey MP\nTom Wick MP\n\nNotes to editors\n"
    )
    assert [p.name for p in letter.senders] == [
        "Lord Hale of Richmond",
        "Baroness Moor",
        "Sir Ian Grey",
        "Tom Wick",
    ]
    letter = _told(
        "Fifteen peers and MPs wrote to the Home Secretary in a letter led by Tom Wick MP, urging her to grant "
        "the families protection. Signatories include Baroness Moor, Lord Hale and Sir Ian Grey MP.\n",
        doc_type="news",
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Tom Wick", "MP"),
        ("Baroness Moor", None),
        ("Lord Hale", None),
        ("Sir Ian Grey", "MP"),
    ]


def test_leads_named_by_office_and_the_members_who_cosigned() -> None:
    letter = _told(
        "Chairman Ada Byrne and Ranking Member Carl Ngata led a bipartisan letter to Secretary of State Omar Hale "
        "urging him to raise the removals. The letter was co-signed by Representatives Eve Moss and Ian Roe, and "
        "also signed by Senators Lia Park and Sal Ortiz.\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "Chairman"),
        ("Carl Ngata", "Ranking Member"),
        ("Eve Moss", "Representative"),
        ("Ian Roe", "Representative"),
        ("Lia Park", "Senator"),
        ("Sal Ortiz", "Senator"),
    ]
    assert [a.text for a in letter.asks] == ["raise the removals"]


def test_what_the_letter_does_ends_its_addressee_and_a_weekday_is_no_name() -> None:
    letter = _told(
        "Rep. Ada Byrne, chair of the Asylum Caucus, sent a letter to Chinese President Wen Li protesting the "
        "removals of nine refugees.\n",
        doc_type="news",
    )
    assert [(p.name, p.title) for p in letter.recipients] == [("Wen Li", "Chinese President")]
    letter = _told(
        "Sen. Ada Byrne sent a letter to Secretary Hale urging that he do everything possible to resettle the "
        "families.\n",
        doc_type="news",
    )
    assert [a.text for a in letter.asks] == ["do everything possible to resettle the families"]
    from refwatch.extract.people import is_name

    assert not is_name("Hale Wednesday")


def test_participants_listed_with_what_each_is() -> None:
    letter = _told(
        "Dozens of groups and experts from nine countries urged Beijing to free the detainees in a joint letter "
        "to President Wen Li. Other participants include Mary Holt, a crossbench peer, Ravi Shah, former envoy "
        "on refugees, and Lia Park, director of the Harbour Foundation.\n",
        doc_type="news",
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Mary Holt", "a crossbench peer"),
        ("Ravi Shah", "former envoy on refugees"),
        ("Lia Park", "director of the Harbour Foundation"),
    ]


def test_signers_listed_after_their_organisation_where_the_letter_ends() -> None:
    # A signature block the page ran together: the names after their organisation and a colon, one
    # of them misspelt as one word.
    letter = _own(
        "To Mr. Lin Wei, the Minister of Foreign Affairs:\n\nWe urge you to free the six students. "
        "2nd May 2024 Harbour Rights Forum of Ruritania: Ana Ruiz, Omar Hale, Jo-Ann Bell, Lee Min-ho, KimSu-Min\n"
    )
    assert [p.name for p in letter.senders] == [
        "Ana Ruiz",
        "Omar Hale",
        "Jo-Ann Bell",
        "Lee Min-ho",
        "KimSu-Min",
    ]
    assert {p.title for p in letter.senders} == {"Harbour Rights Forum of Ruritania"}
    # A last sentence with a colon and a list of things is no list of signers.
    letter = _own(
        "To Mr. Lin Wei, the Minister:\n\nWe urge you to free the six students. They need three things: "
        "food, water, shelter\n"
    )
    assert letter.senders == []


def test_a_salutation_heading_names_no_one_after_its_colon() -> None:
    letter = _own(
        "Dear Ana: We Hope the Leaders of Japan and North Korea Will Make Your Homecoming Possible\n\n"
        "I think of you every day.\n\nYour mother\n"
    )
    assert [p.name for p in letter.recipients if "Will Make" in p.name] == []


def test_signers_of_a_letter_to_the_editor_each_with_where_they_work() -> None:
    # The signature lines end in full stops like the prose: the last paragraph is the last line
    # that is no signer's; a rank goes, and two parts after a comma are one signer and their place.
    letter = _own(
        "Sir, we write as colleagues of the detained lecturer. We call on the government and all universities "
        "to defend academic freedom.\n\nProfessor Ada Byrne, Northfield University.\n\nDr Carl Ngata, Royal "
        "Holloway,\n\nProfessor Lena Ortiz, Law School, Eastgate University\n\nLt-Col Mara Quist\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "Northfield University"),
        ("Carl Ngata", "Royal Holloway"),
        ("Lena Ortiz", "Law School, Eastgate University"),
        ("Mara Quist", "Lt-Col"),
    ]


def test_signers_each_over_what_they_are_however_long_and_under_a_label() -> None:
    letter = _own(
        "Dear Prime Minister,\n\nWe urge you to withdraw the new rules on settlement. They will never satisfy "
        "those who call for them.\n\nSignatories:\n\nAda Byrne\nSenior Lecturer in Public Policy, Northfield "
        "University\n\nCarl Ngata\nAssociate Professor in Refugee Law, Eastgate University; Research Associate, "
        "Centre for Migration Studies, Westbrook University\n\nLena Ortiz\nLecturer, Westbrook University\n\n"
        "Mara Quist\nStudent in Psychology, Northfield University\n\nTom Reyes\nFellow, Eastgate College\n"
    )
    assert [p.name for p in letter.senders] == [
        "Ada Byrne",
        "Carl Ngata",
        "Lena Ortiz",
        "Mara Quist",
        "Tom Reyes",
    ]
    assert letter.senders[1].title.startswith("Associate Professor in Refugee Law")


def test_signers_numbered_on_one_line_and_names_side_by_side() -> None:
    # A PDF's list run into one line, some of its names left out by the page.
    letter = _own(
        "Dear Commissioner,\n\nWe urge you to ban the imports.\n\nYours sincerely,\n\n1. Ada Byrne, S&D 2. , "
        "Greens 3. Carl Ngata, EPP 4. , Renew 5. Mara Quist, Renew\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "S&D"),
        ("Carl Ngata", "EPP"),
        ("Mara Quist", "Renew"),
    ]
    letter = _own(
        "Dear Ambassador,\n\nWe ask that the two lawyers be released.\nThank you for your attention.\n"
        "Ada Byrne, Carl Ngata, Lena Ortiz\nCo-Chairs, Committee of Concerned Lawyers\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Carl Ngata", "Lena Ortiz"]


def test_signers_numbered_a_line_each_named_in_any_alphabet() -> None:
    letter = _own(
        "Dear Prime Minister,\n\nWe urge you to free the three bloggers.\n\nYours sincerely,\n\n"
        "  1. Trần Thị Ánh, Lyon, France;\n  2. Łucja Nowak, Warsaw;\n  3. Đặng Văn Minh\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Trần Thị Ánh", "Lyon, France"),
        ("Łucja Nowak", "Warsaw"),
        ("Đặng Văn Minh", None),
    ]


def test_a_signers_order_or_provincial_seat_after_the_name_and_whom_they_sign_for() -> None:
    for line, name, title in (
        ("Tomas Reyes SJ", "Tomas Reyes", "SJ"),
        ("Ada Byrne MPP", "Ada Byrne", "MPP"),
        (
            "Lena Ortiz On behalf of the Board of the Open Door Trust",
            "Lena Ortiz",
            "On behalf of the Board of the Open Door Trust",
        ),
    ):
        letter = _own(
            f"Dear Premier,\n\nI urge you to end the detention of children.\n\nYours faithfully,\n\n{line}\n"
        )
        assert [(p.name, p.title) for p in letter.senders] == [(name, title)]


def test_forms_of_address_of_other_languages_and_a_name_opened_by_an_initial() -> None:
    letter = _own(
        "Daw Khin Mya Thein\nMinister of Social Welfare\nNaypyidaw\n\nDear Daw Khin Mya Thein,\n\nWe urge "
        "you to free the detained students.\n\nSincerely,\n\nAda Byrne\n"
    )
    assert [p.name for p in letter.recipients] == ["Khin Mya Thein"]
    letter = _own("Madame Ana Reyes\nSecretary of State\n\nDear Madame Secretary,\n\nWe urge you to act.\n")
    assert [p.name for p in letter.recipients] == ["Ana Reyes"]
    letter = extract(
        "MP writes to minister\n\nThe MP said he had written to External Affairs Minister R Mehta on April 7, "
        "seeking his intervention to ensure the safe return of the eight students.\n"
    ).letter
    assert letter is not None
    assert [(p.name, p.title) for p in letter.recipients] == [("R Mehta", "External Affairs Minister")]


def test_actions_listed_after_semicolons_whatever_their_verbs_and_a_courtesy_to_receive() -> None:
    letter = _own(
        "Dear President Ruiz,\n\nThe undersigned organizations ask your Administration to immediately halt all "
        "flights to Elbonia; promptly return to the country those wrongly deported; explore other avenues of "
        "protection; and grant parole to those at the border. Please receive our warmest regards.\n"
    )
    assert [a.text for a in letter.asks] == [
        "immediately halt all flights to Elbonia",
        "promptly return to the country those wrongly deported",
        "explore other avenues of protection",
        "grant parole to those at the border",
    ]


def test_a_name_with_an_arabic_article_joined_to_it() -> None:
    letter = _own("Dear President,\n\nWe urge you to free the lawyers.\n\nSincerely,\n\nOmar al-Hakim\n")
    assert [p.name for p in letter.senders] == ["Omar al-Hakim"]


def test_signers_run_into_a_paragraph_opened_by_signed_by() -> None:
    letter = _own(
        "Dear Ms Adel,\n\nWe are all asking for your immediate release from prison. We will go on working for "
        "it.\n\nSigned by Ada Byrne, Carl Ngata, Dr Lena Ortiz, Professor Tom Reyes, Ana-Belle, and many other "
        "participants\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Carl Ngata", "Lena Ortiz", "Tom Reyes"]
    assert [a.text for a in letter.asks] == ["your immediate release from prison"]


def test_signers_with_their_party_in_brackets_families_and_the_page_source_below() -> None:
    # A newspaper's letter: peers and MPs with their party, a family's two names on one line (no
    # one named in full), what a signer is below their name, and the page's source line last.
    letter = _own(
        "Sir, we call upon the Government to reform the extradition law. The first duty of any Government is "
        "the protection of its own citizens.\n\nAda Byrne\n\nMother of Tom Byrne\n\nLord Reyes of Eastgate QC "
        "(Lib Dem)\n\nCarl Ngata MP (Con)\n\nLena Ortiz MP (Lab)\n\nMara Quist\n\nDirector, Fair Trials\n\n"
        "Julia and Richard Hale\n\nFacing extradition\n\nOmar Said\n\nSOURCE: The Daily Post\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "Mother of Tom Byrne"),
        ("Lord Reyes of Eastgate", None),
        ("Carl Ngata", "MP (Con)"),
        ("Lena Ortiz", "MP (Lab)"),
        ("Mara Quist", "Director, Fair Trials"),
        ("Omar Said", None),
    ]


def test_an_addressee_whose_surname_the_letter_sets_in_capitals() -> None:
    letter = _own(
        "5 February 2009\n\nThe Honorable Sheikh Omar bin Said AL RASHID\nMinister of Justice\nFax: +973 1 234\n\n"
        "Your Excellency:\n\nWe urge you to release the detained editors.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [(p.name, p.title) for p in letter.recipients] == [
        ("Omar bin Said Al Rashid", "Minister of Justice")
    ]


def test_a_dear_colleague_page_lists_its_signers_by_name_or_surname_above_the_letter() -> None:
    letter = _own(
        "DearColleague.us\n\nFrom: The Honorable Ada Byrne\nSent By:\nstaff@mail.house.gov\n\n"
        "Current Signers (4): Byrne, Ngata, Van Ortiz, Quist.\n\nDear Colleague,\n\nI invite you to join me in "
        "a letter to the President.\n\nSincerely,\n\nAda Byrne\nMember of Congress\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Ngata", "Van Ortiz", "Quist"]


def test_what_the_writers_trust_after_their_ask_is_not_asked() -> None:
    letter = _own(
        "Dear President Tran,\n\nWe therefore urge the immediate release of those detained and trust that none "
        "of them will be charged for their beliefs.\n\nSincerely,\n\nJo Bell\n"
    )
    assert [a.text for a in letter.asks] == ["release of those detained"]


def test_signers_in_whose_name_one_signs_listed_under_a_label_line() -> None:
    letter = _own(
        "Dear Prime Minister,\n\nWe would like to request that you release the detained bloggers.\n\nYours "
        "Sincerely,\n\nAda Byrne\nIn the name and with the consent of the following Geneva and Swiss members of "
        "parliament:\nCarl Ngata\nLena Ortiz\nMara Quist\n"
    )
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Carl Ngata", "Lena Ortiz", "Mara Quist"]


def test_the_letters_own_dateline_under_the_pages_date_and_its_writers_above_it() -> None:
    # The page's date of posting heads it; the letter's own date stands over its address block, with
    # the writers' names on a row above it and the page's heading above them.
    letter = _own(
        "Saturday, April 17, 2010\n\nLetter to President Ruiz in regards\nto the Prime Minister's Visit\n"
        "Ada Byrne, Carl Ngata, Lena Ortiz & Mara Quist, Members of Congress\n\nApril 13, 2010\n\n"
        "The Honorable Ana Ruiz\nThe President\n\nDear Madam President:\n\nWe urge you to raise the prisoners' "
        "cases.\n"
    )
    assert letter.date == "2010-04-13"
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Carl Ngata", "Lena Ortiz", "Mara Quist"]
    # Above the date, an address block is the addressees', not the writers'.
    letter = _own(
        "Open Letter to Congressmen Byrne and Ngata\nJuly 20, 2015\n\n\nThe Honorable Ada Byrne\n\nThe Honorable "
        "Carl Ngata\n\nJuly 17, 2015\n\nDear Congressmen Byrne and Ngata,\n\nWe ask you to meet the families.\n"
    )
    assert letter.senders == [] and letter.date == "2015-07-17"


def test_signers_numbered_after_co_signed_by_with_the_letters_of_their_seat_first() -> None:
    letter = _own(
        "Dear Commissioner,\n\nWe urge you to act on the case.\n\nCo-signed by 1. MEP Ada Byrne (Greens/EFA) "
        "2. MEP (Greens/EFA) 3. MEP Carl Ngata (Greens/EFA) 4. MEP Lena Ortiz (S&D)\n"
    )
    assert [(p.name, p.title) for p in letter.senders] == [
        ("Ada Byrne", "MEP"),
        ("Carl Ngata", "MEP"),
        ("Lena Ortiz", "MEP"),
    ]


def test_a_byline_and_the_building_of_an_office_address_no_one() -> None:
    letter = _own(
        "Prisoners: An Appeal To The President\n\nBy Ada Byrne\n\nDr Ada Byrne\n\nHis Excellency Tom Reyes,\n"
        "President of Elbonia\n\nYour Excellency,\n\nWe urge you to release the prisoners held without trial.\n"
    )
    assert [p.name for p in letter.recipients] == ["Tom Reyes"]
    letter = _own(
        "H.E. Tom Reyes\nPresident of Elbonia\nPresidential Palace\nIstiglal Street 19\n\nDear President Reyes,\n\n"
        "We urge you to free the journalists.\n"
    )
    assert [p.name for p in letter.recipients] == ["Tom Reyes"]


def test_a_release_printing_its_members_letter_below_a_lead_gives_the_leads_writers() -> None:
    text = (
        "Senators Call on Secretary to Act\n\nWashington, DC – U.S. Senators Ada Byrne (R-FL), Carl Ngata (D-OR) "
        "and Lena Ortiz (D-IL) today sent a letter pressing the Secretary of State to act on the crisis.\n\nThe Honorable Tom "
        "Reyes\nSecretary of State\n\nDear Secretary Reyes:\n\nWe urge you to impose sanctions on those "
        "responsible.\n"
    )
    letter = _own(text)
    assert [p.name for p in letter.senders] == ["Ada Byrne", "Carl Ngata", "Lena Ortiz"]
    assert all(p.chamber == "senate" for p in letter.senders)
    # One writer with no office is as often the page's own words: not taken from a lead.
    letter = _own(
        "Model Protest Letter\n\nPlease Mail this letter to the ambassador.\n\nDear Ambassador Reyes,\n\nWe urge "
        "you to free the prisoner at once.\n"
    )
    assert letter.senders == []
