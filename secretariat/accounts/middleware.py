"""Secretariat staff and heads of delegation must sign in with a second factor."""

import re
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.problems import problem_response

from .two_factor import has_totp, session_passed_second_factor

# Paths a user without a second factor still needs: setting one up, signing out, assets.
_OPEN_PATHS = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:accounts/|i18n/)|^/(?:static/|healthz|readyz|metrics)"
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._is_open(request.path):
            from secretariat.registry.permissions import principal_for

            if principal_for(user).must_use_two_factor:
                if not has_totp(user):
                    return self._refuse(
                        request,
                        reverse("mfa_activate_totp"),
                        _(
                            "Your role requires two-factor authentication. "
                            "Set up an authenticator app to continue."
                        ),
                    )
                if not session_passed_second_factor(request, user):
                    # Signed in some other way (an old session, a password-only path):
                    # start again through the sign-in that asks for the code.
                    logout(request)
                    return self._refuse(
                        request,
                        reverse("account_login"),
                        _(
                            "Your role requires two-factor authentication. "
                            "Sign in again with your authenticator code."
                        ),
                    )
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, page_url: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return problem_response(
                request,
                status=403,
                title="Two-factor authentication required",
                detail=message,
                type_slug="two-factor-required",
            )
        messages.warning(request, message)
        return redirect(page_url)

    @staticmethod
    def _is_open(path: str) -> bool:
        return bool(_OPEN_PATHS.match(path))
