"""Request ids in every log line and answer, and standalone documents under the content
security policy.

Each request gets an id: the caller's ``X-Request-ID`` when it is a plausible one (a proxy or
load balancer that already assigned one keeps the trail), else a fresh one. The id is
``request.id``, goes back in the answer's ``X-Request-ID`` and into every log record written
while the request is handled (a context variable, so threads and tasks started for the request
carry it too)."""

import base64
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a few separators, as load balancers write them (uuids, hex, AWS's
# "Root=1-..."): nothing that could forge a log line or a header.
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}")
_current_request_id: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("secretariat.access")


def current_request_id() -> str:
    return _current_request_id.get()


def request_id_from(header: str | None) -> str:
    if header and _PLAUSIBLE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.id = request_id  # type: ignore[attr-defined]
        token = _current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            return response
        finally:
            _current_request_id.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current_request_id.get()
        return True


_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def allow_own_styles(response: HttpResponse) -> HttpResponse:
    """A standalone document (printable page, HTML export) carries its stylesheet inside, so
    that it still reads well when saved. The policy allows exactly those ``<style>`` blocks, by
    hash, and nothing else inline."""
    body = response.content.decode(response.charset or "utf-8")
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE_BLOCK.findall(body)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
    return response
