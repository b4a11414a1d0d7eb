"""Demo "works with" links and liaison statements of the high-level Digital·AI body.

Facts from shared/domain/apec.md: the 2025 statement has the body work with TELWG, DESG and
ABAC and contribute to international standardisation; the World Bank co-hosted the Global
Digital·AI Forum. Everything else — the dates, the notes, every statement — is illustrative
and says so. Goes through the services; idempotent (links by their two sides, statements by
their English title)."""

import datetime as dt
from typing import Any

from django.db import transaction

from secretariat.meetings import services as meeting_services
from secretariat.meetings.choices import DocumentPurpose
from secretariat.meetings.models import Document, Meeting
from secretariat.registry import services as registry_services
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Forum, Organisation, WorksWith

from . import services
from .choices import Direction, LiaisonState, Purpose
from .models import LiaisonStatement


def _t(en: str, ko: str) -> dict[str, Any]:
    # The Korean texts are the demo's own translations, not reviewed: machine-draft status.
    return {"en": {"text": en, "status": "original"}, "ko": {"text": ko, "status": "machine"}}


# partner (forum or organisation slug), since, note
LINKS = [
    (
        "telwg",
        dt.date(2025, 8, 4),
        _t(
            "Joint research on digital connectivity and AI, as the 2025 statement instructs "
            "(date illustrative).",
            "2025년 성명에 따른 디지털 연결성·AI 공동연구 (날짜는 예시).",
        ),
    ),
    (
        "desg",
        dt.date(2025, 8, 4),
        _t(
            "Joint research on the digital economy (date illustrative).",
            "디지털경제 공동연구 (날짜는 예시).",
        ),
    ),
    (
        "abac",
        dt.date(2025, 8, 4),
        _t(
            "Business views on digital and AI policy (date illustrative).",
            "디지털·AI 정책에 대한 기업계 의견 (날짜는 예시).",
        ),
    ),
    (
        "world-bank",
        dt.date(2025, 8, 5),
        _t(
            "Co-hosts of the Global Digital·AI Forum (date illustrative).",
            "글로벌 디지털·AI 포럼 공동 주최 (날짜는 예시).",
        ),
    ),
    (
        "iso-iec-jtc1-sc42",
        dt.date(2026, 3, 16),
        _t(
            "Liaison on AI standards, ISO/IEC 42001 first (illustrative).",
            "AI 표준 연락, 우선 ISO/IEC 42001 (예시).",
        ),
    ),
]

TO_SC42 = _t(
    "AI management systems: the body's experience with ISO/IEC 42001 (illustrative)",
    "AI 경영시스템: ISO/IEC 42001에 관한 협의체의 경험 (예시)",
)
FROM_SC42 = _t(
    "Reply from SC 42 on AI management systems (illustrative)",
    "AI 경영시스템에 관한 SC 42의 회신 (예시)",
)
TO_ITU = _t(
    "Terminology for AI-enabled networks: request for comments (illustrative)",
    "AI 기반 네트워크 용어: 의견 요청 (예시)",
)
TO_DESG = _t(
    "Draft note to DESG on cross-border data for AI (illustrative)",
    "AI를 위한 국경 간 데이터에 관한 DESG 앞 초안 (예시)",
)


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    with transaction.atomic():
        body = Forum.objects.get(slug="daib")
        _seed_links(actor, body)
        _seed_statements(actor, body)
    return {
        "works-with links": WorksWith.objects.count(),
        "liaison statements": LiaisonStatement.objects.count(),
    }


def _seed_links(actor: Any, body: Forum) -> None:
    fora = {forum.slug: forum for forum in Forum.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for slug, since, note in LINKS:
        partner_forum, partner_organisation = fora.get(slug), organisations.get(slug)
        exists = WorksWith.objects.filter(
            forum=body, partner_forum=partner_forum, partner_organisation=partner_organisation
        ).exists()
        if not exists and (partner_forum or partner_organisation):
            registry_services.create_works_with(
                actor=actor,
                forum=body,
                since=since,
                partner_forum=partner_forum,
                partner_organisation=partner_organisation,
                note=note,
            )


def _statement(actor: Any, title: dict[str, Any], **fields: Any) -> LiaisonStatement:
    found = LiaisonStatement.objects.filter(title__en__text=title["en"]["text"]).first()
    if found is not None:
        return found
    state, on = fields.pop("state", None), fields.pop("on", None)
    statement = services.create_statement(actor=actor, title=title, **fields)
    if state is not None:
        statement = services.change_state(
            actor=actor, statement=statement, version=statement.version, state=state, on=on
        )
    return statement


def _attachment(actor: Any, body: Forum) -> Document | None:
    """A link document of the body's first regular meeting: the statement as sent."""
    meeting = Meeting.objects.filter(series__slug="daib-regular", sequence=1).first()
    if meeting is None:
        return None
    title = _t(
        "Liaison statement to ISO/IEC JTC 1/SC 42 on AI management systems (illustrative)",
        "ISO/IEC JTC 1/SC 42 앞 AI 경영시스템 연락문서 (예시)",
    )
    found = Document.objects.filter(meeting=meeting, title__en__text=title["en"]["text"]).first()
    return found or meeting_services.submit_document(
        actor=actor,
        meeting=meeting,
        title=title,
        purpose=DocumentPurpose.INFORMATION,
        submitted_by_forum=body,
        link="https://www.iso.org/standard/81230.html",
        now=dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC),
    )


def _seed_statements(actor: Any, body: Forum) -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    sc42, itu = organisations["iso-iec-jtc1-sc42"], organisations["itu-t"]
    # Attach before sending: attachments change only on a draft.
    asked = LiaisonStatement.objects.filter(title__en__text=TO_SC42["en"]["text"]).first()
    if asked is None:
        asked = _statement(
            actor,
            TO_SC42,
            forum=body,
            counterpart_organisation=sc42,
            purpose=Purpose.FOR_ACTION,
            deadline=dt.date(2026, 6, 30),
            body=_t(
                "The body would welcome SC 42's views on how economies of different sizes "
                "apply ISO/IEC 42001, and on guidance that would help small and medium "
                "enterprises (illustrative).",
                "협의체는 규모가 다른 경제체들이 ISO/IEC 42001을 어떻게 적용하는지, 그리고 "
                "중소기업에 도움이 될 지침에 관한 SC 42의 의견을 환영합니다 (예시).",
            ),
        )
        document = _attachment(actor, body)
        if document is not None:
            services.attach_document(actor=actor, statement=asked, document=document)
        asked = services.change_state(
            actor=actor,
            statement=asked,
            version=asked.version,
            state=LiaisonState.SENT,
            on=dt.date(2026, 3, 16),
        )
    _statement(
        actor,
        FROM_SC42,
        forum=body,
        purpose=Purpose.IN_RESPONSE,
        in_response_to=asked,
        body=_t(
            "SC 42 thanks the body and points to its work on guidance for ISO/IEC 42001 "
            "(illustrative).",
            "SC 42는 협의체에 감사하며 ISO/IEC 42001 지침 작업을 안내합니다 (예시).",
        ),
        state=LiaisonState.RECEIVED,
        on=dt.date(2026, 6, 12),
    )
    _statement(  # the overdue one: for action, its deadline passed, no reply recorded
        actor,
        TO_ITU,
        forum=body,
        counterpart_organisation=itu,
        purpose=Purpose.FOR_ACTION,
        deadline=dt.date(2026, 9, 30),
        state=LiaisonState.SENT,
        on=dt.date(2026, 7, 1),
    )
    _statement(  # a draft: the body's members and the secretariat see it
        actor,
        TO_DESG,
        forum=body,
        direction=Direction.OUTGOING,
        counterpart_forum=Forum.objects.get(slug="desg"),
        purpose=Purpose.FOR_INFORMATION,
    )
