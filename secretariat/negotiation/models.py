"""Negotiated outcome documents: texts, immutable versions, paragraphs with stable eIds,
delegations' positions pinned to the wording they answered, and amendment proposals."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField, resolve
from secretariat.core.models import VersionedModel
from secretariat.registry.models import Delegation, Forum

from .choices import (
    AmendmentKind,
    AmendmentState,
    Classification,
    ConsensusRule,
    Part,
    ReservationKind,
    SilenceOutcome,
    Stance,
    TextKind,
    TextStatus,
    VersionKind,
)
from .consensus import has_open_brackets


class ImmutableModel(models.Model):
    """Rows that are facts once written (versions, their paragraphs)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not kwargs.pop("allow_update", False):
            raise RuntimeError(f"{type(self).__name__} rows are immutable.")
        super().save(*args, **kwargs)


class Text(VersionedModel):
    """An outcome document under negotiation in a forum."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="texts")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=TextKind.choices)
    title = TranslatedTextField(_("title"), max_length=500)
    # The language its paragraphs are worded in (a content language): texts negotiated here
    # are in the negotiating language, English; an imported text says its own (FRBRlanguage).
    language = models.CharField(_("language"), max_length=10, default="en")
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.RESTRICTED
    )
    consensus_rule = models.CharField(
        max_length=20, choices=ConsensusRule.choices, default=ConsensusRule.DEFAULT
    )
    # "Nothing is agreed until everything is agreed": agreement stays provisional until adoption.
    package_mode = models.BooleanField(default=True)
    status = models.CharField(
        max_length=20, choices=TextStatus.choices, default=TextStatus.NEGOTIATING
    )
    current_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    # When consensus fails and the chair issues the text under their own authority: each
    # paragraph's state and who objected or reserved, frozen at that moment.
    outcome_report = models.JSONField(null=True, blank=True)
    # The negotiating record (positions, amendments, map, report, redlines) is the owning
    # forum's until the secretariat derestricts it by a decision (ADR 0020).
    record_derestricted_at = models.DateTimeField(null=True, blank=True, editable=False)
    record_derestricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    record_derestriction_decision = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("text")
        verbose_name_plural = _("texts")

    def __str__(self) -> str:
        return resolve(self.title, "en").text or self.slug

    @property
    def is_concluded(self) -> bool:
        """Adopted, or issued as a chair's statement: its wording and its standing
        reservations are the outcome."""
        return self.status in (TextStatus.ADOPTED, TextStatus.FALLBACK)


class ImportedText(models.Model):
    """Where an adopted text imported from Akoma Ntoso came from. The FRBR expression URI is
    the file's own name for this wording in this language: importing it again finds this row
    instead of creating a second text (ADR 0033)."""

    text = models.OneToOneField(Text, on_delete=models.PROTECT, related_name="imported_from")
    expression_uri = models.CharField(max_length=500, unique=True)
    work_uri = models.CharField(max_length=500)
    # SHA-256 of the paragraphs as read (eIds and wording): the same URI with other wording
    # is refused rather than silently kept or replaced.
    wording_sha256 = models.CharField(max_length=64)
    file_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("imported text")
        verbose_name_plural = _("imported texts")

    def __str__(self) -> str:
        return self.expression_uri


class Version(ImmutableModel):
    """An immutable snapshot of a text."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=VersionKind.choices)
    author_role = models.CharField(max_length=40, default="chair")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Paragraphs this version dropped because incorporated amendments deleted them:
    # {eid: [amendment ids]} (a deleted paragraph has no row here to remember it on).
    deleted_by_amendments = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["text", "number"]
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="one_version_number_per_text")
        ]

    def __str__(self) -> str:
        return f"{self.text.slug} v{self.number} ({self.get_kind_display()})"


class Provision(models.Model):
    """A paragraph's identity across versions: its Akoma Ntoso eId, never reused in a text."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="provisions")
    eid = models.CharField(max_length=60)
    created_in = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["text", "eid"], name="eid_unique_per_text")]

    def __str__(self) -> str:
        return self.eid


class Paragraph(ImmutableModel):
    """A provision as worded in one version. ``content`` is a list of segments:
    ``{"text": …}``, ``{"bracket": …, "holders": [codes]}``, or
    ``{"options": [{"text": …, "holders": [codes]}, …]}``."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="paragraphs")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="wordings")
    part = models.CharField(max_length=20, choices=Part.choices, default=Part.BODY)
    order = models.PositiveIntegerField()
    num = models.CharField(max_length=20, blank=True)
    # The number it was first given, kept when renumbering (Akoma Ntoso wId).
    wid = models.CharField(max_length=60)
    heading = models.CharField(max_length=300, blank=True)
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    alternative_to = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.PROTECT, related_name="alternatives"
    )
    alternative_holders = models.JSONField(default=list, blank=True)
    illustrative = models.BooleanField(default=False)
    # The incorporated amendments this version's change to the paragraph came from (ids);
    # empty when the chair wrote it, and on every later version that leaves it as it is.
    from_amendments = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "provision"], name="one_wording_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.provision.eid} in v{self.version.number}"

    @property
    def bracketed(self) -> bool:
        """Whether its wording has open brackets (what the consensus rule reads of it)."""
        return has_open_brackets(self.content)


class Position(models.Model):
    """A delegation's stance on a provision, pinned to the wording hash it answered.
    A new position supersedes the old one; the history is kept."""

    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="positions")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    ad_referendum = models.BooleanField(default=False)
    confirm_by = models.DateField(null=True, blank=True)
    reason = models.TextField(max_length=2000, blank=True)
    wording_hash = models.CharField(max_length=64)
    answered_version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provision", "delegation", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "delegation"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_position",
            )
        ]

    def __str__(self) -> str:
        return f"position #{self.pk}"


class Amendment(VersionedModel):
    """A delegation's proposal against a provision at a version. Until it is submitted
    (``submitted_at`` set) it is its economy's own, whatever state it moves to (a draft
    withdrawn unsubmitted stays private)."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="amendments")
    against_version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    kind = models.CharField(max_length=10, choices=AmendmentKind.choices)
    proposed_text = models.TextField(max_length=5000, blank=True)
    after_provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    justification = models.TextField(max_length=5000, blank=True)
    proposer = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="amendments")
    co_sponsors = models.ManyToManyField(Delegation, blank=True, related_name="co_sponsored")
    state = models.CharField(
        max_length=30, choices=AmendmentState.choices, default=AmendmentState.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["text", "created_at"]
        indexes = [models.Index(fields=["text", "provision", "state"], name="amendment_lookup")]

    def __str__(self) -> str:
        return f"amendment #{self.pk}"


class Reservation(VersionedModel):
    """A delegation's reservation, interpretive statement or non-association, on one provision
    or on the whole text (no provision); rendered as a footnote in every output."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="reservations")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.PROTECT, related_name="reservations"
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="reservations"
    )
    kind = models.CharField(max_length=30, choices=ReservationKind.choices)
    statement = TranslatedTextField(_("statement"), max_length=3000)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["text", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class SilenceProcedure(models.Model):
    """A version circulated under silence: adopted at the deadline unless a delegation breaks
    silence first. One running procedure per text at a time."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="silence_procedures")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField()
    outcome = models.CharField(
        max_length=20, choices=SilenceOutcome.choices, default=SilenceOutcome.RUNNING
    )
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["text", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["text"],
                condition=Q(outcome="running"),
                name="one_running_silence_per_text",
            )
        ]

    def __str__(self) -> str:
        return f"silence on {self.text_id} until {self.deadline:%Y-%m-%d %H:%M}"


class SilenceBreak(models.Model):
    """A delegation's break of silence, with its reason; ends the procedure."""

    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.PROTECT, related_name="breaks")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "delegation"], name="one_break_per_delegation"
            )
        ]

    def __str__(self) -> str:
        return f"silence broken by {self.delegation_id}"


class VersionDraft(VersionedModel):
    """The chair's working copy of a text's next version, kept on the server between edits so
    nothing typed is lost. One open draft per text, shared by the chair and the secretariat;
    every write names the ``version`` it read (409 otherwise). ``paragraphs`` holds
    ``publish_version``'s dicts plus a draft-local ``key`` and ``from_amendments``."""

    text = models.OneToOneField(Text, on_delete=models.CASCADE, related_name="draft")
    base_version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    paragraphs = models.JSONField(default=list)
    # What carrying amendments forward could not settle alone: conflicts and proposals
    # "incorporated as modified" for the chair to review (shown until publication).
    carried = models.JSONField(default=dict, blank=True)
    next_key = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=VersionKind.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version draft")
        verbose_name_plural = _("version drafts")

    def __str__(self) -> str:
        return f"draft of {self.text_id} after v{self.base_version_id}"
