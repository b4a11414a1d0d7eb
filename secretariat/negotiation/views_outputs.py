"""Pages of the negotiation outputs: the redline between two versions and the reservations
of a text (with the forms to enter and to withdraw one)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, NotFound, ValidationFailed
from secretariat.registry.models import Delegation
from secretariat.registry.permissions import principal_for

from . import permissions, permissions_reservations, provenance, redline, services_reservations
from .forms import TextVersionForm
from .forms_outputs import RedlineForm, ReservationForm
from .models import Paragraph, Text


def redline_page(request: HttpRequest, slug: str) -> HttpResponse:
    text = permissions.access_text(request.user, slug, need="record")
    versions = {v.number: v for v in text.versions.order_by("number")}
    latest = max(versions)
    form = RedlineForm(
        request.GET or {"before": max(latest - 1, 1), "after": latest}, numbers=list(versions)
    )
    context: dict[str, Any] = {"text": text, "form": form}
    if not form.is_valid():
        return render(request, "negotiation/redline.html", context, status=422)
    data = form.cleaned_data
    before, after = versions[data["before"]], versions[data["after"]]
    result = redline.redline(text, before, after)
    # Which amendments the changes came from depends on who looks: never cached with the rows.
    sources = provenance.sources_for_redline(
        principal_for(request.user), text, before.number, after.number
    )
    context["redline"] = result
    context["rows"] = [
        (row, sources.get(row.eid, ()) if row.is_change else ())
        for row in result.rows
        if row.is_change or not data["changes_only"]
    ]
    return render(request, "negotiation/redline.html", context)


def _reservation_form(request: HttpRequest, text: Text, data: Any = None) -> ReservationForm:
    economies = (
        Delegation.objects.filter(forum_id=text.forum_id)
        .order_by("economy__code")
        .values_list("economy__code", flat=True)
        if principal_for(request.user).is_secretariat
        else []
    )
    paragraphs = (
        Paragraph.objects.filter(version=text.current_version)
        .order_by("order")
        .values_list("provision__eid", "num")
    )
    return ReservationForm(data, economies=list(economies), paragraphs=list(paragraphs))


def _render_reservations(
    request: HttpRequest, text: Text, form: ReservationForm | None = None, status: int = 200
) -> HttpResponse:
    principal = principal_for(request.user)
    reservations = permissions_reservations.reservations_visible_to(principal, text).select_related(
        "delegation__economy", "provision"
    )
    may_enter = permissions_reservations.can_enter_reservations(request.user, text)
    rows = [
        (
            reservation,
            reservation.withdrawn_at is None
            and permissions_reservations.may_change(principal, reservation),
        )
        for reservation in reservations
    ]
    context = {
        "text": text,
        "rows": rows,
        "form": (form or _reservation_form(request, text)) if may_enter else None,
    }
    return render(request, "negotiation/reservations.html", context, status=status)


def reservations_page(request: HttpRequest, slug: str) -> HttpResponse:
    text = permissions.access_text(request.user, slug)
    if request.method != "POST":
        return _render_reservations(request, text)
    form = _reservation_form(request, text, request.POST)
    try:
        delegation = permissions_reservations.delegation_entering_reservation(
            request.user, text, request.POST.get("economy") or None
        )
        if form.is_valid():
            services_reservations.enter_reservation(
                actor=request.user,
                text=text,
                delegation=delegation,
                kind=form.cleaned_data["kind"],
                statement={"en": {"text": form.cleaned_data["statement"], "status": "original"}},
                eid=form.cleaned_data["eid"] or None,
            )
            messages.success(request, _("The reservation was entered."))
            return redirect("negotiation:reservations", slug=text.slug)
    except ValidationFailed as error:
        form.add_error(None, error.detail)
    return _render_reservations(request, text, form, status=422)


@require_POST
def withdraw_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    reservation = permissions_reservations.access_reservation(
        request.user, reservation_id, need="change"
    )
    if reservation.text.slug != slug:
        raise NotFound(_("No reservation matches pk=%(pk)s.") % {"pk": reservation_id})
    form = TextVersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValueError(form.errors)
        version = form.cleaned_data["version"]
        services_reservations.withdraw_reservation(
            actor=request.user, reservation=reservation, version=version
        )
    except ValueError:
        messages.warning(request, _("The form lacks the reservation's version."))
    except Conflict:
        messages.warning(
            request, _("This reservation changed meanwhile; check it below and try again.")
        )
    except ValidationFailed as error:
        messages.warning(request, error.detail)
    else:
        messages.success(request, _("The reservation was withdrawn."))
    return redirect("negotiation:reservations", slug=slug)
