"""Reads that decide what each viewer sees of a target's comments, in a fixed number of
queries whatever the number of comments."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from .choices import CommentState
from .models import Comment, CommentSettings, Reaction, Report

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal

    from .targets import Target

PAGE_SIZE = 50


def settings_for(target: "Target") -> CommentSettings:
    """The target's settings row, or the defaults (unsaved) when it has none."""
    found = CommentSettings.objects.filter(target_kind=target.kind, target_id=target.id).first()
    return found or CommentSettings(target_kind=target.kind, target_id=target.id)


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


@dataclass(frozen=True)
class SectionData:
    """What the comments section shows one viewer: a page of comments, newest first, the
    number of published comments, the viewer's own reactions on that page and the settings."""

    comments: list[Comment]
    count: int
    page: int
    has_more: bool
    own_reactions: dict[int, str]
    settings: CommentSettings


def section(principal: "Principal", target: "Target", page: int = 1) -> SectionData:
    """Four queries at most (settings, count, the page, the viewer's reactions on it)."""
    offset = (max(page, 1) - 1) * PAGE_SIZE
    rows = list(
        comments_visible_to(principal, target)
        .select_related("author")
        .only(
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
            "target_kind",
            "target_id",
        )
        .order_by("-created_at", "-pk")[offset : offset + PAGE_SIZE + 1]
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
        count=published_count(target),
        page=max(page, 1),
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
