"""Account operations shared by the command line, the first run and the pages.

Every function raises `AccountError` with a one-line message on bad input and changes nothing then.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts.models import AccountPolicy
from refwatch.roles import ADMIN, ROLES, loaded

# What `has_totp` and `is_2fa_required` answer, when read with the signed-in user in this request
# (refwatch.accounts.backends); forgotten when a device or a policy changes in this process.
HAS_TOTP = "has_totp"
REQUIRES_2FA = "requires_2fa"

FIRST_ADMIN = "admin"


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def generate_password() -> str:
    # 20 URL-safe characters ≈ 120 bits: strong enough to print once and be changed later.
    return secrets.token_urlsafe(15)


def _check_role(role: str) -> str:
    role = role.strip().lower().replace("-", "_").replace(" ", "_")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; the roles are: {', '.join(ROLES)}")
    return role


def get_user(username: str) -> Any:
    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise AccountError(f"no user named {username!r}") from None


def create_user(username: str, role: str, email: str = "", password: str | None = None) -> tuple[Any, str]:
    """Create a user with one role; returns the user and the password (generated when not given)."""
    User = get_user_model()
    role = _check_role(role)
    username = username.strip()
    if not username:
        raise AccountError("a user name is required")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"a user named {username!r} already exists")
    password = password if password is not None else generate_password()
    candidate = User(username=username, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise AccountError("the password is refused: " + " ".join(exc.messages)) from None
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email, password=password)
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        if role == ADMIN:
            # Admins manage users and settings in Django's admin site too, which needs these flags.
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    return user, password


def ensure_first_admin() -> str | None:
    """On a fresh install, create the user "admin" with a random password and return the password.

    Returns None when any user exists, so a second run never prints or changes a password.
    """
    User = get_user_model()
    with transaction.atomic():
        if User.objects.exists():
            return None
        _user, password = create_user(FIRST_ADMIN, ADMIN)
    return password


def set_role(username: str, role: str) -> Any:
    """Give the user exactly this role (roles are exclusive: one group of the four)."""
    role = _check_role(role)
    user = get_user(username)
    with transaction.atomic():
        keep = [g for g in user.groups.all() if g.name not in ROLES]
        user.groups.set([*keep, Group.objects.get_or_create(name=role)[0]])
        user.is_staff = user.is_superuser = role == ADMIN
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


def set_password(username: str, password: str | None = None) -> tuple[Any, str]:
    """Set a user's password (generated when not given); returns the user and the password."""
    user = get_user(username)
    password = password if password is not None else generate_password()
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("the password is refused: " + " ".join(exc.messages)) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    return user, password


def disable(username: str) -> Any:
    """Disable a user: no login, and existing sessions stop working (Django checks is_active)."""
    user = get_user(username)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def require_2fa(username: str, required: bool = True) -> Any:
    user = get_user(username)
    AccountPolicy.objects.update_or_create(user=user, defaults={"require_2fa": required})
    return user


def is_2fa_required(user: Any) -> bool:
    if getattr(settings, "REFWATCH_REQUIRE_2FA", False):
        return True
    known = loaded(user, REQUIRES_2FA)
    if known is not None:
        return bool(known)
    return AccountPolicy.objects.filter(user=user, require_2fa=True).exists()


def has_totp(user: Any) -> bool:
    known = loaded(user, HAS_TOTP)
    if known is not None:
        return bool(known)
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_totp(user: Any) -> TOTPDevice:
    """A new, unconfirmed TOTP device (any older unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def confirm_totp(device: TOTPDevice, token: str) -> bool:
    """Confirm a device with a first token from the app; older devices of the user are removed."""
    if not device.verify_token(token.strip()):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def totp_uri(device: TOTPDevice) -> str:
    return str(device.config_url)
