"""`refwatch user add | password | list | disable | unlock | role | require-2fa | otp-setup`: accounts from the terminal."""

from __future__ import annotations

import io
import sys
from typing import Annotated, Any

import typer

from refwatch.cli import app
from refwatch.cli.common import audit_cli, fail, setup_django

user_app = typer.Typer(
    help="Accounts and roles (viewer, analyst, protection_officer, admin).", no_args_is_help=True
)
app.add_typer(user_app, name="user")


@user_app.command("add")
def add(
    username: str,
    role: Annotated[str, typer.Option(help="viewer, analyst, protection_officer or admin")],
    email: Annotated[str, typer.Option(help="E-mail address")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
) -> None:
    """Add a user; prints a generated password once unless one is read from stdin."""
    setup_django()
    from refwatch.accounts.service import AccountError, create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        user, password = create_user(username, role, email=email, password=password)
    except AccountError as exc:
        fail(str(exc))
    audit_cli("user_add", user, role=role)
    typer.echo(f"added {user.username} ({role})")
    if not password_stdin:
        typer.echo(f"password (shown once, change it after the first login): {password}")


@user_app.command("password")
def password(
    username: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
) -> None:
    """Set a new password; prints a generated one once unless one is read from stdin."""
    setup_django()
    from refwatch.accounts.service import AccountError, set_password

    given = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        user, new = set_password(username, given)
    except AccountError as exc:
        fail(str(exc))
    audit_cli("user_password", user)
    typer.echo(f"password of {username} changed")
    if not password_stdin:
        typer.echo(f"password (shown once, change it after the first login): {new}")


@user_app.command("list")
def list_users() -> None:
    """List users with their roles, state and second factor."""
    setup_django()
    from django.contrib.auth import get_user_model

    from refwatch.accounts.service import has_totp, is_2fa_required
    from refwatch.roles import ROLES

    for user in get_user_model().objects.order_by("username"):
        roles = ",".join(sorted({g.name for g in user.groups.all()} & set(ROLES)))
        state = "active" if user.is_active else "disabled"
        factor = "totp" if has_totp(user) else ("2fa-required" if is_2fa_required(user) else "password")
        typer.echo(f"{user.username}\t{roles or '-'}\t{state}\t{factor}")


@user_app.command("disable")
def disable_user(username: str) -> None:
    """Disable a user: no more logins, open sessions end."""
    setup_django()
    from refwatch.accounts.service import AccountError, disable

    try:
        user = disable(username)
    except AccountError as exc:
        fail(str(exc))
    audit_cli("user_disable", user)
    typer.echo(f"disabled {username}")


def _account(username: str) -> Any:
    """The user named, with Django set up; a usage error when there is none."""
    setup_django()
    from refwatch.accounts.service import AccountError, get_user

    try:
        return get_user(username)
    except AccountError as exc:
        fail(str(exc))


@user_app.command("token")
def token(
    username: str,
    name: Annotated[str, typer.Option(help="What the token is for, to tell it apart later.")] = "api",
) -> None:
    """Issue an API token for USERNAME; it is printed once and only its hash is kept."""
    user = _account(username)
    from refwatch.accounts import tokens

    record, key = tokens.issue(user, name)
    audit_cli("token_issue", user, token=record.prefix, name=name)
    typer.echo(f"API token for {username} ({name}); it is not shown again:\n{key}")
    typer.echo("Send it as the header  Authorization: Bearer <token>", err=True)


@user_app.command("tokens")
def list_tokens(username: str) -> None:
    """List USERNAME's API tokens (their first characters only)."""
    user = _account(username)
    for t in user.api_tokens.order_by("created_at"):
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        typer.echo(f"{t.prefix}…  {t.name}  created {t.created_at:%Y-%m-%d}  last used {used}  {state}")


@user_app.command("revoke-token")
def revoke_token(
    username: str, prefix: Annotated[str, typer.Argument(help="As `refwatch user tokens` shows it.")]
) -> None:
    """Revoke one of USERNAME's API tokens: calls with it fail from now on."""
    user = _account(username)
    from refwatch.accounts import tokens

    if not tokens.revoke(user, prefix):
        fail(f"{username} has no live token {prefix!r}; `refwatch user tokens {username}` lists them")
    audit_cli("token_revoke", user, token=prefix)
    typer.echo(f"revoked {prefix}")


@user_app.command("unlock")
def unlock(username: str) -> None:
    """Lift a lockout after too many failed logins (django-axes)."""
    user = _account(username)
    from axes.utils import reset

    count = reset(username=username)
    audit_cli("user_unlock", user)
    typer.echo(f"{username} unlocked ({count} failed attempts cleared)")


@user_app.command("role")
def role(username: str, new_role: Annotated[str, typer.Argument(metavar="ROLE")]) -> None:
    """Give a user exactly one role."""
    setup_django()
    from refwatch.accounts.service import AccountError, set_role

    try:
        user = set_role(username, new_role)
    except AccountError as exc:
        fail(str(exc))
    audit_cli("user_role", user, role=new_role)
    typer.echo(f"{username} is now {new_role}")


@user_app.command("require-2fa")
def require_two_factor(
    username: str, off: Annotated[bool, typer.Option("--off", help="No longer require it")] = False
) -> None:
    """Require (or stop requiring) a TOTP second factor for a user."""
    setup_django()
    from refwatch.accounts.service import AccountError, require_2fa

    try:
        user = require_2fa(username, not off)
    except AccountError as exc:
        fail(str(exc))
    audit_cli("user_require_2fa", user, required=not off)
    typer.echo(f"2FA {'no longer ' if off else ''}required for {username}")


@user_app.command("otp-setup")
def otp_setup(username: str) -> None:
    """Set up a TOTP device: prints the otpauth URI and a QR code, then asks for a first code."""
    user = _account(username)
    import qrcode

    from refwatch.accounts.service import confirm_totp, start_totp, totp_uri

    device = start_totp(user)
    uri = totp_uri(device)
    qr = qrcode.QRCode(border=1)
    qr.add_data(uri)
    buf = io.StringIO()
    qr.print_ascii(out=buf, invert=True)
    typer.echo(buf.getvalue())
    typer.echo(uri)
    token = typer.prompt("code shown by the app")
    if not confirm_totp(device, token):
        device.delete()
        fail("that code is wrong or has expired; run the command again")
    audit_cli("user_otp_setup", user)
    typer.echo(f"two-factor login set up for {username}")
