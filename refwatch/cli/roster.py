"""`refwatch roster load PATH`: the roster of Congress, from files the user has (never downloaded)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from refwatch.cli import app
from refwatch.cli.common import audit_cli, fail, setup_django

roster_app = typer.Typer(
    help="The roster of Congress (github.com/unitedstates/congress-legislators files).",
    no_args_is_help=True,
)
app.add_typer(roster_app, name="roster")


@roster_app.command("load")
def load(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="The dataset's folder, or its files (legislators-current.yaml, "
            "legislators-historical.yaml or .csv)"
        ),
    ],
) -> None:
    """Load (or update) the roster, then link the letters' senders and recipients to it."""
    setup_django()
    from refwatch.knowledge import roster

    started = time.monotonic()
    try:
        result = roster.load(paths)
    except roster.RosterError as error:
        fail(str(error))
    audit_cli(
        "roster_load",
        loaded=result.loaded,
        created=result.created,
        updated=result.updated,
        linked=result.linked,
    )
    typer.echo(
        f"loaded {result.loaded} legislators ({result.created} new, {result.updated} updated) "
        f"in {time.monotonic() - started:.1f} s; {result.linked} letter parties linked"
    )
