"""Domain errors raised under a page become the matching error page, in one place."""

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .errors import DomainError, NotAuthenticated, PermissionDenied


class DomainErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        anonymous = not request.user.is_authenticated
        if isinstance(exception, NotAuthenticated | PermissionDenied) and anonymous:
            return redirect_to_login(request.get_full_path())
        response = TemplateResponse(
            request,
            "core/error.html",
            {"error": exception, "status": exception.status},
            status=exception.status,
        )
        return response.render()
