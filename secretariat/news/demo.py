"""Demo news about the 2025 Digital and AI Ministerial (facts from shared/domain/apec.md;
anything else is marked illustrative): two news items, a press release whose embargo has
ended, and an illustrative press release under embargo for the next 30 days. Goes through
the services; idempotent (keyed by the English title)."""

import datetime as dt
import io
import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from secretariat.meetings.models import Meeting
from secretariat.negotiation.models import Text
from secretariat.registry.demo import refuse_in_production

from . import services
from .choices import NewsKind, NewsState
from .models import NewsItem

KST = zoneinfo.ZoneInfo("Asia/Seoul")


def _kst(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=KST)


def _t(en: str, ko: str) -> dict[str, Any]:
    # The Korean texts are the demo's own translations, not reviewed: machine-draft status.
    return {"en": {"text": en, "status": "original"}, "ko": {"text": ko, "status": "machine"}}


ADOPTED = {
    "title": _t(
        "Ministers adopt the first APEC Digital and AI Ministerial Statement",
        "APEC 첫 디지털·AI 장관회의, 장관 성명 채택",
    ),
    "summary": _t(
        "Meeting in Incheon on 4 August 2025, the 21 APEC economies adopted their first "
        "Digital and AI Ministerial Statement by consensus.",
        "2025년 8월 4일 인천에서 APEC 21개 회원 경제체가 첫 디지털·AI 장관 성명을 "
        "컨센서스(합의)로 채택했습니다.",
    ),
    "body": _t(
        "The inaugural APEC Digital and AI Ministerial Meeting was held on 4 August 2025 at "
        "Songdo Convensia, Incheon, chaired by H.E. BAE Kyunghoon, Minister of Science and "
        "ICT of the Republic of Korea. All 21 economies attended.\n\n"
        "Ministers adopted the APEC 2025 Digital and AI Ministerial Statement, 'Digital and "
        "AI Transformation toward Prosperity and Sustainable Growth for All', by consensus, "
        "after difficulties in coordination over priorities and terminology.\n\n"
        "The statement is organised in three themes: facilitating digital and AI innovation "
        "to address socio-economic challenges; enhancing universal and meaningful digital "
        "connectivity; and creating a safe and trustworthy digital and AI ecosystem.",
        "제1회 APEC 디지털·AI 장관회의가 2025년 8월 4일 인천 송도컨벤시아에서 배경훈 "
        "과학기술정보통신부 장관 주재로 열렸습니다. 21개 회원 경제체가 모두 참석했습니다.\n\n"
        "장관들은 우선순위와 용어를 둘러싼 조율의 어려움 끝에 'APEC 2025 디지털·AI 장관 "
        "성명'을 컨센서스(합의)로 채택했습니다.\n\n"
        "성명은 세 가지 주제로 구성됩니다: 사회·경제적 과제 해결을 위한 디지털·AI 혁신 "
        "촉진, 보편적이고 의미 있는 디지털 연결성 강화, 안전하고 신뢰할 수 있는 디지털·AI "
        "생태계 조성.",
    ),
}
FORUM = {
    "title": _t(
        "Global Digital & AI Forum with the World Bank",
        "세계은행과 함께한 글로벌 디지털·AI 포럼",
    ),
    "summary": _t(
        "On 5 August 2025 MSIT and the World Bank co-hosted a forum on preparing for APEC's "
        "innovative digital·AI future, with a company exhibition.",
        "2025년 8월 5일 과학기술정보통신부와 세계은행이 APEC의 혁신적 디지털·AI 미래 준비를 "
        "주제로 포럼을 공동 개최했으며, 기업 전시도 함께 열렸습니다.",
    ),
    "body": _t(
        "The Global Digital & AI Forum was held on 5 August 2025 at the Sheraton Grand "
        "Incheon, co-hosted by the Ministry of Science and ICT and the World Bank, on "
        '"Preparing for APEC\'s innovative digital·AI future" (the English title is '
        "translated from Korean).\n\n"
        "Sessions covered connectivity, inclusion and innovation, with remarks by World Bank "
        "Vice President Sangbu Kim. Companies showed their work in an exhibition beside the "
        "forum.",
        "글로벌 디지털·AI 포럼이 2025년 8월 5일 쉐라톤 그랜드 인천 호텔에서 과학기술정보통신부와 "
        "세계은행 공동 주최로 'APEC의 혁신적 디지털·AI 미래 준비'를 주제로 열렸습니다.\n\n"
        "연결성, 포용, 혁신에 관한 세션이 진행되었고 김상부 세계은행 부총재가 발언했습니다. "
        "포럼과 함께 기업 전시가 열렸습니다.",
    ),
}
OPENING = {
    "title": _t(
        "Press release: APEC Digital and AI Ministerial Meeting opens in Incheon",
        "보도자료: APEC 디지털·AI 장관회의 인천에서 개막",
    ),
    "summary": _t(
        "Ministers of the 21 APEC economies meet at Songdo Convensia, Incheon, on 4 August "
        "2025. (Embargo time illustrative.)",
        "21개 APEC 회원 경제체 장관들이 2025년 8월 4일 인천 송도컨벤시아에서 만납니다. "
        "(엠바고 시각은 예시)",
    ),
    "body": _t(
        "The first APEC Digital and AI Ministerial Meeting opens on 4 August 2025 at Songdo "
        "Convensia, Incheon, chaired by H.E. BAE Kyunghoon, Minister of Science and ICT. "
        "Japan's Ministry of Internal Affairs and Communications numbers it TELMIN11, the "
        "first telecommunications ministerial since 2015.\n\n"
        "The meeting is part of the Digital Week held by the Ministry of Science and ICT "
        "from 28 July to 6 August 2025.",
        "제1회 APEC 디지털·AI 장관회의가 2025년 8월 4일 인천 송도컨벤시아에서 배경훈 "
        "과학기술정보통신부 장관 주재로 개막합니다. 일본 총무성은 이를 2015년 이후 첫 "
        "정보통신 장관회의인 TELMIN11로 부릅니다.\n\n"
        "이번 회의는 과학기술정보통신부가 2025년 7월 28일부터 8월 6일까지 여는 디지털 "
        "주간의 일부입니다.",
    ),
}
EMBARGOED = {
    "title": _t(
        "(Illustrative) Press release under embargo: follow-up report on the Incheon statement",
        "(예시) 엠바고 보도자료: 인천 성명 후속 보고서",
    ),
    "summary": _t(
        "An illustrative release that the accredited press of the ministerial see before "
        "its embargo ends; the public sees nothing until then.",
        "장관회의 취재 등록 기자는 엠바고 해제 전에 볼 수 있고, 일반 공개는 그 이후인 예시 "
        "보도자료입니다.",
    ),
    "body": _t(
        "(Illustrative text.) The secretariat will publish a report on the follow-up of the "
        "Digital and AI Ministerial Statement.",
        "(예시 문안) 사무국은 디지털·AI 장관 성명의 후속 조치에 관한 보고서를 발간할 예정입니다.",
    ),
}


def _banner() -> tuple[io.BytesIO, int]:
    image = Image.new("RGB", (1200, 630), (14, 60, 120))
    ImageDraw.Draw(image).rectangle((80, 260, 1120, 370), fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    size = buffer.tell()
    buffer.seek(0)
    return buffer, size


def _publish(staff: Any, item: NewsItem, at: dt.datetime) -> NewsItem:
    item = services.change_state(
        actor=staff, item=item, version=item.version, state=NewsState.IN_REVIEW
    )
    return services.change_state(
        actor=staff, item=item, version=item.version, state=NewsState.PUBLISHED, published_at=at
    )


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    staff = get_user_model().objects.filter(username="secretariat").first() or actor
    with transaction.atomic():
        daimm = Meeting.objects.filter(code="DAIMM", start_date__year=2025).first()
        forum = Meeting.objects.filter(code="GDAIF", start_date__year=2025).first()
        statement = Text.objects.filter(slug="2025-digital-ai-ministerial-statement").first()
        if daimm is not None and not NewsItem.objects.exists():
            _seed(staff, daimm, forum, statement)
    return {"news items": NewsItem.objects.count()}


def _seed(staff: Any, daimm: Meeting, forum: Meeting | None, statement: Text | None) -> None:
    opening = services.create_news_item(
        actor=staff,
        kind=NewsKind.PRESS_RELEASE,
        meeting=daimm,
        embargo_until=_kst(8, 4, 9),
        **OPENING,
    )
    _publish(staff, opening, _kst(8, 3, 18))
    adopted = services.create_news_item(
        actor=staff,
        kind=NewsKind.NEWS,
        meeting=daimm,
        outcome=statement if statement and statement.status == "adopted" else None,
        **ADOPTED,
    )
    banner, size = _banner()
    services.add_image(
        actor=staff,
        item=adopted,
        upload=banner,
        size=size,
        alt=_t(
            "Illustrative banner: a white band on a blue background",
            "예시 배너: 파란 바탕 위의 흰 띠",
        ),
    )
    _publish(staff, adopted, _kst(8, 4, 19))
    if forum is not None:
        _publish(
            staff,
            services.create_news_item(actor=staff, kind=NewsKind.NEWS, meeting=forum, **FORUM),
            _kst(8, 5, 18),
        )
    until = timezone.now() + dt.timedelta(days=30)
    embargoed = services.create_news_item(
        actor=staff,
        kind=NewsKind.PRESS_RELEASE,
        meeting=daimm,
        embargo_until=until,
        **EMBARGOED,
    )
    _publish(staff, embargoed, timezone.now())
