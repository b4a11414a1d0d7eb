"""Turning validated request bodies into service arguments, the same way in every app."""

from collections.abc import Callable
from typing import Any, TypeVar

from .errors import NotFound, ValidationFailed
from .schemas import translated_payload

T = TypeVar("T")


def body_reference(field: str, lookup: Callable[[], T]) -> T:
    """Resolve a reference in a request body; an unknown one is the body's fault (422)."""
    try:
        return lookup()
    except NotFound as missing:
        raise ValidationFailed(
            f"{field}: {missing.detail}", errors={field: [missing.detail]}
        ) from None


def changes_from(payload: Any, *translated: str) -> dict[str, Any]:
    """The fields a PATCH body set (not ``version``), translated fields as stored."""
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    for name in translated:
        if name in data:
            data[name] = translated_payload(getattr(payload, name))
    return data
