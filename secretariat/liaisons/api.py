"""The liaison statements' JSON API. Reads follow the pages' rules exactly (drafts and
restricted statements included); handlers parse, authorise through ``permissions``, call
one service, and return."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference, changes_from
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath, translated_payload
from secretariat.meetings.permissions import access_document
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .models import LiaisonStatement
from .schemas import (
    LiaisonAttachmentCreate,
    LiaisonFilter,
    LiaisonStatementCreate,
    LiaisonStatementOut,
    LiaisonStatementUpdate,
    LiaisonTransition,
)

router = Router(tags=["liaisons"])


def _detailed(request: HttpRequest, statement: LiaisonStatement) -> LiaisonStatement:
    """The statement again, with its annotations and the attachments the caller sees."""
    principal = principal_for(request.user)
    return selectors.with_detail(selectors.statements_visible_to(principal), principal).get(
        pk=statement.pk
    )


@router.get("/statements", response=list[LiaisonStatementOut], operation_id="list_liaisons")
@paginate(Pagination)
def list_liaisons(request: HttpRequest, filters: LiaisonFilter = Query(...)):  # noqa: B008
    """The statements the caller may see, newest first; ``overdue`` flags those for action
    whose deadline passed without a response."""
    principal = principal_for(request.user)
    statements = selectors.with_detail(selectors.statements_visible_to(principal), principal)
    return filters.filter(statements)


@router.get("/statements/{statement_id}", response=LiaisonStatementOut, operation_id="get_liaison")
def get_liaison(request: HttpRequest, statement_id: IdPath):
    return _detailed(request, permissions.access_statement(request.user, statement_id))


@router.post(
    "/statements",
    response={201: LiaisonStatementOut},
    auth=write_auth,
    operation_id="create_liaison",
)
def create_liaison(request: HttpRequest, payload: LiaisonStatementCreate):
    """A draft statement of ``forum`` (its officers or the secretariat). With
    ``in_response_to``, the response's direction and counterpart follow from it."""
    user = request.user
    permissions.require_signed_in(user)
    forum = body_reference("forum", lambda: registry_permissions.access_forum(user, payload.forum))
    permissions.require_writer(user, forum)
    data: dict[str, Any] = payload.model_dump()
    data.update(
        forum=forum,
        title=translated_payload(payload.title),
        body=translated_payload(payload.body),
        counterpart_forum=None,
        counterpart_organisation=None,
        in_response_to=None,
    )
    if payload.counterpart_forum:
        slug = payload.counterpart_forum
        data["counterpart_forum"] = body_reference(
            "counterpart_forum", lambda: registry_permissions.access_forum(user, slug)
        )
    if payload.counterpart_organisation:
        slug_org = payload.counterpart_organisation
        data["counterpart_organisation"] = body_reference(
            "counterpart_organisation",
            lambda: registry_permissions.access_organisation(user, slug_org),
        )
    if payload.in_response_to:
        answered = payload.in_response_to
        data["in_response_to"] = body_reference(
            "in_response_to", lambda: permissions.access_statement(user, answered)
        )
    created = services.create_statement(actor=user, **data)
    return 201, _detailed(request, created)


@router.patch(
    "/statements/{statement_id}",
    response=LiaisonStatementOut,
    auth=write_auth,
    operation_id="update_liaison",
)
def update_liaison(request: HttpRequest, statement_id: IdPath, payload: LiaisonStatementUpdate):
    statement = permissions.access_statement(request.user, statement_id, need="write")
    changes = changes_from(payload, "title")
    if "body" in changes:
        changes["body"] = translated_payload(payload.body)
    updated = services.update_statement(
        actor=request.user, statement=statement, version=payload.version, **changes
    )
    return _detailed(request, updated)


@router.post(
    "/statements/{statement_id}/transitions",
    response=LiaisonStatementOut,
    auth=write_auth,
    operation_id="change_liaison_state",
)
def change_liaison_state(request: HttpRequest, statement_id: IdPath, payload: LiaisonTransition):
    """draft → sent (outgoing) or received (incoming), or draft → withdrawn."""
    statement = permissions.access_statement(request.user, statement_id, need="write")
    moved = services.change_state(
        actor=request.user,
        statement=statement,
        version=payload.version,
        state=payload.state,
        on=payload.on,
    )
    return _detailed(request, moved)


@router.post(
    "/statements/{statement_id}/attachments",
    response={201: LiaisonStatementOut},
    auth=write_auth,
    operation_id="attach_liaison_document",
)
def attach_liaison_document(
    request: HttpRequest, statement_id: IdPath, payload: LiaisonAttachmentCreate
):
    statement = permissions.access_statement(request.user, statement_id, need="write")
    document = body_reference("document", lambda: access_document(request.user, payload.document))
    services.attach_document(actor=request.user, statement=statement, document=document)
    return 201, _detailed(request, statement)


@router.delete(
    "/statements/{statement_id}/attachments/{document_id}",
    response=LiaisonStatementOut,
    auth=write_auth,
    operation_id="detach_liaison_document",
)
def detach_liaison_document(request: HttpRequest, statement_id: IdPath, document_id: IdPath):
    statement = permissions.access_statement(request.user, statement_id, need="write")
    document = access_document(request.user, document_id)
    services.detach_document(actor=request.user, statement=statement, document=document)
    return _detailed(request, statement)
