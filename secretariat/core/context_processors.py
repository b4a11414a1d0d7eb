from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language


def site(request):  # type: ignore[no-untyped-def]
    return {
        "SITE_NAME": settings.SITE_NAME,
        "BODY_NAME": settings.BODY_NAME,
        "SITE_LINKS": site_links(get_language(), get_script_prefix()),
    }


@cache
def site_links(language: str | None, script_prefix: str) -> Mapping[str, str]:
    """The fixed links of every page's header in ``language`` (the active one), reversed
    once per process rather than on every page."""
    return MappingProxyType(
        {
            "home": reverse("portal:home"),
            "set_language": reverse("set_language"),
            "sign_in": reverse("account_login"),
            "sign_out": reverse("account_logout"),
            "profile": reverse("accounts:profile"),
            "notifications": reverse("notifications:preferences"),
            "search": reverse("search:search"),
            "stylesheet": static("secretariat/site.css"),
            "htmx": static("secretariat/htmx.min.js"),
        }
    )


@receiver(setting_changed)
def _forget_site_chrome(**kwargs: Any) -> None:
    """Tests that change URLs, languages, static files or the site's names see their own
    header and footer (``site_frame`` writes their fixed parts once per process)."""
    from secretariat.core import site_frame  # it reads ``site_links``

    site_links.cache_clear()
    site_frame.forget()
