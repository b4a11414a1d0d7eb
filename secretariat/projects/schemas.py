"""Projects as the API shows them (``…Out``) and accepts them (``…Create``, ``…Update``)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Schema

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, Id, TranslatedIn, TranslatedOut

from .choices import FundingAccount, MilestoneState, RoundState
from .models import Milestone, Project, ScoringRound

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Version = Field(..., ge=1, le=MAX_ID)


class MilestoneOut(Schema):
    id: int
    title: TranslatedOut
    display_title: str
    due_on: date
    state: MilestoneState
    done_on: date | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_display_title(obj: Milestone) -> str:
        return resolve(obj.title, get_language()).text

    @staticmethod
    def resolve_overdue(obj: Milestone) -> bool:
        return obj.is_overdue_on(timezone.localdate())


class ProjectOut(Schema):
    id: int
    kind: str
    state: str
    public: bool
    title: TranslatedOut
    display_title: str
    summary: TranslatedOut
    proposing_economy: str = Field(..., description="ISO alpha-2 code")
    overseer: int = Field(..., description="The Project Overseer (a person id)")
    responsible_forum: str
    co_owning_fora: list[str]
    partners: list[str]
    cosponsors: list[str] = Field(..., description="Economies co-sponsoring now")
    funding_account: FundingAccount
    funding_amount: Decimal | None
    funding_currency: str
    target_body: str | None
    body_reference: str
    stage: str | None
    version: int

    @staticmethod
    def resolve_kind(obj: Project) -> str:
        return obj.kind.slug

    @staticmethod
    def resolve_state(obj: Project) -> str:
        return obj.state.slug

    @staticmethod
    def resolve_public(obj: Project) -> bool:
        return obj.state.is_public

    @staticmethod
    def resolve_display_title(obj: Project) -> str:
        return resolve(obj.title, get_language()).text

    @staticmethod
    def resolve_proposing_economy(obj: Project) -> str:
        return obj.proposing_economy.code

    @staticmethod
    def resolve_overseer(obj: Project) -> int:
        return obj.overseer_id

    @staticmethod
    def resolve_responsible_forum(obj: Project) -> str:
        return obj.responsible_forum.slug

    @staticmethod
    def resolve_co_owning_fora(obj: Project) -> list[str]:
        return sorted(forum.slug for forum in obj.co_owning_fora.all())

    @staticmethod
    def resolve_partners(obj: Project) -> list[str]:
        return sorted(org.slug for org in obj.partners.all())

    @staticmethod
    def resolve_cosponsors(obj: Project) -> list[str]:
        found = getattr(obj, "active_cosponsors", None)
        if found is None:
            found = obj.cosponsorships.filter(withdrawn_at__isnull=True).select_related("economy")
        return sorted(s.economy.code for s in found)

    @staticmethod
    def resolve_target_body(obj: Project) -> str | None:
        return obj.target_body.slug if obj.target_body else None

    @staticmethod
    def resolve_stage(obj: Project) -> str | None:
        return obj.stage.code if obj.stage else None


class ProjectDetailOut(ProjectOut):
    progress: int = Field(..., description="Per cent of the milestones done")
    milestones: list[MilestoneOut]
    paragraphs: list[dict[str, str]]
    deliverables: list[str] = Field(..., description="Document numbers the viewer may see")
    stage_history: list[dict[str, str]]
    state_history: list[dict[str, Any]]

    @staticmethod
    def resolve_progress(obj: Any) -> int:
        return obj.detail.progress

    @staticmethod
    def resolve_milestones(obj: Any) -> list[Any]:
        return obj.detail.milestones

    @staticmethod
    def resolve_paragraphs(obj: Any) -> list[dict[str, str]]:
        return [{"text": p.text.slug, "eid": p.eid} for p in obj.detail.paragraphs]

    @staticmethod
    def resolve_deliverables(obj: Any) -> list[str]:
        return [d.document.number for d in obj.detail.deliverables]

    @staticmethod
    def resolve_stage_history(obj: Any) -> list[dict[str, str]]:
        return [
            {"stage": s.stage.code, "reached_on": s.reached_on.isoformat(), "note": s.note}
            for s in obj.detail.stages
        ]

    @staticmethod
    def resolve_state_history(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "from": c.source.slug if c.source else None,
                "to": c.target.slug,
                "at": c.changed_at.isoformat(),
            }
            for c in obj.detail.history
        ]


class ProjectCreate(Schema):
    kind: str = Field(..., max_length=40, pattern=SLUG)
    title: TranslatedIn
    summary: TranslatedIn | None = None
    proposing_economy: str = Field(..., min_length=2, max_length=2)
    overseer: Id
    responsible_forum: str = Field(..., max_length=40, pattern=SLUG)
    co_owning_fora: list[str] = Field(default_factory=list, max_length=50)
    partners: list[str] = Field(default_factory=list, max_length=50)
    funding_account: FundingAccount = FundingAccount.SELF_FUNDED
    funding_amount: Decimal | None = Field(None, ge=0, lt=10**12, max_digits=14, decimal_places=2)
    funding_currency: str = Field("USD", pattern=r"^[A-Za-z]{3}$")
    target_body: str | None = Field(None, max_length=80, pattern=SLUG)
    body_reference: str = Field("", max_length=100)


class ProjectUpdate(Schema):
    version: int = Version
    title: TranslatedIn | None = None
    summary: TranslatedIn | None = None
    co_owning_fora: list[str] | None = Field(None, max_length=50)
    partners: list[str] | None = Field(None, max_length=50)
    funding_account: FundingAccount | None = None
    funding_amount: Decimal | None = Field(None, ge=0, lt=10**12, max_digits=14, decimal_places=2)
    funding_currency: str | None = Field(None, pattern=r"^[A-Za-z]{3}$")
    target_body: str | None = Field(None, max_length=80, pattern=SLUG)
    body_reference: str | None = Field(None, max_length=100)


class ProjectTransition(Schema):
    version: int = Version
    state: str = Field(..., max_length=40, pattern=SLUG, description="The target state's slug")


class EconomyRef(Schema):
    economy: str = Field(..., min_length=2, max_length=2)


class CosponsorRequest(Schema):
    economies: list[str] = Field(..., min_length=1, max_length=30)


class MilestoneCreate(Schema):
    title: TranslatedIn
    due_on: date


class MilestoneUpdate(Schema):
    version: int = Version
    title: TranslatedIn | None = None
    due_on: date | None = None
    state: MilestoneState | None = None


class DeliverableCreate(Schema):
    document: Id


class ParagraphCreate(Schema):
    text: str = Field(..., max_length=80, pattern=SLUG)
    eid: str = Field(..., min_length=1, max_length=60)


class StageCreate(Schema):
    stage: str = Field(..., pattern=r"^\d{2}\.\d{2}$")
    reached_on: date
    note: str = Field("", max_length=300)


class RoundOut(Schema):
    id: int
    forum: str
    name: str
    state: RoundState
    criteria: list[str]
    projects: list[int]
    version: int

    @staticmethod
    def resolve_forum(obj: ScoringRound) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_criteria(obj: ScoringRound) -> list[str]:
        return [c.slug for c in obj.criteria.all()]

    @staticmethod
    def resolve_projects(obj: ScoringRound) -> list[int]:
        return sorted(p.pk for p in obj.projects.all())


class RoundCreate(Schema):
    forum: str = Field(..., max_length=40, pattern=SLUG)
    name: str = Field(..., min_length=1, max_length=200)
    projects: list[Id] = Field(..., min_length=1, max_length=200)


class RoundClose(Schema):
    version: int = Version


class MarkIn(Schema):
    value: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)


class ScoreCreate(Schema):
    project: Id
    marks: dict[str, MarkIn] = Field(..., description="criterion slug → mark")


class ConceptNoteScoreOut(Schema):
    project: int
    criterion: str
    scorer: int
    value: int
    comment: str

    @staticmethod
    def resolve_project(obj: Any) -> int:
        return obj.project_id

    @staticmethod
    def resolve_criterion(obj: Any) -> str:
        return obj.criterion.slug

    @staticmethod
    def resolve_scorer(obj: Any) -> int:
        return obj.scorer_id


class RankedConceptNoteOut(Schema):
    project: int
    mean_total: Decimal
    scorers: int
    state: str


_OUT_SCHEMAS: dict[type, type[Schema]] = {
    Project: ProjectOut,
    Milestone: MilestoneOut,
    ScoringRound: RoundOut,
}


def present(obj: Any) -> dict[str, Any]:
    """The current state of ``obj`` as the API shows it (used in 409 responses)."""
    return _OUT_SCHEMAS[type(obj)].from_orm(obj).model_dump(mode="json")
