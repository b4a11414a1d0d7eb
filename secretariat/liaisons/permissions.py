"""Who may read and write liaison statements. Views and API handlers get statements only
through ``access_statement``: one the viewer may not see is 404 (a draft's or a restricted
statement's existence never leaks).

Writing is the forum's officers' (its chair, vice-chair, the secretariat role in it) and the
secretariat staff's: they draft, edit drafts, send or record as received, and withdraw."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Forum
from secretariat.registry.permissions import Principal, principal_for

from . import selectors
from .models import LiaisonStatement

OFFICER_ROLES = frozenset({RoleKind.CHAIR, RoleKind.VICE_CHAIR, RoleKind.SECRETARIAT})


def can_write_for(principal: Principal, forum_id: int | None) -> bool:
    """The secretariat, or an officer of ``forum_id``."""
    if principal.is_secretariat:
        return True
    return forum_id is not None and any(
        role.forum_id == forum_id and role.kind in OFFICER_ROLES for role in principal.roles
    )


def drafting_fora(principal: Principal) -> set[int]:
    """The fora whose statements ``principal`` writes as an officer (staff write for all)."""
    return {role.forum_id for role in principal.roles if role.kind in OFFICER_ROLES}


def require_writer(user: Any, forum: Forum) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to write liaison statements."))
    require(
        can_write_for(principal, forum.pk),
        _("Only the forum's chair, vice-chair or secretariat write its liaison statements."),
    )
    return principal


def require_signed_in(user: Any) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to write liaison statements."))
    require(
        principal.is_secretariat or bool(drafting_fora(principal)),
        _("Only the chairs, vice-chairs and secretariat of fora write liaison statements."),
    )
    return principal


def access_statement(user: Any, statement_id: int, need: str = "read") -> LiaisonStatement:
    """``need``: read (whoever may see it), write (edit, change state, attach: the
    officers of its forum and the secretariat), respond (the officers of either forum
    concerned, or the secretariat), history (members who may see it)."""
    principal = principal_for(user)
    statement = get_visible(
        selectors.statements_visible_to(principal), "liaison statement", pk=statement_id
    )
    if need == "read":
        return statement
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    if need == "write":
        require(
            can_write_for(principal, statement.forum_id),
            _("Only the forum's chair, vice-chair or secretariat write its liaison statements."),
        )
    elif need == "respond":
        require(
            can_write_for(principal, statement.forum_id)
            or can_write_for(principal, statement.counterpart_forum_id),
            _("Only the officers of a forum concerned, or the secretariat, record a response."),
        )
    elif need == "history":
        require(principal.is_member, _("The history of changes is open to members only."))
    else:
        raise PermissionDenied(f"Unknown need {need!r}.")
    return statement


def can_write_anything(principal: Principal) -> bool:
    return principal.is_secretariat or bool(drafting_fora(principal))
