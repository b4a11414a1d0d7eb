"""Domain errors. Services raise these; the API maps them to RFC 7807 problem+json and the
pages to messages or error pages, each in one place."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    title = _("Bad request")
    type_slug = "bad-request"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class ValidationFailed(DomainError):
    status = 422
    title = _("Invalid input")
    type_slug = "invalid-input"

    def __init__(self, detail: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail, extra={"errors": errors or {}})
        self.errors = errors or {}


class NotAuthenticated(DomainError):
    status = 401
    title = _("Authentication required")
    type_slug = "not-authenticated"


class PermissionDenied(DomainError):
    status = 403
    title = _("Forbidden")
    type_slug = "forbidden"


class NotFound(DomainError):
    status = 404
    title = _("Not found")
    type_slug = "not-found"


class Conflict(DomainError):
    """A write was based on a stale version; ``current`` is the state it would have overwritten."""

    status = 409
    title = _("Conflict")
    type_slug = "conflict"

    def __init__(self, detail: str, *, current: Any = None) -> None:
        super().__init__(detail, extra={"current": current})
        self.current = current
