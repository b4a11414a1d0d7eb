"""The API operation that derestricts a text's negotiating record (ADR 0020). Mounted at
/negotiation beside ``api.router``; which reads are the record is decided in ``permissions``."""

from django.http import HttpRequest
from ninja import Router

from secretariat.core.api_auth import write_auth

from . import permissions, services_record
from .schemas import TextOut
from .schemas_closing import RecordDerestrictIn

router = Router(tags=["negotiation"])


@router.post(
    "/texts/{slug}/record/derestrict",
    response=TextOut,
    auth=write_auth,
    operation_id="derestrict_record",
)
def derestrict_record(request: HttpRequest, slug: str, payload: RecordDerestrictIn):
    """Open the text's record (positions and reasons, amendments, the consensus map and
    report, earlier versions and redlines) to everyone who reads the text. The secretariat
    only; the text must be published; there is no way back."""
    text = permissions.access_text(request.user, slug, need="derestrict")
    return services_record.derestrict_record(
        actor=request.user, text=text, decision=payload.decision, version=payload.version
    )
