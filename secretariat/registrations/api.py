"""The registrations JSON API. Handlers parse, authorise through ``permissions``, call one
service, and return; the participant-list rule lives in ``permissions.LIST_RULES``."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference
from secretariat.core.errors import NotAuthenticated
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.permissions import principal_for

from . import exports, permissions, selectors, services
from .models import CalendarFeed
from .schemas import (
    ApplicationCreate,
    CalendarFeedOut,
    CountsOut,
    DecisionCreate,
    EconomyQuotaOut,
    EconomyQuotaUpdate,
    MeetingAccreditationCreate,
    PolicyOut,
    PolicyUpdate,
    RegistrationOut,
    TransitionCreate,
)

router = Router(tags=["registrations"])


def feed_url(request: HttpRequest, feed: CalendarFeed | None) -> str | None:
    if feed is None:
        return None
    return request.build_absolute_uri(reverse("registrations:personal_feed", args=[feed.token]))


# Quotas ------------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/policy", response=PolicyOut, operation_id="get_registration_policy"
)
def get_registration_policy(request: HttpRequest, meeting_id: IdPath):
    return selectors.policy_of(permissions.access_meeting(request.user, meeting_id))


@router.patch(
    "/meetings/{meeting_id}/policy",
    response=PolicyOut,
    auth=write_auth,
    operation_id="update_registration_policy",
)
def update_registration_policy(request: HttpRequest, meeting_id: IdPath, payload: PolicyUpdate):
    meeting = permissions.access_meeting(request.user, meeting_id, need="manage")
    return services.update_policy(
        actor=request.user,
        meeting=meeting,
        version=payload.version,
        delegate_quota=payload.delegate_quota,
    )


@router.put(
    "/meetings/{meeting_id}/quotas/{code}",
    response=EconomyQuotaOut,
    auth=write_auth,
    operation_id="set_economy_quota",
)
def set_economy_quota(
    request: HttpRequest, meeting_id: IdPath, code: str, payload: EconomyQuotaUpdate
):
    meeting = permissions.access_meeting(request.user, meeting_id, need="manage")
    economy = registry_permissions.access_economy(request.user, code)
    quota = services.set_economy_quota(
        actor=request.user,
        meeting=meeting,
        economy=economy,
        delegate_quota=payload.delegate_quota,
    )
    return {
        "economy": economy.code,
        "delegate_quota": quota.delegate_quota,
        "accredited": selectors.delegates_holding_places(meeting, economy.pk),
    }


# Participants ------------------------------------------------------------------------------


@router.get("/meetings/{meeting_id}/counts", response=CountsOut, operation_id="count_participants")
def count_participants(request: HttpRequest, meeting_id: IdPath):
    meeting = permissions.access_meeting(request.user, meeting_id)
    counts = selectors.participant_counts(meeting)
    return {"meeting": meeting.pk, "total": sum(counts.values()), "by_category": counts}


@router.get(
    "/meetings/{meeting_id}/participants",
    response=list[RegistrationOut],
    operation_id="list_participants",
)
@paginate(Pagination)
def list_participants(request: HttpRequest, meeting_id: IdPath):
    """The participants you may see: see ``LIST_RULES`` (the public sees only counts)."""
    meeting = permissions.access_meeting(request.user, meeting_id)
    return selectors.participants_visible_to(principal_for(request.user), meeting)


@router.get(
    "/meetings/{meeting_id}/participants.csv",
    operation_id="export_participants",
    response={200: str},
    openapi_extra={"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
def export_participants(request: HttpRequest, meeting_id: IdPath) -> HttpResponse:
    meeting = permissions.access_meeting(request.user, meeting_id, need="export")
    return csv_response(request, meeting)


def csv_response(request: HttpRequest, meeting: Any) -> HttpResponse:
    """Shared with the page: the list the viewer may see, as CSV."""
    principal = principal_for(request.user)
    body = exports.participants_csv(
        selectors.participants_visible_to(principal, meeting),
        language=get_language() or "en",
        contact=principal.is_secretariat,
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"participants-{meeting.start_date.year}-{meeting.code}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/meetings/{meeting_id}/delegates",
    response={201: RegistrationOut},
    auth=write_auth,
    operation_id="accredit_meeting_delegate",
)
def accredit_meeting_delegate(
    request: HttpRequest, meeting_id: IdPath, payload: MeetingAccreditationCreate
):
    """A head of delegation accredits a person of their economy; 409 when the quota is full."""
    user = request.user
    meeting = permissions.access_meeting(user, meeting_id, need="accredit")
    person = body_reference(
        "person", lambda: registry_permissions.access_person(user, payload.person)
    )
    delegation = permissions.delegation_to_accredit(user, meeting, person)
    return 201, services.accredit_delegate(
        actor=user, meeting=meeting, delegation=delegation, person=person
    )


@router.post(
    "/meetings/{meeting_id}/applications",
    response={201: RegistrationOut},
    auth=write_auth,
    operation_id="apply_to_meeting",
)
def apply_to_meeting(request: HttpRequest, meeting_id: IdPath, payload: ApplicationCreate):
    """Apply for yourself as partner, speaker, press, visitor or exhibitor staff."""
    user = request.user
    meeting = permissions.access_meeting(user, meeting_id, need="apply")
    slug = payload.organisation
    organisation = (
        body_reference("organisation", lambda: registry_permissions.access_organisation(user, slug))
        if slug
        else None
    )
    person = services.person_for_applicant(
        actor=user, family_name=payload.family_name, given_name=payload.given_name
    )
    return 201, services.apply(
        actor=user,
        meeting=meeting,
        person=person,
        category=payload.category,
        organisation=organisation,
    )


@router.get("/mine", response=list[RegistrationOut], operation_id="list_my_registrations")
@paginate(Pagination)
def list_my_registrations(request: HttpRequest):
    principal = principal_for(request.user)
    if not principal.is_authenticated:
        raise NotAuthenticated("Sign in to see your registrations.")
    return selectors.registrations_of(principal)


# Personal calendar feed --------------------------------------------------------------------


@router.get("/calendar-feed", response=CalendarFeedOut, operation_id="get_calendar_feed")
def get_calendar_feed(request: HttpRequest):
    if not principal_for(request.user).is_authenticated:
        raise NotAuthenticated("Sign in to see your calendar URL.")
    return {"url": feed_url(request, selectors.feed_of(request.user))}


@router.post(
    "/calendar-feed",
    response=CalendarFeedOut,
    auth=write_auth,
    operation_id="regenerate_calendar_feed",
)
def regenerate_calendar_feed(request: HttpRequest):
    """A new private URL for your calendar; the previous one stops working."""
    return {"url": feed_url(request, services.regenerate_feed(actor=request.user))}


# One registration --------------------------------------------------------------------------


@router.get("/{registration_id}", response=RegistrationOut, operation_id="get_registration")
def get_registration(request: HttpRequest, registration_id: IdPath):
    return permissions.access_registration(request.user, registration_id)


@router.post(
    "/{registration_id}/decision",
    response=RegistrationOut,
    auth=write_auth,
    operation_id="decide_registration",
)
def decide_registration(request: HttpRequest, registration_id: IdPath, payload: DecisionCreate):
    registration = permissions.access_registration(request.user, registration_id, need="decide")
    return services.decide(
        actor=request.user,
        registration=registration,
        version=payload.version,
        decision=payload.decision,
        note=payload.note,
    )


@router.post(
    "/{registration_id}/withdrawal",
    response=RegistrationOut,
    auth=write_auth,
    operation_id="withdraw_registration",
)
def withdraw_registration(request: HttpRequest, registration_id: IdPath, payload: TransitionCreate):
    registration = permissions.access_registration(request.user, registration_id, need="withdraw")
    return services.withdraw(actor=request.user, registration=registration, version=payload.version)


@router.post(
    "/{registration_id}/check-in",
    response=RegistrationOut,
    auth=write_auth,
    operation_id="check_in_registration",
)
def check_in_registration(request: HttpRequest, registration_id: IdPath, payload: TransitionCreate):
    registration = permissions.access_registration(request.user, registration_id, need="check_in")
    return services.check_in(actor=request.user, registration=registration, version=payload.version)
