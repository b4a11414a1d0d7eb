"""The news JSON API. Reads follow the pages' rules exactly (drafts and embargoes
included); writes are the secretariat's. Handlers parse, authorise through
``permissions``, call one service, and return."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.errors import NotFound
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath
from secretariat.meetings import selectors as meeting_selectors
from secretariat.meetings.models import Meeting
from secretariat.negotiation.models import Text
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .choices import NewsKind
from .schemas import NewsItemCreate, NewsItemOut, NewsItemUpdate, NewsTransition

router = Router(tags=["news"])


def _meeting(meeting_id: int) -> Meeting:
    found = meeting_selectors.meetings_list().filter(pk=meeting_id).first()
    if found is None:
        raise NotFound(f"No meeting {meeting_id}.")
    return found


def _outcome(slug: str) -> Text:
    found = Text.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(f"No text {slug!r}.")
    return found


def _resolve_links(data: dict[str, Any], payload: Any) -> None:
    """Meeting ids and outcome slugs in a body, as rows (unknown ones are 422)."""
    if "meeting" in data:
        meeting_id = payload.meeting
        data["meeting"] = (
            body_reference("meeting", lambda: _meeting(meeting_id)) if meeting_id else None
        )
    if "outcome" in data:
        slug = payload.outcome
        data["outcome"] = body_reference("outcome", lambda: _outcome(slug)) if slug else None


@router.get("/", response=list[NewsItemOut], operation_id="list_news")
@paginate(Pagination)
def list_news(request: HttpRequest, kind: NewsKind | None = Query(None)):  # noqa: B008
    """Published items, newest first, with the embargoed press releases the caller may see
    early (accredited press of the release's meeting, the secretariat). Never drafts."""
    items = selectors.news_live_for(principal_for(request.user), timezone.now())
    items = selectors.with_images(items)
    return items.filter(kind=kind) if kind else items


@router.get("/{news_id}", response=NewsItemOut, operation_id="get_news_item")
def get_news_item(request: HttpRequest, news_id: IdPath):
    return permissions.access_news_item(request.user, news_id)


@router.post("/", response={201: NewsItemOut}, auth=write_auth, operation_id="create_news_item")
def create_news_item(request: HttpRequest, payload: NewsItemCreate):
    """A draft news item or press release (the secretariat)."""
    permissions.require_staff(request.user)
    data = changes_from(payload, "title", "summary", "body")
    _resolve_links(data, payload)
    return 201, services.create_news_item(actor=request.user, **data)


@router.patch("/{news_id}", response=NewsItemOut, auth=write_auth, operation_id="update_news_item")
def update_news_item(request: HttpRequest, news_id: IdPath, payload: NewsItemUpdate):
    item = permissions.access_news_item(request.user, news_id, need="edit")
    data = changes_from(payload, "title", "summary", "body")
    _resolve_links(data, payload)
    return services.update_news_item(actor=request.user, item=item, version=payload.version, **data)


@router.post(
    "/{news_id}/transitions",
    response=NewsItemOut,
    auth=write_auth,
    operation_id="change_news_state",
)
def change_news_state(request: HttpRequest, news_id: IdPath, payload: NewsTransition):
    """draft → in_review → published (at ``published_at``, default now); in review may go
    back to draft, and a published item may be withdrawn to draft."""
    item = permissions.access_news_item(request.user, news_id, need="edit")
    return services.change_state(
        actor=request.user,
        item=item,
        version=payload.version,
        state=payload.state,
        published_at=payload.published_at,
    )
