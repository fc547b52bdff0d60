"""Bad input: extraction gives a clear error or an empty result, never a crash or a hang."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refwatch.extract import extract
from refwatch.extract.nlp import sentence_starts
from refwatch.extract.pipeline import MAX_CHARS, ExtractionError


def test_empty_text_gives_an_empty_result() -> None:
    result = extract("")
    assert result.repatriations == [] and result.letter is None and result.doc_date is None


def test_text_over_the_limit_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ExtractionError, match="over the limit"):
        extract("a" * (MAX_CHARS + 1))


def test_bytes_are_refused() -> None:
    with pytest.raises(ExtractionError, match="not bytes"):
        extract(b"China repatriated 600 North Koreans")  # type: ignore[arg-type]


def test_binary_garbage_and_invalid_utf8_decoded_with_replacement() -> None:
    garbage = bytes(range(256)).decode("latin-1") * 200
    assert extract(garbage).repatriations == []
    broken = (b"China repatriated \xff\xfe 600 North Koreans on October 9, 2023.").decode("utf-8", "replace")
    assert [r.count for r in extract(broken).repatriations] == [600]


def test_long_text_without_sentence_ends_finishes() -> None:
    text = ("China repatriated 600 North Koreans on October 9 2023 and " * 10_000).strip()
    result = extract(text, doc_date="2024-01-01")
    assert result.repatriations  # the same event told many times is one record
    assert len(result.repatriations) == 1


def test_numbers_everywhere() -> None:
    text = " ".join(str(i) for i in range(50_000))
    assert extract(text).repatriations == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_never_crashes(text: str) -> None:
    result = extract(text, doc_date="2024-05-02")
    for r in result.repatriations + result.figures:  # type: ignore[operator]
        assert text[r.start : r.end] == r.quote


WORDS = st.sampled_from(
    "China repatriated deported sent back North Koreans defectors about at least 600 1,076 hundreds of on "
    "October 9, 2023 last week since 2020 Monday night mid-February , . \n Dear Sincerely Senator".split(" ")
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=80).map(" ".join))
def test_random_domain_words_never_crash(text: str) -> None:
    result = extract(text, doc_date="2024-05-02")
    for r in result.repatriations:
        assert text[r.start : r.end] == r.quote
        assert r.count is None or r.count > 0


def test_a_bullet_starts_a_sentence_at_a_line_start_or_inside_a_line() -> None:
    text = "Activists call on leaders to ally with Hong Kong\n  • The ads ran in six papers • A campaign raised funds"
    starts = sentence_starts(text)
    assert text.index("The ads") in starts
    assert text.index("A campaign") in starts


def test_initials_end_a_sentence_only_before_a_word_that_opens_one() -> None:
    text = "The signatories include the novelists J.M. Tolan and Ana Ruiz. They wrote as the P.E.N. The talks ended."
    starts = sentence_starts(text)
    assert text.index("Tolan") not in starts
    assert text.index("The talks") in starts


def test_wire_copy_wrapped_narrower_than_a_short_line_keeps_its_sentences_whole() -> None:
    text = (
        "Lawmakers press on Xinjiang\n\nThe group also asked the administration to work with allies and\n"
        "partners to hold a Security Council meeting at the United\nNations to appoint a special rapporteur "
        "to look into the\nsituation in Xinjiang province.\nThe United States and China have been at odds for\n"
        "months over the pandemic.\n"
    )
    starts = sentence_starts(text)
    assert text.index("Nations to appoint") not in starts
    assert text.index("The group") in starts and text.index("The United States") in starts


def test_an_organisation_urging_governments_named_at_length_finishes() -> None:
    # Read as a letter, "urges the governments of A and the Democratic Republic of B (DRB) to …"
    # once sent the addressee pattern backtracking for ever (a word could be cut into any number of
    # "capitalised" pieces, the pattern being case-blind). Extraction runs in a child, so that a hang
    # fails this test instead of stopping the suite.
    text = (
        "RURITANIA: ARBITRARY DETENTION OF ANA RUIZ\n\nThe Ruritanian League Against Arbitrary Detention "
        "urges the governments of Ruritania and the Democratic Republic of Borduria (DRB) to take all "
        "necessary measures to implement Opinion No. 12/2024 of the United Nations Working Group on "
        "Arbitrary Detention concerning Ana Ruiz, urging her immediate and unconditional release and "
        "provision of an enforceable right to compensation and other reparations in accordance with "
        "international law.\n"
    )
    code = (
        "import sys; from refwatch.extract import extract; extract(sys.stdin.read(), meta={'type': 'letter'})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=text, text=True, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
