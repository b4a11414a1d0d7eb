"""Who may do what with negotiated texts. Views and handlers go through ``access_*``."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, NotFound, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Delegation
from secretariat.registry.permissions import Principal, principal_for

from . import selectors
from .choices import AmendmentState
from .models import Amendment, Text, Version


def chairs(principal: Principal, text: Text) -> bool:
    """The secretariat and the chair of the text's forum run the negotiation."""
    return principal.is_secretariat or any(
        role.forum_id == text.forum_id and role.kind == RoleKind.CHAIR for role in principal.roles
    )


def _own_delegation(
    principal: Principal,
    text: Text,
    kinds: set[str],
    known: Mapping[int, Delegation] | None = None,
) -> Delegation | None:
    delegation_id = next(
        (
            role.delegation_id
            for role in principal.roles
            if role.forum_id == text.forum_id and role.kind in kinds
        ),
        None,
    )
    if delegation_id is None:
        return None
    if known and delegation_id in known:
        return known[delegation_id]
    return Delegation.objects.select_related("economy").filter(pk=delegation_id).first()


def delegation_roles_on(
    principal: Principal, text: Text, delegations: Iterable[Delegation] = ()
) -> dict[str, Delegation | None]:
    """What the viewer may do for an economy on this text, for showing the right forms.
    ``delegations``: ones the caller has read already, with their economies (the map's
    columns), taken instead of read again; the roles alone decide which is the viewer's."""
    known = {delegation.pk: delegation for delegation in delegations}
    return {
        "positions": _own_delegation(principal, text, {RoleKind.HEAD_OF_DELEGATION}, known),
        "amendments": _own_delegation(principal, text, RoleKind.delegation_roles(), known),
    }


def may_see_record(principal: Principal, text: Text) -> bool:
    """The negotiating record (positions and reasons, amendments, the consensus map and
    report, earlier versions and redlines) is the owning forum's until the secretariat
    derestricts it; everyone else who reads the text sees its wording and outcome only."""
    return sits_in_forum(principal, text) or text.record_derestricted_at is not None


def sits_in_forum(principal: Principal, text: Text) -> bool:
    """The owning forum's members and the secretariat: the forum's own business (which
    economies still owe an ad referendum confirmation) stays theirs even once derestricted."""
    return principal.is_secretariat or text.forum_id in principal.forum_ids


def readable_versions(user: Any, text: Text) -> QuerySet[Version]:
    """Every version to whoever sees the record; to anyone else only the version the text
    stands at (its published wording): earlier ones carry attributed brackets and options."""
    versions = Version.objects.filter(text=text)
    if may_see_record(principal_for(user), text):
        return versions
    return versions.filter(pk__in=[text.current_version_id])


def access_text(user: Any, slug: str, need: str = "read") -> Text:
    """``need``: read; record (the negotiating record: 404 to whoever may not see it);
    chair (new versions, silence, adoption); derestrict (the record: the secretariat)."""
    principal = principal_for(user)
    text = selectors.visible_text(principal, slug)
    if text is None:  # missing and hidden alike
        raise NotFound(f"No text matches slug={slug}.")
    if need == "record" and not may_see_record(principal, text):
        raise NotFound(_("The negotiating record of this text is not public."))
    if need == "chair":
        if not principal.is_authenticated:
            raise NotAuthenticated(_("Sign in to do this."))
        require(chairs(principal, text), _("Only the chair or the secretariat may do this."))
    if need == "derestrict":
        if not principal.is_authenticated:
            raise NotAuthenticated(_("Sign in to do this."))
        require(
            principal.is_secretariat,
            _("Only the secretariat derestricts a negotiating record, by a decision."),
        )
    return text


def delegation_stating_positions(user: Any, text: Text) -> Delegation:
    """Heads of delegation state their economy's positions."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    delegation = _own_delegation(principal, text, {RoleKind.HEAD_OF_DELEGATION})
    if delegation is None:
        raise PermissionDenied(_("Only a head of delegation may state an economy's position."))
    return delegation


def delegation_proposing(user: Any, text: Text) -> Delegation:
    """Delegates and heads of delegation draft amendments for their economy."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    delegation = _own_delegation(principal, text, RoleKind.delegation_roles())
    if delegation is None:
        raise PermissionDenied(_("Only a delegation to this forum may propose amendments."))
    return delegation


def access_amendment(user: Any, amendment_id: int, to_state: str | None = None) -> Amendment:
    """A proposal the user may see; moving it to ``to_state`` needs the right role."""
    principal = principal_for(user)
    amendment = get_visible(
        Amendment.objects.select_related("text", "proposer"), "amendment", pk=amendment_id
    )
    text = get_visible(selectors.texts_visible_to(principal), "text", pk=amendment.text_id)
    if not may_see_record(principal, text):  # proposals are the record: hidden, not refused
        raise NotFound(_("No amendment matches pk=%(pk)s.") % {"pk": amendment_id})
    amendment = get_visible(
        selectors.amendments_visible_to(principal, text), "amendment", pk=amendment_id
    )
    if to_state is None:
        return amendment
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    if to_state in (AmendmentState.SUBMITTED, AmendmentState.WITHDRAWN):
        require(
            amendment.proposer.economy_id in principal.economy_ids,
            _("Only the proposing delegation may submit or withdraw its amendment."),
        )
    else:
        require(
            chairs(principal, text), _("Only the chair or the secretariat decides on amendments.")
        )
    return amendment
