"""How the JSON API knows who is calling: a bearer API token, the browser session, or nobody.

Reads accept all three. Writes need a token with the ``write`` scope, or a session request
that passes Django's CSRF check (the API is otherwise CSRF-exempt)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja.security.base import AuthBase

from .errors import NotAuthenticated, PermissionDenied

ANONYMOUS = "anonymous"


def _protected_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()  # never called: only its CSRF verdict is used


def _csrf_failure_reason(request: HttpRequest) -> str | None:
    middleware = CsrfViewMiddleware(_protected_view)
    middleware.process_request(request)
    response = middleware.process_view(request, _protected_view, (), {})
    return None if response is None else "CSRF check failed: send the X-CSRFToken header."


class ApiAuth(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_description = (
        "An API token (`sct_…`) from your account page, as `Authorization: Bearer`."
    )

    def __init__(self, *, write: bool) -> None:
        self.write = write
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        from secretariat.accounts import services as account_services

        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise NotAuthenticated("Send the token as 'Authorization: Bearer <token>'.")
            token = account_services.authenticate_api_key(key.strip())
            account_services.check_two_factor_rule(token.user)
            if self.write and "write" not in token.scopes:
                raise PermissionDenied("This API token lacks the 'write' scope.")
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            return token.user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if self.write:
                reason = _csrf_failure_reason(request)
                if reason:
                    raise PermissionDenied(reason)
            return user
        if self.write:
            raise NotAuthenticated("Sign in, or send an API token with the 'write' scope.")
        return ANONYMOUS


read_auth = ApiAuth(write=False)
write_auth = ApiAuth(write=True)
