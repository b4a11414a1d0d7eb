"""Demo: a text still under negotiation in the high-level body, so the demo shows the live
consensus map, the position and amendment forms and the chair's controls at work. Entirely
illustrative: the body's 2027 work programme is invented for the demo and labelled so.

Its history is dated in its own weeks, counted back from the day the demo is seeded (it is
still under negotiation), in Seoul's zone, where the body's first regular meeting is hosted
(illustrative): the chair's text three weeks ago, positions over the following fortnight,
Japan's ad referendum support due two days ago (overdue) and in two days."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.registry.models import Delegation, Forum

from . import services
from .choices import AmendmentKind, AmendmentState, Classification, Stance, TextKind, VersionKind
from .models import Amendment, Position, Text, Version

SLUG = "2027-work-programme"
SEOUL = ZoneInfo("Asia/Seoul")
# Japan's ad referendum support, to be confirmed this many days from the seeding day.
AD_REF_CONFIRM_IN_DAYS = {"recital_1": -2, "para_3": 2}


def _p(eid: str, num: str, content: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"eid": eid, "num": num, "content": content, "illustrative": True, **extra}


PARAGRAPHS = [
    _p(
        "recital_1",
        "1",
        [
            {
                "text": "The high-level Digital·AI body met in 2027 to take stock of the work "
                "launched by the 2025 ministerial statement."
            }
        ],
        part="preamble",
    ),
    _p(
        "para_1",
        "2",
        [
            {"text": "We will pursue joint research with TELWG and DESG on "},
            {
                "options": [
                    {"text": "AI compute access", "holders": ["KR", "SG"]},
                    {"text": "AI readiness indicators", "holders": ["US"]},
                ]
            },
            {"text": "."},
        ],
    ),
    _p(
        "para_2",
        "3",
        [
            {
                "text": "We will contribute to international standardisation of AI, including in "
                "ISO/IEC JTC 1/SC 42 and ITU-T, "
            },
            {"bracket": "and align our national frameworks with its results", "holders": ["CN"]},
            {"text": "."},
        ],
    ),
    _p(
        "para_3",
        "4",
        [{"text": "We will co-host the Global Digital·AI Forum with the World Bank every year."}],
    ),
    _p(
        "para_4",
        "5",
        [{"text": "We invite ABAC to report on business priorities for digital trade."}],
    ),
    _p(
        "concl_1",
        "6",
        [{"text": "We will publish our outcomes in five languages."}],
        part="conclusions",
    ),
]

POSITIONS = {
    "recital_1": {code: Stance.SUPPORT for code in ("KR", "US", "JP", "SG", "AU", "CN", "MY")},
    "para_3": {
        "KR": Stance.SUPPORT,
        "US": Stance.CAN_LIVE_WITH,
        "JP": Stance.SUPPORT,
        "CN": Stance.RESERVE,
    },
    "para_4": {"KR": Stance.SUPPORT, "US": Stance.SUPPORT, "CN": Stance.OBJECT},
}


def seed_ongoing() -> int:
    """Idempotent: nothing happens once the text exists."""
    if Text.objects.filter(slug=SLUG).exists():
        return 0
    users = get_user_model().objects
    staff, chair = users.get(username="secretariat"), users.get(username="chair")
    today = timezone.now().astimezone(SEOUL).date()
    circulated = _at(today - timedelta(days=21), 10)
    forum = Forum.objects.get(slug="daib")
    delegations = {
        d.economy.code: d for d in Delegation.objects.filter(forum=forum).select_related("economy")
    }
    text = services.create_text(
        actor=staff,
        forum=forum,
        slug=SLUG,
        kind=TextKind.DECLARATION,
        title=translations("en", en="Joint statement on the 2027 work programme (illustrative)")
        | {"ko": {"text": "2027 작업 계획에 관한 공동성명 (예시)", "status": "machine"}},
        classification=Classification.RESTRICTED,
        consensus_rule="default",
        package_mode=True,
        first_version_kind=VersionKind.CHAIRS_TEXT,
        paragraphs=PARAGRAPHS,
    )
    Text.objects.filter(pk=text.pk).update(created_at=circulated)
    Version.objects.filter(text=text).update(created_at=circulated)
    stated = [
        (eid, code, stance)
        for eid, stances in POSITIONS.items()
        for code, stance in stances.items()
        if code in delegations
    ]
    last_change = circulated
    for k, (eid, code, stance) in enumerate(stated):
        ad_ref = code == "JP" and stance == Stance.SUPPORT
        position = services.state_position(
            actor=chair,
            text=text,
            delegation=delegations[code],
            eid=eid,
            stance=stance,
            based_on=None,
            ad_referendum=ad_ref,
            confirm_by=today + timedelta(days=AD_REF_CONFIRM_IN_DAYS[eid]) if ad_ref else None,
            reason="Illustrative." if stance in (Stance.OBJECT, Stance.RESERVE) else "",
        )
        # One a day or so over the fortnight after the chair's text, in office hours.
        when = _at(today - timedelta(days=20 - k), 9 + 2 * (k % 4))
        Position.objects.filter(pk=position.pk).update(created_at=when)
        last_change = max(last_change, when)
    if "CN" in delegations:
        amendment = services.propose_amendment(
            actor=staff,
            text=text,
            delegation=delegations["CN"],
            kind=AmendmentKind.REPLACE,
            eid="para_4",
            proposed_text="We invite ABAC to share its views on digital trade (illustrative).",
            justification="Keeps the invitation open-ended (illustrative).",
        )
        services.move_amendment(
            actor=staff, amendment=amendment, to_state=AmendmentState.SUBMITTED, version=1
        )
        drafted, submitted = (
            _at(today - timedelta(days=12), 15),
            _at(today - timedelta(days=11), 10),
        )
        Amendment.objects.filter(pk=amendment.pk).update(
            created_at=drafted, submitted_at=submitted, updated_at=submitted
        )
        last_change = max(last_change, submitted)
    Text.objects.filter(pk=text.pk).update(updated_at=last_change)
    return 1


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SEOUL)
