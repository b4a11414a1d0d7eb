"""Atom feeds of the public news, one per language (the URL's language prefix).

Only what the public may see now: no drafts, no scheduled items, no embargoed releases,
whoever asks (a feed reader is not signed in). Entry ids are tag URIs (RFC 4151) that stay
the same in every language and whatever the site's address."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve

from . import selectors
from .models import NewsItem

FEED_SIZE = 30


def tag_uri(kind: str, pk: int, created: datetime) -> str:
    return f"tag:secretariat,{created:%Y-%m-%d}:{kind}/{pk}"


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return get_language() or "en"

    def title(self, language: str) -> str:
        return _("News and press releases")

    def subtitle(self, language: str) -> str:
        return _("News and press releases of the secretariat")

    def link(self, language: str) -> str:
        return reverse("news:list")

    def feed_guid(self, language: str) -> str:
        return f"tag:secretariat,2025:news/{language}"

    def items(self, language: str) -> list[NewsItem]:
        return list(selectors.public_news(timezone.now())[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return resolve(item.title).text

    def item_description(self, item: NewsItem) -> str:
        # Atom marks the summary as HTML: the plain text is escaped so that it stays text.
        return escape(resolve(item.summary).text or resolve(item.body).text[:500])

    def item_link(self, item: NewsItem) -> str:
        return reverse("news:item", args=[item.pk])

    def item_guid(self, item: NewsItem) -> str:
        return tag_uri("news", item.pk, item.created_at)

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem) -> datetime | None:
        return item.public_from()

    def item_updateddate(self, item: NewsItem) -> datetime:
        start = item.public_from()
        return max(item.updated_at, start) if start else item.updated_at

    def item_categories(self, item: NewsItem) -> list[str]:
        return [str(item.get_kind_display())]
