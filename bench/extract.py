"""Speed of extraction against spaCy's blank English tokenizer, on the same distinct texts.

Run by hand: `.venv/bin/python bench/extract.py [FILES...]` (default: every document of the
annotated development sets, ../shared/eval/dev and eval/sets/*/ except the held-out ones,
and the demo letters). Each text is timed once, with the caches that remember earlier texts
(dates already read) emptied before it: a set read over and over would time the caches, not
extraction. The pipeline itself is built once, outside the timing, as a server builds it.
Prints words per second of the whole extraction, of the tokenizer alone, and their ratio.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from refwatch.extract import dates, extract

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = "fresh"


def _default_paths() -> list[Path]:
    dirs = [ROOT / "refwatch" / "demo", ROOT.parent / "shared" / "eval" / "dev" / "docs"]
    dirs += [d for d in sorted((ROOT / "eval" / "sets").glob("*/docs")) if HELD_OUT not in d.parent.name]
    return sorted({p.resolve() for d in dirs for p in d.glob("*.txt")})


def _distinct(paths: list[Path]) -> list[str]:
    seen: set[str] = set()
    texts = []
    for p in paths:
        t = p.read_text(encoding="utf-8", errors="replace")
        if t not in seen:
            seen.add(t)
            texts.append(t)
    return texts


def _cold() -> None:
    """Forget what earlier texts taught the caches (dates read, dateparser's results)."""
    dates._parse_core.cache_clear()


def _rates(texts: list[str], tokenizer: Callable[[str], Any]) -> tuple[float, float, int]:
    """Words per second of extraction and of the tokenizer, timed text by text in turn so
    that both see the same load on a shared machine."""
    words = sum(len(t.split()) for t in texts)
    t_extract = t_tokenize = 0.0
    for t in texts:
        _cold()
        start = time.perf_counter()
        tokenizer(t)
        middle = time.perf_counter()
        extract(t)
        t_tokenize += middle - start
        t_extract += time.perf_counter() - middle
    return words / t_extract, words / t_tokenize, words


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or _default_paths()
    texts = _distinct(paths)
    extract("Built once: China repatriated 60 refugees on 1 May 2024.")  # the pipeline, outside the timing
    tokenizer = spacy.blank("en").tokenizer
    ext_rate, tok_rate, words = _rates(texts, tokenizer)
    print(f"distinct texts: {len(texts)}, words: {words:,}")
    print(f"extraction: {ext_rate:,.0f} words/s")
    print(f"tokenizer:  {tok_rate:,.0f} words/s")
    print(f"ratio:      {ext_rate / tok_rate:.3f} (goal >= 0.333)")


if __name__ == "__main__":
    main(sys.argv[1:])
