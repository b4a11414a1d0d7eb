from django.db import models
from django.utils.translation import gettext_lazy as _


class SpeakerRole(models.TextChoices):
    OPENING = "opening", _("opening remarks")
    KEYNOTE = "keynote", _("keynote speaker")
    MODERATOR = "moderator", _("moderator")
    PANELLIST = "panellist", _("panellist")
    PRESENTER = "presenter", _("presenter")
    CLOSING = "closing", _("closing remarks")


class BoothSize(models.TextChoices):
    SMALL = "small", _("small (9 m²)")
    MEDIUM = "medium", _("medium (18 m²)")
    LARGE = "large", _("large (36 m²)")


class Sector(models.TextChoices):
    AI = "ai", _("artificial intelligence")
    CLOUD = "cloud", _("cloud and data centres")
    CONNECTIVITY = "connectivity", _("connectivity and networks")
    SEMICONDUCTORS = "semiconductors", _("semiconductors")
    FINTECH = "fintech", _("digital finance")
    HEALTH = "health", _("digital health")
    SECURITY = "security", _("cybersecurity and trust")
    SMART_CITY = "smart_city", _("smart cities and mobility")
    EDUCATION = "education", _("digital skills and education")


class ContactStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
