"""The "precedents" panel of a paragraph under negotiation, and inserting a precedent as a
draft amendment with one click."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from secretariat.core.errors import DomainError, NotFound
from secretariat.negotiation import permissions
from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.consensus import plain_text
from secretariat.registry.permissions import principal_for

from . import selectors, services
from .forms import DraftForm, InsertPrecedentForm

PANEL_LIMIT = 5
UNDER_NEGOTIATION = (TextStatus.NEGOTIATING, TextStatus.SILENCE)


def panel_url(text: Any, eid: str, principal: Any) -> str | None:
    """The panel on the paragraph page, for texts still under negotiation."""
    if text.status not in UNDER_NEGOTIATION:
        return None
    return reverse("precedents:panel", args=[text.slug, eid])


def _paragraph(request: HttpRequest, slug: str, eid: str) -> tuple[Any, Any]:
    text = permissions.access_text(request.user, slug, need="record")
    paragraph = selectors.current_paragraph(text, eid)
    if paragraph is None:
        raise NotFound(_("The current version has no paragraph %(eid)s.") % {"eid": eid})
    return text, paragraph


@require_GET
def panel(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    """Precedents for the paragraph's wording, or for the draft typed in ``q``; a fragment
    for htmx, a page of its own otherwise."""
    text, paragraph = _paragraph(request, slug, eid)
    principal = principal_for(request.user)
    form = DraftForm(request.GET)
    typed = form.cleaned_data["q"].strip() if form.is_valid() else ""
    draft = typed or plain_text(paragraph.content)
    may_insert = (
        text.status == TextStatus.NEGOTIATING
        and permissions.delegation_roles_on(principal, text)["amendments"] is not None
    )
    context = {
        "text": text,
        "paragraph": paragraph,
        "form": DraftForm(initial={"q": typed}),
        "draft": draft,
        "precedents": selectors.find_precedents(principal, draft, limit=PANEL_LIMIT),
        "may_insert": may_insert,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "precedents/_panel.html", context)
    return render(request, "precedents/panel.html", context)


@require_POST
def insert(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    """Propose the chosen precedent's wording as a replacement of this paragraph."""
    text, paragraph = _paragraph(request, slug, eid)
    delegation = permissions.delegation_proposing(request.user, text)
    form = InsertPrecedentForm(request.POST)
    back = redirect("negotiation:paragraph", slug=slug, eid=eid)
    if not form.is_valid():
        messages.error(request, _("Not saved: choose a precedent."))
        return back
    found = selectors.precedent(principal_for(request.user), form.cleaned_data["precedent"])
    if found is None:
        raise NotFound(_("No precedent matches that paragraph."))
    try:
        services.propose_precedent(
            actor=request.user, text=text, delegation=delegation, eid=eid, precedent=found
        )
    except DomainError as error:
        if error.status in (401, 403, 404):
            raise
        messages.error(request, _("Not saved: %(detail)s") % {"detail": error.detail})
        return back
    messages.success(
        request,
        _(
            "The agreed wording was saved as your draft amendment. Only your economy sees it "
            "until you submit it."
        ),
    )
    return back
