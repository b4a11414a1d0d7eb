"""The negotiation's page forms: each POST authorises, calls one service, and returns to the
text with a message. A stale form (someone changed the same thing meanwhile) is refused with
what is current now — never a silent overwrite."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, DomainError, NotFound
from secretariat.registry.permissions import principal_for

from . import hooks, permissions, selectors, services, services_closing
from .choices import ParagraphState
from .forms import (
    AmendmentForm,
    AmendmentMoveForm,
    PositionForm,
    SilenceBreakForm,
    SilenceForm,
    TextVersionForm,
)


def _back(slug: str, anchor: str = "") -> HttpResponse:
    url = reverse("negotiation:text", args=[slug])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Run ``action``; a refused one becomes an error message that says why."""
    try:
        action()
    except Conflict as error:
        messages.error(
            request,
            _("Not saved: %(detail)s Reload to see what changed.") % {"detail": error.detail},
        )
        return False
    except DomainError as error:
        if error.status in (401, 403, 404):
            raise
        messages.error(request, _("Not saved: %(detail)s") % {"detail": error.detail})
        return False
    messages.success(request, done)
    return True


def _invalid(request: HttpRequest, form: forms.Form) -> None:
    problems = "; ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )
    messages.error(request, _("Not saved: %(problems)s") % {"problems": problems})


def _delegation_action(
    request: HttpRequest,
    slug: str,
    *,
    form_class: type[forms.Form],
    delegation_for: Callable[[Any, Any], Any],
    run: Callable[..., Any],
    done: str,
    then: HttpResponse,
) -> HttpResponse:
    """A delegation's form: authorise the user for their economy, check the form, run."""
    text = permissions.access_text(request.user, slug)
    delegation = delegation_for(request.user, text)
    form = form_class(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: run(actor=request.user, text=text, delegation=delegation, **form.cleaned_data),
            done,
        )
    else:
        _invalid(request, form)
    return then


@require_POST
def state_position(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    return _delegation_action(
        request,
        slug,
        form_class=PositionForm,
        delegation_for=permissions.delegation_stating_positions,
        run=partial(services.state_position, eid=eid),
        done=_("Your delegation's position was recorded."),
        then=_back(slug, eid),
    )


@require_POST
def propose_amendment(request: HttpRequest, slug: str) -> HttpResponse:
    return _delegation_action(
        request,
        slug,
        form_class=AmendmentForm,
        delegation_for=permissions.delegation_proposing,
        run=services.propose_amendment,
        done=_("Your draft amendment was saved. Only your economy sees it until you submit it."),
        then=redirect("negotiation:amendments", slug=slug),
    )


def amendments(request: HttpRequest, slug: str) -> HttpResponse:
    text = permissions.access_text(request.user, slug, need="record")
    principal = principal_for(request.user)
    visible = selectors.amendments_visible_to(principal, text).order_by("created_at")
    return render(
        request,
        "negotiation/amendments.html",
        {
            "text": text,
            "amendments": visible,
            "is_chair": permissions.chairs(principal, text),
            "economy_ids": principal.economy_ids,
        },
    )


@require_POST
def move_amendment(request: HttpRequest, slug: str, amendment_id: int) -> HttpResponse:
    form = AmendmentMoveForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("negotiation:amendments", slug=slug)
    amendment = permissions.access_amendment(
        request.user, amendment_id, to_state=form.cleaned_data["state"]
    )
    _attempt(
        request,
        lambda: services.move_amendment(
            actor=request.user,
            amendment=amendment,
            to_state=form.cleaned_data["state"],
            version=form.cleaned_data["version"],
        ),
        _("The amendment is now %(state)s.")
        % {"state": form.cleaned_data["state"].replace("_", " ")},
    )
    return redirect("negotiation:amendments", slug=slug)


def _chair_action(
    request: HttpRequest, slug: str, form_class: type[forms.Form], run: Callable, done: str
) -> HttpResponse:
    text = permissions.access_text(request.user, slug, need="chair")
    form = form_class(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(slug)
    _attempt(request, lambda: run(actor=request.user, text=text, **form.cleaned_data), done)
    return _back(slug)


@require_POST
def start_silence(request: HttpRequest, slug: str) -> HttpResponse:
    return _chair_action(
        request,
        slug,
        SilenceForm,
        services_closing.start_silence,
        _("The text is circulated under silence."),
    )


@require_POST
def withdraw_silence(request: HttpRequest, slug: str) -> HttpResponse:
    return _chair_action(
        request,
        slug,
        TextVersionForm,
        services_closing.withdraw_silence,
        _("The silence procedure was withdrawn."),
    )


@require_POST
def adopt_text(request: HttpRequest, slug: str) -> HttpResponse:
    return _chair_action(
        request, slug, TextVersionForm, services.adopt_text, _("The text is adopted by consensus.")
    )


@require_POST
def issue_as_chairs_statement(request: HttpRequest, slug: str) -> HttpResponse:
    return _chair_action(
        request,
        slug,
        TextVersionForm,
        services_closing.issue_as_chairs_statement,
        _("The text is issued as a chair's statement with the consensus report."),
    )


@require_POST
def break_silence(request: HttpRequest, slug: str) -> HttpResponse:
    return _delegation_action(
        request,
        slug,
        form_class=SilenceBreakForm,
        delegation_for=permissions.delegation_stating_positions,
        run=services_closing.break_silence,
        done=_("Your delegation broke silence; the text is under negotiation again."),
        then=_back(slug),
    )


def report(request: HttpRequest, slug: str) -> HttpResponse:
    text = permissions.access_text(request.user, slug, need="record")
    found = selectors.report_for(text)
    found["paragraphs"] = [
        {**paragraph, "state": ParagraphState(paragraph["state"]).label}
        for paragraph in found["paragraphs"]
    ]
    return render(request, "negotiation/report.html", {"text": text, "report": found})


def paragraph(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    """One paragraph's dossier: positions (current and superseded), proposals, wordings."""
    text = permissions.access_text(request.user, slug, need="record")
    principal = principal_for(request.user)
    dossier = selectors.paragraph_dossier(principal, text, eid)
    if dossier is None:
        raise NotFound(_("The current version has no paragraph %(eid)s.") % {"eid": eid})
    panels = hooks.paragraph_panels(text, eid, principal)
    return render(
        request, "negotiation/paragraph.html", {"text": text, "dossier": dossier, "panels": panels}
    )
