"""Security headers on pages, request ids in answers and logs, and the metrics endpoint."""

import json
import logging

import pytest
from django.http import HttpResponse

from secretariat.core.observability import RequestIdLogFilter, allow_own_styles

PAGES = ["/en/", "/ko/news/", "/en/accounts/login/", "/healthz", "/api/registry/economies"]


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert len(response["X-Request-ID"]) == 32  # generated: none was sent


@pytest.mark.django_db
def test_a_plausible_request_id_is_kept_and_logged_a_forged_one_replaced(client):
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdLogFilter())
    access = logging.getLogger("secretariat.access")
    level = access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.91:2"})
        forged = client.get("/healthz", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b"})
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    assert kept["X-Request-ID"] == "lb-7f3a.91:2"
    assert forged["X-Request-ID"] != "x\r\nSet-Cookie: a=b" and len(forged["X-Request-ID"]) == 32
    assert [r.request_id for r in records] == ["lb-7f3a.91:2", forged["X-Request-ID"]]
    assert (records[0].status, records[0].path) == (200, "/healthz")
    # The JSON formatter the production logs use writes it as a field.
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    options = dict(settings.LOGGING["formatters"]["json"])
    options.pop("()")
    line = json.loads(JsonFormatter(**options).format(records[0]))
    assert line["request_id"] == "lb-7f3a.91:2" and line["logger"] == "secretariat.access"
    assert line["level"] == "INFO" and line["status"] == 200


@pytest.mark.django_db
def test_metrics_need_the_token_and_count_requests(client, settings):
    client.get("/healthz")
    assert client.get("/metrics").status_code == 404
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 404 and b"secretariat_" not in wrong.content
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {settings.METRICS_TOKEN}"})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert 'secretariat_http_requests_total{method="GET",status="200",view="healthz"}' in body
    assert 'secretariat_http_request_duration_seconds_bucket{le="0.005",method="GET"' in body
    assert "secretariat_live_stream_clients" in body
    assert 'secretariat_task_queue_depth{queue="default"}' in body
    settings.METRICS_TOKEN = ""  # not configured: nothing answers, whatever is sent
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_a_standalone_document_may_use_its_own_style_block_and_no_other():
    response = allow_own_styles(HttpResponse("<style>p { color: red; }</style><p>x</p>"))
    # sha256 of "p { color: red; }", as browsers compute it for the block's text
    assert response._csp_update == {
        "style-src": ["'sha256-pckGv9YvNcB5xy+Y4fbqhyo+ib850wyiuWeNbZvLi00='"]
    }
