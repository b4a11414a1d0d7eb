"""What the forum page shows of the projects its forum owns or co-owns, read with the
forum's row."""

from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Exists,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.lookups import IsNull

from secretariat.core.json_rows import JSONRows, json_value, ranked_rows
from secretariat.core.prepared import counting

from ..models import (
    Project,
)

if TYPE_CHECKING:
    pass

from . import rule_for
from .listing import FORUM_PAGE_COLUMNS, NEWEST_FIRST

FORUM_PAGE_LIMIT = 10  # the latest; the list, filtered by the forum, has them all


def forum_page_reads(secretariat: bool, forum_ids: tuple[int, ...]) -> dict[str, Any]:
    """What the forum page shows of the projects the forum owns or co-owns that the viewer
    may see, read with the forum's row (``registry.forum_sections.ReadWithForum``): how many
    there are in all (``projects_total``) and the latest (``projects_latest``: pk, title,
    kind name, state name, responsible forum id each, ``FORUM_PAGE_COLUMNS``). The projects
    are the list's filtered by the forum (``owned_by_the_row``), so the total is what the
    linked list shows.

    A member of the forum may see every project it owns (``rule_for``: it owns them), so
    when the forum is one of the viewer's the database reads them without the rule: for a
    delegate of the forum it was half the count's time (every owned project joined to its
    state and looked up among the viewer's fora's co-owned). Elsewhere the rule applies."""
    rule = rule_for(secretariat, bool(forum_ids), forum_ids)
    projects = Project.objects.all() if rule is None else Project.objects.filter(rule)
    total: Any = Subquery(counting(projects.filter(owned_by_the_row())))
    latest: Any = _latest(projects)
    if rule is not None and forum_ids:
        one_of_theirs = Q(pk__in=forum_ids)  # the forum's row
        owned = Project.objects.filter(owned_by_the_row())
        total = Case(When(one_of_theirs, then=Subquery(counting(owned))), default=total)
        latest = Case(
            When(one_of_theirs, then=_latest(Project.objects.all())),
            default=latest,
            output_field=JSONField(),
        )
    return {"projects_total": total, "projects_latest": latest}


def _latest(projects: QuerySet[Project]) -> JSONRows:
    """The latest of ``projects`` the row's forum owns, its co-owner looked up per project
    read (``owned_by_the_row``)."""
    owned = projects.filter(owned_by_the_row(per_row=True))
    return JSONRows(owned, FORUM_PAGE_COLUMNS, NEWEST_FIRST, FORUM_PAGE_LIMIT)


FORUM_PAGE_READS = ("projects_total", "projects_latest")


def owned_by_the_row(per_row: bool = False) -> Q:
    """The list's ``forum`` filter (``filtered``) for the forum of the row a subquery reads
    with (``OuterRef("pk")``), by its id: by the slug, each project was joined to its
    responsible forum, and each co-owner to its forum, to compare slugs. A co-owner is
    asked for with ``EXISTS``, which the database answers from one hashed set of the
    forum's co-owned projects: right where it reads them all (the count). ``per_row``: as a
    value looked up for each project read, from the pair's index, for a read that stops
    after a few (the latest ten), where building that set was half the read's time
    (PostgreSQL hashed it whenever its plan expected many rows, the cut aside)."""
    co_owning = Project.co_owning_fora.through.objects.filter(
        forum_id=OuterRef(OuterRef("pk")), project_id=OuterRef("pk")
    )
    if per_row:
        co_owned = Q(IsNull(Subquery(co_owning.values("project_id")[:1]), False))
    else:
        co_owned = Q(Exists(co_owning))
    return Q(responsible_forum_id=OuterRef("pk")) | co_owned


def forum_page_rows(read: dict[str, Any]) -> tuple[list[tuple[Any, ...]], int]:
    """``forum_page_reads``' values as the latest rows (their JSON columns decoded) and the
    total."""
    rows = ranked_rows(read["projects_latest"], None, json_value, json_value, json_value, None)
    return rows, read["projects_total"] or 0
