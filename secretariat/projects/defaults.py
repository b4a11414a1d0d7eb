"""The default kinds, lifecycles, scoring criteria and ISO/IEC stage codes (ADR 0028). The
data migration ``0002_default_lifecycles`` writes them; ``ensure`` writes whatever of them is
missing (the demo calls it, so does a test database emptied by a transactional test). It takes
the models through ``get_model`` so that the migration can pass its historical ones."""

from collections.abc import Callable
from typing import Any


def _t(en, ko):
    return {"en": {"text": en, "status": "original"}, "ko": {"text": ko, "status": "verified"}}


KINDS = [
    ("joint-research", _t("Joint research", "공동 연구"), False),
    ("standardisation", _t("Standardisation work item", "표준화 작업 항목"), True),
    ("capacity-building", _t("Capacity building", "역량 강화"), False),
]
# slug, name, is_public
STATES = [
    ("concept-note", _t("Concept note", "개념 노트"), False),
    ("scored", _t("Scored", "평가 완료"), False),
    ("endorsed", _t("Endorsed", "승인 추천"), False),
    ("proposal", _t("Proposal", "제안서"), False),
    ("approved", _t("Approved", "승인"), True),
    ("in-progress", _t("In progress", "진행 중"), True),
    ("completed", _t("Completed", "완료"), True),
    ("evaluated", _t("Evaluated", "평가됨"), True),
    ("withdrawn", _t("Withdrawn", "철회"), False),
    ("not-approved", _t("Not approved", "미승인"), False),
]
# source, target, actor, requires_cosponsors, requires_closed_round
TRANSITIONS = [
    ("concept-note", "scored", "chair", True, True),
    ("scored", "endorsed", "chair", True, False),
    ("scored", "not-approved", "chair", False, False),
    ("endorsed", "proposal", "proposer", True, False),
    ("proposal", "approved", "secretariat", True, False),
    ("proposal", "not-approved", "secretariat", False, False),
    ("approved", "in-progress", "proposer", False, False),
    ("in-progress", "completed", "proposer", False, False),
    ("completed", "evaluated", "secretariat", False, False),
    *[
        (source, "withdrawn", "proposer", False, False)
        for source in ("concept-note", "scored", "endorsed", "proposal", "approved", "in-progress")
    ],
]
CRITERIA = [
    (
        "relevance",
        _t("Relevance to the declaration and APEC priorities", "선언 및 APEC 우선순위 부합성"),
    ),
    ("design", _t("Design, methodology and deliverables", "설계, 방법론 및 산출물")),
    ("impact", _t("Impact and benefit to member economies", "회원 경제체에 대한 영향과 혜택")),
    ("cross-fora", _t("Cross-fora collaboration", "포럼 간 협력")),
]
# ISO/IEC harmonized stage codes (ISO/IEC Directives, Part 1, Annex SD).
STAGES = [
    ("00.00", "Proposal for new project received", "신규 프로젝트 제안 접수"),
    ("00.20", "Proposal for new project under review", "신규 프로젝트 제안 검토 중"),
    ("00.60", "Close of review", "검토 종료"),
    ("00.98", "Proposal for new project abandoned", "신규 프로젝트 제안 포기"),
    ("00.99", "Approval to ballot proposal for new project", "신규 프로젝트 제안 투표 승인"),
    ("10.00", "Proposal for new project registered", "신규 프로젝트 제안 등록"),
    ("10.20", "New project ballot initiated", "신규 프로젝트 투표 개시"),
    ("10.60", "Close of voting", "투표 종료"),
    ("10.92", "Proposal returned to submitter for further definition", "제안 보완 요청"),
    ("10.98", "New project rejected", "신규 프로젝트 부결"),
    ("10.99", "New project approved", "신규 프로젝트 승인"),
    ("20.00", "New project registered in TC/SC work programme", "TC/SC 작업 프로그램 등록"),
    ("20.20", "Working draft (WD) study initiated", "작업 초안(WD) 검토 개시"),
    ("20.60", "Close of comment period", "의견 수렴 종료"),
    ("20.98", "Project deleted", "프로젝트 삭제"),
    ("20.99", "WD approved for registration as CD", "WD의 CD 등록 승인"),
    ("30.00", "Committee draft (CD) registered", "위원회 초안(CD) 등록"),
    ("30.20", "CD study/ballot initiated", "CD 검토/투표 개시"),
    ("30.60", "Close of voting/comment period", "투표/의견 수렴 종료"),
    ("30.92", "CD referred back to Working Group", "CD 작업반 회부"),
    ("30.98", "Project deleted", "프로젝트 삭제"),
    ("30.99", "CD approved for registration as DIS", "CD의 DIS 등록 승인"),
    ("40.00", "DIS registered", "DIS 등록"),
    ("40.20", "DIS ballot initiated: 12 weeks", "DIS 투표 개시: 12주"),
    ("40.60", "Close of voting", "투표 종료"),
    ("40.92", "Full report circulated: DIS referred back to TC or SC", "DIS TC/SC 회부"),
    ("40.93", "Full report circulated: decision for new DIS ballot", "신규 DIS 투표 결정"),
    ("40.98", "Project deleted", "프로젝트 삭제"),
    (
        "40.99",
        "Full report circulated: DIS approved for registration as FDIS",
        "DIS의 FDIS 등록 승인",
    ),
    ("50.00", "Final text received or FDIS registered for formal approval", "FDIS 공식 승인 등록"),
    ("50.20", "Proof sent to secretariat or FDIS ballot initiated: 8 weeks", "FDIS 투표 개시: 8주"),
    ("50.60", "Close of voting. Proof returned by secretariat", "투표 종료"),
    ("50.92", "FDIS or proof referred back to TC or SC", "FDIS TC/SC 회부"),
    ("50.98", "Project deleted", "프로젝트 삭제"),
    ("50.99", "FDIS or proof approved for publication", "FDIS 발행 승인"),
    ("60.00", "International Standard under publication", "국제표준 발행 중"),
    ("60.60", "International Standard published", "국제표준 발행"),
]


def ensure(get_model: Callable[[str], Any]) -> None:
    """Write the defaults that are missing; leave every existing row as the secretariat
    left it."""
    Kind = get_model("ProjectKind")
    State = get_model("LifecycleState")
    Transition = get_model("LifecycleTransition")
    for slug, name, has_body in KINDS:
        if Kind.objects.filter(slug=slug).exists():
            continue
        kind = Kind.objects.create(
            slug=slug, name=name, min_cosponsors=2, has_standards_body=has_body
        )
        states = {
            state_slug: State.objects.create(
                kind=kind,
                slug=state_slug,
                name=state_name,
                order=order,
                is_initial=order == 0,
                is_public=public,
            )
            for order, (state_slug, state_name, public) in enumerate(STATES)
        }
        for source, target, actor, cosponsors, closed_round in TRANSITIONS:
            Transition.objects.create(
                kind=kind,
                source=states[source],
                target=states[target],
                actor=actor,
                requires_cosponsors=cosponsors,
                requires_closed_round=closed_round,
            )
    Criterion = get_model("Criterion")
    if not Criterion.objects.exists():
        for order, (slug, name) in enumerate(CRITERIA):
            Criterion.objects.create(slug=slug, name=name, order=order)
    Stage = get_model("StandardStage")
    for code, en, ko in STAGES:
        Stage.objects.get_or_create(code=code, defaults={"name": _t(en, ko)})


def ensure_installed() -> None:
    """``ensure`` with the current models (the demo, tests on an emptied database); the
    list pages and the choices kept for them are renewed (``ensure`` may add kinds)."""
    from django.apps import apps

    from secretariat.core import cache_tokens

    from .selectors import LIST_TOKEN
    from .selectors.filter_choices import LIFECYCLES_TOKEN

    ensure(lambda name: apps.get_model("projects", name))
    cache_tokens.renew(LIST_TOKEN, LIFECYCLES_TOKEN)
