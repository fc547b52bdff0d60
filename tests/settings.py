"""Settings for the tests: the project's settings with a fresh, throw-away REFWATCH_HOME.

Set before refwatch.settings is read, so no test ever touches a user's real data folder.
DATABASE_URL, when set (CI sets it for the PostgreSQL run), still chooses the database.
"""

import os
import tempfile

os.environ.setdefault("REFWATCH_HOME", tempfile.mkdtemp(prefix="refwatch-test-"))

from refwatch.settings import *  # noqa: F403

# The tests in this process read an upload at once, inside the request (django-tasks' immediate
# backend); the real queue and its workers are tested with `refwatch worker` processes
# (tests/test_worker.py), which read refwatch.settings.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Most tests add a document and read the pages at once: new documents show at once here, as every
# other change does. tests/test_new_documents_late.py tests the delay of a deployment.
REFWATCH_NEW_DOCUMENTS_DELAY = 0.0
