from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    DOCUMENT = "document", _("meeting document")
    TEXT = "text", _("text")
