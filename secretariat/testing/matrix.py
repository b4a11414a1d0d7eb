"""The role × endpoint permission matrix: who may reach each page and API operation.

Every URL pattern and every OpenAPI operation needs an entry; the matrix test fails when one
is missing. ``allowed`` lists the roles that succeed; every other role must be refused
(401/403/404, or a redirect to sign-in for pages).

The entries for core, accounts and registry are below. Every other app keeps its own in
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
from .checks import i18n as _i18n
from .world import World

PAGES: dict[str, Check] = {
    "healthz": Check("GET", lambda w: "/healthz", EVERYONE),
    "readyz": Check("GET", lambda w: "/readyz", EVERYONE),
    "set_language": Check(
        "POST",
        lambda w: reverse("set_language"),
        EVERYONE,
        lambda w: {"language": "ko", "next": "/en/"},
    ),
    "/favicon.ico": Check("GET", lambda w: "/favicon.ico", EVERYONE),
    "api:openapi-json": Check("GET", lambda w: "/api/openapi.json", EVERYONE),
    "api:openapi-view": Check("GET", lambda w: "/api/docs", EVERYONE),
    "portal:home": Check("GET", page("portal:home"), EVERYONE),
    "registry:economies": Check("GET", page("registry:economies"), EVERYONE),
    "registry:economy": Check("GET", page("registry:economy", lambda w: "KR"), EVERYONE),
    "registry:economy_history": Check(
        "GET", page("registry:economy_history", lambda w: "KR"), MEMBERS_ONLY
    ),
    "registry:organisations": Check("GET", page("registry:organisations"), EVERYONE),
    "registry:organisation": Check(
        "GET", page("registry:organisation", lambda w: "world-bank"), EVERYONE
    ),
    "registry:organisation_history": Check(
        "GET", page("registry:organisation_history", lambda w: "world-bank"), MEMBERS_ONLY
    ),
    "registry:fora": Check("GET", page("registry:fora"), EVERYONE),
    "registry:forum": Check("GET", page("registry:forum", lambda w: "daib"), EVERYONE),
    "registry:forum_history": Check(
        "GET", page("registry:forum_history", lambda w: "daib"), MEMBERS_ONLY
    ),
    "registry:people": Check("GET", page("registry:people"), EVERYONE),
    "registry:person": Check(
        "GET", page("registry:person", lambda w: w.people["delegate_a"].pk), MEMBERS_ONLY
    ),
    "registry:person_history": Check(
        "GET", page("registry:person_history", lambda w: w.public_person.pk), SECRETARIAT
    ),
    "registry:delegation": Check(
        "GET", page("registry:delegation", lambda w: w.delegation_a.pk), EVERYONE
    ),
    "registry:delegation_history": Check(
        "GET", page("registry:delegation_history", lambda w: w.delegation_a.pk), MEMBERS_ONLY
    ),
    "registry:accredit": Check(
        "POST",
        page("registry:accredit", lambda w: w.delegation_a.pk),
        HEAD_A,
        lambda w: {"person": w.candidate_a.pk},
    ),
    "registry:add_note": Check(
        "POST",
        page("registry:add_note", lambda w: w.delegation_a.pk),
        ECONOMY_A,
        lambda w: {"title": "Fallback", "body": "Keep para 4"},
    ),
    "registry:edit_note": Check(
        "GET", page("registry:edit_note", lambda w: w.note_a.pk), ECONOMY_A
    ),
    "registry:delete_note": Check(
        "GET", page("registry:delete_note", lambda w: w.note_a.pk), ECONOMY_A
    ),
    "registry:remove_role": Check(
        "POST", page("registry:remove_role", lambda w: w.delegate_a_role.pk), HEAD_A
    ),
    "accounts:profile": Check("GET", page("accounts:profile"), SIGNED_IN),
    "accounts:revoke_token": Check(
        "POST", page("accounts:revoke_token", lambda w: w.secretariat_token_id), SECRETARIAT
    ),
}

API: dict[str, Check] = {
    "get_me": Check("GET", api("/accounts/me"), EVERYONE),
    "list_tokens": Check("GET", api("/accounts/tokens"), SIGNED_IN),
    "issue_token": Check(
        "POST",
        api("/accounts/tokens"),
        SIGNED_IN,
        lambda w: {"name": "script", "scopes": ["read"], "expires_in_days": 7},
    ),
    "revoke_token": Check("DELETE", api("/accounts/tokens/{w.secretariat_token_id}"), SECRETARIAT),
    "list_economies": Check("GET", api("/registry/economies"), EVERYONE),
    "get_economy": Check("GET", api("/registry/economies/KR"), EVERYONE),
    "create_economy": Check(
        "POST",
        api("/registry/economies"),
        SECRETARIAT,
        lambda w: {"code": "CL", "code_alpha3": "CHL", "name": _i18n("Chile"), "joined_year": 1994},
    ),
    "update_economy": Check(
        "PATCH",
        api("/registry/economies/KR"),
        SECRETARIAT,
        lambda w: {"version": 1, "joined_year": 1989},
    ),
    "list_organisations": Check("GET", api("/registry/organisations"), EVERYONE),
    "get_organisation": Check("GET", api("/registry/organisations/world-bank"), EVERYONE),
    "create_organisation": Check(
        "POST",
        api("/registry/organisations"),
        SECRETARIAT,
        lambda w: {"slug": "itu-t", "kind": "standards_body", "name": _i18n("ITU-T")},
    ),
    "update_organisation": Check(
        "PATCH",
        api("/registry/organisations/world-bank"),
        SECRETARIAT,
        lambda w: {"version": 1, "acronym": "WBG"},
    ),
    "list_fora": Check("GET", api("/registry/fora"), EVERYONE),
    "get_forum": Check("GET", api("/registry/fora/daib"), EVERYONE),
    "create_forum": Check(
        "POST",
        api("/registry/fora"),
        SECRETARIAT,
        lambda w: {
            "slug": "desg",
            "abbreviation": "DESG",
            "kind": "steering_group",
            "name": _i18n("Digital Economy Steering Group"),
        },
    ),
    "update_forum": Check(
        "PATCH",
        api("/registry/fora/daib"),
        SECRETARIAT,
        lambda w: {"version": 1, "established_year": 2025},
    ),
    "list_people": Check("GET", api("/registry/people"), EVERYONE),
    "get_person": Check("GET", api("/registry/people/{w.people[delegate_a].pk}"), MEMBERS_ONLY),
    "create_person": Check(
        "POST",
        api("/registry/people"),
        SECRETARIAT,
        lambda w: {"family_name": "NEW", "economy": "KR"},
    ),
    "update_person": Check(
        "PATCH",
        api("/registry/people/{w.public_person.pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "given_name": "Updated"},
    ),
    "list_delegations": Check("GET", api("/registry/delegations"), EVERYONE),
    "get_delegation": Check("GET", api("/registry/delegations/{w.delegation_a.pk}"), EVERYONE),
    "create_delegation": Check(
        "POST",
        api("/registry/delegations"),
        SECRETARIAT,
        lambda w: {"economy": "KR", "forum": "telwg"},
    ),
    "accredit_delegate": Check(
        "POST",
        api("/registry/delegations/{w.delegation_a.pk}/delegates"),
        HEAD_A,
        lambda w: {"person": w.candidate_a.pk},
    ),
    "list_roles": Check("GET", api("/registry/roles"), EVERYONE),
    "get_role": Check("GET", api("/registry/roles/{w.delegate_a_role.pk}"), MEMBERS_ONLY),
    "assign_role": Check(
        "POST",
        api("/registry/roles"),
        SECRETARIAT,
        lambda w: {"person": w.public_person.pk, "forum": "telwg", "kind": "chair"},
    ),
    "remove_role": Check("DELETE", api("/registry/roles/{w.delegate_a_role.pk}"), HEAD_A),
    "list_delegation_notes": Check(
        "GET", api("/registry/delegations/{w.delegation_a.pk}/notes"), ECONOMY_A
    ),
    "create_delegation_note": Check(
        "POST",
        api("/registry/delegations/{w.delegation_a.pk}/notes"),
        ECONOMY_A,
        lambda w: {"title": "Fallback", "body": "para 4"},
    ),
    "get_note": Check("GET", api("/registry/notes/{w.note_a.pk}"), ECONOMY_A),
    "update_note": Check(
        "PATCH",
        api("/registry/notes/{w.note_a.pk}"),
        ECONOMY_A,
        lambda w: {"version": 1, "body": "Revised"},
    ),
    "delete_note": Check("DELETE", api("/registry/notes/{w.note_a.pk}"), ECONOMY_A),
}

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
    PAGES.update(getattr(_module, "PAGES", {}))
    API.update(getattr(_module, "API", {}))


def extend_world(world: World) -> World:
    """Let each app add the objects its matrix entries need."""
    for module in APP_MATRICES:
        if hasattr(module, "extend_world"):
            module.extend_world(world)
    return world
