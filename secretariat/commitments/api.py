"""The commitments JSON API: the same rules, services and figures as the pages."""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.errors import ValidationFailed
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath, IdQuery, translated_payload
from secretariat.registry.models import Economy, Forum
from secretariat.registry.permissions import principal_for

from . import csvio, figures, permissions, selectors, services
from .choices import Stage
from .models import Assessor, Theme
from .schemas import (
    AssessorIn,
    AssessorOut,
    CommitmentDecision,
    CommitmentOut,
    CycleCreate,
    CycleOut,
    HeatMapOut,
    ImplementationReportOut,
    ImportIn,
    ImportOut,
    ProgressOut,
    ReportIn,
    ScoreCommentIn,
    ScoreCommentOut,
    ScoreIn,
    ScoreOut,
    SubmitIn,
    ThemeOut,
)

router = Router(tags=["commitments"])


def _commitments(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        selectors.commitments_visible_to(principal_for(request.user))
        .select_related("text", "theme", "source_version", "owner_forum")
        .prefetch_related("owner_economies")
    )


@router.get("/items", response=list[CommitmentOut], operation_id="list_commitments")
@paginate(Pagination)
def list_commitments(request: HttpRequest, theme: IdQuery = None, state: str | None = None):
    """Confirmed commitments of readable texts; suggestions and rejections to the secretariat."""
    found = _commitments(request)
    if theme:
        found = found.filter(theme_id=theme)
    if state:
        found = found.filter(state=state)
    return found


@router.get("/items/{commitment_id}", response=CommitmentOut, operation_id="get_commitment")
def get_commitment(request: HttpRequest, commitment_id: IdPath):
    return permissions.access_commitment(request.user, commitment_id)


@router.get("/themes", response=list[ThemeOut], operation_id="list_commitment_themes")
def list_commitment_themes(request: HttpRequest):
    return selectors.themes_of(selectors.commitments_visible_to(principal_for(request.user)))


@router.post(
    "/texts/{slug}/suggestions",
    response={201: list[CommitmentOut]},
    auth=write_auth,
    operation_id="suggest_commitments",
)
def suggest_commitments(request: HttpRequest, slug: str):
    """The secretariat: suggest commitments from an adopted text's operative paragraphs."""
    text = permissions.access_adopted_text(request.user, slug)
    created = services.suggest_commitments(actor=request.user, text=text)
    return 201, _commitments(request).filter(pk__in=[c.pk for c in created])


def _reference(model: Any, field: str, **lookup: Any) -> Any:
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise ValidationFailed(f"Unknown {field}.", errors={field: [str(lookup)]})
    return found


@router.post(
    "/items/{commitment_id}/decision",
    response=CommitmentOut,
    auth=write_auth,
    operation_id="decide_commitment",
)
def decide_commitment(request: HttpRequest, commitment_id: IdPath, payload: CommitmentDecision):
    """The secretariat confirms (with edits) or rejects a commitment."""
    commitment = permissions.access_commitment(request.user, commitment_id, need="decide")
    economies = list(Economy.objects.filter(code__in=[c.upper() for c in payload.owner_economies]))
    if len(economies) != len(set(payload.owner_economies)):
        raise ValidationFailed(
            "Unknown economy code.", errors={"owner_economies": payload.owner_economies}
        )
    services.decide_commitment(
        actor=request.user,
        commitment=commitment,
        expected_version=payload.version,
        decision=payload.decision,
        title=translated_payload(payload.title),
        theme=_reference(Theme, "theme", pk=payload.theme) if payload.theme else None,
        owner_kind=payload.owner_kind,
        owner_economies=economies,
        owner_forum=_reference(Forum, "owner_forum", slug=payload.owner_forum)
        if payload.owner_forum
        else None,
        target_date=payload.target_date
        if "target_date" in payload.model_fields_set
        else services.KEEP_TARGET_DATE,
        review_every_months=payload.review_every_months,
    )
    return _commitments(request).get(pk=commitment.pk)


@router.get("/cycles", response=list[CycleOut], operation_id="list_cycles")
def list_cycles(request: HttpRequest):
    return selectors.cycles()


@router.post("/cycles", response={201: CycleOut}, auth=write_auth, operation_id="create_cycle")
def create_cycle(request: HttpRequest, payload: CycleCreate):
    permissions.require_secretariat(request.user)
    return 201, services.create_cycle(actor=request.user, **payload.model_dump())


@router.post(
    "/cycles/{cycle_id}/publication",
    response=CycleOut,
    auth=write_auth,
    operation_id="publish_cycle",
)
def publish_cycle(request: HttpRequest, cycle_id: IdPath):
    """The secretariat makes the cycle's final scores and submitted reports public."""
    cycle = permissions.access_cycle(request.user, cycle_id, need="publish")
    return services.publish_cycle(actor=request.user, cycle=cycle)


@router.get("/reports", response=list[ImplementationReportOut], operation_id="list_reports")
@paginate(Pagination)
def list_reports(request: HttpRequest, cycle: IdQuery = None, commitment: IdQuery = None):
    """Submitted reports; drafts to their own economy only."""
    found = selectors.reports_visible_to(principal_for(request.user)).select_related("economy")
    if cycle:
        found = found.filter(cycle_id=cycle)
    if commitment:
        found = found.filter(commitment_id=commitment)
    return found


@router.get("/reports/{report_id}", response=ImplementationReportOut, operation_id="get_report")
def get_report(request: HttpRequest, report_id: IdPath):
    return permissions.access_report(request.user, report_id)


@router.put(
    "/items/{commitment_id}/reports/{cycle_id}/{economy}",
    response=ImplementationReportOut,
    auth=write_auth,
    operation_id="save_report",
)
def save_report(
    request: HttpRequest, commitment_id: IdPath, cycle_id: IdPath, economy: str, payload: ReportIn
):
    """The economy's delegates write its draft (send the draft's ``version`` to rewrite it)."""
    commitment, cycle, found = permissions.access_report_slot(
        request.user, commitment_id, cycle_id, economy
    )
    return services.save_report(
        actor=request.user,
        commitment=commitment,
        economy=found,
        cycle=cycle,
        body=payload.body,
        evidence_links=payload.evidence_links,
        evidence_documents=payload.evidence_documents,
        expected_version=payload.version,
    )


@router.post(
    "/reports/{report_id}/submission",
    response=ImplementationReportOut,
    auth=write_auth,
    operation_id="submit_report",
)
def submit_report(request: HttpRequest, report_id: IdPath, payload: SubmitIn):
    """The economy's head of delegation submits its report (late ones are flagged)."""
    report = permissions.access_report(request.user, report_id, need="submit")
    return services.submit_report(
        actor=request.user, report=report, expected_version=payload.version
    )


@router.get("/scores", response=list[ScoreOut], operation_id="list_scores")
@paginate(Pagination)
def list_scores(
    request: HttpRequest,
    cycle: IdQuery = None,
    commitment: IdQuery = None,
    stage: Stage | None = None,
    history: bool = False,
):
    """Current scores (``history=true``: superseded ones too). Interim and unpublished final
    scores to assessors and the scored economy only."""
    found = selectors.scores_visible_to(
        principal_for(request.user), current=not history
    ).select_related("economy")
    if cycle:
        found = found.filter(cycle_id=cycle)
    if commitment:
        found = found.filter(commitment_id=commitment)
    if stage:
        found = found.filter(stage=stage)
    return found


@router.post("/scores", response={201: ScoreOut}, auth=write_auth, operation_id="record_score")
def record_score(request: HttpRequest, payload: ScoreIn):
    """An assessor scores (a current score for the same slot is superseded, kept in history)."""
    commitment, cycle, economy = permissions.access_score_slot(
        request.user, payload.commitment, payload.cycle, payload.economy
    )
    return 201, services.record_score(
        actor=request.user,
        commitment=commitment,
        economy=economy,
        cycle=cycle,
        stage=payload.stage,
        value=payload.value,
        justification=payload.justification,
    )


@router.post(
    "/scores/import", response={201: ImportOut}, auth=write_auth, operation_id="import_scores"
)
def import_scores(request: HttpRequest, payload: ImportIn):
    """CSV with columns commitment,economy,cycle,stage,value,justification; all rows or none
    (422 names each bad line)."""
    permissions.require_assessor(request.user)
    return 201, {"imported": csvio.import_scores(actor=request.user, text=payload.csv)}


@router.post(
    "/scores/{score_id}/comments",
    response={201: ScoreCommentOut},
    auth=write_auth,
    operation_id="comment_on_score",
)
def comment_on_score(request: HttpRequest, score_id: IdPath, payload: ScoreCommentIn):
    """The scored economy's delegates reply to its score."""
    score = permissions.access_score(request.user, score_id, need="comment")
    return 201, services.comment_on_score(actor=request.user, score=score, body=payload.body)


def _keyed(found: dict[Any, figures.Figure], keys: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    return [{"key": label, **found.get(key, figures.NOTHING).as_dict()} for key, label in keys]


def heat_map_payload(heat: selectors.HeatMap) -> dict[str, Any]:
    s = heat.summary
    codes = {e.pk: e.code for e in heat.economies}
    return {
        "cycle": heat.cycle.pk if heat.cycle else None,
        "stage": heat.stage,
        "economies": [e.code for e in heat.economies],
        "commitments": [c.pk for c in heat.commitments],
        "cells": [
            {"economy": codes[e], "commitment": c, "value": v}
            for e, row in sorted(heat.cells.items())
            if e in codes
            for c, v in sorted(row.items())
        ],
        "overall": s.overall.as_dict(),
        "by_economy": _keyed(s.by_economy, [(e.pk, e.code) for e in heat.economies]),
        "by_commitment": _keyed(s.by_commitment, [(c.pk, str(c.pk)) for c in heat.commitments]),
        "by_theme": _keyed(s.by_theme, [(t.pk, str(t.pk)) for t in heat.themes]),
    }


@router.get("/heat-map", response=HeatMapOut, operation_id="get_heat_map")
def get_heat_map(
    request: HttpRequest, cycle: IdQuery = None, stage: Stage = Stage.FINAL, theme: IdQuery = None
):
    """Economies × commitments for one cycle (default: the latest) and stage, with averages."""
    found = permissions.access_cycle(request.user, cycle) if cycle else selectors.cycles().last()
    heat = selectors.heat_map(principal_for(request.user), cycle=found, stage=stage, theme_id=theme)
    return heat_map_payload(heat)


@router.get("/progress", response=list[ProgressOut], operation_id="get_progress")
def get_progress(request: HttpRequest, stage: Stage = Stage.FINAL, theme: IdQuery = None):
    """The overall figure per cycle."""
    return [
        {"cycle": c.pk, "name": c.name, **figure.as_dict()}
        for c, figure in selectors.progress(
            principal_for(request.user), stage=stage, theme_id=theme
        )
    ]


@router.get("/assessors", response=list[AssessorOut], operation_id="list_assessors")
def list_assessors(request: HttpRequest):
    permissions.require_secretariat(request.user)
    return Assessor.objects.select_related("user")


@router.post(
    "/assessors", response={201: AssessorOut}, auth=write_auth, operation_id="appoint_assessor"
)
def appoint_assessor(request: HttpRequest, payload: AssessorIn):
    """The secretariat appoints someone to score."""
    permissions.require_secretariat(request.user)
    user = _reference(get_user_model(), "username", username=payload.username, is_active=True)
    return 201, services.appoint_assessor(actor=request.user, user=user)
