"""PDF of one version, printed by WeasyPrint from the HTML export (see ADR 0013)."""

from secretariat.negotiation.models import Text, Version

from .html import render_page


def render_pdf(
    text: Text, version: Version, language: str = "en", *, outcome_only: bool = False
) -> bytes:
    from weasyprint import HTML, URLFetcher  # heavy to import: only when a PDF is asked for

    page = render_page(text, version, language, for_print=True, outcome_only=outcome_only)
    # The page is self-contained: no protocol is allowed, so nothing is ever fetched.
    pdf = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    assert pdf is not None
    return bytes(pdf)
