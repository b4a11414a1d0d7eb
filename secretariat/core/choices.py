from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.TextChoices):
    ORIGINAL = "original", _("original")
    MACHINE = "machine", _("machine draft")
    VERIFIED = "verified", _("verified")
