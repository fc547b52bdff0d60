"""`refwatch extract` as a person and a script use it: Rich output, JSON lines, bad files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from refwatch.cli import app

DEMO = Path(__file__).resolve().parents[1] / "refwatch" / "demo"
runner = CliRunner()


def test_human_output_shows_the_letter_and_its_incidents() -> None:
    result = runner.invoke(app, ["extract", str(DEMO / "001_0f0ade8027b45100.txt")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Letter of 2026-05-13 (bicameral)" in out
    assert "Jeffrey A. Merkley, United States Senator [senate]" in out
    assert "~200" in out and "2024-04" in out and "2023-10-09" in out
    assert "Refers to: letter of 2025-11 to David Perdue" in out


def test_jsonl_with_meta_uses_the_known_date(tmp_path: Path) -> None:
    doc = tmp_path / "news.txt"
    doc.write_text("Chinese authorities sent back 50 North Korean defectors last week, activists said.\n")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "news.txt", "published": "2024-05-02", "type": "news"}) + "\n")
    result = runner.invoke(app, ["extract", str(doc), "--jsonl", "--meta", str(meta)])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    rec = json.loads(line)
    assert rec["doc_date"] == "2024-05-02" and rec["doc_type"] == "news"
    (rep,) = rec["repatriations"]
    assert (rep["count"], rep["date_start"], rep["date_end"]) == (50, "2024-04-22", "2024-04-28")


def test_too_large_and_invalid_files_get_clear_messages(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w") as fh:
        for _ in range(50):
            fh.write("x" * (1024 * 1024))  # 50 MB of text
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"China repatriated 600 North Koreans on October 9, 2023. \xff\xfe\x80")
    result = runner.invoke(app, ["extract", str(big), str(bad), "--jsonl"])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines[0]["file"] == "big.txt" and "over the limit" in lines[0]["error"]
    assert lines[1]["file"] == "bad.txt" and lines[1]["repatriations"][0]["count"] == 600
    assert "not valid UTF-8 at byte" in lines[1]["warnings"][0]


def test_bad_meta_line_is_named() -> None:
    result = runner.invoke(app, ["extract", str(DEMO / "000_02265e35b7534c12.txt"), "--meta", __file__])
    assert result.exit_code != 0
    assert "not JSON" in result.output


def test_a_pdf_is_read_like_its_text(tmp_path: Path) -> None:
    from tests.makedocs import text_pdf

    text = (DEMO / "000_02265e35b7534c12.txt").read_text()
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(text_pdf(text))
    txt = tmp_path / "letter.txt"
    txt.write_text(text)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    result = runner.invoke(app, ["extract", str(pdf), str(txt), str(broken), "--jsonl"])
    assert result.exit_code == 1
    from_pdf, from_txt, error = (json.loads(x) for x in result.stdout.splitlines())
    assert [(r["count"], r["date_start"]) for r in from_pdf["repatriations"]] == [
        (r["count"], r["date_start"]) for r in from_txt["repatriations"]
    ]
    assert [p["name"] for p in from_pdf["letter"]["senders"]] == [
        p["name"] for p in from_txt["letter"]["senders"]
    ]
    assert error["file"] == "broken.pdf" and "broken" in error["error"]
