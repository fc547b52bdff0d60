"""`refwatch reextract [DOC_ID ...|--all]`: read stored documents again with the current extractor.

Suggestions no one decided on follow the new reading; decided statements stay and are marked
outdated where it differs, for an analyst to settle in the review queue (/review/); statements a
person added are never touched (refwatch.knowledge.reextract). Each document in its own
transaction, audited as the operator's.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from refwatch.cli import app
from refwatch.cli.common import fail, setup_django

console = Console(highlight=False, soft_wrap=True)


@app.command("reextract")
def reextract_command(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Ids of the documents to read again.", min=1)
    ] = None,
    all_documents: Annotated[bool, typer.Option("--all", help="Every stored document.")] = False,
) -> None:
    """Read documents again with the current extractor. Exit code 1 if any could not be."""
    if bool(ids) == all_documents:
        fail("name the documents to read again (their ids), or give --all, not both")
    setup_django()
    # After setup: the store's modules need Django configured.
    from refwatch.actions import Actions, InternalError, Refused
    from refwatch.knowledge.queries import Reader

    actions = Actions.for_command()
    targets = (
        # The operator's command reads every document, as backups do.
        list(Reader.system().documents().order_by("pk").values_list("pk", flat=True))
        if all_documents
        else ids or []
    )
    failed = 0
    for pk in targets:
        try:
            done = actions.reextract(pk)
        except (Refused, InternalError) as error:
            failed += 1
            console.print(f"[red]refused[/red]  document {pk}: {escape(str(error))}")
            continue
        console.print(
            f"document {pk}: {len(done.kept)} kept, {len(done.updated)} updated, "
            f"{len(done.outdated)} outdated, {len(done.removed)} removed, {len(done.added)} added"
        )
    outdated_note = " (outdated statements wait in the review queue, /review/)"
    console.print(f"{len(targets) - failed} read again, {failed} refused{outdated_note}")
    raise typer.Exit(1 if failed else 0)
