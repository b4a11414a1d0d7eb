"""Minutes as the API shows them (``…Out``) and accepts them (``…Create``, ``…Update``)."""

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from ninja import Field, FilterSchema, Schema

from secretariat.core.schemas import MAX_ID, Id

from .choices import ActionStatus, MinutesState
from .models import MAX_BODY, ActionItem, Minutes

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ECONOMY_CODE = r"^[A-Za-z]{2}$"


class MinutesOut(Schema):
    id: int
    meeting: int
    state: MinutesState
    body: str
    revision: int = Field(..., description="Send it back as base_revision when saving the text")
    circulated_at: datetime | None
    approved_at: datetime | None
    locked_at: datetime | None
    version: int = Field(..., description="Send it back when changing the state")

    @staticmethod
    def resolve_meeting(obj: Minutes) -> int:
        return obj.meeting_id


class MinutesTextUpdate(Schema):
    base_revision: int = Field(..., ge=0, le=MAX_ID)
    body: str = Field(..., max_length=MAX_BODY)


class MinutesTransition(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    state: MinutesState


class RevisionOut(Schema):
    number: int
    body: str
    saved_by: str | None
    saved_at: datetime

    @staticmethod
    def resolve_saved_by(obj: Any) -> str | None:
        return obj.saved_by.get_username() if obj.saved_by else None


class RevisionSummaryOut(Schema):
    number: int
    length: int
    saved_by: str | None
    saved_at: datetime

    @staticmethod
    def resolve_length(obj: Any) -> int:
        return len(obj.body)

    @staticmethod
    def resolve_saved_by(obj: Any) -> str | None:
        return obj.saved_by.get_username() if obj.saved_by else None


class ActionItemOut(Schema):
    id: int
    minutes: int
    meeting: int
    text: str
    forum: str
    economy: str | None
    due_date: date
    status: ActionStatus
    version: int

    @staticmethod
    def resolve_minutes(obj: ActionItem) -> int:
        return obj.minutes_id

    @staticmethod
    def resolve_meeting(obj: ActionItem) -> int:
        return obj.minutes.meeting_id

    @staticmethod
    def resolve_forum(obj: ActionItem) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_economy(obj: ActionItem) -> str | None:
        return obj.economy.code if obj.economy else None


class ActionItemCreate(Schema):
    text: str = Field(..., min_length=1, max_length=1000)
    forum: str = Field(..., max_length=40, pattern=SLUG)
    economy: str | None = Field(None, pattern=ECONOMY_CODE)
    due_date: date


class ActionItemUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    text: str | None = Field(None, min_length=1, max_length=1000)
    due_date: date | None = None
    status: ActionStatus | None = None


class ActionItemFilter(FilterSchema):
    meeting: Id | None = None
    forum: str | None = Field(None, max_length=40, pattern=SLUG)
    economy: str | None = Field(None, pattern=ECONOMY_CODE)
    status: ActionStatus | None = None

    def filter_meeting(self, value: int | None) -> Q:
        return Q(minutes__meeting_id=value) if value else Q()

    def filter_forum(self, value: str | None) -> Q:
        return Q(forum__slug=value) if value else Q()

    def filter_economy(self, value: str | None) -> Q:
        return Q(economy__code=value.upper()) if value else Q()


_OUT_SCHEMAS: dict[type, type[Schema]] = {Minutes: MinutesOut, ActionItem: ActionItemOut}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
