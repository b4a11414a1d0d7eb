"""Authentication backends whose per-request user read is built once per process.

Every signed-in request reads its user by the id in the session; the ORM built that query's
SQL anew each time, which cost more than the rest of the read (``core.prepared``). Signing
in is unchanged: Django's and allauth's backends as they are."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef

from secretariat.core.prepared import Prepared


def _user_with_second_factor(user: int) -> Any:
    """The user, whether they have an authenticator app (``two_factor.has_totp`` asks
    that on every request of those who must use one), and their person and roles
    (``registry.permissions.principal_for`` reads them on nearly every request): read
    together, one round trip."""
    from allauth.mfa.models import Authenticator

    from secretariat.registry.permissions import person_and_roles_rows

    totp = Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
    return (
        get_user_model()
        ._default_manager.filter(pk=user)
        .annotate(has_totp_row=Exists(totp), principal_rows=person_and_roles_rows())
        .order_by()[:1]
    )


_USER: Prepared[Any] = Prepared(_user_with_second_factor, "user")


class _PreparedUserRead:
    def get_user(self, user_id: Any) -> Any:
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            return None
        found = _USER.objects(user=user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_PreparedUserRead, backends.ModelBackend):
    """Django's ``ModelBackend`` (password sign-in, the admin's permissions)."""


class AuthenticationBackend(_PreparedUserRead, AllauthBackend):
    """allauth's backend (sign-in by username or e-mail)."""
