"""Who may see what: per-record visibility by role (refwatch.roles) and grants, the rule that the
reading door (refwatch.knowledge.queries) applies to every read.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from refwatch.knowledge.models import RecordGrant
from refwatch.roles import (
    ADMIN,
    ANALYST,
    PROTECTION_OFFICER,
    ROLES,
    VIEWER,
    has_role,
    loaded,
    roles_of,
)

# The roles are read from here by many callers: they are refwatch.roles', named once there.
__all__ = [
    "ADMIN",
    "ANALYST",
    "PROTECTION_OFFICER",
    "ROLES",
    "VIEWER",
    "grant",
    "grants_of",
    "has_role",
    "roles_of",
    "visible",
    "visible_q",
]

M = TypeVar("M", bound=Model)

# The user's grants (`grants_of`), when the loader of a signed-in user read them with the user.
GRANTS = "grants"


def visible(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The records of `queryset` the user may see, by their `visibility` field.

    Anonymous users (public mode) see public records only; any role sees public and
    internal ones; confidential records need the protection officer (or admin) role, or a
    grant of that record to the user or one of the user's groups (see `grant`).
    """
    rule = visible_q(queryset.model, user)
    return queryset if rule is None else queryset.filter(rule)


def visible_q(
    model: type[Model], user: Any, through: str = "", grants: dict[int, list[int]] | None = None
) -> Q | None:
    """The rule of `visible` as a condition on `model`, or on the record it reaches by the foreign
    key `through` ("document": a statement is seen with its document); None when the user sees
    everything. As a condition on the joined row rather than "IN (every record they may see)", so
    that the database starts from a query's other, narrower conditions. `grants`: the user's
    `grants_of`, when the caller has read them already."""
    prefix = f"{through}__" if through else ""
    if not roles_of(user):
        return Q(**{f"{prefix}visibility": "public"})
    if has_role(user, PROTECTION_OFFICER):
        return None
    target = model._meta.get_field(through).related_model if through else model
    closed = ~Q(**{f"{prefix}visibility": "confidential"})
    # The grants are read here, once, as a list rather than a subquery: most users have none,
    # and then every query the rule goes into is simpler for the ORM to build and the database
    # to plan. Read at each call (a Reader keeps the rule for one request), so a revoked grant
    # counts from the next request on.
    if grants is None:
        grants = grants_of(user)
    granted = grants.get(ContentType.objects.get_for_model(target).pk)
    return closed | Q(**{f"{through or 'pk'}__in": granted}) if granted else closed


def grants_of(user: Any) -> dict[int, list[int]]:
    """The records granted to the user or to one of the user's groups: their ids by content type.
    Read again at each call, unless they were read with the user in this request (`GRANTS`)."""
    known = loaded(user, GRANTS)
    if known is not None:
        return known
    found: dict[int, list[int]] = {}
    rows = RecordGrant.objects.filter(Q(user=user) | Q(group__in=user.groups.all()))
    for content_type, object_id in rows.values_list("content_type_id", "object_id").distinct():
        found.setdefault(content_type, []).append(object_id)
    return found


def may_open_any(model: type[Model], user: Any, grants: dict[int, list[int]] | None = None) -> bool:
    """Whether the user may see some confidential record of `model`: by role, or by a grant to
    them or to a group of theirs (whether or not such a record exists). `grants`: the user's
    `grants_of`, when the caller has read them already."""
    if not roles_of(user):
        return False
    if has_role(user, PROTECTION_OFFICER):
        return True
    if grants is None:
        grants = grants_of(user)
    return ContentType.objects.get_for_model(model).pk in grants


def grant(record: Model, *, user: Any = None, group: Any = None) -> None:
    """Open a confidential record to a named user or group."""
    if (user is None) == (group is None):
        raise ValueError("grant to exactly one user or one group")
    RecordGrant.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, user=user, group=group
    )
