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

T = TypeVar("T")

VIEWER = "viewer"
ANALYST = "analyst"
PROTECTION_OFFICER = "protection_officer"
ADMIN = "admin"
ROLES = (VIEWER, ANALYST, PROTECTION_OFFICER, ADMIN)


# Bumped whenever a role or a named access changes in this process (accounts.signals): what a
# user object remembers of them is then forgotten.
_generation = 0


def access_changed(*args: Any, **kwargs: Any) -> None:
    """A signal receiver: group membership, a group, or a person's allowed users or groups changed."""
    global _generation
    _generation += 1


def remembered(user: Any, key: str, compute: Callable[[], T]) -> T:
    """`compute()` kept on the user object until access changes. A page asks "may this user see
    that?" once a row; the answer is read once a request, since each request loads its own user
    object (and a changed grant in this process is seen at once)."""
    memo = user.__dict__.get("_refwatch_access")
    if memo is None or memo[0] != _generation:
        memo = (_generation, {})
        user.__dict__["_refwatch_access"] = memo
    if key not in memo[1]:
        memo[1][key] = compute()
    return memo[1][key]


def roles_of(user: Any) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    names = remembered(user, "groups", lambda: frozenset(g.name for g in user.groups.all()))
    return set(names) & set(ROLES)


def has_role(user: Any, *roles: str) -> bool:
    """True when the user has one of `roles` (admin implies every role)."""
    mine = roles_of(user)
    return ADMIN in mine or bool(mine & set(roles))
