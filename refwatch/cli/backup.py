"""`refwatch backup PATH` and `refwatch restore PATH` (refwatch.protection.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from refwatch.cli import app
from refwatch.cli.common import fail, one_line, setup_django


@app.command("backup")
def backup_command(
    path: Annotated[Path, typer.Argument(help="The file to write (replaced whole when it exists).")],
) -> None:
    """Back up the database, the original files and the audit log into one encrypted file.

    Sealed with the installation's master key, which is NOT in the backup: restoring needs it.
    """
    setup_django()
    from refwatch.protection import backup

    try:
        manifest = backup.create(path)
    except (backup.BackupError, OSError) as error:
        fail(one_line(error))
    typer.echo(
        f"backed up {manifest['documents']} documents, {manifest['originals']} original files and "
        f"{manifest['audit_entries']} audit entries to {path}"
    )


@app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="A file written by `refwatch backup`.")],
) -> None:
    """Restore a backup onto this installation, which must be empty. Needs the same master key."""
    setup_django()
    from django.core.management import call_command

    from refwatch.protection import backup

    try:
        manifest = backup.restore(path)
    except (backup.BackupError, OSError) as error:
        fail(one_line(error))
    # A backup of an older version: its tables brought up to date.
    call_command("migrate", verbosity=0, interactive=False)
    typer.echo(
        f"restored {manifest['documents']} documents, {manifest['originals']} original files and "
        f"{manifest['audit_entries']} audit entries from {path}; check the log with `refwatch audit verify`"
    )
