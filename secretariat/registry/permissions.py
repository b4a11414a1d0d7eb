"""Who may do what in the registry. Every view and API handler goes through ``access_*``,
which fetches an object *and* authorises the request in one call."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONArray
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, NotFound, PermissionDenied
from secretariat.core.json_rows import JSONList
from secretariat.core.permissions import get_visible, require
from secretariat.core.prepared import Prepared

from . import selectors
from .choices import RoleKind
from .models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
    WorksWith,
)


@dataclass(frozen=True)
class RoleFact:
    forum_id: int
    kind: str
    delegation_id: int | None
    economy_id: int | None
    organisation_id: int | None


@dataclass(frozen=True)
class Principal:
    """What the permission rules need to know about a user, read once per request."""

    user: Any
    person_id: int | None = None
    is_secretariat: bool = False
    roles: tuple[RoleFact, ...] = field(default_factory=tuple)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @cached_property
    def forum_ids(self) -> frozenset[int]:
        return frozenset(role.forum_id for role in self.roles)

    @cached_property
    def economy_ids(self) -> frozenset[int]:
        return frozenset(
            role.economy_id
            for role in self.roles
            if role.kind in RoleKind.delegation_roles() and role.economy_id is not None
        )

    @cached_property
    def headed_delegation_ids(self) -> frozenset[int]:
        return frozenset(
            role.delegation_id
            for role in self.roles
            if role.kind == RoleKind.HEAD_OF_DELEGATION and role.delegation_id is not None
        )

    @property
    def is_member(self) -> bool:
        """Secretariat staff or anyone holding a role in some forum."""
        return self.is_secretariat or bool(self.roles)

    @property
    def must_use_two_factor(self) -> bool:
        return self.is_secretariat or bool(self.headed_delegation_ids)


_PERSON_AND_ROLES_COLUMNS: tuple[str, ...] = (
    "pk",
    "roles__forum_id",
    "roles__kind",
    "roles__delegation_id",
    "roles__delegation__economy_id",
    "roles__organisation_id",
)


_PERSON_AND_ROLES = Prepared(
    lambda user: (
        Person.objects.filter(user_id=user).order_by().values_list(*_PERSON_AND_ROLES_COLUMNS)
    ),
    "user",
)


def person_and_roles_rows() -> Subquery:
    """``_PERSON_AND_ROLES``' rows for the user of the outer query (``OuterRef("pk")``), as
    one JSON array: the per-request user read (``accounts.backends``) takes them with the
    user, in the same round trip, as ``principal_rows``, which ``principal_for`` reads."""
    return Subquery(
        Person.objects.filter(user_id=OuterRef("pk"))
        .order_by()
        .values("user_id")
        .annotate(rows=JSONList(JSONArray(*_PERSON_AND_ROLES_COLUMNS)))
        .values("rows")
    )


def principal_for(user: Any) -> Principal:
    if user is None or not user.is_authenticated:
        return Principal(user=user)
    cached = getattr(user, "_secretariat_principal", None)
    if cached is not None:
        return cached
    # The person and their roles in one query (every signed-in request pays for it): a row
    # per role, or one row without a role for a person who holds none. Unordered: the
    # rules read the roles as a set. Read with the user already when it came from the
    # session (``principal_rows``, None: no person).
    if hasattr(user, "principal_rows"):
        rows = [tuple(row) for row in user.principal_rows or ()]
    else:
        rows = _PERSON_AND_ROLES.rows(user=user.pk)
    principal = Principal(
        user=user,
        person_id=rows[0][0] if rows else None,
        is_secretariat=bool(user.is_staff and user.is_active),
        roles=tuple(RoleFact(*row[1:]) for row in rows if row[1] is not None),
    )
    user._secretariat_principal = principal
    return principal


def require_secretariat(user: Any) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in as secretariat staff to change the registry."))
    require(principal.is_secretariat, _("Only secretariat staff may change the registry."))
    return principal


def require_member(user: Any) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to see the history of changes."))
    require(principal.is_member, _("The history of changes is open to members of the body only."))
    return principal


def _check_need(user: Any, need: str) -> Principal:
    """``read`` is open; ``history`` needs a member; anything else the secretariat."""
    if need == "read":
        return principal_for(user)
    if need == "history":
        return require_member(user)
    return require_secretariat(user)


def access_economy(user: Any, code: str, need: str = "read") -> Economy:
    _check_need(user, need)
    return get_visible(Economy.objects.all(), "economy", code=code.upper())


def access_organisation(user: Any, slug: str, need: str = "read") -> Organisation:
    _check_need(user, need)
    return get_visible(Organisation.objects.select_related("economy"), "organisation", slug=slug)


# Every forum page reads its forum: the SQL built once per process (ADR 0024).
_FORUM_BY_SLUG = Prepared(
    lambda slug: Forum.objects.select_related("parent").filter(slug=slug)[:1], "slug"
)


def access_forum(user: Any, slug: str, need: str = "read") -> Forum:
    """Fora are public: found or 404."""
    _check_need(user, need)
    found = _FORUM_BY_SLUG.objects(slug=slug)
    if not found:
        raise NotFound(f"No forum matches slug={slug}.")
    return found[0]


def access_forum_page(user: Any, slug: str, today: date) -> "selectors.ForumPage":
    """The forum's page (``selectors.forum_page``: the forum and what its page shows, as the
    viewer may see it, in one query). Fora are public: found or 404."""
    page = selectors.forum_page(_check_need(user, "read"), slug, today)
    if page is None:
        raise NotFound(f"No forum matches slug={slug}.")
    return page


def access_person(user: Any, person_id: int, need: str = "read") -> Person:
    principal = principal_for(user)
    person = get_visible(selectors.people_visible_to(principal), "person", pk=person_id)
    if need != "read":  # a person's history holds their e-mail: secretariat only
        require_secretariat(user)
    return person


def can_accredit(principal: Principal, delegation: Delegation) -> bool:
    return principal.is_secretariat or delegation.pk in principal.headed_delegation_ids


def can_read_notes(principal: Principal, delegation: Delegation) -> bool:
    """An economy's internal notes: its own delegates only, not even the secretariat."""
    return delegation.economy_id in principal.economy_ids


def access_delegation(user: Any, delegation_id: int, need: str = "read") -> Delegation:
    """``need``: read, change (secretariat), accredit (its head or secretariat),
    notes (that economy's own delegates only — not even the secretariat)."""
    principal = principal_for(user)
    delegation = get_visible(
        Delegation.objects.select_related("economy", "forum"), "delegation", pk=delegation_id
    )
    if need == "read":
        return delegation
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    if need == "history":
        require_member(user)
    elif need == "change":
        require_secretariat(user)
    elif need == "accredit":
        require(
            can_accredit(principal, delegation),
            _("Only this delegation's head or the secretariat may accredit its delegates."),
        )
    elif need == "notes":
        require(
            can_read_notes(principal, delegation),
            _("Internal notes are visible to the economy's own delegation only."),
        )
    else:
        raise PermissionDenied(f"Unknown need {need!r}.")
    return delegation


def access_role(user: Any, role_id: int, need: str = "read") -> ForumRole:
    principal = principal_for(user)
    role = get_visible(
        selectors.roles_visible_to(principal).select_related("person", "forum", "delegation"),
        "forum role",
        pk=role_id,
    )
    if need == "remove":
        if not principal.is_authenticated:
            raise NotAuthenticated(_("Sign in to do this."))
        heads_it = (
            role.kind == RoleKind.DELEGATE and role.delegation_id in principal.headed_delegation_ids
        )
        require(
            principal.is_secretariat or heads_it,
            _("Only the secretariat, or the head of this delegate's delegation, may remove it."),
        )
    return role


def access_note(user: Any, note_id: int, need: str = "read") -> DelegationNote:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to read your economy's internal notes."))
    return get_visible(
        selectors.notes_visible_to(principal).select_related("delegation"),
        "internal note",
        pk=note_id,
    )


def access_works_with(user: Any, link_id: int, need: str = "read") -> WorksWith:
    """``need``: read (everyone: public), history (members), change (the secretariat)."""
    _check_need(user, need)
    return get_visible(selectors.works_with_links(), "works-with link", pk=link_id)
