"""The learned components of extraction (refwatch/extract/parties.py, ask_sentences.py) and the
regression behind them.

The models' own examples run in tests/test_rules.py with every rule's; here: the shipped weights
are what the annotated sets give, the models never override the rules, and without a model file
extraction is the rules' alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refwatch.extract import ask_sentences, extract, logistic, parties
from refwatch.extract.model import Ask
from refwatch.extract.rules import RULES

ROOT = Path(__file__).resolve().parents[1]


# Training reads ../shared/eval (its dev set and the scorer that labels asks) beside the project, as
# bench/quality.py does: a checkout without it cannot train the same models.
@pytest.mark.skipif(not (ROOT.parent / "shared" / "eval" / "score.py").exists(), reason="no ../shared/eval")
def test_the_shipped_models_are_what_the_annotated_sets_train() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "train.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_logistic_regression_learns_a_separable_rule_the_same_way_twice() -> None:
    rows = [{"w:urge", "bias"}, {"w:urge", "w:we", "bias"}, {"w:weather", "bias"}, {"w:rain", "bias"}] * 5
    labels = [True, True, False, False] * 5
    weights = logistic.fit(rows, labels, steps=200)
    assert weights == logistic.fit(rows, labels, steps=200)
    assert weights["w:urge"] > 1.0 > 0 > weights["w:weather"]
    assert logistic.probability(weights, {"w:urge", "bias"}) > 0.75
    assert logistic.probability(weights, {"w:rain", "bias"}) < 0.25
    # A feature never seen in training says nothing.
    assert logistic.probability(weights, {"never seen"}) == 0.5


def test_candidates_are_names_without_their_titles_and_one_person_however_written() -> None:
    text = "Senators Bob Corker and Oscar Arias wrote. Since Oscar Arias spoke, Will Hurd left."
    found = parties.mentions(text)
    names = {m.name for said in found.values() for m in said}
    assert names == {"Bob Corker", "Oscar Arias", "Will Hurd"}
    arias = found[parties.person_key("Oscar Arias")]
    assert [text[m.start : m.end] for m in arias] == ["Oscar Arias", "Oscar Arias"]
    assert parties.person_key("Óscar Arias") == parties.person_key("Oscar Arias")
    assert parties.same_person(parties.person_key("Chris Smith"), parties.person_key("Christopher H. Smith"))
    assert not parties.same_person(parties.person_key("Chris Smith"), parties.person_key("Adam Smith"))
    assert parties.person_key("Lord Alton of Liverpool")[1] == "alton"


TOLD = (
    "Writers urge release of detained editor\n\nMore than 90 writers have signed a letter calling for "
    "the release of the editor Samuel Okoth. Signatories to the letter include the poet Ana Ferreira; "
    "the film-maker Jonas Weber; and Lucia Moreno, the daughter of a jailed journalist."
)


def _parties(text: str) -> dict[str, list[tuple[str, str]]]:
    letter = extract(text).letter
    assert letter is not None
    return {
        "senders": [(p.name, p.extractor) for p in letter.senders],
        "recipients": [(p.name, p.extractor) for p in letter.recipients],
    }


def test_a_learned_sender_carries_its_rule_span_and_measured_confidence() -> None:
    letter = extract(TOLD).letter
    assert letter is not None
    learned = [p for p in letter.senders if p.extractor == parties.LEARNED_SENDER]
    assert [p.name for p in learned] == ["Lucia Moreno"]
    assert TOLD[learned[0].start : learned[0].end] == "Lucia Moreno" == learned[0].quote
    assert 0 < learned[0].confidence <= 1
    # The person the letter is about is neither writer nor addressee.
    assert "Samuel Okoth" not in {p.name for p in letter.senders + letter.recipients}


def test_the_models_never_move_a_name_the_rules_placed() -> None:
    text = (
        "Do not deport the Hmong families\n\nThe following is an open letter to Karin Lund, Sweden's "
        "ambassador to Thailand.\n\nWe are deeply concerned by reports that 40 Hmong families held in "
        "Nong Khai face deportation. We urge you to raise their case with the Thai authorities."
    )
    found = _parties(text)
    assert ("Karin Lund", "reported.apposed_office") in found["recipients"]
    assert all(name != "Karin Lund" for name, _ in found["senders"])
    assert [name for name, _ in found["recipients"]].count("Karin Lund") == 1


def test_without_a_model_file_extraction_is_the_rules_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with_models = _parties(TOLD)
    assert any(rule == parties.LEARNED_SENDER for _, rule in with_models["senders"])
    broken = tmp_path / "parties_model.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(parties, "MODEL_FILE", broken)
    parties.models.cache_clear()
    try:
        without = _parties(TOLD)
    finally:
        parties.models.cache_clear()
    assert without["senders"] == [s for s in with_models["senders"] if s[1] != parties.LEARNED_SENDER]
    assert without["recipients"] == with_models["recipients"]


def test_sentences_are_the_quotes_of_their_spans_and_an_ask_is_not_taken_twice() -> None:
    # A sentence ends after its stop and closing quotation mark; a fragment ("she said.") is none.
    text = "Bishops write\n\nThey urge the minister to halt the flight. “Free the editor now!” she said.\n  \nNo."
    bounds = ask_sentences.sentences(text)
    assert [text[a:b] for a, b in bounds] == [
        "They urge the minister to halt the flight.",
        "“Free the editor now!”",
    ]
    found = [Ask(text="halt the flight")]
    assert ask_sentences._holds("They urge the minister to halt the flight.", found)
    assert not ask_sentences._holds("“Free the editor now!”", found)


def test_without_an_asks_model_no_sentence_is_added(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = RULES[ask_sentences.LEARNED_ASK].examples[0].text
    letter = extract(text).letter
    assert letter is not None and any(a.extractor == ask_sentences.LEARNED_ASK for a in letter.asks)
    monkeypatch.setattr(ask_sentences, "MODEL_FILE", tmp_path / "missing.json")
    ask_sentences.models.cache_clear()
    try:
        letter = extract(text).letter
    finally:
        ask_sentences.models.cache_clear()
    assert letter is not None and not any(a.extractor == ask_sentences.LEARNED_ASK for a in letter.asks)


def test_a_mention_reads_a_bounded_sentence_in_a_text_with_no_sentence_end() -> None:
    # A list run together with no stop or line break: each mention reads its neighbourhood, not the
    # rest of the text (which made 3,000 names in 114 kB take 15 s, 0.5 s now).
    text = "word " * 2000
    assert parties._sentence(text, 5000, 5010) == (5000 - parties._REACH, 5010 + parties._REACH)
    assert parties._sentence("One. Two Ann Lee here. Three.", 9, 16) == (4, 21)


def test_a_model_that_takes_every_sentence_still_adds_no_umbrella_and_no_call_to_the_reader(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Every sentence scores 0.5 over a threshold of 0.4: what is left out is left out by the
    # conventions, not by the weights.
    eager = tmp_path / "asks_model.json"
    eager.write_text('{"asks": {"weights": {}, "threshold": 0.4}}', encoding="utf-8")
    monkeypatch.setattr(ask_sentences, "MODEL_FILE", eager)
    ask_sentences.models.cache_clear()
    try:
        own = extract(
            "Dear Consul Dunn,\n\nWe call on your government to respect the law. Specifically, we call on it to "
            "free the nine fishermen and to close the camp at Tarn. We also want the harbour reopened.\n\n"
            "Yours sincerely,\n\nIda Moe\n",
            meta={"type": "letter"},
        ).letter
        told = extract(
            "A letter from our councillors to Lin Wei, the President of Ruritania, puts pressure on his "
            "government to stop deporting the fishermen.\n\nThe fishermen have waited a year.\n\n"
            "Please sign an alert that urges your councillor to sign the letter.\n"
        ).letter
    finally:
        ask_sentences.models.cache_clear()
    assert own is not None and told is not None and told.reported
    learned = [a.text for a in own.asks if a.extractor == ask_sentences.LEARNED_ASK]
    assert "We also want the harbour reopened." in learned
    assert not any("respect the law" in a for a in learned)
    learned = [a.text for a in told.asks if a.extractor == ask_sentences.LEARNED_ASK]
    assert "The fishermen have waited a year." in learned
    assert not any("Please sign" in a for a in learned)
