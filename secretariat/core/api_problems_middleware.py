"""Under /api/, every error is problem+json, including Django's own 404 and 405 answers."""

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

from .problems import PROBLEM_CONTENT_TYPE, problem_response


class ApiProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            status = HTTPStatus(response.status_code)
            problem = problem_response(
                request,
                status=status.value,
                title=status.phrase,
                detail=status.description or status.phrase,
                type_slug=status.phrase.lower().replace(" ", "-"),
            )
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response
