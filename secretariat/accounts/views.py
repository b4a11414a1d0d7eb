from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import ValidationFailed
from secretariat.registry.permissions import principal_for

from . import permissions, services
from .forms import TokenForm
from .models import ApiToken
from .two_factor import has_totp


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued_key = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_api_token(actor=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            form.add_error(None, error.detail)
        else:
            issued_key = issued.key
            form = TokenForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "principal": principal_for(request.user),
            "has_totp": has_totp(request.user),
            "tokens": ApiToken.objects.filter(user=request.user),
            "form": form,
            "issued_key": issued_key,
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = permissions.access_token(request.user, token_id)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
