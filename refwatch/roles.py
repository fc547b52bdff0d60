"""Roles: what a user may do, from the Django groups they are in.

At the base of the layers (it needs only django.contrib.auth's users and groups), so that the
record (refwatch.knowledge), the people (refwatch.protection) and the accounts all read roles
from here without importing one another. viewer reads published and internal facts; analyst
ingests, reviews, edits; protection officer sees and edits personal data; admin manages users
and settings. A superuser has every role.
"""

from __future__ import annotations

from typing import Any

VIEWER = "viewer"
ANALYST = "analyst"
PROTECTION_OFFICER = "protection_officer"
ADMIN = "admin"
ROLES = (VIEWER, ANALYST, PROTECTION_OFFICER, ADMIN)


def roles_of(user: Any) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    names = {g.name for g in user.groups.all()}
    return names & set(ROLES)


def has_role(user: Any, *roles: str) -> bool:
    """True when the user has one of `roles` (admin implies every role)."""
    mine = roles_of(user)
    return ADMIN in mine or bool(mine & set(roles))
