"""Minutes pages: the minutes, the editor with autosave and conflict display, revisions and
action items. Each view authorises through ``permissions.access_*`` and calls one service."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, NotFound, ValidationFailed
from secretariat.registry.models import Economy, Forum
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services
from .choices import EDITABLE_STATES, NEXT_STATES
from .forms import ActionItemForm, ActionStatusForm, TextForm, TransitionForm
from .models import Minutes


def _action_form(data: Any = None, meeting: Any = None) -> ActionItemForm:
    form = ActionItemForm(
        data, fora=Forum.objects.filter(is_active=True), economies=Economy.objects.all()
    )
    if data is None and meeting is not None:
        form.initial["forum"] = meeting.forum_id
    return form


def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes of a meeting; its editors may start them if there are none yet."""
    principal = principal_for(request.user)
    try:
        item = permissions.access_meeting_minutes(request.user, meeting_id)
    except NotFound:
        meeting = permissions.access_meeting(request.user, meeting_id, need="start")
        return render(request, "minutes/start.html", {"meeting": meeting})
    can_edit = selectors.can_edit(principal, item.meeting)
    return render(
        request,
        "minutes/minutes.html",
        {
            "minutes": item,
            "meeting": item.meeting,
            "can_edit": can_edit,
            "is_editable": item.state in EDITABLE_STATES,
            "next_states": sorted(NEXT_STATES[item.state]),
            "action_items": item.action_items.select_related("forum", "economy"),
            "action_form": _action_form(meeting=item.meeting) if can_edit else None,
        },
    )


@require_POST
def start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = permissions.access_meeting(request.user, meeting_id, need="start")
    try:
        item = services.start_minutes(actor=request.user, meeting=meeting)
    except ValidationFailed as error:
        messages.error(request, error.detail)
        return redirect("minutes:minutes", meeting_id=meeting.pk)
    return redirect("minutes:edit", minutes_id=item.pk)


def _editor(
    request: HttpRequest, item: Minutes, form: TextForm, conflict: Any = None, status: int = 200
) -> HttpResponse:
    fragment = request.headers.get("HX-Request") == "true"
    return render(
        request,
        "minutes/_save_state.html" if fragment else "minutes/edit.html",
        {"minutes": item, "form": form, "conflict": conflict, "saved": item},
        status=status,
    )


def edit(request: HttpRequest, minutes_id: int) -> HttpResponse:
    item = permissions.access_minutes(request.user, minutes_id, need="edit")
    if item.state not in EDITABLE_STATES:
        messages.info(request, _("These minutes can no longer be edited."))
        return redirect("minutes:minutes", meeting_id=item.meeting_id)
    form = TextForm(initial={"body": item.body, "base_revision": item.revision})
    return _editor(request, item, form)


@require_POST
def save(request: HttpRequest, minutes_id: int) -> HttpResponse:
    """Autosave (htmx, while typing and on leaving the field) and the plain save button.
    A stale base revision answers 409 with both texts; nothing is overwritten."""
    item = permissions.access_minutes(request.user, minutes_id, need="edit")
    form = TextForm(request.POST)
    if not form.is_valid():
        return _editor(request, item, form, status=422)
    try:
        saved = services.save_text(
            actor=request.user,
            minutes=item,
            base_revision=form.base(),
            body=form.cleaned_data["body"],
        )
    except Conflict as error:
        # Keep the editor's base: autosave goes on refusing until they choose to keep
        # their text over the newer revision.
        return _editor(request, item, form, conflict=error.current, status=409)
    except ValidationFailed as error:
        form.add_error(None, error.detail)
        return _editor(request, item, form, status=422)
    form = TextForm(initial={"body": form.cleaned_data["body"], "base_revision": saved.revision})
    return _editor(request, saved, form)


@require_POST
def transition(request: HttpRequest, minutes_id: int) -> HttpResponse:
    item = permissions.access_minutes(request.user, minutes_id, need="edit")
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            moved = services.change_state(
                actor=request.user,
                minutes=item,
                version=form.cleaned_data["version"],
                state=form.cleaned_data["state"],
            )
        except (ValidationFailed, Conflict) as error:
            messages.error(request, error.detail)
        else:
            messages.success(
                request, _("The minutes are now %(state)s.") % {"state": moved.get_state_display()}
            )
    else:
        messages.error(request, _("Choose a state."))
    return redirect("minutes:minutes", meeting_id=item.meeting_id)


def revisions(request: HttpRequest, minutes_id: int) -> HttpResponse:
    item = permissions.access_minutes(request.user, minutes_id)
    return render(
        request,
        "minutes/revisions.html",
        {"minutes": item, "revisions": selectors.revisions_of(principal_for(request.user), item)},
    )


def revision(request: HttpRequest, minutes_id: int, number: int) -> HttpResponse:
    item = permissions.access_minutes(request.user, minutes_id)
    principal = principal_for(request.user)
    found = selectors.revisions_of(principal, item).filter(number=number).first()
    if found is None:
        raise NotFound(_("The minutes have no such revision."))
    return render(request, "minutes/revision.html", {"minutes": item, "revision": found})


@require_POST
def add_action_item(request: HttpRequest, minutes_id: int) -> HttpResponse:
    item = permissions.access_minutes(request.user, minutes_id, need="edit")
    form = _action_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action_item(
                actor=request.user,
                minutes=item,
                text=data["text"],
                forum=Forum.objects.get(pk=data["forum"]),
                economy=Economy.objects.filter(pk=data["economy"]).first()
                if data["economy"]
                else None,
                due_date=data["due_date"],
            )
        except ValidationFailed as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("The action item is added."))
    else:
        messages.error(request, _("Give the action, its forum and its due date."))
    return redirect("minutes:minutes", meeting_id=item.meeting_id)


@require_POST
def update_action_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = permissions.access_action_item(request.user, item_id, need="change")
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.update_action_item(
                actor=request.user,
                item=item,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
            )
        except (ValidationFailed, Conflict) as error:
            messages.error(request, error.detail)
    return redirect("minutes:minutes", meeting_id=item.minutes.meeting_id)


def action_items(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    items = selectors.action_items_visible_to(principal).order_by("status", "due_date", "pk")
    return render(request, "minutes/action_items.html", {"items": items[:500]})
