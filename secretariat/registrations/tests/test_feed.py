"""The per-person calendar: a private token URL listing the meetings one attends."""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject

from secretariat.meetings.tests.factories import MeetingFactory, SessionFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import RegistrationFactory


@pytest.fixture
def registered(world):  # type: ignore[no-untyped-def]
    """delegate_a attends Seoul and Lima meetings, applied to a third, left a fourth."""
    person = world.people["delegate_a"]
    seoul = MeetingFactory(forum=world.body, code="SEOUL")
    SessionFactory(meeting=seoul)
    lima = MeetingFactory(
        forum=world.body, code="LIMA", timezone="America/Lima", start_date=dt.date(2030, 11, 2)
    )
    SessionFactory(
        meeting=lima,
        starts_at=dt.datetime(2030, 11, 2, 14, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 11, 2, 15, 0, tzinfo=dt.UTC),
    )
    RegistrationFactory(meeting=seoul, person=person, category="delegate")
    RegistrationFactory(meeting=lima, person=person, category="delegate", state="checked_in")
    pending = MeetingFactory(forum=world.body, code="PENDING")
    RegistrationFactory(meeting=pending, person=person, category="visitor", state="pending")
    left = MeetingFactory(forum=world.body, code="LEFT")
    RegistrationFactory(meeting=left, person=person, category="visitor", state="withdrawn")
    return {"seoul": seoul, "lima": lima}


def _feed_url(world) -> str:  # type: ignore[no-untyped-def]
    response = call(client_for("delegate_a", world), "POST", "/registrations/calendar-feed")
    assert response.status_code == 200
    return response.json()["url"]


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.django_db
def test_the_feed_lists_attended_meetings_and_parses_in_two_parsers(world, registered, client):
    url = _feed_url(world)
    response = client.get(_path(url))  # no session: calendar clients cannot sign in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content

    parsed = icalendar.Calendar.from_ical(body)
    zones = {tz["TZID"] for tz in parsed.walk("VTIMEZONE")}
    assert zones == {"Asia/Seoul", "America/Lima"}
    events = parsed.walk("VEVENT")
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert "SEOUL" in summaries and "LIMA" in summaries
    assert "PENDING" not in summaries and "LEFT" not in summaries
    seoul_uid = f"meeting-{registered['seoul'].uid}@secretariat.meetings"
    assert seoul_uid in {str(e["UID"]) for e in events}  # the same UID as the meeting's feed

    other = vobject.readOne(body.decode())
    assert len(other.vtimezone_list) == 2
    assert {e.uid.value for e in other.vevent_list} == {str(e["UID"]) for e in events}
    lima_session = next(
        e
        for e in other.vevent_list
        if e.uid.value.startswith("session-") and "LIMA" in e.summary.value
    )
    start = lima_session.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=-5) and start.hour == 9


@pytest.mark.django_db
def test_regenerating_the_url_turns_the_old_one_off(world, registered, client):
    first = _feed_url(world)
    second = _feed_url(world)
    assert first != second
    assert client.get(_path(first)).status_code == 404
    assert client.get(_path(second)).status_code == 200


@pytest.mark.django_db
def test_the_account_page_shows_the_url_and_never_logs_the_token(world, registered):
    from secretariat.core.models import AuditEntry

    url = _feed_url(world)
    page = client_for("delegate_a", world).get("/en/registrations/mine/").content.decode()
    assert url in page
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert not any(token in str(e.changes) + e.object_repr for e in AuditEntry.objects.all())
    assert (
        "url" in call(client_for("delegate_a", world), "GET", "/registrations/calendar-feed").json()
    )


@pytest.mark.django_db
def test_an_unknown_token_is_404(client):
    assert client.get("/en/registrations/calendar/not-a-token.ics").status_code == 404
