"""The minutes JSON API. Handlers parse, authorise through ``permissions``, call one
service, and return."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.errors import NotFound
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .schemas import (
    ActionItemCreate,
    ActionItemFilter,
    ActionItemOut,
    ActionItemUpdate,
    MinutesOut,
    MinutesTextUpdate,
    MinutesTransition,
    RevisionOut,
    RevisionSummaryOut,
)

router = Router(tags=["minutes"])


@router.get("/meetings/{meeting_id}", response=MinutesOut, operation_id="get_meeting_minutes")
def get_meeting_minutes(request: HttpRequest, meeting_id: IdPath):
    return permissions.access_meeting_minutes(request.user, meeting_id)


@router.post(
    "/meetings/{meeting_id}",
    response={201: MinutesOut},
    auth=write_auth,
    operation_id="start_minutes",
)
def start_minutes(request: HttpRequest, meeting_id: IdPath):
    """Draft minutes for the meeting, outlined from its agenda (secretariat and chair)."""
    meeting = permissions.access_meeting(request.user, meeting_id, need="start")
    return 201, services.start_minutes(actor=request.user, meeting=meeting)


@router.put(
    "/{minutes_id}/text",
    response=MinutesOut,
    auth=write_auth,
    operation_id="save_minutes_text",
)
def save_minutes_text(request: HttpRequest, minutes_id: IdPath, payload: MinutesTextUpdate):
    """Save the text as a new revision. ``base_revision`` is the revision the text was
    edited from; if someone saved since, 409 with the current text in ``current``."""
    minutes = permissions.access_minutes(request.user, minutes_id, need="edit")
    return services.save_text(
        actor=request.user,
        minutes=minutes,
        base_revision=payload.base_revision,
        body=payload.body,
    )


@router.post(
    "/{minutes_id}/transitions",
    response=MinutesOut,
    auth=write_auth,
    operation_id="change_minutes_state",
)
def change_minutes_state(request: HttpRequest, minutes_id: IdPath, payload: MinutesTransition):
    """draft → circulated → approved → locked (circulated may go back to draft)."""
    minutes = permissions.access_minutes(request.user, minutes_id, need="edit")
    return services.change_state(
        actor=request.user, minutes=minutes, version=payload.version, state=payload.state
    )


@router.get(
    "/{minutes_id}/revisions",
    response=list[RevisionSummaryOut],
    operation_id="list_minutes_revisions",
)
@paginate(Pagination)
def list_minutes_revisions(request: HttpRequest, minutes_id: IdPath):
    minutes = permissions.access_minutes(request.user, minutes_id)
    return selectors.revisions_of(principal_for(request.user), minutes)


@router.get(
    "/{minutes_id}/revisions/{number}",
    response=RevisionOut,
    operation_id="get_minutes_revision",
)
def get_minutes_revision(request: HttpRequest, minutes_id: IdPath, number: IdPath):
    minutes = permissions.access_minutes(request.user, minutes_id)
    revisions = selectors.revisions_of(principal_for(request.user), minutes)
    revision = revisions.filter(number=number).first()
    if revision is None:
        raise NotFound(f"The minutes have no revision {number}.")
    return revision


@router.get("/action-items", response=list[ActionItemOut], operation_id="list_action_items")
@paginate(Pagination)
def list_action_items(request: HttpRequest, filters: ActionItemFilter = Query(...)):  # noqa: B008
    principal = principal_for(request.user)
    return filters.filter(selectors.action_items_visible_to(principal))


@router.post(
    "/{minutes_id}/action-items",
    response={201: ActionItemOut},
    auth=write_auth,
    operation_id="create_action_item",
)
def create_action_item(request: HttpRequest, minutes_id: IdPath, payload: ActionItemCreate):
    user = request.user
    minutes = permissions.access_minutes(user, minutes_id, need="edit")
    code = payload.economy
    return 201, services.add_action_item(
        actor=user,
        minutes=minutes,
        text=payload.text,
        forum=body_reference(
            "forum", lambda: registry_permissions.access_forum(user, payload.forum)
        ),
        economy=body_reference("economy", lambda: registry_permissions.access_economy(user, code))
        if code
        else None,
        due_date=payload.due_date,
    )


@router.patch(
    "/action-items/{item_id}",
    response=ActionItemOut,
    auth=write_auth,
    operation_id="update_action_item",
)
def update_action_item(request: HttpRequest, item_id: IdPath, payload: ActionItemUpdate):
    item = permissions.access_action_item(request.user, item_id, need="change")
    return services.update_action_item(
        actor=request.user, item=item, version=payload.version, **changes_from(payload)
    )
