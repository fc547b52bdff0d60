from django.apps import AppConfig
from django.db.models.signals import post_save


class KnowledgeConfig(AppConfig):
    name = "refwatch.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self) -> None:
        # Models are importable only once the app registry is ready: here, not at module level.
        from refwatch.knowledge import search
        from refwatch.knowledge.models import Document

        post_save.connect(search.document_saved, sender=Document, dispatch_uid="knowledge.search.index")
