"""Reservations: entered by the economy's head of delegation or by the secretariat on its
behalf, edited with compare-and-swap, withdrawn; audited; visible with the text."""

import pytest

from secretariat.core.models import AuditEntry
from secretariat.negotiation.models import Reservation
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_text

PATH = "/negotiation/texts/statement/reservations"


def _body(**extra):  # type: ignore[no-untyped-def]
    return {
        "kind": "reservation",
        "eid": "para_3",
        "statement": {"en": {"text": "Korea reserves on promotion.", "status": "original"}},
    } | extra


@pytest.mark.django_db
def test_a_head_of_delegation_enters_a_reservation_for_their_economy(world):
    make_text(world)
    response = call(client_for("head_a", world), "POST", PATH, _body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["economy"], body["eid"], body["version"]) == ("KR", "para_3", 1)
    entry = AuditEntry.objects.get(action="negotiation.reservation.entered")
    assert entry.object_id == str(body["id"]) and entry.actor_label == "head-a"
    listed = call(client_for("delegate_b", world), "GET", PATH).json()
    assert listed["count"] == 1 and listed["items"][0]["display_statement"].startswith("Korea")


@pytest.mark.django_db
def test_who_may_enter_a_reservation_and_for_whom(world):
    make_text(world)
    other = call(client_for("head_a", world), "POST", PATH, _body(economy="US"))
    assert other.status_code == 403
    assert call(client_for("delegate_a", world), "POST", PATH, _body()).status_code == 403
    assert call(client_for("chair", world), "POST", PATH, _body()).status_code == 403
    unnamed = call(client_for("secretariat", world), "POST", PATH, _body())
    assert unnamed.status_code == 422 and "economy" in unnamed.json()["errors"]
    on_behalf = call(client_for("secretariat", world), "POST", PATH, _body(economy="us"))
    assert on_behalf.status_code == 201 and on_behalf.json()["economy"] == "US"
    assert call(client_for("reader", world), "GET", PATH).status_code == 404


@pytest.mark.django_db
def test_invalid_reservations_are_refused_and_nothing_is_written(world):
    make_text(world)
    client = client_for("head_a", world)
    unknown = call(client, "POST", PATH, _body(eid="para_99"))
    assert unknown.status_code == 422 and "para_99" in unknown.json()["detail"]
    empty = call(client, "POST", PATH, _body(statement={}))
    assert empty.status_code == 422
    assert call(client, "POST", PATH, _body(kind="veto")).status_code == 422
    assert not Reservation.objects.exists()
    whole_text = call(client, "POST", PATH, _body(eid=None))
    assert whole_text.status_code == 201 and whole_text.json()["eid"] is None


@pytest.mark.django_db
def test_a_stale_edit_gets_409_with_the_current_reservation(world):
    make_text(world)
    head = client_for("head_a", world)
    created = call(head, "POST", PATH, _body()).json()
    path = f"/negotiation/reservations/{created['id']}"
    first = call(head, "PATCH", path, {"version": 1, "kind": "interpretive_statement"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = call(client_for("secretariat", world), "PATCH", path, {"version": 1, "eid": None})
    assert stale.status_code == 409
    assert stale.json()["current"]["kind"] == "interpretive_statement"
    assert Reservation.objects.get().provision.eid == "para_3"
    assert call(client_for("delegate_a", world), "PATCH", path, {"version": 2}).status_code == 403


@pytest.mark.django_db
def test_a_withdrawn_reservation_stays_on_record_but_cannot_be_edited(world):
    make_text(world)
    head = client_for("head_a", world)
    created = call(head, "POST", PATH, _body()).json()
    path = f"/negotiation/reservations/{created['id']}"
    withdrawn = call(head, "POST", f"{path}/withdraw", {"version": 1})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    again = call(head, "POST", f"{path}/withdraw", {"version": 2})
    assert again.status_code == 422
    edit = call(head, "PATCH", path, {"version": 2, "kind": "reservation"})
    assert edit.status_code == 422
    assert AuditEntry.objects.filter(action="negotiation.reservation.withdrawn").count() == 1
    assert call(client_for("partner", world), "GET", path).status_code == 200


@pytest.mark.django_db
def test_the_reservations_page_enters_and_withdraws(world):
    make_text(world)
    page = "/en/negotiation/statement/reservations/"
    head = client_for("head_a", world)
    assert b"Enter a reservation" in head.get(page).content
    assert b"Enter a reservation" not in client_for("delegate_a", world).get(page).content
    response = head.post(
        page, {"eid": "para_2", "kind": "interpretive_statement", "statement": "Voluntary."}
    )
    assert response.status_code == 302
    reservation = Reservation.objects.get()
    assert reservation.delegation == world.delegation_a and reservation.provision.eid == "para_2"
    invalid = head.post(page, {"eid": "para_2", "kind": "reservation", "statement": ""})
    assert invalid.status_code == 422
    secretariat = client_for("secretariat", world)
    assert secretariat.post(page, {"kind": "reservation", "statement": "x"}).status_code == 422
    withdraw = f"/en/negotiation/statement/reservations/{reservation.pk}/withdraw/"
    assert client_for("delegate_b", world).post(withdraw, {"version": 1}).status_code == 403
    assert head.post(withdraw, {"version": 1}).status_code == 302
    reservation.refresh_from_db()
    assert reservation.withdrawn_at is not None
    assert b"withdrawn on" in head.get(page).content
