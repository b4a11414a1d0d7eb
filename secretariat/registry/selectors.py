"""Reads that decide visibility."""

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from secretariat.core.prepared import Prepared

from .choices import RoleKind
from .models import Delegation, DelegationNote, Forum, ForumRole, Person, WorksWith

if TYPE_CHECKING:
    from .permissions import Principal


def people_rule(member: bool, own: tuple[int, ...]) -> Q | None:
    """Who is listed, from the viewer's facts, for the ordinary reads and the prepared ones
    alike: everyone for a member of any forum (None), else public people and ``own`` (the
    viewer's person, or nothing when signed out)."""
    if member:
        return None
    return Q(is_public=True) | Q(pk__in=own)


def _facts(principal: "Principal") -> tuple[bool, tuple[int, ...]]:
    own = () if principal.person_id is None else (principal.person_id,)
    return principal.is_member, own


def people_visible_to(principal: "Principal") -> QuerySet[Person]:
    people = Person.objects.select_related("economy", "organisation")
    rule = people_rule(*_facts(principal))
    return people if rule is None else people.filter(rule)


def roles_rule(member: bool, own: tuple[int, ...]) -> Q | None:
    """The roles of the people ``people_rule`` lists."""
    rule = people_rule(member, own)
    return None if rule is None else Q(person__in=Person.objects.filter(rule).values("pk"))


def roles_visible_to(principal: "Principal") -> QuerySet[ForumRole]:
    roles = ForumRole.objects.select_related(
        "person", "forum", "delegation__economy", "organisation"
    )
    rule = roles_rule(*_facts(principal))
    return roles if rule is None else roles.filter(rule)


def delegations_with_visible_heads(principal: "Principal") -> QuerySet[Delegation]:
    """Delegations with ``heads``: their heads of delegation that ``principal`` may see."""
    heads = roles_visible_to(principal).filter(kind=RoleKind.HEAD_OF_DELEGATION)
    return Delegation.objects.select_related("economy", "forum").prefetch_related(
        Prefetch("members", queryset=heads, to_attr="heads")
    )


def notes_visible_to(principal: "Principal") -> QuerySet[DelegationNote]:
    return DelegationNote.objects.filter(
        delegation__economy_id__in=principal.economy_ids
    ).select_related("delegation__economy", "delegation__forum", "author")


def can_see_email(principal: "Principal", person: Person) -> bool:
    return principal.is_secretariat or (
        principal.person_id is not None and principal.person_id == person.pk
    )


def accreditation_candidates(principal: "Principal", delegation) -> QuerySet[Person]:  # type: ignore[no-untyped-def]
    """People of the delegation's economy who hold no delegation role in its forum yet."""
    taken = ForumRole.objects.filter(
        forum_id=delegation.forum_id, kind__in=RoleKind.delegation_roles()
    ).values("person_id")
    return (
        people_visible_to(principal).filter(economy_id=delegation.economy_id).exclude(pk__in=taken)
    )


def works_with_links() -> QuerySet[WorksWith]:
    """Every "works with" link (public information), with both sides."""
    return WorksWith.objects.select_related("forum", "partner_forum", "partner_organisation")


def works_with_of_forum(forum_id: int) -> QuerySet[WorksWith]:
    """The links of a forum, on either side (a link between two fora holds both ways)."""
    return works_with_links().filter(Q(forum_id=forum_id) | Q(partner_forum_id=forum_id))


# The forum page's own reads (``forum_page``), their SQL built once per process (ADR 0024):
# building it cost the ORM more than running it. ``member`` and ``own`` as ``_facts`` gives
# them.
def _visible_roles(member: bool, own: tuple[int, ...]) -> QuerySet[ForumRole]:
    rule = roles_rule(member, own)
    return ForumRole.objects.all() if rule is None else ForumRole.objects.filter(rule)


_SUB_FORA = Prepared(
    lambda forum_id: Forum.objects.filter(parent_id=forum_id).values_list(
        "slug", "abbreviation", "name"
    ),
    "forum_id",
)
_OFFICERS = Prepared(
    lambda member, own, forum_id: (
        _visible_roles(member, own)
        .filter(forum_id=forum_id, delegation__isnull=True)
        .values_list(
            "kind",
            "person_id",
            "person__family_name",
            "person__given_name",
            "organisation__acronym",
            "organisation__name",
            "organisation__slug",
        )
    ),  # fmt: skip
    "member",
    "own",
    "forum_id",
)
_DELEGATIONS = Prepared(
    lambda forum_id: (
        Delegation.objects.filter(forum_id=forum_id)
        .order_by("economy__code")
        .values_list("pk", "economy__name")
    ),
    "forum_id",
)
_HEADS = Prepared(
    lambda member, own, forum_id: (
        _visible_roles(member, own)
        .filter(kind=RoleKind.HEAD_OF_DELEGATION, delegation__forum_id=forum_id)
        .values_list("delegation_id", "person__family_name", "person__given_name")
    ),
    "member",
    "own",
    "forum_id",
)


def forum_page_rows(principal: "Principal", forum_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """The forum page's sub-fora (slug, abbreviation, name), officers and partners (kind,
    person id, family and given name, organisation acronym, name and slug), delegations
    (id, economy name, by economy code) and the heads the viewer may see (delegation id,
    family and given name): four queries."""
    member, own = _facts(principal)
    return {
        "children": _SUB_FORA.rows(forum_id=forum_id),
        "officers": _OFFICERS.rows(forum_id=forum_id, member=member, own=own),
        "delegations": _DELEGATIONS.rows(forum_id=forum_id),
        "heads": _HEADS.rows(forum_id=forum_id, member=member, own=own),
    }


WORKS_WITH_COLUMNS = (
    "forum_id", "forum__slug", "forum__abbreviation", "partner_forum_id",
    "partner_forum__slug", "partner_forum__abbreviation", "partner_organisation__acronym",
    "partner_organisation__name", "partner_organisation__slug", "since", "note",
)  # fmt: skip
_WORKS_WITH_OF_FORUM = Prepared(
    lambda forum_id: WorksWith.objects.filter(
        Q(forum_id=forum_id) | Q(partner_forum_id=forum_id)
    ).values_list(*WORKS_WITH_COLUMNS),
    "forum_id",
)


def works_with_rows(forum_id: int) -> list[tuple[Any, ...]]:
    """``works_with_of_forum`` as ``WORKS_WITH_COLUMNS``, for pages that write their rows."""
    return _WORKS_WITH_OF_FORUM.rows(forum_id=forum_id)
