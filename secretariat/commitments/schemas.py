"""Commitments as the API shows them (``…Out``) and accepts them (``…In``)."""

from datetime import date
from typing import Literal

from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import AwareDatetime

from secretariat.core.i18n import resolve
from secretariat.core.schemas import Id, TranslatedIn, TranslatedOut

from .choices import CommitmentState, OwnerKind, Stage
from .models import Commitment, ImplementationReport, Score, Theme


class ThemeOut(Schema):
    id: int
    order: int
    name: TranslatedOut
    display_name: str

    @staticmethod
    def resolve_display_name(obj: Theme) -> str:
        return resolve(obj.name, get_language()).text


class CommitmentOut(Schema):
    id: int
    text: str = Field(..., description="The adopted text's slug")
    eid: str
    paragraph_num: str
    source_version: int = Field(..., description="The version number the wording comes from")
    wording: str
    wording_hash: str = Field(..., description="SHA-256 of the wording (UTF-8)")
    phrase: str = Field(..., description="The operative phrase found, highlighted in pages")
    span: list[int] = Field(..., description="[start, end) of the phrase in the wording")
    title: TranslatedOut
    display_title: str
    theme: int | None
    owner_kind: OwnerKind
    owner_economies: list[str]
    owner_forum: str | None
    target_date: date | None = Field(None, description="None: ongoing")
    review_every_months: int
    state: CommitmentState
    version: int

    @staticmethod
    def resolve_text(obj: Commitment) -> str:
        return obj.text.slug

    @staticmethod
    def resolve_source_version(obj: Commitment) -> int:
        return obj.source_version.number

    @staticmethod
    def resolve_span(obj: Commitment) -> list[int]:
        return [obj.span_start, obj.span_end]

    @staticmethod
    def resolve_display_title(obj: Commitment) -> str:
        return resolve(obj.title, get_language()).text

    @staticmethod
    def resolve_theme(obj: Commitment) -> int | None:
        return obj.theme_id

    @staticmethod
    def resolve_owner_economies(obj: Commitment) -> list[str]:
        return sorted(e.code for e in obj.owner_economies.all())

    @staticmethod
    def resolve_owner_forum(obj: Commitment) -> str | None:
        return obj.owner_forum.slug if obj.owner_forum is not None else None


class CommitmentDecision(Schema):
    version: int = Field(..., ge=1)
    decision: Literal["confirmed", "rejected"]
    title: TranslatedIn | None = None
    theme: Id | None = None
    owner_kind: OwnerKind | None = None
    owner_economies: list[str] = Field(default_factory=list, max_length=30)
    owner_forum: str | None = Field(None, max_length=40)
    target_date: date | None = None
    review_every_months: int | None = Field(None, ge=1, le=60)


class CycleOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date
    report_due_on: date
    final_published_at: AwareDatetime | None
    version: int


class CycleCreate(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    starts_on: date
    ends_on: date
    report_due_on: date


class ImplementationReportOut(Schema):
    id: int
    commitment: int = Field(..., alias="commitment_id")
    economy: str
    cycle: int = Field(..., alias="cycle_id")
    body: str
    evidence_links: list[str]
    evidence_documents: list[str] = Field(..., description="Meeting document numbers")
    submitted_at: AwareDatetime | None
    late: bool
    version: int

    @staticmethod
    def resolve_economy(obj: ImplementationReport) -> str:
        return obj.economy.code


class ReportIn(Schema):
    body: str = Field("", max_length=10000)
    evidence_links: list[str] = Field(default_factory=list, max_length=20)
    evidence_documents: list[str] = Field(
        default_factory=list, max_length=20, description="Numbers of meeting documents"
    )
    version: int | None = Field(None, ge=1, description="The draft's version, when rewriting it")


class SubmitIn(Schema):
    version: int = Field(..., ge=1)


class ScoreOut(Schema):
    id: int
    commitment: int = Field(..., alias="commitment_id")
    economy: str
    cycle: int = Field(..., alias="cycle_id")
    stage: Stage
    value: int
    justification: str
    report: int | None = Field(None, alias="report_id")
    created_at: AwareDatetime
    superseded_at: AwareDatetime | None

    @staticmethod
    def resolve_economy(obj: Score) -> str:
        return obj.economy.code


class ScoreIn(Schema):
    commitment: Id
    economy: str = Field(..., min_length=2, max_length=2)
    cycle: Id
    stage: Stage
    value: Literal[-1, 0, 1]
    justification: str = Field(..., min_length=1, max_length=5000)


class ScoreCommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=3000)


class ScoreCommentOut(Schema):
    id: int
    score: int = Field(..., alias="score_id")
    body: str
    created_at: AwareDatetime


class FigureOut(Schema):
    score: float | None = Field(..., description="Mean of −1/0/+1 scores; None over nothing")
    percent: int | None = Field(..., description="(mean + 1) / 2 × 100, whole per cent")
    count: int = Field(..., description="How many scores are behind the figure")


class KeyedFigureOut(FigureOut):
    key: str = Field(..., description="Economy code, commitment id or theme id")


class HeatMapCellOut(Schema):
    economy: str
    commitment: int
    value: int


class HeatMapOut(Schema):
    cycle: int | None
    stage: Stage
    economies: list[str]
    commitments: list[int]
    cells: list[HeatMapCellOut]
    overall: FigureOut
    by_economy: list[KeyedFigureOut]
    by_commitment: list[KeyedFigureOut]
    by_theme: list[KeyedFigureOut]


class ProgressOut(FigureOut):
    cycle: int
    name: str


class ImportIn(Schema):
    csv: str = Field(..., max_length=2_000_000)


class ImportOut(Schema):
    imported: int


class AssessorIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)


class AssessorOut(Schema):
    id: int
    user: str

    @staticmethod
    def resolve_user(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.user.get_username()
