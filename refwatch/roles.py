"""Roles: what a user may do, from the Django groups they are in.

At the base of the layers (it needs only django.contrib.auth's users and groups), so that the
record (refwatch.knowledge), the people (refwatch.protection) and the accounts all read roles
from here without importing one another. viewer reads published and internal facts; analyst
ingests, reviews, edits; protection officer sees and edits personal data; admin manages users
and settings. A superuser has every role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.functional import LazyObject, empty

T = TypeVar("T")

VIEWER = "viewer"
ANALYST = "analyst"
PROTECTION_OFFICER = "protection_officer"
ADMIN = "admin"
ROLES = (VIEWER, ANALYST, PROTECTION_OFFICER, ADMIN)


# Bumped whenever a role, a named access or anything else read with a signed-in user changes in
# this process (accounts.signals): what a user object remembers of them is then forgotten.
_generation = 0


def access_changed(*args: Any, **kwargs: Any) -> None:
    """A signal receiver: group membership, a group, a person's allowed users or groups, a grant of
    a record, a TOTP device or an account's policy changed."""
    global _generation
    _generation += 1


def _holder(user: Any) -> Any:
    """The user object itself, not request.user's lazy proxies (two-factor's over Django's): what
    is remembered through the proxy must be found again by code given the user behind it (an
    output resolves the proxy once for speed), or each reads the same rows again."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _memo(user: Any) -> dict[str, Any]:
    holder = _holder(user)
    memo = holder.__dict__.get("_refwatch_access")
    if memo is None or memo[0] != _generation:
        memo = (_generation, {})
        holder.__dict__["_refwatch_access"] = memo
    return memo[1]


def remembered(user: Any, key: str, compute: Callable[[], T]) -> T:
    """`compute()` kept on the user object until access changes. A page asks "may this user see
    that?" once a row; the answer is read once a request, since each request loads its own user
    object (and a changed grant in this process is seen at once)."""
    memo = _memo(user)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def remember(user: Any, key: str, value: Any) -> None:
    """Give `key` the value read with the user itself (refwatch.accounts.backends reads a signed-in
    user's access in the query that loads the user): `remembered` and `loaded` then answer with it
    until access changes in this process."""
    _memo(user)[key] = value


def loaded(user: Any, key: str) -> Any | None:
    """What was read with the user under `key` (see `remember`), or None when nothing was: the
    caller then reads it, and keeps it no longer than its own answer (unlike `remembered`)."""
    return _memo(user).get(key)


# The user's role groups, as `remembered` keeps them and the loader of a user gives them.
GROUPS = "groups"


def roles_of(user: Any) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    names = remembered(user, GROUPS, lambda: frozenset(g.name for g in user.groups.all()))
    return set(names) & set(ROLES)


def has_role(user: Any, *roles: str) -> bool:
    """True when the user has one of `roles` (admin implies every role)."""
    mine = roles_of(user)
    return ADMIN in mine or bool(mine & set(roles))
