"""``sitemap.xml``: the public pages in every interface language, each with its language
alternates. ``SITEMAPS`` is the dict the root URLconf serves; other apps' sitemaps (the
published outcomes) are added to it."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from secretariat.events.selectors import events_list
from secretariat.meetings.choices import MeetingStatus
from secretariat.news import selectors as news_selectors
from secretariat.outcomes.sitemaps import OutcomeSitemap

from .feeds import event_link


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PublicPagesSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:home", "news:list", "outcomes:outcomes", "events:events", "portal:archive"]

    def location(self, item: str) -> str:
        return reverse(item)


class NewsSitemap(_I18nSitemap):
    """Public news only: no draft, scheduled item or embargoed release."""

    def items(self) -> list[Any]:
        return list(news_selectors.public_news(timezone.now())[:5000])

    def location(self, item: Any) -> str:
        return reverse("news:item", args=[item.pk])

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class EventsSitemap(_I18nSitemap):
    def items(self) -> list[Any]:
        return list(events_list().exclude(status=MeetingStatus.CANCELLED).order_by("pk"))

    def location(self, item: Any) -> str:
        return event_link(item)

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PublicPagesSitemap,
    "news": NewsSitemap,
    "events": EventsSitemap,
    "outcomes": OutcomeSitemap,
}
