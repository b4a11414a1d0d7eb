"""The role × endpoint permission matrix: who may reach each page and API operation.

Every URL pattern and every OpenAPI operation needs an entry; the matrix test fails when one
is missing. ``allowed`` lists the roles that succeed; every other role must be refused
(401/403/404, or a redirect to sign-in for pages).

The entries for core are below. Every app (registry and accounts included) keeps its own in
``secretariat/<app>/tests/matrix.py`` (``PAGES``, ``API`` and optionally
``extend_world(world)`` to add the objects its checks need); they are merged here.
The shared pieces (``Check``, ``page``, ``api`` and the role sets) live in ``checks.py``,
so an app's matrix imports them without importing this module."""

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.urls import reverse

from .checks import (  # noqa: F401  (re-exported for app matrices that import them from here)
    ECONOMY_A,
    ECONOMY_B,
    ECONOMY_C,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    HEAD_A,
    HEADS,
    MEMBERS,
    MEMBERS_ONLY,
    NON_MEMBERS,
    SECRETARIAT,
    SIGNED_IN,
    Check,
    Sees,
    api,
    page,
)
from .world import World

PAGES: dict[str, Check | tuple[Check, ...]] = {
    "healthz": Check("GET", lambda w: "/healthz", EVERYONE),
    "readyz": Check("GET", lambda w: "/readyz", EVERYONE),
    # Prometheus's scrape token, never a session: no role gets in (core/tests/test_metrics.py
    # shows the token does).
    "metrics": Check("GET", lambda w: "/metrics", frozenset()),
    "set_language": (
        Check("GET", lambda w: reverse("set_language"), EVERYONE),  # redirects, sets nothing
        Check(
            "POST",
            lambda w: reverse("set_language"),
            EVERYONE,
            lambda w: {"language": "ko", "next": "/en/"},
        ),
    ),
    "/favicon.ico": Check("GET", lambda w: "/favicon.ico", EVERYONE),
    "api:openapi-json": Check("GET", lambda w: "/api/openapi.json", EVERYONE),
    "api:openapi-view": Check("GET", lambda w: "/api/docs", EVERYONE),
    "portal:home": Check("GET", page("portal:home"), EVERYONE),
}

API: dict[str, Check | tuple[Check, ...]] = {}

# Third-party route families, checked as groups (see the matrix test).
ADMIN_NAMESPACE = "admin"  # Django admin: secretariat staff only
AUTH_FLOW_PREFIXES = ("account_", "mfa_", "socialaccount_", "openid_connect_")  # allauth
AUTH_FLOW_UNNAMED = ("/<str:lang>/accounts/social/",)
EXEMPT_API_ROUTES = {"api:api-root"}  # Ninja's internal root: 404 for everyone


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _app_matrices() -> list[Any]:
    names = [
        f"{config.name}.tests.matrix"
        for config in apps.get_app_configs()
        if config.name.startswith("secretariat.")
    ]
    return [importlib.import_module(name) for name in names if _module_exists(name)]


APP_MATRICES = _app_matrices()
for _module in APP_MATRICES:
    for _key in set(PAGES) & set(getattr(_module, "PAGES", {})):
        raise ValueError(f"{_module.__name__} repeats the matrix entry {_key}")
    PAGES.update(getattr(_module, "PAGES", {}))
    for _key in set(API) & set(getattr(_module, "API", {})):
        raise ValueError(f"{_module.__name__} repeats the matrix entry {_key}")
    API.update(getattr(_module, "API", {}))


def checks_of(entry: Check | tuple[Check, ...]) -> tuple[Check, ...]:
    """An entry is one ``Check``, or several: for a route that takes several methods (a form
    page: GET shows it, POST saves it), or the same request on several objects (a text of
    forum A and one of forum B)."""
    return entry if isinstance(entry, tuple) else (entry,)


def extend_world(world: World) -> World:
    """Let each app add the objects its matrix entries need."""
    for module in APP_MATRICES:
        if hasattr(module, "extend_world"):
            module.extend_world(world)
    return world
