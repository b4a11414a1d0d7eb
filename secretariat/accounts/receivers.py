"""Reactions to allauth's own events (sign-in security changes happen inside allauth).

STYLE keeps signals for cross-app reactions only; these are exactly that: allauth is another
app, and its signals are the only place its changes can be seen. Each receiver calls one
account service, which writes the audit entry."""

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.socialaccount import signals as social_signals

from . import services
from .two_factor import record_second_factor


def _record(action: str, **changes: Any):  # type: ignore[no-untyped-def]
    def receiver(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        if user is None and "sociallogin" in kwargs:
            user = kwargs["sociallogin"].user
        details = {key: str(kwargs[name]) for key, name in changes.items() if name in kwargs}
        services.record_account_event(user=user, action=action, changes=details)

    return receiver


def _second_factor_added(
    sender: Any, request: Any = None, user: Any = None, authenticator: Any = None, **kwargs: Any
) -> None:
    services.record_account_event(
        user=user, action="accounts.mfa.added", changes={"type": getattr(authenticator, "type", "")}
    )
    if request is not None and getattr(authenticator, "type", "") == "totp":
        # The user has just typed a valid code: that proves the factor for this session.
        record_second_factor(request, user)


_RECEIVERS = [
    (mfa_signals.authenticator_added, _second_factor_added),
    (mfa_signals.authenticator_removed, _record("accounts.mfa.removed")),
    (mfa_signals.authenticator_reset, _record("accounts.mfa.reset")),
    (account_signals.password_changed, _record("accounts.password.changed")),
    (account_signals.password_set, _record("accounts.password.set")),
    (account_signals.password_reset, _record("accounts.password.reset")),
    (
        account_signals.email_changed,
        _record("accounts.email.changed", old="from_email_address", new="to_email_address"),
    ),
    (account_signals.email_added, _record("accounts.email.added", email="email_address")),
    (account_signals.email_removed, _record("accounts.email.removed", email="email_address")),
    (social_signals.social_account_added, _record("accounts.identity_provider.connected")),
    (social_signals.social_account_removed, _record("accounts.identity_provider.removed")),
]


def connect() -> None:
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"secretariat.{signal!r}.{id(receiver)}", weak=False)
