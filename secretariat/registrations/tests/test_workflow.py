"""Applications: pending → approved / rejected / withdrawn, then checked in."""

import pytest
from django.core import mail

from secretariat.notifications.models import Notification
from secretariat.registrations.models import Registration
from secretariat.registry.models import Person
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import RegistrationFactory


def _apply(client, meeting, **body):  # type: ignore[no-untyped-def]
    return call(client, "POST", f"/registrations/meetings/{meeting.pk}/applications", body)


@pytest.mark.django_db
def test_a_reader_applies_as_press_and_the_secretariat_approves_and_checks_them_in(
    world, meeting, django_capture_on_commit_callbacks
):
    reader = client_for("reader", world)
    applied = _apply(reader, meeting, category="press", family_name="Reporter", given_name="Rae")
    assert applied.status_code == 201, applied.content
    assert applied.json()["state"] == "pending"
    # The reader had no participant record: applying created one, linked to their account.
    assert Person.objects.get(user=world.users["reader"]).family_name == "Reporter"

    staff = client_for("secretariat", world)
    registration = applied.json()
    with django_capture_on_commit_callbacks(execute=True):
        decided = call(
            staff,
            "POST",
            f"/registrations/{registration['id']}/decision",
            {"version": registration["version"], "decision": "approved"},
        )
    assert decided.json()["state"] == "approved"
    assert Notification.objects.get().topic == "registration_decision"
    assert "approved" in mail.outbox[0].subject

    checked = call(
        staff,
        "POST",
        f"/registrations/{registration['id']}/check-in",
        {"version": decided.json()["version"]},
    )
    assert checked.json()["state"] == "checked_in" and checked.json()["checked_in_at"]


@pytest.mark.django_db
def test_a_rejection_carries_its_reason_to_the_applicant(
    world, meeting, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(
        meeting=meeting, person=world.people["partner"], category="partner", state="pending"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for("secretariat", world),
            "POST",
            f"/registrations/{registration.pk}/decision",
            {"version": 1, "decision": "rejected", "note": "The list is full."},
        )
    assert response.json()["state"] == "rejected"
    assert "not approved" in mail.outbox[0].subject
    assert "The list is full." in mail.outbox[0].body


@pytest.mark.django_db
def test_delegates_cannot_apply_they_are_accredited(world, meeting):
    response = _apply(client_for("delegate_a", world), meeting, category="delegate")
    assert response.status_code == 422
    assert "accredited by their head of delegation" in response.json()["detail"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_an_applicant_without_a_record_must_give_a_name(world, meeting):
    response = _apply(client_for("reader", world), meeting, category="visitor")
    assert response.status_code == 422
    assert not Person.objects.filter(user=world.users["reader"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "body"),
    [
        ("pending", "check-in", {}),
        ("withdrawn", "decision", {"decision": "approved"}),
        ("rejected", "withdrawal", {}),
        ("approved", "decision", {"decision": "rejected"}),
        ("checked_in", "withdrawal", {}),
    ],
)
def test_moves_the_workflow_does_not_allow_are_422(world, meeting, state, action, body):
    registration = RegistrationFactory(
        meeting=meeting, person=world.people["delegate_b"], category="visitor", state=state
    )
    response = call(
        client_for("secretariat", world),
        "POST",
        f"/registrations/{registration.pk}/{action}",
        {"version": 1, **body},
    )
    assert response.status_code == 422, response.content
    registration.refresh_from_db()
    assert registration.state == state


@pytest.mark.django_db
def test_a_stale_version_is_409_with_the_current_registration(world, meeting):
    registration = RegistrationFactory(
        meeting=meeting, person=world.people["delegate_b"], category="visitor", state="pending"
    )
    Registration.objects.filter(pk=registration.pk).update(version=2)
    response = call(
        client_for("secretariat", world),
        "POST",
        f"/registrations/{registration.pk}/decision",
        {"version": 1, "decision": "approved"},
    )
    assert response.status_code == 409
    assert response.json()["current"]["state"] == "pending"


@pytest.mark.django_db
def test_participants_withdraw_themselves_but_not_others(world, meeting):
    own = RegistrationFactory(
        meeting=meeting, person=world.people["delegate_b"], category="visitor"
    )
    other = RegistrationFactory(meeting=meeting, person=world.people["partner"], category="partner")
    client = client_for("delegate_b", world)
    assert (
        call(client, "POST", f"/registrations/{own.pk}/withdrawal", {"version": 1}).status_code
        == 200
    )
    # Members do not even see a partner's registration, so it is 404, not 403.
    refused = call(client, "POST", f"/registrations/{other.pk}/withdrawal", {"version": 1})
    assert refused.status_code == 404


@pytest.mark.django_db
def test_the_secretariat_decides_and_checks_in_through_the_pages(world, meeting):
    pending = RegistrationFactory(
        meeting=meeting, person=world.people["partner"], category="partner", state="pending"
    )
    staff = client_for("secretariat", world)
    page = staff.get(f"/en/registrations/meetings/{meeting.pk}/").content.decode()
    assert "Applications to decide" in page
    staff.post(f"/en/registrations/{pending.pk}/decision/", {"version": 1, "decision": "approved"})
    pending.refresh_from_db()
    assert pending.state == "approved"

    desk = staff.get(f"/en/registrations/meetings/{meeting.pk}/check-in/?q=")
    assert desk.status_code == 200 and str(pending.person) in desk.content.decode()
    fragment = staff.get(
        f"/en/registrations/meetings/{meeting.pk}/check-in/?q=zzz", headers={"HX-Request": "true"}
    )
    assert "Nobody matches" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    done = staff.post(
        f"/en/registrations/{pending.pk}/check-in/",
        {
            "version": pending.version,
            "next": f"/en/registrations/meetings/{meeting.pk}/check-in/?q=x",
        },
    )
    assert done.status_code == 302 and done["Location"].endswith("/check-in/?q=x")
    pending.refresh_from_db()
    assert pending.state == "checked_in"


@pytest.mark.django_db
def test_a_head_accredits_through_the_page_and_sees_the_quota(world, meeting):
    head = client_for("head_a", world)
    page = head.get(f"/en/registrations/meetings/{meeting.pk}/").content.decode()
    assert "Accredit a delegate" in page and str(world.candidate_a) in page
    assert "United States" not in page  # only Korea's quota row
    response = head.post(
        f"/en/registrations/meetings/{meeting.pk}/accredit/", {"person": world.candidate_a.pk}
    )
    assert response.status_code == 302
    assert Registration.objects.get(person=world.candidate_a).state == "approved"
