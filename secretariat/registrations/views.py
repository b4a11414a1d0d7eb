"""Registration pages. Each view parses, authorises through ``permissions.access_*``, calls
at most one service, and renders."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, NotFound, ValidationFailed
from secretariat.meetings import ical
from secretariat.meetings.models import Meeting
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.models import Economy
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .api import csv_response, feed_url
from .choices import RegistrationState
from .forms import AccreditForm, ApplyForm, CheckInSearchForm, DecisionForm, QuotaForm, VersionForm
from .models import CalendarFeed


def _page(request: HttpRequest, meeting: Meeting, status: int = 200, **forms: Any) -> HttpResponse:
    principal = principal_for(request.user)
    headed = selectors.headed_economy_ids(principal, meeting)
    can_accredit = principal.is_secretariat or bool(headed)
    quota_economies = Economy.objects.all() if principal.is_secretariat else None
    if not principal.is_secretariat:
        quota_economies = Economy.objects.filter(pk__in=headed)
    context = {
        "meeting": meeting,
        "overview": selectors.participants_overview(principal, meeting),
        "can_accredit": can_accredit,
        "quotas": selectors.quota_rows(meeting, quota_economies) if can_accredit else [],
        "policy": selectors.policy_of(meeting),
        "accredit_form": forms.get("accredit_form")
        or AccreditForm(candidates=selectors.accreditation_candidates(principal, meeting))
        if can_accredit
        else None,
        "apply_form": forms.get("apply_form") or ApplyForm(),
        "quota_form": forms.get("quota_form") or QuotaForm(),
        "has_person": principal.person_id is not None,
        "own": [r for r in selectors.registrations_of(principal) if r.meeting_id == meeting.pk],
        "pending": list(
            selectors.participants_visible_to(principal, meeting).filter(
                state=RegistrationState.PENDING
            )
        )
        if principal.is_secretariat
        else [],
    }
    return render(request, "registrations/meeting.html", context, status=status)


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _page(request, permissions.access_meeting(request.user, meeting_id))


def _failed(request: HttpRequest, error: ValidationFailed | Conflict) -> int:
    messages.error(request, error.detail)
    return error.status


@require_POST
def accredit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="accredit")
    principal = principal_for(request.user)
    candidates = selectors.accreditation_candidates(principal, item)
    form = AccreditForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _page(request, item, status=422, accredit_form=form)
    person = registry_permissions.access_person(request.user, form.cleaned_data["person"])
    delegation = permissions.delegation_to_accredit(request.user, item, person)
    try:
        services.accredit_delegate(
            actor=request.user, meeting=item, delegation=delegation, person=person
        )
    except (ValidationFailed, Conflict) as error:
        return _page(request, item, status=_failed(request, error), accredit_form=form)
    messages.success(request, _("%(person)s is accredited.") % {"person": person})
    return redirect("registrations:meeting", meeting_id=item.pk)


@require_POST
def apply(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="apply")
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _page(request, item, status=422, apply_form=form)
    data = form.cleaned_data
    try:
        person = services.person_for_applicant(
            actor=request.user, family_name=data["family_name"], given_name=data["given_name"]
        )
        services.apply(actor=request.user, meeting=item, person=person, category=data["category"])
    except ValidationFailed as error:
        return _page(request, item, status=_failed(request, error), apply_form=form)
    messages.success(request, _("Your application is received; the secretariat will decide."))
    return redirect("registrations:meeting", meeting_id=item.pk)


@require_POST
def set_quota(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="manage")
    form = QuotaForm(request.POST)
    if not form.is_valid():
        return _page(request, item, status=422, quota_form=form)
    economy = Economy.objects.filter(code=form.cleaned_data["economy"].upper()).first()
    if economy is None:
        form.add_error("economy", _("No economy has this code."))
        return _page(request, item, status=422, quota_form=form)
    services.set_economy_quota(
        actor=request.user,
        meeting=item,
        economy=economy,
        delegate_quota=form.cleaned_data["delegate_quota"],
    )
    messages.success(request, _("The quota of %(economy)s is set.") % {"economy": economy})
    return redirect("registrations:meeting", meeting_id=item.pk)


def export(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="export")
    return csv_response(request, item)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    # Only our own check-in page: never an open redirect.
    if target.startswith("/") and not target.startswith("//") and "/check-in/" in target:
        return redirect(target)
    return redirect(default)


@require_POST
def decide(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = permissions.access_registration(request.user, registration_id, need="decide")
    form = DecisionForm(request.POST)
    back = reverse("registrations:meeting", args=[registration.meeting_id])
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect(back)
    try:
        services.decide(
            actor=request.user,
            registration=registration,
            version=form.cleaned_data["version"],
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The decision is recorded and the applicant told."))
    return redirect(back)


def _transition(request: HttpRequest, registration_id: int, need: str) -> HttpResponse:
    registration = permissions.access_registration(request.user, registration_id, need=need)
    form = VersionForm(request.POST)
    meeting_page = reverse("registrations:meeting", args=[registration.meeting_id])
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return _back(request, meeting_page)
    action = services.withdraw if need == "withdraw" else services.check_in
    try:
        done = action(
            actor=request.user, registration=registration, version=form.cleaned_data["version"]
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("%(person)s: %(state)s.")
            % {"person": done.person, "state": done.get_state_display()},
        )
    return _back(request, meeting_page)


@require_POST
def withdraw(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _transition(request, registration_id, "withdraw")


@require_POST
def check_in_participant(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _transition(request, registration_id, "check_in")


def check_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The venue's check-in desk, on a phone: search by name, one button per person."""
    item = permissions.access_meeting(request.user, meeting_id, need="manage")
    form = CheckInSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    principal = principal_for(request.user)
    people = selectors.participants_visible_to(principal, item).filter(
        state__in=RegistrationState.attending()
    )
    if query:
        people = people.filter(person__family_name__icontains=query) | people.filter(
            person__given_name__icontains=query
        )
    template = (
        "registrations/_check_in_list.html"
        if request.headers.get("HX-Request")
        else "registrations/check_in.html"
    )
    return render(
        request,
        template,
        {"meeting": item, "form": form, "people": people[:100], "query": query},
    )


def mine(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    return render(
        request,
        "registrations/mine.html",
        {
            "registrations": selectors.registrations_of(principal),
            "feed_url": feed_url(request, selectors.feed_of(request.user)),
        },
    )


@require_POST
def regenerate_feed(request: HttpRequest) -> HttpResponse:
    if not principal_for(request.user).is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('registrations:mine')}")
    services.regenerate_feed(actor=request.user)
    messages.success(request, _("Your calendar has a new private address; the old one is off."))
    return redirect("registrations:mine")


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings a person attends, for their calendar client. The token is the only
    credential (calendar clients cannot sign in), so an unknown one is a plain 404."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise NotFound(_("No calendar has this address; it may have been replaced."))
    body = ical.calendar_for(
        selectors.meetings_in_feed(feed),
        name=_("My meetings"),
        language=get_language() or "en",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
