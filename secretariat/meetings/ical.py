"""iCalendar feeds (RFC 5545) that calendar clients accept.

Each meeting is one all-day event (its dates), each session a timed event in the venue's
time zone with a matching VTIMEZONE. UIDs come from the rows' UUIDs, so they never change;
SEQUENCE is the meeting's version, so clients replace an event when it changes, and a
cancelled meeting's events say STATUS:CANCELLED."""

import zoneinfo
from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from secretariat.core.i18n import resolve

from .models import Meeting

PRODID = "-//Secretariat//Meetings//EN"
UID_DOMAIN = "secretariat.meetings"


def _status(meeting: Meeting) -> str:
    if meeting.is_cancelled:
        return "CANCELLED"
    return "CONFIRMED" if meeting.status in ("confirmed", "held") else "TENTATIVE"


def _location(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.venue, meeting.city) if part)


def _meeting_events(meeting: Meeting, language: str) -> Iterable[Event]:
    stamp = meeting.updated_at or timezone.now()
    title = resolve(meeting.title, language).text or str(meeting)
    whole = Event()
    whole.add("uid", f"meeting-{meeting.uid}@{UID_DOMAIN}")
    whole.add("dtstamp", stamp)
    whole.add("dtstart", meeting.start_date)
    whole.add("dtend", meeting.end_date + timedelta(days=1))  # DTEND of a DATE is exclusive
    whole.add("summary", f"{title} [{meeting}]")
    whole.add("sequence", meeting.version)
    whole.add("status", _status(meeting))
    if _location(meeting):
        whole.add("location", _location(meeting))
    yield whole
    zone = zoneinfo.ZoneInfo(meeting.timezone)
    for session in meeting.sessions.all():
        event = Event()
        event.add("uid", f"session-{session.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("summary", f"{resolve(session.title, language).text} — {title}")
        event.add("sequence", meeting.version)
        event.add("status", _status(meeting))
        location = ", ".join(part for part in (session.room, _location(meeting)) if part)
        if location:
            event.add("location", location)
        yield event


def calendar_for(meetings: Iterable[Meeting], *, name: str, language: str = "en") -> bytes:
    """One VCALENDAR with the meetings' events and a VTIMEZONE for every zone they use."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        for event in _meeting_events(meeting, language):
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
