"""Bad input: extraction gives a clear error or an empty result, never a crash or a hang."""

from __future__ import annotations

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
