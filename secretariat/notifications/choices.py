from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What an e-mail is about; each person chooses which topics they receive."""

    REGISTRATION_DECISION = "registration_decision", _("Registration decisions")
    DOCUMENT_CUTOFF = "document_cutoff", _("Document cut-offs")
    MINUTES_CIRCULATED = "minutes_circulated", _("Minutes circulated")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminders")
    CONTACT_REQUEST = "contact_request", _("Contact requests to exhibitors")
    AD_REFERENDUM = "ad_referendum", _("Ad referendum positions to confirm")
    AGENDA_PROPOSAL = "agenda_proposal", _("Items proposed for a meeting's agenda")
    LIAISON_STATEMENT = "liaison_statement", _("Liaison statements received")
    LIAISON_DEADLINE = "liaison_deadline", _("Liaison statement deadlines")
    REPORT_DUE = "report_due", _("Implementation reports due")
    SCORES_PUBLISHED = "scores_published", _("Compliance scores published")
    PROJECT_UPDATE = "project_update", _("Projects: state changes and co-sponsor requests")
