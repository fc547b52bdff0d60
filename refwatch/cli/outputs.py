"""`refwatch export | brief | check | draft`: what the record gives back, written to files.

A command reads as its operator (every record, protected names as pseudonyms, as the other
commands do), or with `--as USER` as that user of the app would see it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from refwatch.cli import app
from refwatch.cli.common import fail, one_line, setup_django

AsUser = Annotated[str | None, typer.Option("--as", help="Read as this user of the app would (their roles).")]


def reader_for(username: str | None) -> Any:
    setup_django()
    from refwatch.knowledge.queries import Reader

    if username is None:
        return Reader.system()
    from refwatch.accounts.service import AccountError, get_user

    try:
        return Reader.for_user(get_user(username))
    except AccountError as exc:
        fail(str(exc))


def actions_for(username: str | None) -> Any:
    """The actions of the operator, or (--as) of that user, audited as theirs."""
    from refwatch.actions import Actions

    reader = reader_for(username)
    return Actions.for_command() if reader.is_system else Actions(reader.user)


def write(path: Path, content: str | bytes) -> None:
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {path}: {one_line(error)}")


@app.command("export")
def export_command(
    kind: Annotated[str, typer.Argument(help="incidents | figures | letters | documents")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | json | ftm")] = "csv",
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")] = Path("-"),
    start: Annotated[str | None, typer.Option("--from", help="From this date (ISO).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="To this date (ISO).")] = None,
    as_user: AsUser = None,
) -> None:
    """Export a kind of record as CSV (ACLED-style columns, docs/exports.md), JSON or FollowTheMoney."""
    from refwatch.outputs import export

    if kind not in export.KINDS:
        fail(f"unknown kind {kind!r}: one of {', '.join(export.KINDS)}")
    if fmt not in export.FORMATS:
        fail(f"unknown format {fmt!r}: one of {', '.join(export.FORMATS)}")
    out = actions_for(as_user).export(
        kind, fmt, lambda reader: export.build(reader, kind, fmt, start=start, end=end)
    )
    if str(output) == "-":
        typer.echo(out.content.decode("utf-8"), nl=False)
    else:
        write(output, out.content)
        typer.echo(f"{out.count} {kind} written to {output}", err=True)


@app.command("check")
def check_command(
    draft: Annotated[Path, typer.Argument(help="The draft: text, Markdown, DOCX or PDF.")],
    verified_only: Annotated[
        bool, typer.Option("--verified-only", help="Count only statements a person has accepted.")
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Check every figure and date of a draft against the record: supported, conflicting, outdated
    or unsupported. Exit 0 when all are supported, 1 when any is conflicting or unsupported."""
    from refwatch.ingest import IngestError, read_path
    from refwatch.outputs.check import check, report
    from refwatch.outputs.evidence import Evidence

    try:
        text = read_path(draft).text
    except (IngestError, OSError) as error:
        fail(f"cannot read {draft}: {one_line(error)}")
    try:
        result = check(Evidence(reader_for(as_user)), text, verified_only=verified_only)
    except ValueError as error:
        fail(f"cannot check {draft}: {one_line(error)}")
    typer.echo(report(result), nl=False)
    raise typer.Exit(0 if result.ok else 1)


@app.command("brief")
def brief_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf | docx | html")] = "pdf",
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")] = Path("brief.pdf"),
    start: Annotated[
        str | None, typer.Option("--from", help="From this date (ISO); else the whole record.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="To this date (ISO).")] = None,
    include_unverified: Annotated[
        bool, typer.Option("--include-unverified", help="Add facts no person has verified, marked so.")
    ] = False,
    base_url: Annotated[
        str, typer.Option(help="The app's address, to link each footnote to its passage.")
    ] = "",
    as_user: AsUser = None,
) -> None:
    """An evidence brief for a period: incidents, totals per year, the law, letters and commitments,
    every claim footnoted to its source."""
    from refwatch.outputs.render import FORMATS, brief_export

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    for value in (start, end):
        if value and not _iso(value):
            fail(f"not a date: {value!r} (write it as 2024, 2024-04 or 2024-04-09)")
    out = actions_for(as_user).export(
        "brief",
        fmt,
        lambda reader: brief_export(
            reader,
            fmt,
            start=start,
            end=end,
            include_unverified=include_unverified,
            base_url=base_url.rstrip("/"),
        ),
    )
    write(output, out.content)
    typer.echo(f"brief written to {output}", err=True)


def _iso(value: str) -> bool:
    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None


@app.command("draft")
def draft_command(
    to: Annotated[str, typer.Option("--to", help='The recipient, as letters name them: "Marco Rubio".')],
    signers: Annotated[
        str, typer.Option(help="Bioguide ids of the signers, comma-separated, in order.")
    ] = "",
    follow_up: Annotated[
        int | None, typer.Option("--follow-up", help="The id of the letter this follows up.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | docx")] = "md",
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write ('-': print).")] = Path(
        "-"
    ),
    templates: Annotated[
        Path | None, typer.Option(help="A folder with your copy of outputs/letter.md to use instead.")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """A letter draft from the record, every fact footnoted; says what is unverified or missing."""
    from refwatch.outputs.render import draft_export

    if fmt not in ("md", "docx"):
        fail(f"unknown format {fmt!r}: md or docx")
    if fmt == "docx" and str(output) == "-":
        fail("a DOCX is written to a file: give -o FILE")
    if templates is not None and not (templates / "outputs" / "letter.md").is_file():
        fail(
            f"{templates} has no outputs/letter.md (copy refwatch/outputs/templates/outputs/letter.md there)"
        )
    bioguides = [b.strip() for b in signers.split(",") if b.strip()]
    made: list[Any] = []
    out = actions_for(as_user).export(
        "draft",
        fmt,
        lambda reader: draft_export(
            reader, fmt, to=to, signers=bioguides, follow_up=follow_up, templates=templates, keep=made
        ),
    )
    if str(output) == "-":
        typer.echo(out.content.decode("utf-8"), nl=False)
    else:
        write(output, out.content)
    for warning in made[0].warnings:
        typer.echo(f"warning: {warning}", err=True)
