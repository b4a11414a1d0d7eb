"""The comments JSON API: the same rules and messages as the pages. Handlers authorise
through ``permissions``, call one service, and return."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.errors import NotAuthenticated
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .choices import TargetKind
from .schemas import (
    CommentCreate,
    CommentOut,
    CommentSettingsOut,
    CommentSettingsUpdate,
    ErasedOut,
    ModerationIn,
    ReactionCreate,
    ReactionOut,
    ReaderDataOut,
    ReportCreate,
    ReportOut,
)
from .views import client_address

router = Router(tags=["comments"])


@router.get(
    "/targets/{kind}/{target_id}",
    response=list[CommentOut],
    operation_id="list_comments",
)
@paginate(Pagination)
def list_comments(request: HttpRequest, kind: TargetKind, target_id: IdPath):
    """Newest first. Pending and hidden comments only for the secretariat (and their author)."""
    target = permissions.access_target(request.user, kind, target_id)
    return (
        selectors.comments_visible_to(principal_for(request.user), target)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


@router.post(
    "/targets/{kind}/{target_id}",
    response={201: CommentOut},
    auth=write_auth,
    operation_id="post_comment",
)
def post_comment(request: HttpRequest, kind: TargetKind, target_id: IdPath, payload: CommentCreate):
    """Plain text, at most 300 characters; pending where the target is pre-moderated."""
    target = permissions.access_target(request.user, kind, target_id, need="write")
    return 201, services.post_comment(
        actor=request.user,
        target=target,
        body=payload.body,
        language=payload.language or "",
        address=client_address(request),
    )


@router.get(
    "/targets/{kind}/{target_id}/settings",
    response=CommentSettingsOut,
    operation_id="get_comment_settings",
)
def get_comment_settings(request: HttpRequest, kind: TargetKind, target_id: IdPath):
    target = permissions.access_target(request.user, kind, target_id)
    return selectors.settings_for(target)


@router.put(
    "/targets/{kind}/{target_id}/settings",
    response=CommentSettingsOut,
    auth=write_auth,
    operation_id="update_comment_settings",
)
def update_comment_settings(
    request: HttpRequest, kind: TargetKind, target_id: IdPath, payload: CommentSettingsUpdate
):
    """The secretariat: open or close, pre-moderate, allow links."""
    target = permissions.access_target(request.user, kind, target_id, need="moderate")
    return services.configure_target(actor=request.user, target=target, **payload.model_dump())


@router.delete(
    "/items/{comment_id}", response={204: None}, auth=write_auth, operation_id="delete_comment"
)
def delete_comment(request: HttpRequest, comment_id: IdPath):
    """Its author deletes a comment."""
    comment = permissions.access_comment(request.user, comment_id, need="delete")
    services.delete_comment(actor=request.user, comment=comment)
    return 204, None


@router.post(
    "/items/{comment_id}/reactions",
    response={201: ReactionOut},
    auth=write_auth,
    operation_id="react_to_comment",
)
def react_to_comment(request: HttpRequest, comment_id: IdPath, payload: ReactionCreate):
    """One reaction per reader per comment: a second one is 409 ``already-participated``."""
    comment = permissions.access_comment(request.user, comment_id, need="react")
    services.react(
        actor=request.user, comment=comment, kind=payload.kind, address=client_address(request)
    )
    return 201, {"comment": comment.pk, "kind": payload.kind}


@router.post(
    "/items/{comment_id}/reports",
    response={201: ReportOut},
    auth=write_auth,
    operation_id="report_comment",
)
def report_comment(request: HttpRequest, comment_id: IdPath, payload: ReportCreate):
    comment = permissions.access_comment(request.user, comment_id, need="report")
    services.report_comment(
        actor=request.user,
        comment=comment,
        reason=payload.reason,
        note=payload.note,
        address=client_address(request),
    )
    return 201, {"comment": comment.pk, "reason": payload.reason}


@router.post(
    "/items/{comment_id}/moderation",
    response=CommentOut,
    auth=write_auth,
    operation_id="moderate_comment",
)
def moderate_comment(request: HttpRequest, comment_id: IdPath, payload: ModerationIn):
    """The secretariat hides a comment (with a reason) or restores it."""
    comment = permissions.access_comment(request.user, comment_id, need="moderate")
    if payload.action == "hide":
        return services.hide_comment(actor=request.user, comment=comment, reason=payload.reason)
    return services.restore_comment(actor=request.user, comment=comment)


@router.get("/moderation", response=list[CommentOut], operation_id="list_moderation_queue")
@paginate(Pagination)
def list_moderation_queue(request: HttpRequest):
    """The secretariat: pending, reported and hidden comments."""
    if not request.user.is_authenticated:
        raise NotAuthenticated("Sign in to moderate.")
    permissions.require_moderator(request.user)
    return selectors.moderation_queue()


@router.get("/my-data", response=ReaderDataOut, operation_id="export_my_comment_data")
def export_my_comment_data(request: HttpRequest):
    """Your own comments, reactions and reports."""
    if not request.user.is_authenticated:
        raise NotAuthenticated("Sign in to export your data.")
    return services.export_reader_data(actor=request.user)


@router.delete(
    "/my-data", response=ErasedOut, auth=write_auth, operation_id="delete_my_comment_data"
)
def delete_my_comment_data(request: HttpRequest):
    """Delete your own comments, reactions and reports."""
    return services.delete_reader_data(actor=request.user)
