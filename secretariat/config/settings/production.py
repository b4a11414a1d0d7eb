"""Production settings: base settings plus the guarantees a public deployment needs."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, SECRET_KEY, env_bool, env_list

SECRETARIAT_ENV = "production"
DEBUG = False

if SECRET_KEY.startswith("embedded-insecure") or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Set DATABASE_URL to a PostgreSQL database (postgres://...).")
if not REDIS_URL:
    raise ImproperlyConfigured("Set REDIS_URL (redis://...) for the cache and the task queue.")

# Connections come from psycopg's pool, one per process, not one per request: under ASGI
# each request runs in its own thread, so CONN_MAX_AGE's per-thread connections would pile up
# (Django: "when using ASGI, persistent connections should be disabled"). The pool checks a
# connection before lending it, so a restarted PostgreSQL costs no failed request, and waits
# at most DATABASE_POOL_TIMEOUT seconds for a free one. RQ's worker forks a process per task:
# a pool inherited across fork would share its sockets, so task workers connect per task.
DATABASE_POOL_MAX_SIZE = int(os.environ.get("DATABASE_POOL_MAX_SIZE", "8"))
# CONN_HEALTH_CHECKS makes Django hand the pool psycopg's check_connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASE_POOL_MAX_SIZE > 0 and not {"rqworker", "rqworker-pool"} & set(sys.argv):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool refuses persistent connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": DATABASE_POOL_MAX_SIZE,
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
    }

# HTTPS behind a reverse proxy that sets X-Forwarded-Proto (and strips it from clients).
# A plain-HTTP trial (scripts/prod, a proxy without TLS) sets SECURE_SSL_REDIRECT,
# SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE and SECURE_HSTS_SECONDS=0 (docs/operations.md).
# The header's name as the proxy sends it; empty when no proxy sits in front (never trust a
# header that clients can set themselves).
_PROXY_SSL_HEADER = os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
