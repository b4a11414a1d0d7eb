"""Who may start a text from a Word draft: the secretariat, for any forum, and a forum's
chair, for that forum (the people who run its negotiations, as ``permissions.chairs``)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated
from secretariat.core.permissions import get_visible, require
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Forum
from secretariat.registry.permissions import Principal, principal_for


def fora_to_draft_in(principal: Principal) -> QuerySet[Forum]:
    """The fora the principal may start a text in, active ones only."""
    fora = Forum.objects.filter(is_active=True).order_by("abbreviation")
    if principal.is_secretariat:
        return fora
    chaired = {role.forum_id for role in principal.roles if role.kind == RoleKind.CHAIR}
    return fora.filter(pk__in=chaired)


def may_draft(principal: Principal) -> bool:
    return principal.is_secretariat or any(role.kind == RoleKind.CHAIR for role in principal.roles)


def require_drafter(user: Any) -> Principal:
    """The secretariat or the chair of some forum; anyone else is refused the page."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    require(may_draft(principal), _("Only a forum's chair or the secretariat may start a text."))
    return principal


def access_forum_to_draft(user: Any, slug: str) -> Forum:
    """The forum named, if the user may start a text in it (404 if no such forum)."""
    principal = require_drafter(user)
    forum = get_visible(Forum.objects.filter(is_active=True), "forum", slug=slug)
    require(
        fora_to_draft_in(principal).filter(pk=forum.pk).exists(),
        _("Only this forum's chair or the secretariat may start a text in it."),
    )
    return forum


def access_forum_to_import(user: Any, slug: str) -> Forum:
    """The forum named, if the user may import agreed texts into it: the secretariat only,
    since an import publishes a text as adopted without a negotiation here (404 if no such
    forum, 403 for everyone else signed in)."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    require(principal.is_secretariat, _("Only the secretariat may import agreed texts."))
    return get_visible(Forum.objects.all(), "forum", slug=slug)
