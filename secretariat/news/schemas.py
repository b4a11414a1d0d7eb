"""News as the API shows it (``…Out``) and accepts it (``…Create``, ``…Update``)."""

from typing import Any, Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import AwareDatetime

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, ContentLanguage, Id, TranslatedIn, TranslatedOut

from .choices import NewsKind, NewsState
from .models import MAX_BODY, NewsImage, NewsItem

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class BodyTranslationIn(Schema):
    text: str = Field(..., max_length=MAX_BODY)
    status: Literal["original", "machine", "verified"]


TranslatedBodyIn = dict[ContentLanguage, BodyTranslationIn]  # type: ignore[valid-type]


class NewsImageOut(Schema):
    id: int
    url: str
    alt: TranslatedOut
    display_alt: str
    width: int
    height: int

    @staticmethod
    def resolve_url(obj: NewsImage) -> str:
        return reverse("news:image", args=[obj.pk])

    @staticmethod
    def resolve_display_alt(obj: NewsImage) -> str:
        return resolve(obj.alt, get_language()).text


class NewsItemOut(Schema):
    id: int
    kind: NewsKind
    state: NewsState
    title: TranslatedOut
    display_title: str
    summary: TranslatedOut
    body: TranslatedOut = Field(..., description="Plain text; paragraphs end at blank lines")
    published_at: AwareDatetime | None
    embargo_until: AwareDatetime | None
    embargoed: bool = Field(..., description="Under embargo now: not for publication yet")
    meeting: int | None
    outcome: str | None = Field(None, description="The slug of the adopted text")
    related_url: str
    images: list[NewsImageOut]
    version: int

    @staticmethod
    def resolve_display_title(obj: NewsItem) -> str:
        return resolve(obj.title, get_language()).text

    @staticmethod
    def resolve_embargoed(obj: NewsItem) -> bool:
        return obj.is_embargoed_at(timezone.now())

    @staticmethod
    def resolve_meeting(obj: NewsItem) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_outcome(obj: NewsItem) -> str | None:
        return obj.outcome.slug if obj.outcome else None

    @staticmethod
    def resolve_images(obj: NewsItem) -> list[Any]:
        return list(obj.images.all())


class NewsItemCreate(Schema):
    kind: NewsKind
    title: TranslatedIn
    summary: TranslatedIn | None = None
    body: TranslatedBodyIn
    meeting: Id | None = None
    outcome: str | None = Field(None, max_length=80, pattern=SLUG)
    related_url: str = Field("", max_length=500)
    embargo_until: AwareDatetime | None = None


class NewsItemUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    title: TranslatedIn | None = None
    summary: TranslatedIn | None = None
    body: TranslatedBodyIn | None = None
    meeting: Id | None = None
    outcome: str | None = Field(None, max_length=80, pattern=SLUG)
    related_url: str | None = Field(None, max_length=500)
    embargo_until: AwareDatetime | None = None


class NewsTransition(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    state: NewsState
    published_at: AwareDatetime | None = Field(
        None, description="When publishing: the publication time (default now; later schedules)"
    )


_OUT_SCHEMAS: dict[type, type[Schema]] = {NewsItem: NewsItemOut}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
