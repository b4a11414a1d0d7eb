from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("paragraph")
    TEXT = "text", _("text")
    DOCUMENT = "document", _("document")
    MEETING = "meeting", _("meeting")
    PERSON = "person", _("person")
    PROJECT = "project", _("project")
    NEWS = "news", _("news")
