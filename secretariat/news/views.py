"""News pages: the public list and item page, the image view, and the secretariat's pages
to write, review and schedule. Each view authorises through ``permissions`` and calls at
most one service."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.comments import cache as comments_cache
from secretariat.comments.choices import TargetKind
from secretariat.core import cache_tokens, page_cache
from secretariat.core.errors import Conflict, DomainError, ValidationFailed
from secretariat.core.i18n import resolve
from secretariat.core.protected_files import protected_file_response
from secretariat.meetings import cache as meetings_cache
from secretariat.meetings import selectors as meeting_selectors
from secretariat.negotiation.choices import TextClassification, TextStatus
from secretariat.negotiation.models import Text
from secretariat.registry.permissions import principal_for

from . import permissions, selectors, services, uploads
from .choices import EDITABLE_STATES, NEXT_STATES, NewsKind
from .forms import ImageForm, NewsItemForm, TransitionForm, initial_from
from .models import NewsItem

PAGE_SIZE = 20


def news_list(request: HttpRequest) -> HttpResponse:
    """Published news and press releases, newest first; embargoed releases only for the
    accredited press of their meeting (marked EMBARGOED) and the secretariat."""
    now = timezone.now()
    items = selectors.news_live_for(principal_for(request.user), now)
    kind = request.GET.get("kind")
    if kind in NewsKind.values:
        items = items.filter(kind=kind)
    else:
        kind = None
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))

    def rendered(extra: dict[str, Any]) -> HttpResponse:
        context = {"page": page, "items": page.object_list, "now": now, "kind": kind}
        return render(request, "news/list.html", {**context, "kinds": NewsKind, **extra})

    if not page_cache.cacheable(request):
        return rendered({})
    # Signed-out readers see public items only (no embargo marks): the page is what its
    # items' shown columns and the number of pages are.
    shown = page.object_list.values_list(*_CARD_COLUMNS)
    return page_cache.serve(request, "news:list", [page.paginator.count, list(shown)], rendered)


# What a card on the list shows (news/_item_card.html), and the version of the rest.
_CARD_COLUMNS = ("pk", "version", "kind", "title", "summary", "published_at", "embargo_until")


def _item_context(request: HttpRequest, item: NewsItem) -> dict[str, Any]:
    now = timezone.now()
    images = list(item.images.all())
    summary = resolve(item.summary)
    body = resolve(item.body)
    return {
        "item": item,
        "title": resolve(item.title),
        "summary": summary,
        "body": body,
        "images": images,
        "embargoed": item.is_embargoed_at(now),
        "scheduled": item.is_scheduled_at(now),
        "public": item.is_public_at(now),
        "can_edit": principal_for(request.user).is_secretariat,
        "description": (summary.text or body.text)[:300],
        "languages": sorted(item.title.keys()),
    }


def news_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Signed-out readers (the public arriving with an announcement) get the page from the
    cache while nothing it shows changed: rendering it cost ten times the outcome page."""
    item = permissions.access_news_item(request.user, item_id)
    if not page_cache.cacheable(request):
        return render(request, "news/item.html", _item_context(request, item))
    return page_cache.serve(
        request,
        "news:item",
        _item_page_state(request, item),
        lambda extra: render(request, "news/item.html", _item_context(request, item) | extra),
    )


def _item_page_state(request: HttpRequest, item: NewsItem) -> list[Any]:
    """What the public item page shows, read before rendering it: every column of the item
    (an edit through a queryset bumps no version), its images, the meeting's and the
    outcome's names and versions, whether the outcome is announced, and the comments."""
    names = [comments_cache.token_name(TargetKind.NEWS, item.pk)]
    if item.meeting_id is not None:
        names += meetings_cache.token_names(item.meeting_id)
    # The reverse relation the page reads too (None when the text has no public page).
    published = getattr(item.outcome, "outcome", None) if item.outcome_id else None
    return [
        request.scheme,
        request.get_host(),  # Open Graph tags carry absolute addresses
        [getattr(item, field.attname) for field in NewsItem._meta.concrete_fields],
        list(item.images.values_list("pk", "position", "width", "height", "alt")),
        item.meeting.version if item.meeting_id is not None else None,
        item.outcome.version if item.outcome_id is not None else None,
        (published.pk, published.slug, published.announced_at) if published else None,
        cache_tokens.current(*names),
    ]


def image(request: HttpRequest, image_id: int) -> HttpResponseBase:
    """An item's image, to whoever may see the item (the files are never served directly)."""
    found = permissions.access_news_image(request.user, image_id)
    return protected_file_response(
        found.file,
        filename=f"news-{found.item_id}-{found.pk}.{found.image_format}",
        content_type=uploads.MEDIA_TYPES[found.image_format],
    )


# Staff pages --------------------------------------------------------------------------------


def manage(request: HttpRequest) -> HttpResponse:
    """Every item, whatever its state, for the secretariat."""
    permissions.require_staff(request.user)
    return render(
        request,
        "news/manage.html",
        {"items": selectors.staff_news()[:500], "now": timezone.now()},
    )


def _outcomes() -> Any:
    return Text.objects.filter(
        status=TextStatus.ADOPTED, classification=TextClassification.PUBLISHED
    ).order_by("-adopted_at", "pk")


def _form(data: Any = None, initial: Any = None) -> NewsItemForm:
    return NewsItemForm(
        data,
        initial=initial,
        meetings=meeting_selectors.meetings_list().order_by("-start_date", "pk"),
        outcomes=_outcomes(),
    )


def _links(form: NewsItemForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "meeting": meeting_selectors.meetings_list().filter(pk=data.get("meeting")).first()
        if data.get("meeting")
        else None,
        "outcome": Text.objects.filter(pk=data.get("outcome")).first()
        if data.get("outcome")
        else None,
    }


def _editor(request: HttpRequest, form: NewsItemForm, item: Any = None, *, status: int = 200,
            conflict: Any = None) -> HttpResponse:  # fmt: skip
    context: dict[str, Any] = {"form": form, "item": item, "conflict": conflict}
    if item is not None:
        context.update(
            next_states=sorted(NEXT_STATES[item.state]),
            is_editable=item.state in EDITABLE_STATES,
            images=list(item.images.all()),
            image_form=ImageForm(),
            now=timezone.now(),
        )
    return render(request, "news/edit.html", context, status=status)


def _add_domain_error(form: Any, error: DomainError) -> None:
    errors = getattr(error, "errors", None) or {}
    placed = False
    for field, texts in errors.items():
        if field in form.fields:
            form.add_error(field, texts[0] if texts else error.detail)
            placed = True
    if not placed:
        form.add_error(None, error.detail)


def create(request: HttpRequest) -> HttpResponse:
    permissions.require_staff(request.user)
    if request.method != "POST":
        return _editor(request, _form(initial={"original_language": "en", "kind": "news"}))
    form = _form(request.POST)
    if not form.is_valid():
        return _editor(request, form, status=422)
    try:
        item = services.create_news_item(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            **form.service_fields(),
            **_links(form),
        )
    except ValidationFailed as error:
        _add_domain_error(form, error)
        return _editor(request, form, status=422)
    messages.success(request, _("The draft is saved."))
    return redirect("news:edit", item_id=item.pk)


def _initial(item: NewsItem) -> dict[str, Any]:
    original = next(
        (code for code, entry in item.title.items() if entry.get("status") == "original"), "en"
    )
    return {
        "kind": item.kind,
        "original_language": original,
        "meeting": item.meeting_id,
        "outcome": item.outcome_id,
        "related_url": item.related_url,
        "embargo_until": item.embargo_until,
        "version": item.version,
        **initial_from(item.title, "title"),
        **initial_from(item.summary, "summary"),
        **initial_from(item.body, "body"),
    }


def edit(request: HttpRequest, item_id: int) -> HttpResponse:
    """Edit an item not yet published. The form carries the version it was read at: a save
    based on an older one is refused (409) with the other version shown, the text kept."""
    item = permissions.access_news_item(request.user, item_id, need="edit")
    if request.method != "POST":
        return _editor(request, _form(initial=_initial(item)), item)
    form = _form(request.POST)
    if not form.is_valid() or form.cleaned_data.get("version") is None:
        if form.is_bound and not form.errors:
            form.add_error(None, _("The form lost its version: reload the page."))
        return _editor(request, form, item, status=422)
    try:
        services.update_news_item(
            actor=request.user,
            item=item,
            version=form.cleaned_data["version"],
            kind=form.cleaned_data["kind"],
            **form.service_fields(),
            **_links(form),
        )
    except Conflict as error:
        form.add_error(
            None,
            _("Someone saved this item after you opened it. Your text is below and was not "
              "saved; the other version is shown beside it. Reload to start from it."),
        )  # fmt: skip
        return _editor(request, form, item, status=409, conflict=error.current)
    except ValidationFailed as error:
        _add_domain_error(form, error)
        return _editor(request, form, item, status=422)
    messages.success(request, _("The item is saved."))
    return redirect("news:edit", item_id=item.pk)


@require_POST
def transition(request: HttpRequest, item_id: int) -> HttpResponse:
    item = permissions.access_news_item(request.user, item_id, need="edit")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state, and a valid time if you give one."))
        return redirect("news:edit", item_id=item.pk)
    try:
        moved = services.change_state(
            actor=request.user,
            item=item,
            version=form.cleaned_data["version"],
            state=form.cleaned_data["state"],
            published_at=form.cleaned_data.get("published_at"),
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.detail)
    else:
        if moved.is_scheduled_at(timezone.now()):
            messages.success(request, _("The item is scheduled."))
        else:
            messages.success(
                request, _("The item is now %(state)s.") % {"state": moved.get_state_display()}
            )
    return redirect("news:edit", item_id=item.pk)


@require_POST
def add_image(request: HttpRequest, item_id: int) -> HttpResponse:
    item = permissions.access_news_item(request.user, item_id, need="edit")
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image file and describe it."))
        return redirect("news:edit", item_id=item.pk)
    upload = form.cleaned_data["file"]
    original = next(
        (code for code, entry in item.title.items() if entry.get("status") == "original"), "en"
    )
    try:
        services.add_image(
            actor=request.user,
            item=item,
            upload=upload,
            size=upload.size,
            alt=form.alt(original),
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The image is added."))
    return redirect("news:edit", item_id=item.pk)
