"""Negotiated texts as the API shows them (``…Out``) and accepts them (``…Create``)."""

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import BaseModel

from secretariat.core.i18n import resolve
from secretariat.core.schemas import MAX_ID, Id, TranslatedIn, TranslatedOut
from secretariat.summaries.schemas import AutomaticExtractOut, automatic_extract_of

from .choices import (
    AmendmentKind,
    AmendmentState,
    Classification,
    ConsensusRule,
    ParagraphState,
    Part,
    Stance,
    TextKind,
    TextStatus,
    VersionKind,
)
from .models import Amendment, Text

EID = r"^[a-z][a-z0-9_]{0,59}$"


class TextOut(Schema):
    id: int
    slug: str
    forum: str
    kind: TextKind
    title: TranslatedOut
    display_title: str
    language: str
    classification: Classification
    consensus_rule: ConsensusRule
    package_mode: bool
    status: TextStatus
    current_version: int | None
    version: int
    # Set once the secretariat derestricts the negotiating record (ADR 0020).
    record_derestricted_at: datetime | None
    record_derestriction_decision: str

    @staticmethod
    def resolve_forum(obj: Text) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_display_title(obj: Text) -> str:
        return resolve(obj.title, get_language()).text

    @staticmethod
    def resolve_current_version(obj: Text) -> int | None:
        return obj.current_version.number if obj.current_version else None


class TextDetailOut(TextOut):
    """One text as its own operation shows it: with its automatic extract, if it has one."""

    automatic_extract: AutomaticExtractOut | None

    @staticmethod
    def resolve_automatic_extract(obj: Text) -> Any:
        return automatic_extract_of("text", obj.pk)


class SegmentIn(Schema):
    text: str | None = Field(None, max_length=5000)
    bracket: str | None = Field(None, max_length=5000)
    options: list[dict[str, Any]] | None = Field(None, max_length=10)
    holders: list[str] = Field(default_factory=list, max_length=21)


class ParagraphIn(Schema):
    eid: str | None = Field(None, pattern=EID)
    part: Part = Part.BODY
    num: str = Field("", max_length=20)
    heading: str = Field("", max_length=300)
    content: list[dict[str, Any]] = Field(..., min_length=1, max_length=50)
    alternative_to: str | None = Field(None, pattern=EID)
    alternative_holders: list[str] = Field(default_factory=list, max_length=21)
    from_amendments: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="Ids of the incorporated amendments this paragraph's change came from",
    )


class ParagraphOut(Schema):
    eid: str
    wid: str
    part: Part
    num: str
    heading: str
    content: list[dict[str, Any]]
    content_hash: str
    alternative_to: str | None
    illustrative: bool
    from_amendments: list[int] = Field(
        default_factory=list,
        description="The incorporated amendments this version's change to the paragraph came"
        " from (those the caller may see)",
    )


class VersionOut(Schema):
    number: int
    kind: VersionKind
    author_role: str
    parent: int | None
    note: str
    created_at: datetime
    paragraphs: list[ParagraphOut]
    deleted_by_amendments: dict[str, list[int]] = Field(
        default_factory=dict,
        description="Paragraphs this version deleted as incorporated amendments proposed: eId →"
        " amendment ids (those the caller may see)",
    )


class TextCreate(Schema):
    forum: str = Field(..., max_length=40)
    slug: str = Field(..., max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    kind: TextKind
    title: TranslatedIn
    classification: Classification = Classification.RESTRICTED
    consensus_rule: ConsensusRule = ConsensusRule.DEFAULT
    package_mode: bool = True
    first_version_kind: VersionKind = VersionKind.ZERO_DRAFT
    paragraphs: list[ParagraphIn] = Field(..., min_length=1, max_length=3000)


class VersionCreate(Schema):
    kind: VersionKind
    based_on: int | None = Field(
        ..., ge=1, le=MAX_ID, description="The version number you edited (409 if stale)"
    )
    note: str = Field("", max_length=500)
    paragraphs: list[ParagraphIn] = Field(..., min_length=1, max_length=3000)
    deleted_by_amendments: dict[str, list[Id]] = Field(
        default_factory=dict,
        max_length=3000,
        description="Paragraphs of the base version left out because incorporated amendments"
        " deleted them: eId → amendment ids",
    )


class PositionIn(Schema):
    eid: str = Field(..., pattern=EID)
    stance: Stance
    ad_referendum: bool = False
    confirm_by: date | None = None
    reason: str = Field("", max_length=2000)
    based_on: int | None = Field(
        ..., ge=1, le=MAX_ID, description="Id of the current position you saw, or null"
    )


class PositionOut(Schema):
    id: int
    eid: str
    economy: str
    stance: Stance
    ad_referendum: bool
    confirm_by: date | None
    reason: str
    answered_version: int
    stale: bool = False
    current: bool = True
    created_at: datetime


# The map's parts are plain pydantic models: built from dicts, they skip the per-object
# Django-aware validation of Ninja's Schema, which dominated the map's response time.
class CellOut(BaseModel):
    economy: str
    position: int | None
    stance: Stance | None
    ad_referendum: bool
    stale: bool


class MapRowOut(BaseModel):
    eid: str
    num: str
    state: ParagraphState
    provisional: bool
    open_amendments: int
    cells: list[CellOut]


class ConsensusMapOut(BaseModel):
    text: str
    version: int
    agreed: bool
    economies: list[str]
    rows: list[MapRowOut]


class AmendmentCreate(Schema):
    kind: AmendmentKind
    eid: str | None = Field(None, pattern=EID)
    after_eid: str | None = Field(None, pattern=EID)
    proposed_text: str = Field("", max_length=5000)
    justification: str = Field("", max_length=5000)
    co_sponsors: list[str] = Field(default_factory=list, max_length=21, description="Economy codes")


class AmendmentMove(Schema):
    state: AmendmentState
    version: int = Field(..., ge=1, le=MAX_ID)


class AmendmentOut(Schema):
    id: int
    text: str
    kind: AmendmentKind
    eid: str | None
    proposed_text: str
    justification: str
    proposer: str
    co_sponsors: list[str]
    state: AmendmentState
    submitted_at: datetime | None
    against_version: int
    version: int

    @staticmethod
    def resolve_text(obj: Amendment) -> str:
        return obj.text.slug

    @staticmethod
    def resolve_eid(obj: Amendment) -> str | None:
        return obj.provision.eid if obj.provision else None

    @staticmethod
    def resolve_proposer(obj: Amendment) -> str:
        return obj.proposer.economy.code

    @staticmethod
    def resolve_co_sponsors(obj: Amendment) -> list[str]:
        return sorted(d.economy.code for d in obj.co_sponsors.all())

    @staticmethod
    def resolve_against_version(obj: Amendment) -> int:
        return obj.against_version.number


def version_out(version: Any, visible_amendments: "Collection[int]") -> dict[str, Any]:
    """The version as the API shows it; of the amendments its changes came from, only
    ``visible_amendments`` are named (``provenance.visible_amendment_ids``)."""
    paragraphs = version.paragraphs.select_related("provision", "alternative_to").order_by("order")
    deleted = {
        eid: [pk for pk in ids if pk in visible_amendments]
        for eid, ids in version.deleted_by_amendments.items()
    }
    return {
        "number": version.number,
        "kind": version.kind,
        "author_role": version.author_role,
        "parent": version.parent.number if version.parent_id else None,
        "note": version.note,
        "created_at": version.created_at,
        "paragraphs": [
            {
                "eid": p.provision.eid,
                "wid": p.wid,
                "part": p.part,
                "num": p.num,
                "heading": p.heading,
                "content": p.content,
                "content_hash": p.content_hash,
                "alternative_to": p.alternative_to.eid if p.alternative_to_id else None,
                "illustrative": p.illustrative,
                "from_amendments": [pk for pk in p.from_amendments if pk in visible_amendments],
            }
            for p in paragraphs
        ],
        "deleted_by_amendments": {eid: ids for eid, ids in deleted.items() if ids},
    }


def map_out(consensus_map: Any) -> dict[str, Any]:
    return {
        "text": consensus_map.text.slug,
        "version": consensus_map.version.number,
        "agreed": consensus_map.agreed,
        "economies": [d.economy.code for d in consensus_map.delegations],
        "rows": [map_row_out(row) for row in consensus_map.rows],
    }


def map_row_out(row: Any) -> dict[str, Any]:
    return {
        "eid": row.paragraph.provision.eid,
        "num": row.paragraph.num,
        "state": row.verdict.state,
        "provisional": row.verdict.provisional,
        "open_amendments": row.open_amendments,
        "cells": [
            {
                "economy": delegation.economy.code,
                "position": position.id if position else None,
                "stance": position.stance if position else None,
                "ad_referendum": bool(position and position.ad_referendum),
                "stale": bool(position and position.stale),
            }
            for delegation, position in row.cells
        ],
    }


def position_out(position: Any, eid: str) -> dict[str, Any]:
    return {
        "id": position.pk,
        "eid": eid,
        "economy": position.delegation.economy.code,
        "stance": position.stance,
        "ad_referendum": position.ad_referendum,
        "confirm_by": position.confirm_by,
        "reason": position.reason,
        "answered_version": position.answered_version.number,
        "current": position.superseded_at is None,
        "created_at": position.created_at,
    }
