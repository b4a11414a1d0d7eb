"""The second factor: who has one, and whether this session has passed it."""

from typing import Any

from django.http import HttpRequest


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
