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


def _rates(texts: list[str], tokenizer: Callable[[str], Any]) -> tuple[float, float, int]:
    """Words per second of extraction and of the tokenizer, timed text by text in turn so
    that both see the same load on a shared machine."""
    words = sum(len(t.split()) for t in texts)
    t_extract = t_tokenize = 0.0
    for t in texts:
        start = time.perf_counter()
        tokenizer(t)
        middle = time.perf_counter()
        extract(t)
        t_tokenize += middle - start
        t_extract += time.perf_counter() - middle
    return words / t_extract, words / t_tokenize, words


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
    ext_rate, tok_rate, words = _rates(texts, tokenizer)
    print(f"files: {len(paths)}, texts: {len(texts)}, words: {words:,}")
    print(f"extraction: {ext_rate:,.0f} words/s")
    print(f"tokenizer:  {tok_rate:,.0f} words/s")
    print(f"ratio:      {ext_rate / tok_rate:.3f} (goal >= 0.333)")


if __name__ == "__main__":
    main(sys.argv[1:])
