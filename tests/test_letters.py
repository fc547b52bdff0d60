"""Letters on texts of our own: signature layouts, recipient blocks, asks, reported letters."""

from __future__ import annotations

import pytest

from refwatch.extract import extract
from refwatch.extract.asks import same_ask
from refwatch.extract.people import chamber_of, is_name, split_title_name

HEAD = """Congress of the United States
Washington, DC 20515

March 3, 2024

The Honorable Antony J. Blinken
Secretary of State
U.S. Department of State
2201 C Street NW
Washington, DC 20520

Dear Secretary Blinken:

We write to respectfully request that you urge the Chinese government to halt the forced return of
North Korean refugees, to grant UNHCR access to those detained, and publicly condemn the practice.

Sincerely,

"""


def _letter(signature: str, head: str = HEAD):
    result = extract(head + signature, meta={"type": "letter"})
    assert result.letter is not None
    return result.letter


@pytest.mark.parametrize(
    "signature",
    [
        # one signer a line, name and title together
        "Jane Q. Doe Member of Congress\nJohn Roe United States Senator\nAmi Bera, M.D. Member of Congress\n",
        # name and title on separate lines, blank lines between (PDF text)
        "Jane Q. Doe\n\nMember of Congress\n\n\nJohn Roe\nUnited States Senator\n\nAmi Bera, M.D.\n\nMember of Congress\n",
        # two signers run together on one line (columns read across)
        "Jane Q. Doe Member of Congress John Roe\n\nUnited States Senator\n\nAmi Bera, M.D. Member of Congress\n",
    ],
    ids=["one-line", "separate-lines", "run-together"],
)
def test_signature_layouts(signature: str) -> None:
    letter = _letter(signature)
    assert [(p.name, p.chamber) for p in letter.senders] == [
        ("Jane Q. Doe", "house"),
        ("John Roe", "senate"),
        ("Ami Bera, M.D.", "house"),
    ]
    text = HEAD + signature
    for p in letter.senders:
        assert text[p.start : p.end] == p.quote and p.name.split()[0] in p.quote


def test_title_continued_on_the_next_line() -> None:
    letter = _letter("Christopher H. Smith\nChairman\nCongressional-Executive Commission on China\n")
    (smith,) = letter.senders
    assert smith.name == "Christopher H. Smith"
    assert smith.title == "Chairman, Congressional-Executive Commission on China"
    assert smith.chamber is None  # the CECC has members of both chambers


def test_recipient_block_lines() -> None:
    letter = _letter("Jane Q. Doe\nMember of Congress\n")
    (r,) = letter.recipients
    assert r.name == "Antony J. Blinken"
    assert r.title == "Secretary of State, U.S. Department of State"
    assert r.address == ["2201 C Street NW", "Washington, DC 20520"]
    assert letter.salutation == "Dear Secretary Blinken"
    assert letter.date == "2024-03-03"


def test_recipient_block_on_one_line_and_cc() -> None:
    head = (
        "June 1, 2024\n\nThe Honorable Jane Smith United States Ambassador to the People's Republic of China "
        "55 Anjialou Rd, Chaoyang District Beijing, China, 100600\n\nCC:\nWang Yi\nForeign Minister\n"
        "Ministry of Foreign Affairs\nNo. 2, Chaoyangmen Nandajie\n\nDear Ambassador Smith,\n\n"
        "We urge you to press the PRC to stop the forced repatriation of North Koreans.\n\nSincerely,\n\n"
    )
    letter = _letter("John Roe\nUnited States Senator\n", head=head)
    assert [(r.name, r.cc) for r in letter.recipients] == [("Jane Smith", False), ("Wang Yi", True)]
    assert letter.recipients[0].title == "United States Ambassador to the People's Republic of China"
    assert letter.recipients[1].title == "Foreign Minister, Ministry of Foreign Affairs"


def test_asks_are_split_at_coordinated_verbs_and_kept_once() -> None:
    body = HEAD.replace(
        "publicly condemn the practice.",
        "publicly condemn the practice.\n\nAgain, we urge you to urge the Chinese government to halt the forced "
        "return of North Korean refugees.",
    )
    letter = _letter("Jane Q. Doe\nMember of Congress\n", head=body)
    assert [a.text for a in letter.asks] == [
        "urge the Chinese government to halt the forced return of North Korean refugees",
        "grant UNHCR access to those detained",
        "publicly condemn the practice",
    ]
    assert letter.asks[0].target == "the Chinese government"
    assert letter.asks[1].target == "Antony J. Blinken"


def test_an_ask_that_only_points_back_is_no_ask() -> None:
    body = HEAD.replace(
        "publicly condemn the practice.",
        "publicly condemn the practice.\n\nOther governments have spoken out. We urge you to do the same.",
    )
    letter = _letter("Jane Q. Doe\nMember of Congress\n", head=body)
    texts = [a.text for a in letter.asks]
    assert "publicly condemn the practice" in texts
    assert not any(t.startswith("do the same") for t in texts)


def test_asks_in_a_list() -> None:
    head = HEAD.replace(
        "We write to respectfully request that you urge the Chinese government to halt the forced return of\n"
        "North Korean refugees, to grant UNHCR access to those detained, and publicly condemn the practice.",
        "We urge you to:\n1. Raise the forced return of North Koreans with Beijing.\n"
        "2. Designate a special envoy for North Korean refugees.\n",
    )
    letter = _letter("Jane Q. Doe\nMember of Congress\n", head=head)
    assert [a.text for a in letter.asks] == [
        "Raise the forced return of North Koreans with Beijing",
        "Designate a special envoy for North Korean refugees",
    ]


def test_reference_commitment_and_outcome() -> None:
    head = HEAD.replace(
        "Sincerely,",
        "In November 2025, a bipartisan group of Members of Congress wrote to Secretary of State Antony "
        "Blinken, urging him to act. In April 2025, during your remarks at a hearing before the Senate "
        "Foreign Relations Committee, you committed to holding the PRC accountable. The ambassador asked "
        "for access to detainees, all of which have been repeatedly denied.\n\nSincerely,",
    )
    letter = _letter("Jane Q. Doe\nMember of Congress\n", head=head)
    (ref,) = letter.references
    assert (ref.date, ref.recipient) == ("2025-11", "Antony Blinken")
    (c,) = letter.commitments
    assert (c.who, c.what, c.when) == ("Antony J. Blinken", "holding the PRC accountable", "2025-04")
    assert c.where and "Senate Foreign Relations Committee" in c.where
    (o,) = letter.outcomes
    assert o.status == "denied"


def test_reported_letter_in_a_press_release() -> None:
    text = (
        "WASHINGTON - Senators Marco Rubio (R-FL) and Jeff Merkley (D-OR) and Representative Young Kim (CA-40) "
        "sent a letter to Secretary of State Antony Blinken urging him to press China to stop forcibly "
        "returning North Koreans and to raise the issue at the United Nations.\n"
    )
    result = extract(text, meta={"type": "statement"})
    letter = result.letter
    assert letter is not None and letter.reported
    assert [(p.name, p.title, p.chamber) for p in letter.senders] == [
        ("Marco Rubio", "Senator (R-FL)", "senate"),
        ("Jeff Merkley", "Senator (D-OR)", "senate"),
        ("Young Kim", "Representative (CA-40)", "house"),
    ]
    assert [(p.name, p.title) for p in letter.recipients] == [("Antony Blinken", "Secretary of State")]
    assert [a.text for a in letter.asks] == [
        "press China to stop forcibly returning North Koreans",
        "raise the issue at the United Nations",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The senators said China must stop sending North Koreans back. Dear readers, subscribe.",
        "Rep. Chris Smith called on the UN Secretary-General to act at a hearing on June 13.",
        "Human rights groups wrote to the UN last year about the returns.",
    ],
)
def test_no_letter_where_none_is_told(text: str) -> None:
    assert extract(text, meta={"type": "news"}).letter is None


def test_names_and_titles() -> None:
    assert is_name("James R. Walkinshaw") and is_name("Ami Bera, M.D.") and is_name("Chris Van Hollen")
    assert not is_name("Member of Congress") and not is_name("People's Republic of China")
    assert not is_name("Secretary") and not is_name("United States Senator")
    assert split_title_name("U.S. Ambassador to the PRC, David Perdue") == (
        "David Perdue",
        "U.S. Ambassador to the PRC",
    )
    assert split_title_name("President Donald J. Trump") == ("Donald J. Trump", "President")
    assert split_title_name("David Perdue, United States Ambassador") == (
        "David Perdue",
        "United States Ambassador",
    )
    assert split_title_name("the Chinese government") is None
    # The state an office is of ends the title, whatever the length of the name after it.
    assert split_title_name("President of Peru Ana María Ruiz Ortega") == (
        "Ana María Ruiz Ortega",
        "President of Peru",
    )
    assert split_title_name("Minister of National Defense Kim Yung-ho") == (
        "Kim Yung-ho",
        "Minister of National Defense",
    )
    assert split_title_name("President-elect Ana Ruiz") == ("Ana Ruiz", "President-elect")
    assert chamber_of("Congresswoman (CA-40)") == "house" and chamber_of("U.S. Senator") == "senate"
    assert chamber_of("Chairman") is None


def test_same_ask() -> None:
    assert same_ask(
        "grant refugee status to these individuals",
        "grant refugee status to these individuals to travel to a safe third country",
    )
    assert not same_ask(
        "halt the forcible repatriation of North Korean refugees",
        "grant refugee status to North Korean refugees",
    )


def test_reported_letter_in_news_agency_style() -> None:
    text = (
        "WASHINGTON (AP) — Sens. Tim Kaine, D-Va., and Chris Van Hollen, D-Md., sent a letter Tuesday to "
        "Secretary of State Marco Rubio urging him to press Beijing to stop returning North Korean refugees.\n"
    )
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is not None and letter.reported
    assert [(p.name, p.chamber) for p in letter.senders] == [
        ("Tim Kaine", "senate"),
        ("Chris Van Hollen", "senate"),
    ]
    assert [(p.name, p.title) for p in letter.recipients] == [("Marco Rubio", "Secretary of State")]
    assert [a.text for a in letter.asks] == ["press Beijing to stop returning North Korean refugees"]


def test_signature_columns_read_across() -> None:
    letter = _letter(
        "Marco Rubio Jeff Merkley\nUnited States Senator United States Senator\n\n"
        "James R. Walkinshaw Ami Bera, M.D.\nMember of Congress Member of Congress\n"
    )
    assert [(p.name, p.chamber) for p in letter.senders] == [
        ("Marco Rubio", "senate"),
        ("Jeff Merkley", "senate"),
        ("James R. Walkinshaw", "house"),
        ("Ami Bera, M.D.", "house"),
    ]


def test_a_row_of_names_that_splits_two_ways_gives_none() -> None:
    # "Chris Van" + "Hollen Peter Welch" is as good a split as the right one: no guess.
    letter = _letter("Chris Van Hollen Peter Welch\nUnited States Senator United States Senator\n")
    assert letter.senders == []


def test_excellency_and_copies_below_the_signature() -> None:
    text = (
        "June 1, 2024\n\nH.E. Xi Jinping\nPresident of the People's Republic of China\nZhongnanhai, Beijing\n\n"
        "Your Excellency,\n\nWe urge your government to halt the forced return of North Koreans.\n\n"
        "Sincerely,\n\nJane Q. Doe\nMember of Congress\n\n"
        "cc: The Honorable Antony Blinken, Secretary of State\nMr. Wang Yi, Minister of Foreign Affairs\n"
    )
    letter = extract(text, meta={"type": "letter"}).letter
    assert letter is not None
    assert [(p.name, p.cc) for p in letter.recipients] == [
        ("Xi Jinping", False),
        ("Antony Blinken", True),
        ("Wang Yi", True),
    ]
    assert [p.name for p in letter.senders] == ["Jane Q. Doe"]
    assert [(a.text, a.target) for a in letter.asks] == [
        ("halt the forced return of North Koreans", "Xi Jinping")
    ]


def test_reported_letter_of_organisations() -> None:
    text = (
        "SEOUL - Human Rights Watch and the Citizens' Alliance for North Korean Human Rights sent a letter to "
        "President Xi Jinping on Monday urging him to stop the forced return of North Koreans.\n"
    )
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is not None and letter.reported
    assert [p.name for p in letter.senders] == [
        "Human Rights Watch",
        "Citizens' Alliance for North Korean Human Rights",
    ]
    assert [(p.name, p.title) for p in letter.recipients] == [("Xi Jinping", "President")]


def test_a_letter_after_an_opening_clause_is_of_the_subject_after_it() -> None:
    """Who speaks in the opening clause did not write the letter; the subject after it did."""
    text = "After the UN Special Rapporteur said the returns must stop, Amnesty International sent a letter to Xi."
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is not None
    assert [p.name for p in letter.senders] == ["Amnesty International"]


def test_a_letter_is_titled_by_its_addressee() -> None:
    result = extract(HEAD + "Jane Q. Doe\nMember of Congress\n", meta={"type": "letter"})
    assert result.title == "Letter to Antony J. Blinken, Secretary of State, U.S. Department of State"
    titled = extract(HEAD, meta={"type": "letter", "title": "Our letter"})
    assert titled.title == "Our letter"


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "Jane Q. Doe Member of Congress John Roe\n\nUnited States Senator\n",
        "June 1, 2024\n\nH.E. Xi Jinping\nPresident\n\nYour Excellency,\n\nWe urge you to stop.\n\nSincerely,\n\n"
        "Jane Q. Doe\nMember of Congress\n\ncc:   Mr. Wang Yi, Minister of Foreign Affairs  \n",
    ],
)
def test_every_letter_record_quotes_its_span(text: str) -> None:
    letter = extract(text, meta={"type": "letter"}).letter
    assert letter is not None
    records = [*letter.senders, *letter.recipients, *letter.asks, *letter.references, *letter.commitments]
    assert records
    for r in records:
        assert text[r.start : r.end] == r.quote, r


@pytest.mark.parametrize(
    ("body", "asks"),
    [
        (
            "Specifically, we request that you:\n\n(1) raise the forced return of North Koreans with PRC officials;\n"
            "(2) press the PRC to grant UNHCR access to detainees; and\n(3) work with allies to resettle refugees.",
            [
                "raise the forced return of North Koreans with PRC officials",
                "press the PRC to grant UNHCR access to detainees",
                "work with allies to resettle refugees",
            ],
        ),
        (
            "We respectfully urge the Administration to take the following actions:\n"
            "• Publicly condemn the forced return of North Koreans.\n• Raise individual cases with Beijing.",
            ["Publicly condemn the forced return of North Koreans", "Raise individual cases with Beijing"],
        ),
        (
            "Please raise this issue with your Chinese counterparts at the earliest opportunity.",
            ["raise this issue with your Chinese counterparts at the earliest opportunity"],
        ),
        (
            # Two verbs that share one object, joined after "as well as".
            "We urge you to use your influence as well as initiate and support an inquiry into the case.",
            ["use your influence as well as initiate and support an inquiry into the case"],
        ),
        (
            # A heading line without a full stop, then a sentence starting "On": two sentences.
            "We call on the Chinese government to stop the forced repatriation of North Korean defectors\n"
            "On October 9th, the Chinese government repatriated approximately 600 North Korean defectors.",
            ["stop the forced repatriation of North Korean defectors"],
        ),
    ],
    ids=["numbered-list", "following-actions", "please", "shared-object", "heading-then-sentence"],
)
def test_asks_in_the_forms_letters_use(body: str, asks: list[str]) -> None:
    head = HEAD.split("We write to")[0]
    letter = _letter("Jane Q. Doe\nMember of Congress\n", head=head + body + "\n\nSincerely,\n\n")
    assert [a.text for a in letter.asks] == asks


def test_signers_listed_title_first() -> None:
    letter = _letter("Senator Jane Doe\nRepresentative John Roe\n/s/ Sen. Ann Lee\n")
    assert [(p.name, p.chamber) for p in letter.senders] == [
        ("Jane Doe", "senate"),
        ("John Roe", "house"),
        ("Ann Lee", "senate"),
    ]
