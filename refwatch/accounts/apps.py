from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "refwatch.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from refwatch.accounts import otp_keys, signals

        otp_keys.connect()
        signals.connect()
