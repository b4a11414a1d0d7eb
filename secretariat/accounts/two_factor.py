"""The second factor: who has one, and whether this session has passed it."""

from typing import Any

from django.http import HttpRequest

from secretariat.core.prepared import Prepared


def _totp_of(user: int) -> Any:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user, type=Authenticator.Type.TOTP).values_list(
        "pk"
    )[:1]


# Asked on every request of the secretariat and heads of delegation: built once.
_TOTP = Prepared(_totp_of, "user")


def has_totp(user: Any) -> bool:
    known = getattr(user, "has_totp_row", None)  # read with the request's user (backends)
    if known is not None:
        return bool(known)
    return bool(_TOTP.rows(user=user.pk))


def session_passed_second_factor(request: HttpRequest, user: Any) -> bool:
    """True when this session's sign-in included an authenticator code (allauth's records)."""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def record_second_factor(request: HttpRequest, user: Any) -> None:
    """Count a just-verified authenticator code as this session's second factor."""
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, "mfa", type="totp")
