"""Reader comments under a public object (an adopted outcome, a news item), one reaction per
reader per comment, reports of abuse, and each target's comment settings.

A target is ``(target_kind, target_id)``: the objects belong to other apps, which register
a resolver for their kind in ``targets`` (so no foreign key reaches into them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CommentState, ReactionKind, ReportReason, TargetKind

MAX_LENGTH = 300  # characters of a comment (and of a report's note)


class CommentSettings(models.Model):
    """How one target takes comments: open or closed, pre-moderated or not, and whether
    links in comments are made clickable. A target without a row takes the defaults."""

    target_kind = models.CharField(max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    open = models.BooleanField(_("open for comments"), default=True)
    premoderated = models.BooleanField(_("pre-moderated"), default=False)
    links_allowed = models.BooleanField(_("links clickable"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id"], name="one_comment_settings_per_target"
            )
        ]
        verbose_name = _("comment settings")
        verbose_name_plural = _("comment settings")

    def __str__(self) -> str:
        return f"comment settings of {self.target_kind} #{self.target_id}"


class Comment(models.Model):
    """A reader's comment: plain text of at most 300 characters in one content language.
    ``likes`` and ``dislikes`` count its reactions (kept with them in one transaction), so a
    list of comments needs no aggregate."""

    target_kind = models.CharField(max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.CharField(_("comment"), max_length=MAX_LENGTH)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        max_length=20, choices=CommentState.choices, default=CommentState.PUBLISHED
    )
    hidden_reason = models.CharField(max_length=MAX_LENGTH, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    likes = models.PositiveIntegerField(default=0)
    dislikes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["target_kind", "target_id", "state", "-created_at"],
                name="comment_target_state",
            )
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"comment #{self.pk}"  # never the text: the log keeps a digest only


class Reaction(models.Model):
    """One reader's one reaction to one comment (the unique constraint decides races)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reactions"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_reaction_per_reader")
        ]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")

    def __str__(self) -> str:
        return f"reaction #{self.pk}"


class Report(models.Model):
    """A reader's report of a comment to the moderators (one per reader per comment)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=MAX_LENGTH, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report #{self.pk}"
