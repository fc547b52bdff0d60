"""Every named rule's own examples: the rule makes the record its description promises, and
nothing where an example says it must not fire. The examples are written for the rules, not
taken from any document."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from refwatch.extract import extract
from refwatch.extract.lexicon import LEXICON, alternation, token_patterns, words
from refwatch.extract.rules import PRIOR, RULES, Example, confidence, measured

CASES = [(rule_id, k, ex) for rule_id, rule in sorted(RULES.items()) for k, ex in enumerate(rule.examples)]


def _records(out: dict[str, Any], field: str) -> list[dict[str, Any]]:
    if field in ("senders", "recipients", "asks", "ask_details"):
        letter = out.get("letter") or {}
        return letter.get("ask_details" if field == "asks" else field) or []
    return out.get(field) or []


@pytest.mark.parametrize(("rule_id", "k", "example"), CASES, ids=[f"{r}-{k}" for r, k, _ in CASES])
def test_rule_example(rule_id: str, k: int, example: Example) -> None:
    rule = RULES[rule_id]
    out = json.loads(json.dumps(extract(example.text, doc_date=example.doc_date).to_json()))
    made = [r for r in _records(out, rule.field) if r["extractor"] == rule_id]
    if example.expected is None:
        assert made == [], f"{rule_id} must not fire on {example.text!r}"
        return
    assert any(all(r.get(key) == value for key, value in example.expected.items()) for r in made), (
        f"{rule_id} on {example.text!r}: expected {example.expected}, made {made}"
    )


def test_every_repatriation_rule_has_an_example() -> None:
    bare = [r.id for r in RULES.values() if r.field == "repatriations" and not r.examples]
    # A rule that reads a layout (a line cut in a PDF) cannot be shown in one sentence.
    assert set(bare) <= {"incidents.relative_line"}, bare


def test_confidence_is_the_measured_precision_or_the_prior() -> None:
    for rule_id, m in measured().items():
        c = confidence(rule_id)
        assert c == PRIOR or abs(c - max(0.05, m["precision"])) < 1e-9
    assert confidence("no.such.rule") == PRIOR


def test_lexicon_lists_nothing_twice_within_a_list() -> None:
    def lists(node: Any, path: str = "") -> list[tuple[str, list]]:
        if isinstance(node, list):
            return [(path, node)]
        if isinstance(node, dict):
            return [x for k, v in node.items() for x in lists(v, f"{path}.{k}")]
        return []

    for path, items in lists(LEXICON):
        assert len(items) == len(set(items)), f"{path} lists a word twice"


def test_alternation_tries_the_longest_first_and_patterns_split_words() -> None:
    assert re.fullmatch(alternation(["South", "South Korea"]), "South Korea")
    assert re.match(alternation(["South", "South Korea"]), "South  Korea").group(0) == "South  Korea"
    assert token_patterns(["sent back"]) == [[{"LOWER": "sent"}, {"LOWER": "back"}]]
    assert "Dandong" in words("places.places.Dandong.aliases")


def test_a_failing_rule_is_a_warning_and_the_rest_is_still_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    from refwatch.extract import pipeline

    def broken(ctx: object) -> list:
        raise RuntimeError("rule broke")

    monkeypatch.setattr(pipeline, "find_actors", broken)
    result = extract("China repatriated 60 North Korean refugees on 2 May 2024.")
    assert any("actors" in w and "rule broke" in w for w in result.warnings)
    assert [r.count for r in result.repatriations] == [60]


def test_a_date_that_cannot_be_read_is_a_warning() -> None:
    result = extract("China repatriated 60 North Korean refugees on February 30, 2024.")
    assert any("February 30" in w for w in result.warnings), result.warnings


def test_the_rules_command_lists_each_rule_with_its_precision_or_prior() -> None:
    from typer.testing import CliRunner

    from refwatch.cli import app

    result = CliRunner().invoke(app, ["extract", "--rules"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for rule_id in RULES:
        assert rule_id in result.output
    assert "prior" in result.output or all(confidence(r) != PRIOR for r in RULES)


def test_extract_without_files_or_rules_is_a_usage_error() -> None:
    from typer.testing import CliRunner

    from refwatch.cli import app

    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 2
