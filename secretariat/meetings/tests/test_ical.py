import datetime as dt

import icalendar
import pytest
import vobject

from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import MeetingFactory, SessionFactory


def _feed(client, url: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def _events(body: bytes) -> list:  # type: ignore[no-untyped-def]
    return [c for c in icalendar.Calendar.from_ical(body).walk("VEVENT")]


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date=dt.date(2025, 8, 4))
    SessionFactory(
        meeting=meeting,
        starts_at=dt.datetime(2025, 8, 4, 0, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 8, 4, 2, 0, tzinfo=dt.UTC),
    )
    return meeting


@pytest.mark.django_db
def test_meeting_feed_parses_in_two_parsers_with_the_venue_timezone(meeting, client):
    body = _feed(client, f"/en/meetings/{meeting.pk}/calendar.ics")

    parsed = icalendar.Calendar.from_ical(body)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Seoul"]
    whole, session = _events(body)
    assert whole["DTSTART"].dt == dt.date(2025, 8, 4)
    assert whole["DTEND"].dt == dt.date(2025, 8, 5)
    start = session["DTSTART"].dt
    assert start.isoformat() == "2025-08-04T09:30:00+09:00"
    assert session["DTSTART"].params["TZID"] == "Asia/Seoul"

    other = vobject.readOne(body.decode())
    assert len(other.vtimezone_list) == 1
    vevents = other.vevent_list
    assert {e.uid.value for e in vevents} == {str(whole["UID"]), str(session["UID"])}
    vstart = next(e for e in vevents if e.uid.value == str(session["UID"])).dtstart.value
    assert vstart.utcoffset() == dt.timedelta(hours=9) and (vstart.hour, vstart.minute) == (9, 30)


@pytest.mark.django_db
def test_uids_stay_the_same_across_an_update_and_sequence_goes_up(meeting, world, client):
    before = {
        str(e["UID"]): e for e in _events(_feed(client, f"/en/meetings/{meeting.pk}/calendar.ics"))
    }
    response = call(
        client_for("secretariat", world),
        "PATCH",
        f"/meetings/meetings/{meeting.pk}",
        {"version": meeting.version, "venue": "COEX", "start_date": "2025-08-04"},
    )
    assert response.status_code == 200
    after = {
        str(e["UID"]): e for e in _events(_feed(client, f"/en/meetings/{meeting.pk}/calendar.ics"))
    }
    assert set(after) == set(before)
    for uid, event in after.items():
        assert int(event["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
        assert "COEX" in str(event["LOCATION"])


@pytest.mark.django_db
def test_cancelled_meeting_events_say_status_cancelled(meeting, world, client):
    response = call(
        client_for("secretariat", world),
        "PATCH",
        f"/meetings/meetings/{meeting.pk}",
        {"version": meeting.version, "status": "cancelled"},
    )
    assert response.status_code == 200
    body = _feed(client, f"/en/meetings/{meeting.pk}/calendar.ics")
    assert {str(e["STATUS"]) for e in _events(body)} == {"CANCELLED"}
    assert {e.status.value for e in vobject.readOne(body.decode()).vevent_list} == {"CANCELLED"}


@pytest.mark.django_db
def test_series_and_forum_feeds_carry_every_zone_their_meetings_use(world, client):
    from .factories import SeriesFactory

    series = SeriesFactory(slug="daib-regular", forum=world.body)
    seoul = MeetingFactory(forum=world.body, series=series, sequence=1, code="DAIB1")
    lima = MeetingFactory(
        forum=world.body, series=series, sequence=2, code="DAIB2", timezone="America/Lima"
    )
    SessionFactory(meeting=seoul)
    SessionFactory(
        meeting=lima,
        starts_at=dt.datetime(2030, 8, 4, 14, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 8, 4, 15, 0, tzinfo=dt.UTC),
    )
    for url in (
        "/en/meetings/series/daib-regular/calendar.ics",
        "/en/meetings/fora/daib/calendar.ics",
    ):
        body = _feed(client, url)
        zones = {tz["TZID"] for tz in icalendar.Calendar.from_ical(body).walk("VTIMEZONE")}
        assert zones == {"Asia/Seoul", "America/Lima"}
        assert len(vobject.readOne(body.decode()).vevent_list) == 4
