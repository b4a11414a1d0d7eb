from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a participant comes as. Delegates are accredited by their head of delegation;
    everyone else applies and the secretariat decides."""

    DELEGATE = "delegate", _("delegate")
    PARTNER = "partner", _("observer / partner")
    SPEAKER = "speaker", _("speaker")
    PRESS = "press", _("press")
    VISITOR = "visitor", _("visitor")
    EXHIBITOR_STAFF = "exhibitor_staff", _("exhibitor staff")

    @classmethod
    def applied_for(cls) -> list[str]:
        """The categories one applies for (delegates are accredited instead)."""
        return [value for value in cls.values if value != cls.DELEGATE]


class RegistrationState(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CHECKED_IN = "checked_in", _("checked in")

    @classmethod
    def attending(cls) -> list[str]:
        """States of someone who takes part: listed, counted, in their calendar."""
        return [cls.APPROVED, cls.CHECKED_IN]

    @classmethod
    def active(cls) -> list[str]:
        """States that hold a place (one active registration per person and meeting)."""
        return [cls.PENDING, cls.APPROVED, cls.CHECKED_IN]


# The workflow as data: each state and the states it may move to.
NEXT_STATES: dict[str, frozenset[str]] = {
    RegistrationState.PENDING: frozenset(
        {RegistrationState.APPROVED, RegistrationState.REJECTED, RegistrationState.WITHDRAWN}
    ),
    RegistrationState.APPROVED: frozenset(
        {RegistrationState.CHECKED_IN, RegistrationState.WITHDRAWN}
    ),
    RegistrationState.CHECKED_IN: frozenset(),
    RegistrationState.REJECTED: frozenset(),
    RegistrationState.WITHDRAWN: frozenset(),
}
