"""A standalone, accessible, printable HTML page of one version: brackets with their holders,
alternative paragraphs, and reservations as numbered notes. The PDF is printed from it."""

from django.template.loader import render_to_string

from secretariat.negotiation.models import Text, Version

from . import document


def render_page(
    text: Text,
    version: Version,
    language: str = "en",
    *,
    for_print: bool,
    outcome_only: bool = False,
) -> str:
    """``for_print`` places the notes at the foot of each page (WeasyPrint's CSS footnotes)
    instead of in a list at the end, where a browser needs them to link back and forth.
    ``outcome_only``: see ``document.build``."""
    built = document.build(text, version, language, outcome_only=outcome_only)
    return render_to_string(
        "negotiation/export/version.html", {"document": built, "for_print": for_print}
    )


def render_html(
    text: Text, version: Version, language: str = "en", *, outcome_only: bool = False
) -> bytes:
    page = render_page(text, version, language, for_print=False, outcome_only=outcome_only)
    return page.encode("utf-8")
