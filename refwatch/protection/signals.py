"""Keep the in-memory name index in step, and protect the names of confidential documents.

Whenever a document is saved as confidential, the names extraction finds in it become protected
people (`names.protect_document_names`), after the store's transaction commits: extraction takes
seconds and must not hold the store's write lock. Protecting is idempotent (a known name reuses
its person), so a store that also calls it directly does no harm.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from refwatch.knowledge.models import Document
from refwatch.protection.models import NameDigest, Person

log = logging.getLogger(__name__)


@receiver([post_save, post_delete], sender=NameDigest)
@receiver([post_delete], sender=Person)
def _names_changed(sender: Any, **kwargs: Any) -> None:
    from refwatch.protection.names import invalidate

    invalidate()


@receiver(post_save, sender=Document)
def _confidential_document_saved(sender: Any, instance: Document, **kwargs: Any) -> None:
    if instance.visibility != "confidential" or kwargs.get("raw"):
        return
    if getattr(instance, "names_protected", False):
        # The store protected them before writing the document (store.add): nothing left to do.
        return
    pk = instance.pk

    def protect() -> None:
        from refwatch.protection.names import protect_document_names

        document = Document.objects.filter(pk=pk).first()
        if document is None:
            return
        try:
            people = protect_document_names(document)
        except Exception:
            # Never the names or the text in the log: only which document failed.
            log.exception("protecting the names of document #%s failed", pk)
            return
        if people:
            from refwatch.protection import audit

            audit.record(None, "protect_names", document, persons=[p.pk for p in people])

    transaction.on_commit(protect)
