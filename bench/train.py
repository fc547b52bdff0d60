"""Train the learned components of extraction on the annotated development sets.

Run by hand after the sets or the features change: `.venv/bin/python bench/train.py` writes
refwatch/extract/lexicon/parties_model.json (refwatch/extract/parties.py: every person named in a
text is an example, labelled by whether the gold's senders, and its recipients, name them) and
lexicon/asks_model.json (refwatch/extract/ask_sentences.py: every sentence is an example, labelled
by whether the scorer pairs it with one of the gold's asks). `--check` trains again and exits 1 if
a file differs from what the sets give (tests/test_learned.py runs it, so that the shipped weights
are the ones these documents make). Held-out sets (a name with "fresh" in it) are never read, as
in bench/quality.py. Training takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import _jsonl, _scorer, development_sets  # noqa: E402

from refwatch.extract import ask_sentences, logistic, parties  # noqa: E402

L2 = 1.0
STEPS = 300
# Chosen on the six held-out pairs of session 17, each scored with the rules of its first look and
# models trained only on the sets before it. Senders (in letters told of): 0.5 gave P 0.911
# R 0.542, 0.7 P 0.940 R 0.525, 0.8 P 0.944 R 0.505 (the rules alone: P 0.873 R 0.206).
# Recipients: 0.5 P 0.848 R 0.586, 0.7 P 0.870 R 0.560, 0.8 P 0.872 R 0.534 (alone: P 0.877 R 0.487).
# Asks, on the seven pairs of sessions 17 and 18: 0.5 P 0.692 R 0.435, 0.6 P 0.687 R 0.409 (alone:
# P 0.683 R 0.362).
THRESHOLD = {"senders": 0.7, "recipients": 0.7, ask_sentences.NAME: 0.5}


def _documents(sets: list[Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    for set_dir in sets:
        for gold in _jsonl(set_dir / "gold.jsonl"):
            path = set_dir / "docs" / gold["file"]
            if path.exists():
                yield path.read_bytes().decode("utf-8-sig", errors="replace"), gold


def _fit(rows: list[set[str]], labels: list[bool], name: str) -> dict[str, Any]:
    return logistic.describe(logistic.fit(rows, labels, l2=L2, steps=STEPS), THRESHOLD[name])


def trained_parties(sets: list[Path]) -> dict[str, Any]:
    rows: list[set[str]] = []
    labels: dict[str, list[bool]] = {role: [] for role in parties.ROLES}
    documents = 0
    for text, gold in _documents(sets):
        documents += 1
        letter = gold.get("letter") or {}
        names = {role: [p.get("name") or "" for p in letter.get(role) or []] for role in parties.ROLES}
        for described, holds in parties.training_rows(text, names):
            rows.append(described)
            for role in parties.ROLES:
                labels[role].append(holds[role])
    about = {"sets": len(sets), "documents": documents, "people": len(rows)}
    model: dict[str, Any] = {
        "trained_on": about | {r: sum(v) for r, v in labels.items()},
        "l2": L2,
        "steps": STEPS,
    }
    for role in parties.ROLES:
        model[role] = _fit(rows, labels[role], role)
    return model


def trained_asks(sets: list[Path]) -> dict[str, Any]:
    ask_match = _scorer().ask_match
    rows: list[set[str]] = []
    labels: list[bool] = []
    documents = 0
    for text, gold in _documents(sets):
        documents += 1
        asks = (gold.get("letter") or {}).get("asks") or []
        for described, holds in ask_sentences.training_rows(
            text, lambda s, a=asks: any(ask_match(g, s) for g in a)
        ):
            rows.append(described)
            labels.append(holds)
    about = {"sets": len(sets), "documents": documents, "sentences": len(rows), "asks": sum(labels)}
    return {
        "trained_on": about,
        "l2": L2,
        "steps": STEPS,
        ask_sentences.NAME: _fit(rows, labels, ask_sentences.NAME),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a model file is not what training gives"
    )
    args = parser.parse_args()
    sets = development_sets()
    failed = False
    for path, train in ((parties.MODEL_FILE, trained_parties), (ask_sentences.MODEL_FILE, trained_asks)):
        model = train(sets)
        if not args.check:
            path.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {path}: trained on {model['trained_on']}")
        elif json.loads(path.read_text(encoding="utf-8")) != model:
            print(f"{path} is not what the sets give ({model['trained_on']}): run bench/train.py")
            failed = True
        else:
            print(f"{path}: as trained")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
