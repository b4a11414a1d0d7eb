"""Schemas of the outputs API: redlines and reservations."""

from datetime import datetime
from typing import Any

from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import BaseModel

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, TranslatedIn, TranslatedOut

from .choices import ReservationKind
from .models import Reservation
from .redline import Redline
from .schemas import EID


class PieceOut(BaseModel):
    op: str = Field(..., description="equal, insert or delete")
    text: str
    holders: bool = Field(False, description="the owners of the bracket or option before it")


class RedlineRowOut(BaseModel):
    eid: str
    status: str = Field(..., description="unchanged, changed, added or deleted")
    moved: bool = Field(..., description="its part changed or it left the order of the others")
    num_before: str | None
    num_after: str | None
    part_before: str | None
    part_after: str | None
    pieces: list[PieceOut]


class RedlineOut(BaseModel):
    text: str
    before: int
    after: int
    counts: dict[str, int]
    rows: list[RedlineRowOut]


def redline_out(slug: str, redline: Redline) -> dict[str, Any]:
    return {
        "text": slug,
        "before": redline.number_before,
        "after": redline.number_after,
        "counts": redline.counts,
        "rows": [
            {
                "eid": row.eid,
                "status": row.status,
                "moved": row.moved,
                "num_before": row.num_before,
                "num_after": row.num_after,
                "part_before": row.part_before,
                "part_after": row.part_after,
                "pieces": [
                    {"op": piece.op, "text": piece.text, "holders": piece.holders}
                    for piece in row.pieces
                ],
            }
            for row in redline.rows
        ],
    }


class ReservationCreate(Schema):
    economy: str | None = Field(
        None,
        max_length=3,
        description="Economy code; the secretariat names it, a head of delegation may omit it",
    )
    eid: str | None = Field(None, pattern=EID, description="The paragraph; none: the whole text")
    kind: ReservationKind
    statement: TranslatedIn


class ReservationUpdate(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)
    eid: str | None = Field(None, pattern=EID)
    kind: ReservationKind | None = None
    statement: TranslatedIn | None = None


class ReservationWithdraw(Schema):
    version: int = Field(..., ge=1, le=MAX_ID)


class ReservationOut(Schema):
    id: int
    text: str
    economy: str
    eid: str | None
    kind: ReservationKind
    statement: TranslatedOut
    display_statement: str
    withdrawn_at: datetime | None
    created_at: datetime
    version: int

    @staticmethod
    def resolve_text(obj: Reservation) -> str:
        return obj.text.slug

    @staticmethod
    def resolve_economy(obj: Reservation) -> str:
        return obj.delegation.economy.code

    @staticmethod
    def resolve_eid(obj: Reservation) -> str | None:
        return obj.provision.eid if obj.provision else None

    @staticmethod
    def resolve_display_statement(obj: Reservation) -> str:
        return resolve(obj.statement, get_language()).text


def reservation_out(reservation: Reservation) -> dict[str, Any]:
    """The row as the API shows it (also the ``current`` of a 409)."""
    return ReservationOut.from_orm(reservation).model_dump(mode="json")
