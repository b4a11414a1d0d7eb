"""Writes to reservations: a delegation's reservation, interpretive statement or
non-association on a paragraph or the whole text. Callers authorise through
``permissions_reservations`` first; every write is audited, edits are compare-and-swap."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import cache_tokens
from secretariat.core.errors import ValidationFailed
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.registry.models import Delegation

from .models import Provision, Reservation, Text


def _present(reservation: Reservation) -> dict[str, Any]:
    from .schemas_outputs import reservation_out  # the API's view of the row, for 409 bodies

    return reservation_out(reservation)


def _provision(text: Text, eid: str | None) -> Provision | None:
    """The paragraph a reservation is about: one of the current version (None: the whole text)."""
    if not eid:
        return None
    if text.current_version_id is None:
        raise ValidationFailed(_("This text has no version yet."))
    provision = Provision.objects.filter(
        text=text, eid=eid, wordings__version_id=text.current_version_id
    ).first()
    if provision is None:
        raise ValidationFailed(
            _("The current version has no paragraph %(eid)s.") % {"eid": eid},
            errors={"eid": [_("not in the current version")]},
        )
    return provision


def _reservations_changed() -> None:
    """Cached public pages show reservations (the outcome page): renew their rows token
    after the write (and again when an enclosing transaction commits)."""
    cache_tokens.renew(cache_tokens.rows_of(Reservation))


def enter_reservation(
    *,
    actor: Any,
    text: Text,
    delegation: Delegation,
    kind: str,
    statement: dict[str, Any],
    eid: str | None = None,
) -> Reservation:
    """Record ``delegation``'s statement; it appears as a footnote in every output."""
    if delegation.forum_id != text.forum_id:
        raise ValidationFailed(_("This delegation is not at the table of this text."))
    reservation = create_audited(
        Reservation,
        actor=actor,
        action="negotiation.reservation.entered",
        fields={
            "text": text,
            "provision": _provision(text, eid),
            "delegation": delegation,
            "kind": kind,
            "statement": statement,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    _reservations_changed()
    return reservation


def update_reservation(
    *, actor: Any, reservation: Reservation, version: int, **changes: Any
) -> Reservation:
    """Change kind, statement or paragraph (``eid``; None for the whole text) of a standing
    reservation, if nobody changed it since ``version``."""
    if reservation.withdrawn_at is not None:
        raise ValidationFailed(_("A withdrawn reservation cannot be edited."))
    if "eid" in changes:
        changes["provision"] = _provision(reservation.text, changes.pop("eid"))
    updated = update_versioned(
        reservation,
        actor=actor,
        action="negotiation.reservation.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
    _reservations_changed()
    return updated


def withdraw_reservation(*, actor: Any, reservation: Reservation, version: int) -> Reservation:
    """The delegation lifts its reservation: it stays on record but leaves the outputs."""
    if reservation.withdrawn_at is not None:
        raise ValidationFailed(_("This reservation is already withdrawn."))
    withdrawn = update_versioned(
        reservation,
        actor=actor,
        action="negotiation.reservation.withdrawn",
        expected_version=version,
        changes={"withdrawn_at": timezone.now()},
        present=_present,
    )
    _reservations_changed()
    return withdrawn
