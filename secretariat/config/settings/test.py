"""Test settings: the base settings, fast hashing, and whatever database DATABASE_URL names."""

from .base import *  # noqa: F403
from .base import SECRET_KEY

SECRETARIAT_ENV = "test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are enqueued, so tests see their effects without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ACCOUNT_EMAIL_VERIFICATION = "none"
assert SECRET_KEY  # noqa: S101
