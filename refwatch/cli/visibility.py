"""`refwatch visibility DOC_ID... --to public|internal|confidential`: who may see stored documents.

The operator of a command may seal and open (as the other commands, it acts for the
installation); each change is audited as the operator's, in the store's transaction
(refwatch.actions.Actions.set_visibility).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from refwatch.cli import app
from refwatch.cli.common import fail, setup_django

console = Console(highlight=False, soft_wrap=True)
LEVELS = ("public", "internal", "confidential")


@app.command("visibility")
def visibility_command(
    ids: Annotated[list[int], typer.Argument(help="Ids of the documents.", min=1)],
    to: Annotated[str, typer.Option("--to", help="public, internal or confidential.")],
) -> None:
    """Make documents public, internal or confidential (sealed). Exit code 1 if any was refused."""
    if to not in LEVELS:
        fail(f"unknown visibility {to!r}: use {', '.join(LEVELS)}")
    setup_django()
    # After setup: the store's modules need Django configured.
    from refwatch.actions import Actions, InternalError, Refused

    actions = Actions.for_command()
    failed = 0
    for pk in ids:
        try:
            before = actions.reader.document(pk)
            doc = actions.set_visibility(pk, to)
        except (Refused, InternalError) as error:
            failed += 1
            console.print(f"[red]refused[/red]  document {pk}: {escape(str(error))}")
            continue
        was = before.visibility if before is not None else to
        console.print(
            f"document {doc.pk}: {was} -> {doc.visibility}" if was != to else f"document {pk}: already {to}"
        )
    raise typer.Exit(1 if failed else 0)
