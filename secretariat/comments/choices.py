from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    """What a comment is under. Each kind has a resolver registered in ``targets``."""

    OUTCOME = "outcome", _("outcome")
    NEWS = "news", _("news item")


class CommentState(models.TextChoices):
    PUBLISHED = "published", _("published")
    PENDING = "pending", _("awaiting moderation")
    HIDDEN = "hidden", _("hidden by the moderators")


class ReactionKind(models.TextChoices):
    LIKE = "like", _("like")
    DISLIKE = "dislike", _("dislike")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    ABUSE = "abuse", _("abusive or hateful")
    OFF_TOPIC = "off_topic", _("off topic")
    OTHER = "other", _("something else")
