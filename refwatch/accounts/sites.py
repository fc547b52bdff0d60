"""Django's admin site, with every change made through it in the audit chain.

The admin writes a LogEntry for each object it adds, changes or deletes (deleting many at once
writes them in bulk, without signals); the site wraps its views, and each LogEntry a request
wrote becomes an audit entry in the same transaction, with the admin's user and address.
Signals that record on their own (grants) inside such a request are attributed to it too.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from refwatch.protection import audit

ACTIONS = {ADDITION: "admin_add", CHANGE: "admin_change", DELETION: "admin_delete"}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class AuditedAdminSite(admin.AdminSite):
    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        @wraps(view)
        def audited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in SAFE_METHODS:
                return view(request, *args, **kwargs)
            with transaction.atomic(), audit.acting(request):
                last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                response = view(request, *args, **kwargs)
                written = LogEntry.objects.filter(pk__gt=last, user_id=request.user.pk).select_related(
                    "content_type"
                )
                for entry in written.order_by("pk"):
                    ct = entry.content_type
                    audit.record(
                        request.user,
                        ACTIONS.get(entry.action_flag, "admin_change"),
                        (f"{ct.app_label}.{ct.model}" if ct else "", entry.object_id or ""),
                        request,
                        object=entry.object_repr,
                        change=entry.get_change_message(),
                    )
            return response

        return super().admin_view(audited, cacheable)
