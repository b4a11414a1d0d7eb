"""Published outcomes: an adopted text's public face in the content languages, translated
paragraph by paragraph (aligned by eId) by assigned translators and verified by reviewers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Meeting
from secretariat.negotiation.models import Text

from .choices import TranslationState


class Outcome(VersionedModel):
    """An adopted (or chair-issued) text prepared for the public. Nothing of it is public
    until ``announced_at``; announcing needs every paragraph of ``required_languages``
    verified. The negotiating record is never part of it."""

    text = models.OneToOneField(Text, on_delete=models.PROTECT, related_name="outcome")
    slug = models.SlugField(max_length=80, unique=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_language = models.CharField(max_length=10, default="en")
    # Languages the secretariat requires verified in full before the announcement.
    required_languages = models.JSONField(default=list, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-announced_at", "-created_at"]
        verbose_name = _("published outcome")
        verbose_name_plural = _("published outcomes")

    def __str__(self) -> str:
        return self.slug

    @property
    def is_announced(self) -> bool:
        return self.announced_at is not None


class TranslatorAssignment(models.Model):
    """Who may translate into a language (and, with ``may_review``, verify others' work).
    The secretariat assigns; the secretariat itself may do both in every language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_assignments"
    )
    language = models.CharField(max_length=10)
    may_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "language"], name="one_assignment_per_language")
        ]

    def __str__(self) -> str:
        return f"translator #{self.user_id} ({self.language})"


class ParagraphTranslation(VersionedModel):
    """One paragraph (by eId) of an outcome in one language. It translates the wording whose
    hash is ``source_hash``: when the source changes, the translation is outdated and is
    never shown as verified. Every save is compare-and-swap on ``version``."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="translations")
    eid = models.CharField(max_length=60)
    language = models.CharField(max_length=10)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField(max_length=5000)
    state = models.CharField(
        max_length=20, choices=TranslationState.choices, default=TranslationState.DRAFT
    )
    # The source wording translated (plain text) and its paragraph's content hash: the
    # translation memory matches on the first, staleness is decided by the second.
    source_text = models.TextField(max_length=10000)
    source_hash = models.CharField(max_length=64)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["outcome", "language", "eid"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "eid", "language"], name="one_translation_per_paragraph"
            )
        ]
        indexes = [models.Index(fields=["language", "state"], name="translation_memory_idx")]

    def __str__(self) -> str:
        return f"translation #{self.pk} ({self.language})"
