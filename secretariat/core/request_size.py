"""Request bodies over their limit answer 413 — problem+json under /api/, a plain error page
elsewhere — never a 500 or a 400.

Two limits (settings): ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for every body that is read into
memory (JSON, forms), and ``MULTIPART_MAX_REQUEST_BYTES`` for multipart uploads, whose files
go to disk and are checked again by the app that stores them. A declared ``Content-Length``
over the limit is refused before anything reads the body; a body without one (chunked) is
refused when Django's own reader finds it too large (``RequestDataTooBig``), through the
API's exception handler or ``bad_request`` below.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .problems import problem_response


def body_limit(request: HttpRequest) -> int | None:
    if request.content_type == "multipart/form-data":
        return int(settings.MULTIPART_MAX_REQUEST_BYTES)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if limit is None else int(limit)


def too_large(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    limit = body_limit(request) if limit is None else limit
    detail = _("The request body is larger than this address accepts (%(limit)d bytes).") % {
        "limit": limit or 0
    }
    if request.path.startswith("/api/"):
        return problem_response(
            request,
            status=413,
            title=_("Request too large"),
            detail=detail,
            type_slug="request-too-large",
            extra={"limit": limit},
        )
    page = render_to_string("core/too_large.html", {"detail": detail})
    return HttpResponse(page, status=413)


def read_too_large(request: HttpRequest) -> HttpResponse:
    """Django's reader refused the body (``RequestDataTooBig``): what it holds in memory (all of
    a JSON body, the fields of a form or multipart body) passed ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return too_large(request, None if limit is None else int(limit))


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestSizeMiddleware:
    """First in the stack: nothing has read the body yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        if limit is not None and _declared_length(request) > limit:
            return too_large(request, limit)
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: Django turns a body found too large while reading (the CSRF check
    reads forms) into a 400; it is a 413."""
    if isinstance(exception, RequestDataTooBig):
        return read_too_large(request)
    return defaults.bad_request(request, exception)  # type: ignore[arg-type]
