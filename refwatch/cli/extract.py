"""`refwatch extract`: run extraction on files and print the facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from refwatch.cli import app
from refwatch.extract import extract as run_extract


@app.command("extract")
def extract_command(
    files: Annotated[
        list[Path], typer.Argument(help="Text files to extract from.", exists=True, dir_okay=False)
    ],
    jsonl: Annotated[
        bool, typer.Option("--jsonl", "--json", help="One JSON object a line, a file each.")
    ] = False,
    meta: Annotated[
        Path | None, typer.Option(help="JSONL of what is known of each file (published, title, type…).")
    ] = None,
) -> None:
    """Extract letters, asks, repatriations and figures from text files."""
    metas: dict[str, dict] = {}
    if meta:
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                metas[rec.get("file", "")] = rec
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        result = run_extract(text, meta=metas.get(path.name))
        print(json.dumps(result.to_json(file=path.name), ensure_ascii=False))
