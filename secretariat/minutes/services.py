"""Writes to minutes. Callers authorise through ``permissions.access_*`` first; these
functions validate, write, and record the audit entry in the same transaction."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.i18n import resolve
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.meetings import cache as meeting_cache
from secretariat.meetings.models import Meeting
from secretariat.notifications import services as notifications
from secretariat.registry.models import Economy, Forum

from . import selectors
from .choices import EDITABLE_STATES, NEXT_STATES, MinutesState
from .models import MAX_BODY, ActionItem, Minutes, MinutesRevision


def _present(obj: Any) -> dict[str, Any]:
    from . import schemas  # the API's view of the row, reused for 409 bodies

    return schemas.present(obj)


def outline_for(meeting: Meeting) -> str:
    """A first text: one heading per agenda item, so the minutes follow the agenda."""
    lines = []
    for item in meeting.agenda_items.order_by("position", "pk"):
        lines += [f"{item.number}. {resolve(item.title, 'en').text}", "", ""]
    return "\n".join(lines).strip() + ("\n" if lines else "")


def start_minutes(*, actor: Any, meeting: Meeting) -> Minutes:
    """Draft minutes for ``meeting`` (one set per meeting), outlined from its agenda."""
    body = outline_for(meeting)
    with transaction.atomic():
        try:
            with transaction.atomic():
                minutes = Minutes.objects.create(meeting=meeting, body=body, revision=1)
        except IntegrityError:
            raise ValidationFailed(
                _("This meeting already has minutes."), errors={"meeting": [_("has minutes")]}
            ) from None
        MinutesRevision.objects.create(minutes=minutes, number=1, body=body, saved_by=_user(actor))
        audit.record(
            actor=actor,
            action="minutes.minutes.started",
            obj=minutes,
            changes={"meeting_id": meeting.pk, "revision": 1},
        )
        meeting_cache.touch(meeting.pk)  # the meeting page links the minutes by state
    return minutes


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def text_state(minutes: Minutes) -> dict[str, Any]:
    """What a conflicting editor is shown: the current text and where it came from."""
    latest = minutes.revisions.select_related("saved_by").order_by("-number").first()
    return {
        "id": minutes.pk,
        "revision": minutes.revision,
        "body": minutes.body,
        "state": minutes.state,
        "saved_by": latest.saved_by.get_username() if latest and latest.saved_by else None,
        "saved_at": latest.saved_at.isoformat() if latest else None,
    }


def save_text(*, actor: Any, minutes: Minutes, base_revision: int, body: str) -> Minutes:
    """Save ``body`` as the next revision, if ``base_revision`` is still the latest. A save
    based on an older revision changes nothing and raises ``Conflict`` with the current
    text; an unchanged text saves nothing (autosave sends it often)."""
    if len(body) > MAX_BODY:
        raise ValidationFailed(
            _("The minutes are limited to %(n)d characters.") % {"n": MAX_BODY},
            errors={"body": ["too long"]},
        )
    with transaction.atomic():
        current = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        if current.state not in EDITABLE_STATES:
            raise ValidationFailed(
                _("%(state)s minutes can no longer be edited.")
                % {"state": current.get_state_display().capitalize()},
                errors={"state": [current.state]},
            )
        if current.body == body:
            return current  # nothing to save, whatever it was based on
        if current.revision != base_revision:
            raise Conflict(
                _(
                    "Someone saved revision %(current)d after the revision %(base)d you "
                    "started from. Your text was not saved: compare both and save again."
                )
                % {"current": current.revision, "base": base_revision},
                current=text_state(current),
            )
        number = base_revision + 1
        updated = Minutes.objects.filter(pk=current.pk, revision=base_revision).update(
            body=body, revision=number, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:  # only reachable where row locks are not taken (never on our DBs)
            raise Conflict(_("The minutes changed meanwhile; save again."))
        MinutesRevision.objects.create(
            minutes=current,
            number=number,
            body=body,
            saved_by=_user(actor),
            circulated=current.state == MinutesState.CIRCULATED,
        )
        audit.record(
            actor=actor,
            action="minutes.text.saved",
            obj=current,
            changes={
                "revision": [base_revision, number],
                # Drafts are for their editors; the log, read by all members, keeps a digest.
                "body": audit.private_digest(body),
            },
        )
    current.refresh_from_db()
    return current


_STAMPS: dict[str, str] = {
    MinutesState.CIRCULATED: "circulated_at",
    MinutesState.APPROVED: "approved_at",
    MinutesState.LOCKED: "locked_at",
}


def change_state(*, actor: Any, minutes: Minutes, version: int, state: str) -> Minutes:
    """Move the minutes along ``NEXT_STATES``; circulating tells the meeting's participants
    and the forum's members."""
    if state not in NEXT_STATES.get(minutes.state, frozenset()):
        raise ValidationFailed(
            _("Minutes that are %(state)s cannot become %(to)s.")
            % {"state": minutes.get_state_display(), "to": MinutesState(state).label}
            if state in MinutesState.values
            else _("Unknown state."),
            errors={"state": [state]},
        )
    changes: dict[str, Any] = {"state": state}
    if state in _STAMPS:
        changes[_STAMPS[state]] = timezone.now()
    with transaction.atomic():
        moved = update_versioned(
            minutes,
            actor=actor,
            action=f"minutes.minutes.{state}",
            expected_version=version,
            changes=changes,
            present=_present,
        )
        if state == MinutesState.CIRCULATED:
            MinutesRevision.objects.filter(minutes=moved, number=moved.revision).update(
                circulated=True
            )
            _notify_circulated(moved)
        meeting_cache.touch(moved.meeting_id)  # the meeting page links the minutes by state
    return moved


def _notify_circulated(minutes: Minutes) -> None:
    meeting = minutes.meeting
    notifications.notify(
        recipients=selectors.minutes_readers_to_notify(minutes),
        topic="minutes_circulated",
        subject=_("Minutes of %(meeting)s circulated for comments") % {"meeting": meeting},
        body=_("The minutes of %(meeting)s are circulated (revision %(revision)d).")
        % {"meeting": meeting, "revision": minutes.revision},
        link=reverse("minutes:minutes", args=[meeting.pk]),
        dedupe_key=f"minutes-circulated-{minutes.pk}-{minutes.revision}",
    )


# Action items ------------------------------------------------------------------------------


def _check_not_locked(minutes: Minutes) -> None:
    if minutes.state == MinutesState.LOCKED:
        raise ValidationFailed(
            _("Locked minutes are final: their action items cannot change."),
            errors={"minutes": ["locked"]},
        )


def add_action_item(
    *,
    actor: Any,
    minutes: Minutes,
    text: str,
    forum: Forum,
    due_date: date,
    economy: Economy | None = None,
) -> ActionItem:
    _check_not_locked(minutes)
    if not text.strip():
        raise ValidationFailed(_("Say what is to be done."), errors={"text": ["required"]})
    return create_audited(
        ActionItem,
        actor=actor,
        action="minutes.action_item.created",
        fields={
            "minutes": minutes,
            "text": text.strip(),
            "forum": forum,
            "economy": economy,
            "due_date": due_date,
        },
    )


def update_action_item(*, actor: Any, item: ActionItem, version: int, **changes: Any) -> ActionItem:
    _check_not_locked(item.minutes)
    return update_versioned(
        item,
        actor=actor,
        action="minutes.action_item.updated",
        expected_version=version,
        changes=changes,
        present=_present,
    )
