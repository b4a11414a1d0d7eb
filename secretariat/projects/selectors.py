"""Reads that decide who sees which projects, rounds and scores.

- A project in a public state of its lifecycle (approved and later) is public.
- Any other (concept notes, proposals, withdrawn and refused ones) is for the members of the
  fora that own it (responsible and co-owning) and the secretariat.
- A scoring round is its forum's members' and the secretariat's; while it is open each
  scorer sees only their own scores (not the chair, not the secretariat); once it closes,
  everyone who sees the round sees every score and the ranked list."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet

from secretariat.meetings import selectors as meeting_selectors

from .choices import MilestoneState, RoundState
from .models import (
    Cosponsorship,
    Deliverable,
    LifecycleTransition,
    Milestone,
    ParagraphLink,
    Project,
    Score,
    ScoringRound,
    StageChange,
    StateChange,
)

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def owned_by_fora(forum_ids: Any) -> Q:
    """Projects whose responsible or a co-owning forum is among ``forum_ids``."""
    co_owned = Project.co_owning_fora.through.objects.filter(forum_id__in=forum_ids)
    return Q(responsible_forum_id__in=forum_ids) | Q(pk__in=co_owned.values("project_id"))


def visibility_rule(principal: "Principal") -> Q | None:
    """None: everything (the secretariat)."""
    if principal.is_secretariat:
        return None
    rule = Q(state__is_public=True)
    if principal.forum_ids:
        rule |= owned_by_fora(sorted(principal.forum_ids))
    return rule


def projects_visible_to(principal: "Principal") -> QuerySet[Project]:
    projects = Project.objects.select_related(
        "kind", "state", "proposing_economy", "responsible_forum", "target_body", "stage"
    )
    rule = visibility_rule(principal)
    return projects if rule is None else projects.filter(rule)


def active_cosponsorships() -> QuerySet[Cosponsorship]:
    return Cosponsorship.objects.filter(withdrawn_at__isnull=True).select_related("economy")


# Renewed by every write to projects (``services.renews_pages``): the cached list pages.
LIST_TOKEN = "projects:list"


def for_list(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What the list and the CSV show of each project, in a constant number of queries
    (the milestone figures come from ``with_progress`` on the rows shown)."""
    return projects.order_by("-created_at", "-pk").prefetch_related(
        "co_owning_fora",
        "partners",
        Prefetch("cosponsorships", queryset=active_cosponsorships(), to_attr="active_cosponsors"),
    )


@dataclass(frozen=True)
class Progress:
    counted: int = 0  # not cancelled
    done: int = 0
    overdue: int = 0

    @property
    def per_cent(self) -> int:
        return progress(self.done, self.counted)


def with_progress(projects: list[Project], today: date) -> list[tuple[Project, Progress]]:
    """Each project with its milestone figures, counted in one query for the rows shown."""
    open_states = sorted(MilestoneState.open_states())
    counts = (
        Milestone.objects.filter(project_id__in=[p.pk for p in projects])
        .values("project_id")
        .annotate(
            counted=Count("pk", filter=~Q(state=MilestoneState.CANCELLED)),
            done=Count("pk", filter=Q(state=MilestoneState.DONE)),
            overdue=Count("pk", filter=Q(state__in=open_states, due_on__lt=today)),
        )
        .order_by()
    )
    found = {
        row["project_id"]: Progress(row["counted"], row["done"], row["overdue"]) for row in counts
    }
    return [(p, found.get(p.pk, Progress())) for p in projects]


def filtered(projects: QuerySet[Project], filters: dict[str, str]) -> QuerySet[Project]:
    """The list's filters, each a slug or code; unknown values simply match nothing."""
    if filters.get("kind"):
        projects = projects.filter(kind__slug=filters["kind"])
    if filters.get("state"):
        projects = projects.filter(state__slug=filters["state"])
    if filters.get("forum"):
        slug = filters["forum"]
        projects = projects.filter(
            Q(responsible_forum__slug=slug)
            | Q(pk__in=Project.co_owning_fora.through.objects.filter(forum__slug=slug).values(
                "project_id"))
        )  # fmt: skip
    if filters.get("economy"):
        code = filters["economy"].upper()
        projects = projects.filter(
            Q(proposing_economy__code=code)
            | Q(pk__in=active_cosponsorships().filter(economy__code=code).values("project_id"))
        )
    if filters.get("body"):
        projects = projects.filter(target_body__slug=filters["body"])
    return projects


def progress(done: int, total: int) -> int:
    """Per cent of the milestones done (cancelled ones do not count)."""
    return round(100 * done / total) if total else 0


@dataclass(frozen=True)
class ProjectDetail:
    project: Project
    cosponsors: list[Cosponsorship]
    withdrawn_cosponsors: list[Cosponsorship]
    milestones: list[Milestone]
    deliverables: list[Deliverable]
    paragraphs: list[ParagraphLink]
    history: list[StateChange]
    stages: list[StageChange]
    transitions: list[LifecycleTransition]
    progress: int


def detail(principal: "Principal", project: Project) -> ProjectDetail:
    """Everything the project page shows, in a constant number of queries. Deliverables are
    the documents the viewer may see."""
    sponsorships = list(
        project.cosponsorships.select_related("economy", "given_by").order_by("given_at", "pk")
    )
    milestones = list(project.milestones.all())
    counted = [m for m in milestones if m.state != MilestoneState.CANCELLED]
    done = sum(1 for m in counted if m.state == MilestoneState.DONE)
    visible_documents = meeting_selectors.documents_visible_to(principal).values("pk")
    return ProjectDetail(
        project=project,
        cosponsors=[s for s in sponsorships if s.withdrawn_at is None],
        withdrawn_cosponsors=[s for s in sponsorships if s.withdrawn_at is not None],
        milestones=milestones,
        deliverables=list(
            project.deliverables.filter(document_id__in=visible_documents).select_related(
                "document", "document__meeting"
            )
        ),
        paragraphs=list(project.paragraphs.select_related("text")),
        history=list(project.state_changes.select_related("source", "target")),
        stages=list(project.stage_changes.select_related("stage")),
        transitions=list(
            LifecycleTransition.objects.filter(source_id=project.state_id).select_related("target")
        ),
        progress=progress(done, len(counted)),
    )


def rounds_visible_to(principal: "Principal") -> QuerySet[ScoringRound]:
    rounds = ScoringRound.objects.select_related("forum")
    if principal.is_secretariat:
        return rounds
    return rounds.filter(forum_id__in=sorted(principal.forum_ids))


def scores_visible_to(principal: "Principal", scoring_round: ScoringRound) -> QuerySet[Score]:
    """Every score once the round is closed; until then only the viewer's own."""
    scores = Score.objects.filter(round=scoring_round).select_related("scorer", "criterion")
    if scoring_round.state == RoundState.CLOSED:
        return scores
    if principal.person_id is None:
        return scores.none()
    return scores.filter(scorer_id=principal.person_id)


@dataclass(frozen=True)
class RankedProject:
    project: Project
    mean_total: Decimal
    scorers: int


def ranking(scoring_round: ScoringRound) -> list[RankedProject]:
    """The closed round's projects by their mean total (a scorer's total is the sum of their
    marks over the criteria), best first; projects nobody scored come last."""
    totals: dict[int, dict[int, int]] = {}
    for project_id, scorer_id, value in Score.objects.filter(round=scoring_round).values_list(
        "project_id", "scorer_id", "value"
    ):
        per_scorer = totals.setdefault(project_id, {})
        per_scorer[scorer_id] = per_scorer.get(scorer_id, 0) + value
    ranked = []
    for project in scoring_round.projects.select_related("state", "kind", "proposing_economy"):
        per_scorer = totals.get(project.pk, {})
        mean = (
            (Decimal(sum(per_scorer.values())) / len(per_scorer)).quantize(Decimal("0.01"))
            if per_scorer
            else Decimal(0)
        )
        ranked.append(RankedProject(project=project, mean_total=mean, scorers=len(per_scorer)))
    return sorted(ranked, key=lambda r: (-r.mean_total, r.project.pk))


def scorer_count(scoring_round: ScoringRound) -> int:
    """How many people have scored so far (shown while the round is open; not who)."""
    return Score.objects.filter(round=scoring_round).values("scorer_id").distinct().count()


def overdue_milestones(today: date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(
        state__in=sorted(MilestoneState.open_states()), due_on__lt=today
    ).select_related("project", "project__overseer", "project__responsible_forum")
