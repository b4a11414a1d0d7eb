"""Test settings: the base settings, fast hashing, and whatever database DATABASE_URL names.

Under pytest-xdist each worker (``PYTEST_XDIST_WORKER`` = gw0, gw1, …) gets its own test
database (pytest-django suffixes the name: ``test_secretariat_gw1``), its own Redis database
(counting down from the index in ``REDIS_URL``: gw0 keeps it, gw1 takes the one below…, so
``cache.clear()`` in one worker never empties another's) and its own live-update channels
(pub/sub ignores the database index)."""

import os
import re

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY

SECRETARIAT_ENV = "test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are enqueued, so tests see their effects without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ACCOUNT_EMAIL_VERIFICATION = "none"
# Extracts: a hashing embedder and the regular-expression splitter, instant and
# deterministic (one test exercises E5 and kiwi themselves).
SUMMARIES_EMBEDDER = "secretariat.summaries.embedders.HashingEmbedder"
SUMMARIES_KOREAN_SPLITTER = "secretariat.summaries.sentences.RegexSplitter"
# Most tests need the precedent finder's plumbing, not the meaning of words: a hashing
# embedder, instant and deterministic (tests of the real model override this).
PRECEDENTS_EMBEDDER = "secretariat.precedents.embedders.HashingEmbedder"
# Search: CJK bigrams without kiwi's morphemes (loading kiwi and analysing every item the
# demo seeds cost each browser test seconds); search's own tests exercise kiwi.
SEARCH_TOKENIZER = "secretariat.search.tokenize.BigramOnlyTokenizer"
# /metrics is switched on, so that the matrix shows no session reaches it without the token.
METRICS_TOKEN = "test-metrics-token"
# WhiteNoise indexes every static file when its middleware is built, and the test client builds
# the middleware again for each Client: 150 file stats per client, a third of the permission
# matrix's time (one client per role and entry). Looked up per request instead, as in DEBUG.
WHITENOISE_AUTOREFRESH = True
assert SECRET_KEY  # noqa: S101

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    _index = int(re.sub(r"\D", "", _WORKER) or 0)
    if REDIS_URL:
        _base, _, _db = REDIS_URL.rpartition("/")
        if _db.isdigit():
            _db_index = int(_db) - _index
            assert _db_index >= 0, f"no Redis database left for worker {_WORKER}"  # noqa: S101
            REDIS_URL = f"{_base}/{_db_index}"
            LIVE_UPDATES_REDIS_URL = REDIS_URL
            CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
            RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    LIVE_UPDATES_CHANNEL_PREFIX = f"secretariat:live:{_WORKER}:"
