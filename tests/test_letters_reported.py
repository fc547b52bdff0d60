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


def test_a_publisher_of_a_letter_by_others_is_not_its_writer() -> None:
    text = (
        "The Harbour Council disclosed a letter that two independent experts sent to the ministry in May about "
        "the detained families.\n"
    )
    letter = extract(text, meta={"type": "news"}).letter
    assert letter is None or all("Council" not in p.name for p in letter.senders)
