"""Reads that decide who sees which participants, and the shapes pages need."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONArray

from secretariat.core.json_rows import json_moment
from secretariat.core.prepared import Prepared
from secretariat.meetings import cache as meeting_cache
from secretariat.meetings.models import Meeting
from secretariat.registry.models import Delegation, Economy, Person
from secretariat.registry.permissions import Principal

from . import permissions, tables
from .choices import Category, RegistrationState
from .models import CalendarFeed, EconomyQuota, Registration, RegistrationPolicy
from .permissions import Scope


def own_categories(principal: Principal, meeting: Meeting) -> set[str]:
    """The categories the viewer attends ``meeting`` in (one query; none if anonymous)."""
    if principal.person_id is None:
        return set()
    return set(
        Registration.objects.filter(
            meeting=meeting,
            person_id=principal.person_id,
            state__in=RegistrationState.attending(),
        )
        .order_by()  # a set: no join for the default ordering by name
        .values_list("category", flat=True)
    )


def scopes_for(principal: Principal, meeting: Meeting) -> dict[str, Scope]:
    audiences = permissions.audiences_of(
        principal, own_categories(principal, meeting), forum_id=meeting.forum_id
    )
    return permissions.list_scopes(audiences)


def _participants() -> QuerySet[Registration]:
    return Registration.objects.select_related(
        "person", "person__economy", "person__organisation", "economy", "organisation"
    )


def participants_visible_to(
    principal: Principal, meeting: Meeting, scopes: dict[str, Scope] | None = None
) -> QuerySet[Registration]:
    """The attending participants of ``meeting`` that ``principal`` may see, per
    ``permissions.LIST_RULES``. The secretariat also sees pending and decided ones."""
    scopes = scopes_for(principal, meeting) if scopes is None else scopes
    everyone = [c for c, scope in scopes.items() if scope == Scope.EVERYONE]
    figures = [c for c, scope in scopes.items() if scope == Scope.PUBLIC_FIGURES]
    allowed = Q(category__in=everyone) | Q(category__in=figures, person__is_public=True)
    registrations = _participants().filter(meeting=meeting)
    if not principal.is_secretariat:
        registrations = registrations.filter(state__in=RegistrationState.attending())
    if not scopes:
        return registrations.none()
    return registrations.filter(allowed)


# Per category: the attending participants (the counts), and of all registrations the
# number, the last id and the last change (the list's stamp) — one query for both.
_FIGURES = Prepared(
    lambda meeting: (
        Registration.objects.filter(meeting_id=meeting)
        .values_list("category")
        .annotate(
            attending=Count("pk", filter=Q(state__in=RegistrationState.attending())),
            registrations=Count("pk"),
            last=Max("pk"),
            changed=Max("updated_at"),
        )
        .order_by()
    ),
    "meeting",
)


@dataclass(frozen=True)
class _Figures:
    counts: dict[str, int]  # attending participants per category, every category named
    stamp: str  # changes whenever a registration of the meeting does


def _figures(meeting: Meeting) -> _Figures:
    rows = _FIGURES.rows(meeting=meeting.pk)
    attending = {category: n for category, n, *_ in rows}
    stamp = (
        f"{sum(row[2] for row in rows)}|{max(row[3] for row in rows)}"
        f"|{max(row[4] for row in rows).isoformat()}"
        if rows
        else ""
    )
    return _Figures({c: attending.get(c, 0) for c in Category.values}, stamp)


def figures_subquery() -> Subquery:
    """``_figures``' numbers for the meeting of the outer query (``OuterRef("pk")``) as one
    JSON array — registrations, last id, last change, then the attending ones per category
    in ``Category`` order — for the meeting page, which reads them in its meeting's row."""
    attending = Q(state__in=RegistrationState.attending())
    # The category tested first: PostgreSQL tests the conditions in order and stops at the
    # first false one, so each row's state is tested once, for its own category, not once
    # per category (at 500 registrations, 0.21 ms of the server's time became 0.14 ms).
    per_category = (Count("pk", filter=Q(category=c) & attending) for c in Category.values)
    return Subquery(
        Registration.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(figures=JSONArray(Count("pk"), Max("pk"), Max("updated_at"), *per_category))
        .values("figures")
    )


def figures_of(values: list[Any] | None) -> _Figures:
    """``_figures`` from ``figures_subquery``'s array (None: no registrations)."""
    if not values:
        return _Figures(dict.fromkeys(Category.values, 0), "")
    registrations, last, changed, *attending = values
    stamp = f"{registrations}|{last}|{json_moment(changed).isoformat()}"
    return _Figures(dict(zip(Category.values, attending, strict=True)), stamp)


def participant_counts(meeting: Meeting) -> dict[str, int]:
    """Attending participants per category: public, whoever asks."""
    return _figures(meeting).counts


def registrations_stamp(meeting: Meeting, shared: str | None = None) -> str:
    """Changes whenever anything the participant list shows changes: a registration (one
    aggregate query), its person, their economy or organisation (``shared``: the meeting
    page's ``PageToken.shared``, which the registry's services renew; read here if not
    given). Keys the list's cache."""
    return _stamp(_figures(meeting), shared)


def _stamp(figures: _Figures, shared: str | None) -> str:
    if shared is None:
        shared = meeting_cache.shared_rows_token()
    return f"{figures.stamp}/{shared}"


@dataclass(frozen=True)
class ParticipantsOverview:
    counts: list[tuple[str, int]]  # (category label, number), in category order
    total: int
    sees_list: bool
    sees_contact_details: bool
    cache_key: str  # who sees what of which state of the list
    principal: Principal
    meeting: Meeting
    scopes: dict[str, Scope]

    @property
    def visible(self) -> QuerySet[Registration]:
        """The list the viewer may see: built only when the rendered list is not cached
        (building the query costs more than the rest of a cached list)."""
        return participants_visible_to(self.principal, self.meeting, self.scopes)

    @property
    def rows(self) -> "tables.ParticipantRowsHtml":
        """``visible`` as the list's rows, written when output (``tables``)."""
        return tables.ParticipantRowsHtml(self.visible, self.sees_contact_details)


def participants_overview(
    principal: Principal,
    meeting: Meeting,
    audiences: "frozenset[permissions.Audience] | None" = None,
    shared: str | None = None,
    figures: _Figures | None = None,
) -> ParticipantsOverview:
    """Counts per category and the list the viewer may see, in a fixed number of queries
    (the list itself is read only when its rendered table is not cached). ``audiences``:
    the viewer's, when the caller has worked them out already; ``shared``: see
    ``registrations_stamp``; ``figures``: ``figures_of`` what the caller read with the
    meeting (read here if not given)."""
    if audiences is None:
        audiences = permissions.audiences_of(
            principal, own_categories(principal, meeting), forum_id=meeting.forum_id
        )
    scopes = permissions.list_scopes(audiences)
    figures = _figures(meeting) if figures is None else figures
    counts = figures.counts
    labels = dict(Category.choices)
    sees_contact = bool(audiences & permissions.SEES_CONTACT_DETAILS)
    rule = ",".join(f"{category}:{int(scope)}" for category, scope in sorted(scopes.items()))
    # Those who see only counts need no list, so no stamp of it either.
    stamp = _stamp(figures, shared) if scopes else ""
    key = f"{meeting.pk}/{stamp}/{rule}/{sees_contact}"
    return ParticipantsOverview(
        counts=[(str(labels[category]), n) for category, n in counts.items()],
        total=sum(counts.values()),
        sees_list=bool(scopes),
        sees_contact_details=sees_contact,
        cache_key=key,
        principal=principal,
        meeting=meeting,
        scopes=scopes,
    )


def policy_of(meeting: Meeting) -> RegistrationPolicy:
    """The meeting's policy, or the defaults (unsaved) if nobody has changed them yet."""
    policy = RegistrationPolicy.objects.filter(meeting=meeting).first()
    return policy or RegistrationPolicy(meeting=meeting, version=0)


def quota_of(meeting: Meeting, economy: Economy) -> int:
    override = (
        EconomyQuota.objects.filter(policy__meeting=meeting, economy=economy)
        .values_list("delegate_quota", flat=True)
        .first()
    )
    return override if override is not None else policy_of(meeting).delegate_quota


def delegates_holding_places(meeting: Meeting, economy_id: int) -> int:
    return Registration.objects.filter(
        meeting=meeting,
        category=Category.DELEGATE,
        economy_id=economy_id,
        state__in=RegistrationState.active(),
    ).count()


@dataclass(frozen=True)
class QuotaRow:
    economy: Economy
    quota: int
    used: int

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)


def quota_rows(meeting: Meeting, economies: QuerySet[Economy] | None = None) -> list[QuotaRow]:
    """Quota and places used per economy (all economies, or the ones given)."""
    policy = policy_of(meeting)
    overrides: dict[int, int] = {}
    if policy.pk:
        overrides = dict(policy.economy_quotas.values_list("economy_id", "delegate_quota"))
    used = dict(
        Registration.objects.filter(
            meeting=meeting, category=Category.DELEGATE, state__in=RegistrationState.active()
        )
        .values_list("economy_id")
        .annotate(n=Count("pk"))
        .values_list("economy_id", "n")
    )
    economies = economies if economies is not None else Economy.objects.all()
    return [
        QuotaRow(e, overrides.get(e.pk, policy.delegate_quota), used.get(e.pk, 0))
        for e in economies
    ]


def registrations_of(principal: Principal) -> QuerySet[Registration]:
    """The viewer's own registrations, newest meetings first."""
    if principal.person_id is None:
        return Registration.objects.none()
    return (
        _participants()
        .select_related("meeting")
        .filter(person_id=principal.person_id)
        .order_by("-meeting__start_date", "-pk")
    )


def feed_of(user: Any) -> CalendarFeed | None:
    if user is None or not user.is_authenticated:
        return None
    return CalendarFeed.objects.filter(user=user).first()


def meetings_in_feed(feed: CalendarFeed) -> QuerySet[Meeting]:
    """The meetings the feed's owner attends (approved or checked in), with sessions."""
    attending = Registration.objects.filter(
        person__user_id=feed.user_id, state__in=RegistrationState.attending()
    ).values("meeting_id")
    return (
        Meeting.objects.filter(pk__in=attending)
        .select_related("forum", "host_economy", "series")
        .prefetch_related("sessions")
        .order_by("start_date", "pk")
    )


def accreditation_candidates(principal: Principal, meeting: Meeting) -> QuerySet[Person]:
    """People the viewer may accredit to ``meeting``: of an economy whose delegation to its
    forum they head (any economy for the secretariat), not registered for it yet."""
    people = Person.objects.select_related("economy").filter(economy__isnull=False)
    if not principal.is_secretariat:
        economies = Delegation.objects.filter(
            pk__in=principal.headed_delegation_ids, forum_id=meeting.forum_id
        ).values("economy_id")
        people = people.filter(economy_id__in=economies)
    registered = Registration.objects.filter(
        meeting=meeting, state__in=RegistrationState.active()
    ).values("person_id")
    staff = Person.objects.filter(user__is_staff=True).values("pk")
    return people.exclude(pk__in=registered).exclude(pk__in=staff)


def headed_economy_ids(principal: Principal, meeting: Meeting) -> set[int]:
    """Economies whose delegation to the meeting's forum the viewer heads."""
    return set(
        Delegation.objects.filter(
            pk__in=principal.headed_delegation_ids, forum_id=meeting.forum_id
        ).values_list("economy_id", flat=True)
    )
