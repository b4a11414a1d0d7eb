"""Each category of viewer sees only the participant list it is entitled to."""

import pytest

from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.permissions import (
    LIST_RULES,
    Audience,
    Scope,
    audiences_of,
    list_scopes,
)
from secretariat.registry.permissions import Principal
from secretariat.registry.tests.factories import OrganisationFactory, PersonFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import RegistrationFactory


@pytest.fixture
def participants(world, meeting):  # type: ignore[no-untyped-def]
    """One registration per category, plus a public minister among the delegates, a
    pending application and the press registration of the world's reader."""
    bank = OrganisationFactory(slug="bank")
    made = {
        "delegate": RegistrationFactory(
            meeting=meeting, person=world.people["delegate_a"], category=Category.DELEGATE
        ),
        "minister": RegistrationFactory(
            meeting=meeting, person=world.public_person, category=Category.DELEGATE
        ),
        "partner": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(family_name="Partnerperson", organisation=bank),
            category=Category.PARTNER,
        ),
        "speaker": RegistrationFactory(
            meeting=meeting, person=PersonFactory(family_name="Speaker"), category=Category.SPEAKER
        ),
        "press": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(family_name="Reporter", user=world.users["reader"]),
            category=Category.PRESS,
        ),
        "visitor": RegistrationFactory(
            meeting=meeting, person=PersonFactory(family_name="Visitor"), category=Category.VISITOR
        ),
        "exhibitor": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(family_name="Boothstaff"),
            category=Category.EXHIBITOR_STAFF,
        ),
        "pending": RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(family_name="Pending"),
            category=Category.VISITOR,
            state=RegistrationState.PENDING,
        ),
    }
    return made


def _listed(client, meeting) -> set[str]:  # type: ignore[no-untyped-def]
    response = call(client, "GET", f"/registrations/meetings/{meeting.pk}/participants?limit=100")
    assert response.status_code == 200
    return {item["person"]["family_name"] for item in response.json()["items"]}


def _names(participants, *keys: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {participants[key].person.family_name for key in keys}


@pytest.mark.django_db
def test_the_secretariat_sees_everyone_with_contact_details(world, meeting, participants):
    assert _listed(client_for("secretariat", world), meeting) == _names(participants, *participants)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["delegate_a", "head_a", "delegate_b", "chair"])
def test_members_see_the_delegates_and_public_figures(world, meeting, participants, role):
    assert _listed(client_for(role, world), meeting) == _names(participants, "delegate", "minister")


@pytest.mark.django_db
def test_partners_see_delegates_and_partners_but_not_press_or_visitors(
    world, meeting, participants
):
    assert _listed(client_for("partner", world), meeting) == _names(
        participants, "delegate", "minister", "partner"
    )


@pytest.mark.django_db
def test_accredited_press_see_only_the_public_list(world, meeting, participants):
    # The world's reader is accredited press here.
    assert _listed(client_for("reader", world), meeting) == _names(participants, "minister")


@pytest.mark.django_db
def test_the_public_sees_nothing_but_counts(world, meeting, participants, client):
    assert _listed(client, meeting) == set()
    counts = call(client, "GET", f"/registrations/meetings/{meeting.pk}/counts").json()
    assert counts["total"] == 7  # the pending application is not counted
    assert counts["by_category"] == {
        "delegate": 2,
        "partner": 1,
        "speaker": 1,
        "press": 1,
        "visitor": 1,
        "exhibitor_staff": 1,
    }


@pytest.mark.django_db
def test_hidden_registrations_are_404_one_by_one(world, meeting, participants):
    visitor = participants["visitor"].pk
    for role in ("delegate_a", "partner", "reader"):
        response = call(client_for(role, world), "GET", f"/registrations/{visitor}")
        assert response.status_code == 404, role
    assert (
        call(
            client_for("partner", world), "GET", f"/registrations/{participants['partner'].pk}"
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_email_addresses_go_to_the_secretariat_only(world, meeting, participants):
    delegate = participants["delegate"].pk
    staff = call(client_for("secretariat", world), "GET", f"/registrations/{delegate}").json()
    other = call(client_for("delegate_b", world), "GET", f"/registrations/{delegate}").json()
    assert staff["email"] == world.people["delegate_a"].email
    assert other["email"] is None


@pytest.mark.django_db
def test_the_meeting_page_shows_counts_to_all_and_the_list_to_whom_it_may(
    world, meeting, participants, client
):
    public = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "7 participants" in public
    assert "PARTNERPERSON" not in public and "VISITOR" not in public  # names show in capitals
    partner = client_for("partner", world).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "PARTNERPERSON" in partner
    assert "VISITOR" not in partner and "REPORTER" not in partner


# The rule as data ------------------------------------------------------------------------


def test_the_rule_gives_each_audience_its_list():
    figures = {c: Scope.PUBLIC_FIGURES for c in Category.values}
    assert list_scopes(frozenset({Audience.PUBLIC})) == {}
    assert list_scopes(frozenset({Audience.PUBLIC, Audience.PRESS})) == figures
    assert list_scopes(frozenset({Audience.MEMBER})) == {**figures, "delegate": Scope.EVERYONE}
    assert list_scopes(frozenset({Audience.PARTNER})) == {
        **figures,
        "delegate": Scope.EVERYONE,
        "partner": Scope.EVERYONE,
    }
    assert set(list_scopes(frozenset({Audience.SECRETARIAT})).values()) == {Scope.EVERYONE}
    assert set(LIST_RULES) == set(Audience)


def test_a_viewer_in_two_audiences_gets_the_wider_scope_of_each():
    member_and_press = list_scopes(frozenset({Audience.MEMBER, Audience.PRESS}))
    assert member_and_press["delegate"] == Scope.EVERYONE
    assert member_and_press["visitor"] == Scope.PUBLIC_FIGURES


def test_audiences_come_from_roles_and_own_registrations():
    anonymous = Principal(user=None)
    assert audiences_of(anonymous, set(), forum_id=1) == {Audience.PUBLIC}
    assert Audience.PRESS in audiences_of(anonymous, {"press"}, forum_id=1)
    assert Audience.MEMBER in audiences_of(anonymous, {"delegate"}, forum_id=1)
    assert Audience.PARTNER in audiences_of(anonymous, {"partner"}, forum_id=1)
    assert audiences_of(anonymous, {"visitor"}, forum_id=1) == {Audience.PUBLIC}


def test_a_role_in_another_forum_grants_nothing_at_this_forums_meetings():
    from secretariat.registry.permissions import RoleFact

    delegate_elsewhere = Principal(
        user=None,
        roles=(
            RoleFact(
                forum_id=2, kind="delegate", delegation_id=9, economy_id=3, organisation_id=None
            ),
        ),
    )
    assert audiences_of(delegate_elsewhere, set(), forum_id=1) == {Audience.PUBLIC}
    assert Audience.MEMBER in audiences_of(delegate_elsewhere, set(), forum_id=2)
