"""The Atom feed of public events (forums and exhibitions), one per language."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.events.selectors import events_list
from secretariat.meetings.choices import MeetingKind, MeetingStatus
from secretariat.meetings.models import Meeting

FEED_SIZE = 30


def event_link(meeting: Meeting) -> str:
    name = "events:forum" if meeting.kind == MeetingKind.FORUM else "events:exhibition"
    return reverse(name, args=[meeting.pk])


class EventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return get_language() or "en"

    def title(self, language: str) -> str:
        return _("Forums and exhibitions")

    def link(self, language: str) -> str:
        return reverse("events:events")

    def feed_guid(self, language: str) -> str:
        return f"tag:secretariat,2025:events/{language}"

    def items(self, language: str) -> list[Meeting]:
        return list(
            events_list()
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-start_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Meeting) -> str:
        return resolve(item.title).text or item.code

    def item_description(self, item: Meeting) -> str:
        where = ", ".join(part for part in (item.venue, item.city) if part)
        return escape(f"{item.start_date:%Y-%m-%d} – {item.end_date:%Y-%m-%d}  {where}".strip())

    def item_link(self, item: Meeting) -> str:
        return event_link(item)

    def item_guid(self, item: Meeting) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Meeting) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Meeting) -> datetime:
        return item.updated_at
