"""Reads that decide visibility."""

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from .choices import RoleKind
from .models import Delegation, DelegationNote, ForumRole, Person, WorksWith

if TYPE_CHECKING:
    from .permissions import Principal


def people_visible_to(principal: "Principal") -> QuerySet[Person]:
    people = Person.objects.select_related("economy", "organisation")
    if principal.is_member:
        return people
    if principal.person_id is not None:
        return people.filter(Q(is_public=True) | Q(pk=principal.person_id))
    return people.filter(is_public=True)


def roles_visible_to(principal: "Principal") -> QuerySet[ForumRole]:
    roles = ForumRole.objects.select_related(
        "person", "forum", "delegation__economy", "organisation"
    )
    if principal.is_member:
        return roles
    return roles.filter(person__in=people_visible_to(principal).values("pk"))


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
