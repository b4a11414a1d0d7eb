"""The projects JSON API. Reads follow the pages' rules exactly; writes go through the same
services as the pages. Handlers parse, authorise through ``permissions``, call one service."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.errors import NotFound
from secretariat.core.pagination import Pagination
from secretariat.core.permissions import require
from secretariat.core.schemas import IdPath
from secretariat.meetings import selectors as meeting_selectors
from secretariat.meetings.models import Document
from secretariat.negotiation import selectors as negotiation_selectors
from secretariat.negotiation.models import Text
from secretariat.registry.models import Economy, Forum, Organisation, Person
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .models import Project, ProjectKind, StandardStage
from .schemas import (
    ConceptNoteScoreOut,
    CosponsorRequest,
    DeliverableCreate,
    EconomyRef,
    MilestoneCreate,
    MilestoneOut,
    MilestoneUpdate,
    ParagraphCreate,
    ProjectCreate,
    ProjectDetailOut,
    ProjectOut,
    ProjectTransition,
    ProjectUpdate,
    RankedConceptNoteOut,
    RoundClose,
    RoundCreate,
    RoundOut,
    ScoreCreate,
    StageCreate,
)

router = Router(tags=["projects"])


def _one(queryset: Any, what: str, **lookup: Any) -> Any:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(f"No {what} {next(iter(lookup.values()))!r}.")
    return found


def _ref(field: str, queryset: Any, what: str, **lookup: Any) -> Any:
    """A reference in a request body; an unknown one is 422."""
    return body_reference(field, lambda: _one(queryset, what, **lookup))


def _many(field: str, queryset: Any, what: str, key: str, values: list[Any]) -> list[Any]:
    return [_ref(field, queryset, what, **{key: value}) for value in values]


def _relations(data: dict[str, Any]) -> None:
    """Slugs and codes in a create or update body, as rows."""
    if "co_owning_fora" in data and data["co_owning_fora"] is not None:
        data["co_owning_fora"] = _many(
            "co_owning_fora", Forum.objects, "forum", "slug", data["co_owning_fora"]
        )
    if "partners" in data and data["partners"] is not None:
        data["partners"] = _many(
            "partners", Organisation.objects, "organisation", "slug", data["partners"]
        )
    if "target_body" in data:
        slug = data["target_body"]
        data["target_body"] = (
            _ref("target_body", Organisation.objects, "organisation", slug=slug) if slug else None
        )


class ProjectFilter(Schema):
    kind: str | None = None
    state: str | None = None
    forum: str | None = None
    economy: str | None = None
    body: str | None = None


@router.get("/", response=list[ProjectOut], operation_id="list_projects")
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: ProjectFilter = Query(...)):  # noqa: B008
    """The projects the caller may see (approved and later ones are public), newest first."""
    projects = selectors.projects_visible_to(principal_for(request.user))
    projects = selectors.filtered(projects, selectors.normalised(filters.model_dump()))
    return selectors.for_list(projects)


@router.get("/kinds", response=list[dict[str, Any]], operation_id="list_project_kinds")
def list_project_kinds(request: HttpRequest):
    """The kinds with their lifecycles (states and allowed transitions), as the secretariat
    keeps them."""
    kinds = ProjectKind.objects.prefetch_related("states", "transitions__source",
                                                 "transitions__target")  # fmt: skip
    return [
        {
            "slug": kind.slug,
            "min_cosponsors": kind.min_cosponsors,
            "states": [s.slug for s in kind.states.all()],
            "public_states": [s.slug for s in kind.states.all() if s.is_public],
            "transitions": [
                {"from": t.source.slug, "to": t.target.slug, "actor": t.actor}
                for t in kind.transitions.all()
            ],
        }
        for kind in kinds
    ]


@router.get("/{project_id}", response=ProjectDetailOut, operation_id="get_project")
def get_project(request: HttpRequest, project_id: IdPath):
    project = permissions.access_project(request.user, project_id)
    project.detail = selectors.detail(principal_for(request.user), project)  # type: ignore[attr-defined]
    return project


@router.post("/", response={201: ProjectOut}, auth=write_auth, operation_id="create_project")
def create_project(request: HttpRequest, payload: ProjectCreate):
    """A concept note, by a delegate of the proposing economy in the responsible forum."""
    principal = permissions.signed_in(request.user)
    data = changes_from(payload, "title", "summary")
    data["kind"] = _ref("kind", ProjectKind.objects, "kind", slug=payload.kind)
    data["proposing_economy"] = _ref(
        "proposing_economy", Economy.objects, "economy", code=payload.proposing_economy.upper()
    )
    data["overseer"] = _ref("overseer", Person.objects, "person", pk=payload.overseer)
    data["responsible_forum"] = _ref(
        "responsible_forum", Forum.objects, "forum", slug=payload.responsible_forum
    )
    _relations(data)
    require(
        permissions.may_propose(
            principal, data["responsible_forum"].pk, data["proposing_economy"].pk
        ),  # fmt: skip
        "Only a delegate of the proposing economy in the responsible forum proposes a project.",
    )
    return 201, services.create_project(actor=request.user, **data)


@router.patch("/{project_id}", response=ProjectOut, auth=write_auth, operation_id="update_project")
def update_project(request: HttpRequest, project_id: IdPath, payload: ProjectUpdate):
    project = permissions.access_project(request.user, project_id, need="manage")
    data = changes_from(payload, "title", "summary")
    _relations(data)
    return services.update_project(
        actor=request.user, project=project, version=payload.version, **data
    )


@router.post(
    "/{project_id}/transitions",
    response=ProjectOut,
    auth=write_auth,
    operation_id="change_project_state",
)
def change_project_state(request: HttpRequest, project_id: IdPath, payload: ProjectTransition):
    """Take an allowed transition of the project's lifecycle (see ``list_project_kinds``)."""
    project = permissions.access_project(request.user, project_id, need="transition")
    return services.change_state(
        actor=request.user, project=project, version=payload.version, target=payload.state
    )


def _economy(code: str) -> Economy:
    return _ref("economy", Economy.objects, "economy", code=code.upper())


@router.post(
    "/{project_id}/cosponsors",
    response={201: dict[str, str]},
    auth=write_auth,
    operation_id="cosponsor_project",
)
def cosponsor_project(request: HttpRequest, project_id: IdPath, payload: EconomyRef):
    """The head of delegation co-sponsors for their own economy."""
    project = permissions.access_project(request.user, project_id, need="cosponsor")
    given = services.cosponsor(
        actor=request.user, project=project, economy=_economy(payload.economy)
    )
    return 201, {"economy": given.economy.code}


@router.post(
    "/{project_id}/cosponsors/withdraw",
    response=dict[str, str],
    auth=write_auth,
    operation_id="withdraw_cosponsorship",
)
def withdraw_cosponsorship(request: HttpRequest, project_id: IdPath, payload: EconomyRef):
    project = permissions.access_project(request.user, project_id, need="cosponsor")
    withdrawn = services.withdraw_cosponsorship(
        actor=request.user, project=project, economy=_economy(payload.economy)
    )
    when = withdrawn.withdrawn_at
    return {"economy": withdrawn.economy.code, "withdrawn_at": when.isoformat() if when else ""}


@router.post(
    "/{project_id}/cosponsor-requests",
    response=dict[str, int],
    auth=write_auth,
    operation_id="request_cosponsors",
)
def request_cosponsors(request: HttpRequest, project_id: IdPath, payload: CosponsorRequest):
    project = permissions.access_project(request.user, project_id, need="manage")
    economies = [_economy(code) for code in payload.economies]
    sent = services.request_cosponsors(actor=request.user, project=project, economies=economies)
    return {"sent": sent}


@router.post(
    "/{project_id}/milestones",
    response={201: MilestoneOut},
    auth=write_auth,
    operation_id="add_milestone",
)
def add_milestone(request: HttpRequest, project_id: IdPath, payload: MilestoneCreate):
    project = permissions.access_project(request.user, project_id, need="manage")
    data = changes_from(payload, "title")
    return 201, services.add_milestone(actor=request.user, project=project, **data)


@router.patch(
    "/milestones/{milestone_id}",
    response=MilestoneOut,
    auth=write_auth,
    operation_id="update_milestone",
)
def update_milestone(request: HttpRequest, milestone_id: IdPath, payload: MilestoneUpdate):
    milestone = permissions.access_milestone(request.user, milestone_id)
    data = changes_from(payload, "title")
    return services.update_milestone(
        actor=request.user, milestone=milestone, version=payload.version, **data
    )


@router.post(
    "/{project_id}/deliverables",
    response={201: dict[str, str]},
    auth=write_auth,
    operation_id="link_deliverable",
)
def link_deliverable(request: HttpRequest, project_id: IdPath, payload: DeliverableCreate):
    """A meeting document the caller may see, as the project's deliverable."""
    project = permissions.access_project(request.user, project_id, need="manage")
    visible = meeting_selectors.documents_visible_to(principal_for(request.user))
    document: Document = _ref("document", visible, "document", pk=payload.document)
    services.link_deliverable(actor=request.user, project=project, document=document)
    return 201, {"document": document.number}


@router.post(
    "/{project_id}/paragraphs",
    response={201: dict[str, str]},
    auth=write_auth,
    operation_id="link_paragraph",
)
def link_paragraph(request: HttpRequest, project_id: IdPath, payload: ParagraphCreate):
    """A paragraph (text slug + ``eid``) of a text the caller may see."""
    principal = principal_for(request.user)
    project = permissions.access_project(request.user, project_id, need="manage")
    texts = negotiation_selectors.texts_visible_to(principal)
    text: Text = _ref("text", texts, "text", slug=payload.text)
    services.link_paragraph(actor=request.user, project=project, text=text, eid=payload.eid)
    return 201, {"text": text.slug, "eid": payload.eid}


@router.post(
    "/{project_id}/stages",
    response={201: dict[str, str]},
    auth=write_auth,
    operation_id="record_stage",
)
def record_stage(request: HttpRequest, project_id: IdPath, payload: StageCreate):
    """A work item's stage in its standards body (ISO/IEC harmonized codes)."""
    project = permissions.access_project(request.user, project_id, need="manage")
    stage = _ref("stage", StandardStage.objects, "stage", code=payload.stage)
    services.record_stage(
        actor=request.user, project=project, stage=stage, reached_on=payload.reached_on,
        note=payload.note,
    )  # fmt: skip
    return 201, {"stage": stage.code}


# Scoring rounds ----------------------------------------------------------------------------


def _round_out(principal: Any) -> Any:
    return selectors.rounds_visible_to(principal).prefetch_related("criteria", "projects")


@router.get("/rounds/", response=list[RoundOut], operation_id="list_scoring_rounds")
@paginate(Pagination)
def list_scoring_rounds(request: HttpRequest):
    """The rounds of the fora the caller belongs to (every round for the secretariat)."""
    principal = principal_for(request.user)
    if not principal.is_authenticated:
        return selectors.rounds_visible_to(principal).none()
    return _round_out(principal)


@router.get("/rounds/{round_id}", response=RoundOut, operation_id="get_scoring_round")
def get_scoring_round(request: HttpRequest, round_id: IdPath):
    return permissions.access_round(request.user, round_id)


@router.post(
    "/rounds/", response={201: RoundOut}, auth=write_auth, operation_id="open_scoring_round"
)
def open_scoring_round(request: HttpRequest, payload: RoundCreate):
    """The forum's chair (or the secretariat) opens a round on its concept notes."""
    principal = permissions.signed_in(request.user)
    forum = _ref("forum", Forum.objects, "forum", slug=payload.forum)
    require(
        permissions.chairs(principal, forum.pk),
        "Only the forum's chair or the secretariat opens a scoring round.",
    )
    projects = _many("projects", Project.objects.select_related("state"), "project", "pk",
                     payload.projects)  # fmt: skip
    return 201, services.open_round(
        actor=request.user, forum=forum, name=payload.name, projects=projects
    )


@router.get(
    "/rounds/{round_id}/scores",
    response=list[ConceptNoteScoreOut],
    operation_id="list_round_scores",
)
def list_round_scores(request: HttpRequest, round_id: IdPath):
    """The caller's own scores while the round is open; everyone's once it is closed."""
    scoring_round = permissions.access_round(request.user, round_id)
    return list(selectors.scores_visible_to(principal_for(request.user), scoring_round))


@router.post(
    "/rounds/{round_id}/scores",
    response={201: list[ConceptNoteScoreOut]},
    auth=write_auth,
    operation_id="score_concept_note",
)
def score_concept_note(request: HttpRequest, round_id: IdPath, payload: ScoreCreate):
    scoring_round = permissions.access_round(request.user, round_id, need="score")
    project = _ref("project", scoring_round.projects.all(), "project", pk=payload.project)
    marks = {slug: (mark.value, mark.comment) for slug, mark in payload.marks.items()}
    return 201, services.score(
        actor=request.user, scoring_round=scoring_round, project=project, marks=marks
    )


@router.post(
    "/rounds/{round_id}/close",
    response=RoundOut,
    auth=write_auth,
    operation_id="close_scoring_round",
)
def close_scoring_round(request: HttpRequest, round_id: IdPath, payload: RoundClose):
    scoring_round = permissions.access_round(request.user, round_id, need="chair")
    return services.close_round(
        actor=request.user, scoring_round=scoring_round, version=payload.version
    )


@router.get(
    "/rounds/{round_id}/ranking",
    response=list[RankedConceptNoteOut],
    operation_id="get_round_ranking",
)
def get_round_ranking(request: HttpRequest, round_id: IdPath):
    """The closed round's concept notes by mean total score (empty while it is open)."""
    scoring_round = permissions.access_round(request.user, round_id)
    if scoring_round.state != "closed":
        return []
    return [
        {"project": r.project.pk, "mean_total": r.mean_total, "scorers": r.scorers,
         "state": r.project.state.slug}
        for r in selectors.ranking(scoring_round)
    ]  # fmt: skip
