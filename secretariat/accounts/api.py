from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import IdPath
from secretariat.registry.models import Economy, Forum
from secretariat.registry.permissions import principal_for

from . import permissions, services
from .models import ApiToken
from .schemas import MeOut, TokenCreate, TokenIssuedOut, TokenOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, operation_id="get_me")
def me(request: HttpRequest):
    principal = principal_for(request.user)
    return MeOut(
        username=request.user.get_username() if principal.is_authenticated else "",
        is_authenticated=principal.is_authenticated,
        is_secretariat=principal.is_secretariat,
        person=principal.person_id,
        economies=sorted(
            Economy.objects.filter(pk__in=principal.economy_ids).values_list("code", flat=True)
        ),
        forums=sorted(
            Forum.objects.filter(pk__in=principal.forum_ids).values_list("slug", flat=True)
        ),
    )


@router.get("/tokens", response=list[TokenOut], operation_id="list_tokens")
@paginate(Pagination)
def list_tokens(request: HttpRequest):
    user = permissions.require_signed_in(request.user)
    return ApiToken.objects.filter(user=user)


@router.post("/tokens", response={201: TokenIssuedOut}, auth=write_auth, operation_id="issue_token")
def issue_token(request: HttpRequest, payload: TokenCreate):
    user = permissions.require_signed_in(request.user)
    permissions.require_session(request)
    issued = services.issue_api_token(
        actor=user,
        name=payload.name,
        scopes=[str(scope) for scope in payload.scopes],
        expires_in_days=payload.expires_in_days,
    )
    return 201, TokenIssuedOut(**TokenOut.from_orm(issued.token).model_dump(), key=issued.key)


@router.delete(
    "/tokens/{token_id}", response={204: None}, auth=write_auth, operation_id="revoke_token"
)
def revoke_token(request: HttpRequest, token_id: IdPath):
    token = permissions.access_token(request.user, token_id)
    services.revoke_api_token(actor=token.user, token=token)
    return 204, None
