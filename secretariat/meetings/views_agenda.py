"""The items other apps propose for a meeting's agenda, and the chair's decision on each."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict
from secretariat.registry.permissions import principal_for

from . import agenda_proposals


def proposals(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = agenda_proposals.access_meeting_proposals(request.user, meeting_id)
    principal = principal_for(request.user)
    return render(
        request,
        "meetings/agenda_proposals.html",
        {
            "meeting": meeting,
            "proposals": agenda_proposals.proposals_visible_to(principal).filter(meeting=meeting),
            "may_decide": agenda_proposals.may_decide(principal, meeting),
        },
    )


@require_POST
def accept(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _decide(request, proposal_id, agenda_proposals.accept, _("Added to the agenda."))


@require_POST
def dismiss(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _decide(request, proposal_id, agenda_proposals.dismiss, _("Dismissed."))


def _decide(request: HttpRequest, proposal_id: int, decision, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    proposal = agenda_proposals.access_proposal(request.user, proposal_id, need="decide")
    try:
        decision(actor=request.user, proposal=proposal)
        messages.success(request, done)
    except Conflict as error:
        messages.error(request, error.detail)
    return redirect("meetings:agenda_proposals", meeting_id=proposal.meeting_id)
