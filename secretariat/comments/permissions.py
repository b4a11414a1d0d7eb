"""Who may do what with comments. Views and handlers go through ``access_*``.

Reading a target's comments follows the target (404 where the public may not read it).
Writing needs a signed-in reader (401 "sign in to comment"); deleting is the author's;
moderating and configuring a target are the secretariat's."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.registry.permissions import principal_for

from . import selectors, targets
from .models import Comment
from .targets import Target


def sign_in_message(need: str) -> str:
    return {
        "react": _("Sign in to react to comments."),
        "report": _("Sign in to report a comment."),
    }.get(need, _("Sign in to comment."))


def access_target(user: Any, kind: str, target_id: int, need: str = "read") -> Target:
    """``need``: read; write (post a comment); moderate (settings, hidden comments)."""
    target = targets.resolve_target(kind, target_id)
    principal = principal_for(user)
    if need in ("write", "moderate") and not principal.is_authenticated:
        raise NotAuthenticated(sign_in_message(need))
    if need == "moderate":
        require(principal.is_secretariat, _("Only the secretariat moderates comments."))
    return target


def access_comment(user: Any, comment_id: int, need: str = "read") -> Comment:
    """``need``: read; react; report; delete (the author's own); moderate (the secretariat).
    A comment under a target the public may not read is 404, as the target is."""
    principal = principal_for(user)
    comment = get_visible(selectors.any_comment_visible_to(principal), "comment", pk=comment_id)
    targets.resolve_target(comment.target_kind, comment.target_id)
    if need == "read":
        return comment
    if not principal.is_authenticated:
        raise NotAuthenticated(sign_in_message(need))
    if need == "delete":
        require(comment.author_id == user.pk, _("Only its author may delete a comment."))
    elif need == "moderate":
        require(principal.is_secretariat, _("Only the secretariat moderates comments."))
    elif need in ("react", "report") and comment.state != "published":
        raise PermissionDenied(_("Only published comments take reactions and reports."))
    return comment


def may_moderate(user: Any) -> bool:
    return principal_for(user).is_secretariat


def require_moderator(user: Any) -> None:
    require(principal_for(user).is_secretariat, _("Only the secretariat moderates comments."))
