"""Every API error, whatever raised it, leaves as one RFC 7807 problem+json shape."""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from . import unavailable
from .errors import DomainError
from .problems import problem_response
from .request_size import read_too_large

logger = logging.getLogger(__name__)


def _location(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return problem_response(
            request,
            status=exc.status,
            title=str(exc.title),
            detail=exc.detail,
            type_slug=exc.type_slug,
            extra=exc.extra,
        )

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_location(error) or "__all__", []).append(str(error.get("msg")))
        field, messages = next(iter(errors.items()), ("__all__", ["invalid"]))
        return problem_response(
            request,
            status=422,
            title="Invalid input",
            detail=f"{field}: {messages[0]}",
            type_slug="invalid-input",
            extra={"errors": errors},
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request,
            status=401,
            title="Authentication required",
            detail="Sign in or send an API token.",
            type_slug="not-authenticated",
        )

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return problem_response(
            request,
            status=429,
            title="Too many requests",
            detail="Slow down and retry later.",
            type_slug="throttled",
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # e.g. our body parser's own verdict
            return domain_error(request, exc.__cause__)
        return problem_response(
            request,
            status=exc.status_code,
            title="Request failed",
            detail=str(exc),
            type_slug="http-error",
        )

    @api.exception_handler(RequestDataTooBig)
    def request_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return read_too_large(request)  # e.g. a chunked body, found too large on reading

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # e.g. a form body with more fields or files than Django reads: the client's fault.
        return problem_response(
            request,
            status=400,
            title="Bad request",
            detail=str(exc) or "The request could not be read.",
            type_slug="bad-request",
        )

    @api.exception_handler(MultiPartParserError)
    def malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return problem_response(
            request,
            status=400,
            title="Malformed body",
            detail=f"The multipart/form-data body cannot be read: {exc}",
            type_slug="malformed-body",
        )

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if unavailable.is_database_unavailable(exc):
            logger.warning("Database unavailable in %s %s: %s", request.method, request.path, exc)
            return unavailable.unavailable_response(request)
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return problem_response(
            request,
            status=500,
            title="Internal error",
            detail="Something went wrong on our side; it has been logged.",
            type_slug="internal-error",
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(
            request,
            status=404,
            title="Not found",
            detail=str(exc) or "Not found.",
            type_slug="not-found",
        )
