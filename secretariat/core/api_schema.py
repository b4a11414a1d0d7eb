"""The OpenAPI document says what every operation can really answer: besides its success
response, any 4xx as an RFC 7807 problem (401 without a valid sign-in, 403 refused, 404 unknown,
409 stale version, 413 body too large, 422 invalid input, 429 throttled…). Without this the
schema promised only the success code, and a client generated from it could not expect an
error at all."""

import copy
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from .problems import PROBLEM_CONTENT_TYPE

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An RFC 7807 problem; some carry more members (errors, current state).",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
PROBLEM_RESPONSE: dict[str, Any] = {
    "description": "A problem: refused, unknown, stale, too large, invalid or throttled.",
    "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def declare_problems(schema: OpenAPISchema) -> OpenAPISchema:
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                # Ninja keys responses by int; OpenAPI's keys are strings ("200", "4XX").
                responses = {str(code): value for code, value in operation["responses"].items()}
                responses.setdefault("4XX", PROBLEM_RESPONSE)
                operation["responses"] = responses
    return schema


class SecretariatAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._openapi_documents: dict[tuple[Any, ...], OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Built once per process and prefix, then copied: the operations do not change while
        the process runs, and building the document (0.3 s of CPU) on every request for
        `/api/openapi.json` cost six times more than the copy a caller may change freely."""
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        built = self._openapi_documents.get(key)
        if built is None:
            built = declare_problems(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
            self._openapi_documents[key] = built
        return copy.deepcopy(built)
