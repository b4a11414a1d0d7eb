from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionActor(models.TextChoices):
    """Who may take a transition (the secretariat may take every one)."""

    PROPOSER = "proposer", _("the proposing economy's delegates or the Project Overseer")
    CHAIR = "chair", _("the responsible forum's chair")
    SECRETARIAT = "secretariat", _("the secretariat")


class FundingAccount(models.TextChoices):
    GENERAL = "gpa", _("General Project Account")
    TILF = "tilf", _("Trade and Investment Liberalisation and Facilitation (TILF)")
    ASF = "asf", _("APEC Support Fund")
    SELF_FUNDED = "self", _("self-funded")


class MilestoneState(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")

    @classmethod
    def open_states(cls) -> set[str]:
        return {cls.PLANNED, cls.IN_PROGRESS}


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
