"""draft → circulated → approved → locked, driven by the secretariat and the chair."""

import datetime as dt

import pytest
from django.core import mail

from secretariat.minutes.models import Minutes
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.registry.tests.factories import PersonFactory, UserFactory
from secretariat.testing.api import call
from secretariat.testing.world import FORUM_A_MEMBERS, client_for

from .factories import ActionItemFactory, MinutesFactory


def _move(client, minutes, state):  # type: ignore[no-untyped-def]
    minutes.refresh_from_db()
    return call(
        client,
        "POST",
        f"/minutes/{minutes.pk}/transitions",
        {"version": minutes.version, "state": state},
    )


@pytest.mark.django_db
def test_minutes_go_through_their_states_and_locked_is_final(world, meeting):
    minutes = MinutesFactory(meeting=meeting)
    chair = client_for("chair", world)
    for state in ("circulated", "approved", "locked"):
        response = _move(chair, minutes, state)
        assert response.status_code == 200, response.content
        assert response.json()["state"] == state
    minutes.refresh_from_db()
    assert minutes.circulated_at and minutes.approved_at and minutes.locked_at
    for state in ("draft", "circulated", "approved"):
        assert _move(chair, minutes, state).status_code == 422
    text = call(chair, "PUT", f"/minutes/{minutes.pk}/text", {"base_revision": 1, "body": "x"})
    assert text.status_code == 422 and "no longer be edited" in text.json()["detail"]


@pytest.mark.django_db
def test_a_draft_cannot_skip_to_approved_and_circulated_can_go_back(world, meeting):
    minutes = MinutesFactory(meeting=meeting)
    staff = client_for("secretariat", world)
    assert _move(staff, minutes, "approved").status_code == 422
    assert _move(staff, minutes, "circulated").status_code == 200
    assert _move(staff, minutes, "draft").status_code == 200


@pytest.mark.django_db
def test_a_stale_state_change_is_409(world, meeting):
    minutes = MinutesFactory(meeting=meeting)
    Minutes.objects.filter(pk=minutes.pk).update(version=5)
    response = call(
        client_for("secretariat", world),
        "POST",
        f"/minutes/{minutes.pk}/transitions",
        {"version": 1, "state": "circulated"},
    )
    assert response.status_code == 409 and response.json()["current"]["state"] == "draft"


@pytest.mark.django_db
def test_circulating_tells_participants_and_forum_members_once_each(
    world, meeting, django_capture_on_commit_callbacks
):
    minutes = MinutesFactory(meeting=meeting)
    guest = PersonFactory(user=UserFactory(username="guest"))
    RegistrationFactory(meeting=meeting, person=guest, category="visitor")
    RegistrationFactory(meeting=meeting, person=world.people["delegate_a"], category="delegate")
    with django_capture_on_commit_callbacks(execute=True):
        assert _move(client_for("chair", world), minutes, "circulated").status_code == 200
    recipients = sorted(address for message in mail.outbox for address in message.to)
    members = [role.replace("_", "-") for role in FORUM_A_MEMBERS]
    assert recipients == sorted(
        [f"{name}@example.test" for name in members] + ["guest@example.test"]
    )
    assert all("circulated" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_action_items_link_a_forum_an_economy_and_a_due_date(world, meeting):
    minutes = MinutesFactory(meeting=meeting)
    chair = client_for("chair", world)
    created = call(
        chair,
        "POST",
        f"/minutes/{minutes.pk}/action-items",
        {
            "text": "Circulate the survey",
            "forum": "telwg",
            "economy": "KR",
            "due_date": "2030-10-01",
        },
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["forum"], item["economy"], item["due_date"]) == ("telwg", "KR", "2030-10-01")
    done = call(
        chair, "PATCH", f"/minutes/action-items/{item['id']}", {"version": 1, "status": "done"}
    )
    assert done.json()["status"] == "done"
    unknown = call(
        chair,
        "POST",
        f"/minutes/{minutes.pk}/action-items",
        {"text": "x", "forum": "nope", "due_date": "2030-10-01"},
    )
    assert unknown.status_code == 422


@pytest.mark.django_db
def test_locked_minutes_keep_their_action_items(world, meeting):
    minutes = MinutesFactory(meeting=meeting, state="locked")
    item = ActionItemFactory(minutes=minutes, due_date=dt.date(2030, 1, 1))
    response = call(
        client_for("secretariat", world),
        "PATCH",
        f"/minutes/action-items/{item.pk}",
        {"version": 1, "status": "done"},
    )
    assert response.status_code == 422


@pytest.mark.django_db
def test_the_pages_drive_the_states_too(world, meeting):
    minutes = MinutesFactory(meeting=meeting)
    chair = client_for("chair", world)
    page = chair.get(f"/en/minutes/meetings/{meeting.pk}/").content.decode()
    assert "Circulate for comments" in page
    chair.post(f"/en/minutes/{minutes.pk}/state/", {"version": 1, "state": "circulated"})
    minutes.refresh_from_db()
    assert minutes.state == "circulated"
