"""Meeting pages. Each view parses, authorises through ``permissions.access_*``, calls at
most one service, and renders."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import NotFound, ValidationFailed
from secretariat.core.i18n import translations
from secretariat.core.protected_files import protected_file_response
from secretariat.core.views import history_page
from secretariat.registry import permissions as registry_permissions
from secretariat.registry.models import Economy, Forum

from . import ical, materials, page, permissions, selectors, services, uploads
from .forms import DocumentForm
from .models import Meeting


def meetings(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    everything = list(selectors.meetings_list().order_by("start_date", "pk"))
    return render(
        request,
        "meetings/meetings.html",
        {
            "upcoming": [m for m in everything if m.end_date >= today],
            "past": [m for m in reversed(everything) if m.end_date < today],
        },
    )


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting_page(request.user, meeting_id)
    principal = registry_permissions.principal_for(request.user)
    requested = request.GET.get("tz") or None  # the zone the viewer asks times in
    main = page.main_content(
        principal,
        item,
        viewer=page.viewer_of(principal, item),
        zone=selectors.viewer_timezone(requested, item.timezone),
        requested_zone=requested,
    )
    return render(request, "meetings/meeting.html", {"meeting": item, "main": main})


def meeting_history(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="history")
    return history_page(request, obj=item, back_url=reverse("meetings:meeting", args=[item.pk]))


def _document_form(request: HttpRequest, item: Meeting, data: Any = None) -> DocumentForm:
    principal = registry_permissions.principal_for(request.user)
    economies = Economy.objects.all()
    if not principal.is_secretariat:
        economies = economies.filter(pk__in=principal.economy_ids)
    return DocumentForm(
        data,
        request.FILES if data is not None else None,
        agenda=item.agenda_items.all(),
        fora=Forum.objects.filter(is_active=True),
        economies=economies,
    )


def submit_document(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="submit")
    if request.method != "POST":
        form = _document_form(request, item)
        return render(request, "meetings/submit_document.html", {"meeting": item, "form": form})
    form = _document_form(request, item, request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        economy = Economy.objects.filter(pk=data["submitted_by_economy"]).first()
        permissions.check_submitted_by(request.user, economy)
        try:
            document = services.submit_document(
                actor=request.user,
                meeting=item,
                title=translations("en", en=data["title"]),
                purpose=data["purpose"],
                classification=data["classification"],
                forum=Forum.objects.filter(pk=data["forum"]).first() if data["forum"] else None,
                agenda_item=item.agenda_items.filter(pk=data["agenda_item"]).first()
                if data["agenda_item"]
                else None,
                submitted_by_economy=economy,
                derestrict_on=data["derestrict_on"],
                link=data["link"] or "",
                upload=data["file"],
            )
        except (ValidationFailed, uploads.UnsupportedFile, uploads.FileTooLarge) as error:
            form.add_error(None, error.detail)
            status = error.status
        else:
            messages.success(
                request, _("Document %(number)s was submitted.") % {"number": document.number}
            )
            return redirect("meetings:document", document_id=document.pk)
    return render(
        request,
        "meetings/submit_document.html",
        {"meeting": item, "form": form},
        status=status,
    )


def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    permissions.access_meeting(request.user, meeting_id)
    item = selectors.meetings_list().prefetch_related("sessions").get(pk=meeting_id)
    return _calendar_response(str(item), [item], f"meeting-{item.pk}")


def series_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/series_list.html", {"series_list": selectors.series_list()})


def series(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_series(request.user, slug)
    overview = selectors.series_overview(item, timezone.localdate())
    return render(request, "meetings/series.html", {"series": item, "overview": overview})


@require_POST
def schedule_next(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_series(request.user, slug, need="schedule")
    created = services.schedule_next_meeting(actor=request.user, series=item)
    messages.success(request, _("%(meeting)s is scheduled.") % {"meeting": created})
    return redirect("meetings:meeting", meeting_id=created.pk)


def series_ics(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_series(request.user, slug)
    meetings_of = selectors.meetings_list().filter(series=item).prefetch_related("sessions")
    return _calendar_response(item.code_prefix, meetings_of, f"series-{item.slug}")


def forum_ics(request: HttpRequest, slug: str) -> HttpResponse:
    forum = registry_permissions.access_forum(request.user, slug)
    meetings_of = selectors.meetings_list().filter(forum=forum).prefetch_related("sessions")
    return _calendar_response(forum.abbreviation, meetings_of, f"forum-{forum.slug}")


def _calendar_response(name: str, meetings_of: Any, filename: str) -> HttpResponse:
    body = ical.calendar_for(meetings_of, name=name, language=get_language() or "en")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def document(request: HttpRequest, document_id: int) -> HttpResponse:
    item = permissions.access_document(request.user, document_id)
    principal = registry_permissions.principal_for(request.user)
    versions = selectors.documents_visible_to(principal).filter(base_number=item.base_number)
    venue = selectors.viewer_timezone(None, item.meeting.timezone)
    submitted = item.submitted_at.astimezone(venue)
    return render(
        request,
        "meetings/document.html",
        {
            "document": item,
            "versions": versions,
            "submitted": f"{submitted:%Y-%m-%d} {selectors.local_time_label(submitted, venue)}",
        },
    )


def document_file(request: HttpRequest, document_id: int) -> HttpResponseBase:
    item = permissions.access_document(request.user, document_id)
    if not item.file:
        raise NotFound(_("This document is a link, not a file."))
    return protected_file_response(
        item.file,
        filename=f"{item.number.replace('/', '_')}.{item.file_kind}",
        content_type=uploads.MEDIA_TYPES.get(item.file_kind, "application/octet-stream"),
    )


# Materials as one zip --------------------------------------------------------------------


@require_POST
def request_materials(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = permissions.access_meeting(request.user, meeting_id, need="materials")
    archive = materials.request_archive(meeting=item, actor=request.user)
    return redirect("meetings:materials", archive_id=archive.pk)


def materials_status(request: HttpRequest, archive_id: int) -> HttpResponse:
    """The zip's status; htmx polls the fragment while it is being built."""
    archive = permissions.access_materials_archive(request.user, archive_id)
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "meetings/_materials_status.html" if is_htmx else "meetings/materials.html"
    return render(request, template, {"archive": archive, "meeting": archive.meeting})


def materials_download(request: HttpRequest, archive_id: int) -> HttpResponseBase:
    archive = permissions.access_materials_archive(request.user, archive_id)
    materials.check_downloadable(archive, registry_permissions.principal_for(request.user))
    return materials.file_response(archive)
