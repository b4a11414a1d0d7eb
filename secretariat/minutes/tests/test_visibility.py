import pytest
from django.contrib.auth.models import AnonymousUser

from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.registry.tests.factories import PersonFactory
from secretariat.testing.api import call
from secretariat.testing.world import FORUM_A_MEMBERS, ROLES, client_for

from .factories import ActionItemFactory, MinutesFactory

VISIBLE = {
    "draft": {"chair", "secretariat"},
    "circulated": set(FORUM_A_MEMBERS),
    "approved": set(ROLES),
    "locked": set(ROLES),
}


@pytest.mark.django_db
@pytest.mark.parametrize("state", sorted(VISIBLE))
def test_who_sees_minutes_and_their_action_items_in_each_state(world, meeting, state):
    minutes = MinutesFactory(meeting=meeting, state=state)
    ActionItemFactory(minutes=minutes)
    for role in ROLES:
        client = client_for(role, world)
        response = call(client, "GET", f"/minutes/meetings/{meeting.pk}")
        seen = response.status_code == 200
        assert seen == (role in VISIBLE[state]), (role, response.status_code)
        items = call(client, "GET", f"/minutes/action-items?meeting={meeting.pk}").json()
        assert (items["count"] == 1) == seen, role


@pytest.mark.django_db
def test_circulated_minutes_reach_the_meetings_participants_outside_the_forum(world, meeting):
    MinutesFactory(meeting=meeting, state="circulated")
    reader_person = PersonFactory(user=world.users["reader"])
    RegistrationFactory(meeting=meeting, person=reader_person, category="visitor")
    response = call(client_for("reader", world), "GET", f"/minutes/meetings/{meeting.pk}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_meeting_page_links_the_minutes_to_whom_may_see_them(world, meeting, client):
    MinutesFactory(meeting=meeting, state="draft")
    assert "Minutes (draft)" not in client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    staff = client_for("secretariat", world).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Minutes (draft)" in staff


@pytest.mark.django_db
@pytest.mark.parametrize("state", sorted(VISIBLE))
@pytest.mark.parametrize("registration", [None, "approved", "pending"])
def test_the_meeting_pages_read_of_the_minutes_follows_the_general_rule(
    world, meeting, state, registration
):
    """``meeting_minutes_for`` (and ``meeting_minutes_state_for``) spell
    ``minutes_visible_to`` for one meeting: for every role, attending or not, they find the
    minutes exactly when the general rule lists them."""
    from secretariat.minutes import selectors
    from secretariat.registrations.selectors import own_categories
    from secretariat.registry.permissions import principal_for

    minutes = MinutesFactory(meeting=meeting, state=state)
    if registration:
        RegistrationFactory(
            meeting=meeting,
            person=PersonFactory(user=world.users["reader"]),
            category="visitor",
            state=registration,
        )
    for role in ROLES:
        principal = principal_for(world.users.get(role) or AnonymousUser())
        listed = selectors.minutes_visible_to(principal).filter(pk=minutes.pk).exists()
        attends = bool(own_categories(principal, meeting))
        found = selectors.meeting_minutes_for(principal, meeting, attends=attends)
        assert (found is not None) == listed, (role, state, registration)
        assert found is None or (found.pk, found.state) == (minutes.pk, state)
        # The meeting page's spelling, from the state it read with the meeting.
        shown = selectors.meeting_minutes_state_for(
            principal, meeting, attends=attends, state=state
        )
        assert shown == (state if listed else None), (role, state, registration)
