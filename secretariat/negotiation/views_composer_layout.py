"""The composer's layout actions: add, delete, move (a paragraph or a section) and
renumber. Each authorises through ``views_composer._chaired``, calls one
``composer_layout`` service and answers with the redrawn list (htmx) or the page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.errors import Conflict, ValidationFailed

from . import composer, composer_layout
from .choices import Part
from .forms_composer import AddForm, DraftVersionForm, KeyForm, MoveForm
from .views_composer import _chaired, _editor_context, _htmx, _list, _refused, _rows, _with_version


@require_POST
def add(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    form = AddForm(request.POST)
    if not form.is_valid():
        return _refused(request, text, ValidationFailed(_("Say where to add the paragraph.")))
    try:
        draft, key = composer_layout.add_paragraph(
            actor=request.user,
            draft=draft,
            version=form.cleaned_data["version"],
            after=form.cleaned_data["after"] or None,
            part=form.cleaned_data["part"] or Part.BODY,
        )
    except (Conflict, ValidationFailed) as error:
        return _refused(request, text, error)
    if not _htmx(request):
        messages.success(request, _("Paragraph added: give its wording."))
        return redirect(reverse("negotiation:compose", args=[slug]) + f"?edit={key}#{key}")
    context = {
        "text": text,
        "draft": draft,
        "rows": _rows(draft),
        "editor": _editor_context(text, draft, key),
        "said": _("Paragraph added: give its wording."),
    }
    response = render(request, "negotiation/composer/_paragraphs.html", context)
    return _with_version(response, draft)


@require_POST
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    form = KeyForm(request.POST)
    if not form.is_valid():
        return _refused(request, text, ValidationFailed(_("Say which paragraph to delete.")))
    try:
        draft = composer_layout.delete_paragraph(
            actor=request.user,
            draft=draft,
            version=form.cleaned_data["version"],
            key=form.cleaned_data["key"],
        )
    except (Conflict, ValidationFailed) as error:
        return _refused(request, text, error)
    return _list(request, text, draft, _("Paragraph deleted."))


@require_POST
def move(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, text, ValidationFailed(_("Say which paragraph to move where.")))
    key, direction = form.cleaned_data["key"], form.cleaned_data["direction"]
    section = form.cleaned_data["scope"] == "section"
    try:
        draft = (composer_layout.move_section if section else composer_layout.move_paragraph)(
            actor=request.user,
            draft=draft,
            version=form.cleaned_data["version"],
            key=key,
            direction=direction,
        )
    except (Conflict, ValidationFailed) as error:
        return _refused(request, text, error)
    if section:
        said = _("Section moved up.") if direction == "up" else _("Section moved down.")
        return _list(request, text, draft, said, focus=f"{key}-section-{direction}")
    said = _("Paragraph moved up.") if direction == "up" else _("Paragraph moved down.")
    return _list(request, text, draft, said, focus=f"{key}-{direction}")


@require_POST
def renumber(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    form = DraftVersionForm(request.POST)
    if not form.is_valid():
        return _refused(request, text, ValidationFailed(_("The form lacks the draft's version.")))
    try:
        draft = composer_layout.renumber(
            actor=request.user, draft=draft, version=form.cleaned_data["version"]
        )
    except Conflict as error:
        return _refused(request, text, error)
    return _list(request, text, draft, _("Paragraphs renumbered 1 to n; each keeps its wId."))
