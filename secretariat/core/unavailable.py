"""A database that cannot be reached is a 503 with ``Retry-After``, never a 500 (ADR 0035).

While PostgreSQL restarts (or SQLite stays locked past its busy timeout) every request that
touches the database raises ``OperationalError`` or ``InterfaceError``. That is the service
being unavailable for a moment, not a bug: the API answers problem+json 503, pages a short
page that needs no database, and the next request opens a new connection (Django drops a
connection that raised), so service comes back without anyone stepping in.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .problems import problem_response

logger = logging.getLogger(__name__)
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def is_database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, UNAVAILABLE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_response(request: HttpRequest) -> HttpResponse:
    detail = _("The database cannot be reached for a moment. Try again in a few seconds.")
    if request.path.startswith("/api/"):
        response = problem_response(
            request,
            status=503,
            title=_("Service unavailable"),
            detail=detail,
            type_slug="service-unavailable",
        )
    else:
        # Rendered without the request: the context processors would query the database.
        body = loader.get_template("core/unavailable.html").render({"detail": detail})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django calls it while handling the exception, so it is in sys.exc_info."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    body = loader.get_template("core/server_error.html").render({})
    return HttpResponseServerError(body)
