from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "refwatch.protection"
    label = "protection"
    verbose_name = "Protected personal data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from refwatch.knowledge import pseudonyms
        from refwatch.protection import guard, logs, signals  # noqa: F401  (signals: cache invalidation)

        logs.install()
        # The record stores nothing confidential until this is done (it fails closed).
        pseudonyms.install(guard.PersonNames())
