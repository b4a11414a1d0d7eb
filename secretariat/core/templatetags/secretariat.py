from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from secretariat.core.choices import TranslationStatus
from secretariat.core.i18n import resolve

register = template.Library()


@register.filter(name="tr")
def translated_text(value):  # type: ignore[no-untyped-def]
    """Show a translated field in the active language; mark the language when it fell back."""
    resolved = resolve(value, get_language())
    if resolved.is_fallback and resolved.text:
        return format_html('<span lang="{}">{}</span>', resolved.language, resolved.text)
    return resolved.text


@register.filter(name="tr_plain")
def translated_plain(value):  # type: ignore[no-untyped-def]
    return resolve(value, get_language()).text


@register.filter(name="tr_status")
def translation_status(value):  # type: ignore[no-untyped-def]
    return resolve(value, get_language()).status


@register.filter(name="tr_status_label")
def translation_status_label(value):  # type: ignore[no-untyped-def]
    """The status of the shown translation in words ("machine draft"), in the page language."""
    status = resolve(value, get_language()).status
    return TranslationStatus(status).label if status in TranslationStatus.values else ""
