"""Every page and API operation, requested as every role, succeeds exactly for the roles the
matrix allows. A route or operation without a matrix entry fails the suite."""

import pytest

from secretariat.config.api import api as ninja_api

from .harness import (
    OTHER_METHODS,
    run_entry,
    run_other_method,
    run_undeclared_method,
    run_without_csrf,
)
from .matrix import (
    ADMIN_NAMESPACE,
    API,
    AUTH_FLOW_PREFIXES,
    EVERYONE,
    EXEMPT_API_ROUTES,
    PAGES,
    Check,
    Sees,
    checks_of,
    page,
)
from .urls import iter_routes
from .world import TOKEN_OWNER


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
    failures = [
        failure
        for check in checks_of(API[key])
        for failure in run_entry(key, check, matrix_world, api=True)
    ]
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


def _operations() -> dict[str, tuple[str, str]]:
    """operationId -> (path, method) from the OpenAPI document."""
    schema = ninja_api.get_openapi_schema()
    return {
        operation["operationId"]: (path, method.upper())
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


WRITES = sorted(key for key, entry in API.items() if checks_of(entry)[0].method != "GET")


@pytest.mark.parametrize("key", WRITES)
def test_api_write_from_a_session_needs_its_csrf_token(matrix_world, db, key):
    failures = [
        failure
        for check in checks_of(API[key])
        for failure in run_without_csrf(key, check, matrix_world)
    ]
    assert not failures, "\n".join(failures)


def test_api_paths_answer_405_to_undeclared_methods(matrix_world, db):
    declared: dict[str, set[str]] = {}
    url_of: dict[str, str] = {}
    for key, (path, method) in _operations().items():
        declared.setdefault(path, set()).add(method)
        url_of.setdefault(path, checks_of(API[key])[0].url(matrix_world).split("?")[0])
    failures = [
        failure
        for path, methods in sorted(declared.items())
        for method in sorted(set(OTHER_METHODS) - methods)
        for failure in run_undeclared_method(path, method, url_of[path], matrix_world)
    ]
    assert not failures, "\n".join(failures)


def test_an_unknown_role_in_an_entry_is_an_error():
    with pytest.raises(ValueError, match="head_x"):
        Check("GET", page("portal:home"), frozenset({"head_x"}))
    with pytest.raises(ValueError, match="token_read"):
        Sees(items=lambda w: {}, by_role={"token_read": set()})


def test_tokens_act_as_their_owner_reading_or_writing():
    read = Check("GET", page("portal:home"), frozenset({TOKEN_OWNER}))
    write = Check("POST", page("portal:home"), frozenset({TOKEN_OWNER}))
    assert read.allows("token_read") and read.allows("token_write")
    assert not write.allows("token_read") and write.allows("token_write")
    sees = Sees(items=lambda w: {}, by_role={EVERYONE: {"a"}, TOKEN_OWNER: {"a", "b"}})
    assert sees.expected("token_read") == {"a", "b"} and sees.expected("reader") == {"a"}
