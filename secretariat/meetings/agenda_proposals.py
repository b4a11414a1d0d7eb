"""Items other apps propose for a forum's next meeting (an overdue project milestone, a
commitment past its target date), and the chair's decision on each.

The proposing app calls ``propose``; the chair of the meeting's forum or the secretariat
accepts (an agenda item is added under the next free number) or dismisses. Proposals are read
by the members of the meeting's forum and the secretariat: what raised them may be restricted
to that forum (an unapproved project), so they are never public."""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, NotAuthenticated, NotFound
from secretariat.core.i18n import resolve, translations
from secretariat.core.permissions import require
from secretariat.notifications import services as notifications
from secretariat.notifications.choices import Topic
from secretariat.registry.choices import RoleKind
from secretariat.registry.models import Forum, Person
from secretariat.registry.permissions import Principal, principal_for

from . import cache, selectors, services
from .choices import MeetingStatus
from .models import AgendaProposal, Meeting

State = AgendaProposal.State


# Reads and rules -----------------------------------------------------------------------------


def next_meeting_of(forum: Forum, today: date) -> Meeting | None:
    """The forum's first meeting from ``today`` on that is not cancelled."""
    return (
        selectors.meetings_list()
        .filter(forum=forum, start_date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start_date", "pk")
        .first()
    )


def proposals_visible_to(principal: Principal) -> QuerySet[AgendaProposal]:
    proposals = AgendaProposal.objects.select_related("meeting", "agenda_item")
    if principal.is_secretariat:
        return proposals
    return proposals.filter(meeting__forum_id__in=principal.forum_ids)


def may_decide(principal: Principal, meeting: Meeting) -> bool:
    """The secretariat and the chair of the meeting's forum set its agenda."""
    return principal.is_secretariat or any(
        role.forum_id == meeting.forum_id and role.kind == RoleKind.CHAIR
        for role in principal.roles
    )


def access_meeting_proposals(user: Any, meeting_id: int) -> Meeting:
    """A meeting whose proposals the user may read: 404 alike for a missing meeting and one
    whose forum is not theirs."""
    principal = _signed_in(user)
    meeting = selectors.meetings_list().filter(pk=meeting_id).first()
    if meeting is None or not (principal.is_secretariat or meeting.forum_id in principal.forum_ids):
        raise NotFound(f"No agenda proposals for meeting {meeting_id} that you may see.")
    return meeting


def access_proposal(user: Any, proposal_id: int, need: str = "read") -> AgendaProposal:
    """``need``: read (members of the meeting's forum, the secretariat) or decide (its chair,
    the secretariat)."""
    principal = _signed_in(user)
    proposal = proposals_visible_to(principal).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound(f"No agenda proposal matches id={proposal_id}.")
    if need == "decide":
        require(
            may_decide(principal, proposal.meeting),
            _("Only the chair of the meeting's forum or the secretariat sets its agenda."),
        )
    return proposal


def _signed_in(user: Any) -> Principal:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to see proposed agenda items."))
    return principal


# Writes --------------------------------------------------------------------------------------


def propose(
    *,
    actor: Any,
    forum: Forum,
    title: dict[str, str],
    reason: dict[str, str],
    source_key: str,
    source_url: str,
    today: date | None = None,
) -> AgendaProposal | None:
    """Propose an item for ``forum``'s next meeting; None when it has none scheduled. Once per
    meeting and ``source_key``: proposing again returns the existing proposal, whatever the
    chair decided, so a dismissed item is not raised again for the same meeting."""
    meeting = next_meeting_of(forum, today or timezone.localdate())
    if meeting is None:
        return None
    with transaction.atomic():
        proposal, created = AgendaProposal.objects.get_or_create(
            meeting=meeting,
            source_key=source_key,
            defaults={
                "title": _translated(title),
                "reason": _translated(reason),
                "source_url": source_url,
            },
        )
        if created:
            audit.record(
                actor=actor,
                action="meetings.agenda_proposal.proposed",
                obj=proposal,
                # What raised it may be restricted to the forum: the log keeps no wording.
                changes={
                    "meeting": str(meeting),
                    "source": source_key,
                    "title": audit.private_digest(title),
                },
            )
            _tell_the_chairs(meeting, proposal)
    return proposal


def _translated(texts: dict[str, str]) -> dict:
    """``{"en": "…", "ko": "…"}`` as a translated field stores it, English the original (the
    proposing apps write their reasons from templates in each language)."""
    original = "en" if "en" in texts else next(iter(texts), "en")
    return translations(original, **{code.replace("-", "_"): text for code, text in texts.items()})


def accept(*, actor: Any, proposal: AgendaProposal) -> AgendaProposal:
    """Add the proposal to its meeting's agenda under the next free number."""
    with transaction.atomic():
        proposal = _still_proposed(proposal)
        meeting = Meeting.objects.select_for_update().get(pk=proposal.meeting_id)
        item = services.add_agenda_item(
            actor=actor,
            meeting=meeting,
            number=_next_number(meeting),
            title=proposal.title,
        )
        _decide(actor, proposal, State.ACCEPTED, agenda_item=item)
    return proposal


def dismiss(*, actor: Any, proposal: AgendaProposal) -> AgendaProposal:
    with transaction.atomic():
        proposal = _still_proposed(proposal)
        _decide(actor, proposal, State.DISMISSED)
    return proposal


def _still_proposed(proposal: AgendaProposal) -> AgendaProposal:
    """The proposal locked; 409 when someone decided it meanwhile (two chairs, two tabs)."""
    locked = AgendaProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != State.PROPOSED:
        raise Conflict(
            _("This item was already %(state)s.") % {"state": locked.get_state_display()},
            current={"state": locked.state},
        )
    return locked


def _decide(actor: Any, proposal: AgendaProposal, state: str, agenda_item: Any = None) -> None:
    proposal.state = state
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.agenda_item = agenda_item
    proposal.save(update_fields=["state", "decided_by", "decided_at", "agenda_item"])
    audit.record(
        actor=actor,
        action=f"meetings.agenda_proposal.{state}",
        obj=proposal,
        changes={"state": state, "agenda_item": agenda_item.number if agenda_item else None},
    )
    cache.touch(proposal.meeting_id)


def _next_number(meeting: Meeting) -> str:
    numbers = [int(n) for n in meeting.agenda_items.values_list("number", flat=True) if n.isdigit()]
    return str(max(numbers, default=0) + 1)


def _tell_the_chairs(meeting: Meeting, proposal: AgendaProposal) -> None:
    chairs = Person.objects.filter(
        roles__forum_id=meeting.forum_id, roles__kind=RoleKind.CHAIR, user__isnull=False
    ).select_related("user")
    notifications.notify(
        recipients=[person.user for person in chairs],
        topic=Topic.AGENDA_PROPOSAL,
        subject=_("Proposed for the agenda of %(meeting)s") % {"meeting": meeting},
        body=resolve(proposal.title, "en").text,
        link=reverse("meetings:agenda_proposals", args=[meeting.pk]),
        dedupe_key=f"agenda-proposal:{proposal.pk}",
    )
