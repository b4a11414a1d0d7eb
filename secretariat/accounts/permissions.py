from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible

from .models import ApiToken


def require_signed_in(user: Any) -> Any:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Sign in to manage your account."))
    return user


def require_session(request: Any) -> None:
    """New tokens come from a signed-in person, never from another token: otherwise a short
    token could mint itself a long one."""
    if getattr(request, "api_token", None) is not None:
        raise PermissionDenied(_("API tokens cannot issue API tokens; sign in to create one."))


def access_token(user: Any, token_id: int) -> ApiToken:
    """A token of the user's own; anyone else's is reported as missing."""
    require_signed_in(user)
    return get_visible(ApiToken.objects.filter(user=user), "API token", pk=token_id)
