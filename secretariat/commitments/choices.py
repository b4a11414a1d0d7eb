from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerKind(models.TextChoices):
    """Who is bound by a commitment, and so who reports on it."""

    ALL_ECONOMIES = "all", _("all economies")
    SOME_ECONOMIES = "some", _("some economies")
    FORUM = "forum", _("a forum")


class CommitmentState(models.TextChoices):
    """A suggestion is only a proposal: the secretariat confirms (and may edit) or rejects it."""

    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class Stage(models.TextChoices):
    INTERIM = "interim", _("interim")
    FINAL = "final", _("final")


class ScoreValue(models.IntegerChoices):
    """The G20 Research Group's scale."""

    NO_COMPLIANCE = -1, _("no compliance")
    PARTIAL = 0, _("partial compliance or work in progress")
    FULL = 1, _("full compliance")
