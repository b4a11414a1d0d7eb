from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TextKind(models.TextChoices):
    DECLARATION = "declaration", _("declaration")
    MINISTERIAL_STATEMENT = "ministerial_statement", _("ministerial statement")
    CHAIRS_STATEMENT = "chairs_statement", _("chair's statement")
    CHAIRS_SUMMARY = "chairs_summary", _("chair's summary")


class TextClassification(models.TextChoices):
    RESTRICTED = "restricted", _("restricted")
    PUBLISHED = "published", _("published")


# The OpenAPI document names an enum after its class, and meetings has a ``Classification``
# too (public, restricted, economy-only): with one name, one overwrote the other and the
# schema said a document's "public" was invalid. The code keeps the short name.
Classification = TextClassification


class TextStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("under negotiation")
    SILENCE = "silence", _("under silence procedure")
    ADOPTED = "adopted", _("adopted")
    FALLBACK = "fallback", _("issued as chair's statement")


class ConsensusRule(models.TextChoices):
    DEFAULT = "default", _("every delegation supports or can live with it")
    NO_OBJECTION = "no_objection", _("agreed unless a delegation objects or reserves")


class VersionKind(models.TextChoices):
    ELEMENTS = "elements", _("elements paper")
    ZERO_DRAFT = "zero_draft", _("zero draft")
    COMPILATION = "compilation", _("compilation text")
    CHAIRS_TEXT = "chairs_text", _("chair's text")
    ROLLING_TEXT = "rolling_text", _("rolling text")
    CLEAN_TEXT = "clean_text", _("clean text")


class Part(models.TextChoices):
    PREFACE = "preface", _("preface")
    PREAMBLE = "preamble", _("preamble")
    BODY = "body", _("main body")
    CONCLUSIONS = "conclusions", _("conclusions")
    ANNEX = "annex", _("annex")


class Stance(models.TextChoices):
    SUPPORT = "support", _("support")
    CAN_LIVE_WITH = "can_live_with", _("can live with")
    RESERVE = "reserve", _("reserve")
    OBJECT = "object", _("object")
    NO_INSTRUCTION = "no_instruction", _("no instruction yet")


class ParagraphState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    BRACKETED = "bracketed", _("bracketed")
    AGREED_AD_REF = "agreed_ad_ref", _("agreed ad referendum")
    AGREED = "agreed", _("agreed")
    REOPENED = "reopened", _("reopened")


class AmendmentKind(models.TextChoices):
    INSERT = "insert", _("insert")
    DELETE = "delete", _("delete")
    REPLACE = "replace", _("replace")
    MOVE = "move", _("move")


class AmendmentState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    INCORPORATED = "incorporated", _("incorporated")
    INCORPORATED_MODIFIED = "incorporated_modified", _("incorporated as modified")
    NOT_RETAINED = "not_retained", _("not retained")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Workflow as data (Datatracker style): which state may follow which.
AMENDMENT_TRANSITIONS: dict[str, set[str]] = {
    AmendmentState.DRAFT: {AmendmentState.SUBMITTED, AmendmentState.WITHDRAWN},
    AmendmentState.SUBMITTED: {
        AmendmentState.UNDER_CONSIDERATION,
        AmendmentState.WITHDRAWN,
        AmendmentState.INCORPORATED,
        AmendmentState.INCORPORATED_MODIFIED,
        AmendmentState.NOT_RETAINED,
    },
    AmendmentState.UNDER_CONSIDERATION: {
        AmendmentState.INCORPORATED,
        AmendmentState.INCORPORATED_MODIFIED,
        AmendmentState.NOT_RETAINED,
        AmendmentState.WITHDRAWN,
    },
    AmendmentState.INCORPORATED: set(),
    AmendmentState.INCORPORATED_MODIFIED: set(),
    AmendmentState.NOT_RETAINED: set(),
    AmendmentState.WITHDRAWN: set(),
}


class ReservationKind(models.TextChoices):
    RESERVATION = "reservation", _("reservation")
    INTERPRETIVE_STATEMENT = "interpretive_statement", _("interpretive statement")
    NON_ASSOCIATION = "non_association", _("non-association")


class SilenceOutcome(models.TextChoices):
    RUNNING = "running", _("running")
    BROKEN = "broken", _("silence broken")
    PASSED = "passed", _("passed without objection")
    WITHDRAWN = "withdrawn", _("withdrawn by the chair")


# The consensus map's pills and cells show these short words so that 21 columns fit a screen
# and Korean labels do not break syllable by syllable; the full wording goes to assistive
# technology and into the map's legend. Contexts keep them apart from the full labels.
SHORT_STATE_LABELS: dict[str, Any] = {
    ParagraphState.PROPOSED: pgettext_lazy("short paragraph state", "proposed"),
    ParagraphState.BRACKETED: pgettext_lazy("short paragraph state", "bracketed"),
    ParagraphState.AGREED_AD_REF: pgettext_lazy("short paragraph state", "ad ref"),
    ParagraphState.AGREED: pgettext_lazy("short paragraph state", "agreed"),
    ParagraphState.REOPENED: pgettext_lazy("short paragraph state", "reopened"),
}
SHORT_STANCE_LABELS: dict[str, Any] = {
    Stance.SUPPORT: pgettext_lazy("short stance", "support"),
    Stance.CAN_LIVE_WITH: pgettext_lazy("short stance", "can live"),
    Stance.RESERVE: pgettext_lazy("short stance", "reserve"),
    Stance.OBJECT: pgettext_lazy("short stance", "object"),
    Stance.NO_INSTRUCTION: pgettext_lazy("short stance", "no instr."),
}
