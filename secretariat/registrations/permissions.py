"""Who may see and do what with registrations. Views and API handlers get objects only
through ``access_*``; the participant-list rule is data (``LIST_RULES``), not code paths."""

from enum import IntEnum, StrEnum
from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from secretariat.core.permissions import get_visible, require
from secretariat.meetings import selectors as meeting_selectors
from secretariat.meetings.models import Meeting
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Delegation, Person
from secretariat.registry.permissions import Principal, principal_for

from .choices import Category, RegistrationState
from .models import Registration


class Audience(StrEnum):
    """Who is looking at a meeting's participants."""

    SECRETARIAT = "secretariat"
    MEMBER = "member"  # delegates of economies, chairs: anyone with a non-partner forum role
    PARTNER = "partner"  # partners and observers (World Bank, ABAC, SDOs)
    PRESS = "press"  # accredited press and speakers of the meeting
    PUBLIC = "public"  # everyone else, signed in or not


class Scope(IntEnum):
    """How much of one category's list an audience sees (higher includes lower)."""

    NONE = 0
    PUBLIC_FIGURES = 1  # people flagged public: ministers, chairs
    EVERYONE = 2


_PUBLIC_FIGURES: dict[str, Scope] = {category: Scope.PUBLIC_FIGURES for category in Category}

# Who sees which part of the list. Counts per category are public; everything else is here.
LIST_RULES: dict[Audience, dict[str, Scope]] = {
    Audience.SECRETARIAT: {category: Scope.EVERYONE for category in Category},
    Audience.MEMBER: {**_PUBLIC_FIGURES, Category.DELEGATE: Scope.EVERYONE},
    Audience.PARTNER: {
        **_PUBLIC_FIGURES,
        Category.DELEGATE: Scope.EVERYONE,
        Category.PARTNER: Scope.EVERYONE,
    },
    Audience.PRESS: dict(_PUBLIC_FIGURES),
    Audience.PUBLIC: {},
}
# Only these audiences see e-mail addresses, registration states and check-in times.
SEES_CONTACT_DETAILS = frozenset({Audience.SECRETARIAT})


def audiences_of(
    principal: Principal, own_categories: set[str], *, forum_id: int
) -> frozenset[Audience]:
    """The audiences a viewer belongs to at a meeting of ``forum_id``, from their roles in
    that forum and their own attending registrations (``own_categories``) at the meeting.
    A role in another forum grants nothing here: fora do not see each other's delegates."""
    audiences = {Audience.PUBLIC}
    kinds = {role.kind for role in principal.roles if role.forum_id == forum_id}
    if principal.is_secretariat:
        audiences.add(Audience.SECRETARIAT)
    if kinds - {RoleKind.PARTNER} or Category.DELEGATE in own_categories:
        audiences.add(Audience.MEMBER)
    if RoleKind.PARTNER in kinds or Category.PARTNER in own_categories:
        audiences.add(Audience.PARTNER)
    if own_categories & {Category.PRESS, Category.SPEAKER}:
        audiences.add(Audience.PRESS)
    return frozenset(audiences)


def list_scopes(audiences: frozenset[Audience]) -> dict[str, Scope]:
    """Per category, the widest scope any of the viewer's audiences grants."""
    scopes: dict[str, Scope] = {}
    for audience in audiences:
        for category, scope in LIST_RULES[audience].items():
            scopes[category] = max(scope, scopes.get(category, Scope.NONE))
    return {category: scope for category, scope in scopes.items() if scope > Scope.NONE}


def may_see(scopes: dict[str, Scope], registration: Registration) -> bool:
    if registration.state not in RegistrationState.attending():
        return False
    scope = scopes.get(registration.category, Scope.NONE)
    return scope == Scope.EVERYONE or (
        scope == Scope.PUBLIC_FIGURES and registration.person.is_public
    )


# Access ------------------------------------------------------------------------------------


def _signed_in(user: Any, message: str) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(message)
    return principal


def require_secretariat(user: Any) -> Principal:
    principal = _signed_in(user, _("Sign in as secretariat staff to manage registrations."))
    require(principal.is_secretariat, _("Only secretariat staff may manage registrations."))
    return principal


def access_meeting(user: Any, meeting_id: int, need: str = "read") -> Meeting:
    """A meeting for its registrations. ``need``: read (anyone: counts and the list the
    viewer may see), apply (signed in), accredit (heads of a delegation to its forum and
    the secretariat; the person is checked by ``delegation_to_accredit``), export (anyone
    whose list is not empty), manage (secretariat: quotas, check-in)."""
    meeting = get_visible(meeting_selectors.meetings_list(), "meeting", pk=meeting_id)
    if need == "read":
        return meeting
    if need == "apply":
        _signed_in(user, _("Sign in to register for a meeting."))
    elif need == "accredit":
        principal = _signed_in(user, _("Sign in to accredit delegates."))
        heads_one = Delegation.objects.filter(
            pk__in=principal.headed_delegation_ids, forum_id=meeting.forum_id
        ).exists()
        require(
            principal.is_secretariat or heads_one,
            _("Only heads of delegation to this meeting's forum may accredit delegates."),
        )
    elif need == "export":
        from . import selectors

        principal = _signed_in(user, _("Sign in to export participants."))
        require(
            bool(selectors.scopes_for(principal, meeting)),
            _("Your role sees only the number of participants, not their list."),
        )
    elif need == "manage":
        require_secretariat(user)
    else:
        raise PermissionDenied(f"Unknown need {need!r}.")
    return meeting


def delegation_to_accredit(user: Any, meeting: Meeting, person: Person) -> Delegation:
    """The delegation ``person`` joins by accreditation to ``meeting``: their economy's
    delegation to its forum. Its head or the secretariat may accredit (403 otherwise)."""
    principal = _signed_in(user, _("Sign in to accredit delegates."))
    if person.economy_id is None:
        raise ValidationFailed(
            _("Only people of an economy can be accredited as delegates."),
            errors={"person": [_("has no economy")]},
        )
    delegation = (
        Delegation.objects.select_related("economy", "forum")
        .filter(economy_id=person.economy_id, forum_id=meeting.forum_id)
        .first()
    )
    if delegation is not None and (
        principal.is_secretariat or delegation.pk in principal.headed_delegation_ids
    ):
        return delegation
    require(
        principal.is_secretariat,
        _("Only the head of this economy's delegation, or the secretariat, may accredit it."),
    )
    raise ValidationFailed(
        _("This economy has no delegation to the meeting's forum; create one first."),
        errors={"person": [_("no delegation to this forum")]},
    )


def _heads_delegate_of(principal: Principal, registration: Registration) -> bool:
    """Whether the viewer heads the delegation the registered delegate belongs to."""
    if registration.category != Category.DELEGATE or not principal.headed_delegation_ids:
        return False
    if registration.economy_id is None:
        return False
    return Delegation.objects.filter(
        pk__in=principal.headed_delegation_ids,
        economy_id=registration.economy_id,
        forum_id=registration.meeting.forum_id,
    ).exists()


def access_registration(user: Any, registration_id: int, need: str = "read") -> Registration:
    """``need``: read (the person, their head of delegation, the secretariat, and whoever
    the list rule lets see it; 404 otherwise), withdraw (the person, their head of
    delegation, the secretariat), decide and check_in (secretariat)."""
    from . import selectors

    principal = principal_for(user)
    registration = (
        Registration.objects.select_related(
            "meeting", "person__economy", "person__organisation", "economy", "organisation"
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise NotFound(_("No registration matches this id."))
    own = principal.person_id is not None and registration.person_id == principal.person_id
    heads = _heads_delegate_of(principal, registration)
    visible = (
        own
        or heads
        or principal.is_secretariat
        or may_see(selectors.scopes_for(principal, registration.meeting), registration)
    )
    if not visible:
        raise NotFound(_("No registration matches this id."))
    if need == "read":
        return registration
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    if need == "withdraw":
        require(
            own or heads or principal.is_secretariat,
            _("Only the participant, their head of delegation or the secretariat may withdraw."),
        )
    elif need in ("decide", "check_in"):
        require_secretariat(user)
    else:
        raise PermissionDenied(f"Unknown need {need!r}.")
    return registration
