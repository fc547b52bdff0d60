from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "refwatch.protection"
    label = "protection"
    verbose_name = "Protected personal data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from refwatch.protection import logs, signals  # noqa: F401  (signals: cache invalidation)

        logs.install()
