from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "refwatch.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"
