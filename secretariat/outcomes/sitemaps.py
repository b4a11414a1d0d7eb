"""The sitemap of announced outcomes, one URL per content language with its alternates
(``hreflang``). The home/news app wires ``sitemap.xml``: ``{"outcomes": OutcomeSitemap}``."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from . import permissions, selectors
from .models import Outcome


class OutcomeSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    @property
    def languages(self) -> list[str]:  # type: ignore[override]
        return permissions.public_languages()

    def items(self) -> QuerySet[Outcome]:
        return selectors.announced_outcomes()

    def location(self, item: Outcome) -> str:  # type: ignore[override]
        return reverse("outcomes:outcome", args=[item.slug])

    def lastmod(self, item: Outcome) -> datetime:
        return item.updated_at
