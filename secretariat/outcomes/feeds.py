"""An Atom feed per language of announced outcomes (``/<lang>/outcomes/feed/``): each entry
links the outcome's page in that language and says which state the language is in, so a
reader never takes an unverified language for a verified one."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve

from . import exports, selectors
from .models import Outcome

ENTRIES = 50


class OutcomeFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Published outcomes")

    def subtitle(self) -> str:
        return _("Adopted statements and declarations, in your language where verified.")

    def link(self) -> str:
        return reverse("outcomes:outcomes")

    def feed_guid(self) -> str:
        return f"tag:secretariat,2025:outcomes:{get_language()}"

    def items(self) -> list[Outcome]:
        return list(selectors.announced_outcomes()[:ENTRIES])

    def item_title(self, item: Outcome) -> str:
        return exports.title_in(item, get_language() or "en")[0]

    def item_description(self, item: Outcome) -> str:
        resolved = resolve(item.text.title, item.source_language)
        return _("Adopted on %(date)s. Original: %(title)s") % {
            "date": item.text.adopted_at.date().isoformat() if item.text.adopted_at else "—",
            "title": resolved.text,
        }

    def item_link(self, item: Outcome) -> str:
        return reverse("outcomes:outcome", args=[item.slug])

    def item_guid(self, item: Outcome) -> str:
        return f"tag:secretariat,2025:outcome:{item.pk}:{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Outcome) -> Any:
        return item.announced_at

    def item_updateddate(self, item: Outcome) -> Any:
        return max(item.updated_at, item.announced_at or item.updated_at)
