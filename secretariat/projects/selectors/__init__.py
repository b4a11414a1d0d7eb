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

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Count,
    DateField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast

from secretariat.core.in_subquery import InSubquery
from secretariat.core.prepared import Prepared
from secretariat.meetings import selectors as meeting_selectors

from ..choices import MilestoneState, RoundState
from ..models import (
    Cosponsorship,
    Deliverable,
    LifecycleState,
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


def in_a_public_state() -> Q:
    """Projects in a public state of their lifecycle. On PostgreSQL the public states' ids
    are read first (``InSubquery``): counting the public projects of 1,000 cost 0.06 ms
    against 0.12 ms as a join to the states, and the list's page, which walks the newest
    first, compares each row with a dozen ids instead of joining it to its state. SQLite
    joins the states: there the ids' subquery made the list's page and count slower (0.17
    to 0.26 ms signed out, 0.46 to 0.84 ms for a delegate)."""
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return Q(state__is_public=True)
    public_states = LifecycleState.objects.filter(is_public=True).order_by().values("pk")
    return Q(InSubquery(F("state_id"), public_states))


def owned_by_fora(forum_ids: Any) -> Q:
    """Projects whose responsible or a co-owning forum is among ``forum_ids``."""
    co_owned = Project.co_owning_fora.through.objects.filter(forum_id__in=forum_ids)
    return Q(responsible_forum_id__in=forum_ids) | Q(pk__in=co_owned.values("project_id"))


def visibility_rule(principal: "Principal") -> Q | None:
    """None: everything (the secretariat)."""
    forum_ids = sorted(principal.forum_ids)
    return rule_for(principal.is_secretariat, bool(forum_ids), forum_ids)


def rule_for(secretariat: bool, member: bool, forum_ids: Any) -> Q | None:
    """The rule from the viewer's facts, for the ordinary reads and the prepared one
    (``visible_list_ids``) alike: ``member``, whether they belong to any forum."""
    if secretariat:
        return None
    rule = in_a_public_state()
    if member:
        rule |= owned_by_fora(forum_ids)
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
    found = progress_of([p.pk for p in projects], today)
    return [(p, found.get(p.pk, Progress())) for p in projects]


def _milestone_counts(today: str) -> dict[str, Count]:
    """What the list shows of a project's milestones, counted: how many count (not
    cancelled), are done, are overdue (open, due before ``today``, an ISO date the database
    reads as a date)."""
    due_before_today = Q(due_on__lt=Cast(Value(today), DateField()))
    return {
        "counted": Count("pk", filter=~Q(state=MilestoneState.CANCELLED)),
        "done": Count("pk", filter=Q(state=MilestoneState.DONE)),
        "overdue": Count(
            "pk", filter=Q(state__in=sorted(MilestoneState.open_states())) & due_before_today
        ),
    }


def _milestone_figures(ids: tuple[int, ...], today: str) -> QuerySet[Any]:
    """Per project of ``ids`` with milestones, ``_milestone_counts``."""
    return (
        Milestone.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(**_milestone_counts(today))
        .values_list("project_id", "counted", "done", "overdue")  # type: ignore[misc]  # annotated above
    )


_MILESTONE_FIGURES = Prepared(_milestone_figures, "ids", "today")


def progress_of(project_ids: list[int], today: date) -> dict[int, Progress]:
    """The milestone figures of ``project_ids`` (those with milestones), counted by the
    database in one query: a row per project, not one per milestone."""
    rows = _MILESTONE_FIGURES.rows(ids=tuple(project_ids), today=today.isoformat())
    return {project_id: Progress(*figures) for project_id, *figures in rows}


FILTERS = ("kind", "state", "forum", "economy", "body")


def normalised(filters: dict[str, str]) -> dict[str, str]:
    """The filters given, as ``filtered`` compares them (economy codes in upper case)."""
    found = {name: filters[name] for name in FILTERS if filters.get(name)}
    if "economy" in found:
        found["economy"] = found["economy"].upper()
    return found


def filtered(projects: QuerySet[Project], filters: dict[str, str]) -> QuerySet[Project]:
    """The list's filters (``normalised``), each a slug or code; unknown values simply match
    nothing."""
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
        code = filters["economy"]  # upper-case (``normalised``)
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


# The list's and the forum page's reads, kept in modules of their own; their names are read
# from here as before. Imported last: they build on the rules above.
from .filter_choices import (  # noqa: E402
    CHOICE_FILTERS,
    Choices,
    Names,
    filter_choices,
)
from .forum_page import (  # noqa: E402
    FORUM_PAGE_LIMIT,
    FORUM_PAGE_READS,
    forum_page_reads,
    forum_page_rows,
    owned_by_the_row,
)
from .listing import (  # noqa: E402
    FORUM_PAGE_COLUMNS,
    LIST_COLUMNS,
    NEWEST_FIRST,
    ListRow,
    VisibleList,
    list_rows,
    list_rows_and_choices,
)
from .page_details import PageDetails  # noqa: E402

__all__ = [
    "CHOICE_FILTERS", "Names",
    "FORUM_PAGE_COLUMNS", "FORUM_PAGE_LIMIT", "FORUM_PAGE_READS",
    "LIST_COLUMNS", "NEWEST_FIRST", "Choices", "ListRow", "PageDetails",
    "VisibleList", "filter_choices", "forum_page_reads", "forum_page_rows", "list_rows",
    "list_rows_and_choices", "owned_by_the_row",
]  # fmt: skip
