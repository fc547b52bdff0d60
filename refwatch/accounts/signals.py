"""Grants are audited wherever they are made: the admin, the pages, code (`access.grant`).

A RecordGrant opens a confidential record to a user or group; a Person's allowed users and
groups open a person's identity. Each one given or taken back is an audit entry; inside a
request that called `audit.acting()` (the admin site), it is that user's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch import roles
from refwatch.accounts.models import AccountPolicy
from refwatch.knowledge.models import RecordGrant
from refwatch.protection import audit
from refwatch.protection.models import Person


def _record_grant(action: str, grant: RecordGrant) -> None:
    ct = grant.content_type
    audit.record(
        None,
        action,
        (f"{ct.app_label}.{ct.model}", grant.object_id),
        to_user=grant.user_id,
        to_group=grant.group_id,
    )


def _grant_saved(sender: Any, instance: RecordGrant, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        _record_grant("grant", instance)


def _grant_deleted(sender: Any, instance: RecordGrant, **kwargs: Any) -> None:
    _record_grant("revoke_grant", instance)


def _person_access_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or kwargs.get("reverse"):
        return
    kind = "users" if sender is Person.allowed_users.through else "groups"
    audit.record(
        None,
        "grant" if action == "post_add" else "revoke_grant",
        instance,
        **{f"to_{kind}": sorted(pk_set) if pk_set else "all"},
    )


def connect() -> None:
    # What user objects remember of roles and named access (roles.remembered) is forgotten on change.
    user_groups = get_user_model().groups.through
    m2m_changed.connect(roles.access_changed, sender=user_groups, dispatch_uid="refwatch-roles-groups")
    for model in (Group, Person):
        post_save.connect(roles.access_changed, sender=model, dispatch_uid=f"refwatch-roles-{model.__name__}")
        post_delete.connect(
            roles.access_changed, sender=model, dispatch_uid=f"refwatch-roles-del-{model.__name__}"
        )
    # What was read with a signed-in user (accounts.backends) is forgotten when any of it changes.
    for model in (RecordGrant, TOTPDevice, AccountPolicy):
        post_save.connect(
            roles.access_changed, sender=model, dispatch_uid=f"refwatch-access-{model.__name__}"
        )
        post_delete.connect(
            roles.access_changed, sender=model, dispatch_uid=f"refwatch-access-del-{model.__name__}"
        )
    post_save.connect(_grant_saved, sender=RecordGrant, dispatch_uid="refwatch-grant-audit")
    post_delete.connect(_grant_deleted, sender=RecordGrant, dispatch_uid="refwatch-grant-revoke-audit")
    for through in (Person.allowed_users.through, Person.allowed_groups.through):
        m2m_changed.connect(
            roles.access_changed, sender=through, dispatch_uid=f"refwatch-roles-{through.__name__}"
        )
        m2m_changed.connect(
            _person_access_changed, sender=through, dispatch_uid=f"refwatch-audit-{through.__name__}"
        )
