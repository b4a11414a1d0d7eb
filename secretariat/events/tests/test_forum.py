"""The co-hosted forum: its programme is public, its co-host's partners manage speakers."""

import datetime as dt

import pytest

from secretariat.core.models import AuditEntry
from secretariat.events.models import Speaker
from secretariat.meetings.tests.factories import SessionFactory
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import ForumRole
from secretariat.registry.tests.factories import OrganisationFactory, PersonFactory, UserFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import ExhibitionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_programme_lists_sessions_in_time_order_with_speakers_in_order(world, forum_event):
    late = SessionFactory(
        meeting=forum_event,
        starts_at=dt.datetime(2030, 8, 5, 6, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 8, 5, 7, 0, tzinfo=dt.UTC),
    )
    early = SessionFactory(meeting=forum_event)
    SpeakerFactory(meeting=forum_event, session=early, name="Second", order=2)
    SpeakerFactory(meeting=forum_event, session=early, name="First", order=1)
    SpeakerFactory(meeting=forum_event, session=late, name="Later")
    SpeakerFactory(meeting=forum_event, session=None, name="Unplaced")

    body = call(client_for("anonymous", world), "GET", f"/events/forums/{forum_event.pk}").json()

    assert [s["id"] for s in body["sessions"]] == [early.pk, late.pk, None]
    assert [sp["name"] for sp in body["sessions"][0]["speakers"]] == ["First", "Second"]
    assert body["cohosts"][0]["organisation"] == "world-bank"


def test_programme_page_shows_times_with_their_utc_offset(world, forum_event):
    session = SessionFactory(meeting=forum_event)
    SpeakerFactory(meeting=forum_event, session=session, name="KIM Sangbu")
    page = client_for("anonymous", world).get(f"/en/events/forums/{forum_event.pk}/")
    assert page.status_code == 200
    assert b"09:30 (UTC+09:00)" in page.content
    assert b"KIM Sangbu" in page.content


def test_cohost_partner_adds_a_speaker_from_a_company(world, forum_event):
    company = OrganisationFactory(slug="acme", kind="company")
    response = call(
        client_for("partner", world),
        "POST",
        f"/events/forums/{forum_event.pk}/speakers",
        {"name": "Ada LEE", "organisation": "acme", "role": "keynote"},
    )
    assert response.status_code == 201, response.content
    speaker = Speaker.objects.get()
    assert speaker.organisation == company
    assert AuditEntry.objects.filter(action="events.speaker.added").exists()


def test_partner_of_another_organisation_may_not_manage_speakers(world, forum_event):
    other_partner = UserFactory(username="oecd-partner")
    person = PersonFactory(user=other_partner)
    ForumRole.objects.create(
        person=person,
        forum=world.body,
        kind=RoleKind.PARTNER,
        organisation=OrganisationFactory(slug="oecd"),
    )
    response = call(
        client_for_user(other_partner),
        "POST",
        f"/events/forums/{forum_event.pk}/speakers",
        {"name": "X", "role": "panellist"},
    )
    assert response.status_code == 403
    assert not Speaker.objects.exists()


def client_for_user(user):  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "panellist"}, "name"),
        ({"name": "X", "role": "panellist", "economy": "KR", "organisation": "world-bank"}, None),
        ({"name": "X", "role": "panellist", "economy": "ZZ"}, "economy"),
    ],
)
def test_invalid_speaker_gets_422_and_writes_nothing(world, forum_event, body, field):
    response = call(
        client_for("secretariat", world), "POST", f"/events/forums/{forum_event.pk}/speakers", body
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    if field:
        assert field in response.json()["errors"]
    assert not Speaker.objects.exists()


def test_session_of_another_meeting_is_refused(world, forum_event):
    foreign = SessionFactory()
    response = call(
        client_for("secretariat", world),
        "POST",
        f"/events/forums/{forum_event.pk}/speakers",
        {"name": "X", "role": "panellist", "session": foreign.pk},
    )
    assert response.status_code == 422


def test_speakers_belong_to_forums_not_exhibitions(world):
    exhibition = ExhibitionFactory()
    response = call(
        client_for("secretariat", world),
        "POST",
        f"/events/forums/{exhibition.pk}/speakers",
        {"name": "X", "role": "panellist"},
    )
    assert response.status_code == 404


def test_stale_speaker_version_gets_409_with_current(world, forum_event):
    speaker = SpeakerFactory(meeting=forum_event, order=1)
    client = client_for("partner", world)
    url = f"/events/speakers/{speaker.pk}"
    assert call(client, "PATCH", url, {"version": 1, "order": 2}).status_code == 200
    response = call(client, "PATCH", url, {"version": 1, "order": 3})
    assert response.status_code == 409
    assert response.json()["current"]["order"] == 2


def test_page_form_adds_a_speaker_for_the_cohost_partner(world, forum_event):
    session = SessionFactory(meeting=forum_event)
    client = client_for("partner", world)
    assert client.get(f"/en/events/forums/{forum_event.pk}/speakers/new/").status_code == 200
    response = client.post(
        f"/en/events/forums/{forum_event.pk}/speakers/new/",
        {"name": "Ada LEE", "role": "moderator", "session": session.pk, "order": 0},
    )
    assert response.status_code == 302
    assert Speaker.objects.get().session == session
