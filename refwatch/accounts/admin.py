from typing import Any

from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts.models import AccountPolicy, RecordGrant


@admin.register(AccountPolicy)
class AccountPolicyAdmin(admin.ModelAdmin):
    list_display = ("user", "require_2fa")
    list_filter = ("require_2fa",)


@admin.register(RecordGrant)
class RecordGrantAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "user", "group", "created_at")


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecretlessTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's admin without the secret anywhere, not even on the form to add a device:
    whoever knows a device's secret can make its codes, and an admin is not its owner."""

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "key"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
