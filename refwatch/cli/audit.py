"""`refwatch audit verify | anchor | list`: check the keyed hash chain, print its head, read its newest entries."""

from __future__ import annotations

from typing import Annotated

import typer

from refwatch.cli import app
from refwatch.cli.common import fail, setup_django

audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(
    anchor: Annotated[
        str, typer.Option(help="A head printed earlier by `refwatch audit anchor` (NUMBER:HASH)")
    ] = "",
) -> None:
    """Recompute the keyed hash chain; exits 1 and names the first bad entry when it is broken.

    With --anchor it also proves that nothing up to that entry was rewritten since it was printed.
    """
    setup_django()
    from refwatch.protection import audit

    try:
        mark = audit.Anchor.parse(anchor) if anchor else None
    except ValueError as error:
        fail(str(error))
    count, problem = audit.verify(mark)
    if problem is not None:
        typer.echo(f"audit log BROKEN after {count} good entries: {problem.message}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"audit log intact: {count} entries" + (f", up to the anchor #{mark.seq} unchanged" if mark else "")
    )


@audit_app.command("anchor")
def anchor() -> None:
    """Print the head of the log (NUMBER:HASH) to keep outside this server, e.g. daily by cron.

    `refwatch audit verify --anchor NUMBER:HASH` later proves that nothing up to it was rewritten,
    even by someone holding the database and the keys. Exits 1 if the log is already broken.
    """
    setup_django()
    from refwatch.protection import audit

    try:
        head = audit.anchor()
    except ValueError as error:
        typer.echo(f"refwatch: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(str(head))


@audit_app.command("list")
def list_entries(
    limit: Annotated[int, typer.Option(help="How many of the newest entries")] = 50,
    action: Annotated[str, typer.Option(help="Only this action")] = "",
    user: Annotated[str, typer.Option(help="Only this user name")] = "",
) -> None:
    """The newest entries, newest first."""
    setup_django()
    from refwatch.protection.models import AuditEntry

    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action=action)
    if user:
        qs = qs.filter(actor=user)
    for e in qs[:limit]:
        typer.echo(
            f"#{e.seq}\t{e.at:%Y-%m-%d %H:%M:%S}\t{e.actor or '-'}\t{e.action}\t{e.target_type}:{e.target_id}\t{e.ip}"
        )
