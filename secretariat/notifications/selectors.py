"""Reads of notifications that depend on who asks."""

from typing import Any

from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def preference_of(user: Any) -> NotificationPreference:
    """The user's saved choice, or the default (every topic on, version 1) not saved yet."""
    saved = NotificationPreference.objects.filter(user=user).first()
    return saved or NotificationPreference(user=user, muted_topics=[], version=1)


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The e-mails sent to ``user`` (nobody sees anyone else's)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
