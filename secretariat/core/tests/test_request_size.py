"""Every request body over its limit answers 413 — problem+json on the API, an error page on
pages — for sessions and tokens, JSON, form and multipart bodies, and nothing is written.
Uploads up to the document limit still go through."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from secretariat.accounts import services as accounts
from secretariat.core.models import AuditEntry
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.negotiation.models import Amendment
from secretariat.negotiation.tests.factories import make_text
from secretariat.registry.models import Forum
from secretariat.testing.api import bearer, call
from secretariat.testing.world import client_for

pytestmark = pytest.mark.django_db

WITHOUT_SIZE_MIDDLEWARE = {"remove": "secretariat.core.request_size.RequestSizeMiddleware"}


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _oversize() -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)


def _assert_problem_413(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413 and problem["type"].endswith("/request-too-large")


def _writes() -> tuple[int, int]:
    return Amendment.objects.count(), AuditEntry.objects.count()


@pytest.fixture(params=["declared", "found-on-reading"])
def size_check(request, settings):  # type: ignore[no-untyped-def]
    """Both lines of defence: the declared length checked up front, and Django's own reader
    (what a chunked body without Content-Length meets) with the first one removed."""
    if request.param == "found-on-reading":
        settings.MIDDLEWARE = [
            m for m in settings.MIDDLEWARE if m != WITHOUT_SIZE_MIDDLEWARE["remove"]
        ]
    return request.param


def test_an_oversize_json_body_from_a_session_is_413_and_writes_nothing(world, size_check):
    make_text(world)
    before = _writes()
    body = {"kind": "replace", "eid": "para_2", "proposed_text": "x", "justification": _oversize()}
    response = call(
        client_for("delegate_a", world), "POST", "/negotiation/texts/statement/amendments", body
    )
    _assert_problem_413(response)
    assert _writes() == before


def test_an_oversize_json_body_with_a_token_is_413_and_writes_nothing(world, size_check):
    token = accounts.issue_api_token(
        actor=world.users["secretariat"], name="w", scopes=["read", "write"], expires_in_days=1
    )
    forum_version = Forum.objects.get(slug="daib").version
    before = AuditEntry.objects.count()
    body = {"abbreviation": "BIG", "version": forum_version, "padding": _oversize()}
    response = call(Client(), "PATCH", "/registry/fora/daib", body, **bearer(token.key))
    _assert_problem_413(response)
    assert Forum.objects.get(slug="daib").version == forum_version
    assert AuditEntry.objects.count() == before


def test_an_oversize_form_body_to_the_api_is_413(world, size_check):
    make_text(world)
    before = _writes()
    response = client_for("delegate_a", world).post(
        "/api/negotiation/texts/statement/amendments", {"justification": _oversize()}
    )
    _assert_problem_413(response)
    assert _writes() == before


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_an_oversize_form_on_a_page_gets_a_413_page_and_writes_nothing(world, size_check, encoding):
    make_text(world)
    before = _writes()
    client = client_for("delegate_a", world)
    form = {"kind": "replace", "eid": "para_2", "proposed_text": _oversize()}
    url = "/en/negotiation/statement/amendments/new/"
    if encoding == "urlencoded":
        response = client.post(
            url, urlencode(form), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post(url, form)  # multipart: under the upload limit, fields too big
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert b"Request too large" in response.content
    assert f"({settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes)" in response.content.decode()
    assert _writes() == before


def test_an_upload_above_the_json_limit_and_under_the_file_limit_goes_through(world, media_root):
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    pdf = b"%PDF-1.4\n" + b"0" * (3 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + b"\n%%EOF\n"
    payload = {
        "title": {"en": {"text": "Big paper", "status": "original"}},
        "purpose": "information",
        "submitted_by_economy": "KR",
    }
    response = client_for("delegate_a", world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        {"payload": json.dumps(payload), "file": SimpleUploadedFile("big.pdf", pdf)},
    )
    assert response.status_code == 201, response.content[:300]
    assert response.json()["file_size"] == len(pdf)


def test_a_multipart_body_over_the_upload_limit_is_413(world, settings):
    settings.MULTIPART_MAX_REQUEST_BYTES = 4096
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    response = client_for("delegate_a", world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        {"payload": "{}", "file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 8192)},
    )
    _assert_problem_413(response)


def test_a_multipart_body_with_too_many_fields_is_a_400_problem_not_a_500(world, settings):
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    fields = {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client_for("delegate_a", world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents", fields
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
