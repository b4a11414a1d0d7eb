"""Meetings: series that make a forum regular, meetings with sessions and agenda items, and
numbered meeting documents with a classification."""

import uuid
import zoneinfo
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField, resolve
from secretariat.core.models import VersionedModel
from secretariat.registry.models import Economy, Forum, Person

from .choices import (
    ArchiveStatus,
    Classification,
    DocumentPurpose,
    FileKind,
    MeetingKind,
    MeetingStatus,
)

MEETING_CODE = r"^[A-Z0-9]{2,20}$"


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            _("%(value)s is not an IANA time zone name."), params={"value": value}
        )


def validate_meeting_code(value: str) -> None:
    import re

    if not re.fullmatch(MEETING_CODE, value or ""):
        raise ValidationError(_("Use 2–20 capital letters or digits, such as DAIMM or SOM1."))


def validate_host_rotation(value: Any) -> None:
    """A list of ``{"economy": "KR", "timezone": "Asia/Seoul", "city": "Incheon"}``."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one host economy."))
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("economy"), str):
            raise ValidationError(_("Each host needs an economy code."))
        validate_timezone(entry.get("timezone", ""))


class MeetingSeries(VersionedModel):
    """A forum's regular cycle. Creating its next meeting fills in date, host, agenda and
    deadlines from the cadence, the host rotation and the deadlines relative to the date."""

    slug = models.SlugField(max_length=60, unique=True)
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="series")
    code_prefix = models.CharField(_("meeting code prefix"), max_length=16)
    name = TranslatedTextField(_("name"), max_length=300)
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    cadence_months = models.PositiveSmallIntegerField(_("months between meetings"), default=6)
    duration_days = models.PositiveSmallIntegerField(_("days per meeting"), default=1)
    first_date = models.DateField(_("date of the first meeting"))
    host_rotation = models.JSONField(_("host rotation"), validators=[validate_host_rotation])
    agenda_template = models.JSONField(_("agenda template"), default=list, blank=True)
    document_cutoff_days = models.PositiveSmallIntegerField(
        _("document cut-off (days before)"), default=14
    )
    registration_close_days = models.PositiveSmallIntegerField(
        _("registration closes (days before)"), default=21
    )
    minutes_due_days = models.PositiveSmallIntegerField(_("minutes due (days after)"), default=30)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return resolve(self.name, "en").text or self.slug

    def clean(self) -> None:
        if not isinstance(self.agenda_template, list) or not all(
            isinstance(item, str) and item.strip() for item in self.agenda_template
        ):
            raise ValidationError({"agenda_template": _("A list of agenda item titles.")})
        codes = {entry["economy"] for entry in self.host_rotation or [] if isinstance(entry, dict)}
        known = set(Economy.objects.filter(code__in=codes).values_list("code", flat=True))
        if codes - known:
            raise ValidationError(
                {"host_rotation": _("Unknown economy: %s") % ", ".join(sorted(codes - known))}
            )


class Meeting(VersionedModel):
    """One meeting. Times are stored in UTC and shown in ``timezone``, the venue's zone."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    sequence = models.PositiveSmallIntegerField(null=True, blank=True)
    code = models.CharField(_("meeting code"), max_length=20, validators=[validate_meeting_code])
    title = TranslatedTextField(_("title"), max_length=300)
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    host_economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_meetings"
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="chaired_meetings"
    )
    document_cutoff = models.DateField(_("document cut-off"), null=True, blank=True)
    registration_close = models.DateField(_("registration closes"), null=True, blank=True)
    minutes_due = models.DateField(_("minutes due"), null=True, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "sequence"],
                condition=Q(series__isnull=False),
                name="one_meeting_per_series_sequence",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="meeting_ends_after_start"
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.start_date.year}/{self.code}"

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A meeting cannot end before it starts.")})

    def is_late(self, on: date) -> bool:
        return self.document_cutoff is not None and on > self.document_cutoff


class Session(VersionedModel):
    """A block of the timetable, e.g. a thematic session of a ministerial."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = TranslatedTextField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return resolve(self.title, "en").text or f"session #{self.pk}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class AgendaItem(VersionedModel):
    """An item of a meeting's agenda, optionally taken up in one session."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("number"), max_length=10)
    title = TranslatedTextField(_("title"), max_length=500)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Fora that take the item up with the meeting's own forum (a joint item): it is on their
    # pages as their own.
    co_owners = models.ManyToManyField(
        Forum, blank=True, related_name="co_owned_agenda_items", verbose_name=_("co-owning fora")
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_agenda_number_each")
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.number}. {resolve(self.title, 'en').text}"


class AgendaProposal(models.Model):
    """An item another app asks to put on a meeting's agenda (an overdue project milestone, a
    commitment past its target date); the chair or the secretariat accepts it, which adds an
    agenda item, or dismisses it. ``source_key`` names what raised it, once per meeting."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        DISMISSED = "dismissed", _("dismissed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_proposals")
    source_key = models.CharField(max_length=120)
    source_url = models.CharField(max_length=300, blank=True)
    title = TranslatedTextField(_("title"), max_length=500)
    reason = TranslatedTextField(_("reason"), max_length=2000, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source_key"], name="one_proposal_per_source_and_meeting"
            )
        ]
        verbose_name = _("proposed agenda item")
        verbose_name_plural = _("proposed agenda items")

    def __str__(self) -> str:
        return f"{self.meeting}: {resolve(self.title, 'en').text} ({self.state})"


class DocumentCounter(models.Model):
    """The last serial used for one ``YEAR/MEETING/[FORUM/]`` prefix. Its row is locked while
    a number is allocated, so concurrent submissions get distinct numbers."""

    prefix = models.CharField(max_length=60, unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")

    def __str__(self) -> str:
        return f"{self.prefix} → {self.last_serial}"


def _document_path(instance: "Document", filename: str) -> str:
    # A random name: neither the uploader's file name nor the document's number, so a stored
    # file's path cannot be guessed (downloads are named from the number, see views). Files
    # stored before under their number keep that name: the row records it.
    return f"meetings/documents/{uuid.uuid4().hex}.{instance.file_kind}"


class Document(VersionedModel):
    """A meeting document: an uploaded file or a link, numbered ``YEAR/MEETING/[FORUM/]NNN``
    with ``revN`` for revisions. ``classification`` decides who may see it (see selectors)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    owning_forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="documents")
    number = models.CharField(_("document number"), max_length=80, unique=True)
    base_number = models.CharField(max_length=70)
    revision = models.PositiveSmallIntegerField(default=0)
    revises = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    title = TranslatedTextField(_("title"), max_length=500)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    purpose = models.CharField(max_length=20, choices=DocumentPurpose.choices)
    submitted_by_economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    submitted_by_forum = models.ForeignKey(
        Forum,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_documents",
    )
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.PUBLIC
    )
    derestrict_on = models.DateField(_("derestriction date"), null=True, blank=True)
    is_late = models.BooleanField(_("late submission"), default=False)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(upload_to=_document_path, max_length=300, blank=True)
    file_kind = models.CharField(max_length=10, choices=FileKind.choices, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["base_number", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["base_number", "revision"], name="one_document_revision_each"
            ),
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(file=""), name="document_has_file_or_link"
            ),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        # The number only: titles of restricted documents stay out of the audit log.
        return self.number


def _archive_path(instance: "MaterialsArchive", filename: str) -> str:
    # A random name: the URL never reveals whose zip it is or what it holds.
    return f"meetings/materials/{instance.uid}.zip"


class MaterialsArchive(models.Model):
    """A zip of one meeting's documents *as one user may see them*, built in the background.
    Only that user may download it, until ``expires_at``; then the file and row are purged."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="materials_archives"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ArchiveStatus.choices, default=ArchiveStatus.PENDING
    )
    file = models.FileField(upload_to=_archive_path, max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    # The documents packed, so a download can check the user may still see every one of them.
    document_ids = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("materials archive")
        verbose_name_plural = _("materials archives")

    def __str__(self) -> str:
        return f"materials archive #{self.pk}"
