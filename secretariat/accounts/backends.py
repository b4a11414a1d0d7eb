"""Authentication backends whose per-request user read is built once per process.

Every signed-in request reads its user by the id in the session; the ORM built that query's
SQL anew each time, which cost more than the rest of the read (``core.prepared``). Signing
in is unchanged: Django's and allauth's backends as they are."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model

from secretariat.core.prepared import Prepared

_USER: Prepared[Any] = Prepared(
    lambda user: get_user_model()._default_manager.filter(pk=user).order_by()[:1], "user"
)


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
