"""Demo: the 2025 APEC Digital and AI Ministerial Statement, negotiated to consensus.

The title, the three themes and the gist of paragraphs 1–4 come from shared/domain/apec.md.
The official wording is not reproduced: paragraphs 1–4 here summarise what the adopted text
covers, and every other paragraph, bracket, amendment and position is illustrative. Each
paragraph is flagged ``illustrative`` and the versions say so in their notes.

The history is dated as it happened, in the venue's zone (Incheon, Asia/Seoul: the domain
names no other venue for the drafting): working-level talks from February 2025 (fact), the
statement adopted on 4 August 2025 (fact); the days in between are illustrative. The services
stamp rows with the time of the call, so each row is moved to its day afterwards with
``QuerySet.update``. The audit log keeps the time the demo was seeded: its entries are
hash-chained over their times and are never rewritten."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from secretariat.core.i18n import translations
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Delegation, Forum

from . import selectors, services
from .choices import AmendmentKind, AmendmentState, Classification, Stance, TextKind, VersionKind
from .demo_ongoing import seed_ongoing
from .models import Amendment, Position, Reservation, Text, Version

SLUG = "2025-digital-ai-ministerial-statement"
TITLE_EN = (
    "APEC 2025 Digital and AI Ministerial Statement — “Digital and AI Transformation "
    "toward Prosperity and Sustainable Growth for All”"
)
TITLE_KO = (
    "2025 APEC 디지털·AI 장관회의 성명 — “모두를 위한 번영과 지속가능한 성장을 향한 디지털·AI 전환”"
)
SEOUL = ZoneInfo("Asia/Seoul")


def _kst(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=SEOUL)


VERSION_DATES = {
    1: _kst(2, 17, 10),  # zero draft (working-level talks began in February)
    2: _kst(5, 16, 10),  # compilation of comments (illustrative)
    3: _kst(7, 10, 9),  # rolling text, circulated as 2025/DAIMM/002 that day (illustrative)
    4: _kst(7, 31, 18),  # clean text, in Digital Week (illustrative)
}
POSITIONS_FROM = _kst(8, 1, 9)  # on the clean text, 1–3 August (illustrative)
AD_REF_CONFIRM_BY = date(2025, 8, 4)
AD_REF_CONFIRMED_AT = _kst(8, 4, 11, 30)
ADOPTED_AT = _kst(8, 4, 17)  # the ministerial meeting, 4 August 2025 (time illustrative)

THEMES = [
    "Facilitating Digital and AI Innovation to Address Socio-economic Challenges",
    "Enhancing Universal and Meaningful Digital Connectivity",
    "Creating a Safe and Trustworthy Digital and AI Ecosystem",
]


def _p(
    eid: str,
    num: str,
    text: str,
    *,
    part: str = "body",
    heading: str = "",
    content: list | None = None,
) -> dict[str, Any]:
    return {
        "eid": eid,
        "num": num,
        "part": part,
        "heading": heading,
        "illustrative": True,
        "content": content or [{"text": text}],
    }


def _frame() -> list[dict[str, Any]]:
    return [
        _p(
            "para_1",
            "1",
            "(Summary of adopted paragraph 1.) Ministers met in Incheon, Republic "
            "of Korea, on 4 August 2025 under Korea's APEC 2025 theme, “Building a Sustainable "
            "Tomorrow: Connect, Innovate, Prosper”.",
        ),
        _p(
            "para_2",
            "2",
            "(Summary of adopted paragraph 2.) Ministers recommit to the Putrajaya "
            "Vision 2040 of an open, dynamic, resilient and peaceful Asia-Pacific community.",
        ),
        _p(
            "para_3",
            "3",
            "(Summary of adopted paragraph 3.) Ministers recall the Aotearoa Plan "
            "of Action as the Vision's implementation plan.",
        ),
        _p(
            "para_4",
            "4",
            "(Summary of adopted paragraph 4.) Ministers reaffirm the APEC Internet "
            "and Digital Economy Roadmap (AIDER) and its focus areas.",
        ),
    ]


def _themes(stage: int) -> list[dict[str, Any]]:
    """Illustrative operative paragraphs, bracketed early and cleaned by the last version."""
    skills = (
        [
            {"text": "We will "},
            {"bracket": "strengthen", "holders": ["US"]},
            {"text": " digital skills and AI literacy for all."},
        ]
        if stage < 3
        else [{"text": "We will strengthen digital skills and AI literacy for all."}]
    )
    cloud = (
        [
            {"text": "We encourage investment in "},
            {
                "options": [
                    {"text": "AI-enabled cloud and next-generation networks", "holders": ["KR"]},
                    {"text": "digital infrastructure", "holders": ["CN"]},
                ]
            },
            {"text": "."},
        ]
        if stage < 3
        else [{"text": "We encourage investment in AI-enabled cloud and next-generation networks."}]
    )
    deepfakes = (
        "We will cooperate to address risks from deepfakes and disinformation, "
        "consistent with domestic law."
        if stage >= 2
        else "We will cooperate to address risks from deepfakes and disinformation."
    )
    return [
        _p("para_5", "5", "", heading=THEMES[0], content=skills),
        _p(
            "para_6",
            "6",
            "We instruct the high-level Digital·AI body to take forward joint "
            "research with TELWG, DESG and ABAC.",
            heading=THEMES[0],
        ),
        _p("para_7", "7", "", heading=THEMES[1], content=cloud),
        _p(
            "para_8",
            "8",
            "We aim to narrow the digital divide within and between economies.",
            heading=THEMES[1],
        ),
        _p("para_9", "9", deepfakes, heading=THEMES[2]),
        _p(
            "para_10",
            "10",
            "We support work with international standards bodies on trustworthy AI.",
            heading=THEMES[2],
        ),
    ]


def seed() -> dict[str, int]:
    refuse_in_production()
    if Text.objects.filter(slug=SLUG).exists():
        seed_ongoing()
        return {"negotiated texts": Text.objects.count()}
    users = get_user_model().objects
    staff, chair = users.get(username="secretariat"), users.get(username="chair")
    forum = Forum.objects.get(slug="daimm")
    delegations = {
        d.economy.code: d for d in Delegation.objects.filter(forum=forum).select_related("economy")
    }
    with transaction.atomic():
        text = services.create_text(
            actor=staff,
            forum=forum,
            slug=SLUG,
            kind=TextKind.MINISTERIAL_STATEMENT,
            title=translations("en", en=TITLE_EN) | {"ko": {"text": TITLE_KO, "status": "machine"}},
            classification=Classification.RESTRICTED,
            consensus_rule="default",
            package_mode=True,
            first_version_kind=VersionKind.ZERO_DRAFT,
            paragraphs=_frame() + _themes(1),
        )
        Text.objects.filter(pk=text.pk).update(created_at=VERSION_DATES[1])
        _draft_amendments(text, staff, chair, delegations)
        for number, kind, note, stage in [
            (2, VersionKind.COMPILATION, "Compilation of comments, May 2025 (illustrative).", 2),
            (3, VersionKind.ROLLING_TEXT, "Rolling text, July 2025 (illustrative).", 3),
            (
                4,
                VersionKind.CLEAN_TEXT,
                "Clean text adopted on 4 August 2025. Paragraphs 1–4 "
                "summarise the adopted text; the rest is illustrative.",
                3,
            ),
        ]:
            services.publish_version(
                actor=chair,
                text=text,
                kind=kind,
                based_on=number - 1,
                paragraphs=_frame() + _themes(stage),
                note=note,
            )
        for number, day in VERSION_DATES.items():
            Version.objects.filter(text=text, number=number).update(created_at=day)
        text.refresh_from_db()
        _positions(text, delegations)
        services.adopt_text(
            actor=staff, text=text, version=text.version, publish=True, adopted_at=ADOPTED_AT
        )
        _reservations(text, staff, delegations)
        Text.objects.filter(pk=text.pk).update(updated_at=ADOPTED_AT)
        seed_ongoing()
    return {"negotiated texts": Text.objects.count()}


# Each proposal's days: drafted, submitted, decided (illustrative; the chair decided when the
# compilation came out, and Singapore withdrew its own in April).
AMENDMENT_DATES = {
    "US": (_kst(3, 10, 14), _kst(3, 12, 9, 30), VERSION_DATES[2]),
    "JP": (_kst(3, 14, 11), _kst(3, 17, 9), VERSION_DATES[2]),
    "SG": (_kst(3, 19, 15), _kst(3, 20, 9), _kst(4, 2, 16)),
}


def _draft_amendments(
    text: Text, staff: Any, chair: Any, delegations: dict[str, Delegation]
) -> None:
    for code, kind, eid, wording, why, outcome in [
        (
            "US",
            AmendmentKind.REPLACE,
            "para_5",
            "We will promote digital skills.",
            "Prefer a lighter verb (illustrative).",
            AmendmentState.NOT_RETAINED,
        ),
        (
            "JP",
            AmendmentKind.REPLACE,
            "para_9",
            "…consistent with domestic law.",
            "Align with domestic legal frameworks (illustrative).",
            AmendmentState.INCORPORATED_MODIFIED,
        ),
        (
            "SG",
            AmendmentKind.INSERT,
            None,
            "We will share AI governance practices.",
            "New paragraph (illustrative).",
            AmendmentState.WITHDRAWN,
        ),
    ]:
        amendment = services.propose_amendment(
            actor=staff,
            text=text,
            delegation=delegations[code],
            kind=kind,
            eid=eid,
            proposed_text=wording,
            justification=why,
            after_eid="para_10" if eid is None else None,
        )
        amendment = services.move_amendment(
            actor=staff, amendment=amendment, to_state=AmendmentState.SUBMITTED, version=1
        )
        if outcome != AmendmentState.WITHDRAWN:
            amendment = services.move_amendment(
                actor=chair,
                amendment=amendment,
                to_state=AmendmentState.UNDER_CONSIDERATION,
                version=amendment.version,
            )
        services.move_amendment(
            actor=chair, amendment=amendment, to_state=outcome, version=amendment.version
        )
        drafted, submitted, decided = AMENDMENT_DATES[code]
        Amendment.objects.filter(pk=amendment.pk).update(
            created_at=drafted, submitted_at=submitted, updated_at=decided
        )


def _positions(text: Text, delegations: dict[str, Delegation]) -> None:
    """Every economy supports every paragraph of the clean text; Viet Nam first gives para 9
    ad referendum and confirms it (illustrative)."""
    staff = get_user_model().objects.get(username="secretariat")
    for j, row in enumerate(selectors.consensus_map(text).rows):
        eid = row.paragraph.provision.eid
        for i, (code, delegation) in enumerate(sorted(delegations.items())):
            ad_ref = code == "VN" and eid == "para_9"
            position = services.state_position(
                actor=staff,
                text=text,
                delegation=delegation,
                eid=eid,
                stance=Stance.SUPPORT,
                based_on=None,
                ad_referendum=ad_ref,
                confirm_by=AD_REF_CONFIRM_BY if ad_ref else None,
                reason="Awaiting capital's confirmation (illustrative)." if ad_ref else "",
            )
            # Seven economies a day over 1–3 August, each answering paragraph by paragraph.
            stated = POSITIONS_FROM + timedelta(days=i // 7, minutes=45 * (i % 7) + j)
            Position.objects.filter(pk=position.pk).update(created_at=stated)
            if ad_ref:
                confirmed = services.state_position(
                    actor=staff,
                    text=text,
                    delegation=delegation,
                    eid=eid,
                    stance=Stance.SUPPORT,
                    based_on=position.pk,
                    reason="Confirmed by capital (illustrative).",
                )
                Position.objects.filter(pk=position.pk).update(superseded_at=AD_REF_CONFIRMED_AT)
                Position.objects.filter(pk=confirmed.pk).update(created_at=AD_REF_CONFIRMED_AT)
    assert Position.objects.filter(provision__text=text, superseded_at__isnull=True).exists()  # noqa: S101


def _reservations(text: Text, staff: Any, delegations: dict[str, Delegation]) -> None:
    """Statements entered at adoption, footnoted in every export (illustrative)."""
    from . import services_reservations

    for minutes, (code, eid, kind, statement) in enumerate(
        [
            (
                "US",
                "para_9",
                "interpretive_statement",
                "The United States understands “consistent with domestic law” to include its "
                "constitutional protections of freedom of expression (illustrative).",
            ),
            (
                "CN",
                "para_7",
                "interpretive_statement",
                "China understands “next-generation networks” to cover digital infrastructure "
                "in general (illustrative).",
            ),
        ],
        start=5,
    ):
        reservation = services_reservations.enter_reservation(
            actor=staff,
            text=text,
            delegation=delegations[code],
            kind=kind,
            statement=translations("en", en=statement),
            eid=eid,
        )
        entered = ADOPTED_AT + timedelta(minutes=minutes)
        Reservation.objects.filter(pk=reservation.pk).update(created_at=entered, updated_at=entered)
