"""Projects and standardisation work items after the declaration, with their lifecycles as
data (ADR 0028): each ``ProjectKind`` has its ``LifecycleState`` rows and the
``LifecycleTransition`` rows between them, which the secretariat edits in the admin; the
services follow whatever the tables say."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField, resolve
from secretariat.core.models import VersionedModel
from secretariat.meetings.models import Document
from secretariat.negotiation.models import Text
from secretariat.registry.models import Economy, Forum, Organisation, Person

from .choices import FundingAccount, MilestoneState, RoundState, TransitionActor


class ProjectKind(models.Model):
    """A kind of project (joint research, standardisation work item, capacity building) and
    the co-sponsor minimum the secretariat sets for it."""

    slug = models.SlugField(max_length=40, unique=True)
    name = TranslatedTextField(_("name"), max_length=200)
    min_cosponsors = models.PositiveSmallIntegerField(
        _("co-sponsoring economies needed"), default=2
    )
    has_standards_body = models.BooleanField(
        _("tracked in a standards body"),
        default=False,
        help_text=_("Work items carry the target body, the reference and the stage there."),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("project kind")
        verbose_name_plural = _("project kinds")

    def __str__(self) -> str:
        return resolve(self.name, "en").text or self.slug


class LifecycleState(models.Model):
    """A state of one kind's lifecycle. ``is_public``: projects in it are public (approved
    and later); ``is_initial``: where a new concept note starts (one per kind)."""

    kind = models.ForeignKey(ProjectKind, on_delete=models.CASCADE, related_name="states")
    slug = models.SlugField(max_length=40)
    name = TranslatedTextField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    is_initial = models.BooleanField(default=False)
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "order", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="projects_state_slug_per_kind"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_initial=True), name="projects_one_initial_state"
            ),
        ]
        verbose_name = _("lifecycle state")
        verbose_name_plural = _("lifecycle states")

    def __str__(self) -> str:
        return f"{self.kind.slug}: {self.slug}"


class LifecycleTransition(models.Model):
    """An allowed move between two states of a kind, who may take it and what it needs."""

    kind = models.ForeignKey(ProjectKind, on_delete=models.CASCADE, related_name="transitions")
    source = models.ForeignKey(LifecycleState, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(LifecycleState, on_delete=models.CASCADE, related_name="incoming")
    actor = models.CharField(max_length=20, choices=TransitionActor.choices)
    requires_cosponsors = models.BooleanField(
        _("needs the kind's minimum of co-sponsors"), default=False
    )
    requires_closed_round = models.BooleanField(
        _("needs a closed scoring round that scored the project"), default=False
    )

    class Meta:
        ordering = ["kind", "source__order", "target__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="projects_one_transition_per_pair"
            )
        ]
        verbose_name = _("lifecycle transition")
        verbose_name_plural = _("lifecycle transitions")

    def __str__(self) -> str:
        return f"{self.source.slug} → {self.target.slug}"

    def clean(self) -> None:
        """Both ends are states of the transition's own kind."""
        ends = (self.source, self.target) if self.source_id and self.target_id else ()
        if any(state.kind_id != self.kind_id for state in ends):
            raise ValidationError(_("Both states must belong to the transition's kind."))


class StandardStage(models.Model):
    """A stage of a document in a standards body (ISO/IEC harmonized codes, kept as data)."""

    code = models.CharField(max_length=10, unique=True)
    name = TranslatedTextField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("standards stage")
        verbose_name_plural = _("standards stages")

    def __str__(self) -> str:
        return self.code


class Project(VersionedModel):
    """A project or work item: proposed by an economy, overseen by one of its people, owned
    by a responsible forum and any number of co-owning fora."""

    kind = models.ForeignKey(ProjectKind, on_delete=models.PROTECT, related_name="projects")
    state = models.ForeignKey(LifecycleState, on_delete=models.PROTECT, related_name="projects")
    title = TranslatedTextField(_("title"), max_length=300)
    summary = TranslatedTextField(_("summary"), max_length=5000, blank=True)
    proposing_economy = models.ForeignKey(
        Economy, on_delete=models.PROTECT, related_name="proposed_projects"
    )
    overseer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="overseen_projects")
    responsible_forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="responsible_projects"
    )
    co_owning_fora = models.ManyToManyField(Forum, blank=True, related_name="co_owned_projects")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_projects")
    funding_account = models.CharField(
        max_length=10, choices=FundingAccount.choices, default=FundingAccount.SELF_FUNDED
    )
    funding_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    funding_currency = models.CharField(max_length=3, default="USD")
    # Standardisation work items only (kind.has_standards_body).
    target_body = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    body_reference = models.CharField(_("reference in the body"), max_length=100, blank=True)
    stage = models.ForeignKey(
        StandardStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The list and the forum page read a page of the newest: without it the database
        # sorts every visible project to return fifty.
        indexes = [models.Index(fields=["-created_at", "-id"], name="project_newest_first")]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        # Not the title: concept notes are the owning fora's, and this lands in the audit log.
        return f"project #{self.pk}"


class Cosponsorship(models.Model):
    """An economy co-sponsoring a project, given by its head of delegation; withdrawal keeps
    the row (who and when), and an economy may co-sponsor again later."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cosponsorships")
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="cosponsorships")
    given_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "economy"],
                condition=Q(withdrawn_at__isnull=True),
                name="projects_one_active_cosponsorship",
            )
        ]
        verbose_name = _("co-sponsorship")
        verbose_name_plural = _("co-sponsorships")

    def __str__(self) -> str:
        return f"co-sponsorship #{self.pk} of project #{self.project_id}"


class StateChange(models.Model):
    """The project's lifecycle history: who moved it from where to where, and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="state_changes")
    source = models.ForeignKey(
        LifecycleState, null=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(LifecycleState, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"state change #{self.pk} of project #{self.project_id}"


class StageChange(models.Model):
    """A work item's stage in its standards body, with the date the body reached it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.ForeignKey(StandardStage, on_delete=models.PROTECT, related_name="+")
    reached_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["reached_on", "pk"]

    def __str__(self) -> str:
        return f"stage {self.stage_id} of project #{self.project_id}"


class Milestone(VersionedModel):
    """A dated step of a project; done and cancelled ones are never overdue."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = TranslatedTextField(_("title"), max_length=300)
    due_on = models.DateField(_("due date"))
    state = models.CharField(
        max_length=20, choices=MilestoneState.choices, default=MilestoneState.PLANNED
    )
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"milestone #{self.pk} of project #{self.project_id}"

    def is_overdue_on(self, today) -> bool:  # type: ignore[no-untyped-def]
        return self.state in MilestoneState.open_states() and self.due_on < today


class Deliverable(models.Model):
    """A meeting document the project delivered (numbered by meetings as every document)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "document"], name="projects_one_deliverable_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"deliverable #{self.pk} of project #{self.project_id}"


class ParagraphLink(models.Model):
    """A declaration paragraph (text + ``eid``) the project implements."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="paragraphs")
    text = models.ForeignKey(Text, on_delete=models.PROTECT, related_name="+")
    eid = models.CharField(max_length=60)

    class Meta:
        ordering = ["text", "eid"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "text", "eid"], name="projects_one_link_per_paragraph"
            )
        ]
        indexes = [models.Index(fields=["text", "eid"], name="projects_paragraph_text")]

    def __str__(self) -> str:
        return f"{self.eid} for project #{self.project_id}"


class Criterion(models.Model):
    """A concept-note scoring criterion (data: the secretariat adds and retires them)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = TranslatedTextField(_("name"), max_length=200)
    description = TranslatedTextField(_("description"), max_length=1000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self) -> str:
        return self.slug


class ScoringRound(VersionedModel):
    """A round in which the responsible forum's delegates score concept notes. Each
    scorer's marks are theirs alone until the round closes."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="scoring_rounds")
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    criteria = models.ManyToManyField(Criterion, related_name="+")
    projects = models.ManyToManyField(Project, related_name="scoring_rounds")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")

    def __str__(self) -> str:
        return f"scoring round #{self.pk}"


class Score(models.Model):
    """One scorer's mark (1–5) and comment for one criterion of one project in a round."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="scores")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    scorer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "criterion", "scorer"], name="projects_one_score"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="projects_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"score #{self.pk}"
