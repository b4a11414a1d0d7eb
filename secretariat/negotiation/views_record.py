"""The text as whoever may not see its negotiating record reads it (its wording and outcome),
and the secretariat's form that derestricts the record (ADR 0020)."""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core import cache_tokens, page_cache
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.registry.models import Economy, Forum
from secretariat.registry.permissions import principal_for

from . import permissions, permissions_reservations, selectors, services_record
from .forms_record import RecordDerestrictionForm
from .models import Reservation, Text


def _outcome_parts(text_id: int, version: int) -> list[object]:
    """What the outcome page shows, as cache key parts: the text's row (its version moves
    with every change to it, new versions included), the rows it names (forum, economies,
    reservations) and its reader comments. Taken before reading any of them."""
    from secretariat.comments import cache as comments_cache  # the section under the text
    from secretariat.summaries import cache as summaries_cache  # its automatic extract

    names = [cache_tokens.rows_of(m) for m in (Forum, Economy, Reservation)]
    names.append(summaries_cache.token_name("text", text_id))
    # One round trip to the cache for all the tokens, the comments' included (last).
    return [
        text_id,
        version,
        *cache_tokens.current(*names, comments_cache.token_name("outcome", text_id)),
    ]


def cached_outcome(request: HttpRequest, slug: str) -> HttpResponse | None:
    """A signed-out reader's outcome page: from the cache (one small read), or rendered with
    the text read by a prepared query; None if the reader is not shown the outcome page."""
    head = selectors.anonymous_outcome_head(slug)
    if head is None:
        return None
    cached = page_cache.lookup(request, "negotiation:outcome", _outcome_parts(*head))
    if cached is not None:
        return cached
    text = selectors.text_for_outcome_page(head[0])
    return None if text is None else outcome(request, text)


def outcome(request: HttpRequest, text: Text) -> HttpResponse:
    """The version the text stands at and the reservations that are part of its outcome:
    nothing of the map, positions, proposals or earlier versions (not even their links).
    Signed-out readers get it from the cache (``cached_outcome``)."""
    return page_cache.serve(
        request,
        "negotiation:outcome",
        _outcome_parts(text.pk, text.version),
        lambda extra: _outcome(request, text, extra),
    )


def _outcome(request: HttpRequest, text: Text, extra: dict) -> HttpResponse:
    return render(
        request,
        "negotiation/text_outcome.html",
        {"text": text, "outcome_body": _outcome_body(request, text), **extra},
    )


def _outcome_body(request: HttpRequest, text: Text) -> SafeString:
    """The text, its reservations and exports: the same for every signed-out reader in a
    language, and kept apart from the page, so a new comment (which renews the page) does
    not render the text again."""
    parts = _outcome_parts(text.pk, text.version)[:-1]  # all but the comments' token
    state = "|".join(str(p) for p in (*parts, get_language(), get_script_prefix()))
    key = f"negotiation:outcome-body:{hashlib.sha256(state.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is not None and not request.user.is_authenticated:
        return mark_safe(cached)  # noqa: S308 - rendered by our template
    version = text.current_version
    assert version is not None  # noqa: S101 - texts get a version when created
    reservations = (
        permissions_reservations.reservations_visible_to(principal_for(request.user), text)
        .select_related("delegation__economy", "provision")
        .order_by("created_at", "pk")
    )
    paragraphs = selectors.wordings(version)
    nums = {p.provision_id: p.num or p.provision.eid for p in paragraphs}
    body = render_to_string(
        "negotiation/_outcome_body.html",
        {
            "text": text,
            "version": version,
            "paragraphs": paragraphs,
            # Each with the number of the paragraph it is on (None: the whole text).
            "reservations": [
                (
                    r,
                    (nums.get(r.provision.pk) or r.provision.eid) if r.provision else None,
                )
                for r in reservations
            ],
        },
    )
    if not request.user.is_authenticated:
        cache.set(key, body, page_cache.SECONDS)
    return mark_safe(body)  # noqa: S308 - rendered by our template


@require_POST
def derestrict_record(request: HttpRequest, slug: str) -> HttpResponse:
    text = permissions.access_text(request.user, slug, need="derestrict")
    form = RecordDerestrictionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not derestricted: name the decision and try again."))
        return redirect("negotiation:text", slug=slug)
    try:
        services_record.derestrict_record(
            actor=request.user,
            text=text,
            decision=form.cleaned_data["decision"],
            version=form.cleaned_data["version"],
        )
    except Conflict as error:
        message = _("Not derestricted: %(detail)s Reload to see what changed.")
        messages.error(request, message % {"detail": error.detail})
    except ValidationFailed as error:
        messages.error(request, _("Not derestricted: %(detail)s") % {"detail": error.detail})
    else:
        messages.success(
            request, _("The negotiating record is now open to everyone who reads the text.")
        )
    return redirect("negotiation:text", slug=slug)
