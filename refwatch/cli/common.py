"""What every command shares: Django set-up, usage errors, the --meta file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape


def setup_django(*, check_key: bool = True) -> None:
    """Configure Django (the user's settings unless DJANGO_SETTINGS_MODULE says otherwise),
    check the master key against the stored data keys, and bring the database's tables up to
    date: migrations are part of the code.

    The key is checked first, before any migration or command writes anything: a wrong key
    stops every command with one line. Only the commands that repair a key skip it.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    if check_key:
        check_master_key()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def check_master_key() -> None:
    """Fail with one line when the master key cannot open the data keys the database holds."""
    from refwatch.protection import crypto

    try:
        crypto.check_master_key()
    except crypto.MasterKeyError as error:
        fail(one_line(error))


def fail(message: str) -> NoReturn:
    """A usage error: one line on stderr, exit code 2, nothing done."""
    # soft_wrap: one line however long, so that scripts and grep read it whole.
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"refwatch: {escape(message)}")
    raise typer.Exit(2)


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def read_metas(path: Path | None) -> dict[str, dict[str, Any]]:
    """The --meta file: one JSON object a line, keyed by the base name of its "file"."""
    metas: dict[str, dict[str, Any]] = {}
    if path is None:
        return metas
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {one_line(error)}")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            fail(f"{path}:{number}: not JSON ({error.msg}); --meta takes one JSON object a line")
        if isinstance(record, dict) and record.get("file"):
            metas[Path(str(record["file"])).name] = {k: v for k, v in record.items() if k != "file"}
    return metas


def cli_actor() -> str:
    """Who a command acts as in the audit log: the operating-system user who ran it."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli:unknown"


def audit_cli(action: str, target: object = None, **detail: object) -> None:
    """An audit entry for a command: the actor is the operating-system user who ran it."""
    from refwatch.protection import audit

    audit.record(None, action, target, actor=cli_actor(), **detail)


def ensure_roster() -> None:
    """First run: the roster of Congress shipped with refwatch, so that signers show their party
    and state at once (`refwatch roster load` updates it)."""
    from refwatch.knowledge import roster

    if result := roster.ensure_loaded():
        Console(highlight=False, soft_wrap=True).print(
            f"Loaded the roster of Congress shipped with refwatch ({result.loaded} members)."
        )
