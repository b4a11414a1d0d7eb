"""The meetings JSON API. Handlers parse, authorise through ``permissions``, call one
service, and return; visibility and rules live below them."""

import json
from typing import Any, TypeVar

import pydantic
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.errors import NotFound, ValidationFailed
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath, translated_payload
from secretariat.core.text_input import unstorable_reason
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.models import Economy, Forum

from . import permissions, selectors, services
from .models import AgendaItem, Meeting
from .schemas import (
    AgendaItemCreate,
    AgendaItemOut,
    DocumentCreate,
    DocumentDetailOut,
    DocumentFilter,
    DocumentOut,
    DocumentRevisionCreate,
    DocumentUpdate,
    MeetingCreate,
    MeetingDetailOut,
    MeetingFilter,
    MeetingOut,
    MeetingUpdate,
    SeriesCreate,
    SeriesOut,
    SeriesUpdate,
    SessionCreate,
    SessionOut,
)

router = Router(tags=["meetings"])
S = TypeVar("S", bound=Schema)


def _economy(user: Any, field: str, code: str | None) -> Economy | None:
    if not code:
        return None
    return body_reference(field, lambda: registry_permissions.access_economy(user, code))


def _forum(user: Any, field: str, slug: str | None) -> Forum | None:
    if not slug:
        return None
    return body_reference(field, lambda: registry_permissions.access_forum(user, slug))


def _inline_schema(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema with its ``$defs`` inlined, for a hand-written request body."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    return walk(schema)


def _file_body(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    inline = _inline_schema(model)
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": inline},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["payload", "file"],
                        "properties": {
                            "payload": {
                                "type": "string",
                                "description": f"{model.__name__} as JSON",
                            },
                            "file": {"type": "string", "format": "binary"},
                        },
                    }
                },
            },
        }
    }


def _document_input(request: HttpRequest, model: type[S]) -> tuple[S, UploadedFile | None]:
    """A JSON body (link documents), or multipart with ``payload`` (JSON) and ``file``."""
    upload: UploadedFile | None = None
    try:
        if request.content_type == "multipart/form-data":
            raw = request.POST.get("payload", "") or "{}"
            upload = request.FILES.get("file")
        else:
            raw = request.body.decode("utf-8") or "{}"
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise ValidationFailed("The body is not valid JSON.") from None
    reason = unstorable_reason(data)
    if reason:
        raise ValidationFailed(f"The body cannot be stored: {reason}.")
    try:
        return model.model_validate(data), upload
    except pydantic.ValidationError as error:
        errors = {
            ".".join(str(part) for part in item["loc"]) or "__all__": [item["msg"]]
            for item in error.errors()
        }
        raise ValidationFailed(
            "The document's fields are not valid: " + "; ".join(errors), errors=errors
        ) from None


# Series ------------------------------------------------------------------------------------


@router.get("/series", response=list[SeriesOut], operation_id="list_series")
@paginate(Pagination)
def list_series(request: HttpRequest):
    return selectors.series_list()


@router.get("/series/{slug}", response=SeriesOut, operation_id="get_series")
def get_series(request: HttpRequest, slug: str):
    return permissions.access_series(request.user, slug)


@router.post("/series", response={201: SeriesOut}, auth=write_auth, operation_id="create_series")
def create_series(request: HttpRequest, payload: SeriesCreate):
    permissions.require_secretariat(request.user)
    data = payload.model_dump()
    data["name"] = translated_payload(payload.name)
    data["forum"] = _forum(request.user, "forum", payload.forum)
    return 201, services.create_series(actor=request.user, **data)


@router.patch("/series/{slug}", response=SeriesOut, auth=write_auth, operation_id="update_series")
def update_series(request: HttpRequest, slug: str, payload: SeriesUpdate):
    series = permissions.access_series(request.user, slug, need="change")
    return services.update_series(
        actor=request.user,
        series=series,
        version=payload.version,
        **changes_from(payload, "name"),
    )


@router.post(
    "/series/{slug}/meetings",
    response={201: MeetingOut},
    auth=write_auth,
    operation_id="schedule_next_meeting",
)
def schedule_next_meeting(request: HttpRequest, slug: str):
    series = permissions.access_series(request.user, slug, need="schedule")
    return 201, services.schedule_next_meeting(actor=request.user, series=series)


# Meetings ----------------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut], operation_id="list_meetings")
@paginate(Pagination)
def list_meetings(request: HttpRequest, filters: MeetingFilter = Query(...)):  # noqa: B008
    return filters.filter(selectors.meetings_list())


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, operation_id="get_meeting")
def get_meeting(request: HttpRequest, meeting_id: IdPath):
    meeting = permissions.access_meeting(request.user, meeting_id)
    principal = registry_permissions.principal_for(request.user)
    return selectors.meeting_detail(principal).get(pk=meeting.pk)


@router.post(
    "/meetings", response={201: MeetingOut}, auth=write_auth, operation_id="create_meeting"
)
def create_meeting(request: HttpRequest, payload: MeetingCreate):
    permissions.require_secretariat(request.user)
    user = request.user
    data = payload.model_dump()
    data["title"] = translated_payload(payload.title)
    data["forum"] = _forum(user, "forum", payload.forum)
    data["host_economy"] = _economy(user, "host_economy", payload.host_economy)
    chair_id = payload.chair
    data["chair"] = (
        body_reference("chair", lambda: registry_permissions.access_person(user, chair_id))
        if chair_id
        else None
    )
    return 201, services.create_meeting(actor=user, **data)


@router.patch(
    "/meetings/{meeting_id}", response=MeetingOut, auth=write_auth, operation_id="update_meeting"
)
def update_meeting(request: HttpRequest, meeting_id: IdPath, payload: MeetingUpdate):
    meeting = permissions.access_meeting(request.user, meeting_id, need="change")
    return services.update_meeting(
        actor=request.user,
        meeting=meeting,
        version=payload.version,
        **changes_from(payload, "title"),
    )


@router.post(
    "/meetings/{meeting_id}/sessions",
    response={201: SessionOut},
    auth=write_auth,
    operation_id="create_session",
)
def create_session(request: HttpRequest, meeting_id: IdPath, payload: SessionCreate):
    meeting = permissions.access_meeting(request.user, meeting_id, need="change")
    return 201, services.add_session(
        actor=request.user,
        meeting=meeting,
        title=translated_payload(payload.title) or {},
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        room=payload.room,
    )


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut},
    auth=write_auth,
    operation_id="create_agenda_item",
)
def create_agenda_item(request: HttpRequest, meeting_id: IdPath, payload: AgendaItemCreate):
    meeting = permissions.access_meeting(request.user, meeting_id, need="change")
    session_id = payload.session
    session = (
        body_reference("session", lambda: _session_of(meeting, session_id)) if session_id else None
    )
    return 201, services.add_agenda_item(
        actor=request.user,
        meeting=meeting,
        number=payload.number,
        title=translated_payload(payload.title) or {},
        session=session,
        co_owners=body_reference("co_owners", lambda: _fora(payload.co_owners)),
    )


def _fora(slugs: list[str]) -> list[Forum]:
    found = {forum.slug: forum for forum in Forum.objects.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(found))
    if missing:
        raise NotFound(f"No forum matches slug={', '.join(missing)}.")
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _session_of(meeting: Meeting, session_id: int) -> Any:
    session = meeting.sessions.filter(pk=session_id).first()
    if session is None:
        raise NotFound(f"No session {session_id} in this meeting.")
    return session


def _agenda_item_of(meeting: Meeting, number: str) -> AgendaItem:
    item = meeting.agenda_items.filter(number=number).first()
    if item is None:
        raise NotFound(f"No agenda item {number} in this meeting.")
    return item


# Documents ---------------------------------------------------------------------------------


@router.get("/documents", response=list[DocumentOut], operation_id="list_documents")
@paginate(Pagination)
def list_documents(request: HttpRequest, filters: DocumentFilter = Query(...)):  # noqa: B008
    principal = registry_permissions.principal_for(request.user)
    return filters.filter(selectors.documents_visible_to(principal))


@router.get("/documents/{document_id}", response=DocumentDetailOut, operation_id="get_document")
def get_document(request: HttpRequest, document_id: IdPath):
    return permissions.access_document(request.user, document_id)


@router.post(
    "/meetings/{meeting_id}/documents",
    response={201: DocumentOut},
    auth=write_auth,
    operation_id="submit_document",
    openapi_extra=_file_body(DocumentCreate),
)
def submit_document(request: HttpRequest, meeting_id: IdPath):
    """A link document as JSON, or a file as multipart (``payload`` JSON + ``file``).
    The file's type is decided by its content: 415 for anything but PDF, DOCX, XLSX, PPTX."""
    meeting = permissions.access_meeting(request.user, meeting_id, need="submit")
    payload, upload = _document_input(request, DocumentCreate)
    user = request.user
    item_number = payload.agenda_item
    economy = _economy(user, "submitted_by_economy", payload.submitted_by_economy)
    submitting_forum = _forum(user, "submitted_by_forum", payload.submitted_by_forum)
    permissions.check_submitted_by(user, economy, submitting_forum)
    return 201, services.submit_document(
        actor=user,
        meeting=meeting,
        title=translated_payload(payload.title) or {},
        purpose=payload.purpose,
        classification=payload.classification,
        forum=_forum(user, "forum", payload.forum),
        agenda_item=(
            body_reference("agenda_item", lambda: _agenda_item_of(meeting, item_number))
            if item_number
            else None
        ),
        submitted_by_economy=economy,
        submitted_by_forum=submitting_forum,
        derestrict_on=payload.derestrict_on,
        link=payload.link,
        upload=upload,
    )


@router.post(
    "/documents/{document_id}/revisions",
    response={201: DocumentOut},
    auth=write_auth,
    operation_id="revise_document",
    openapi_extra=_file_body(DocumentRevisionCreate),
)
def revise_document(request: HttpRequest, document_id: IdPath):
    document = permissions.access_document(request.user, document_id, need="revise")
    payload, upload = _document_input(request, DocumentRevisionCreate)
    return 201, services.revise_document(
        actor=request.user,
        document=document,
        title=translated_payload(payload.title),
        link=payload.link,
        upload=upload,
    )


@router.patch(
    "/documents/{document_id}",
    response=DocumentOut,
    auth=write_auth,
    operation_id="update_document",
)
def update_document(request: HttpRequest, document_id: IdPath, payload: DocumentUpdate):
    document = permissions.access_document(request.user, document_id, need="change")
    return services.update_document(
        actor=request.user,
        document=document,
        version=payload.version,
        **changes_from(payload, "title"),
    )
