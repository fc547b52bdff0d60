"""Keep the in-memory name index in step with the database within this process."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from refwatch.protection.models import NameDigest, Person


@receiver([post_save, post_delete], sender=NameDigest)
@receiver([post_delete], sender=Person)
def _names_changed(sender: Any, **kwargs: Any) -> None:
    from refwatch.protection.names import invalidate

    invalidate()
