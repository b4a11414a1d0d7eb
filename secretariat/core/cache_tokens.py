"""Cache tokens: a random value per name that names the current state of something cached.

A rendering is stored under the tokens it was built with; a change renews the tokens, so
every rendering of the old state is orphaned at once (it expires on its own). A write renews
its tokens twice: at once, so the writer's own transaction and the tests that run inside one
read fresh, and again after commit, so nothing rendered from the uncommitted state while the
transaction ran can outlive it. Readers must take the tokens before reading what they render."""

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.db import transaction

PREFIX = "token:"
# A token that expires is replaced by a fresh one (a cache miss, never a stale answer); the
# limit only keeps tokens of long-quiet objects from piling up in a shared cache.
TOKEN_SECONDS = 7 * 24 * 3600


def rows_of(model: Any) -> str:
    """The name of the token every change to a row of ``model`` renews."""
    return f"rows:{model._meta.label_lower}"


def _fresh() -> str:
    return uuid.uuid4().hex


def renew(*names: str) -> None:
    """Renew the tokens now and again when the current transaction commits."""
    keys = [PREFIX + name for name in names]

    def renew_all() -> None:
        cache.set_many({key: _fresh() for key in keys}, TOKEN_SECONDS)

    renew_all()
    transaction.on_commit(renew_all)


def current(*names: str) -> list[str]:
    """The tokens under ``names``, in order (one cache round trip when all are there). A
    missing token (never set, or evicted) is replaced by a fresh one, so a rendering stored
    under a forgotten token can never be served again."""
    return current_with(names, [])[0]


def current_with(names: Sequence[str], keys: Sequence[str]) -> tuple[list[str], dict[str, Any]]:
    """``current(*names)`` and ``cache.get_many(keys)`` in one round trip (when every token is
    there): for a rendering stored under a key of its own with the tokens it was built with
    inside, read together with them."""
    found = cache.get_many([*(PREFIX + name for name in names), *keys])
    return _tokens(names, found), {key: found[key] for key in keys if key in found}


def _tokens(names: Sequence[str], found: dict[str, Any]) -> list[str]:
    keys = [PREFIX + name for name in names]
    for key in keys:
        if key not in found:
            token = _fresh()
            found[key] = token if cache.add(key, token, TOKEN_SECONDS) else cache.get(key, token)
    return [str(found[key]) for key in keys]
