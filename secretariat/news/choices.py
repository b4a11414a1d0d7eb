from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsKind(models.TextChoices):
    NEWS = "news", _("news")
    PRESS_RELEASE = "press_release", _("press release")


class NewsState(models.TextChoices):
    """Stored states. "Scheduled" is not stored: it is a published item whose publication
    time has not come (``NewsItem.is_scheduled``), so nothing has to run at that time."""

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")


# The workflow as data. Review sends an item back to draft or publishes it (now or at a
# time); a published item may be withdrawn to draft.
NEXT_STATES: dict[str, frozenset[str]] = {
    NewsState.DRAFT: frozenset({NewsState.IN_REVIEW}),
    NewsState.IN_REVIEW: frozenset({NewsState.DRAFT, NewsState.PUBLISHED}),
    NewsState.PUBLISHED: frozenset({NewsState.DRAFT}),
}
# Text and links may change until the item is published (withdraw it to change it).
EDITABLE_STATES = frozenset({NewsState.DRAFT, NewsState.IN_REVIEW})


class ImageFormat(models.TextChoices):
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    WEBP = "webp", "WebP"
    GIF = "gif", "GIF"
