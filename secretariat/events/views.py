"""Pages of forums and exhibitions. Each view parses, authorises through
``permissions.access_*``, calls at most one service, and renders."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.i18n import translations
from secretariat.meetings import selectors as meeting_selectors
from secretariat.meetings.choices import MeetingKind
from secretariat.registry import selectors as registry_selectors
from secretariat.registry.models import Economy, Organisation
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .forms import ContactForm, ExhibitorProfileForm, SectorFilterForm, SpeakerForm
from .models import Exhibitor


def events(request: HttpRequest) -> HttpResponse:
    everything = list(selectors.events_list().order_by("-start_date", "pk"))
    return render(
        request,
        "events/events.html",
        {
            "forums": [m for m in everything if m.kind == MeetingKind.FORUM],
            "exhibitions": [m for m in everything if m.kind == MeetingKind.EXHIBITION],
        },
    )


def forum(request: HttpRequest, meeting_id: int) -> HttpResponse:
    permissions.access_event(request.user, meeting_id, MeetingKind.FORUM)
    meeting = selectors.meeting_with_sessions(meeting_id)
    zone = meeting_selectors.viewer_timezone(None, meeting.timezone)
    rows = [
        {
            "session": row.session,
            "starts": meeting_selectors.local_time_label(row.session.starts_at, zone)
            if row.session
            else "",
            "ends": meeting_selectors.local_time_label(row.session.ends_at, zone)
            if row.session
            else "",
            "speakers": row.speakers,
        }
        for row in selectors.forum_programme(meeting)
    ]
    return render(
        request,
        "events/forum.html",
        {
            "meeting": meeting,
            "programme": rows,
            "can_manage": selectors.is_event_manager(principal_for(request.user), meeting),
        },
    )


def _speaker_form(request: HttpRequest, meeting, data=None) -> SpeakerForm:  # type: ignore[no-untyped-def]
    return SpeakerForm(
        data,
        people=registry_selectors.people_visible_to(principal_for(request.user)),
        economies=Economy.objects.all(),
        organisations=Organisation.objects.all(),
        sessions=meeting.sessions.order_by("starts_at", "pk"),
    )


def add_speaker(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = permissions.access_event(request.user, meeting_id, MeetingKind.FORUM, "manage")
    if request.method != "POST":
        form = _speaker_form(request, meeting)
        return render(request, "events/speaker_form.html", {"meeting": meeting, "form": form})
    form = _speaker_form(request, meeting, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        principal = principal_for(request.user)
        try:
            services.add_speaker(
                actor=request.user,
                meeting=meeting,
                person=registry_selectors.people_visible_to(principal)
                .filter(pk=data["person"])
                .first()
                if data["person"]
                else None,
                name=data["name"].strip(),
                position=translations("en", en=data["position"]) if data["position"] else {},
                economy=Economy.objects.filter(pk=data["economy"]).first(),
                organisation=Organisation.objects.filter(pk=data["organisation"]).first(),
                role=data["role"],
                session=meeting.sessions.filter(pk=data["session"]).first(),
                talk_title=translations("en", en=data["talk_title"]) if data["talk_title"] else {},
                order=data["order"],
            )
        except ValidationFailed as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The speaker is on the programme."))
            return redirect("events:forum", meeting_id=meeting.pk)
    return render(
        request, "events/speaker_form.html", {"meeting": meeting, "form": form}, status=422
    )


def exhibition(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = permissions.access_event(request.user, meeting_id, MeetingKind.EXHIBITION)
    form = SectorFilterForm(request.GET or None)
    sector = form.cleaned_data["sector"] if form.is_valid() else None
    context = {
        "meeting": meeting,
        "form": form,
        "exhibitors": selectors.exhibitors_of(meeting, sector or None),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "events/_exhibitors.html", context)
    return render(request, "events/exhibition.html", context)


def _exhibitor_context(request: HttpRequest, item: Exhibitor) -> dict:
    is_contact = selectors.is_exhibitor_contact(request.user, item)
    return {
        "exhibitor": item,
        "is_contact": is_contact,
        "can_edit": is_contact
        or selectors.is_event_manager(principal_for(request.user), item.meeting),
    }


def exhibitor(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    item = permissions.access_exhibitor(request.user, exhibitor_id)
    context = _exhibitor_context(request, item) | {"form": ContactForm()}
    return render(request, "events/exhibitor.html", context)


@require_POST
def contact_exhibitor(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    item = permissions.access_exhibitor(request.user, exhibitor_id)
    permissions.check_may_contact(request.user, item)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.send_contact_request(
                actor=request.user, exhibitor=item, message=form.cleaned_data["message"]
            )
        except ValidationFailed as error:
            form.add_error("message", error.detail)
        else:
            messages.success(request, _("Your message was sent to the exhibitor."))
            return redirect("events:contact_requests")
    context = _exhibitor_context(request, item) | {"form": form}
    return render(request, "events/exhibitor.html", context, status=422)


def edit_exhibitor(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    item = permissions.access_exhibitor(request.user, exhibitor_id, need="profile")
    status = 200
    if request.method == "POST":
        form = ExhibitorProfileForm(request.POST)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            profile = dict(item.profile or {})
            profile["en"] = {"text": data["profile"], "status": "original"}
            try:
                services.update_exhibitor(
                    actor=request.user,
                    exhibitor=item,
                    version=data["version"],
                    sector=data["sector"],
                    website=data["website"],
                    profile=profile,
                )
            except Conflict:
                item = permissions.access_exhibitor(request.user, exhibitor_id)
                form.add_error(
                    None, _("Someone saved this profile meanwhile; check and save again.")
                )
                form.data = form.data.copy()
                form.data["version"] = str(item.version)
                status = 409
            except ValidationFailed as error:
                form.add_error(None, error.detail)
            else:
                messages.success(request, _("The profile is saved."))
                return redirect("events:exhibitor", exhibitor_id=item.pk)
    else:
        english = (item.profile or {}).get("en", {}).get("text", "")
        form = ExhibitorProfileForm(
            initial={
                "sector": item.sector,
                "website": item.website,
                "profile": english,
                "version": item.version,
            }
        )
    return render(
        request, "events/exhibitor_edit.html", {"exhibitor": item, "form": form}, status=status
    )


def contact_requests(request: HttpRequest) -> HttpResponse:
    permissions.require_signed_in(request.user)
    visible = list(selectors.contact_requests_visible_to(request.user))
    return render(
        request,
        "events/contact_requests.html",
        {
            "sent": [r for r in visible if r.sender_id == request.user.pk],
            "received": [r for r in visible if r.sender_id != request.user.pk],
        },
    )


@require_POST
def close_contact_request(request: HttpRequest, request_id: int) -> HttpResponse:
    contact = permissions.access_contact_request(request.user, request_id)
    services.close_contact_request(actor=request.user, request=contact)
    messages.success(request, _("The request is closed."))
    return redirect("events:contact_requests")
