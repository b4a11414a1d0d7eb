"""The text as whoever may not see its negotiating record reads it (its wording and outcome),
and the secretariat's form that derestricts the record (ADR 0020)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.registry.permissions import principal_for

from . import permissions, permissions_reservations, selectors, services_record
from .forms_record import RecordDerestrictionForm
from .models import Text


def outcome(request: HttpRequest, text: Text) -> HttpResponse:
    """The version the text stands at and the reservations that are part of its outcome:
    nothing of the map, positions, proposals or earlier versions (not even their links)."""
    version = text.current_version
    assert version is not None  # noqa: S101 - texts get a version when created
    reservations = (
        permissions_reservations.reservations_visible_to(principal_for(request.user), text)
        .select_related("delegation__economy", "provision")
        .order_by("created_at", "pk")
    )
    paragraphs = selectors.wordings(version)
    nums = {p.provision_id: p.num or p.provision.eid for p in paragraphs}
    return render(
        request,
        "negotiation/text_outcome.html",
        {
            "text": text,
            "version": version,
            "paragraphs": paragraphs,
            # Each with the number of the paragraph it is on (None: the whole text).
            "reservations": [
                (r, nums.get(r.provision_id) or (r.provision.eid if r.provision else None))
                for r in reservations
            ],
        },
    )


@require_POST
def derestrict_record(request: HttpRequest, slug: str) -> HttpResponse:
    text = permissions.access_text(request.user, slug, need="derestrict")
    form = RecordDerestrictionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not derestricted: name the decision and try again."))
        return redirect("negotiation:text", slug=slug)
    try:
        services_record.derestrict_record(
            actor=request.user,
            text=text,
            decision=form.cleaned_data["decision"],
            version=form.cleaned_data["version"],
        )
    except Conflict as error:
        message = _("Not derestricted: %(detail)s Reload to see what changed.")
        messages.error(request, message % {"detail": error.detail})
    except ValidationFailed as error:
        messages.error(request, _("Not derestricted: %(detail)s") % {"detail": error.detail})
    else:
        messages.success(
            request, _("The negotiating record is now open to everyone who reads the text.")
        )
    return redirect("negotiation:text", slug=slug)
