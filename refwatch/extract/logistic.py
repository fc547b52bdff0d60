"""Binary logistic regression over sets of string features, trained here, read as plain JSON.

Written out rather than taken from scikit-learn: that is not a dependency of refwatch, and what
is needed is a dozen lines of numpy (already one) whose weights can be read by any reader of the
model file and whose training is deterministic (full batch, a fixed number of steps, no
shuffling), so that `bench/train.py` run again on the same documents gives the same weights.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


def fit(
    rows: Sequence[Iterable[str]],
    labels: Sequence[bool],
    *,
    l2: float = 1.0,
    steps: int = 300,
    rate: float = 0.1,
) -> dict[str, float]:
    """The weight of every feature seen in `rows` (a row: the features of one example) that
    best predicts `labels`, with an L2 penalty of `l2`; Adam over the full batch."""
    vocab: dict[str, int] = {}
    index = [[vocab.setdefault(f, len(vocab)) for f in sorted(set(row))] for row in rows]
    if not vocab:
        return {}
    cols = np.concatenate([np.asarray(r, dtype=np.int64) for r in index])
    which = np.concatenate([np.full(len(r), k, dtype=np.int64) for k, r in enumerate(index)])
    y = np.asarray(labels, dtype=float)
    n, size = len(index), len(vocab)
    w, m, v = np.zeros(size), np.zeros(size), np.zeros(size)
    b1, b2 = 0.9, 0.999
    for t in range(1, steps + 1):
        z = np.bincount(which, weights=w[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-z))
        g = (np.bincount(cols, weights=(p - y)[which], minlength=size) + l2 * w) / n
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= rate * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
    return {f: float(w[i]) for f, i in vocab.items() if w[i] != 0.0}


def probability(weights: Mapping[str, float], features: Iterable[str]) -> float:
    """How likely the example with `features` is a positive one; features never seen weigh 0."""
    z = sum(weights.get(f, 0.0) for f in set(features))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@dataclass(frozen=True)
class Model:
    """Trained weights and the probability over which what they describe is taken."""

    weights: dict[str, float]
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        return probability(self.weights, features)


def read(path: Path, names: Iterable[str]) -> dict[str, Model]:
    """The models `names` that `path` holds (as `describe` wrote them); none where the file is
    missing or unreadable, so that extraction stays the rules' alone rather than failing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: Model(
                {str(k): float(v) for k, v in data[name]["weights"].items()}, float(data[name]["threshold"])
            )
            for name in names
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


# Weights smaller than this are left out of a model's file: the features seen once or twice in
# training (most of them) barely move a probability, and kept they made the files megabytes.
SMALLEST = 0.01


def describe(weights: dict[str, float], threshold: float) -> dict[str, Any]:
    """A model as its file holds it: its threshold and its weights of SMALLEST or more, largest
    first, so that a reader sees what it learned."""
    kept = [(f, round(w, 6)) for f, w in weights.items() if abs(w) >= SMALLEST]
    return {"threshold": threshold, "weights": dict(sorted(kept, key=lambda fw: (-abs(fw[1]), fw[0])))}
