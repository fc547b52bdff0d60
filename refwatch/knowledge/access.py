"""Who may see what: roles and per-record visibility, in one place for every page and export.

Roles are Django groups, so that an admin can manage them with the tools Django already has:
viewer (reads published and internal facts), analyst (ingests, reviews, edits), protection
officer (sees and edits personal data), admin (users, settings). A superuser has every role.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

VIEWER = "viewer"
ANALYST = "analyst"
PROTECTION_OFFICER = "protection_officer"
ADMIN = "admin"
ROLES = (VIEWER, ANALYST, PROTECTION_OFFICER, ADMIN)

M = TypeVar("M", bound=Model)


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


def visible(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The records of `queryset` the user may see, by their `visibility` field.

    Anonymous users (public mode) see public records only; any role sees public and
    internal ones; confidential records need the protection officer (or admin) role, or a
    grant of that record to the user or one of the user's groups (see `grant`).
    """
    if not roles_of(user):
        return queryset.filter(visibility="public")
    if has_role(user, PROTECTION_OFFICER):
        return queryset
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from refwatch.accounts.models import RecordGrant

    granted = RecordGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model)
    ).filter(Q(user=user) | Q(group__in=user.groups.all()))
    return queryset.filter(~Q(visibility="confidential") | Q(pk__in=granted.values("object_id")))


def grant(record: Model, *, user: Any = None, group: Any = None) -> None:
    """Open a confidential record to a named user or group."""
    from django.contrib.contenttypes.models import ContentType

    from refwatch.accounts.models import RecordGrant

    if (user is None) == (group is None):
        raise ValueError("grant to exactly one user or one group")
    RecordGrant.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, user=user, group=group
    )
