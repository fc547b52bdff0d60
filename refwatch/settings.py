"""Django settings for refwatch.

Everything a deployment changes comes from the environment:
- REFWATCH_HOME: the data folder (SQLite database, original files, keys); default: the user's data folder.
- DATABASE_URL: another database (e.g. postgres://…); default: SQLite in REFWATCH_HOME.
- REFWATCH_SECRET_KEY: the secret key; default: one generated once and kept in REFWATCH_HOME.
- REFWATCH_DEBUG: "1" for development.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from platformdirs import user_data_dir

HOME = Path(os.environ.get("REFWATCH_HOME") or user_data_dir("refwatch", appauthor=False)).expanduser()


def _owner_only(path: Path, mode: int) -> None:
    """Give a file or folder of the data folder to its owner alone (the database, the originals
    and the key file of a laptop install sit there); one not ours to change that others can read
    stops start-up rather than being used as it is."""
    if not path.exists() or not path.stat().st_mode & 0o077:
        return
    try:
        path.chmod(mode)
    except PermissionError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{path} can be read by other users and is not ours to change: run chmod {mode:o} {path}"
        ) from None


HOME.mkdir(parents=True, exist_ok=True, mode=0o700)
_owner_only(HOME, 0o700)


def _secret_key() -> str:
    if key := os.environ.get("REFWATCH_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    if not path.exists():
        # Written once with owner-only permissions: sessions survive restarts and the
        # key never sits in the repository or the environment of other users.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("REFWATCH_DEBUG") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("REFWATCH_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]

INSTALLED_APPS = [
    # django.contrib.admin with every change made through it in the audit chain.
    "refwatch.accounts.admin_app.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "refwatch.accounts",
    "refwatch.protection",
    "refwatch.knowledge",
    "refwatch.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "refwatch.accounts.middleware.TwoFactorMiddleware",
    # Private instance: every page needs a login unless its view says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "refwatch.web.middleware.ExplainMethodNotAllowed",
    "refwatch.web.middleware.NoStore",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "refwatch.urls"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "refwatch.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{HOME / 'refwatch.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the pages read while an ingest writes; the timeout waits out a writer
    # instead of failing with "database is locked". secure_delete: what is deleted or
    # overwritten (a document removed, a value re-sealed) is zeroed in the file instead of
    # lingering in free pages, as defence in depth for personal data; confidential evidence
    # itself is never written in clear in the first place (refwatch.knowledge.fields).
    # No ANALYZE, nor PRAGMA optimize (which runs it): the queries of the record were written and
    # measured for SQLite's planner without statistics, and with them it chose worse plans for
    # some (measured at 100,000 documents, bench/scale.py: the overview computed afresh 230 -> 425
    # ms, a search 90 -> 230 ms (its actor facet 11 -> 170 ms), the backlog's counts by review
    # state 14 -> 110 ms; the lists 15 % faster). Statistics come with a review of every plan.
    # (PostgreSQL keeps its own statistics: autovacuum's ANALYZE.)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }

if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and DATABASES["default"]["NAME"] != ":memory:"
):
    # The database is made here, owner-only, before SQLite would make it with the umask's mode;
    # SQLite gives its -wal and -shm files the mode of the database. Files of an older install
    # are narrowed too.
    _database = Path(DATABASES["default"]["NAME"])
    if not _database.exists():
        _database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(_database, os.O_WRONLY | os.O_CREAT, 0o600))
    for _suffix in ("", "-wal", "-shm", "-journal"):
        _owner_only(_database.with_name(_database.name + _suffix), 0o600)

# Uploads are read in the background: the queue is a table of this database (django-tasks-db),
# taken by `refwatch worker` processes, or by the worker thread `refwatch serve` starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where original files are kept, as they came (content-addressed by SHA-256).
ORIGINALS_DIR = HOME / "originals"
# Uploads waiting for a worker (sealed when confidential), removed once read.
INCOMING_DIR = HOME / "incoming"

# Limits on what one ingested file may cost; each can be set from the environment.
REFWATCH_MAX_FILE_BYTES = int(os.environ.get("REFWATCH_MAX_FILE_BYTES", 100 * 1024 * 1024))
# An uploaded file stays in memory, never in the system's temporary folder, where a confidential
# one would lie in clear during the request (refwatch.web.upload.MemoryOnlyUpload).
FILE_UPLOAD_HANDLERS = ["refwatch.web.upload.MemoryOnlyUpload"]
REFWATCH_MAX_PAGES = int(os.environ.get("REFWATCH_MAX_PAGES", 500))
REFWATCH_OCR_SECONDS_PER_FILE = float(os.environ.get("REFWATCH_OCR_SECONDS_PER_FILE", 600))
# Scanned pages are rendered for OCR at no more than this; raise it for very small print.
REFWATCH_OCR_DPI = int(os.environ.get("REFWATCH_OCR_DPI", 200))
# What the child process that reads an uploaded file may use (refwatch.ingest.isolated): a file
# built to exhaust a parser is refused with the limit it hit, and the worker goes on.
REFWATCH_READER_MEMORY_MB = int(os.environ.get("REFWATCH_READER_MEMORY_MB", 2048))
REFWATCH_READER_CPU_SECONDS = int(os.environ.get("REFWATCH_READER_CPU_SECONDS", 600))
REFWATCH_READER_TEXT_BYTES = int(os.environ.get("REFWATCH_READER_TEXT_BYTES", 64 * 1024 * 1024))
# "1": public mode: anyone may read the pages (home, documents, incidents, letters), which then
# show only records published as public, with protected names as pseudonyms. Off: login for all.
REFWATCH_PUBLIC = os.environ.get("REFWATCH_PUBLIC") == "1"
# Viewers (and the public) see only facts an analyst verified (a statement of theirs accepted).
REFWATCH_VERIFIED_ONLY = os.environ.get("REFWATCH_VERIFIED_ONLY") == "1"

# Watched sources (refwatch.watching): how refwatch behaves towards the sites it polls.
# The User-Agent names refwatch and where its operator can be reached (set the contact).
REFWATCH_WATCH_CONTACT = os.environ.get("REFWATCH_WATCH_CONTACT", "https://github.com/refwatch/refwatch")
REFWATCH_WATCH_USER_AGENT = os.environ.get(
    "REFWATCH_WATCH_USER_AGENT", f"refwatch/0.1 (+{REFWATCH_WATCH_CONTACT})"
)
REFWATCH_WATCH_TIMEOUT = float(os.environ.get("REFWATCH_WATCH_TIMEOUT", 20))  # seconds to connect, each read
REFWATCH_WATCH_TOTAL_SECONDS = float(os.environ.get("REFWATCH_WATCH_TOTAL_SECONDS", 120))  # a whole answer
REFWATCH_WATCH_MAX_BYTES = int(os.environ.get("REFWATCH_WATCH_MAX_BYTES", 20 * 1024 * 1024))
# At least this many seconds between two requests to one host.
REFWATCH_WATCH_HOST_INTERVAL = float(os.environ.get("REFWATCH_WATCH_HOST_INTERVAL", 5))
# New items fetched in one poll of a source; the rest wait for the next poll.
REFWATCH_WATCH_MAX_ITEMS = int(os.environ.get("REFWATCH_WATCH_MAX_ITEMS", 20))
# An item whose fetch failed for a passing reason (a timeout, a 5xx) is tried again after this many
# seconds, twice as long after each failure, and refused after this many attempts in all.
REFWATCH_WATCH_RETRY_SECONDS = float(os.environ.get("REFWATCH_WATCH_RETRY_SECONDS", 600))
REFWATCH_WATCH_RETRY_ATTEMPTS = int(os.environ.get("REFWATCH_WATCH_RETRY_ATTEMPTS", 5))
# Each process reading the queue writes its beat this often (seconds); no beat for the stale time
# is a worker that is gone (/watch/'s status line, `refwatch worker --check`).
REFWATCH_WORKER_BEAT_SECONDS = float(os.environ.get("REFWATCH_WORKER_BEAT_SECONDS", 15))
REFWATCH_WORKER_STALE_SECONDS = float(os.environ.get("REFWATCH_WORKER_STALE_SECONDS", 120))
# The niceness of `refwatch worker` processes (0-19; the file readers they start inherit it): reading
# a file is minutes of CPU that no one waits for, while a page has a person waiting, so on a
# machine shared with the server the pages come first (bench/load.py, phase 2).
REFWATCH_WORKER_NICE = min(19, max(0, int(os.environ.get("REFWATCH_WORKER_NICE", 10))))
# The longest (seconds) that a page kept for many readers (refwatch.web.shared: the overview, the
# lists, searches, the API's lists) may go on being served after new documents were added: while
# a worker adds one every second or so, each process recomputes its pages at most this often
# instead of after each. 30, not 10: bench/load.py phase 2 (reads' p95 while a worker ingests,
# against without) was x5.1 at 10 s, x1.7 to x2.2 at 30 s (three runs) and x1.1 at 120 s; a document
# waits in the queue about as long anyway. (Giving the other threads the page kept before while one
# recomputes it was tried and measured worse, x2.9 to x3.8 in three runs, probably because threads
# that wait leave the CPU to the one computing.) Only the adding of new documents waits
# (record_changes.new_documents_only); any other change (a review, a seal, a name protected, a
# grant, a correction) shows at the next request in every process. 0: new documents at once too.
REFWATCH_NEW_DOCUMENTS_DELAY = max(0.0, float(os.environ.get("REFWATCH_NEW_DOCUMENTS_DELAY", 30)))
# Looks at /new/ less than this many seconds apart are one visit (a reload shows the same list).
REFWATCH_VISIT_GAP = float(os.environ.get("REFWATCH_VISIT_GAP", 30 * 60))
# A user's first look at /new/ shows the documents added in this many days before it.
REFWATCH_NEW_FIRST_DAYS = int(os.environ.get("REFWATCH_NEW_FIRST_DAYS", 7))
# The address of this refwatch, for the links of the digest.
REFWATCH_SITE_URL = os.environ.get("REFWATCH_SITE_URL", "http://127.0.0.1:8000")
# The daily digest (`refwatch watch digest`): its sender; the mail server is Django's EMAIL_* settings.
DEFAULT_FROM_EMAIL = os.environ.get("REFWATCH_MAIL_FROM", "refwatch@localhost")
EMAIL_HOST = os.environ.get("REFWATCH_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("REFWATCH_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("REFWATCH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("REFWATCH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("REFWATCH_EMAIL_TLS") == "1"
# The worker sends the digest of the last day once a day, at this hour (UTC), when the mail server
# is given (REFWATCH_EMAIL_HOST) or REFWATCH_DIGEST_DAILY=1 says so (REFWATCH_DIGEST_DAILY=0: never).
REFWATCH_DIGEST_DAILY = os.environ.get("REFWATCH_DIGEST_DAILY") == "1" or (
    os.environ.get("REFWATCH_DIGEST_DAILY") != "0" and bool(os.environ.get("REFWATCH_EMAIL_HOST"))
)
REFWATCH_DIGEST_HOUR = int(os.environ.get("REFWATCH_DIGEST_HOUR", 7))
if not 0 <= REFWATCH_DIGEST_HOUR <= 23:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"REFWATCH_DIGEST_HOUR={REFWATCH_DIGEST_HOUR}: an hour from 0 to 23")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REFWATCH_LOG_LEVEL", "WARNING")},
}

# --- Accounts and security (issue 4) ---
# django-axes first: it refuses a locked-out user before the password is even checked.
# Then Django's ModelBackend, whose user of a session comes with their roles and whether they have
# a device, grants or named persons, in one query (refwatch.accounts.backends). A session made
# under Django's own class before it was set here is asked to log in again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "refwatch.accounts.backends.UserAndAccessBackend",
]
# The login with the TOTP step (refwatch.accounts); users with a device who come through any
# other login are sent back here by TwoFactorMiddleware.
LOGIN_URL = "accounts:login"
AXES_FAILURE_LIMIT = 5
# Per user name and address together, so that a stranger cannot lock a colleague out from afar.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# "1": every user must set up a TOTP second factor; an admin can also require it per user.
REFWATCH_REQUIRE_2FA = os.environ.get("REFWATCH_REQUIRE_2FA") == "1"
OTP_TOTP_ISSUER = "refwatch"
# No TOTP secret or QR code in Django's admin (refwatch.accounts.admin hides the field too).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True


def _served_over_https() -> bool:
    """REFWATCH_HTTPS=1/0 says it; unset, HTTPS is assumed when a non-local host name is allowed.

    Secure-only cookies on plain http://127.0.0.1 would never come back and nobody could log in,
    so a local-only instance keeps them off; any instance reachable by a real name gets them.
    """
    if (flag := os.environ.get("REFWATCH_HTTPS")) in ("0", "1"):
        return flag == "1"
    local = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}
    return not DEBUG and any(h not in local for h in ALLOWED_HOSTS)


HTTPS = _served_over_https()
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
if HTTPS:
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    # Behind a TLS-terminating proxy (the usual deployment) the proxy says the request was HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The address of that proxy: `refwatch serve` (waitress) takes X-Forwarded-Proto and -For from it
# alone and drops them from anyone else; without it waitress drops them always, and no request
# would look like HTTPS (no HSTS). "" trusts no proxy.
TRUSTED_PROXY = os.environ.get("REFWATCH_TRUSTED_PROXY", "127.0.0.1" if HTTPS else "")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Page addresses can name a record: never send them to other sites.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# django-csp 4: no inline script or style anywhere (htmx must run with includeIndicatorStyles off).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
