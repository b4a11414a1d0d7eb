"""Text the databases cannot store is refused at the boundary, with a clear 4xx.

PostgreSQL rejects NUL characters in text and JSON, and no database stores a lone UTF-16
surrogate; left alone, either would surface as a 500 deep inside a write."""

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from ninja.parser import Parser

from .errors import ValidationFailed
from .problems import problem_response


def unstorable_reason(value: Any, where: str = "body") -> str | None:
    """Why ``value`` (a str, or JSON-like structure of them) cannot be stored, if it cannot."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"{where} contains a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where} contains text that is not valid Unicode"
        return None
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        reason = unstorable_reason(key, where) if isinstance(key, str) else None
        reason = reason or unstorable_reason(item, f"{where}.{key}")
        if reason:
            return reason
    return None


class StorableJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise ValidationFailed("The request body is not valid JSON.") from None
        if not isinstance(data, dict):
            # Ninja would read schema fields as attributes of any value ("x".title exists).
            raise ValidationFailed("The request body must be a JSON object.")
        reason = unstorable_reason(data)
        if reason:
            raise ValidationFailed(f"The request {reason}.")
        return data


class RejectUnstorableQueryMiddleware:
    """The same rule for the path and the query string, for pages and API alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = unstorable_reason(request.path, "the path") or unstorable_reason(
            {key: request.GET.getlist(key) for key in request.GET}, "the query"
        )
        if reason is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return problem_response(
                request,
                status=400,
                title="Bad request",
                detail=f"{reason[0].upper()}{reason[1:]}.",
                type_slug="bad-request",
            )
        return HttpResponseBadRequest(f"{reason[0].upper()}{reason[1:]}.")
