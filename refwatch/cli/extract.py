"""`refwatch extract`: run extraction on files and print the facts (JSON lines, or for a person)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from refwatch.cli import app
from refwatch.cli.common import read_metas
from refwatch.extract import ExtractionError
from refwatch.extract import extract as run_extract
from refwatch.extract import rules as rules_module
from refwatch.extract.model import Extraction

QUALIFIER_SIGN = {"approximately": "~", "at_least": "at least ", "more_than": "more than ", "up_to": "up to "}


def _read_text(path: Path) -> tuple[str, list[str]]:
    data = path.read_bytes()
    if data[:5] == b"%PDF-" or data[:2] == b"PK" or path.suffix.lower() in {".pdf", ".docx", ".html", ".htm"}:
        # Not plain text: the ingest layer reads it (PDF text or OCR, DOCX, HTML article).
        from refwatch.ingest import IngestError, read

        try:
            doc = read(data, path.name)
        except IngestError as exc:
            raise ExtractionError(str(exc)) from exc
        return doc.text, list(doc.warnings)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        # Facts from a text with a few bad bytes are still worth having; the warning says
        # where the text was damaged so that nobody quotes the replaced characters.
        return data.decode("utf-8", errors="replace"), [
            f"not valid UTF-8 at byte {exc.start}; bad bytes replaced"
        ]


@app.command("extract")
def extract_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files to extract from: text, or PDF, DOCX, HTML (read as `refwatch ingest` reads them).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", "--json", help="One JSON object a line, a file each.")
    ] = False,
    meta: Annotated[
        Path | None,
        typer.Option(
            help="JSONL of what is known of each file from outside its text (published, title, type…)."
        ),
    ] = None,
    rules: Annotated[
        bool,
        typer.Option(
            "--rules", help="List the rules of extraction: records made and precision on annotated documents."
        ),
    ] = False,
) -> None:
    """Extract letters, asks, repatriations and figures from text files."""
    if rules:
        show_rules(Console())
        return
    if not files:
        raise typer.BadParameter("name the files to extract from (or --rules)", param_hint="FILES")
    metas = read_metas(meta)
    console = Console()
    failed = False
    for path in files:
        try:
            text, warnings = _read_text(path)
            result = run_extract(text, meta=metas.get(path.name))
        except (OSError, ExtractionError) as exc:
            failed = True
            print(f"refwatch extract: {path}: {exc}", file=sys.stderr)
            if jsonl:
                print(json.dumps({"file": path.name, "error": str(exc)}, ensure_ascii=False))
            continue
        result.warnings.extend(warnings)
        if jsonl:
            print(json.dumps(result.to_json(file=path.name), ensure_ascii=False))
        else:
            show(console, path.name, result)
    if failed:
        raise typer.Exit(1)


def show_rules(console: Console) -> None:
    """Every rule with the records it made on the annotated documents and how many were right."""
    measured = rules_module.measured()
    table = Table(title="Rules of extraction", expand=True)
    table.add_column("rule", no_wrap=True)
    for col in ("field", "firings", "precision", "what it reads"):
        table.add_column(col, overflow="fold")
    for rule_id in sorted(set(rules_module.RULES) | set(measured)):
        rule = rules_module.RULES.get(rule_id)
        m = measured.get(rule_id)
        p = rules_module.precision(rule_id)
        shown = f"{p:.2f} ({m['correct']}/{m['firings']})" if p is not None and m else (
            f"prior {rules_module.PRIOR:.2f}" + (f" ({m['correct']}/{m['firings']})" if m else " (not measured)")
        )  # fmt: skip
        cells = (
            rule_id,
            rule.field if rule else "",
            str(m["firings"]) if m else "0",
            shown,
            _short(rule.description.split(". ")[0], 90) if rule else "",
        )
        table.add_row(*(Text(c) for c in cells))
    console.print(table)
    with_prior = rules_module.PRECISION_FILE.name
    console.print(
        Text(
            f"Precision: records of the rule that the gold holds, on the sets named in {with_prior} "
            f"(bench/quality.py --calibrate); under {rules_module.MIN_FIRINGS} records a rule keeps the prior.",
            style="dim",
        )
    )


def _date(start: str | None, end: str | None, precision: str | None) -> str:
    if not start:
        return "date unknown"
    if precision == "day" or start == end:
        return start
    if precision == "month":
        return start[:7]
    if precision == "year":
        return start[:4]
    return f"{start} – {end}"


def _count(count: int | None, qualifier: str | None, count_min: int | None = None) -> str:
    if count is None:
        return "no number"
    if count_min is not None:
        return f"{count_min:,}–{count:,}"
    return f"{QUALIFIER_SIGN.get(qualifier or '', '')}{count:,}"


def show(console: Console, name: str, result: Extraction) -> None:
    """The facts of one file, for a person: what, how sure, and the words they came from."""

    def say(line: str, style: str | None = None) -> None:
        # Extracted text is data, never Rich markup: "[senate]" or "[sic]" must print as is.
        console.print(Text(line, style=style or ""), highlight=False)

    console.rule(Text(name, style="bold"))
    say(
        f"{result.doc_type} dated {result.doc_date or 'unknown'}"
        + (f" (from {result.doc_date_source})" if result.doc_date_source else "")
        + (f" — {result.title}" if result.title else "")
    )
    for w in result.warnings:
        say(f"warning: {w}", "yellow")
    letter = result.letter
    if letter:
        kind = "Reported letter" if letter.reported else "Letter"
        say(
            f"\n{kind} of {letter.date or 'unknown date'}" + (" (bicameral)" if letter.bicameral else ""),
            "bold",
        )
        for label, parties in (("To", letter.recipients), ("From", letter.senders)):
            for p in parties:
                extra = f" [{p.chamber}]" if p.chamber else ""
                cc = " (cc)" if p.cc else ""
                say(f"  {label}: {p.name}{cc}, {p.title or 'no title'}{extra}")
        for i, a in enumerate(letter.asks, 1):
            say(f"  Ask {i}: {a.text}" + (f"  (to be done by {a.target})" if a.target else ""))
        for r in letter.references:
            say(f"  Refers to: letter of {r.date or '?'} to {r.recipient or '?'}")
        for c in letter.commitments:
            where = f" ({c.where}, {c.when})" if c.where or c.when else ""
            say(f"  Commitment: {c.who} — {c.what}{where}")
        for o in letter.outcomes:
            say(f"  Outcome: {o.status} — {o.text}")
    if result.repatriations:
        table = Table(title="Repatriations", show_lines=True, expand=True)
        for col in ("date", "count", "from → to", "according to", "quote"):
            table.add_column(col, overflow="fold")
        for r in result.repatriations:
            count = _count(r.count, r.count_qualifier, r.count_min) + (" (total)" if r.aggregate else "")
            date = _date(r.date_start, r.date_end, r.date_precision) + (" (relative)" if r.relative else "")
            cells = (date, count, f"{r.origin} → {r.destination}", r.attributed_to or "—", _short(r.quote))
            table.add_row(*(Text(c) for c in cells))
        console.print(table)
    if result.figures:
        table = Table(title="Other figures", expand=True)
        for col in ("quantity", "unit", "according to", "quote"):
            table.add_column(col, overflow="fold")
        for f in result.figures:
            cells = (_count(f.quantity, f.qualifier), f.unit, f.attributed_to or "—", _short(f.quote))
            table.add_row(*(Text(c) for c in cells))
        console.print(table)
    actors = sorted({a.name for a in result.actors})
    if actors:
        say("Actors: " + ", ".join(actors))
    instruments = sorted({i.name for i in result.instruments})
    if instruments:
        say("Instruments: " + ", ".join(instruments))
    for r in result.ratifications:
        say(f"Ratification: {r.state} {r.action} {r.instrument} ({r.date or 'date unknown'})")


def _short(quote: str, limit: int = 240) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
