"""The notification preferences page of the signed-in user."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from secretariat.core.errors import Conflict, ValidationFailed

from . import permissions, selectors, services
from .choices import Topic
from .forms import PreferenceForm

RECENT = 20


def preferences(request: HttpRequest) -> HttpResponse:
    preference = permissions.access_own_preference(request.user)
    status = 200
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                services.update_preferences(
                    user=request.user,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    receives=form.cleaned_data["receives"],
                )
            except Conflict:
                preference = permissions.access_own_preference(request.user)
                form.add_error(
                    None,
                    _("Your choices were changed elsewhere meanwhile; check them and save again."),
                )
                form.data = form.data.copy()
                form.data["version"] = str(preference.version)
                status = 409
            except ValidationFailed as error:
                form.add_error(None, error.detail)
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect("notifications:preferences")
    else:
        form = PreferenceForm(
            initial={
                "receives": [t for t in Topic.values if preference.receives(t)],
                "version": preference.version,
            }
        )
    recent = selectors.notifications_of(request.user)[:RECENT]
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "recent": recent},
        status=status,
    )
