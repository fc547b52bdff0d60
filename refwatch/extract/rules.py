"""The named rules of extraction: each has an id, a description with examples, and a precision
measured on annotated documents.

Every record says which rule made it (`extractor`, e.g. "incidents.passive_over_period").
A rule is declared once, beside the code that applies it:

    PASSIVE = rule(
        "incidents.passive_over_period",
        "A count as the subject of a passive return verb over a period.",
        field="repatriations",
        examples=[Example("Another 80 were sent back over June and July 2021.", {"count": 80})],
    )

The examples are our own sentences; tests/test_rules.py runs every one through `extract`
and checks that the rule made a record with the expected values. The confidence of a record
is its rule's precision measured by `bench/quality.py --calibrate` (stored in
lexicon/rule_precision.json); a rule not yet measured gets PRIOR, said as such by
`refwatch extract --rules`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PRECISION_FILE = Path(__file__).resolve().parent / "lexicon" / "rule_precision.json"
PRIOR = 0.5  # the confidence of a rule never measured: as likely wrong as right
MIN_FIRINGS = 3  # below this many records on the annotated sets, a rule keeps the prior


@dataclass(frozen=True)
class Example:
    """A text of our own and what the rule must find in it: a record of `field` whose keys
    (as in the JSON output) have these values. `expected=None` means the rule must not fire."""

    text: str
    expected: dict[str, Any] | None = field(default_factory=dict)
    doc_date: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    field: str  # the output list its records go to: "repatriations", "other_figures", "senders", …
    examples: tuple[Example, ...] = ()


RULES: dict[str, Rule] = {}


def rule(rule_id: str, description: str, *, field: str, examples: list[Example] | None = None) -> str:
    """Declare a rule; returns its id, the value of `extractor` on the records it makes."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    RULES[rule_id] = Rule(rule_id, description.strip(), field, tuple(examples or ()))
    return rule_id


@lru_cache(maxsize=1)
def measured() -> dict[str, dict[str, Any]]:
    """The rules' measurements: {rule id: {"firings", "correct", "precision"}}."""
    try:
        return json.loads(PRECISION_FILE.read_text(encoding="utf-8")).get("rules", {})
    except (OSError, ValueError):
        return {}


def precision(rule_id: str) -> float | None:
    """The measured precision of a rule, or None when it fired too rarely to be measured."""
    m = measured().get(rule_id)
    if not m or m.get("firings", 0) < MIN_FIRINGS:
        return None
    return float(m["precision"])


def confidence(rule_id: str) -> float:
    """The confidence of a record made by the rule: its measured precision, else PRIOR.
    Kept inside (0, 1]: a rule measured at 0 still made a record someone may accept."""
    p = precision(rule_id)
    return PRIOR if p is None else min(1.0, max(0.05, p))
