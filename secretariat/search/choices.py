from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("paragraph")
    # A verified translation of a paragraph, in its own language (found with the paragraph's
    # text: it is read with it).
    TRANSLATION = "translation", _("translated paragraph")
    TEXT = "text", _("text")
    DOCUMENT = "document", _("document")
    MEETING = "meeting", _("meeting")
    PERSON = "person", _("person")
    PROJECT = "project", _("project")
    NEWS = "news", _("news")
