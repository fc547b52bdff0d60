"""The signed-in user read with what every request asks of them, in the one query that loads them.

Each signed-in request loads its user from the session: Django checks the session and the user
against the database every time, so that an ended session or a disabled user stops at the next
request. The request then needs to know whether the user has a confirmed TOTP device and must use
2FA (TwoFactorMiddleware, the page header), which role groups they are in, whether confidential
records are granted to them and whether protected persons are named to them. Asked one by one,
that is five or six queries more a request; here they are EXISTS columns of the user's own row,
read at the same moment from the same database and kept no longer than the user object (one
request), so each answer is as fresh as a query of its own would be. The few users who have grants
or named persons have them read in full by the code that uses them, as before.

A user object that did not come through here reads each answer itself, as before; a change of
access in this process drops what was read with a user (refwatch.roles).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import BooleanField, Model
from django.db.models.expressions import RawSQL
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts import service
from refwatch.accounts.models import AccountPolicy
from refwatch.knowledge import access
from refwatch.knowledge.models import RecordGrant
from refwatch.protection import names
from refwatch.protection.models import Person
from refwatch.roles import GROUPS, ROLES, remember

_ROLE = "_refwatch_role_"
_TOTP = "_refwatch_totp"
_REQUIRES_2FA = "_refwatch_requires_2fa"
_GRANTED = "_refwatch_granted_to_"
_NAMED = "_refwatch_named_to_"


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _exists(sql: str, params: tuple[Any, ...] = ()) -> RawSQL:
    return RawSQL(f"EXISTS ({sql})", params, output_field=BooleanField())


def access_columns(user: str) -> dict[str, RawSQL]:
    """Columns to annotate a query with, `user` naming the column of the user's id in it (as
    `user_column` gives it); `prime` reads them.

    Written as SQL rather than as the ORM's Exists(): Django builds those again for each query,
    and eight of them cost more CPU (about 3 ms) than the five queries they replace; these cost
    a tenth of that. Each is a lookup by index of the rows that name the user or a group of theirs.
    """
    membership = get_user_model().groups.through
    m_table, m_user, m_group = _table(membership), _column(membership, "user"), _column(membership, "group")
    group = get_user_model().groups.field.related_model
    named_group = f"SELECT {_column(group, 'id')} FROM {_table(group)} WHERE {_column(group, 'name')} = %s"
    in_my_group = f"SELECT {m_group} FROM {m_table} WHERE {m_user} = {user}"
    columns = {
        _ROLE + role: _exists(
            f"SELECT 1 FROM {m_table} WHERE {m_user} = {user} AND {m_group} IN ({named_group})", (role,)
        )
        for role in ROLES
    }
    columns[_TOTP] = _exists(
        f"SELECT 1 FROM {_table(TOTPDevice)} WHERE {_column(TOTPDevice, 'user')} = {user}"
        f" AND {_column(TOTPDevice, 'confirmed')} = %s",
        (True,),
    )
    columns[_REQUIRES_2FA] = _exists(
        f"SELECT 1 FROM {_table(AccountPolicy)} WHERE {_column(AccountPolicy, 'user')} = {user}"
        f" AND {_column(AccountPolicy, 'require_2fa')} = %s",
        (True,),
    )
    # The conditions of access.grants_of and names.named_access: to the user, or to a group of theirs.
    columns[_GRANTED + "user"] = _exists(
        f"SELECT 1 FROM {_table(RecordGrant)} WHERE {_column(RecordGrant, 'user')} = {user}"
    )
    columns[_GRANTED + "group"] = _exists(
        f"SELECT 1 FROM {_table(RecordGrant)} WHERE {_column(RecordGrant, 'group')} IN ({in_my_group})"
    )
    by_user, by_group = Person.allowed_users.through, Person.allowed_groups.through
    columns[_NAMED + "user"] = _exists(
        f"SELECT 1 FROM {_table(by_user)} WHERE {_column(by_user, 'user')} = {user}"
    )
    columns[_NAMED + "group"] = _exists(
        f"SELECT 1 FROM {_table(by_group)} WHERE {_column(by_group, 'group')} IN ({in_my_group})"
    )
    return columns


def user_column(model: type[Model], field: str | None = None) -> str:
    """The column of a user's id in a query of `model`: its primary key, or the foreign key `field`."""
    column = model._meta.pk.column if field is None else model._meta.get_field(field).column
    return f"{_table(model)}.{connection.ops.quote_name(column)}"


def prime(user: Any, row: Any) -> None:
    """Give `user` what `row` (annotated with `access_columns`) says of them."""
    remember(user, GROUPS, frozenset(role for role in ROLES if getattr(row, _ROLE + role)))
    remember(user, service.HAS_TOTP, bool(getattr(row, _TOTP)))
    remember(user, service.REQUIRES_2FA, bool(getattr(row, _REQUIRES_2FA)))
    # Only "none" is known here; a user with some reads them (grants_of, named_access).
    if not (getattr(row, _GRANTED + "user") or getattr(row, _GRANTED + "group")):
        remember(user, access.GRANTS, {})
    if not (getattr(row, _NAMED + "user") or getattr(row, _NAMED + "group")):
        remember(user, names.NAMED_PERSONS, frozenset())


class UserAndAccessBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions, active users only), whose user of a session
    comes with the access columns."""

    def get_user(self, user_id: Any) -> Any | None:
        users = get_user_model()._default_manager.annotate(**access_columns(user_column(get_user_model())))
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        prime(user, user)
        return user if self.user_can_authenticate(user) else None
