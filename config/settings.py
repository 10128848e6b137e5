"""Django settings, read from the environment (see docs/operations.md for every variable).

With nothing configured the app runs on its embedded default: SQLite and a filesystem
Celery broker under ``var/``, console e-mail, DEBUG on. ``DJANGO_ENV=production`` selects
production: DEBUG off, the security defaults below (HTTPS redirect, HSTS, secure cookies),
and start-up fails unless SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and an https SITE_URL
are set (docs/operations.md, "Production settings").
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config import __version__
from config.csp import NONCE
from config.env import Env

env = Env()
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR") or BASE_DIR / "var")

# GENERAL ------------------------------------------------------------------------------
# One switch for production, so that no single forgotten variable (HSTS, the redirect, a
# cookie flag) leaves an installation half-hardened; `manage.py check --deploy` then passes.
PRODUCTION = env.choice("DJANGO_ENV", "development", ("development", "production")) == (
    "production"
)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")
APP_VERSION = __version__
SECRET_KEY = env.str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DJANGO_ENV=production: the host names the app answers to."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.admin.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "import_export",
    "suppliers",
    "cmrt",
    "reports",
    # Last: it records events of the apps above (logins, permissions, report approvals).
    "config.audit",
]

MIDDLEWARE = [
    # First, so that every response carries the policy: static files (WhiteNoise) and
    # SecurityMiddleware's redirects to HTTPS included.
    "config.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets audit receivers (permission changes, report approvals) see who acted, from where.
    "config.audit.middleware.AuditRequestMiddleware",
    # The language a user chose, from any browser (suppliers.language).
    "suppliers.language.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.app",
                "config.csp.nonce",
            ],
        },
    },
]

# DATABASE -----------------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL is set (postgres://user:pass@host:5432/name).
_database_url = (
    env.required_str(
        "DATABASE_URL", "production runs on PostgreSQL (postgres://user:pass@host/db)."
    )
    if PRODUCTION
    else env.str("DATABASE_URL")
)
if _database_url:
    try:
        # Connections live a minute and are checked before reuse, in requests and tasks
        # alike (config/celery.py): reconnecting cost a bulk-import file ~10 ms.
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url, conn_max_age=60, conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # WAL lets the web server read while the embedded worker writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AUTH ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600, minimum=60)
# How long a supplier user's invitation link stays valid.
INVITE_MAX_AGE_SECONDS = env.int("INVITE_MAX_AGE_SECONDS", 14 * 24 * 3600, minimum=60)

# I18N ---------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
TIME_ZONE = env.str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# STATIC AND MEDIA ---------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files are private: they are served only through permission-checked views,
# so MEDIA_ROOT must never sit under a web root.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT") or VAR_DIR / "media")
for _public in (STATIC_ROOT, *STATICFILES_DIRS):
    # WhiteNoise serves everything under these folders to anyone.
    if MEDIA_ROOT.resolve().is_relative_to(_public.resolve()):
        raise ImproperlyConfigured(
            f"MEDIA_ROOT ({MEDIA_ROOT}) must not be inside a static folder ({_public}): "
            "uploaded files would be served to anyone."
        )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# UPLOAD LIMITS ------------------------------------------------------------------------
# Largest file a user may upload (CMRT workbooks, import sheets). Forms enforce it;
# Django's own limits below only decide spooling and reject absurd request bodies.
MAX_UPLOAD_BYTES = env.bytes("MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Registry imports run in the request (about 4 ms a row for the preview and again for the
# import, see bench/registry_import.py); 5,000 rows stay well inside a 60 s timeout.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", 5_000, minimum=1)

# CMRT -------------------------------------------------------------------------------
# Oldest CMRT release accepted without an "outdated template" warning.
CMRT_MINIMUM_VERSION = env.str("CMRT_MINIMUM_VERSION", "6.01")
# A submission claimed by a worker longer ago than this is taken over by the next delivery
# of its task: that worker died mid-file (a read is capped at 30 s). The live tests shorten it.
CMRT_STALE_CLAIM_SECONDS = env.int("CMRT_STALE_CLAIM_SECONDS", 120, minimum=1)
# Lost task messages (Redis restarted without persistence): beat looks every
# CMRT_RESUME_SECONDS for work that has waited CMRT_RESUME_AFTER_SECONDS while nothing of
# its kind moved, and sends it again (cmrt/services/resume.py).
CMRT_RESUME_SECONDS = env.int("CMRT_RESUME_SECONDS", 60, minimum=1)
CMRT_RESUME_AFTER_SECONDS = env.int("CMRT_RESUME_AFTER_SECONDS", 900, minimum=1)

# CACHE --------------------------------------------------------------------------------
# Rate limits (sign-in, uploads) count in the cache: per process by default; with several
# web processes set CACHE_URL (Redis) so that they count together.
_cache_url = env.str("CACHE_URL")
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }

# EMAIL --------------------------------------------------------------------------------
# Console by default (mails are printed by the web server); SMTP when EMAIL_HOST is set.
EMAIL_HOST = env.str("EMAIL_HOST")
EMAIL_BACKEND = env.choice(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
    (
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    ),
)
EMAIL_PORT = env.int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "compliance@localhost")
# Our company's name in campaign mails ({company}); empty gives "our company".
COMPANY_NAME = env.str("COMPANY_NAME", "")
SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be the public https:// address when DJANGO_ENV=production: "
        "links in e-mails use it."
    )

# CELERY -------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Without CELERY_BROKER_URL the embedded default uses kombu's filesystem transport under
# var/broker, so a real, separate worker process runs with no external service.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcasts (worker pings, remote control); kombu's default is ./control.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Redis redelivers unacknowledged tasks after visibility_timeout: keep it well above
    # the hard time limit, or acks_late tasks still running would run twice at once.
    # A worker looks for such tasks every interval x throttle seconds (kombu: 10 x 10).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 4 * 3600, minimum=1),
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", 10, minimum=1),
        "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", 10, minimum=1),
    }
# Job state lives on our own rows, so results are not stored.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND")
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery closes Django's database connections around every task unless told to reuse them
# (~10 ms a task on PostgreSQL); config/celery.py still drops a broken or old one first.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", 200, minimum=0)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Lets the overview page warn when no worker is running (see cmrt.selectors).
    "worker-heartbeat": {"task": "cmrt.worker_heartbeat", "schedule": 60.0},
    # Sends again what a lost broker message left waiting (cmrt/services/resume.py).
    "resume-stalled": {"task": "cmrt.resume_stalled", "schedule": float(CMRT_RESUME_SECONDS)},
    # Campaign reminders, once a day (docs/reminders.md); safe to run twice a day.
    "campaign-reminders": {
        "task": "suppliers.campaign_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
}

# SECURITY -----------------------------------------------------------------------------
# Each control, how it is verified and the command: docs/reliability.md. The defaults are
# the production values under DJANGO_ENV=production and stay out of the way in development
# (plain HTTP on 127.0.0.1).
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
# No script reads any cookie: forms carry the CSRF token in a hidden field.
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
# Lax, not Strict: with Strict, following a campaign link from an e-mail would arrive
# signed out. Lax still keeps the cookies off cross-site POSTs.
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
# A working day, counted from sign-in (not sliding: no session write on every request).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Behind a TLS-terminating proxy Django sees plain HTTP; trusting the proxy's
# X-Forwarded-Proto keeps SECURE_SSL_REDIRECT from redirecting forever.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Whether the audit log takes the client address from the proxy's X-Forwarded-For (its
# last entry) instead of REMOTE_ADDR. Only if the proxy appends it, or clients could lie.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading is a separate, hard-to-undo submission to the browsers' list that the owner
# of the domain decides on; leaving it off is a decision, not an oversight (W021).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Signed links (invitations, campaign requests) sit in URLs: never send them elsewhere.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (config/csp.py): only our own scripts, styles, images and
# connections; inline code only with this request's nonce. Style attributes stay allowed:
# third-party admin pages use a few, and with img-src and font-src limited to our own
# origin they cannot send anything elsewhere.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", NONCE],
    "style-src": ["'self'", NONCE],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# LOGGING ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}

# DEMO ---------------------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", "demo12345")
