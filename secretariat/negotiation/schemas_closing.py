"""Request and response shapes for how a negotiation ends (silence, adoption, fallback)."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import BaseModel, field_validator

from secretariat.core.schemas import MAX_ID

from .choices import SilenceOutcome


class TextVersionIn(Schema):
    version: int = Field(
        ..., ge=1, le=MAX_ID, description="The text's version you saw (409 if stale)"
    )


class RecordDerestrictIn(TextVersionIn):
    decision: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="The reference of the secretariat's decision that derestricts the record",
    )


class AdoptIn(TextVersionIn):
    publish: bool = Field(False, description="Also make the adopted text public")


class SilenceStartIn(TextVersionIn):
    deadline: datetime = Field(..., description="With its UTC offset, e.g. 2025-08-01T18:00+09:00")

    @field_validator("deadline")
    @classmethod
    def needs_an_offset(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("give the deadline with its UTC offset")
        return value


class SilenceBreakIn(Schema):
    reason: str = Field(..., min_length=1, max_length=3000)


class SilenceBreakOut(BaseModel):
    economy: str
    reason: str
    created_at: datetime


class SilenceOut(BaseModel):
    id: int
    version: int
    deadline: datetime
    outcome: SilenceOutcome
    started_at: datetime
    closed_at: datetime | None
    breaks: list[SilenceBreakOut]


class ReportParagraphOut(BaseModel):
    eid: str
    num: str
    state: str
    positions: dict[str, list[str]]
    stale: list[str]


class ConsensusReportOut(BaseModel):
    version: int
    open: int
    frozen: bool = Field(description="Frozen when the text was issued as a chair's statement")
    issued_at: datetime | None = None
    paragraphs: list[ReportParagraphOut]


def silence_out(procedure) -> SilenceOut:  # type: ignore[no-untyped-def]
    return SilenceOut(
        id=procedure.pk,
        version=procedure.version.number,
        deadline=procedure.deadline,
        outcome=procedure.outcome,
        started_at=procedure.started_at,
        closed_at=procedure.closed_at,
        breaks=[
            SilenceBreakOut(
                economy=item.delegation.economy.code, reason=item.reason, created_at=item.created_at
            )
            for item in procedure.breaks.all()
        ],
    )
