"""WSGI entry point (for a production server such as gunicorn)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.settings")
application = get_wsgi_application()

# A master key that cannot open the stored data keys stops the server here, with its reason,
# rather than at every login afterwards.
from refwatch.protection.crypto import check_master_key  # noqa: E402

check_master_key()

# What start-up made lives as long as the server: out of the collector's reach (see
# refwatch.cli.store.wsgi_app).
gc.freeze()
