"""`refwatch keys init | status | rotate | generate | split | combine`: the master key.

Shares are SLIP-39 mnemonics (the `shamir-mnemonic` package: Shamir's secret sharing over
GF(256), with a checksum on every share), so a share can be written on paper and typos are caught.
"""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer

from refwatch.cli import app
from refwatch.cli.common import audit_cli, fail, setup_django

keys_app = typer.Typer(
    help="The master key that protects personal data: create, rotate, back up.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def init() -> None:
    """Create the master key file (REFWATCH_KEY_FILE or REFWATCH_HOME/keys/master.key)."""
    setup_django()
    import os

    from refwatch.protection import crypto
    from refwatch.protection.models import DataKey

    if os.environ.get("REFWATCH_MASTER_KEY"):
        fail("the master key comes from REFWATCH_MASTER_KEY: there is no key file to create")
    path = crypto.key_file_path()
    if path.exists():
        fail(f"a key file already exists at {path}; `refwatch keys rotate` replaces it safely")
    if DataKey.objects.exists():
        fail(
            "the database already holds encrypted data: a new key could not read it. "
            "Restore the old key file, or rebuild it with `refwatch keys combine`"
        )
    crypto.write_key_file(path, secrets.token_bytes(crypto.KEY_BYTES))
    crypto.reset_caches()
    audit_cli("keys_init", None, key=crypto.keyring(reload=True).for_wrapping().key_id)
    typer.echo(f"master key written to {path} (mode 600)")
    typer.echo("In production keep it outside the data folder (REFWATCH_KEY_FILE) and back it up now:")
    typer.echo("  refwatch keys split --shares 5 --threshold 3")


@keys_app.command("status")
def status() -> None:
    """Where the master key comes from, its fingerprint, and the data keys it wraps."""
    setup_django(check_key=False)  # it is the command that shows a key which does not match
    from refwatch.protection import crypto
    from refwatch.protection.models import DataKey

    try:
        ring = crypto.keyring(reload=True)
    except crypto.MasterKeyError as exc:
        fail(str(exc))
    for label, key in (("current", ring.current), ("next", ring.next)):
        if key is not None:
            typer.echo(f"{label} master key {key.key_id} from {key.source}")
    if ring.current is None:
        typer.echo("no master key yet (created on first use, or with `refwatch keys init`)")
    for row in DataKey.objects.order_by("scope"):
        known = "" if row.master_id in ring.keys() else " (NOT the key loaded: it cannot be opened)"
        typer.echo(f"data key {row.scope}: wrapped by {row.master_id}{known}")


@keys_app.command("generate")
def generate() -> None:
    """Print a new random master key (for REFWATCH_MASTER_KEY / REFWATCH_MASTER_KEY_NEXT)."""
    from refwatch.protection import crypto

    typer.echo(crypto.format_key(secrets.token_bytes(crypto.KEY_BYTES)))


@keys_app.command("rotate")
def rotate(
    keep_old: Annotated[bool, typer.Option(help="Keep the old key file as <file>.retired-<id>")] = False,
) -> None:
    """Re-wrap every data key under a new master key; running processes keep working."""
    setup_django()
    from refwatch.protection import crypto

    try:
        old, new, count = crypto.rotate(keep_old=keep_old)
    except crypto.MasterKeyError as exc:
        fail(str(exc))
    audit_cli("keys_rotate", None, old=old, new=new, data_keys=count)
    typer.echo(f"rotated master key {old} → {new}: {count} data keys re-wrapped")
    typer.echo("Make new backup shares now: the old ones restore the old key only.")


@keys_app.command("split")
def split(
    shares: Annotated[int, typer.Option(help="How many shares to make")] = 5,
    threshold: Annotated[int, typer.Option(help="How many shares rebuild the key")] = 3,
) -> None:
    """Split the master key into SHARES mnemonic shares, THRESHOLD of which rebuild it."""
    import shamir_mnemonic

    if not 1 <= threshold <= shares <= 16:
        fail("need 1 ≤ threshold ≤ shares ≤ 16")
    if threshold == 1 and shares > 1:
        fail("a threshold of 1 makes every share a full copy of the key; use 2 or more")
    setup_django()
    from refwatch.protection import crypto

    try:
        ring = crypto.keyring(reload=True)
    except crypto.MasterKeyError as exc:
        fail(str(exc))
    if ring.current is None:
        fail("no master key yet: run `refwatch keys init` first")
    groups = shamir_mnemonic.generate_mnemonics(1, [(threshold, shares)], ring.current.key)
    audit_cli("keys_split", None, key=ring.current.key_id, shares=shares, threshold=threshold)
    typer.echo(f"master key {ring.current.key_id}: {shares} shares, any {threshold} rebuild it.")
    typer.echo("Give each share to a different person; never keep two together.\n")
    for number, share in enumerate(groups[0], 1):
        typer.echo(f"share {number}: {share}")


@keys_app.command("combine")
def combine(
    force: Annotated[bool, typer.Option(help="Overwrite an existing key file")] = False,
) -> None:
    """Rebuild the master key from shares read on standard input (one a line) into the key file."""
    import shamir_mnemonic

    lines = [line.strip() for line in sys.stdin if line.strip()]
    lines = [
        line.split(":", 1)[1].strip() if line.startswith("share") and ":" in line else line for line in lines
    ]
    if not lines:
        fail("no shares on standard input (one share a line)")
    try:
        key = shamir_mnemonic.combine_mnemonics(lines)
    except Exception as exc:  # the package raises MnemonicError and ValueError for bad shares
        fail(f"the shares do not rebuild a key: {exc}")
    setup_django(check_key=False)  # the key is lost or wrong: this command is the way back
    from refwatch.protection import crypto
    from refwatch.protection.models import DataKey

    master = crypto.MasterKey(key, "shares")
    known = set(DataKey.objects.values_list("master_id", flat=True))
    if known and master.key_id not in known:
        fail(
            f"the shares rebuild key {master.key_id}, but the data keys were wrapped by {', '.join(sorted(known))}"
        )
    path = crypto.key_file_path()
    if path.exists() and not force:
        fail(f"a key file already exists at {path}; use --force to replace it")
    crypto.write_key_file(path, key)
    crypto.reset_caches()
    audit_cli("keys_combine", None, key=master.key_id)
    typer.echo(f"master key {master.key_id} restored to {path}")
