"""Commitments drawn from agreed paragraphs, the economies' implementation reports on them,
and the assessors' scores. A score is never overwritten: re-scoring supersedes it."""

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField
from secretariat.core.models import VersionedModel
from secretariat.negotiation.models import Text, Version
from secretariat.registry.models import Economy, Forum

from .choices import CommitmentState, OwnerKind, ScoreValue, Stage


class Theme(VersionedModel):
    """One of an adopted text's themes; commitments and averages are grouped by it."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="themes")
    order = models.PositiveSmallIntegerField(default=1)
    name = TranslatedTextField(_("name"), max_length=300)

    class Meta:
        ordering = ["text_id", "order", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return f"theme {self.order} of text #{self.text_id}"


class Cycle(VersionedModel):
    """A monitoring period (a year by default). Its final scores become public when the
    secretariat publishes them (``final_published_at``, never undone)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    report_due_on = models.DateField(_("reports due"))
    final_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("monitoring cycle")
        verbose_name_plural = _("monitoring cycles")

    def __str__(self) -> str:
        return f"cycle {self.name}"


class Commitment(VersionedModel):
    """An agreed paragraph's promise, tied to the exact wording it came from: the paragraph's
    eId, the version and a SHA-256 of the wording, kept even if the text moves on."""

    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="commitments")
    source_version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    eid = models.CharField(max_length=60)
    paragraph_num = models.CharField(max_length=20, blank=True)
    wording = models.TextField(max_length=5000)
    wording_hash = models.CharField(max_length=64)
    phrase = models.CharField(_("operative phrase"), max_length=60, blank=True)
    span_start = models.PositiveIntegerField(default=0)
    span_end = models.PositiveIntegerField(default=0)
    title = TranslatedTextField(_("title"), max_length=300)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    owner_kind = models.CharField(
        max_length=10, choices=OwnerKind.choices, default=OwnerKind.ALL_ECONOMIES
    )
    owner_economies = models.ManyToManyField(Economy, blank=True, related_name="+")
    owner_forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    target_date = models.DateField(null=True, blank=True, help_text=_("empty: ongoing"))
    review_every_months = models.PositiveSmallIntegerField(default=12)
    state = models.CharField(
        max_length=12, choices=CommitmentState.choices, default=CommitmentState.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["text_id", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(fields=["text", "eid"], name="commitment_once_per_paragraph")
        ]

    def __str__(self) -> str:
        return f"commitment #{self.pk} ({self.eid})"

    @property
    def ongoing(self) -> bool:
        return self.target_date is None

    def span_parts(self) -> tuple[str, str, str]:
        """The wording split around the operative phrase, for highlighting it."""
        start, end = self.span_start, self.span_end
        return self.wording[:start], self.wording[start:end], self.wording[end:]


class ImplementationReport(VersionedModel):
    """What one economy did on one commitment in one cycle. A draft is its economy's own:
    ``submitted_at`` (set by the head of delegation, never cleared) is what shares it."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="reports")
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reports")
    body = models.TextField(max_length=10000, blank=True)
    evidence_links = models.JSONField(default=list, blank=True)
    # Documents already in the meetings' store, by number: their own classification decides
    # who may open them.
    evidence_documents = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    late = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["cycle_id", "commitment_id", "economy_id"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "economy", "cycle"], name="one_report_per_economy_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"implementation report #{self.pk}"


class Assessor(models.Model):
    """Someone the secretariat appointed to score (secretariat staff score without this)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitment_assessor"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")

    def __str__(self) -> str:
        return f"assessor #{self.pk}"


class Score(models.Model):
    """−1 / 0 / +1 for one economy on one commitment in one cycle, interim or final. Rows are
    never edited: a re-score supersedes the current row, so the history stays."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="scores")
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="scores")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    value = models.SmallIntegerField(choices=ScoreValue.choices)
    justification = models.TextField(max_length=5000)
    report = models.ForeignKey(
        ImplementationReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle_id", "commitment_id", "economy_id", "stage", "created_at", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "economy", "cycle", "stage"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_score",
            ),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="score_value_range"),
        ]

    def __str__(self) -> str:
        return f"score #{self.pk}"


class ScoreComment(models.Model):
    """An economy's reply to its score, kept beside it."""

    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(max_length=3000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a score")
        verbose_name_plural = _("comments on scores")

    def __str__(self) -> str:
        return f"comment on score #{self.score_id}"


class IdListField(models.TextField):  # type: ignore[type-arg]
    """A list of ids kept as its JSON text, and read back as the list. Not a ``JSONField``:
    PostgreSQL keeps jsonb in its own binary form and writes it out as text number by number
    on every read (half a millisecond of the heat map's rendering for its 63 sheets), where a
    text column is sent as it is stored."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return json.dumps(list(value), separators=(",", ":"))


class ScoreSheet(models.Model):
    """One economy's current scores in one cycle and stage, kept as data beside the ``Score``
    rows: the ids of the commitments it scored +1, 0 and −1. ``services.record_score`` keeps
    it in the same transaction as the score it writes; ``rebuild_score_sheets`` makes every
    sheet again from the scores. A heat map reads 21 sheets instead of 4,200 scores; the
    reader's rights are the scores' (stage, cycle, economy are the sheet's own columns)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    full = IdListField(default=list)  # commitment ids scored +1
    partial = IdListField(default=list)  # 0
    none = IdListField(default=list)  # −1
    # How many ids each list holds, written with them: the progress over cycles sums these
    # instead of decoding every cycle's lists, where every id is on the reader's map.
    full_count = models.PositiveIntegerField(default=0)
    partial_count = models.PositiveIntegerField(default=0)
    none_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cycle_id", "stage", "economy_id"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "economy", "stage"], name="one_score_sheet")
        ]

    def __str__(self) -> str:
        return f"score sheet {self.cycle_id}/{self.stage}/{self.economy_id}"

    def by_value(self) -> tuple[tuple[int, list[int]], ...]:
        return ((1, self.full), (0, self.partial), (-1, self.none))
