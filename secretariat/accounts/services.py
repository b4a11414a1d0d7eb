"""Account actions: API tokens (issue, revoke, authenticate)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed

from .choices import ApiScope
from .models import ApiToken, User

TOKEN_PREFIX = "sct_"
MAX_TOKEN_LIFETIME = timedelta(days=366)


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def issue_api_token(
    *, actor: User, name: str, scopes: list[str], expires_in_days: int
) -> IssuedToken:
    """Create a token for ``actor``; the clear key is returned once and never stored."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Give the token a name so you can recognise it later."]
    unknown = sorted(set(scopes) - set(ApiScope.values))
    if not scopes or unknown:
        errors["scopes"] = [f"Scopes must be a non-empty subset of {sorted(ApiScope.values)}."]
    if not 1 <= expires_in_days <= MAX_TOKEN_LIFETIME.days:
        errors["expires_in_days"] = [f"Expiry must be 1 to {MAX_TOKEN_LIFETIME.days} days."]
    if errors:
        raise ValidationFailed("The token request is not valid.", errors=errors)
    prefix = secrets.token_hex(4)
    key = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name[:100],
            prefix=prefix,
            key_hash=_hash_key(key),
            scopes=sorted(set(scopes)),
            expires_at=timezone.now() + timedelta(days=expires_in_days),
        )
        audit.record(
            actor=actor,
            action="accounts.token.issued",
            obj=token,
            changes={"name": token.name, "scopes": token.scopes, "expires_at": token.expires_at},
        )
    return IssuedToken(token=token, key=key)


def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=actor, action="accounts.token.revoked", obj=token)
    return token


def record_account_event(*, user: Any, action: str, changes: dict[str, Any]) -> None:
    """Audit a security change made inside allauth (password, second factor, e-mail)."""
    if user is None or user.pk is None:
        return
    with transaction.atomic():
        audit.record(actor=user, action=action, obj=user, changes=changes)


def check_two_factor_rule(user: User) -> None:
    """Roles that must sign in with two factors cannot act through a token until they do."""
    from secretariat.registry.permissions import principal_for

    from .two_factor import has_totp

    if principal_for(user).must_use_two_factor and not has_totp(user):
        raise PermissionDenied(
            "Your role requires two-factor authentication: set up an "
            "authenticator app on your account page before using the API."
        )


def authenticate_api_key(key: str) -> ApiToken:
    """The usable token for ``key``, or NotAuthenticated saying why not."""
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=_hash_key(key)).first()
        if key.startswith(TOKEN_PREFIX)
        else None
    )
    if token is None or not token.user.is_active:
        raise NotAuthenticated(_("The API token is not valid."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise NotAuthenticated(_("The API token has been revoked."))
    if token.expires_at <= now:
        raise NotAuthenticated(_("The API token has expired."))
    # Once a minute is precise enough and keeps reads from writing on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
