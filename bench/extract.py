"""Speed of extraction against spaCy's blank English tokenizer, on the same texts.

Run by hand: `.venv/bin/python bench/extract.py [FILES...]` (default: the seed letters
and the documents of ../shared/eval/dev, repeated to about 200,000 words). Prints words per
second of the whole extraction, of the tokenizer alone, and their ratio.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from refwatch.extract import extract

ROOT = Path(__file__).resolve().parents[1]
TARGET_WORDS = 200_000


def _texts(paths: list[Path]) -> list[str]:
    base = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    words = sum(len(t.split()) for t in base)
    return base * max(1, TARGET_WORDS // max(words, 1))


def _rate(fn: Callable[[str], Any], texts: list[str]) -> tuple[float, int]:
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return words / (time.perf_counter() - start), words


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted(
        [
            *(ROOT / "refwatch" / "demo").glob("*.txt"),
            *(ROOT.parent / "shared" / "eval" / "dev" / "docs").glob("*.txt"),
        ]
    )
    texts = _texts(paths)
    extract(texts[0])  # load the pipeline and warm the caches once, outside the timing
    tokenizer = spacy.blank("en").tokenizer
    tok_rate, words = _rate(tokenizer, texts)
    ext_rate, _ = _rate(extract, texts)
    print(f"files: {len(paths)}, texts: {len(texts)}, words: {words:,}")
    print(f"extraction: {ext_rate:,.0f} words/s")
    print(f"tokenizer:  {tok_rate:,.0f} words/s")
    print(f"ratio:      {ext_rate / tok_rate:.3f} (goal >= 0.333)")


if __name__ == "__main__":
    main(sys.argv[1:])
