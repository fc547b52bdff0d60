"""Keep the in-memory name index in step, and protect the names of confidential documents.

Whenever a document is saved as confidential other than through the store (which protects them
itself, before anything of the document is written), its names become protected people
(`personal_names.protect_document_names`) before its row is written: if that fails, the save
fails, and a save inside a transaction rolls back with it. Protecting is idempotent (a known
name reuses its person), so saving a document again does no harm.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from refwatch.knowledge.models import Document
from refwatch.protection.models import NameDigest, Person

log = logging.getLogger(__name__)


@receiver([post_save, post_delete], sender=NameDigest)
@receiver([post_delete], sender=Person)
def _names_changed(sender: Any, **kwargs: Any) -> None:
    from refwatch.protection.names import invalidate

    invalidate()


@receiver(pre_save, sender=Document)
def _confidential_document_saving(sender: Any, instance: Document, **kwargs: Any) -> None:
    """Protect the names of a confidential document before its row is written; a failure stops
    the save (and the caller's transaction), so that nothing of the document is stored unprotected."""
    if instance.visibility != "confidential" or kwargs.get("raw"):
        return
    if getattr(instance, "names_protected", False):
        # The store protected them before writing the document (store.add): nothing left to do.
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"text", "visibility"} & set(update_fields):
        return
    from refwatch.protection.personal_names import protect_document_names

    instance._protected_people = protect_document_names(instance)  # type: ignore[attr-defined]


@receiver(post_save, sender=Document)
def _confidential_document_saved(sender: Any, instance: Document, **kwargs: Any) -> None:
    people = getattr(instance, "_protected_people", None)
    if people:
        from refwatch.protection import audit
        from refwatch.protection.names import note_source

        note_source(people, instance.pk)
        audit.record(None, "protect_names", instance, persons=[p.pk for p in people])
        instance._protected_people = None  # type: ignore[attr-defined]
