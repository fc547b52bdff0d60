"""The extraction contract: `refwatch extract --jsonl --meta` over the dev set, scored by its scorer.

The dev set and scorer live beside the project (../shared/eval); the scorer is run as
the evaluators run it, on the command's own output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REFWATCH_SHARED", ROOT.parent / "shared"))
EVAL = SHARED / "eval"
SEEDS = {"000_02265e35b7534c12.txt", "001_0f0ade8027b45100.txt"}

pytestmark = pytest.mark.skipif(not (EVAL / "score.py").exists(), reason=f"no eval set at {EVAL}")


def _run(tmp_path: Path, files: list[Path]) -> dict:
    refwatch = Path(sys.executable).with_name("refwatch")
    out = subprocess.run(
        [
            str(refwatch),
            "extract",
            *map(str, files),
            "--jsonl",
            "--meta",
            str(EVAL / "dev" / "sources.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out)
    gold = tmp_path / "gold.jsonl"
    names = {f.name for f in files}
    gold.write_text(
        "".join(
            line + "\n"
            for line in (EVAL / "dev" / "gold.jsonl").read_text().splitlines()
            if line.strip() and json.loads(line)["file"] in names
        )
    )
    scored = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(scored)


def test_every_line_is_a_record_with_spans(tmp_path: Path) -> None:
    files = sorted((EVAL / "dev" / "docs").glob("*.txt"))
    refwatch = Path(sys.executable).with_name("refwatch")
    out = subprocess.run(
        [str(refwatch), "extract", *map(str, files), "--jsonl"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(out) == len(files)
    for line, path in zip(out, files, strict=True):
        rec = json.loads(line)
        text = path.read_text(encoding="utf-8")
        assert rec["file"] == path.name
        for rep in rec["repatriations"]:
            start, end = rep["span"]
            assert text[start:end] == rep["quote"]
            assert 0 < rep["confidence"] <= 1 and rep["extractor_version"]
        if rec["letter"]:
            for party in rec["letter"]["senders"] + rec["letter"]["recipients"]:
                start, end = party["span"]
                assert party["quote"] == text[start:end]
                assert party["name"].split()[-1].strip(",.") in party["quote"]


def test_seed_letters_score_perfectly(tmp_path: Path) -> None:
    files = [EVAL / "dev" / "docs" / name for name in sorted(SEEDS)]
    result = _run(tmp_path, files)
    assert result["overall_f1"] == 1.0, result["fields"]
    assert result["accuracy"]["sender_chamber"][0] == 1.0


def test_dev_set_scores_at_least_095(tmp_path: Path) -> None:
    result = _run(tmp_path, sorted((EVAL / "dev" / "docs").glob("*.txt")))
    assert result["overall_f1"] >= 0.95, result["fields"]
    assert result["overall_precision"] >= 0.95, result["fields"]
