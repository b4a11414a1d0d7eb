"""What the schema fuzzer found, pinned so a regression fails here and not only in a
derandomised fuzz run: explicit ``null`` in a PATCH body, a multipart body without its
boundary, and an enum whose name two apps used (the schema then contradicted the answers)."""

import pytest
from django.test import Client

from secretariat.accounts import services as account_services
from secretariat.core.management.commands.export_openapi import openapi_document
from secretariat.events.tests.factories import ForumEventFactory, SpeakerFactory
from secretariat.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict[str, str]]:  # type: ignore[no-untyped-def]
    key = account_services.issue_api_token(
        actor=user, name="t", scopes=["read", "write"], expires_in_days=1
    ).key
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _is_null_refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


def test_a_null_note_body_is_refused_not_a_server_error(world):
    client, auth = _client(world.users["delegate_a"])
    response = client.patch(
        f"/api/registry/notes/{world.note_a.pk}",
        {"version": world.note_a.version, "body": None},
        content_type="application/json",
        **auth,
    )
    _is_null_refused(response, "body")
    world.note_a.refresh_from_db()
    assert world.note_a.body  # nothing half-written


def test_a_null_speaker_name_is_refused_not_a_server_error(world):
    speaker = SpeakerFactory(meeting=ForumEventFactory(forum=world.body))
    client, auth = _client(world.users["secretariat"])
    response = client.patch(
        f"/api/events/speakers/{speaker.pk}",
        {"version": speaker.version, "name": None},
        content_type="application/json",
        **auth,
    )
    _is_null_refused(response, "name")


def test_a_multipart_body_without_its_boundary_is_a_bad_request(world):
    meeting = MeetingFactory(forum=world.body)
    client, auth = _client(world.users["secretariat"])
    response = client.post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        b'{"title": {}}',
        content_type="multipart/form-data",
        **auth,
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"


def test_each_enum_in_the_schema_lists_the_values_its_app_uses():
    schemas = openapi_document()["components"]["schemas"]
    assert schemas["Classification"]["enum"] == ["public", "restricted", "economy_only"]
    assert schemas["TextClassification"]["enum"] == ["restricted", "published"]
