"""Every integer id a client sends, in an API path or query or in a page URL, is checked once
(``core.schemas.Id*``, ``core.converters.IdConverter``): 0, negatives and numbers past a
signed 64-bit integer are a 422 on the API (a 404 on pages), never a 500 and never "no
filter". The API walk reads the OpenAPI document, so an operation added later is covered."""

import re
from typing import Any

import pytest
from django.urls import get_resolver

from secretariat.core.management.commands.export_openapi import openapi_document
from secretariat.testing.world import client_for

BAD_IDS = ("0", "-1", str(2**63), str(10**20))


def _is_integer(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "integer":
        return True
    return any(_is_integer(option) for option in schema.get("anyOf", ()))


def _integer_parameters() -> list[tuple[str, str, dict[str, Any], str, str]]:
    """(method, path template, operation, parameter, where) for every integer parameter."""
    found = []
    for template, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", ()):
                if _is_integer(parameter["schema"]):
                    found.append(
                        (method.upper(), template, operation, parameter["name"], parameter["in"])
                    )
    return found


def _request_for(template: str, operation: dict[str, Any], name: str, where: str, bad: str):  # type: ignore[no-untyped-def]
    path = template
    query: dict[str, str] = {}
    for parameter in operation.get("parameters", ()):
        value = bad if parameter["name"] == name else "1"
        if not _is_integer(parameter["schema"]):
            value = "x"
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", value)
        elif parameter["name"] == name or parameter.get("required"):
            query[parameter["name"]] = value
    return path, query


INTEGER_PARAMETERS = _integer_parameters()


def test_the_walk_finds_the_known_integer_parameters():
    names = {(operation["operationId"], name) for _, _, operation, name, _ in INTEGER_PARAMETERS}
    assert {
        ("list_exhibitors", "meeting"),
        ("list_speakers", "meeting"),
        ("get_exhibitor", "exhibitor_id"),
        ("list_documents", "meeting"),
        ("list_roles", "person"),
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "template", "operation", "name", "where"),
    INTEGER_PARAMETERS,
    ids=[f"{op['operationId']}-{name}" for _, _, op, name, _ in INTEGER_PARAMETERS],
)
def test_an_out_of_range_integer_parameter_is_422(  # type: ignore[no-untyped-def]
    module_world, method, template, operation, name, where
):
    operation_id = operation["operationId"]
    client = client_for("secretariat", module_world)
    for bad in BAD_IDS:
        if name == "offset" and bad == "0":
            continue  # the one integer parameter that is not an id and may be 0
        path, query = _request_for(template, operation, name, where, bad)
        response = client.generic(
            method,
            path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
            data="{}",
            content_type="application/json",
        )
        assert response.status_code == 422, (operation_id, name, bad, response.status_code)
        errors = response.json().get("errors", {})
        assert any(key.split(".")[-1] == name for key in errors), (operation_id, name, errors)


def _page_patterns(resolver=None, prefix=""):  # type: ignore[no-untyped-def]
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _page_patterns(pattern, route)
        else:
            yield route, pattern


@pytest.mark.django_db
def test_pages_with_an_id_in_the_url_answer_404_past_64_bits(module_world):
    client = client_for("secretariat", module_world)
    tried = 0
    for route, pattern in _page_patterns():
        kinds = {type(c).__name__ for c in getattr(pattern.pattern, "converters", {}).values()}
        if not kinds & {"IntConverter", "IdConverter"}:
            continue
        assert "IntConverter" not in kinds, (
            f"{route}: use <id:…> (core.converters.IdConverter), not <int:…>"
        )
        url = "/" + re.sub(r"<id:[^>]+>", str(2**63), route)
        url = re.sub(r"<[^>]+>", "x", url).replace("^", "").replace("$", "")
        assert client.get(url).status_code == 404, url
        tried += 1
    assert tried > 5


def _page_forms():  # type: ignore[no-untyped-def]
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import secretariat

    for module_info in pkgutil.walk_packages(secretariat.__path__, "secretariat."):
        if module_info.name.rsplit(".", 1)[-1].startswith("forms"):
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_every_integer_field_of_a_page_form_is_bounded():
    """A form's integer that reaches a query (a version, a revision, an id) past 64 bits
    would overflow the database: each one is bounded (core.form_fields.BoundedIntegerField)."""
    from django import forms

    from secretariat.core.schemas import MAX_ID

    checked = 0
    for form_class in _page_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.IntegerField):
                assert field.max_value is not None and field.max_value <= MAX_ID, (
                    f"{form_class.__module__}.{form_class.__name__}.{name}"
                )
                checked += 1
    assert checked > 8
