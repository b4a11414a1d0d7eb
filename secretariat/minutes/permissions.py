"""Who may read and write minutes. Views and API handlers get objects only through
``access_*``: hidden minutes are 404, visible ones the user may not change are 403."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.meetings import selectors as meeting_selectors
from secretariat.meetings.models import Meeting
from secretariat.registry.permissions import principal_for

from . import selectors
from .models import ActionItem, Minutes


def _require_editor(user: Any, meeting: Meeting) -> None:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to write minutes."))
    require(
        selectors.can_edit(principal, meeting),
        _("Only the secretariat and the chair write this meeting's minutes."),
    )


def access_meeting(user: Any, meeting_id: int, need: str = "start") -> Meeting:
    """A meeting to start minutes for: ``need`` start (its editors)."""
    meeting = get_visible(meeting_selectors.meetings_list(), "meeting", pk=meeting_id)
    if need != "start":
        raise PermissionDenied(f"Unknown need {need!r}.")
    _require_editor(user, meeting)
    return meeting


def access_minutes(user: Any, minutes_id: int, need: str = "read") -> Minutes:
    """``need``: read (whoever may see them), edit (their editors: text, state, actions)."""
    principal = principal_for(user)
    minutes = get_visible(selectors.minutes_visible_to(principal), "minutes", pk=minutes_id)
    if need == "edit":
        _require_editor(user, minutes.meeting)
    elif need != "read":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return minutes


def access_meeting_minutes(user: Any, meeting_id: int, need: str = "read") -> Minutes:
    principal = principal_for(user)
    minutes = get_visible(selectors.minutes_visible_to(principal), "minutes", meeting_id=meeting_id)
    return access_minutes(user, minutes.pk, need) if need != "read" else minutes


def access_action_item(user: Any, item_id: int, need: str = "read") -> ActionItem:
    """``need``: read (whoever may see the minutes), change (their editors)."""
    principal = principal_for(user)
    item = get_visible(selectors.action_items_visible_to(principal), "action item", pk=item_id)
    if need == "change":
        _require_editor(user, item.minutes.meeting)
    elif need != "read":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return item
