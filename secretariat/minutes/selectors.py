"""Reads that decide who sees which minutes and action items."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from secretariat.core.prepared import Prepared
from secretariat.meetings.models import Meeting
from secretariat.registrations.choices import RegistrationState
from secretariat.registrations.models import Registration
from secretariat.registry.choices import RoleKind
from secretariat.registry.permissions import Principal

from .choices import PUBLISHED_STATES, MinutesState
from .models import ActionItem, Minutes, MinutesRevision


def chaired_forum_ids(principal: Principal) -> frozenset[int]:
    return frozenset(
        role.forum_id
        for role in principal.roles
        if role.kind in (RoleKind.CHAIR, RoleKind.VICE_CHAIR)
    )


def can_edit(principal: Principal, meeting: Meeting) -> bool:
    """The secretariat, the chairs of the meeting's forum and the meeting's chair write
    the minutes and move them through their states."""
    return (
        principal.is_secretariat
        or meeting.forum_id in chaired_forum_ids(principal)
        or (principal.person_id is not None and meeting.chair_id == principal.person_id)
    )


def _attended_meetings(person_id: int) -> QuerySet[Any]:
    return Registration.objects.filter(
        person_id=person_id, state__in=RegistrationState.attending()
    ).values("meeting_id")


def minutes_visible_to(principal: Principal) -> QuerySet[Minutes]:
    """Approved and locked minutes to everyone (meetings are public); circulated ones to
    the forum's members and the meeting's participants; drafts to their editors."""
    minutes = Minutes.objects.select_related("meeting", "meeting__forum")
    if principal.is_secretariat:
        return minutes
    allowed = Q(state__in=PUBLISHED_STATES)
    chaired = chaired_forum_ids(principal)
    if chaired:
        allowed |= Q(meeting__forum_id__in=chaired)
    if principal.person_id is not None:
        allowed |= Q(meeting__chair_id=principal.person_id)
        allowed |= Q(
            state=MinutesState.CIRCULATED, meeting_id__in=_attended_meetings(principal.person_id)
        )
    if principal.forum_ids:
        allowed |= Q(state=MinutesState.CIRCULATED, meeting__forum_id__in=principal.forum_ids)
    return minutes.filter(allowed)


def _shown_states(editor: bool, circulated: bool) -> list[str] | None:
    """``minutes_visible_to`` for one meeting's minutes, from the viewer's facts there: the
    states shown (None: every state, to their editors)."""
    if editor:
        return None
    return sorted(set(PUBLISHED_STATES) | ({MinutesState.CIRCULATED} if circulated else set()))


def _meeting_minutes_query(meeting: int, editor: bool, circulated: bool) -> QuerySet[Minutes]:
    minutes = Minutes.objects.filter(meeting_id=meeting)
    states = _shown_states(editor, circulated)
    if states is not None:
        minutes = minutes.filter(state__in=states)
    return minutes.only("pk", "state", "meeting_id").order_by()[:1]


_MEETING_MINUTES: Prepared[Minutes] = Prepared(
    _meeting_minutes_query, "meeting", "editor", "circulated"
)


def meeting_minutes_for(principal: Principal, meeting: Meeting, *, attends: bool) -> Minutes | None:
    """``meeting``'s minutes if ``minutes_visible_to(principal)`` holds them — the same rule
    spelt for one meeting, whose facts the caller knows (``attends``: the viewer has an
    attending registration there), as one read built once per process (``core.prepared``):
    the meeting page asks this on every cold rendering, where building the general rule's
    SQL cost more than the rest of the page's queries."""
    circulated = attends or meeting.forum_id in principal.forum_ids
    found = _MEETING_MINUTES.objects(
        meeting=meeting.pk, editor=can_edit(principal, meeting), circulated=circulated
    )
    return found[0] if found else None


def meeting_minutes_state_for(
    principal: Principal, meeting: Meeting, *, attends: bool, state: str | None
) -> str | None:
    """``meeting_minutes_for``'s answer without a query, for a caller that read the state of
    the meeting's minutes with the meeting (``state``: None if it has none): that state if
    the viewer may see them, else None. The meeting page reads it in its meeting's row."""
    if state is None:
        return None
    circulated = attends or meeting.forum_id in principal.forum_ids
    states = _shown_states(can_edit(principal, meeting), circulated)
    return state if states is None or state in states else None


def action_items_visible_to(principal: Principal) -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related("minutes__meeting", "forum", "economy").filter(
        minutes__in=minutes_visible_to(principal).values("pk")
    )


def revisions_of(principal: Principal, minutes: Minutes) -> QuerySet[MinutesRevision]:
    """Every revision to the minutes' editors; to their other readers only the texts that
    were circulated (drafts never circulated stay the editors', whatever the state now)."""
    revisions = minutes.revisions.select_related("saved_by").order_by("-number")
    if can_edit(principal, minutes.meeting):
        return revisions
    return revisions.filter(circulated=True)


def minutes_readers_to_notify(minutes: Minutes) -> QuerySet[Any]:
    """Who hears that minutes are circulated: the meeting's participants and the members
    of its forum, each once."""
    meeting = minutes.meeting
    return (
        get_user_model()
        .objects.filter(
            Q(person__registrations__meeting=meeting)
            & Q(person__registrations__state__in=RegistrationState.attending())
            | Q(person__roles__forum_id=meeting.forum_id)
        )
        .distinct()
    )
