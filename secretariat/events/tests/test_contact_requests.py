"""Contact requests: the sender and the exhibitor's contacts see them; nobody else does."""

import pytest
from django.core import mail
from django.test import Client

from secretariat.core.models import AuditEntry
from secretariat.events.models import ContactRequest
from secretariat.testing.api import call
from secretariat.testing.world import ROLES, client_for

pytestmark = pytest.mark.django_db


def _send(client, exhibitor, message="Could we meet at 3 pm?"):  # type: ignore[no-untyped-def]
    return call(
        client, "POST", f"/events/exhibitors/{exhibitor.pk}/contact-requests", {"message": message}
    )


def _as(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_contact_gets_an_email_and_the_log_keeps_only_a_digest(
    world, exhibitor, exhibitor_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client_for("reader", world), exhibitor)
    assert response.status_code == 201, response.content
    assert [m.to for m in mail.outbox] == [["company-staff@example.test"]]
    assert "Could we meet at 3 pm?" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="events.contact_request.sent")
    assert "Could we meet" not in str(entry.changes)
    assert "hmac_sha256" in entry.changes["message"]


def test_only_sender_and_exhibitor_contacts_see_a_request(world, exhibitor, exhibitor_contact):
    contact_id = _send(client_for("reader", world), exhibitor).json()["id"]
    seen = {
        role
        for role in ROLES
        if call(
            client_for(role, world), "GET", f"/events/contact-requests/{contact_id}"
        ).status_code
        == 200
    }
    assert seen == {"reader"}  # not even the secretariat
    assert (
        call(_as(exhibitor_contact), "GET", f"/events/contact-requests/{contact_id}").status_code
        == 200
    )
    listed = call(client_for("delegate_a", world), "GET", "/events/contact-requests").json()
    assert listed["count"] == 0
    page = _as(exhibitor_contact).get("/en/events/contact-requests/")
    assert b"Could we meet at 3 pm?" in page.content


def test_one_open_request_per_sender_and_exhibitor(world, exhibitor):
    client = client_for("reader", world)
    first = _send(client, exhibitor).json()
    second = _send(client, exhibitor, "Again?")
    assert second.status_code == 422
    assert ContactRequest.objects.count() == 1
    closed = call(client, "POST", f"/events/contact-requests/{first['id']}/close")
    assert closed.json()["status"] == "closed"
    assert _send(client, exhibitor, "Another topic").status_code == 201


def test_exhibitor_contact_closes_a_received_request(world, exhibitor, exhibitor_contact):
    contact_id = _send(client_for("reader", world), exhibitor).json()["id"]
    response = _as(exhibitor_contact).post(f"/en/events/contact-requests/{contact_id}/close/")
    assert response.status_code == 302
    assert ContactRequest.objects.get().status == "closed"


def test_empty_message_is_refused(world, exhibitor):
    assert _send(client_for("reader", world), exhibitor, "   ").status_code == 422
    assert not ContactRequest.objects.exists()


def test_anonymous_must_sign_in_to_contact(world, exhibitor):
    assert _send(client_for("anonymous", world), exhibitor).status_code == 401
    page = client_for("anonymous", world).get(f"/en/events/exhibitors/{exhibitor.pk}/")
    assert b"Sign in to contact this exhibitor" in page.content


def test_page_form_sends_a_request(world, exhibitor):
    client = client_for("delegate_b", world)
    response = client.post(
        f"/en/events/exhibitors/{exhibitor.pk}/contact/", {"message": "Hello from the US"}
    )
    assert response.status_code == 302
    assert ContactRequest.objects.get().sender == world.users["delegate_b"]
