"""Minutes of a meeting: one text with every saved revision kept, a state that ends in
locked, and action items for fora and economies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Meeting
from secretariat.registry.models import Economy, Forum

from .choices import ActionStatus, MinutesState

MAX_BODY = 200_000


class Minutes(VersionedModel):
    """A meeting's minutes. ``revision`` is the number of the latest saved text; a save
    based on an older one is refused (409), so two editors never overwrite each other."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    state = models.CharField(
        max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    body = models.TextField(_("text"), max_length=MAX_BODY, blank=True)
    revision = models.PositiveIntegerField(default=0)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"minutes of {self.meeting}"


class MinutesRevision(models.Model):
    """One saved text of the minutes; its text never changes after it is written.
    ``circulated``: the text left its editors (it was the current text while the minutes were
    circulated); only such revisions are shown to readers who are not editors, so a draft
    saved and replaced before circulation stays the editors' even once the minutes are public."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField(max_length=MAX_BODY, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    circulated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_revision_each")
        ]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")

    def __str__(self) -> str:
        return f"revision {self.number} of minutes #{self.minutes_id}"


class ActionItem(VersionedModel):
    """Something a forum (and optionally an economy) undertook to do by a date."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="action_items")
    text = models.CharField(_("action"), max_length=1000)
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="action_items")
    economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return f"action item #{self.pk}"
