"""`django.contrib.admin` with the audited site (sites.py) as `admin.site`.

Apart from sites.py because an app's config is imported before any model can be.
"""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "refwatch.accounts.sites.AuditedAdminSite"
