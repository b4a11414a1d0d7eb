"""Liaison statements as the API shows them (``…Out``) and accepts them (``…Create``,
``…Update``)."""

from datetime import date
from typing import Any, Literal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, FilterSchema, Schema

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, ContentLanguage, Id, TranslatedIn, TranslatedOut

from .choices import Direction, LiaisonState, Purpose
from .models import MAX_BODY, LiaisonStatement

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class LiaisonBodyIn(Schema):
    text: str = Field(..., max_length=MAX_BODY)
    status: Literal["original", "machine", "verified"]


TranslatedBodyIn = dict[ContentLanguage, LiaisonBodyIn]  # type: ignore[valid-type]


class LiaisonAttachmentOut(Schema):
    id: int
    number: str


class LiaisonStatementOut(Schema):
    id: int
    forum: str = Field(..., description="The forum that sends or receives it (slug)")
    direction: Direction
    counterpart_forum: str | None
    counterpart_organisation: str | None
    title: TranslatedOut
    display_title: str
    body: TranslatedOut
    purpose: Purpose
    deadline: date | None
    in_response_to: int | None = Field(
        ..., description="The statement answered, when the caller may read it"
    )
    state: LiaisonState
    is_restricted: bool
    issued_on: date | None
    answered: bool = Field(..., description="A response has been sent or received")
    overdue: bool = Field(..., description="For action, deadline passed, no response")
    attachments: list[LiaisonAttachmentOut] = Field(
        ..., description="The attached documents the caller may see"
    )
    version: int

    @staticmethod
    def resolve_forum(obj: LiaisonStatement) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_counterpart_forum(obj: LiaisonStatement) -> str | None:
        return obj.counterpart_forum.slug if obj.counterpart_forum else None

    @staticmethod
    def resolve_counterpart_organisation(obj: LiaisonStatement) -> str | None:
        return obj.counterpart_organisation.slug if obj.counterpart_organisation else None

    @staticmethod
    def resolve_display_title(obj: LiaisonStatement) -> str:
        return resolve(obj.title, get_language()).text

    @staticmethod
    def resolve_in_response_to(obj: LiaisonStatement) -> int | None:
        # Only an original the caller may read (``selectors.with_detail``), as the page does.
        return obj.in_response_to_id if getattr(obj, "original_visible", False) else None

    @staticmethod
    def resolve_answered(obj: LiaisonStatement) -> bool:
        return bool(getattr(obj, "answered", False))

    @staticmethod
    def resolve_overdue(obj: LiaisonStatement) -> bool:
        answered = bool(getattr(obj, "answered", False))
        return obj.is_overdue_on(timezone.localdate(), answered=answered)

    @staticmethod
    def resolve_attachments(obj: LiaisonStatement) -> list[Any]:
        return list(getattr(obj, "visible_attachments", []))


class LiaisonStatementCreate(Schema):
    forum: str = Field(..., max_length=40, pattern=SLUG)
    direction: Direction = Direction.OUTGOING
    counterpart_forum: str | None = Field(None, max_length=40, pattern=SLUG)
    counterpart_organisation: str | None = Field(None, max_length=80, pattern=SLUG)
    title: TranslatedIn
    body: TranslatedBodyIn | None = None
    purpose: Purpose = Purpose.FOR_INFORMATION
    deadline: date | None = None
    in_response_to: Id | None = Field(
        None, description="The statement answered: direction and counterpart follow from it"
    )
    is_restricted: bool = False


class LiaisonStatementUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    title: TranslatedIn | None = None
    body: TranslatedBodyIn | None = None
    purpose: Purpose | None = None
    deadline: date | None = None
    is_restricted: bool | None = None


class LiaisonTransition(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    state: LiaisonState
    on: date | None = Field(None, description="When sent or received (default today)")


class LiaisonAttachmentCreate(Schema):
    document: Id


class LiaisonFilter(FilterSchema):
    forum: str | None = Field(None, max_length=40, description="Either side (slug)")
    organisation: str | None = Field(None, max_length=80, description="The counterpart (slug)")
    purpose: Purpose | None = None
    state: LiaisonState | None = None
    direction: Direction | None = None
    overdue: bool | None = None

    def filter_forum(self, value: str | None) -> Q:
        return Q(forum__slug=value) | Q(counterpart_forum__slug=value) if value else Q()

    def filter_organisation(self, value: str | None) -> Q:
        return Q(counterpart_organisation__slug=value) if value else Q()

    def filter_overdue(self, value: bool | None) -> Q:
        from .selectors import overdue_rule

        if value is None:
            return Q()
        overdue = overdue_rule(timezone.localdate()) & Q(answered=False)
        return overdue if value else ~overdue


_OUT_SCHEMAS: dict[type, type[Schema]] = {LiaisonStatement: LiaisonStatementOut}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
