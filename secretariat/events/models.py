"""Forums co-hosted with partner organisations, their speakers, and exhibitions with their
exhibitors and contact requests. Forums and exhibitions are ``meetings.Meeting`` rows of kind
forum or exhibition; this app adds what only they have."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField
from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Meeting, Session
from secretariat.registry.choices import OrganisationKind
from secretariat.registry.models import Economy, Organisation, Person

from .choices import BoothSize, ContactStatus, Sector, SpeakerRole


class CoHost(models.Model):
    """An organisation co-hosting a forum or exhibition (the World Bank co-hosts the Global
    Digital·AI Forum). Its partner users may manage the event's speakers."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cohosts")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cohosted_events"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "organisation__slug"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="cohost_once_each")
        ]
        verbose_name = _("co-host")
        verbose_name_plural = _("co-hosts")

    def __str__(self) -> str:
        return f"{self.organisation} co-hosts {self.meeting}"


class Speaker(VersionedModel):
    """Someone on a forum's programme: a registry person or just a name, speaking for a
    government (an economy) or an organisation (a company, a partner), in a role and order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="talks"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = TranslatedTextField(_("position"), max_length=300, blank=True)
    economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="speakers"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="speakers"
    )
    role = models.CharField(_("role"), max_length=20, choices=SpeakerRole.choices)
    talk_title = TranslatedTextField(_("talk"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session__starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="speaker_person_or_name"
            ),
            models.CheckConstraint(
                condition=Q(economy__isnull=True) | Q(organisation__isnull=True),
                name="speaker_economy_or_organisation",
            ),
        ]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person is not None else self.name

    def clean(self) -> None:
        if self.person_id is None and not self.name.strip():
            raise ValidationError({"name": _("Give a registry person or a name.")})
        if self.economy_id and self.organisation_id:
            raise ValidationError(
                {"organisation": _("A speaker speaks for a government or an organisation.")}
            )
        if self.session_id and self.session and self.session.meeting_id != self.meeting_id:
            raise ValidationError({"session": _("The session belongs to another meeting.")})


def validate_web_url(value: str) -> None:
    URLValidator(schemes=["http", "https"])(value)


class Exhibitor(VersionedModel):
    """A company exhibiting at an exhibition: its booth and its profile. The company's people
    (registry persons of that organisation with an account) are its contacts."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="exhibitors")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exhibits"
    )
    booth_code = models.CharField(_("booth"), max_length=20)
    hall = models.CharField(_("hall"), max_length=60, blank=True)
    booth_size = models.CharField(
        _("booth size"), max_length=10, choices=BoothSize.choices, default=BoothSize.SMALL
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    profile = TranslatedTextField(_("profile"), max_length=3000, blank=True)
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])

    class Meta:
        ordering = ["booth_code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="exhibitor_once_per_exhibition"
            ),
            models.UniqueConstraint(fields=["meeting", "booth_code"], name="one_booth_code_each"),
        ]
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.booth_code})"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != OrganisationKind.COMPANY:
            raise ValidationError({"organisation": _("Exhibitors are companies.")})


class ContactRequest(models.Model):
    """A signed-in visitor's message to an exhibitor. Only the sender and the exhibitor's
    contacts see it; a sender has at most one open request per exhibitor."""

    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="contact_requests"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        max_length=10, choices=ContactStatus.choices, default=ContactStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "sender"],
                condition=Q(status=ContactStatus.OPEN),
                name="one_open_contact_request_per_pair",
            )
        ]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        # Never the message: this string lands in the audit log.
        return f"contact request #{self.pk}"
