"""What the home page shows: the body's fora and who takes part, in a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, When

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
