"""Small helpers the apps' ``access_*`` functions share. No domain rules live here."""

from typing import TypeVar

from django.db.models import Model, QuerySet

from .errors import NotFound, PermissionDenied

M = TypeVar("M", bound=Model)


def get_visible(queryset: QuerySet[M], what: str, **lookup: object) -> M:
    """The object from a visibility-filtered queryset; 404 alike for missing and hidden,
    so a hidden object's existence is never revealed."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise NotFound(f"No {what} matches {', '.join(f'{k}={v}' for k, v in lookup.items())}.")
    return obj


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
