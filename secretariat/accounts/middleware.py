"""Secretariat staff and heads of delegation must sign in with a second factor."""

import re
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.problems import problem_response

# Paths a user without a second factor still needs: setting one up, signing out, assets.
_OPEN_PATHS = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:accounts/|i18n/)|^/(?:static/|healthz|readyz)"
)


def has_totp(user) -> bool:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._is_open(request.path):
            from secretariat.registry.permissions import principal_for

            if principal_for(user).must_use_two_factor and not has_totp(user):
                if request.path.startswith("/api/"):
                    return problem_response(
                        request,
                        status=403,
                        title="Two-factor authentication required",
                        detail="Set up an authenticator app on your account page first.",
                        type_slug="two-factor-required",
                    )
                messages.warning(
                    request,
                    _(
                        "Your role requires two-factor authentication. "
                        "Set up an authenticator app to continue."
                    ),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        return bool(_OPEN_PATHS.match(path))
