from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationState(models.TextChoices):
    """A paragraph in one language. ``original`` is the adopted wording itself (never stored
    as a translation row); ``machine`` only for drafts imported from a machine translation
    (no model of usable quality installs here, ADR 0025); ``outdated`` and ``missing`` are
    derived for display, never stored."""

    ORIGINAL = "original", _("original")
    DRAFT = "draft", _("draft")
    MACHINE = "machine", _("machine draft")
    VERIFIED = "verified", _("verified")
    OUTDATED = "outdated", _("outdated")
    MISSING = "missing", _("not translated")


# What a translation row may hold.
STORED_STATES = (TranslationState.DRAFT, TranslationState.MACHINE, TranslationState.VERIFIED)


class LanguageState(models.TextChoices):
    """A whole language of an outcome, as the public sees it."""

    ORIGINAL = "original", _("original")
    VERIFIED = "verified", _("verified translation")
    PARTIAL = "partial", _("partly verified")
    UNVERIFIED = "unverified", _("not yet verified")


class DownloadFormat(models.TextChoices):
    AKN = "akn", "Akoma Ntoso XML"
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    HTML = "html", "HTML"
