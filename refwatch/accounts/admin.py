from django.contrib import admin

from refwatch.accounts.models import AccountPolicy
from refwatch.knowledge.models import RecordGrant


@admin.register(AccountPolicy)
class AccountPolicyAdmin(admin.ModelAdmin):
    list_display = ("user", "require_2fa")
    list_filter = ("require_2fa",)


@admin.register(RecordGrant)
class RecordGrantAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "user", "group", "created_at")
