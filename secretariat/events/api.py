"""The events JSON API: co-hosted forums with their speakers, exhibitions with their
exhibitors, and contact requests. Handlers parse, authorise through ``permissions``, call one
service, and return."""

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.errors import NotFound
from secretariat.core.i18n import resolve
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import Id, IdPath, IdQuery, translated_payload
from secretariat.meetings.choices import MeetingKind
from secretariat.meetings.models import Meeting, Session
from secretariat.registry import permissions as registry_permissions

from . import permissions, selectors, services
from .choices import Sector
from .schemas import (
    BOOTH_FIELDS,
    CoHostCreate,
    CoHostOut,
    ContactRequestCreate,
    ContactRequestOut,
    EventOut,
    ExhibitorCreate,
    ExhibitorOut,
    ExhibitorUpdate,
    ProgrammeOut,
    SpeakerCreate,
    SpeakerOut,
    SpeakerUpdate,
)

router = Router(tags=["events"])


class ExhibitorQuery(Schema):
    meeting: Id | None = None
    sector: Sector | None = None


def _session_of(meeting: Meeting, session_id: int | None) -> Session | None:
    if session_id is None:
        return None

    def lookup() -> Session:
        session = meeting.sessions.filter(pk=session_id).first()
        if session is None:
            raise NotFound(f"No session {session_id} in this forum.")
        return session

    return body_reference("session", lookup)


# Events and programmes ---------------------------------------------------------------------


@router.get("/events", response=list[EventOut], operation_id="list_events")
@paginate(Pagination)
def list_events(request: HttpRequest, kind: MeetingKind | None = None):
    return selectors.events_list(kind).prefetch_related("cohosts__organisation")


@router.get("/forums/{meeting_id}", response=ProgrammeOut, operation_id="get_forum_programme")
def get_forum_programme(request: HttpRequest, meeting_id: IdPath):
    """A forum with its co-hosts and, per session in time order, its speakers in order."""
    permissions.access_event(request.user, meeting_id, MeetingKind.FORUM)
    meeting = selectors.meeting_with_sessions(meeting_id)
    language = get_language()
    meeting.programme = [  # type: ignore[attr-defined]
        {
            "id": row.session.pk if row.session else None,
            "title": resolve(row.session.title, language).text if row.session else "",
            "starts_at": row.session.starts_at if row.session else None,
            "ends_at": row.session.ends_at if row.session else None,
            "speakers": row.speakers,
        }
        for row in selectors.forum_programme(meeting)
    ]
    return meeting


@router.post(
    "/events/{meeting_id}/cohosts",
    response={201: CoHostOut},
    auth=write_auth,
    operation_id="add_cohost",
)
def add_cohost(request: HttpRequest, meeting_id: IdPath, payload: CoHostCreate):
    meeting = permissions.access_event(request.user, meeting_id, need="cohosts")
    organisation = body_reference(
        "organisation",
        lambda: registry_permissions.access_organisation(request.user, payload.organisation),
    )
    return 201, services.add_cohost(actor=request.user, meeting=meeting, organisation=organisation)


@router.delete(
    "/cohosts/{cohost_id}", response={204: None}, auth=write_auth, operation_id="remove_cohost"
)
def remove_cohost(request: HttpRequest, cohost_id: IdPath):
    cohost = permissions.access_cohost(request.user, cohost_id)
    services.remove_cohost(actor=request.user, cohost=cohost)
    return 204, None


# Speakers ----------------------------------------------------------------------------------


@router.get("/speakers", response=list[SpeakerOut], operation_id="list_speakers")
@paginate(Pagination)
def list_speakers(request: HttpRequest, meeting: IdQuery = None):
    speakers = selectors.speakers_list().order_by("meeting_id", "order", "pk")
    return speakers.filter(meeting_id=meeting) if meeting else speakers


@router.post(
    "/forums/{meeting_id}/speakers",
    response={201: SpeakerOut},
    auth=write_auth,
    operation_id="add_speaker",
)
def add_speaker(request: HttpRequest, meeting_id: IdPath, payload: SpeakerCreate):
    meeting = permissions.access_event(request.user, meeting_id, MeetingKind.FORUM, "manage")
    user = request.user
    person_id, economy, organisation = payload.person, payload.economy, payload.organisation
    return 201, services.add_speaker(
        actor=user,
        meeting=meeting,
        person=body_reference("person", lambda: registry_permissions.access_person(user, person_id))
        if person_id
        else None,
        name=payload.name.strip(),
        position=translated_payload(payload.position) or {},
        economy=body_reference(
            "economy", lambda: registry_permissions.access_economy(user, economy)
        )
        if economy
        else None,
        organisation=body_reference(
            "organisation", lambda: registry_permissions.access_organisation(user, organisation)
        )
        if organisation
        else None,
        role=payload.role,
        session=_session_of(meeting, payload.session),
        talk_title=translated_payload(payload.talk_title) or {},
        order=payload.order,
    )


@router.get("/speakers/{speaker_id}", response=SpeakerOut, operation_id="get_speaker")
def get_speaker(request: HttpRequest, speaker_id: IdPath):
    return permissions.access_speaker(request.user, speaker_id)


@router.patch(
    "/speakers/{speaker_id}",
    response=SpeakerOut,
    auth=write_auth,
    operation_id="update_speaker",
)
def update_speaker(request: HttpRequest, speaker_id: IdPath, payload: SpeakerUpdate):
    speaker = permissions.access_speaker(request.user, speaker_id, need="change")
    return services.update_speaker(
        actor=request.user,
        speaker=speaker,
        version=payload.version,
        **changes_from(payload, "position", "talk_title"),
    )


@router.delete(
    "/speakers/{speaker_id}", response={204: None}, auth=write_auth, operation_id="remove_speaker"
)
def remove_speaker(request: HttpRequest, speaker_id: IdPath):
    speaker = permissions.access_speaker(request.user, speaker_id, need="change")
    services.remove_speaker(actor=request.user, speaker=speaker)
    return 204, None


# Exhibitors --------------------------------------------------------------------------------


@router.get("/exhibitors", response=list[ExhibitorOut], operation_id="list_exhibitors")
@paginate(Pagination)
def list_exhibitors(request: HttpRequest, filters: ExhibitorQuery = Query(...)):  # noqa: B008
    exhibitors = selectors.exhibitors_list()
    if filters.meeting is not None:
        exhibitors = exhibitors.filter(meeting_id=filters.meeting)
    if filters.sector:
        exhibitors = exhibitors.filter(sector=filters.sector)
    return exhibitors


@router.get("/exhibitors/{exhibitor_id}", response=ExhibitorOut, operation_id="get_exhibitor")
def get_exhibitor(request: HttpRequest, exhibitor_id: IdPath):
    return permissions.access_exhibitor(request.user, exhibitor_id)


@router.post(
    "/exhibitions/{meeting_id}/exhibitors",
    response={201: ExhibitorOut},
    auth=write_auth,
    operation_id="add_exhibitor",
)
def add_exhibitor(request: HttpRequest, meeting_id: IdPath, payload: ExhibitorCreate):
    meeting = permissions.access_event(request.user, meeting_id, MeetingKind.EXHIBITION, "manage")
    data = payload.model_dump()
    data["profile"] = translated_payload(payload.profile) or {}
    data["organisation"] = body_reference(
        "organisation",
        lambda: registry_permissions.access_organisation(request.user, payload.organisation),
    )
    return 201, services.add_exhibitor(actor=request.user, meeting=meeting, **data)


@router.patch(
    "/exhibitors/{exhibitor_id}",
    response=ExhibitorOut,
    auth=write_auth,
    operation_id="update_exhibitor",
)
def update_exhibitor(request: HttpRequest, exhibitor_id: IdPath, payload: ExhibitorUpdate):
    changes = changes_from(payload, "profile")
    need = "change" if BOOTH_FIELDS & set(changes) else "profile"
    exhibitor = permissions.access_exhibitor(request.user, exhibitor_id, need=need)
    return services.update_exhibitor(
        actor=request.user, exhibitor=exhibitor, version=payload.version, **changes
    )


# Contact requests --------------------------------------------------------------------------


@router.get(
    "/contact-requests", response=list[ContactRequestOut], operation_id="list_contact_requests"
)
@paginate(Pagination)
def list_contact_requests(request: HttpRequest):
    """The requests you sent, and those to exhibitors you are a contact of."""
    permissions.require_signed_in(request.user)
    return selectors.contact_requests_visible_to(request.user)


@router.post(
    "/exhibitors/{exhibitor_id}/contact-requests",
    response={201: ContactRequestOut},
    auth=write_auth,
    operation_id="send_contact_request",
)
def send_contact_request(request: HttpRequest, exhibitor_id: IdPath, payload: ContactRequestCreate):
    exhibitor = permissions.access_exhibitor(request.user, exhibitor_id)
    permissions.check_may_contact(request.user, exhibitor)
    return 201, services.send_contact_request(
        actor=request.user, exhibitor=exhibitor, message=payload.message
    )


@router.get(
    "/contact-requests/{request_id}",
    response=ContactRequestOut,
    operation_id="get_contact_request",
)
def get_contact_request(request: HttpRequest, request_id: IdPath):
    return permissions.access_contact_request(request.user, request_id)


@router.post(
    "/contact-requests/{request_id}/close",
    response=ContactRequestOut,
    auth=write_auth,
    operation_id="close_contact_request",
)
def close_contact_request(request: HttpRequest, request_id: IdPath):
    contact = permissions.access_contact_request(request.user, request_id)
    return services.close_contact_request(actor=request.user, request=contact)
