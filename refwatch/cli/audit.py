"""`refwatch audit verify | list`: check the hash chain of the audit log, read its newest entries."""

from __future__ import annotations

from typing import Annotated

import typer

from refwatch.cli import app
from refwatch.cli.common import setup_django

audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify() -> None:
    """Recompute the hash chain; exits 1 and names the first bad entry when it is broken."""
    setup_django()
    from refwatch.protection import audit

    count, problem = audit.verify()
    if problem is not None:
        typer.echo(f"audit log BROKEN after {count} good entries: {problem.message}", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {count} entries")


@audit_app.command("list")
def list_entries(
    limit: Annotated[int, typer.Option(help="How many of the newest entries")] = 50,
    action: Annotated[str, typer.Option(help="Only this action")] = "",
    user: Annotated[str, typer.Option(help="Only this user name")] = "",
) -> None:
    """The newest entries, newest first."""
    setup_django()
    from refwatch.protection.queries import PeopleReader

    # The operator of the machine reads the whole log, as `audit verify` does.
    qs = PeopleReader.system().audit()
    if action:
        qs = qs.filter(action=action)
    if user:
        qs = qs.filter(actor=user)
    for e in qs[:limit]:
        typer.echo(
            f"#{e.seq}\t{e.at:%Y-%m-%d %H:%M:%S}\t{e.actor or '-'}\t{e.action}\t{e.target_type}:{e.target_id}\t{e.ip}"
        )
