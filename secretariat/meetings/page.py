"""The meeting page's main content, rendered once per state of the meeting and kind of viewer.

What the content shows depends on who looks only through ``Viewer``; two viewers with equal
``Viewer`` values see the same content, so they share one rendering. The content is rendered
without the request (no CSRF token, user or session can get into it); the page adds what is
the viewer's own around it."""

import hashlib
from dataclasses import dataclass
from datetime import tzinfo

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from secretariat.core.permissions import get_visible
from secretariat.minutes import selectors as minutes_selectors
from secretariat.registrations import permissions as registration_permissions
from secretariat.registrations import selectors as registration_selectors
from secretariat.registry.permissions import Principal

from . import permissions, selectors
from .forms import TimezoneForm
from .models import Meeting

CONTENT_SECONDS = 3600


@dataclass(frozen=True)
class Viewer:
    """Every fact about the viewer that the content depends on, for one meeting:

    - documents (``selectors.documents_visible_to``): ``is_secretariat``, ``forum_ids``
      (restricted ones), ``economy_ids`` (economy-only ones); submitting: the same;
    - participants (``registrations.permissions``): ``audiences``, which follow from
      ``is_secretariat``, the viewer's role kinds and their own registrations here;
    - minutes (``minutes.selectors.minutes_visible_to``): ``is_secretariat``, ``chairs``
      (the forum or the meeting), ``attends`` (circulated ones), ``forum_ids``;
    - links for members: ``is_secretariat`` and ``forum_ids`` (roles all have a forum).
    """

    is_secretariat: bool
    forum_ids: tuple[int, ...]
    economy_ids: tuple[int, ...]
    audiences: tuple[str, ...]
    chairs: bool
    attends: bool

    @property
    def is_member(self) -> bool:
        return self.is_secretariat or bool(self.forum_ids)


def viewer_of(principal: Principal, meeting: Meeting) -> Viewer:
    """The viewer's facts for ``meeting`` (one query for someone with a person record,
    except the secretariat)."""
    # The secretariat sees every participant and every minutes whatever it attends as, so
    # its own registrations change nothing it is shown: no need to read them.
    own = (
        set()
        if principal.is_secretariat
        else registration_selectors.own_categories(principal, meeting)
    )
    audiences = registration_permissions.audiences_of(principal, own, forum_id=meeting.forum_id)
    return Viewer(
        is_secretariat=principal.is_secretariat,
        forum_ids=tuple(sorted(principal.forum_ids)),
        economy_ids=tuple(sorted(principal.economy_ids)),
        audiences=tuple(sorted(str(audience) for audience in audiences)),
        chairs=minutes_selectors.can_edit(principal, meeting),
        attends=bool(own),
    )


@dataclass(frozen=True)
class MainContent:
    """The content before and after the materials form (which holds the viewer's CSRF
    token and so is rendered for each request)."""

    programme: SafeString  # facts, timetable, agenda, documents
    participation: SafeString  # participants, minutes, history


def main_content(
    principal: Principal,
    meeting: Meeting,
    *,
    token: str,
    viewer: Viewer,
    zone: tzinfo,
    requested_zone: str | None,
) -> MainContent:
    """The main content from the cache, or rendered and cached. ``meeting`` needs only
    ``selectors.meeting_page_head``; ``token`` is ``cache.page_token(meeting.pk)``, taken
    before the meeting was read; ``viewer`` is ``viewer_of(principal, meeting)``."""
    unknown_zone = bool(requested_zone) and str(zone) != requested_zone
    form = f"{get_language()}|{get_script_prefix()}|{zone}|{unknown_zone}"
    # The meeting's uid keeps a reused id (a new database behind the same cache) apart.
    state = f"{token}|{meeting.uid}|{meeting.version}|{form}|{viewer!r}"
    key = f"meetings:page:{meeting.pk}:{hashlib.sha256(state.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        return MainContent(mark_safe(cached[0]), mark_safe(cached[1]))  # noqa: S308 - ours
    content = _render(principal, meeting, viewer=viewer, zone=zone, unknown_zone=unknown_zone)
    cache.set(key, (str(content.programme), str(content.participation)), CONTENT_SECONDS)
    return content


def _render(
    principal: Principal, head: Meeting, *, viewer: Viewer, zone: tzinfo, unknown_zone: bool
) -> MainContent:
    meeting = get_visible(selectors.meetings_list(), "meeting", pk=head.pk)  # all of it
    selectors.prefetch_for_page(meeting)
    context = {
        "meeting": meeting,
        "viewer": viewer,
        "zone": str(zone),
        "is_venue_zone": str(zone) == meeting.timezone,
        "unknown_zone": unknown_zone,
        "tz_form": TimezoneForm(),
        "timetable": selectors.timetable(meeting, zone),
        "can_submit": permissions.can_submit(principal, meeting),
        "documents": selectors.documents_for_page(principal, meeting),
        "documents_key": selectors.documents_cache_key(principal, meeting),
        "participants": registration_selectors.participants_overview(principal, meeting),
        "minutes": minutes_selectors.minutes_visible_to(principal).filter(meeting=meeting).first(),
    }
    return MainContent(
        render_to_string("meetings/_meeting_programme.html", context),
        render_to_string("meetings/_meeting_participation.html", context),
    )
