"""Demo projects after the 2025 declaration. Everything here is illustrative (the projects,
people, amounts and dates are not in shared/domain/apec.md), except that ISO/IEC 42001 is the
AI management system standard of ISO/IEC JTC 1/SC 42. Goes through the services with the
demo accounts; idempotent (nothing is added once a project exists)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from secretariat.core import audit
from secretariat.meetings.models import Document
from secretariat.negotiation.models import Paragraph, Text
from secretariat.registry import services as registry_services
from secretariat.registry.choices import RoleKind
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Delegation, Economy, Forum, ForumRole, Organisation, Person

from . import defaults, services
from .models import Cosponsorship, Criterion, Project, ProjectKind, ScoringRound, StandardStage

STATEMENT = "2025-digital-ai-ministerial-statement"


def _t(en: str, ko: str) -> dict[str, Any]:
    # The Korean texts are the demo's own translations, not reviewed: machine-draft status.
    return {"en": {"text": en, "status": "original"}, "ko": {"text": ko, "status": "machine"}}


def _users() -> dict[str, Any]:
    names = ["secretariat", "chair", "kr-head", "kr-delegate", "us-head", "us-delegate"]
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return found if len(found) == len(names) else {}


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    defaults.ensure_installed()
    users = _users()
    if users and not Project.objects.exists() and Forum.objects.filter(slug="daib").exists():
        with transaction.atomic():
            _seed(users)
    return {"projects": Project.objects.count()}


def _japan_head(staff: Any, body: Forum) -> Person:
    """An illustrative Japanese head of delegation to the body (no account)."""
    japan = Economy.objects.get(code="JP")
    delegation = Delegation.objects.filter(economy=japan, forum=body).first() or (
        registry_services.create_delegation(actor=staff, economy=japan, forum=body)
    )
    head = ForumRole.objects.filter(delegation=delegation, kind=RoleKind.HEAD_OF_DELEGATION).first()
    if head is not None:
        return head.person
    person = registry_services.create_person(
        actor=staff, family_name="SATO", given_name="Hanako (illustrative)", economy=japan
    )
    registry_services.assign_role(
        actor=staff,
        person=person,
        forum=body,
        kind=RoleKind.HEAD_OF_DELEGATION,
        delegation=delegation,
    )
    return person


def _cosponsor_without_account(project: Project, person: Person) -> None:
    """A co-sponsorship given by a head of delegation who has no account in the demo."""
    Cosponsorship.objects.create(project=project, economy=person.economy, given_by=person)
    audit.record(
        actor="demo",
        action="projects.cosponsorship.given",
        obj=project,
        changes={"economy": person.economy.code},
    )


def _advance(project: Project, actor: Any, *states: str) -> Project:
    for target in states:
        project = services.change_state(
            actor=actor, project=project, version=project.version, target=target
        )
    return project


def _paragraph(keyword: str) -> tuple[Text, str] | None:
    text = Text.objects.filter(slug=STATEMENT).first()
    if text is None or text.current_version_id is None:
        return None
    for wording in Paragraph.objects.filter(version_id=text.current_version_id).select_related(
        "provision"
    ):
        words = " ".join(str(part.get("text", "")) for part in wording.content or [])
        if keyword.lower() in words.lower():
            return text, wording.provision.eid
    return None


def _link(project: Project, actor: Any, keyword: str) -> None:
    found = _paragraph(keyword)
    if found is not None:
        services.link_paragraph(actor=actor, project=project, text=found[0], eid=found[1])


def _score_round(users: dict[str, Any], projects: list[Project]) -> None:
    """A closed round of the body on ``projects``, scored by three of the demo's delegates
    (the earlier projects score higher), which moves each to scored."""
    number = ScoringRound.objects.count()
    scoring_round = services.open_round(
        actor=users["chair"],
        forum=projects[0].responsible_forum,
        name=f"Concept notes, round {number + 1} (illustrative)",
        projects=projects,
    )
    criteria = list(Criterion.objects.filter(is_active=True))
    for rank, project in enumerate(projects):
        for username, value in (("kr-delegate", 5), ("us-delegate", 4), ("us-head", 4)):
            marks = {c.slug: (max(value - rank, 1), "Illustrative score.") for c in criteria}
            services.score(
                actor=users[username], scoring_round=scoring_round, project=project, marks=marks
            )
    services.close_round(
        actor=users["chair"], scoring_round=scoring_round, version=scoring_round.version
    )


def _seed(users: dict[str, Any]) -> None:
    staff, chair = users["secretariat"], users["chair"]
    body, telwg, abac = (Forum.objects.get(slug=s) for s in ("daib", "telwg", "abac"))
    korea, usa = Economy.objects.get(code="KR"), Economy.objects.get(code="US")
    japan_head = _japan_head(staff, body)
    kr_delegate = Person.objects.get(user=users["kr-delegate"])
    us_delegate = Person.objects.get(user=users["us-delegate"])
    research, standards, capacity = (
        ProjectKind.objects.get(slug=s)
        for s in ("joint-research", "standardisation", "capacity-building")
    )
    today = timezone.localdate()

    testbed = services.create_project(
        actor=users["kr-delegate"],
        kind=research,
        proposing_economy=korea,
        overseer=kr_delegate,
        responsible_forum=body,
        co_owning_fora=[telwg],
        funding_account="gpa",
        funding_amount=Decimal("150000"),
        title=_t(
            "AI safety testbed for APEC economies (illustrative)",
            "APEC 경제체를 위한 AI 안전 테스트베드 (예시)",
        ),
        summary=_t(
            "A shared testbed where economies evaluate AI systems against common safety "
            "tests, built with TELWG's network operators. Illustrative demo project.",
            "경제체들이 공통 안전 시험으로 AI 시스템을 평가하는 공동 테스트베드. 예시 프로젝트.",
        ),
    )
    services.cosponsor(actor=users["us-head"], project=testbed, economy=usa)
    _cosponsor_without_account(testbed, japan_head)
    _link(testbed, users["kr-delegate"], "trust")
    testbed = Project.objects.get(pk=testbed.pk)
    for months, en, ko in (
        (3, "Testbed design agreed", "테스트베드 설계 합의"),
        (9, "First joint evaluation", "첫 공동 평가"),
    ):
        services.add_milestone(
            actor=users["kr-delegate"],
            project=testbed,
            title=_t(en, ko),
            due_on=today + dt.timedelta(days=30 * months),
        )

    sc42 = Organisation.objects.get(slug="iso-iec-jtc1-sc42")
    aims = services.create_project(
        actor=users["kr-delegate"],
        kind=standards,
        proposing_economy=korea,
        overseer=kr_delegate,
        responsible_forum=body,
        target_body=sc42,
        body_reference="ISO/IEC 42001",
        funding_account="self",
        title=_t(
            "Applying AI management systems (ISO/IEC 42001) across APEC (illustrative)",
            "APEC 전반의 AI 경영시스템(ISO/IEC 42001) 적용 (예시)",
        ),
        summary=_t(
            "Contributes APEC economies' experience to ISO/IEC JTC 1/SC 42's work on AI "
            "management systems. Illustrative demo work item.",
            "AI 경영시스템에 관한 ISO/IEC JTC 1/SC 42 작업에 APEC 경제체의 경험을 제공. 예시.",
        ),
    )
    services.cosponsor(actor=users["us-head"], project=aims, economy=usa)
    _cosponsor_without_account(aims, japan_head)
    _score_round(users, [testbed, aims])
    _advance(Project.objects.get(pk=testbed.pk), chair, "endorsed")
    aims = _advance(
        Project.objects.get(pk=aims.pk), staff, "endorsed", "proposal", "approved", "in-progress"
    )
    services.record_stage(
        actor=staff,
        project=aims,
        stage=StandardStage.objects.get(code="60.60"),
        reached_on=dt.date(2023, 12, 18),
        note="ISO/IEC 42001:2023 published",
    )
    services.add_milestone(
        actor=users["kr-delegate"],
        project=aims,
        title=_t("Survey of economies' use of ISO/IEC 42001", "경제체별 ISO/IEC 42001 활용 조사"),
        due_on=today - dt.timedelta(days=14),
    )  # the overdue one
    _link(aims, users["kr-delegate"], "standard")

    study = services.create_project(
        actor=users["us-delegate"],
        kind=research,
        proposing_economy=usa,
        overseer=us_delegate,
        responsible_forum=body,
        co_owning_fora=[telwg, abac],
        funding_account="tilf",
        funding_amount=Decimal("90000"),
        title=_t(
            "Meaningful digital connectivity study with ABAC (illustrative)",
            "ABAC와 함께하는 의미 있는 디지털 연결성 연구 (예시)",
        ),
        summary=_t(
            "Maps the gaps in universal and meaningful connectivity with the business "
            "community. Illustrative demo project.",
            "보편적이고 의미 있는 연결성의 격차를 기업계와 함께 분석. 예시.",
        ),
    )
    services.cosponsor(actor=users["kr-head"], project=study, economy=korea)
    _cosponsor_without_account(study, japan_head)
    _score_round(users, [study])
    study = _advance(Project.objects.get(pk=study.pk), staff, "endorsed", "proposal", "approved")
    services.add_milestone(
        actor=users["us-delegate"],
        project=study,
        title=_t("Inception report", "착수 보고서"),
        due_on=today + dt.timedelta(days=45),
    )
    _link(study, users["us-delegate"], "connectivity")

    workshop = services.create_project(
        actor=users["kr-delegate"],
        kind=capacity,
        proposing_economy=korea,
        overseer=kr_delegate,
        responsible_forum=body,
        funding_account="asf",
        funding_amount=Decimal("60000"),
        partners=list(Organisation.objects.filter(slug="world-bank")),
        title=_t(
            "Capacity-building workshop on AI for public services, with the World Bank "
            "(illustrative)",
            "세계은행과 함께하는 공공서비스 AI 역량 강화 워크숍 (예시)",
        ),
    )
    services.cosponsor(actor=users["us-head"], project=workshop, economy=usa)
    _cosponsor_without_account(workshop, japan_head)
    _score_round(users, [workshop])
    workshop = _advance(
        Project.objects.get(pk=workshop.pk),
        staff,
        "endorsed",
        "proposal",
        "approved",
        "in-progress",
        "completed",
    )
    done = services.add_milestone(
        actor=users["kr-delegate"],
        project=workshop,
        title=_t("Workshop held", "워크숍 개최"),
        due_on=today - dt.timedelta(days=60),
    )
    services.update_milestone(
        actor=users["kr-delegate"], milestone=done, version=done.version, state="done"
    )
    document = (
        Document.objects.filter(owning_forum__slug__in=["daib", "daimm"], classification="public")
        .order_by("pk")
        .first()
    )
    if document is not None:
        services.link_deliverable(actor=users["kr-delegate"], project=workshop, document=document)
    # The overdue milestone reminds its Overseer and is proposed for the body's next meeting.
    services.remind_overdue_milestones(today=today)
