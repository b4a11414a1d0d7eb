"""Reads that decide what each viewer sees of a target's comments, in a fixed number of
queries whatever the number of comments."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Count, Q, QuerySet

from secretariat.core.prepared import Prepared

from .choices import CommentState
from .models import Comment, CommentSettings, Reaction, Report

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal

    from .targets import Target

PAGE_SIZE = 20  # a page of comments, as news sites show them; older ones a link away


def settings_for(target: "Target") -> CommentSettings:
    """The target's settings row, or the defaults (unsaved) when it has none."""
    found = _prepared(target.kind)[3].objects(target=target.id)
    return found[0] if found else CommentSettings(target_kind=target.kind, target_id=target.id)


def comments_visible_to(principal: "Principal", target: "Target") -> QuerySet[Comment]:
    """Published comments to everyone; the secretariat also sees pending and hidden ones;
    a reader also sees their own pending or hidden ones (marked as such)."""
    comments = Comment.objects.filter(target_kind=target.kind, target_id=target.id)
    if principal.is_secretariat:
        return comments
    shown = Q(state=CommentState.PUBLISHED)
    if principal.is_authenticated:
        shown |= Q(author_id=principal.user.pk)
    return comments.filter(shown)


def any_comment_visible_to(principal: "Principal") -> QuerySet[Comment]:
    """Every comment the viewer may see, whatever its target (the target's own visibility
    is checked by ``permissions.access_comment``)."""
    comments = Comment.objects.all()
    if principal.is_secretariat:
        return comments
    shown = Q(state=CommentState.PUBLISHED)
    if principal.is_authenticated:
        shown |= Q(author_id=principal.user.pk)
    return comments.filter(shown)


def published_count(target: "Target") -> int:
    return Comment.objects.filter(
        target_kind=target.kind, target_id=target.id, state=CommentState.PUBLISHED
    ).count()


class Row(NamedTuple):
    """One comment as the section shows it (plain values: no model instances to build)."""

    pk: int
    body: str
    language: str
    state: str
    hidden_reason: str
    likes: int
    dislikes: int
    created_at: datetime
    author_id: int
    author_name: str


ROW_FIELDS = (
    "id",
    "body",
    "language",
    "state",
    "hidden_reason",
    "likes",
    "dislikes",
    "created_at",
    "author_id",
    "author__username",
)


@dataclass(frozen=True)
class SectionData:
    """What the comments section shows one viewer: a page of comments, newest first, the
    number of published comments, the viewer's own reactions on that page and the settings."""

    comments: list[Row]
    count: int
    page: int
    has_more: bool
    own_reactions: dict[int, str]
    settings: CommentSettings


def rows_of(comments: QuerySet[Comment]) -> list[Row]:
    return [Row(*values) for values in comments.values_list(*ROW_FIELDS)]


def _first_page(kind: str, everything: bool) -> Prepared[Any]:
    """The first page of a target's comments: every one (the secretariat's view), or those a
    ``viewer`` sees (their user id; 0 for a signed-out reader). See ``comments_visible_to``."""
    if everything:
        return Prepared(
            lambda target: (
                Comment.objects.filter(target_kind=kind, target_id=target)
                .order_by("-created_at", "-pk")
                .values_list(*ROW_FIELDS)[: PAGE_SIZE + 1]
            ),
            "target",
        )
    return Prepared(
        lambda target, viewer: (
            Comment.objects.filter(target_kind=kind, target_id=target)
            .filter(Q(state=CommentState.PUBLISHED) | Q(author_id=viewer))
            .order_by("-created_at", "-pk")
            .values_list(*ROW_FIELDS)[: PAGE_SIZE + 1]
        ),
        "target",
        "viewer",
    )


def _count(kind: str) -> Prepared[Any]:
    """One row (the number of published comments), or none when there are none."""
    return Prepared(
        lambda target: (
            Comment.objects.filter(target_kind=kind, target_id=target, state=CommentState.PUBLISHED)
            .order_by()
            .values("target_id")
            .annotate(n=Count("pk"))
            .values_list("n")
        ),
        "target",
    )


def _settings(kind: str) -> Prepared[CommentSettings]:
    return Prepared(
        lambda target: CommentSettings.objects.filter(
            target_kind=kind, target_id=target
        ).order_by()[:1],
        "target",
    )


# Built once per process and kind (``core.prepared``): the section is read on every page
# that shows it, and building its three queries cost more than running them.
_PREPARED: dict[str, tuple[Prepared[Any], ...]] = {}


def _prepared(kind: str) -> tuple[Prepared[Any], ...]:
    """(all comments' first page, a viewer's first page, the count, the settings)."""
    if kind not in _PREPARED:
        _PREPARED[kind] = (
            _first_page(kind, everything=True),
            _first_page(kind, everything=False),
            _count(kind),
            _settings(kind),
        )
    return _PREPARED[kind]


def section(principal: "Principal", target: "Target", page: int = 1) -> SectionData:
    """Four queries at most (settings, count, the page, the viewer's reactions on it)."""
    page = max(page, 1)
    every_page, own_page, count, _settings_read = _prepared(target.kind)
    if page == 1:
        found = (
            every_page.rows(target=target.id)
            if principal.is_secretariat
            else own_page.rows(
                target=target.id,
                viewer=principal.user.pk if principal.is_authenticated else 0,
            )
        )
        rows = [Row(*values) for values in found]
    else:
        offset = (page - 1) * PAGE_SIZE
        rows = rows_of(
            comments_visible_to(principal, target).order_by("-created_at", "-pk")[
                offset : offset + PAGE_SIZE + 1
            ]
        )
    own: dict[int, str] = {}
    if principal.is_authenticated and rows:
        own = dict(
            Reaction.objects.filter(
                user_id=principal.user.pk, comment_id__in=[c.pk for c in rows[:PAGE_SIZE]]
            ).values_list("comment_id", "kind")
        )
    return SectionData(
        comments=rows[:PAGE_SIZE],
        count=next((n for (n,) in count.rows(target=target.id)), 0),
        page=page,
        has_more=len(rows) > PAGE_SIZE,
        own_reactions=own,
        settings=settings_for(target),
    )


def moderation_queue() -> QuerySet[Comment]:
    """For the secretariat: comments awaiting moderation, reported and not yet dealt with,
    and hidden ones (to restore), newest first."""
    return (
        Comment.objects.filter(
            Q(state__in=[CommentState.PENDING, CommentState.HIDDEN]) | Q(reports__resolved=False)
        )
        .distinct()
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def open_reports_by_comment(comment_ids: list[int]) -> dict[int, list[Report]]:
    found: dict[int, list[Report]] = {}
    for report in Report.objects.filter(comment_id__in=comment_ids, resolved=False).order_by(
        "created_at"
    ):
        found.setdefault(report.comment_id, []).append(report)
    return found


def reader_data(user: Any) -> dict[str, Any]:
    """Everything this app holds about one reader, as their export shows it."""
    return {
        "comments": [
            {
                "id": c.pk,
                "target_kind": c.target_kind,
                "target_id": c.target_id,
                "body": c.body,
                "language": c.language,
                "state": c.state,
                "created_at": c.created_at.isoformat(),
                "likes": c.likes,
                "dislikes": c.dislikes,
            }
            for c in Comment.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "reactions": [
            {"comment_id": r.comment_id, "kind": r.kind, "created_at": r.created_at.isoformat()}
            for r in Reaction.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "reports": [
            {
                "comment_id": r.comment_id,
                "reason": r.reason,
                "note": r.note,
                "created_at": r.created_at.isoformat(),
            }
            for r in Report.objects.filter(reporter=user).order_by("created_at", "pk")
        ],
    }
