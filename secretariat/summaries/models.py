"""Automatic extracts: 3–5 sentences chosen from a long document or text, made in the
background and always shown labelled as an automatic extract (ADR 0033)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import TargetKind


class Summary(models.Model):
    """The extract of one object (``target_kind`` #``target_id``) as its source stood when it
    was made (``source_sha256``); visibility is the object's own, decided where it is shown."""

    target_kind = models.CharField(max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    source_sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=10, blank=True)
    # The chosen sentences, in the order of the source.
    sentences = models.JSONField(default=list)
    # Which splitter and embedder chose them (to tell extracts by another model apart).
    method = models.CharField(max_length=100)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("automatic extract")
        verbose_name_plural = _("automatic extracts")
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id"], name="one_summary_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"extract of {self.target_kind} #{self.target_id}"
