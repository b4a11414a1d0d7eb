import datetime as dt

import pytest

from secretariat.core.models import AuditEntry
from secretariat.meetings import services
from secretariat.meetings.choices import MeetingStatus
from secretariat.meetings.models import Meeting

from .factories import SeriesFactory


@pytest.mark.django_db
def test_scheduling_the_next_meeting_fills_date_host_agenda_and_deadlines(world):
    series = SeriesFactory(forum=world.body, code_prefix="DAIB", duration_days=2)
    meeting = services.schedule_next_meeting(actor=world.users["secretariat"], series=series)
    assert (meeting.code, meeting.sequence, str(meeting)) == ("DAIB1", 1, "2030/DAIB1")
    assert (meeting.start_date, meeting.end_date) == (dt.date(2030, 3, 10), dt.date(2030, 3, 11))
    assert meeting.host_economy == world.economy_a and meeting.timezone == "Asia/Seoul"
    assert meeting.document_cutoff == dt.date(2030, 2, 24)  # 14 days before
    assert meeting.registration_close == dt.date(2030, 2, 17)  # 21 days before
    assert meeting.minutes_due == dt.date(2030, 4, 10)  # 30 days after the last day
    assert [item.number for item in meeting.agenda_items.all()] == ["1", "2", "3"]
    assert meeting.agenda_items.first().title["en"]["text"] == "Opening"
    assert meeting.status == MeetingStatus.PLANNED
    assert AuditEntry.objects.filter(action="meetings.meeting.scheduled").count() == 1


@pytest.mark.django_db
def test_host_rotation_cycles_through_the_economies_at_the_cadence(world):
    series = SeriesFactory(forum=world.body, cadence_months=6, first_date=dt.date(2030, 8, 31))
    meetings = [
        services.schedule_next_meeting(actor=world.users["secretariat"], series=series)
        for _ in range(3)
    ]
    assert [m.host_economy.code for m in meetings] == ["KR", "US", "KR"]
    assert [m.timezone for m in meetings] == ["Asia/Seoul", "America/New_York", "Asia/Seoul"]
    # Anchored on the first date, month ends clamp without drifting: 31 Aug, 28 Feb, 31 Aug.
    assert [m.start_date for m in meetings] == [
        dt.date(2030, 8, 31),
        dt.date(2031, 2, 28),
        dt.date(2031, 8, 31),
    ]


@pytest.mark.django_db
def test_series_page_lists_past_and_upcoming_meetings(world, client):
    series = SeriesFactory(slug="daib-regular", forum=world.body, first_date=dt.date(2020, 1, 15))
    for _ in range(3):  # 2020-01, 2020-07, 2021-01: past
        services.schedule_next_meeting(actor=world.users["secretariat"], series=series)
    Meeting.objects.filter(sequence=3).update(start_date="2999-01-01", end_date="2999-01-01")
    response = client.get("/en/meetings/series/daib-regular/")
    assert response.status_code == 200
    upcoming, past = response.content.decode().split("Past meetings of this series")
    assert "2999/HLB3" in upcoming and "2020/HLB1" in past and "2020/HLB2" in past


@pytest.mark.django_db
def test_secretariat_schedules_the_next_meeting_from_the_series_page(world):
    from secretariat.testing.world import client_for

    SeriesFactory(slug="daib-regular", forum=world.body)
    response = client_for("secretariat", world).post("/en/meetings/series/daib-regular/next/")
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{meeting.pk}/")
