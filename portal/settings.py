"""Settings for the PNT working-groups portal, driven by the environment.

With nothing set it runs for local work: SQLite, Celery tasks in-process, mail to the console.
`DATABASE_URL` selects PostgreSQL, `REDIS_URL` a Redis broker and result backend (real workers and
beat). With `DEBUG` off, a real `SECRET_KEY` and `ALLOWED_HOSTS` are required. `.env.example`
documents every variable.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked: a deployment that forgets the variable runs safely. Local work asks for it
# explicitly (the Makefile exports DEBUG=1; the test settings set it).
DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("PORTAL_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (for local work, set DEBUG=1).")
    SECRET_KEY = "local-development-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The portal's apps first: their French wins over a third party's for the same words.
    "portal",
    "organisations",
    "groups",
    "learning_events",
    "pd_budget",
    "surveys",
    "results",
    "notifications",
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    # django-filter (portal.filters) and django-htmx (its middleware: `request.htmx`) are used as
    # libraries, not apps: django-htmx as an app would ship its own htmx copies beside the one the
    # pages load (build/vendor/htmx, from package.json, which the dependency audit checks).
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    # The REST API (issue 21): Django REST framework, its OpenAPI 3 schema, the docs' local assets.
    "rest_framework",
    "drf_spectacular",
    "api",
    "search",
]

MIDDLEWARE = [
    "portal.health.HealthCheckMiddleware",  # /health/...: before the Host check (portal/health.py)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database: SQLite unless DATABASE_URL says otherwise -------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, roles and permissions ---------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes) is configured in the "Sign-in, sessions and passwords" block below.

# --- Languages: English and French everywhere ------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]  # templates/ and portal/; each app has its own locale/
# English dates in one format ("23 August 2017", like the events' dates): portal/formats/en/.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
TIME_ZONE = "America/Edmonton"
USE_TZ = True

# --- Static files and uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
# build/vendor holds the assets `scripts/assets.py` installs from the npm registry.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", BASE_DIR / "build" / "vendor")]
# Uploads live outside the web root and are served only through views that check permission.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"  # no URL pattern serves it: files go out through permission-checking views
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PORTAL_MAX_UPLOAD_BYTES = int(os.environ.get("PORTAL_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# `restore` refuses an archive (or its unpacked content) above this size, before changing anything.
PORTAL_RESTORE_MAX_BYTES = int(os.environ.get("PORTAL_RESTORE_MAX_BYTES", str(5 * 1024**3)))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks for it even in local work
# Uploaded files (minutes, reports, exports) live where every web replica and worker reads them:
# MEDIA_STORAGE=filesystem (default) is MEDIA_ROOT, a shared volume in docker-compose.yml;
# MEDIA_STORAGE=s3 is S3-compatible object storage through django-storages (AWS S3, MinIO, Ceph).
# Files are never served from the store directly: every download goes through a permission check.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("MEDIA_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "default_acl": None,  # the bucket stays private
            "querystring_auth": True,
            "file_overwrite": False,  # two uploads of the same name never replace each other
        },
    }
    if not MEDIA_BACKEND["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET.")
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery: in-process without REDIS_URL, a real broker with it ------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# With Redis away a request that enqueues must not hang (it held a worker ~19 s): connect and
# publish give up within about a second and the task is kept as an UnsentTask (portal.queue),
# sent again by the next successful publish or the beat's drain below.
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("CELERY_BROKER_CONNECTION_TIMEOUT", "2"))
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
}
PORTAL_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
# IRCC staff's jobs (aggregations, staff exports) have their own queue and worker, so a provider's
# pile of exports never delays them; every other task goes to the default queue "celery".
PORTAL_STAFF_QUEUE = "staff"
CELERY_TASK_ROUTES = {
    "surveys.tasks.run_aggregation": {"queue": PORTAL_STAFF_QUEUE},
    "results.tasks.run_briefing_job": {"queue": PORTAL_STAFF_QUEUE},
}
# Workers write a heartbeat this often (portal/health.py); /health/workers/ fails past the stale age.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10"))
WORKER_HEARTBEAT_STALE_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_STALE_SECONDS", "45"))

# The beat schedule lives here, for every app.
CELERY_BEAT_SCHEDULE: dict = {
    "portal-sweep-export-jobs": {"task": "portal.tasks.sweep_export_jobs", "schedule": 300.0},
    "portal-drain-unsent-tasks": {"task": "portal.tasks.drain_unsent_tasks", "schedule": 15.0},
    "portal-delete-expired-exports": {"task": "portal.tasks.delete_expired_exports", "schedule": 3600.0},
    "portal-purge-deletions": {"task": "portal.tasks.purge_expired_deletions", "schedule": 600.0},
    "surveys-sweep": {"task": "surveys.tasks.sweep", "schedule": 300.0},
    "pd-budget-sweep-imports": {"task": "pd_budget.tasks.sweep_workbook_imports", "schedule": 300.0},
    "results-sweep-briefings": {"task": "results.tasks.sweep_briefing_jobs", "schedule": 300.0},
    "results-delete-briefings": {"task": "results.tasks.delete_expired_briefings", "schedule": 3600.0},
    "surveys-close-due-cycles": {"task": "surveys.tasks.close_due_cycles", "schedule": 3600.0},
    "surveys-send-due-reminders": {
        "task": "surveys.tasks.send_due_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}
# Notifications (issue 16): e-mails left unsent go again, the daily digest, staff's weekly summary,
# and the checks that tell people about deadlines (work plans, meetings, the PD survey).
CELERY_BEAT_SCHEDULE |= {
    "notifications-resend-pending": {"task": "notifications.tasks.resend_pending_emails", "schedule": 300.0},
    "notifications-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "groups-notify-work-plan-deadlines": {
        "task": "groups.tasks.notify_work_plan_deadlines",
        "schedule": crontab(hour=6, minute=30),
    },
    "groups-notify-committees-behind": {
        "task": "groups.tasks.notify_committees_behind",
        "schedule": crontab(hour=6, minute=45, day_of_week="mon"),
    },
    "results-notify-overdue-actions": {
        "task": "results.tasks.notify_overdue_actions",
        "schedule": crontab(hour=6, minute=40),
    },
    "surveys-escalate-missing-templates": {
        "task": "surveys.tasks.escalate_missing_templates",
        "schedule": crontab(hour=8, minute=30),
    },
}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pnt-portal@example.org")
# The portal's address as people reach it: the links in e-mails start with it.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Days after a PD survey's closing day before a provider still missing is escalated.
PORTAL_SURVEY_ESCALATION_DAYS = int(os.environ.get("PORTAL_SURVEY_ESCALATION_DAYS", "7"))

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # a working day: shared office computers sign out by themselves
FILE_UPLOAD_PERMISSIONS = 0o640
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Only behind the reverse proxy (deploy/nginx.conf), which sets X-Forwarded-Proto itself and
    # drops the client's; without the proxy anyone could send the header and pass for HTTPS.
    if env_bool("PORTAL_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline scripts: every script is a static file. The GC Design System's web components set
# their own inline styles, so styles allow them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Reports: exports larger than this many rows run as a Celery job instead of straight away.
PORTAL_DIRECT_EXPORT_MAX_ROWS = int(os.environ.get("PORTAL_DIRECT_EXPORT_MAX_ROWS", "20000"))
# Background exports a user may have queued or running at once, and days a finished export's file
# is kept before the hourly sweep deletes it (the Reports page says when).
PORTAL_MAX_ACTIVE_EXPORTS = int(os.environ.get("PORTAL_MAX_ACTIVE_EXPORTS", "3"))
PORTAL_EXPORT_RETENTION_DAYS = int(os.environ.get("PORTAL_EXPORT_RETENTION_DAYS", "7"))
# Background jobs (portal/jobs.py): minutes without a sign of life before the sweep sends a job again,
# and how many times a job is started before it is failed for good. Exports use these; aggregations
# and imports have their own (PD_SURVEY_*, PD_IMPORT_* below).
PORTAL_JOB_STALE_MINUTES = int(os.environ.get("PORTAL_JOB_STALE_MINUTES", "10"))
PORTAL_JOB_MAX_ATTEMPTS = int(os.environ.get("PORTAL_JOB_MAX_ATTEMPTS", "3"))
# How long the person who deleted a meeting, event, report file... may undo it (portal.undo); the
# stored files of what was deleted are removed once this has passed.
PORTAL_UNDO_MINUTES = int(os.environ.get("PORTAL_UNDO_MINUTES", "60"))

# The Django admin's import-export formats: formula-looking text stays inert in every one of them and
# imports back unchanged (portal/exports.py), the same rule as the Reports exports.
from portal.exports import ADMIN_FORMATS  # noqa: E402

IMPORT_EXPORT_FORMATS = ADMIN_FORMATS

# `make bench` only: routes the floor view the benchmark compares key pages with.
PORTAL_BENCH = env_bool("PORTAL_BENCH", False)

# Training requests above this amount wait for IRCC staff, like conferences that are not designated.
PD_TRAINING_AUTO_APPROVE_MAX = Decimal(os.environ.get("PD_TRAINING_AUTO_APPROVE_MAX", "1000.00"))

# The PD survey's equity analysis (surveys app): the flags' thresholds and the job's patience.
PD_EQUITY_UNDER_FACTOR = Decimal(os.environ.get("PD_EQUITY_UNDER_FACTOR", "0.5"))  # x regional median per FTE
PD_EQUITY_OVER_FACTOR = Decimal(os.environ.get("PD_EQUITY_OVER_FACTOR", "2"))
PD_REGIONAL_MIN_PROVIDERS = int(os.environ.get("PD_REGIONAL_MIN_PROVIDERS", "3"))
PD_REGIONAL_MIN_JURISDICTIONS = int(os.environ.get("PD_REGIONAL_MIN_JURISDICTIONS", "2"))
PD_SUMMARY_MIN_PROVIDERS = int(os.environ.get("PD_SUMMARY_MIN_PROVIDERS", "3"))  # no median of 1-2 providers
PD_SURVEY_STALE_MINUTES = int(os.environ.get("PD_SURVEY_STALE_MINUTES", "10"))
PD_SURVEY_MAX_ATTEMPTS = int(os.environ.get("PD_SURVEY_MAX_ATTEMPTS", "5"))
# Plausibility at PD template submission: a figure beyond these factors must be confirmed. Median:
# x the regional median per FTE; year: x (or 1/x) the previous template; staff: staff against FTEs.
PD_PLAUSIBILITY_MEDIAN_FACTOR = Decimal(os.environ.get("PD_PLAUSIBILITY_MEDIAN_FACTOR", "10"))
PD_PLAUSIBILITY_YEAR_FACTOR = Decimal(os.environ.get("PD_PLAUSIBILITY_YEAR_FACTOR", "3"))
PD_PLAUSIBILITY_STAFF_FACTOR = Decimal(os.environ.get("PD_PLAUSIBILITY_STAFF_FACTOR", "3"))

# Workbook import (pd_budget): what an .xlsx may declare or inflate to before it is parsed, and how
# long a queued import may stay silent before the sweep runs it again.
PD_IMPORT_MAX_ROWS = int(os.environ.get("PD_IMPORT_MAX_ROWS", "20000"))
PD_IMPORT_MAX_COLUMNS = int(os.environ.get("PD_IMPORT_MAX_COLUMNS", "50"))
PD_IMPORT_MAX_PART_BYTES = int(os.environ.get("PD_IMPORT_MAX_PART_BYTES", str(64 * 1024 * 1024)))
PD_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("PD_IMPORT_MAX_UNCOMPRESSED_BYTES", str(128 * 1024 * 1024))
)
PD_IMPORT_MAX_PARTS = int(os.environ.get("PD_IMPORT_MAX_PARTS", "1000"))
PD_IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("PD_IMPORT_MAX_SHARED_STRINGS", "200000"))
PD_IMPORT_STALE_MINUTES = int(os.environ.get("PD_IMPORT_STALE_MINUTES", "10"))
PD_IMPORT_MAX_ATTEMPTS = int(os.environ.get("PD_IMPORT_MAX_ATTEMPTS", "3"))
PD_IMPORT_KEEP_UNCONFIRMED_HOURS = int(os.environ.get("PD_IMPORT_KEEP_UNCONFIRMED_HOURS", "24"))
PD_IMPORT_MAX_SHARED_STRINGS_BYTES = int(
    os.environ.get("PD_IMPORT_MAX_SHARED_STRINGS_BYTES", str(16 * 1024 * 1024))
)


# --- Sign-in, sessions and passwords (portal/security.py, portal/passwords.py) ----------------
# The reverse proxies in front of the portal that append to X-Forwarded-For. 0 (the default): the
# header is never trusted and the client is the socket's address.
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("PORTAL_TRUSTED_PROXY_COUNT", "0"))
# Sign-in attempts one address may make per minute, whatever the usernames (password spraying).
PORTAL_SIGNIN_RATE_PER_MINUTE = int(os.environ.get("PORTAL_SIGNIN_RATE_PER_MINUTE", "20"))
# A locked username waits this long, doubled at each new lockout within a day, up to the maximum.
PORTAL_LOCKOUT_BASE_MINUTES = int(os.environ.get("PORTAL_LOCKOUT_BASE_MINUTES", "5"))
PORTAL_LOCKOUT_MAX_MINUTES = int(os.environ.get("PORTAL_LOCKOUT_MAX_MINUTES", "240"))
# One cache for every web process and replica (throttles, counters): Redis when there is one.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "security": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal-security",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "security": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "security"},
    }
PORTAL_SECURITY_CACHE = "security"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.security.SignInGuardBackend",  # demo accounts with DEBUG off; attempts per address
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
# Lock the username, whatever the address: behind a proxy, or from a botnet, the address says little.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = "portal.security.cool_off"
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes warns when addresses are not part of the lockout: here the address has its own limit
# (PORTAL_SIGNIN_RATE_PER_MINUTE), and locking by address behind a proxy locks everyone out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions end after this many seconds without a request, and SESSION_COOKIE_AGE after sign-in
# whatever the activity (portal.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.LoginRequiredMiddleware"),
    "portal.middleware.SessionTimeoutMiddleware",
)
# The account's database permissions from the data cache, once the session's limits are checked.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.LoginRequiredMiddleware"),
    "portal.middleware.KeptPermissionsMiddleware",
)
# Pages and files of signed-in users are never kept by the browser or a shared cache.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "portal.middleware.NoStoreForSignedInMiddleware",
)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": ("username", "first_name", "last_name", "email"),
            "max_similarity": 0.6,
        },
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Names, e-mail parts and the portal's own words, with digits or years around them.
    {"NAME": "portal.passwords.PortalWordsValidator"},
]

# --- The REST API (issue 21, api/) ---------------------------------------------------------------
# Personal tokens first (a script's `Authorization: Bearer ...`), then the session for the docs page
# (DRF's SessionAuthentication enforces CSRF on writes). JSON only; every endpoint checks the same
# `rules` permissions and `*_visible_to` querysets as the pages.
PORTAL_API_RATE = os.environ.get("PORTAL_API_RATE", "120/minute")
PORTAL_API_MAX_TOKENS = int(os.environ.get("PORTAL_API_MAX_TOKENS", "10"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": PORTAL_API_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PNT settlement working groups portal API",
    "DESCRIPTION": (
        "Read the portal's records and file what providers file online (PD requests, PD template "
        "drafts). Authenticate with a personal token (`Authorization: Bearer <token>`, created on "
        "your account's API tokens page) or the portal session. Content follows `Accept-Language` "
        "(en, fr); both languages' fields are always present."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar's copy (static files), never a CDN; no online validator.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "WorkPlanItemStatusEnum": "groups.models.ItemStatus",
        "EventStatusEnum": "learning_events.models.EventStatus",
        "EvaluationStatusEnum": "learning_events.models.EvaluationStatus",
        "PDRequestStatusEnum": "pd_budget.models.RequestStatus",
        "SurveyCycleStatusEnum": "surveys.models.CycleStatus",
        "PDTemplateStatusEnum": "surveys.models.TemplateStatus",
    },
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "persistAuthorization": False},
}
# Only Swagger UI of the sidecar package (not its ReDoc bundle), at the address drf-spectacular names;
# not DRF's browsable-API files: less for collectstatic to copy and compress.
import drf_spectacular_sidecar  # noqa: E402

_SIDECAR_STATIC = Path(drf_spectacular_sidecar.__file__).parent / "static" / "drf_spectacular_sidecar"
STATICFILES_DIRS += [("drf_spectacular_sidecar/swagger-ui-dist", _SIDECAR_STATIC / "swagger-ui-dist")]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "api.staticfiles.AppStaticFinder",
]
# --- Accounts people manage (accounts app) -----------------------------------------------------
# A password reset link works once, for this many seconds (Django's token; it also stops working
# once the password changes). Reset requests: per client address per hour (past it the page says
# wait) and e-mails per address asked for per hour (past it nothing more is sent, silently).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60)))
ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR = int(os.environ.get("ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR", "10"))
ACCOUNTS_RESET_PER_EMAIL_PER_HOUR = int(os.environ.get("ACCOUNTS_RESET_PER_EMAIL_PER_HOUR", "3"))
# Days an invitation's one-time link works after it was (last) sent.
ACCOUNTS_INVITATION_DAYS = int(os.environ.get("ACCOUNTS_INVITATION_DAYS", "7"))
