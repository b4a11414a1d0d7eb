"""Who may read and write news. Views and API handlers get items only through
``access_*``: an item the reader may not see is 404 (a draft's or an embargoed release's
existence never leaks); the secretariat alone writes and reviews."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated, PermissionDenied
from secretariat.core.permissions import get_visible, require
from secretariat.registry.permissions import principal_for

from . import selectors
from .models import NewsImage, NewsItem


def require_staff(user: Any) -> None:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise NotAuthenticated(_("Sign in to write news."))
    require(principal.is_secretariat, _("Only the secretariat writes and reviews news."))


def access_news_item(user: Any, item_id: int, need: str = "read") -> NewsItem:
    """``need``: read (whoever may see it now), edit (the secretariat)."""
    principal = principal_for(user)
    item = get_visible(
        selectors.news_visible_to(principal, timezone.now()), "news item", pk=item_id
    )
    if need == "edit":
        require_staff(user)
    elif need != "read":
        raise PermissionDenied(f"Unknown need {need!r}.")
    return item


def access_news_image(user: Any, image_id: int) -> NewsImage:
    """An image, to whoever may see its item."""
    principal = principal_for(user)
    visible = selectors.news_visible_to(principal, timezone.now()).values("pk")
    return get_visible(NewsImage.objects.filter(item_id__in=visible), "image", pk=image_id)
