"""Who may do what with forums and exhibitions. Views and API handlers get every object
through ``access_*``, which fetches it *and* authorises the request in one call."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.meetings.models import Meeting
from secretariat.registry.permissions import principal_for

from . import selectors
from .models import CoHost, ContactRequest, Exhibitor, Speaker


def _require_signed_in(user: Any, message: str) -> None:
    if not principal_for(user).is_authenticated:
        raise NotAuthenticated(message)


def require_signed_in(user: Any) -> None:
    _require_signed_in(user, _("Sign in to see your contact requests."))


def check_manage(user: Any, meeting: Meeting) -> None:
    """Speakers, exhibitors and booths: the secretariat and the co-hosts' partner users."""
    _require_signed_in(user, _("Sign in to manage this event."))
    require(
        selectors.is_event_manager(principal_for(user), meeting),
        _("Only the secretariat and the co-hosting organisation may manage this event."),
    )


def access_event(
    user: Any, meeting_id: int, kind: str | None = None, need: str = "read"
) -> Meeting:
    """A forum or exhibition (404 for other meetings). ``need``: read (anyone), manage
    (secretariat and co-host partners), cohosts (secretariat)."""
    meeting = get_visible(selectors.events_list(kind), "event", pk=meeting_id)
    if need == "read":
        return meeting
    if need == "manage":
        check_manage(user, meeting)
    elif need == "cohosts":
        _require_signed_in(user, _("Sign in as secretariat staff to change co-hosts."))
        require(
            principal_for(user).is_secretariat,
            _("Only the secretariat may change an event's co-hosts."),
        )
    else:
        raise PermissionDenied(f"Unknown need {need!r}.")
    return meeting


def access_cohost(user: Any, cohost_id: int) -> CoHost:
    """A co-host link, to remove (secretariat only)."""
    cohost = get_visible(CoHost.objects.select_related("meeting"), "co-host", pk=cohost_id)
    access_event(user, cohost.meeting_id, need="cohosts")
    return cohost


def access_speaker(user: Any, speaker_id: int, need: str = "read") -> Speaker:
    """``need``: read (anyone: programmes are public), change (the event's managers)."""
    speaker = get_visible(selectors.speakers_list(), "speaker", pk=speaker_id)
    if need != "read":
        check_manage(user, speaker.meeting)
    return speaker


def access_exhibitor(user: Any, exhibitor_id: int, need: str = "read") -> Exhibitor:
    """``need``: read (anyone), profile (the company's own contacts and the managers: its
    profile, website and sector), change (the managers: everything, booth included)."""
    exhibitor = get_visible(selectors.exhibitors_list(), "exhibitor", pk=exhibitor_id)
    if need == "read":
        return exhibitor
    _require_signed_in(user, _("Sign in to edit this exhibitor."))
    if need == "profile" and selectors.is_exhibitor_contact(user, exhibitor):
        return exhibitor
    if need not in ("profile", "change"):
        raise PermissionDenied(f"Unknown need {need!r}.")
    check_manage(user, exhibitor.meeting)
    return exhibitor


def check_may_contact(user: Any, exhibitor: Exhibitor) -> None:
    _require_signed_in(user, _("Sign in to contact an exhibitor."))
    require(
        not selectors.is_exhibitor_contact(user, exhibitor),
        _("You are one of this exhibitor's contacts."),
    )


def access_contact_request(user: Any, request_id: int) -> ContactRequest:
    """A contact request, to its sender and the exhibitor's contacts only (404 otherwise)."""
    _require_signed_in(user, _("Sign in to see your contact requests."))
    return get_visible(
        selectors.contact_requests_visible_to(user), "contact request", pk=request_id
    )
