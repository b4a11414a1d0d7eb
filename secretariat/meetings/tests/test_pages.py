import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.meetings import services
from secretariat.meetings.choices import Classification

from .factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    SeriesFactory,
    SessionFactory,
)


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(forum=world.body, code="DAIMM", timezone="Asia/Seoul")
    session = SessionFactory(
        meeting=meeting,
        starts_at=dt.datetime(2030, 8, 4, 0, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 8, 4, 2, 0, tzinfo=dt.UTC),
    )
    AgendaItemFactory(meeting=meeting, number="1", session=session)
    return meeting


@pytest.mark.django_db
def test_timetable_is_in_the_venue_time_with_the_utc_offset_labelled(meeting, client):
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "09:30 (UTC+09:00)" in page and "11:00 (UTC+09:00)" in page
    assert "Sessions in the venue's time zone, Asia/Seoul" in page


@pytest.mark.django_db
def test_timetable_switches_to_the_viewers_time_zone(meeting, client):
    page = client.get(f"/en/meetings/{meeting.pk}/?tz=Europe/Paris").content.decode()
    assert "02:30 (UTC+02:00)" in page and "Sessions in Europe/Paris" in page
    new_york = client.get(f"/en/meetings/{meeting.pk}/?tz=America/New_York").content.decode()
    assert "20:30 (UTC-04:00)" in new_york and "Mon 4 Aug 2030" not in new_york


@pytest.mark.django_db
def test_unknown_time_zone_falls_back_to_the_venue_and_says_so(meeting, client):
    page = client.get(f"/en/meetings/{meeting.pk}/?tz=../../etc/passwd")
    assert page.status_code == 200
    text = page.content.decode()
    assert "09:30 (UTC+09:00)" in text and "Unknown time zone" in text


def _grow_meeting(meeting, world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        session = SessionFactory(meeting=meeting)
        item = AgendaItemFactory(meeting=meeting, number=f"{n}.{i}", session=session)
        for classification in (Classification.PUBLIC, Classification.RESTRICTED):
            DocumentFactory(
                meeting=meeting,
                agenda_item=item,
                classification=classification,
                submitted_by_economy=world.economy_a,
            )


def _count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # the page caches its rendered tables; count the uncached case
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_meeting_page_takes_the_same_number_of_queries_at_any_size(meeting, world):
    from secretariat.testing.world import client_for

    client = client_for("delegate_a", world)
    url = f"/en/meetings/{meeting.pk}/"
    _grow_meeting(meeting, world, 2)
    small = _count_queries(client, url)
    _grow_meeting(meeting, world, 15)
    assert _count_queries(client, url) == small


@pytest.mark.django_db
def test_series_page_takes_the_same_number_of_queries_at_any_size(world, client):
    series = SeriesFactory(slug="daib-regular", forum=world.body)
    actor = world.users["secretariat"]
    for _ in range(2):
        services.schedule_next_meeting(actor=actor, series=series)
    small = _count_queries(client, "/en/meetings/series/daib-regular/")
    for _ in range(10):
        services.schedule_next_meeting(actor=actor, series=series)
    assert _count_queries(client, "/en/meetings/series/daib-regular/") == small


@pytest.mark.django_db
def test_meetings_list_shows_upcoming_and_past(world, client):
    MeetingFactory(forum=world.body, code="OLD", start_date=dt.date(2001, 1, 1))
    MeetingFactory(forum=world.body, code="NEW", start_date=dt.date(2999, 1, 1))
    upcoming, past = client.get("/en/meetings/").content.decode().split("Past meetings")
    assert "2999/NEW" in upcoming and "2001/OLD" in past


@pytest.mark.django_db
def test_document_page_shows_the_submission_time_in_venue_time_with_its_offset(world, client):
    document = DocumentFactory(meeting=MeetingFactory(forum=world.body, timezone="Asia/Seoul"))
    page = client.get(f"/en/meetings/documents/{document.pk}/").content.decode()
    assert "2030-07-01 09:00 (UTC+09:00)" in page and document.number in page


def test_the_agenda_shows_each_items_own_number_once(meeting, client):
    AgendaItemFactory(meeting=meeting, number="3.1")
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    agenda = page[page.index('class="agenda-items"') :].split("</ol>")[0]
    assert agenda.count("<span>1.</span>") == 1 and "<span>3.1.</span>" in agenda
    assert "value=" not in agenda  # the list itself numbers nothing ("1. 1. Opening")
