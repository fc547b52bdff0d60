from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save

from refwatch.knowledge import record_changes


class KnowledgeConfig(AppConfig):
    name = "refwatch.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self) -> None:
        # Models are importable only once the app registry is ready: here, not at module level.
        from refwatch.knowledge import search
        from refwatch.knowledge.models import Document

        post_save.connect(search.document_saved, sender=Document, dispatch_uid="knowledge.search.index")
        # After every migrate (and a test's flush): each table of the record has its trigger.
        post_migrate.connect(
            record_changes.after_migrate, sender=self, dispatch_uid="knowledge.record_changes.triggers"
        )
