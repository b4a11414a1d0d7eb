"""Comments as the API shows them (``…Out``) and accepts them (``…Create``)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from secretariat.core.schemas import ContentLanguage

from .choices import CommentState, ReactionKind, ReportReason, TargetKind
from .models import MAX_LENGTH, Comment


class CommentOut(Schema):
    id: int
    target_kind: TargetKind
    target_id: int
    author: str
    body: str = Field(..., description="Plain text; show it escaped")
    language: str
    state: CommentState
    hidden_reason: str = Field("", description="Shown to the secretariat and the author only")
    likes: int
    dislikes: int
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Comment) -> str:
        return obj.author.get_username()


class CommentCreate(Schema):
    body: str = Field(..., min_length=1, max_length=MAX_LENGTH)
    language: ContentLanguage | None = Field(  # type: ignore[valid-type]
        None, description="A content language; default: the request's language"
    )


class ReactionCreate(Schema):
    kind: ReactionKind


class ReactionOut(Schema):
    comment: int
    kind: ReactionKind


class ReportCreate(Schema):
    reason: ReportReason
    note: str = Field("", max_length=MAX_LENGTH)


class ReportOut(Schema):
    comment: int
    reason: ReportReason


class ModerationIn(Schema):
    action: Literal["hide", "restore"]
    reason: str = Field("", max_length=MAX_LENGTH, description="Required to hide")


class CommentSettingsOut(Schema):
    target_kind: TargetKind
    target_id: int
    open: bool
    premoderated: bool
    links_allowed: bool


class CommentSettingsUpdate(Schema):
    open: bool
    premoderated: bool
    links_allowed: bool


class ReaderDataOut(Schema):
    user: str
    exported_at: datetime
    comments: list[dict]
    reactions: list[dict]
    reports: list[dict]


class ErasedOut(Schema):
    comments: int
    reactions: int
    reports: int
