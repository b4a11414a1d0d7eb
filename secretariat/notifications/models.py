"""Who wants which e-mails, and what was sent to whom."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import VersionedModel

from .choices import Topic


class NotificationPreference(VersionedModel):
    """One user's choices. Topics are on unless listed in ``muted_topics``, so a topic added
    later reaches everyone until they turn it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    muted_topics = models.JSONField(_("topics not received"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"notification preferences of user #{self.user_id}"

    def receives(self, topic: str) -> bool:
        return topic not in self.muted_topics


class Notification(models.Model):
    """One e-mail to one person. ``dedupe_key`` (when set) is unique per recipient, so the same
    reminder for the same deadline is never sent twice, even by two workers at once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField(max_length=40, choices=Topic.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"notification #{self.pk} ({self.topic})"
