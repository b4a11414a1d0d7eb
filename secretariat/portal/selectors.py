"""What the home page shows: the body's fora and who takes part, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from secretariat.core.prepared import Prepared, Read, counting, together
from secretariat.registry.choices import ForumKind, RoleKind
from secretariat.registry.models import Economy, Forum, ForumRole, Organisation

FEATURED_KINDS = [
    ForumKind.HIGH_LEVEL_BODY,
    ForumKind.MINISTERIAL,
    ForumKind.WORKING_GROUP,
    ForumKind.STEERING_GROUP,
    ForumKind.ADVISORY_COUNCIL,
]


@dataclass(frozen=True)
class HomeOverview:
    fora: list[Any]  # Forum rows annotated with delegation_count
    economy_count: int
    partner_count: int
    chairs: dict[int, list[ForumRole]]


def _featured_fora() -> QuerySet[Forum]:
    return Forum.objects.filter(is_active=True, kind__in=FEATURED_KINDS)


# Built once per process (``core.prepared``, ADR 0024): building these small reads' SQL cost
# the ORM more than running them, and on PostgreSQL they go in one round trip (``together``).
_FORA: Prepared[Forum] = Prepared(
    lambda: (
        _featured_fora()
        .select_related("parent")
        .annotate(
            delegation_count=Count("delegations"),
            # The body itself first, then its ministers, then the fora it works with.
            prominence=Case(
                *(When(kind=kind, then=rank) for rank, kind in enumerate(FEATURED_KINDS)),
                output_field=IntegerField(),
            ),
        )
        .order_by("prominence", "slug")
    )
)
_CHAIRS: Prepared[ForumRole] = Prepared(
    lambda: ForumRole.objects.filter(
        kind=RoleKind.CHAIR, person__is_public=True, forum__in=_featured_fora()
    ).select_related("person__economy")
)
_ECONOMY_COUNT: Prepared[tuple[int]] = Prepared(lambda: counting(Economy.objects.all()))
_PARTNER_COUNT: Prepared[tuple[int]] = Prepared(
    lambda: counting(
        Organisation.objects.filter(
            Q(kind="international") | Q(kind="standards_body") | Q(kind="business_council")
        )
    )
)


def _overview(
    fora: list[Any], roles: list[ForumRole], economies: list[Any], partners: list[Any]
) -> HomeOverview:
    chairs: dict[int, list[ForumRole]] = {}
    for role in roles:
        chairs.setdefault(role.forum_id, []).append(role)
    return HomeOverview(
        fora=fora, economy_count=economies[0][0], partner_count=partners[0][0], chairs=chairs
    )


def _overview_reads() -> list[Read[Any]]:
    return [_FORA.read(), _CHAIRS.read(), _ECONOMY_COUNT.read(), _PARTNER_COUNT.read()]


# The public face ----------------------------------------------------------------------------
# The home's latest outcomes, news and upcoming events, and the archive of derestricted
# documents: what every reader sees alike, each in one query.

HOME_ITEMS = 5


@dataclass(frozen=True)
class PublicOutcome:
    """An announced outcome with its title as the public may read it in the page's language
    (original or verified there, else the original's: ``outcomes.exports.title_in``)."""

    outcome: Any
    title: str
    title_language: str


@dataclass(frozen=True)
class PublicFace:
    outcomes: list["PublicOutcome"]  # announced outcomes, latest first
    news: list[Any]  # public news items, latest first
    events: list[Any]  # forums and exhibitions not over yet, soonest first


def _upcoming_events(today: int) -> QuerySet[Any]:
    """Forums and exhibitions not over yet, soonest first. The last day is compared as a
    number (20261204): a prepared read's arguments are integers."""
    from secretariat.events.selectors import events_list
    from secretariat.meetings.choices import MeetingStatus

    last_day = (
        ExtractYear("end_date") * 10000 + ExtractMonth("end_date") * 100 + ExtractDay("end_date")
    )
    return (
        events_list()
        .alias(last_day=last_day)
        .filter(last_day__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start_date", "pk")[:HOME_ITEMS]
    )


def _announced_outcomes() -> QuerySet[Any]:
    from secretariat.outcomes import selectors as outcome_selectors

    return outcome_selectors.announced_outcomes()[:HOME_ITEMS]


def _public_news(now: datetime) -> QuerySet[Any]:
    from secretariat.news import selectors as news_selectors

    return news_selectors.public_news(now)[:HOME_ITEMS]


_EVENTS: Prepared[Any] = Prepared(_upcoming_events, "today")
_OUTCOMES: Prepared[Any] = Prepared(_announced_outcomes)
_NEWS: Prepared[Any] = Prepared(_public_news, "now")


def _face(outcomes: list[Any], news: list[Any], events: list[Any]) -> PublicFace:
    from secretariat.outcomes.exports import title_in

    language = get_language() or "en"
    return PublicFace(
        # The published outcomes (announced: every required language verified), not the
        # texts themselves, whose page carries the negotiation.
        outcomes=[PublicOutcome(outcome, *title_in(outcome, language)) for outcome in outcomes],
        news=news,
        events=events,
    )


def _face_reads(now: datetime) -> list[Read[Any]]:
    today = now.date()
    return [
        _OUTCOMES.read(),
        _NEWS.read(now=now),
        _EVENTS.read(today=today.year * 10000 + today.month * 100 + today.day),
    ]


def home(now: datetime) -> tuple[HomeOverview, PublicFace]:
    """The home page's reads, each built once per process (``core.prepared``) and all sent
    in one round trip on PostgreSQL (``together``): the overview and the public face."""
    fora, roles, economies, partners, outcomes, news, events = together(
        *_overview_reads(), *_face_reads(now)
    )
    return _overview(fora, roles, economies, partners), _face(outcomes, news, events)


def derestricted_documents() -> QuerySet[Any]:
    """Documents that were restricted and are public now: the derestriction task makes a
    restricted document public on its ``derestrict_on`` date and leaves the date set, so
    public + a past derestriction date is exactly "derestricted"."""
    from secretariat.meetings.choices import Classification
    from secretariat.meetings.models import Document

    return (
        Document.objects.filter(
            classification=Classification.PUBLIC,
            derestrict_on__isnull=False,
            derestrict_on__lte=timezone.localdate(),
        )
        .select_related("meeting", "owning_forum")
        .order_by("-derestrict_on", "number")
    )
