"""Registration by delegation: quotas per economy, participants by category, and each
person's private calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Meeting
from secretariat.registry.models import Economy, Organisation, Person

from .choices import Category, RegistrationState

DEFAULT_DELEGATE_QUOTA = 5


class RegistrationPolicy(VersionedModel):
    """A meeting's registration settings: the delegate quota per economy. Its row is locked
    while a delegate is accredited, so concurrent accreditations never pass a quota."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="registration_policy"
    )
    delegate_quota = models.PositiveSmallIntegerField(
        _("delegates per economy"), default=DEFAULT_DELEGATE_QUOTA
    )

    class Meta:
        verbose_name = _("registration policy")
        verbose_name_plural = _("registration policies")

    def __str__(self) -> str:
        return f"registration policy of {self.meeting}"


class EconomyQuota(models.Model):
    """An economy's own delegate quota for one meeting, overriding the policy's default."""

    policy = models.ForeignKey(
        RegistrationPolicy, on_delete=models.CASCADE, related_name="economy_quotas"
    )
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="+")
    delegate_quota = models.PositiveSmallIntegerField(_("delegates"))

    class Meta:
        ordering = ["economy__code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "economy"], name="one_quota_per_economy")
        ]
        verbose_name = _("economy quota")
        verbose_name_plural = _("economy quotas")

    def __str__(self) -> str:
        return f"{self.economy_id}: {self.delegate_quota}"


class Registration(VersionedModel):
    """One person's participation in one meeting, in one category. At most one active
    (pending, approved or checked-in) registration per person and meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    category = models.CharField(max_length=20, choices=Category.choices)
    state = models.CharField(
        max_length=20, choices=RegistrationState.choices, default=RegistrationState.PENDING
    )
    economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category", "person__family_name", "person__given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(state__in=RegistrationState.active()),
                name="one_active_registration_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(category=Category.DELEGATE) | Q(economy__isnull=False),
                name="delegate_registration_has_economy",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "category", "state"])]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        # No name: this string lands in the audit log, which more people read than the list.
        return f"registration #{self.pk} ({self.category})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private calendar URL. The token is a revocable secret: regenerating replaces
    it, and the old URL stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of user #{self.user_id}"
