"""Every page and API operation, requested as every role, succeeds exactly for the roles the
matrix allows. A route or operation without a matrix entry fails the suite."""

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from secretariat.config.api import api as ninja_api
from secretariat.registry.models import Economy

from .harness import OTHER_METHODS, run_entry, run_other_method
from .matrix import (
    ADMIN_NAMESPACE,
    API,
    AUTH_FLOW_PREFIXES,
    EXEMPT_API_ROUTES,
    PAGES,
    checks_of,
)
from .urls import iter_routes
from .world import client_for


def _is_auth_flow(route) -> bool:  # type: ignore[no-untyped-def]
    return route.key.startswith(AUTH_FLOW_PREFIXES) or "/accounts/social/" in route.pattern


def _is_admin(route) -> bool:  # type: ignore[no-untyped-def]
    return route.namespace == ADMIN_NAMESPACE or route.pattern.startswith("/admin/")


def test_every_route_has_a_matrix_entry():
    unchecked = [
        route.key
        for route in iter_routes()
        if route.key not in PAGES
        and route.key not in EXEMPT_API_ROUTES
        and route.namespace != "api"
        and not _is_auth_flow(route)
        and not _is_admin(route)
    ]
    assert unchecked == [], f"add these routes to secretariat/testing/matrix.py: {unchecked}"


def test_every_matrix_entry_names_an_existing_route():
    routes = {route.key for route in iter_routes()}
    assert set(PAGES) - routes == set(), "the matrix names routes that no longer exist"


def test_every_api_operation_has_a_matrix_entry():
    schema = ninja_api.get_openapi_schema()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert operations - set(API) == set(), "add these API operations to the matrix"
    assert set(API) - operations == set(), "the matrix names operations that no longer exist"


@pytest.mark.parametrize("key", sorted(PAGES))
def test_page_permissions(matrix_world, db, key):
    failures = [
        failure
        for check in checks_of(PAGES[key])
        for failure in run_entry(f"{check.method} {key}", check, matrix_world, api=False)
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", sorted(API))
def test_api_permissions(matrix_world, db, key):
    failures = run_entry(key, API[key], matrix_world, api=True)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", sorted(PAGES))
def test_page_refuses_the_methods_it_does_not_take(matrix_world, db, key):
    """Every method a page has no entry for, sent by the secretariat (who may do most):
    405 or a refusal, and nothing written."""
    checks = checks_of(PAGES[key])
    failures = [
        failure
        for method in sorted(set(OTHER_METHODS) - {check.method for check in checks})
        for failure in run_other_method(key, method, checks[0], matrix_world)
    ]
    assert not failures, "\n".join(failures)


def _sample_kwargs(pattern: str) -> dict[str, str]:
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
    return {a or b: "0" if (a or b).endswith("index") else "1" for a, b in names}


def _model_or_none(app_label: str, model_name: str):  # type: ignore[no-untyped-def]
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _admin_url(route, world) -> str:  # type: ignore[no-untyped-def]
    if route.key == "admin:view_on_site":
        economy = Economy.objects.first()
        return reverse(route.key, args=[ContentType.objects.get_for_model(Economy).pk, economy.pk])
    if route.key == "admin:app_list":
        return reverse(route.key, kwargs={"app_label": "registry"})
    if route.key == "admin:auth_user_password_change":
        return reverse(route.key, args=[world.users["reader"].pk])
    if not route.key.startswith("admin:"):
        return route.pattern.replace("<path:object_id>", "1").split("(?P")[0] + "unknown/"
    match = re.match(r"admin:(\w+?)_(\w+)_(changelist|add|change|delete|history)$", route.key)
    model = _model_or_none(*match.groups()[:2]) if match else None
    if match is None or model is None:  # other admin integrations (django-rq's dashboard)
        kwargs = _sample_kwargs(route.pattern)
        return reverse(route.key, kwargs=kwargs) if kwargs else reverse(route.key)
    if match.group(3) in ("changelist", "add"):
        return reverse(route.key)
    first = model.objects.order_by("pk").first()
    return reverse(route.key, args=[first.pk if first else 999999])


@pytest.mark.parametrize("role", ["anonymous", "reader", "head_a", "chair", "secretariat"])
def test_admin_is_for_secretariat_staff_only(world, role):
    client = client_for(role, world)
    for route in filter(_is_admin, iter_routes()):
        response = client.get(_admin_url(route, world))
        assert response.status_code < 500, f"{route.key} failed for {role}"
        if role != "secretariat" and route.key not in ("admin:login",):
            assert response.status_code != 200, f"{role} reached {route.key}"


@pytest.mark.parametrize("role", ["anonymous", "reader", "delegate_a"])
def test_auth_flow_pages_answer_without_server_errors(world, role):
    client = client_for(role, world)
    for route in filter(_is_auth_flow, iter_routes()):
        path = route.pattern.replace("<str:lang>", "en")
        for name, value in _sample_kwargs(path).items():
            path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
        path = path.replace("^", "").replace("$", "")
        path = re.sub(r"^/\^?\(?[^/]*\)?/", "/en/", path) if "(?P<lang>" in path else path
        if path.startswith("/en/") is False and path.startswith("/"):
            path = "/en" + path if not path.startswith("/en") else path
        response = client.get(path)
        assert response.status_code < 500, f"{route.key} ({path}) failed for {role}"
