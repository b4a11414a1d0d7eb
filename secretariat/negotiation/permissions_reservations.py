"""Who may see, enter, edit and withdraw reservations. Whoever sees a text's negotiating
record sees all its reservations; everyone else who reads the text sees those that are part of
its outcome (standing, on an adopted text or a chair's statement). Its economy's head of
delegation, or the secretariat on its behalf, writes them."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, NotFound, ValidationFailed
from secretariat.core.permissions import get_visible, require
from secretariat.registry.models import Delegation
from secretariat.registry.permissions import Principal, principal_for

from . import permissions, selectors
from .models import Reservation, Text


def delegation_entering_reservation(user: Any, text: Text, economy: str | None) -> Delegation:
    """The delegation a new reservation is for: the head's own, or the one the secretariat
    names (``economy``, its code)."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to do this."))
    if not principal.is_secretariat:
        own = permissions.delegation_stating_positions(user, text)
        require(
            not economy or economy.upper() == own.economy.code,
            _("A head of delegation enters reservations for their own economy only."),
        )
        return own
    if not economy:
        raise ValidationFailed(
            _("Name the economy this reservation is entered for."),
            errors={"economy": [_("required for the secretariat")]},
        )
    delegation = (
        Delegation.objects.select_related("economy")
        .filter(forum_id=text.forum_id, economy__code=economy.upper())
        .first()
    )
    if delegation is None:
        raise ValidationFailed(
            _("%(code)s has no delegation to this forum.") % {"code": economy},
            errors={"economy": [_("no delegation to this forum")]},
        )
    return delegation


def reservations_visible_to(principal: Principal, text: Text) -> QuerySet[Reservation]:
    """The text's reservations the viewer may see (the text itself is visible to them)."""
    reservations = Reservation.objects.filter(text=text)
    if permissions.may_see_record(principal, text):
        return reservations
    if not text.is_concluded:
        return reservations.none()
    return reservations.filter(withdrawn_at__isnull=True)


def access_reservation(user: Any, reservation_id: int, need: str = "read") -> Reservation:
    """``need``: read (whoever sees it: see ``reservations_visible_to``); change (edit or
    withdraw: the economy's head of delegation or the secretariat)."""
    principal = principal_for(user)
    reservation = get_visible(
        Reservation.objects.select_related("text", "delegation__economy", "provision"),
        "reservation",
        pk=reservation_id,
    )
    text = selectors.texts_visible_to(principal).filter(pk=reservation.text_id).first()
    visible = text is not None and (
        reservations_visible_to(principal, text).filter(pk=reservation.pk).exists()
    )
    if not visible:
        raise NotFound(_("No reservation matches pk=%(pk)s.") % {"pk": reservation_id})
    if need == "change":
        if not principal.is_authenticated:
            raise NotAuthenticated(_("Sign in to do this."))
        require(
            may_change(principal, reservation),
            _("Only the economy's head of delegation or the secretariat may change this."),
        )
    return reservation


def may_change(principal: Principal, reservation: Reservation) -> bool:
    """Edit or withdraw: the economy's head of delegation or the secretariat."""
    return principal.is_secretariat or reservation.delegation_id in principal.headed_delegation_ids


def can_enter_reservations(user: Any, text: Text) -> bool:
    """Whether the page shows the form (the service still checks on submit)."""
    principal = principal_for(user)
    return principal.is_secretariat or any(
        role.forum_id == text.forum_id and role.delegation_id in principal.headed_delegation_ids
        for role in principal.roles
    )
