"""Motietracker settings, driven by environment variables (see .env.example).

One module for every environment: the defaults give a working development
instance on SQLite with Celery tasks run eagerly; production sets DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"Configuration error: {name} must be a whole number, got {value!r}")


def envfloat(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise SystemExit(f"Configuration error: {name} must be a number, got {value!r}")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # One clear line instead of a traceback: production must never run on a known key.
        raise SystemExit("Configuration error: SECRET_KEY is not set (set it, or set DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-dev-only-key-motietracker-do-not-use-in-production"

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# In development the host of SITE_URL (`make run HOST=192.168.1.20`) is allowed too.
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ",".join(["127.0.0.1", "localhost", "[::1]", urlparse(SITE_URL).hostname or "127.0.0.1"]) if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tracker.devserver",  # first, so its runserver (startup lines, in-process schedule) is the one used
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Layers, bottom up (DESIGN.md): common (no models) -> motions -> letters -> alerts -> api, web -> tracker.
    "motions",
    "letters",
    "alerts",
    "api",
    "web",
    "tracker",  # on top: API tokens, feeds, and commands that orchestrate the apps (load_demo)
]

MIDDLEWARE = [
    "tracker.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tracker.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tracker.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tracker.security.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tracker.db_router.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# Unset DATABASE_URL means the embedded default: a SQLite file under var/.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR / 'motietracker.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
except Exception as exc:  # dj_database_url raises several types; all mean the same to the operator
    raise SystemExit(f"Configuration error: DATABASE_URL is not a valid database URL ({exc}).")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode a named cursor cannot outlive its transaction.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DB_BEHIND_POOLER", False)

# Optional read replica for the API's and feeds' reads (docs/SCALING.md).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tracker.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
try:  # whitenoise warns on every request when the directory is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
# Uploaded letters live outside the static root and are never served by whitenoise.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploaded letters: the local disk by default; object storage on several machines, e.g.
# MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage with MEDIA_STORAGE_OPTIONS='{"bucket_name": "…"}'
# (pip install django-storages[s3]). The code only uses the storage API, never local paths.
try:
    _MEDIA_STORAGE_OPTIONS = json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS", "") or "{}")
except ValueError:
    raise SystemExit("Configuration error: MEDIA_STORAGE_OPTIONS must be a JSON object.")
STORAGES = {
    "default": {"BACKEND": os.environ.get("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"), "OPTIONS": _MEDIA_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and "pytest" not in sys.modules
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
LETTER_MAX_UPLOAD_BYTES = envint("LETTER_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
# Dotted path to a callable that resolves Zaak/document numbers ("2024Z12345") a letter cites to
# Kamerstuk keys: takes a collection of numbers, returns {number: key}; asked for what our own tables
# (Motion.zaak_number, Kamerstuk.document_number) do not know. Default: the raw open-data mirror.
# Empty: only our own tables. See letters.ingest.ZaakLookup.
LETTERS_ZAAK_LOOKUP = os.environ.get("LETTERS_ZAAK_LOOKUP", "letters.sources.mirror_lookup")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security (production values; check --deploy passes with DEBUG=0) ----------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Celery -------------------------------------------------------------------------
# No broker configured: tasks run in-process, so one command runs the whole app.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip()
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "").strip() or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing gives up quickly when the broker is down: uploads are stored and re-queued later
# (letters.tasks.requeue_letters), so a web request never hangs on a dead broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# With acks_late a task whose worker died is delivered again after this many seconds (Redis).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Every scheduled job is here (the open-data sync is added below TK_SYNCFEED_BASE_URL); each app's
# tasks are in its tasks.py, which autodiscovery finds.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Which tracked items became overdue today, and a reminder to each owner (idempotent per day).
    "record-overdue": {"task": "motions.tasks.record_overdue_task", "schedule": crontab(hour=6, minute=0)},
    # Uploads whose processing was never queued (broker down) or whose worker died.
    "requeue-letters": {"task": "letters.tasks.requeue_letters", "schedule": 300.0},
    # Alerts: events to deliveries every minute (a status change also nudges at once), the sweep
    # that queues what no task carries, and the daily digests (sent from a quarter-hourly check).
    "alerts-fan-out": {"task": "alerts.tasks.fan_out_task", "schedule": 60.0},
    "alerts-sweep": {"task": "alerts.tasks.sweep_task", "schedule": 60.0},
    "alerts-digests": {"task": "alerts.tasks.send_digests_task", "schedule": crontab(minute="*/15")},
    # The read model: bodies whose deadline passed yesterday show "overdue" from today (a read would
    # build them too; this keeps reads at one row).
    "refresh-read-model": {"task": "api.tasks.refresh_read_model_task", "schedule": crontab(hour=0, minute=5)},
}
# Without a broker, the development server runs the schedule above in-process (tracker.scheduler).
EMBEDDED_BEAT = envbool("EMBEDDED_BEAT", True)

# --- Domain settings --------------------------------------------------------------------
# The Tweede Kamer SyncFeed the open-data mirror reads (docs/SYNC.md).
TK_SYNCFEED_BASE_URL = os.environ.get("TK_SYNCFEED_BASE_URL", "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/")
# Seconds between two page requests (politeness: the feed is throttled per address), and per request.
TK_SYNCFEED_PAUSE = envfloat("TK_SYNCFEED_PAUSE", 0.5)
TK_SYNCFEED_TIMEOUT = envfloat("TK_SYNCFEED_TIMEOUT", 60.0)
# Minutes between open-data syncs on the beat schedule (motions.tasks.sync_opendata_task); 0 turns it off.
OPENDATA_SYNC_MINUTES = envint("OPENDATA_SYNC_MINUTES", 15)
if OPENDATA_SYNC_MINUTES > 0:
    CELERY_BEAT_SCHEDULE["opendata-sync"] = {"task": "motions.tasks.sync_opendata_task", "schedule": OPENDATA_SYNC_MINUTES * 60.0}
# The letter harvest (docs/HARVEST.md): Document soorten that become letters (comma-separated), and
# how their files are fetched from Resources/<id>: tries, first backoff (doubling), timeout, and the
# Celery rate limit per worker of the harvest task ("" for none).
LETTER_HARVEST_SOORTEN = [s.strip() for s in os.environ.get("LETTER_HARVEST_SOORTEN", "Brief regering").split(",") if s.strip()]
LETTER_HARVEST_ATTEMPTS = envint("LETTER_HARVEST_ATTEMPTS", 4)
LETTER_HARVEST_BACKOFF = envfloat("LETTER_HARVEST_BACKOFF", 2.0)
LETTER_HARVEST_TIMEOUT = envfloat("LETTER_HARVEST_TIMEOUT", 30.0)
LETTER_HARVEST_RATE_LIMIT = os.environ.get("LETTER_HARVEST_RATE_LIMIT", "20/s")
# Harvest jobs have a queue of their own, so a backfill of tens of thousands never stands in front of
# an uploaded letter or an alert: every worker consumes both ("-Q celery,harvest"; the Makefile and
# docker-compose.yml do), and Celery takes from each queue in turn.
CELERY_TASK_ROUTES = {"letters.tasks.harvest_letter_task": {"queue": "harvest"}}
# Harvests never queued (broker down) or whose worker died (quiet this many minutes) go back to the queue.
LETTER_HARVEST_STALE_MINUTES = envfloat("LETTER_HARVEST_STALE_MINUTES", 15.0)
CELERY_BEAT_SCHEDULE["requeue-harvests"] = {"task": "letters.tasks.requeue_harvests", "schedule": 300.0}
# Days after the vote within which the government is expected to act on an adopted motion.
MOTION_DEFAULT_DEADLINE_DAYS = envint("MOTION_DEFAULT_DEADLINE_DAYS", 90)

# --- REST framework -------------------------------------------------------------------------
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
API_USER_RATE = os.environ.get("API_USER_RATE", "600/minute")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Token first: its challenge makes a missing login a 401. Sessions serve the browsable docs.
    "DEFAULT_AUTHENTICATION_CLASSES": ["tracker.authentication.ApiTokenAuthentication", "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The tracker's throttles read these rates per request, so changing them needs no restart of DRF.
    "DEFAULT_THROTTLE_CLASSES": ["tracker.authentication.AnonThrottle", "tracker.authentication.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE, "user": API_USER_RATE},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["common.http.LimitedJSONParser", "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "common.http.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "common.api_errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,  # one representation; ?format= is not a switch
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": False,
}

# --- E-mail ---------------------------------------------------------------------------------
# Development prints mail to the console; production sets SMTP (docker-compose runs Mailpit).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Motietracker <noreply@motietracker.example.org>")

# --- Alerts and webhooks ----------------------------------------------------------------------
WEBHOOK_MAX_FAILURES = envint("WEBHOOK_MAX_FAILURES", 10)
WEBHOOK_TIMEOUT_SECONDS = envint("WEBHOOK_TIMEOUT_SECONDS", 10)
SUBSCRIPTION_CONFIRM_DAYS = envint("SUBSCRIPTION_CONFIRM_DAYS", 7)
ALERTS_CONFIRMATIONS_PER_DAY = envint("ALERTS_CONFIRMATIONS_PER_DAY", 10)
ALERTS_DIGEST_HOUR = envint("ALERTS_DIGEST_HOUR", 7)
ALERTS_MAX_ATTEMPTS = envint("ALERTS_MAX_ATTEMPTS", 12)
ALERTS_RETRY_BASE_SECONDS = envint("ALERTS_RETRY_BASE_SECONDS", 30)
ALERTS_RETRY_MAX_SECONDS = envint("ALERTS_RETRY_MAX_SECONDS", 6 * 3600)
ALERTS_CLAIM_TIMEOUT_SECONDS = envint("ALERTS_CLAIM_TIMEOUT_SECONDS", 300)
SPECTACULAR_SETTINGS = {
    "TITLE": "Motietracker API",
    "DESCRIPTION": "What happened to this motion? Motions, commitments, letters and their implementation status. "
    "Reads are anonymous; writes need a token (`Authorization: Bearer <token>`). Errors always have the shape "
    '`{"error": {"code", "message", "fields"}}`. See docs/API.md.',
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "motions.models.Status",
        "OutcomeEnum": "motions.models.Outcome",
        "KabinetsappreciatieEnum": "motions.models.Kabinetsappreciatie",
        "KamerstukKindEnum": "motions.models.Kamerstuk.Kind",
        "EventKindEnum": "motions.models.Event.Kind",
        "VoteChoiceEnum": "motions.models.Vote.Choice",
        "SubmitterRoleEnum": "motions.models.Sponsorship.Role",
        "CitationKindEnum": "letters.models.Citation.Kind",
        "CitationTargetEnum": "letters.models.Citation.Target",
        "LetterStateEnum": "letters.models.Letter.State",
        # alerts: webhooks may follow everything ("all"), e-mail subscriptions may not.
        "SubjectKindEnum": "alerts.models.SubjectKind",
        "SubscriptionSubjectKindEnum": "alerts.models.SubjectKind.for_subscriptions",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
