"""Reads that decide visibility."""

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import OuterRef, Prefetch, Q, QuerySet

from secretariat.core.json_rows import JSONRows, json_value, ranked_rows
from secretariat.core.prepared import Argument, Literal, Prepared

from . import forum_sections
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


def works_with_of_forum(forum_id: Any) -> QuerySet[WorksWith]:
    """The links of a forum (its id, or ``OuterRef`` to it), on either side (a link between
    two fora holds both ways)."""
    return works_with_links().filter(Q(forum_id=forum_id) | Q(partner_forum_id=forum_id))


# The forum page's read (``forum_page``): the forum, its own parts and the sections that read
# with it (``forum_sections.ReadWithForum``) in one statement, its SQL built once per process
# and shape (ADR 0024): building it cost the ORM more than running it, and on PostgreSQL each
# of the page's ten queries was a round trip. ``member`` and ``own`` as ``_facts`` gives them.
def _visible_roles(member: bool, own: tuple[int, ...]) -> QuerySet[ForumRole]:
    rule = roles_rule(member, own)
    return ForumRole.objects.all() if rule is None else ForumRole.objects.filter(rule)


ROLE_ORDER = ("forum__slug", "kind", "person__family_name", "pk")  # ForumRole's, then its id
_PARTS = {  # the part's name: its columns
    "children": ("slug", "abbreviation", "name"),
    "officers": (
        "kind", "person_id", "person__family_name", "person__given_name",
        "organisation__acronym", "organisation__name", "organisation__slug",
    ),
    "delegations": ("pk", "economy__name"),
    "heads": ("delegation_id", "person__family_name", "person__given_name"),
}  # fmt: skip
# How each part's JSON cells are read back (None: as they are).
_CONVERTERS = {
    "children": (None, None, json_value),
    "officers": (None, None, None, None, None, json_value, None),
    "delegations": (None, json_value),
    "heads": (None, None, None),
}


def _own_parts(member: bool, own: tuple[int, ...]) -> dict[str, JSONRows]:
    """The forum page's own parts, each a ``JSONRows`` on the forum's row: sub-fora, officers
    and partners, delegations (by economy code), the heads the viewer may see."""
    forum = OuterRef("pk")
    roles = _visible_roles(member, own)
    parts = {
        "children": JSONRows(Forum.objects.filter(parent_id=forum), _PARTS["children"], ("slug",)),
        "officers": JSONRows(  # the forum's own: ordered as ROLE_ORDER without its forum
            roles.filter(forum_id=forum, delegation__isnull=True),
            _PARTS["officers"],
            ROLE_ORDER[1:],
        ),
        "delegations": JSONRows(
            Delegation.objects.filter(forum_id=forum), _PARTS["delegations"], ("economy__code",)
        ),
        "heads": JSONRows(
            # The kind written into the SQL: bound, it made SQLite prepare the whole page's
            # read again on every run (the heads' partial index names it; ``Literal``).
            roles.filter(
                kind=Literal(RoleKind.HEAD_OF_DELEGATION.value), delegation__forum_id=forum
            ),
            _PARTS["heads"],
            ROLE_ORDER,
        ),
    }
    return {f"page_{name}": read for name, read in parts.items()}  # not the fields' names


def _forum_page_query(
    providers: tuple[tuple[str, Any], ...], slug: str, member: bool, own: tuple[int, ...],
    **facts: Any,
) -> QuerySet[Forum]:  # fmt: skip
    given = {"slug": slug, **facts}
    sections: dict[str, Any] = {}
    for name, provider in providers:
        reads = provider.reads(**{fact: given[fact] for fact in provider.facts})
        if set(reads) != set(provider.names) or set(reads) & {
            *sections,
            *(f"page_{part}" for part in _PARTS),
        }:
            raise ValueError(f"The forum page's section {name} reads {sorted(reads)}: not "
                             f"its names {provider.names}, or names another read has.")  # fmt: skip
        sections.update(reads)
    return (
        Forum.objects.select_related("parent")
        .filter(slug=slug)
        .annotate(**_own_parts(member, own), **sections)
        .order_by()[:1]
    )


_FORUM_PAGE_READS: dict[tuple[str, ...], Prepared[Forum]] = {}


@dataclass(frozen=True)
class ForumPage:
    forum: Forum
    rows: dict[str, list[tuple[Any, ...]]]  # ``_PARTS``' rows, as ``forum_page.parts_html`` takes
    sections: dict[str, dict[str, Any]]  # per ``ReadWithForum`` provider, what its reads gave


def forum_page(principal: "Principal", slug: str, today: date) -> ForumPage | None:
    """The forum with ``slug`` and everything its page shows, in one query (None: no such
    forum): its sub-fora (slug, abbreviation, name), officers and partners (kind, person id,
    family and given name, organisation acronym, name and slug), delegations (id, economy
    name, by economy code), the heads the viewer may see (delegation id, family and given
    name), and what the sections that read with the forum read."""
    providers = tuple(forum_sections.read_with_forum())
    facts_used = sorted({name for _, provider in providers for name in provider.facts} - {"slug"})
    read = _FORUM_PAGE_READS.get(tuple(name for name, _ in providers))
    if read is None:
        read = Prepared(partial(_forum_page_query, providers), "slug", "member", "own",
                        *facts_used)  # fmt: skip
        _FORUM_PAGE_READS[tuple(name for name, _ in providers)] = read
    member, own = _facts(principal)
    facts: dict[str, Argument] = {
        "secretariat": principal.is_secretariat,
        "forum_ids": tuple(sorted(principal.forum_ids)),
        "today": today.year * 10000 + today.month * 100 + today.day,
    }
    arguments: dict[str, Argument] = {"slug": slug, "member": member, "own": own}
    arguments.update((name, facts[name]) for name in facts_used)
    found = read.objects(DEFAULT_DB_ALIAS, **arguments)
    if not found:
        return None
    forum = found[0]
    rows = {
        part: ranked_rows(getattr(forum, f"page_{part}"), *_CONVERTERS[part]) for part in _PARTS
    }
    sections = {
        name: {key: getattr(forum, key) for key in provider.names} for name, provider in providers
    }
    return ForumPage(forum, rows, sections)


WORKS_WITH_COLUMNS = (
    "forum_id", "forum__slug", "forum__abbreviation", "partner_forum_id",
    "partner_forum__slug", "partner_forum__abbreviation", "partner_organisation__acronym",
    "partner_organisation__name", "partner_organisation__slug", "since", "note",
)  # fmt: skip
WORKS_WITH_ORDER = ("forum__slug", "since", "pk")  # WorksWith's
