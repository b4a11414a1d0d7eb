"""Demo: the adopted 2025 statement as a published outcome. Korean has paragraphs 1–3
verified and paragraph 5 in draft; Chinese has a draft of paragraph 1, so the public page
shows both states (the Korean page says which paragraphs are still in English). Two demo
accounts work on it: ``translator-ko`` (translates Korean) and ``reviewer-ko`` (verifies)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from secretariat.core import audit
from secretariat.meetings.models import Meeting
from secretariat.negotiation import demo as negotiation_demo
from secretariat.negotiation.models import Text
from secretariat.registry.demo import DEMO_PASSWORD, refuse_in_production

from . import services
from .models import Outcome, TranslatorAssignment

TRANSLATOR, REVIEWER = "translator-ko", "reviewer-ko"

KOREAN = {
    "para_1": "(채택된 제1항 요약) 장관들은 2025년 8월 4일 대한민국 인천에서 한국의 2025 APEC "
    "주제 “지속가능한 내일을 만들다: 연결, 혁신, 번영” 아래 회합하였다.",
    "para_2": "(채택된 제2항 요약) 장관들은 개방적이고 역동적이며 회복력 있고 평화로운 "
    "아시아·태평양 공동체를 위한 푸트라자야 비전 2040을 재확인한다.",
    "para_3": "(채택된 제3항 요약) 장관들은 아오테아로아 행동계획을 비전의 이행 계획으로 상기한다.",
}
KOREAN_DRAFT = ("para_5", "우리는 모두를 위한 디지털 역량과 AI 리터러시를 강화할 것이다.")
CHINESE_DRAFT = ("para_1", "（已通过第1段摘要）部长们于2025年8月4日在韩国仁川举行会议。")


def _user(username: str, actor: Any) -> Any:
    from allauth.account.models import EmailAddress

    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is None:
        user = users.create_user(
            username=username, email=f"{username}@demo.invalid", password=DEMO_PASSWORD
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        audit.record(
            actor=actor,
            action="accounts.user.created.demo",
            obj=user,
            changes={"username": username, "is_staff": False},
        )
    return user


def seed() -> dict[str, int]:
    refuse_in_production()
    text = Text.objects.filter(slug=negotiation_demo.SLUG).first()
    if text is None or Outcome.objects.filter(text=text).exists():
        return {"published outcomes": Outcome.objects.count()}
    staff = get_user_model().objects.get(username="secretariat")
    with transaction.atomic():
        translator, reviewer = _user(TRANSLATOR, "demo"), _user(REVIEWER, "demo")
        for user, may_review in ((translator, False), (reviewer, True)):
            if not TranslatorAssignment.objects.filter(user=user, language="ko").exists():
                services.assign_translator(
                    actor=staff, user_id=user.pk, language="ko", may_review=may_review
                )
        outcome = services.create_outcome(
            actor=staff,
            text=text,
            meeting=Meeting.objects.filter(code="DAIMM").first(),
            required_languages=[],
        )
        for eid, korean in KOREAN.items():
            services.save_translation(
                actor=translator, outcome=outcome, eid=eid, language="ko", text=korean, version=0
            )
            services.verify_translation(
                actor=reviewer, outcome=outcome, eid=eid, language="ko", version=1
            )
        services.save_translation(
            actor=translator,
            outcome=outcome,
            eid=KOREAN_DRAFT[0],
            language="ko",
            text=KOREAN_DRAFT[1],
            heading="모두를 위한 디지털 역량",
            version=0,
        )
        services.save_translation(
            actor=staff,
            outcome=outcome,
            eid=CHINESE_DRAFT[0],
            language="zh-hans",
            text=CHINESE_DRAFT[1],
            version=0,
        )
        outcome.refresh_from_db()
        services.announce_outcome(actor=staff, outcome=outcome, version=outcome.version)
    return {"published outcomes": Outcome.objects.count()}
