"""Tags of the public pages: ``hreflang`` alternates and Open Graph locales."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# Open Graph wants territory locales; a language without a usual territory keeps its code.
OG_LOCALES = {"en": "en_US", "ko": "ko_KR", "zh-hans": "zh_CN", "ja": "ja_JP", "es": "es_ES"}


@register.simple_tag(takes_context=True)
def hreflang_alternates(context: template.Context) -> SafeString:
    """``<link rel="alternate" hreflang>`` for the page in every interface language, and
    ``x-default`` (the default language's page)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return SafeString("")
    links = [
        (code, request.build_absolute_uri(translate_url(request.path, code)))
        for code, _name in settings.LANGUAGES
    ]
    default = request.build_absolute_uri(translate_url(request.path, settings.LANGUAGE_CODE))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', links
    ) + format_html('\n<link rel="alternate" hreflang="x-default" href="{}">', default)


@register.filter
def og_locale(code: str) -> str:
    return OG_LOCALES.get(code, code.replace("-", "_"))
