"""The negotiation API. Handlers parse, authorise through ``permissions``, call one service."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference
from secretariat.core.errors import NotFound
from secretariat.core.pagination import Pagination
from secretariat.core.permissions import get_visible
from secretariat.core.schemas import IdPath, translated_payload
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.models import Delegation
from secretariat.registry.permissions import principal_for

from . import map_cache, permissions, provenance, selectors, services, services_closing
from .exports import akn
from .schemas import (
    AmendmentCreate,
    AmendmentMove,
    AmendmentOut,
    ConsensusMapOut,
    PositionIn,
    PositionOut,
    TextCreate,
    TextDetailOut,
    TextOut,
    VersionCreate,
    VersionOut,
    position_out,
    version_out,
)
from .schemas_closing import (
    AdoptIn,
    ConsensusReportOut,
    SilenceBreakIn,
    SilenceOut,
    SilenceStartIn,
    TextVersionIn,
    silence_out,
)

router = Router(tags=["negotiation"])


@router.get("/texts", response=list[TextOut], operation_id="list_texts")
@paginate(Pagination)
def list_texts(request: HttpRequest):
    return selectors.texts_visible_to(principal_for(request.user))


@router.post("/texts", response={201: TextOut}, auth=write_auth, operation_id="create_text")
def create_text(request: HttpRequest, payload: TextCreate):
    registry_permissions.require_secretariat(request.user)
    forum = body_reference(
        "forum", lambda: registry_permissions.access_forum(request.user, payload.forum)
    )
    data = payload.model_dump(exclude={"forum", "title", "paragraphs"})
    return 201, services.create_text(
        actor=request.user,
        forum=forum,
        title=translated_payload(payload.title) or {},
        paragraphs=[p.model_dump() for p in payload.paragraphs],
        **data,
    )


@router.get("/texts/{slug}", response=TextDetailOut, operation_id="get_text")
def get_text(request: HttpRequest, slug: str):
    return permissions.access_text(request.user, slug)


@router.get("/texts/{slug}/versions/{number}", response=VersionOut, operation_id="get_text_version")
def get_text_version(request: HttpRequest, slug: str, number: IdPath):
    text = permissions.access_text(request.user, slug)
    versions = permissions.readable_versions(request.user, text)
    version = get_visible(versions, "version", number=number)
    sources = provenance.version_sources_visible_to(principal_for(request.user), text, version)
    return version_out(version, sources)


@router.get(
    "/texts/{slug}/versions/{number}/akn",
    response={200: str},
    operation_id="export_version_akn",
    openapi_extra={
        "responses": {
            200: {"description": "Akoma Ntoso 3.0 XML", "content": {"application/akn+xml": {}}}
        }
    },
)
def export_version_akn(request: HttpRequest, slug: str, number: IdPath):
    text = permissions.access_text(request.user, slug)
    versions = permissions.readable_versions(request.user, text)
    version = get_visible(versions, "version", number=number)
    outcome_only = not permissions.may_see_record(principal_for(request.user), text)
    return HttpResponse(
        akn.render_akn(text, version, outcome_only=outcome_only),
        content_type="application/akn+xml",
    )


@router.post(
    "/texts/{slug}/versions",
    response={201: VersionOut},
    auth=write_auth,
    operation_id="publish_version",
)
def publish_version(request: HttpRequest, slug: str, payload: VersionCreate):
    text = permissions.access_text(request.user, slug, need="chair")
    version = services.publish_version(
        actor=request.user,
        text=text,
        kind=payload.kind,
        based_on=payload.based_on,
        note=payload.note,
        paragraphs=[p.model_dump() for p in payload.paragraphs],
        deleted_by_amendments=payload.deleted_by_amendments,
    )
    sources = provenance.version_sources_visible_to(principal_for(request.user), text, version)
    return 201, version_out(version, sources)


@router.get("/texts/{slug}/map", response=ConsensusMapOut, operation_id="get_consensus_map")
def get_consensus_map(request: HttpRequest, slug: str):
    text = permissions.access_text(request.user, slug, need="record")
    return HttpResponse(
        map_cache.cached_map_json(text),
        content_type="application/json",
    )


@router.post(
    "/texts/{slug}/positions",
    response={201: PositionOut},
    auth=write_auth,
    operation_id="state_position",
)
def state_position(request: HttpRequest, slug: str, payload: PositionIn):
    text = permissions.access_text(request.user, slug)
    delegation = permissions.delegation_stating_positions(request.user, text)
    position = services.state_position(
        actor=request.user, text=text, delegation=delegation, **payload.model_dump()
    )
    return 201, position_out(position, payload.eid)


@router.get(
    "/texts/{slug}/paragraphs/{eid}/positions",
    response=list[PositionOut],
    operation_id="list_paragraph_positions",
)
def list_paragraph_positions(request: HttpRequest, slug: str, eid: str):
    """Every position stated on the paragraph, newest first; ``current`` marks the live ones
    and ``stale`` those that answered an earlier wording."""
    text = permissions.access_text(request.user, slug, need="record")
    dossier = selectors.paragraph_dossier(principal_for(request.user), text, eid)
    if dossier is None:
        raise NotFound(_("The current version has no paragraph %(eid)s.") % {"eid": eid})
    content_hash = dossier.row.paragraph.content_hash
    return [
        position_out(position, eid) | {"stale": position.wording_hash != content_hash}
        for position in dossier.positions
    ]


@router.get("/texts/{slug}/amendments", response=list[AmendmentOut], operation_id="list_amendments")
@paginate(Pagination)
def list_amendments(request: HttpRequest, slug: str):
    text = permissions.access_text(request.user, slug, need="record")
    return selectors.amendments_visible_to(principal_for(request.user), text)


@router.post(
    "/texts/{slug}/amendments",
    response={201: AmendmentOut},
    auth=write_auth,
    operation_id="propose_amendment",
)
def propose_amendment(request: HttpRequest, slug: str, payload: AmendmentCreate):
    text = permissions.access_text(request.user, slug)
    delegation = permissions.delegation_proposing(request.user, text)
    sponsors = list(
        Delegation.objects.filter(forum=text.forum, economy__code__in=payload.co_sponsors)
    )
    return 201, services.propose_amendment(
        actor=request.user,
        text=text,
        delegation=delegation,
        co_sponsors=sponsors,
        **payload.model_dump(exclude={"co_sponsors"}),
    )


@router.post(
    "/amendments/{amendment_id}/state",
    response=AmendmentOut,
    auth=write_auth,
    operation_id="move_amendment",
)
def move_amendment(request: HttpRequest, amendment_id: IdPath, payload: AmendmentMove):
    amendment = permissions.access_amendment(request.user, amendment_id, to_state=payload.state)
    return services.move_amendment(
        actor=request.user, amendment=amendment, to_state=payload.state, version=payload.version
    )


@router.post("/texts/{slug}/adopt", response=TextOut, auth=write_auth, operation_id="adopt_text")
def adopt_text(request: HttpRequest, slug: str, payload: AdoptIn):
    text = permissions.access_text(request.user, slug, need="chair")
    return services.adopt_text(
        actor=request.user, text=text, version=payload.version, publish=payload.publish
    )


@router.get("/texts/{slug}/report", response=ConsensusReportOut, operation_id="consensus_report")
def consensus_report(request: HttpRequest, slug: str):
    text = permissions.access_text(request.user, slug, need="record")
    return selectors.report_for(text)


@router.get("/texts/{slug}/silence", response=list[SilenceOut], operation_id="list_silence")
def list_silence(request: HttpRequest, slug: str):
    """The text's silence procedures with each break and its reason: the record."""
    text = permissions.access_text(request.user, slug, need="record")
    return [silence_out(procedure) for procedure in selectors.silence_procedures(text)]


@router.post(
    "/texts/{slug}/silence",
    response={201: SilenceOut},
    auth=write_auth,
    operation_id="start_silence",
)
def start_silence(request: HttpRequest, slug: str, payload: SilenceStartIn):
    text = permissions.access_text(request.user, slug, need="chair")
    procedure = services_closing.start_silence(
        actor=request.user, text=text, deadline=payload.deadline, version=payload.version
    )
    return 201, silence_out(procedure)


@router.post(
    "/texts/{slug}/silence/break",
    response={201: SilenceOut},
    auth=write_auth,
    operation_id="break_silence",
)
def break_silence(request: HttpRequest, slug: str, payload: SilenceBreakIn):
    text = permissions.access_text(request.user, slug)
    delegation = permissions.delegation_stating_positions(request.user, text)
    silence_break = services_closing.break_silence(
        actor=request.user, text=text, delegation=delegation, reason=payload.reason
    )
    return 201, silence_out(selectors.silence_procedures(text).get(pk=silence_break.procedure_id))


@router.post(
    "/texts/{slug}/silence/withdraw",
    response=SilenceOut,
    auth=write_auth,
    operation_id="withdraw_silence",
)
def withdraw_silence(request: HttpRequest, slug: str, payload: TextVersionIn):
    text = permissions.access_text(request.user, slug, need="chair")
    procedure = services_closing.withdraw_silence(
        actor=request.user, text=text, version=payload.version
    )
    return silence_out(selectors.silence_procedures(text).get(pk=procedure.pk))


@router.post(
    "/texts/{slug}/chairs-statement",
    response=TextOut,
    auth=write_auth,
    operation_id="issue_as_chairs_statement",
)
def issue_as_chairs_statement(request: HttpRequest, slug: str, payload: TextVersionIn):
    text = permissions.access_text(request.user, slug, need="chair")
    return services_closing.issue_as_chairs_statement(
        actor=request.user, text=text, version=payload.version
    )
