"""Items other apps propose for a meeting's agenda: read by the members of the meeting's forum,
decided by its chair or the secretariat (``agenda_proposals``)."""

from django.http import HttpRequest
from ninja import Router

from secretariat.core.api_auth import write_auth
from secretariat.core.schemas import IdPath
from secretariat.registry.permissions import principal_for

from . import agenda_proposals
from .schemas import AgendaProposalOut

router = Router(tags=["meetings"])


@router.get(
    "/meetings/{meeting_id}/agenda-proposals",
    response=list[AgendaProposalOut],
    operation_id="list_agenda_proposals",
)
def list_agenda_proposals(request: HttpRequest, meeting_id: IdPath):
    meeting = agenda_proposals.access_meeting_proposals(request.user, meeting_id)
    return agenda_proposals.proposals_visible_to(principal_for(request.user)).filter(
        meeting=meeting
    )


@router.post(
    "/agenda-proposals/{proposal_id}/accept",
    response=AgendaProposalOut,
    auth=write_auth,
    operation_id="accept_agenda_proposal",
)
def accept_agenda_proposal(request: HttpRequest, proposal_id: IdPath):
    """Add the item to the meeting's agenda under the next free number; 409 if already decided."""
    proposal = agenda_proposals.access_proposal(request.user, proposal_id, need="decide")
    return agenda_proposals.accept(actor=request.user, proposal=proposal)


@router.post(
    "/agenda-proposals/{proposal_id}/dismiss",
    response=AgendaProposalOut,
    auth=write_auth,
    operation_id="dismiss_agenda_proposal",
)
def dismiss_agenda_proposal(request: HttpRequest, proposal_id: IdPath):
    proposal = agenda_proposals.access_proposal(request.user, proposal_id, need="decide")
    return agenda_proposals.dismiss(actor=request.user, proposal=proposal)
