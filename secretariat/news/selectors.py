"""Reads that decide who sees which news items, at a given time.

Three rules, each a ``Q`` on plain columns compared with ``now``:
- public: published, its publication time has come and no embargo is running;
- early: a published press release still under embargo, for the accredited press (an
  attending registration in category press) of its meeting, and the secretariat;
- drafts, items in review and scheduled items: the secretariat only.
Feeds, the sitemap and the home page use the public rule alone (they are the same for
every reader)."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from secretariat.registrations.choices import Category, RegistrationState
from secretariat.registrations.models import Registration

from .choices import NewsState
from .models import NewsImage, NewsItem

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def public_rule(now: datetime) -> Q:
    return Q(state=NewsState.PUBLISHED, published_at__lte=now) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    )


def _embargoed(now: datetime) -> Q:
    return Q(state=NewsState.PUBLISHED, published_at__lte=now, embargo_until__gt=now)


def press_meeting_ids(principal: "Principal") -> QuerySet[Any]:
    """The meetings where the viewer is accredited press (approved or checked in)."""
    if principal.person_id is None:
        return Registration.objects.none().values("meeting_id")
    return Registration.objects.filter(
        person_id=principal.person_id,
        category=Category.PRESS,
        state__in=RegistrationState.attending(),
    ).values("meeting_id")


def _items() -> QuerySet[NewsItem]:
    return NewsItem.objects.select_related("meeting", "outcome")


def public_news(now: datetime) -> QuerySet[NewsItem]:
    """What everyone sees, whoever they are (feeds, sitemap, home)."""
    return _items().filter(public_rule(now)).order_by("-published_at", "-pk")


def news_live_for(principal: "Principal", now: datetime) -> QuerySet[NewsItem]:
    """What the reader's lists show: the public items, and the embargoed releases the
    reader may see early (press of their meeting, the secretariat). Never drafts."""
    allowed = public_rule(now)
    if principal.is_secretariat:
        allowed |= _embargoed(now)
    elif principal.person_id is not None:
        allowed |= _embargoed(now) & Q(meeting_id__in=press_meeting_ids(principal))
    return _items().filter(allowed).order_by("-published_at", "-pk")


def news_visible_to(principal: "Principal", now: datetime) -> QuerySet[NewsItem]:
    """Items the reader may open: the live ones, and everything for the secretariat
    (drafts, items in review and scheduled items are theirs to preview)."""
    if principal.is_secretariat:
        return _items().order_by("-published_at", "-pk")
    return news_live_for(principal, now)


def with_images(items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return items.prefetch_related(
        Prefetch("images", queryset=NewsImage.objects.order_by("position", "pk"))
    )


def staff_news() -> QuerySet[NewsItem]:
    return _items().select_related("created_by", "reviewed_by").order_by("-updated_at", "-pk")
