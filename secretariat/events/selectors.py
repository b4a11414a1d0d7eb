"""Reads of forums and exhibitions, and the visibility of contact requests."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from secretariat.meetings.choices import MeetingKind
from secretariat.meetings.models import Meeting, Session
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Person

from .models import CoHost, ContactRequest, Exhibitor, Speaker

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal

EVENT_KINDS = (MeetingKind.FORUM, MeetingKind.EXHIBITION)


def events_list(kind: str | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(kind__in=EVENT_KINDS).select_related("forum", "host_economy")
    return meetings.filter(kind=kind) if kind else meetings


def cohost_organisation_ids(meeting: Meeting) -> set[int]:
    return set(CoHost.objects.filter(meeting=meeting).values_list("organisation_id", flat=True))


def is_event_manager(principal: "Principal", meeting: Meeting) -> bool:
    """The secretariat, or a partner user of one of the event's co-host organisations."""
    if principal.is_secretariat:
        return True
    partner_of = {
        role.organisation_id
        for role in principal.roles
        if role.kind == RoleKind.PARTNER and role.organisation_id is not None
    }
    return bool(partner_of & cohost_organisation_ids(meeting))


def speakers_list() -> QuerySet[Speaker]:
    return Speaker.objects.select_related("person", "economy", "organisation", "session", "meeting")


@dataclass(frozen=True)
class ProgrammeSession:
    session: Session | None
    speakers: list[Speaker]


def forum_programme(meeting: Meeting) -> list[ProgrammeSession]:
    """The forum's sessions in time order with their speakers in order; speakers not yet
    placed in a session come last. A fixed number of queries, whatever the size."""
    speakers = list(speakers_list().filter(meeting=meeting).order_by("order", "pk"))
    by_session: dict[int | None, list[Speaker]] = {}
    for speaker in speakers:
        by_session.setdefault(speaker.session_id, []).append(speaker)
    rows = [
        ProgrammeSession(session=session, speakers=by_session.get(session.pk, []))
        for session in meeting.sessions.order_by("starts_at", "pk")
    ]
    if by_session.get(None):
        rows.append(ProgrammeSession(session=None, speakers=by_session[None]))
    return rows


def exhibitors_of(meeting: Meeting, sector: str | None = None) -> QuerySet[Exhibitor]:
    exhibitors = Exhibitor.objects.filter(meeting=meeting).select_related(
        "organisation", "organisation__economy", "meeting"
    )
    return exhibitors.filter(sector=sector) if sector else exhibitors


def exhibitors_list() -> QuerySet[Exhibitor]:
    return Exhibitor.objects.filter(meeting__kind=MeetingKind.EXHIBITION).select_related(
        "organisation", "organisation__economy", "meeting"
    )


def organisation_ids_of(user: Any) -> set[int]:
    """The organisations whose contact ``user`` is (through their registry person)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Person.objects.filter(user=user, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )


def is_exhibitor_contact(user: Any, exhibitor: Exhibitor) -> bool:
    return exhibitor.organisation_id in organisation_ids_of(user)


def contact_requests_visible_to(user: Any) -> QuerySet[ContactRequest]:
    """The requests ``user`` sent, and those to exhibitors ``user`` is a contact of —
    nobody else's, not even for the secretariat."""
    if user is None or not user.is_authenticated:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(
        Q(sender=user) | Q(exhibitor__organisation_id__in=organisation_ids_of(user))
    ).select_related("exhibitor", "exhibitor__organisation", "exhibitor__meeting", "sender")


def exhibitor_contacts(exhibitor: Exhibitor) -> list[Any]:
    """The accounts of the exhibiting company's people: they receive its contact requests."""
    people = Person.objects.filter(organisation_id=exhibitor.organisation_id, user__isnull=False)
    return [person.user for person in people.select_related("user")]


def meeting_with_sessions(meeting_id: int) -> Meeting:
    return (
        events_list()
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
            Prefetch("cohosts", queryset=CoHost.objects.select_related("organisation")),
        )
        .get(pk=meeting_id)
    )
