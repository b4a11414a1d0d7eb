"""What the home page shows: the body's fora and who takes part, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import get_language

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


def home_overview() -> HomeOverview:
    fora = list(
        Forum.objects.filter(is_active=True, kind__in=FEATURED_KINDS)
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
    chairs: dict[int, list[ForumRole]] = {}
    for role in ForumRole.objects.filter(
        kind=RoleKind.CHAIR, person__is_public=True, forum__in=fora
    ).select_related("person__economy"):
        chairs.setdefault(role.forum_id, []).append(role)
    return HomeOverview(
        fora=fora,
        economy_count=Economy.objects.count(),
        partner_count=Organisation.objects.filter(
            Q(kind="international") | Q(kind="standards_body") | Q(kind="business_council")
        ).count(),
        chairs=chairs,
    )


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


def public_face(now: datetime) -> PublicFace:
    from secretariat.events.selectors import events_list
    from secretariat.meetings.choices import MeetingStatus
    from secretariat.news import selectors as news_selectors
    from secretariat.outcomes import selectors as outcome_selectors
    from secretariat.outcomes.exports import title_in

    return PublicFace(
        # The published outcomes (announced: every required language verified), not the
        # texts themselves, whose page carries the negotiation.
        outcomes=[
            PublicOutcome(outcome, *title_in(outcome, get_language() or "en"))
            for outcome in outcome_selectors.announced_outcomes()[:HOME_ITEMS]
        ],
        news=list(news_selectors.public_news(now)[:HOME_ITEMS]),
        events=list(
            events_list()
            .filter(end_date__gte=now.date())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("start_date", "pk")[:HOME_ITEMS]
        ),
    )


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
