"""Schemas of the outputs API: redlines and reservations."""

import json
from datetime import datetime
from typing import Any

from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import BaseModel

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, TranslatedIn, TranslatedOut

from .choices import ReservationKind
from .models import Reservation
from .provenance import Source
from .redline import Redline, Status
from .schemas import EID


class PieceOut(BaseModel):
    op: str = Field(..., description="equal, insert or delete")
    text: str
    holders: bool = Field(False, description="the owners of the bracket or option before it")


class AmendmentSourceOut(BaseModel):
    id: int
    economy: str = Field(..., description="The proposing economy's code")
    modified: bool = Field(..., description="incorporated as modified by the chair")


class RedlineRowOut(BaseModel):
    eid: str
    status: str = Field(..., description="unchanged, changed, added or deleted")
    moved: bool = Field(..., description="its part changed or it left the order of the others")
    num_before: str | None
    num_after: str | None
    part_before: str | None
    part_after: str | None
    pieces: list[PieceOut]
    from_amendments: list[AmendmentSourceOut] = Field(
        default_factory=list,
        description="The incorporated amendments the change came from, those the caller may see",
    )


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
                "from_amendments": [],  # filled per caller by ``with_sources``
            }
            for row in redline.rows
        ],
    }


def with_sources(body: str, sources: dict[str, tuple[Source, ...]]) -> str:
    """The cached JSON of ``redline_out`` with each changed row's sources the caller may see
    (decoded and encoded again only when there are some)."""
    if not sources:
        return body
    data = json.loads(body)
    for row in data["rows"]:
        changed = row["status"] != Status.UNCHANGED or row["moved"]
        row["from_amendments"] = [
            {"id": s.amendment_id, "economy": s.economy, "modified": s.modified}
            for s in (sources.get(row["eid"], ()) if changed else ())
        ]
    return json.dumps(data, ensure_ascii=False)


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
