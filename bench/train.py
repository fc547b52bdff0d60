"""Train the models of letters' parties (refwatch/extract/parties.py) on the annotated development sets.

Run by hand after the sets or the features change: `.venv/bin/python bench/train.py` writes
refwatch/extract/lexicon/parties_model.json; `--check` trains again and exits 1 if the file differs
from what the sets give (tests/test_parties.py runs it, so that the shipped weights are the ones
these documents make). Held-out sets (a name with "fresh" in it) are never read, as in
bench/quality.py. Training takes seconds: every person named in each text is an example, labelled
by whether the gold's senders, and its recipients, name them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import _jsonl, development_sets  # noqa: E402

from refwatch.extract import logistic, parties  # noqa: E402

L2 = 1.0
STEPS = 300
# Chosen on the six held-out pairs of session 17, each scored with the rules of its first look and
# models trained only on the sets before it. Senders (in letters told of): 0.5 gave P 0.911
# R 0.542, 0.7 P 0.940 R 0.525, 0.8 P 0.944 R 0.505 (the rules alone: P 0.873 R 0.206).
# Recipients: 0.5 P 0.848 R 0.586, 0.7 P 0.870 R 0.560, 0.8 P 0.872 R 0.534 (alone: P 0.877 R 0.487).
THRESHOLD = {"senders": 0.7, "recipients": 0.7}


def examples(sets: list[Path]) -> tuple[list[set[str]], dict[str, list[bool]], int]:
    rows: list[set[str]] = []
    labels: dict[str, list[bool]] = {role: [] for role in parties.ROLES}
    documents = 0
    for set_dir in sets:
        for gold in _jsonl(set_dir / "gold.jsonl"):
            path = set_dir / "docs" / gold["file"]
            if not path.exists():
                continue
            documents += 1
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
            letter = gold.get("letter") or {}
            names = {role: [p.get("name") or "" for p in letter.get(role) or []] for role in parties.ROLES}
            for described, holds in parties.training_rows(text, names):
                rows.append(described)
                for role in parties.ROLES:
                    labels[role].append(holds[role])
    return rows, labels, documents


def trained() -> dict:
    sets = development_sets()
    rows, labels, documents = examples(sets)
    model: dict = {
        "trained_on": {"sets": len(sets), "documents": documents, "people": len(rows)}
        | {role: sum(v) for role, v in labels.items()},
        "l2": L2,
        "steps": STEPS,
    }
    for role in parties.ROLES:
        weights = logistic.fit(rows, labels[role], l2=L2, steps=STEPS)
        model[role] = parties.describe(weights, THRESHOLD[role])
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the model file is not what training gives"
    )
    args = parser.parse_args()
    model = trained()
    if args.check:
        shipped = json.loads(parties.MODEL_FILE.read_text(encoding="utf-8"))
        if shipped != model:
            about = model["trained_on"]
            print(f"{parties.MODEL_FILE} is not what the sets give ({about}): run bench/train.py")
            sys.exit(1)
        print(f"{parties.MODEL_FILE}: as trained")
        return
    parties.MODEL_FILE.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    sizes = {role: len(model[role]["weights"]) for role in parties.ROLES}
    print(f"wrote {parties.MODEL_FILE}: weights {sizes}; trained on {model['trained_on']}")


if __name__ == "__main__":
    main()
