import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection

from secretariat.core.errors import Conflict
from secretariat.core.models import AuditEntry
from secretariat.registrations import services
from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.models import Registration
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import ForumRole
from secretariat.registry.tests.factories import PersonFactory, UserFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for


def _accredit(client, meeting, person):  # type: ignore[no-untyped-def]
    return call(
        client, "POST", f"/registrations/meetings/{meeting.pk}/delegates", {"person": person.pk}
    )


def _korean(**fields):  # type: ignore[no-untyped-def]
    return PersonFactory(economy=fields.pop("economy"), **fields)


@pytest.mark.django_db
def test_head_accredits_a_delegate_who_joins_the_delegation_and_hears_of_it(
    world, meeting, django_capture_on_commit_callbacks
):
    person = _korean(economy=world.economy_a, user=UserFactory(username="new-delegate"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _accredit(client_for("head_a", world), meeting, person)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["category"], body["state"], body["economy"]) == ("delegate", "approved", "KR")
    # Accreditation makes them a delegate of Korea's delegation to the forum: that is what
    # opens the forum's restricted documents to them.
    assert ForumRole.objects.filter(
        person=person, delegation=world.delegation_a, kind=RoleKind.DELEGATE
    ).exists()
    assert AuditEntry.objects.filter(action="registrations.registration.accredited").count() == 1
    assert [message.to for message in mail.outbox] == [["new-delegate@example.test"]]


@pytest.mark.django_db
def test_accreditation_over_the_quota_is_409_and_writes_nothing(world, meeting):
    services.update_policy(
        actor=world.users["secretariat"], meeting=meeting, version=0, delegate_quota=1
    )
    head = client_for("head_a", world)
    assert _accredit(head, meeting, _korean(economy=world.economy_a)).status_code == 201
    before = AuditEntry.objects.count()
    late = _korean(economy=world.economy_a)
    response = _accredit(head, meeting, late)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "used all 1 of its delegate places" in problem["detail"]
    assert problem["current"] == {"economy": "KR", "quota": 1, "accredited": 1}
    assert not Registration.objects.filter(person=late).exists()
    assert not ForumRole.objects.filter(person=late).exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_an_economy_quota_overrides_the_default_and_withdrawal_frees_a_place(world, meeting):
    response = call(
        client_for("secretariat", world),
        "PUT",
        f"/registrations/meetings/{meeting.pk}/quotas/KR",
        {"delegate_quota": 1},
    )
    assert response.json() == {"economy": "KR", "delegate_quota": 1, "accredited": 0}
    head = client_for("head_a", world)
    first = _accredit(head, meeting, _korean(economy=world.economy_a)).json()
    assert _accredit(head, meeting, _korean(economy=world.economy_a)).status_code == 409
    withdrawn = call(
        head, "POST", f"/registrations/{first['id']}/withdrawal", {"version": first["version"]}
    )
    assert withdrawn.json()["state"] == "withdrawn"
    assert _accredit(head, meeting, _korean(economy=world.economy_a)).status_code == 201
    # Other economies keep the default of five.
    policy = call(
        client_for("reader", world), "GET", f"/registrations/meetings/{meeting.pk}/policy"
    )
    assert policy.json()["delegate_quota"] == 5
    assert policy.json()["economy_quotas"] == [
        {"economy": "KR", "delegate_quota": 1, "accredited": 1}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["delegate_a", "delegate_b", "partner", "chair"])
def test_only_heads_of_delegation_and_the_secretariat_accredit(world, meeting, role):
    response = _accredit(client_for(role, world), meeting, _korean(economy=world.economy_a))
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_head_cannot_accredit_another_economys_person(world, meeting):
    american = PersonFactory(economy=world.economy_b)
    response = _accredit(client_for("head_a", world), meeting, american)
    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_person_is_registered_once_per_meeting(world, meeting):
    head = client_for("head_a", world)
    person = _korean(economy=world.economy_a)
    assert _accredit(head, meeting, person).status_code == 201
    again = _accredit(head, meeting, person)
    assert again.status_code == 422
    assert "already registered" in again.json()["detail"]


def _accredit_waiting_for_the_lock(actor, meeting, delegation, person):  # type: ignore[no-untyped-def]
    """SQLite's shared in-memory test database fails at once on a taken write lock instead
    of waiting as a file database does; so wait here. PostgreSQL waits on the row lock."""
    for _ in range(500):
        try:
            return services.accredit_delegate(
                actor=actor, meeting=meeting, delegation=delegation, person=person
            )
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("never got the write lock")


@pytest.mark.django_db(transaction=True)
def test_parallel_accreditations_never_exceed_the_quota(world, meeting):
    quota, writers = 2, 6
    services.update_policy(
        actor=world.users["secretariat"], meeting=meeting, version=0, delegate_quota=quota
    )
    head = world.users["head_a"]
    people = [_korean(economy=world.economy_a) for _ in range(writers)]
    barrier = threading.Barrier(writers)
    accredited: list[int] = []
    refused: list[Conflict] = []
    errors: list[BaseException] = []

    def accredit(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            registration = _accredit_waiting_for_the_lock(head, meeting, world.delegation_a, person)
            accredited.append(registration.pk)
        except Conflict as conflict:
            refused.append(conflict)
        except BaseException as error:  # report in the main thread
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=accredit, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(accredited), len(refused)) == (quota, writers - quota)
    assert (
        Registration.objects.filter(
            meeting=meeting, category=Category.DELEGATE, state=RegistrationState.APPROVED
        ).count()
        == quota
    )
