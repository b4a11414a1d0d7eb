"""The third-party pages — Django's admin and allauth's account pages — answer each role as
written down here, route by route. A new route without an expectation fails the suite."""

import dataclasses
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from secretariat.registry.models import Economy

from .harness import redirects_to_login, rolled_back
from .matrix import ADMIN_NAMESPACE, AUTH_FLOW_PREFIXES
from .urls import iter_routes
from .world import client_for

# What the secretariat gets where it is not a 200 page (or, for an object that does not exist,
# a redirect back to the admin). The audit log, notifications, tokens and second factors are
# not edited by hand (a second factor may only be removed, for a locked-out user).
SECRETARIAT_ADMIN = {
    "admin:login": "/admin/",
    "admin:logout": 405,  # POST only
    "admin:autocomplete": 403,  # needs its query parameters
    "admin:view_on_site": 404,  # economies have no public URL in the admin
    "/admin/(?P<url>.*)$": 404,
    "admin:core_auditentry_add": 403,
    "admin:core_auditentry_delete": 403,
    "admin:accounts_apitoken_add": 403,
    "admin:notifications_notification_add": 403,
    "admin:notifications_notification_delete": 403,
    "admin:mfa_authenticator_add": 403,
}

# allauth: route -> (anonymous, signed in without a second factor, signed in with one).
# An int is the exact status; a string is a redirect whose Location starts with it.
LOGIN = "/en/accounts/login/"
REAUTH = "/en/accounts/reauthenticate/"
CHANGE_PASSWORD = "/en/accounts/password/change/"
ADMIN_ROLES = ("anonymous", "reader", "partner", "head_a", "chair", "secretariat")
AUTH_FLOW = {
    "account_login": (200, "/en/", "/en/"),
    "account_logout": ("/en/", 200, 200),
    "account_inactive": (200, 200, 200),
    "account_signup": (200, "/en/", "/en/"),
    "account_reauthenticate": (LOGIN, 200, 200),
    "account_email": (LOGIN, 200, 200),
    "account_email_verification_sent": (200, 200, 200),
    "account_change_password": (LOGIN, 200, 200),
    "account_set_password": (
        LOGIN,
        "/en/accounts/password/change/",
        "/en/accounts/password/change/",
    ),
    "account_reset_password": (200, 200, 200),
    "account_confirm_login_code": (LOGIN, "/en/", "/en/"),
    "account_confirm_email": (200, 200, 200),
    "account_reset_password_from_key_done": (200, 200, 200),
    "account_reset_password_from_key": (200, 200, 200),
    "account_reset_password_done": (200, 200, 200),
    "mfa_index": (LOGIN, 200, 200),
    "mfa_authenticate": (LOGIN, "/en/", "/en/"),
    "mfa_reauthenticate": (LOGIN, REAUTH, 200),
    "mfa_activate_totp": (LOGIN, REAUTH, REAUTH),
    "mfa_deactivate_totp": (LOGIN, 404, REAUTH),
    "mfa_view_recovery_codes": (LOGIN, 404, 404),
    "mfa_generate_recovery_codes": (LOGIN, REAUTH, REAUTH),
    "mfa_download_recovery_codes": (LOGIN, 404, 404),
    "socialaccount_login_cancelled": (200, 200, 200),
    "socialaccount_login_error": (401, 401, 401),
    "socialaccount_signup": (LOGIN, LOGIN, LOGIN),
    "socialaccount_connections": (LOGIN, 200, 200),
    "/en/accounts/social/login/cancelled/": ("/en/accounts/3rdparty/login/cancelled/",) * 3,
    "/en/accounts/social/login/error/": ("/en/accounts/3rdparty/login/error/",) * 3,
    "/en/accounts/social/signup/": ("/en/accounts/3rdparty/signup/",) * 3,
    "/en/accounts/social/connections/": ("/en/accounts/3rdparty/",) * 3,
    "openid_connect_login": (404, 404, 404),  # no provider "1" is configured
    "openid_connect_callback": (404, 404, 404),
}
AUTH_FLOW_ROLES = ("anonymous", "reader", "head_a")  # head_a has a second factor


def _is_auth_flow(route) -> bool:  # type: ignore[no-untyped-def]
    return route.key.startswith(AUTH_FLOW_PREFIXES) or "/accounts/social/" in route.pattern


def _is_admin(route) -> bool:  # type: ignore[no-untyped-def]
    return route.namespace == ADMIN_NAMESPACE or route.pattern.startswith("/admin/")


def _sample_kwargs(pattern: str) -> dict[str, str]:
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
    return {a or b: "0" if (a or b).endswith("index") else "1" for a, b in names}


def _model_or_none(app_label: str, model_name: str):  # type: ignore[no-untyped-def]
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _admin_url(route, world) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    """The URL to request, and whether it names an object that exists (or no object)."""
    if route.key == "admin:view_on_site":
        economy = Economy.objects.first()
        content_type = ContentType.objects.get_for_model(Economy).pk
        return reverse(route.key, args=[content_type, economy.pk]), True
    if route.key == "admin:app_list":
        return reverse(route.key, kwargs={"app_label": "registry"}), True
    if route.key == "admin:auth_user_password_change":
        return reverse(route.key, args=[world.users["reader"].pk]), True
    if not route.key.startswith("admin:"):  # the old-style "<object_id>/" redirect
        return route.pattern.replace("<path:object_id>", "1").split("(?P")[0] + "unknown/", False
    match = re.match(r"admin:(\w+?)_(\w+)_(changelist|add|change|delete|history)$", route.key)
    model = _model_or_none(*match.groups()[:2]) if match else None
    if match is None or model is None:  # other admin integrations (django-rq's dashboard)
        kwargs = _sample_kwargs(route.pattern)
        return (reverse(route.key, kwargs=kwargs) if kwargs else reverse(route.key)), True
    if match.group(3) in ("changelist", "add"):
        return reverse(route.key), True
    first = model.objects.order_by("pk").first()
    return reverse(route.key, args=[first.pk if first else 999999]), first is not None


def _matches(response, expected) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(expected, int):
        return response.status_code == expected
    return response.status_code in (301, 302) and response["Location"].startswith(expected)


def _freshly_signed_in(role, world):  # type: ignore[no-untyped-def]
    """Signed in now, not with the module's shared session: allauth asks for the password
    again 300 s after sign-in, and this module's expectations are for a fresh sign-in."""
    return client_for(role, dataclasses.replace(world, sessions={}))


@pytest.mark.parametrize(
    "role", ["anonymous", "reader", "partner", "head_a", "chair", "secretariat"]
)
def test_admin_answers_each_role_as_expected(matrix_world, db, role):
    client = _freshly_signed_in(role, matrix_world)
    failures = []
    for route in filter(_is_admin, iter_routes()):
        url, exists = _admin_url(route, matrix_world)
        with rolled_back():
            response = client.get(url)
        if role != "secretariat":
            # Only staff pass the admin's gate: everyone else is sent to sign in or refused.
            expected = "redirect to sign-in or 403"
            ok = redirects_to_login(response) or response.status_code == 403
            if route.key == "admin:logout":
                ok = response.status_code in (302, 405)
        elif route.key in SECRETARIAT_ADMIN:
            expected = SECRETARIAT_ADMIN[route.key]
            ok = _matches(response, expected)
        else:
            expected = 200 if exists else "a redirect within the admin"
            ok = response.status_code == 200 if exists else _matches(response, "/admin/")
        if not ok:
            failures.append(
                f"{route.key} ({url}) as {role}: {response.status_code}, expected {expected}"
            )
    assert not failures, "\n".join(failures)


def test_every_auth_flow_route_has_an_expectation():
    keys = {route.key for route in iter_routes() if _is_auth_flow(route)}
    assert keys == set(AUTH_FLOW), f"missing {keys - set(AUTH_FLOW)}, stale {set(AUTH_FLOW) - keys}"


def _auth_path(route) -> str:  # type: ignore[no-untyped-def]
    path = route.pattern.replace("<str:lang>", "en")
    for name, value in _sample_kwargs(path).items():
        path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
    return path.replace("^", "").replace("$", "")


@pytest.mark.parametrize("column", range(len(AUTH_FLOW_ROLES)))
def test_auth_flow_pages_answer_each_role_as_expected(matrix_world, db, column):
    role = AUTH_FLOW_ROLES[column]
    client = _freshly_signed_in(role, matrix_world)
    failures = []
    for route in filter(_is_auth_flow, iter_routes()):
        expected = AUTH_FLOW[route.key][column]
        with rolled_back():
            response = client.get(_auth_path(route))
        if not _matches(response, expected):
            got = f"{response.status_code} {response.get('Location', '')}"
            failures.append(f"{route.key} as {role}: {got}, expected {expected}")
    assert not failures, "\n".join(failures)
