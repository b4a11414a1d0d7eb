"""Start a text from a Word draft: upload, preview (nothing stored: the draft travels back
signed in the confirmation form), confirm. For the secretariat and a forum's chair."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.core.errors import ValidationFailed
from secretariat.core.i18n import content_languages
from secretariat.registry.models import Forum

from . import permissions_import, services_import
from .docx_import import UnreadableDraft, max_docx_bytes
from .forms_import import (
    DraftConfirmForm,
    DraftUploadForm,
    draft_payload,
    sign_draft,
    signed_draft,
)

# The confirmation posts the signed draft as a form field, read into memory: leave room for
# the other fields under Django's limit on such bodies.
_SIGNED_DRAFT_ROOM = 64 * 1024


def _upload_page(
    request: HttpRequest, form: DraftUploadForm, status: int = 200, problem: str = ""
) -> HttpResponse:
    context = {"form": form, "limit_mb": max_docx_bytes() // (1024 * 1024), "problem": problem}
    return render(request, "negotiation/import/upload.html", context, status=status)


def _preview_page(
    request: HttpRequest,
    forum: Forum,
    draft: dict[str, Any],
    form: DraftConfirmForm,
    status: int = 200,
) -> HttpResponse:
    paragraphs = draft["paragraphs"]
    marked = sum(1 for p in paragraphs for segment in p["content"] if "text" not in segment)
    return render(
        request,
        "negotiation/import/preview.html",
        {
            "forum": forum,
            "draft": draft,
            "form": form,
            "marked": marked,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_draft(request: HttpRequest) -> HttpResponse:
    principal = permissions_import.require_drafter(request.user)
    fora = permissions_import.fora_to_draft_in(principal)
    if request.method == "GET":
        return _upload_page(request, DraftUploadForm(fora=fora))
    if request.POST.get("forum"):  # a forum that is not theirs is refused, not "invalid"
        permissions_import.access_forum_to_draft(request.user, request.POST["forum"])
    form = DraftUploadForm(request.POST, request.FILES, fora=fora)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    forum, upload = form.cleaned_data["forum"], form.cleaned_data["file"]
    try:
        draft = services_import.preview_draft(forum=forum, file=upload)
        payload = draft_payload(forum, draft, upload.name or "")
        token = sign_draft(payload)
        if len(token) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE - _SIGNED_DRAFT_ROOM:
            raise UnreadableDraft(_("This draft is too long to preview; split it into parts."))
    except UnreadableDraft as error:
        form.add_error("file", error.detail)
        return _upload_page(request, form, status=400)
    title = draft.title or (upload.name or "").rsplit(".", 1)[0]
    language = get_language() if get_language() in content_languages() else "en"
    confirm = DraftConfirmForm(
        initial={
            "draft": token,
            "title": title,
            "slug": slugify(title)[:80].strip("-"),
            "kind": "ministerial_statement",
            "language": language,
        }
    )
    return _preview_page(request, forum, payload, confirm)


@require_POST
def confirm_import(request: HttpRequest) -> HttpResponse:
    principal = permissions_import.require_drafter(request.user)
    draft = signed_draft(request.POST.get("draft", ""))
    if draft is None:
        upload = DraftUploadForm(fora=permissions_import.fora_to_draft_in(principal))
        problem = _("This preview has expired or was altered; upload the file again.")
        return _upload_page(request, upload, status=400, problem=problem)
    forum = permissions_import.access_forum_to_draft(request.user, draft["forum"])
    form = DraftConfirmForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            text = services_import.create_text_from_draft(
                actor=request.user,
                forum=forum,
                slug=data["slug"],
                kind=data["kind"],
                title=data["title"],
                language=data["language"],
                draft=draft,
            )
        except ValidationFailed as error:
            form.add_error(None, error.detail)
        else:
            messages.success(
                request, _("The text was created with the Word draft as its zero draft.")
            )
            return redirect("negotiation:text", slug=text.slug)
    return _preview_page(request, forum, draft, form, status=400)
