"""Each signed-in user chooses their own topics, through the page or the API."""

import pytest

from secretariat.core.models import AuditEntry
from secretariat.notifications.models import NotificationPreference
from secretariat.testing.api import call
from secretariat.testing.world import client_for

ALL = [
    "registration_decision",
    "document_cutoff",
    "minutes_circulated",
    "deadline_reminder",
    "contact_request",
    "ad_referendum",
    "agenda_proposal",
    "liaison_statement",
    "liaison_deadline",
    "report_due",
    "scores_published",
    "project_update",
]


def test_new_user_receives_every_topic_at_version_1(world):
    response = call(client_for("reader", world), "GET", "/notifications/preferences")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["receives"] == ALL
    assert not NotificationPreference.objects.exists()  # reading writes nothing


def test_put_sets_the_topics_and_audits(world):
    client = client_for("reader", world)
    response = call(
        client,
        "PUT",
        "/notifications/preferences",
        {"version": 1, "receives": ["minutes_circulated"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["receives"] == ["minutes_circulated"]
    assert response.json()["version"] == 2
    preference = NotificationPreference.objects.get(user=world.users["reader"])
    assert "document_cutoff" in preference.muted_topics
    assert AuditEntry.objects.filter(action="notifications.preference.updated").exists()


def test_stale_version_gets_409_with_current(world):
    client = client_for("reader", world)
    call(client, "PUT", "/notifications/preferences", {"version": 1, "receives": []})
    response = call(client, "PUT", "/notifications/preferences", {"version": 1, "receives": ALL})
    assert response.status_code == 409
    assert response.json()["current"]["receives"] == []
    assert response.json()["current"]["version"] == 2


def test_unknown_topic_gets_422_and_changes_nothing(world):
    client = client_for("reader", world)
    response = call(
        client, "PUT", "/notifications/preferences", {"version": 1, "receives": ["gossip"]}
    )
    assert response.status_code == 422
    assert not NotificationPreference.objects.exists()


def test_anonymous_is_asked_to_sign_in(world):
    response = call(client_for("anonymous", world), "GET", "/notifications/preferences")
    assert response.status_code == 401


@pytest.mark.parametrize("receives", [["deadline_reminder"], []])
def test_page_saves_the_ticked_topics(world, receives):
    client = client_for("delegate_a", world)
    page = client.get("/en/notifications/")
    assert page.status_code == 200
    assert b'name="version" value="1"' in page.content
    response = client.post("/en/notifications/", {"receives": receives, "version": 1})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=world.users["delegate_a"])
    assert [t for t in ALL if t not in preference.muted_topics] == receives


def test_page_with_stale_version_shows_409(world):
    client = client_for("delegate_a", world)
    client.post("/en/notifications/", {"receives": [], "version": 1})
    response = client.post("/en/notifications/", {"receives": ALL, "version": 1})
    assert response.status_code == 409
    assert b'name="version" value="2"' in response.content
