"""News items take reader comments (``comments.targets``): the public ones only, so an
embargoed release or a draft shows no comments section and takes no comment."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from secretariat.core.i18n import resolve


def _load(item_id: int) -> Any | None:
    from . import selectors

    return selectors.public_news(timezone.now()).filter(pk=item_id).first()


def _is_public(item: Any) -> bool:
    return bool(item.is_public_at(timezone.now()))


def _url(item: Any) -> str:
    return reverse("news:item", args=[item.pk])


def _title(item: Any) -> str:
    return resolve(item.title, get_language() or "en").text or f"#{item.pk}"


def register() -> None:
    from secretariat.comments.choices import TargetKind
    from secretariat.comments.targets import register_target

    register_target(TargetKind.NEWS, load=_load, is_public=_is_public, url=_url, title=_title)
