"""The extraction contract: `refwatch extract --jsonl --meta` prints one record a file in the
format of ../shared/eval, every span pointing at its quote.

How well the records match the gold is a measurement, not a test: bench/quality.py prints
every annotated set's scores.
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

pytestmark = pytest.mark.skipif(not (EVAL / "score.py").exists(), reason=f"no eval set at {EVAL}")


def test_every_line_is_a_record_with_spans(tmp_path: Path) -> None:
    files = sorted((EVAL / "dev" / "docs").glob("*.txt"))
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
    ).stdout.splitlines()
    assert len(out) == len(files)
    for line, path in zip(out, files, strict=True):
        rec = json.loads(line)
        text = path.read_text(encoding="utf-8")
        assert rec["file"] == path.name
        assert rec["doc_type"] in {"letter", "news", "report", "statement", "other"}
        assert set(rec) >= {"doc_date", "letter", "repatriations", "other_figures"}
        for key in ("date_start", "date_end", "count", "count_qualifier", "from", "to", "attributed_to"):
            assert all(key in rep for rep in rec["repatriations"])
        assert all(isinstance(f["quantity"], int) and f["quote"] in text for f in rec["other_figures"])
        for rep in rec["repatriations"]:
            start, end = rep["span"]
            assert text[start:end] == rep["quote"]
            assert 0 < rep["confidence"] <= 1 and rep["extractor_version"]
            assert "." in rep["extractor"]  # the named rule that made it
        if rec["letter"]:
            for party in rec["letter"]["senders"] + rec["letter"]["recipients"]:
                start, end = party["span"]
                assert party["quote"] == text[start:end]
                assert party["name"].split()[-1].strip(",.") in party["quote"]
