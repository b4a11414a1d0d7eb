"""News items and press releases, and their images.

An item is visible to the public only once published, its publication time has come and
any embargo has passed; all three are plain columns compared with the time of the request
(``selectors``), so a scheduled item appears at its time without a job running."""

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField
from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Meeting
from secretariat.negotiation.models import Text

from .choices import ImageFormat, NewsKind, NewsState

MAX_TITLE = 300
MAX_SUMMARY = 1000
MAX_BODY = 20_000
MAX_ALT = 300


class NewsItem(VersionedModel):
    """A news item or press release. Its text is plain (paragraphs separated by blank
    lines), one per content language. ``embargo_until`` only on press releases: before it,
    the accredited press of ``meeting`` (and the secretariat) see the release, nobody else."""

    kind = models.CharField(_("kind"), max_length=20, choices=NewsKind.choices)
    title = TranslatedTextField(_("title"), max_length=MAX_TITLE)
    summary = TranslatedTextField(_("summary"), max_length=MAX_SUMMARY, blank=True)
    body = TranslatedTextField(_("text"), max_length=MAX_BODY)
    state = models.CharField(max_length=20, choices=NewsState.choices, default=NewsState.DRAFT)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    embargo_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="news_items"
    )
    outcome = models.ForeignKey(
        Text, null=True, blank=True, on_delete=models.PROTECT, related_name="news_items"
    )
    # Projects do not exist yet: a plain link until they do.
    related_url = models.URLField(_("related link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["state", "published_at"], name="news_state_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(embargo_until__isnull=True) | Q(kind=NewsKind.PRESS_RELEASE),
                name="news_embargo_only_on_press_releases",
            ),
            models.CheckConstraint(
                condition=~Q(state=NewsState.PUBLISHED) | Q(published_at__isnull=False),
                name="news_published_has_a_time",
            ),
        ]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self) -> str:
        # Not the title: drafts and embargoed releases must not reach the audit log's readers.
        return f"{self.kind} #{self.pk}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.embargo_until is not None:
            if self.kind != NewsKind.PRESS_RELEASE:
                errors["embargo_until"] = _("Only a press release can be embargoed.")
            elif self.meeting_id is None:
                errors["meeting"] = _(
                    "An embargoed press release needs its meeting: its accredited press see "
                    "it before the embargo ends."
                )
        if errors:
            raise ValidationError(errors)

    def public_from(self) -> datetime | None:
        """When the public may first see the item (None: not published)."""
        if self.state != NewsState.PUBLISHED or self.published_at is None:
            return None
        if self.embargo_until and self.embargo_until > self.published_at:
            return self.embargo_until
        return self.published_at

    def is_public_at(self, now: datetime) -> bool:
        start = self.public_from()
        return start is not None and start <= now

    def is_embargoed_at(self, now: datetime) -> bool:
        return self.embargo_until is not None and self.embargo_until > now

    def is_scheduled_at(self, now: datetime) -> bool:
        return self.state == NewsState.PUBLISHED and bool(
            self.published_at and self.published_at > now
        )


def _image_path(instance: "NewsImage", filename: str) -> str:
    # A random name: neither the uploader's file name nor the item's id.
    return f"news/images/{uuid.uuid4().hex}.{instance.image_format}"


class NewsImage(models.Model):
    """An image of a news item, checked by its content (``uploads``) and served only by a
    view that checks the reader may see the item. ``alt`` is required in the item's
    original language at least."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=_image_path, max_length=300)
    image_format = models.CharField(max_length=10, choices=ImageFormat.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    alt = TranslatedTextField(_("text alternative"), max_length=MAX_ALT)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("news image")
        verbose_name_plural = _("news images")

    def __str__(self) -> str:
        return f"image #{self.pk} of news #{self.item_id}"
