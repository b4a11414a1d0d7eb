from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    MINISTERIAL = "ministerial", _("ministerial meeting")
    HIGH_LEVEL_BODY = "high_level_body", _("high-level body meeting")
    WORKING_GROUP = "working_group", _("working group meeting")
    FORUM = "forum", _("forum")
    EXHIBITION = "exhibition", _("exhibition")
    SIDE_EVENT = "side_event", _("side event")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CONFIRMED = "confirmed", _("confirmed")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class DocumentPurpose(models.TextChoices):
    INFORMATION = "information", _("information")
    CONSIDERATION = "consideration", _("consideration")
    DECISION = "decision", _("decision")


class Classification(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted (members of the owning forum)")
    ECONOMY_ONLY = "economy_only", _("economy only")


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    PPTX = "pptx", "PPTX"


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", _("being built")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")
