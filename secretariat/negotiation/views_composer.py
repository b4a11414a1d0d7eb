"""The version composer's pages (chair of the owning forum and the secretariat). Each view
authorises through ``permissions.access_text(need="chair")`` and calls one ``composer``
service. htmx requests get fragments (one paragraph, or the list); plain form posts get the
page back, so everything also works without JavaScript. A stale draft version answers 409
with the user's input kept."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.registry.models import Delegation

from . import composer, composer_markup, permissions
from .choices import Part, VersionKind
from .forms_composer import (
    DraftVersionForm,
    ParagraphForm,
    PublishForm,
    segments_from,
)
from .models import Text, VersionDraft


def _chaired(request: HttpRequest, slug: str) -> Text:
    """The text, if the user chairs its forum or is the secretariat (404 if unseen, 403)."""
    return permissions.access_text(request.user, slug, need="chair")


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _delegations(text: Text) -> list[Delegation]:
    return list(
        Delegation.objects.filter(forum_id=text.forum_id)
        .select_related("economy")
        .order_by("economy__code")
    )


def _rows(draft: VersionDraft, errors: dict[str, list[str]] | None = None) -> list[dict]:
    """Each paragraph with its problems and whether it may move up or down."""
    errors = errors or {}
    paragraphs = draft.paragraphs
    last = len(paragraphs) - 1
    rows = []
    for i, item in enumerate(paragraphs):
        section = (item.get("part"), item.get("heading", ""))
        opens = bool(item.get("heading")) and (
            i == 0
            or (paragraphs[i - 1].get("part"), paragraphs[i - 1].get("heading", "")) != section
        )
        rows.append(
            {
                "item": item,
                "errors": errors.get(item.get("key", ""), []),
                "first": i == 0,
                "last": i == last,
                "opens_section": opens,
            }
        )
    return rows


def _with_version(response: HttpResponse, draft: VersionDraft | None) -> HttpResponse:
    """composer.js keeps every form's hidden version in step with this header."""
    if draft is not None:
        response["X-Draft-Version"] = str(draft.version)
    return response


def _page(
    request: HttpRequest,
    text: Text,
    draft: VersionDraft,
    *,
    editing: str = "",
    editor: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    if editing and editor is None and any(p.get("key") == editing for p in draft.paragraphs):
        editor = _editor_context(text, draft, editing)
    context = {
        "text": text,
        "draft": draft,
        "rows": _rows(draft, errors),
        "parts": Part.choices,
        "publish_form": PublishForm(initial={"kind": draft.kind, "version": draft.version}),
        "editor": editor,
    }
    response = render(request, "negotiation/composer/page.html", context, status=status)
    return _with_version(response, draft)


def _list(
    request: HttpRequest, text: Text, draft: VersionDraft, said: str, focus: str = ""
) -> HttpResponse:
    """The paragraph list after a change, with the change announced and focus kept."""
    if not _htmx(request):
        messages.success(request, said)
        url = reverse("negotiation:compose", args=[text.slug])
        return redirect(f"{url}#{focus}" if focus else url)
    context = {"text": text, "draft": draft, "rows": _rows(draft), "said": said, "focus": focus}
    response = render(request, "negotiation/composer/_paragraphs.html", context)
    return _with_version(response, draft)


def _refused(request: HttpRequest, text: Text, error: Conflict | ValidationFailed) -> HttpResponse:
    """A refused structural change: said beside the list (htmx) or on the page."""
    draft = composer.draft_of(text)
    if not _htmx(request):
        messages.error(request, error.detail)
        return redirect("negotiation:compose", slug=text.slug)
    context = {
        "text": text,
        "draft": draft,
        "rows": _rows(draft, getattr(error, "errors", {})),
        "said": error.detail,
        "alert": True,
    }
    status = 409 if isinstance(error, Conflict) else 422
    response = render(request, "negotiation/composer/_paragraphs.html", context, status=status)
    return _with_version(response, draft)


@require_GET
def compose(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.open_draft(text)
    if draft is None:
        return render(request, "negotiation/composer/start.html", {"text": text})
    return _page(request, text, draft, editing=request.GET.get("edit", "")[:60])


@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    try:
        composer.start_draft(actor=request.user, text=text)
    except ValidationFailed as error:
        messages.error(request, error.detail)
        return redirect("negotiation:text", slug=slug)
    return redirect("negotiation:compose", slug=slug)


def _editor_context(
    text: Text,
    draft: VersionDraft,
    key: str,
    *,
    form: ParagraphForm | None = None,
    content: list[dict[str, Any]] | None = None,
    error: str = "",
    excerpt: str = "",
    conflict: bool = False,
) -> dict[str, Any]:
    item = draft.paragraphs[composer.paragraph_index(draft, key)]
    if content is None:
        content = item.get("content") or []
    if form is None:
        form = ParagraphForm(
            initial={
                "markup": composer_markup.to_markup(content),
                "heading": item.get("heading", ""),
                "num": item.get("num", ""),
                "illustrative": item.get("illustrative", False),
                "version": draft.version,
            },
            auto_id=f"{key}-%s",
        )
    holders = composer_markup.holders_of(content)
    return {
        "text": text,
        "draft": draft,
        "item": item,
        "key": key,
        "form": form,
        "spans": [(span, holders.get(span.field, [])) for span in composer_markup.spans(content)],
        "delegations": _delegations(text),
        "error": error,
        "excerpt": excerpt,
        "conflict": conflict,
    }


def _editor(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if _htmx(request):
        wrapped = {"editor": context, "text": context["text"], "draft": context["draft"]}
        response = render(request, "negotiation/composer/_editor.html", wrapped, status=status)
        return _with_version(response, context["draft"])
    text, draft = context["text"], context["draft"]
    return _page(request, text, draft, editor=context, status=status)


def paragraph(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """GET: the paragraph's editor. POST: save its wording, holders, heading and number."""
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    composer.paragraph_index(draft, key)  # 404 for a paragraph that is not in the draft
    if request.method == "GET":
        if request.GET.get("view") == "1" and _htmx(request):
            return _paragraph_fragment(request, text, draft, key)
        return _editor(request, _editor_context(text, draft, key))
    if request.method != "POST":
        return HttpResponse(status=405)
    return _save_paragraph(request, text, draft, key)


def _save_paragraph(
    request: HttpRequest, text: Text, draft: VersionDraft, key: str
) -> HttpResponse:
    form = ParagraphForm(request.POST, auto_id=f"{key}-%s")
    if not form.is_valid():
        return _editor(request, _editor_context(text, draft, key, form=form), status=422)
    codes = composer.economy_codes(text)
    try:
        content = segments_from(form, codes)
    except composer_markup.MarkupError as problem:
        context = _editor_context(
            text, draft, key, form=form, error=problem.message, excerpt=problem.excerpt
        )
        return _editor(request, context, status=422)
    heading_before = draft.paragraphs[composer.paragraph_index(draft, key)].get("heading", "")
    try:
        draft = composer.save_paragraph(
            actor=request.user,
            draft=draft,
            version=form.cleaned_data["version"],
            key=key,
            content=content,
            heading=form.cleaned_data["heading"],
            num=form.cleaned_data["num"],
            illustrative=form.cleaned_data["illustrative"],
        )
    except Conflict:
        context = _editor_context(text, draft, key, form=form, content=content, conflict=True)
        return _editor(request, context, status=409)
    except ValidationFailed as error:
        context = _editor_context(text, draft, key, form=form, content=content, error=error.detail)
        return _editor(request, context, status=422)
    if _htmx(request) and heading_before != form.cleaned_data["heading"].strip():
        response = _list(request, text, draft, _("Paragraph saved."), focus=key)
        response["HX-Retarget"] = "#paragraphs"
        response["HX-Reswap"] = "outerHTML"
        return response
    if _htmx(request):
        return _paragraph_fragment(request, text, draft, key, said=_("Paragraph saved."))
    messages.success(request, _("Paragraph saved."))
    return redirect(reverse("negotiation:compose", args=[text.slug]) + f"#{key}")


def _paragraph_fragment(
    request: HttpRequest, text: Text, draft: VersionDraft, key: str, said: str = ""
) -> HttpResponse:
    index = composer.paragraph_index(draft, key)
    context = {
        "text": text,
        "draft": draft,
        "item": draft.paragraphs[index],
        "focus": key,
        "said": said,
        "standalone": True,
        "is_first": index == 0,
        "is_last": index == len(draft.paragraphs) - 1,
    }
    response = render(request, "negotiation/composer/_paragraph.html", context)
    return _with_version(response, draft)


@require_POST
def holders(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The holder checkboxes for the brackets and options typed so far (nothing is saved)."""
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    composer.paragraph_index(draft, key)
    form = ParagraphForm(request.POST, auto_id=f"{key}-%s")
    form.is_valid()  # the markup is read below whatever the other fields say
    codes = composer.economy_codes(text)
    markup = str(request.POST.get("markup", ""))[:10_000]
    context = _editor_context(text, draft, key, form=form)
    wrapped = {"editor": context, "text": text, "draft": draft}
    try:
        content = composer_markup.with_holders(
            composer_markup.parse(markup), form.posted_holders(codes)
        )
    except composer_markup.MarkupError as problem:
        context.update(error=problem.message, excerpt=problem.excerpt, spans=[], holders_error=True)
        return render(request, "negotiation/composer/_holders.html", wrapped, status=422)
    holders_now = composer_markup.holders_of(content)
    context["spans"] = [
        (span, holders_now.get(span.field, [])) for span in composer_markup.spans(content)
    ]
    return render(request, "negotiation/composer/_holders.html", wrapped)


@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    result = composer.preview(draft)
    only_changes = request.GET.get("all") != "1"
    context = {
        "text": text,
        "draft": draft,
        "redline": result,
        "rows": [row for row in result.rows if row.is_change or not only_changes],
        "only_changes": only_changes,
        "problems": composer.problems(draft),
        "publish_form": PublishForm(initial={"kind": draft.kind, "version": draft.version}),
    }
    return render(request, "negotiation/composer/preview.html", context)


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of version."))
        return redirect("negotiation:compose", slug=slug)
    try:
        version = composer.publish_draft(
            actor=request.user,
            draft=draft,
            version=form.cleaned_data["version"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
    except Conflict as error:
        messages.error(request, error.detail)
        return redirect("negotiation:compose", slug=slug)
    except ValidationFailed as error:
        messages.error(request, error.detail)
        return _page(request, text, composer.draft_of(text), errors=error.errors, status=422)
    messages.success(
        request,
        _("Version %(number)s (%(kind)s) is published; delegations see it now.")
        % {"number": version.number, "kind": VersionKind(version.kind).label},
    )
    return redirect("negotiation:text", slug=slug)


@require_POST
def discard(request: HttpRequest, slug: str) -> HttpResponse:
    text = _chaired(request, slug)
    draft = composer.draft_of(text)
    form = DraftVersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(_("The form lacks the draft's version."))
        composer.discard_draft(
            actor=request.user, draft=draft, version=form.cleaned_data["version"]
        )
    except (Conflict, ValidationFailed) as error:
        messages.error(request, error.detail)
        return redirect("negotiation:compose", slug=slug)
    messages.success(request, _("The draft was discarded; the current version is unchanged."))
    return redirect("negotiation:text", slug=slug)
