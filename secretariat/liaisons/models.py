"""Liaison statements between a forum and a standards body or another forum, in either
direction, as in the IETF Datatracker: purpose, deadline, attachments (meeting documents),
the statement it answers, and a state."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField
from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Document
from secretariat.registry.models import Forum, Organisation

from .choices import ISSUED_STATES, Direction, LiaisonState, Purpose

MAX_TITLE = 300
MAX_BODY = 20_000


class LiaisonStatement(VersionedModel):
    """A statement ``forum`` sends to (outgoing) or receives from (incoming) its
    counterpart: another forum or an organisation, exactly one. A statement for action has
    a deadline; one in response names the statement it answers."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="liaisons")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    counterpart_forum = models.ForeignKey(
        Forum,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_liaisons",
    )
    counterpart_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="liaisons"
    )
    title = TranslatedTextField(_("title"), max_length=MAX_TITLE)
    body = TranslatedTextField(_("text"), max_length=MAX_BODY, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    in_response_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    state = models.CharField(
        max_length=20, choices=LiaisonState.choices, default=LiaisonState.DRAFT
    )
    is_restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Only the members of the fora concerned see a restricted statement."),
    )
    issued_on = models.DateField(_("sent or received on"), null=True, blank=True)
    attachments = models.ManyToManyField(
        Document, blank=True, related_name="liaison_statements", verbose_name=_("attachments")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["forum", "state"], name="liaison_forum_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(counterpart_forum__isnull=True, counterpart_organisation__isnull=False)
                | Q(counterpart_forum__isnull=False, counterpart_organisation__isnull=True),
                name="liaison_one_counterpart",
            ),
            models.CheckConstraint(
                condition=~Q(counterpart_forum=models.F("forum")),
                name="liaison_not_to_itself",
            ),
            models.CheckConstraint(
                condition=~Q(purpose=Purpose.FOR_ACTION) | Q(deadline__isnull=False),
                name="liaison_action_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(purpose=Purpose.IN_RESPONSE) | Q(in_response_to__isnull=False),
                name="liaison_response_names_statement",
            ),
        ]
        verbose_name = _("liaison statement")
        verbose_name_plural = _("liaison statements")

    def __str__(self) -> str:
        # Not the title: drafts and restricted statements must not reach the log's readers.
        return f"liaison statement #{self.pk}"

    @property
    def counterpart(self) -> Forum | Organisation | None:
        return self.counterpart_forum or self.counterpart_organisation

    @property
    def is_issued(self) -> bool:
        return self.state in ISSUED_STATES

    @property
    def sender(self) -> Forum | Organisation | None:
        return self.forum if self.direction == Direction.OUTGOING else self.counterpart

    @property
    def recipient(self) -> Forum | Organisation | None:
        return self.counterpart if self.direction == Direction.OUTGOING else self.forum

    def is_overdue_on(self, today: date, *, answered: bool) -> bool:
        """For action, issued, its deadline passed, and no issued response yet."""
        return (
            self.purpose == Purpose.FOR_ACTION
            and self.is_issued
            and self.deadline is not None
            and self.deadline < today
            and not answered
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.counterpart_forum_id is None) == (self.counterpart_organisation_id is None):
            errors["counterpart_forum"] = _(
                "Name the other side: either a forum or an organisation."
            )
        elif self.counterpart_forum_id == self.forum_id:
            errors["counterpart_forum"] = _("A forum does not send liaison statements to itself.")
        if self.purpose == Purpose.FOR_ACTION and self.deadline is None:
            errors["deadline"] = _("A statement for action needs a deadline.")
        if self.purpose == Purpose.IN_RESPONSE and self.in_response_to_id is None:
            errors["in_response_to"] = _("A response names the statement it answers.")
        if self.purpose != Purpose.IN_RESPONSE and self.in_response_to_id is not None:
            errors["purpose"] = _("A statement that answers another has the purpose in response.")
        if errors:
            raise ValidationError(errors)
