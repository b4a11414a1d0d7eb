"""Outcome pages: the public page per language (cached), its printable page and downloads,
the Atom feed's list, the translation workspace and the secretariat's settings. Each view
authorises through ``permissions.access_*`` and calls at most one service."""

import functools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.comments import cache as comments_cache
from secretariat.comments.choices import TargetKind
from secretariat.core import page_cache
from secretariat.core.errors import Conflict, NotFound, ValidationFailed
from secretariat.core.observability import allow_own_styles
from secretariat.negotiation.choices import Classification
from secretariat.negotiation.models import Text
from secretariat.registry.permissions import principal_for

from . import cache, exports, page, permissions, selectors, services
from .choices import DownloadFormat
from .forms import CreateOutcomeForm, OutcomeSettingsForm, TranslationForm, VerifyForm
from .models import Outcome


def _language() -> str:
    """The page's language; where it is no content language, the fallback content one."""
    language = get_language() or settings.CONTENT_FALLBACK_LANGUAGE
    if language not in settings.CONTENT_LANGUAGES:
        return settings.CONTENT_FALLBACK_LANGUAGE
    return language


def outcomes(request: HttpRequest) -> HttpResponse:
    """Published outcomes, newest first."""
    language = _language()
    items = [(item, *exports.title_in(item, language)) for item in selectors.announced_outcomes()]
    return render(request, "outcomes/outcomes.html", {"items": items})


def outcome(request: HttpRequest, slug: str) -> HttpResponse:
    """The outcome in the page's language: verified paragraphs translated, the others in the
    original with a notice. Never the negotiating record."""
    language = _language()
    item = permissions.access_outcome_page(request.user, slug)
    names = cache.page_token_names(item.pk, item.meeting_id)
    comments_name = comments_cache.token_name(TargetKind.OUTCOME, item.text_id)

    def rendered(token: str, extra: dict[str, Any]) -> HttpResponse:
        signed_in = request.user.is_authenticated
        content = page.content(item, language, signed_in=signed_in, token=token)
        return render(
            request,
            "outcomes/outcome.html",
            {
                "outcome": item,
                "content": content,
                "language": language,
                "alternates": _alternates(request, item),
                "title": exports.title_in(item, language),
                "is_translator": permissions.is_translator(request.user),
                **extra,
            },
        )

    if not page_cache.cacheable(request):
        return rendered(cache.page_token(item.pk, item.meeting_id), {})
    # Signed-out readers get the whole page from the cache while nothing on it changed: its
    # content (the outcome's tokens and rows, the text's versions) and its comments. The
    # tokens and the page kept for them are read in one round trip.
    found = page_cache.read_in_state(
        request,
        "outcomes:outcome",
        [*names, comments_name],
        [
            request.get_host(),  # the alternates are absolute addresses
            item.pk,
            item.version,
            item.text.version,
            item.text.current_version_id,
        ],
    )
    if found.page is not None:
        return found.page
    token = cache.page_token_of(found.tokens[: len(names)], item.meeting_id)
    return page_cache.keep_in_state(request, found, lambda extra: rendered(token, extra))


def _alternates(request: HttpRequest, item: Outcome) -> tuple[tuple[str, str], ...]:
    """The page's address in each content language (``hreflang`` alternates)."""
    return _alternates_at(request.build_absolute_uri("/"), get_script_prefix(), item.slug)


@functools.lru_cache(maxsize=512)
def _alternates_at(root: str, prefix: str, slug: str) -> tuple[tuple[str, str], ...]:
    links = []
    for code in permissions.public_languages():
        with override(code):
            links.append((code, root.rstrip("/") + reverse("outcomes:outcome", args=[slug])))
    return tuple(links)


def print_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The outcome as a standalone page made for printing (the HTML download's layout)."""
    item = permissions.access_outcome(request.user, slug)
    built = exports.build(item, _language())
    return allow_own_styles(HttpResponse(exports.render_page(built, for_print=False)))


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in DownloadFormat.values:
        raise NotFound(f"No download format {fmt!r}.")
    language = _language()
    item = permissions.access_outcome(request.user, slug)
    built = exports.build(item, language)
    content_type, extension = exports.CONTENT_TYPES[DownloadFormat(fmt)]
    response = HttpResponse(exports.render(built, fmt), content_type=content_type)
    disposition = "inline" if fmt == DownloadFormat.HTML else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{item.slug}.{language}.{extension}"'
    )
    response["Content-Language"] = language
    return response


def workspace_index(request: HttpRequest) -> HttpResponse:
    """The outcomes a translator works on; the secretariat also prepares new ones here."""
    permissions.require_translator(request.user)
    is_secretariat = principal_for(request.user).is_secretariat
    texts = (
        Text.objects.filter(
            status__in=["adopted", "fallback"],
            classification=Classification.PUBLISHED,  # a restricted text stays the forum's
            outcome__isnull=True,
        )
        if is_secretariat
        else Text.objects.none()
    )
    form = CreateOutcomeForm(texts=texts)
    if request.method == "POST":
        permissions.require_secretariat(request.user)
        form = CreateOutcomeForm(request.POST, texts=texts)
        if form.is_valid():
            text = texts.get(slug=form.cleaned_data["text"])
            try:
                created = services.create_outcome(
                    actor=request.user, text=text, slug=form.cleaned_data["slug"]
                )
            except ValidationFailed as error:
                form.add_error(None, error.detail)
            else:
                return redirect("outcomes:manage", slug=created.slug)
    assignments = permissions.assignments_of(request.user)
    languages = (
        [code for code, _name in _all_languages()] if is_secretariat else sorted(assignments)
    )
    return render(
        request,
        "outcomes/workspace_index.html",
        {
            "outcomes": list(permissions.outcomes_visible_to(request.user).select_related("text")),
            "languages": languages,
            "form": form if is_secretariat and texts else None,
        },
        status=422 if request.method == "POST" else 200,
    )


def _all_languages() -> list[tuple[str, str]]:
    from .forms import language_choices

    return language_choices()


def workspace(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """Source and target side by side, with memory suggestions for every paragraph."""
    item = permissions.access_outcome(request.user, slug, need="translate", language=language)
    return _workspace(request, item, language)


def _workspace(
    request: HttpRequest,
    item: Outcome,
    language: str,
    *,
    errors: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    if language == item.source_language:
        raise NotFound(_("The original language is not translated."))
    paragraphs = selectors.source_paragraphs(item)
    rows = selectors.rows_for(item, language, paragraphs)
    selectors.memory_for(item, language, rows)
    return render(
        request,
        "outcomes/workspace.html",
        {
            "outcome": item,
            "language": language,
            "rows": rows,
            "may_review": permissions.may_review(request.user, language),
            "errors": errors or {},
        },
        status=status,
    )


@require_POST
def save_translation(request: HttpRequest, slug: str, language: str, eid: str) -> HttpResponse:
    item = permissions.access_outcome(request.user, slug, need="translate", language=language)
    form = TranslationForm(request.POST)
    if not form.is_valid():
        return _workspace(request, item, language, errors={eid: form.errors}, status=422)
    try:
        services.save_translation(
            actor=request.user,
            outcome=item,
            eid=eid,
            language=language,
            text=form.cleaned_data["text"],
            heading=form.cleaned_data["heading"],
            version=form.cleaned_data["version"],
            from_memory=form.cleaned_data["suggestion"],
        )
    except ValidationFailed as error:
        return _workspace(request, item, language, errors={eid: [error.detail]}, status=422)
    except Conflict as error:
        return _workspace(request, item, language, errors={eid: [error.detail]}, status=409)
    messages.success(request, _("Translation saved as a draft."))
    return redirect(reverse("outcomes:workspace", args=[item.slug, language]) + f"#p-{eid}")


@require_POST
def verify_translation(request: HttpRequest, slug: str, language: str, eid: str) -> HttpResponse:
    item = permissions.access_outcome(request.user, slug, need="review", language=language)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _workspace(request, item, language, errors={eid: form.errors}, status=422)
    try:
        services.verify_translation(
            actor=request.user,
            outcome=item,
            eid=eid,
            language=language,
            version=form.cleaned_data["version"],
        )
    except ValidationFailed as error:
        return _workspace(request, item, language, errors={eid: [error.detail]}, status=422)
    except Conflict as error:
        return _workspace(request, item, language, errors={eid: [error.detail]}, status=409)
    messages.success(request, _("Translation verified."))
    return redirect(reverse("outcomes:workspace", args=[item.slug, language]) + f"#p-{eid}")


def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat's settings: required languages, each language's state, announcing."""
    item = permissions.access_outcome(request.user, slug, need="manage")
    form = OutcomeSettingsForm(
        initial={"required_languages": item.required_languages, "version": item.version},
        source=item.source_language,
    )
    status = 200
    if request.method == "POST":
        form = OutcomeSettingsForm(request.POST, source=item.source_language)
        if form.is_valid():
            try:
                services.update_outcome(
                    actor=request.user,
                    outcome=item,
                    version=form.cleaned_data["version"],
                    changes={"required_languages": form.cleaned_data["required_languages"]},
                )
            except (ValidationFailed, Conflict) as error:
                form.add_error(None, error.detail)
                status = error.status
            else:
                messages.success(request, _("Settings saved."))
                return redirect("outcomes:manage", slug=item.slug)
        else:
            status = 422
    paragraphs = selectors.source_paragraphs(item)
    return render(
        request,
        "outcomes/manage.html",
        {
            "outcome": item,
            "form": form,
            "summaries": selectors.language_summaries(item, paragraphs),
        },
        status=status,
    )


@require_POST
def announce(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_outcome(request.user, slug, need="manage")
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; try again."))
        return redirect("outcomes:manage", slug=item.slug)
    try:
        services.announce_outcome(
            actor=request.user, outcome=item, version=form.cleaned_data["version"]
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.detail)
        return redirect("outcomes:manage", slug=item.slug)
    messages.success(request, _("The outcome is announced and public."))
    return redirect("outcomes:outcome", slug=item.slug)
