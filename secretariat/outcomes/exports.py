"""An outcome's downloads in one language: Akoma Ntoso (one expression per language), HTML,
PDF and DOCX. Verified translations replace the original paragraph by paragraph; every
other paragraph stays in the original and is marked with its language (``xml:lang`` in
AKN, ``lang`` in HTML), so nothing unverified is ever exported as the translation."""

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from lxml import etree

from secretariat.core.i18n import resolve
from secretariat.negotiation.exports import document as export_document
from secretariat.negotiation.exports.akn import AKN, render_akn_document

from . import selectors
from .choices import DownloadFormat
from .models import Outcome

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class OutcomeDocument:
    outcome: Outcome
    language: str
    document: export_document.ExportDocument
    rows: list[selectors.Row]
    summary: selectors.LanguageSummary
    summaries: list[selectors.LanguageSummary]
    title_language: str


def title_in(outcome: Outcome, language: str) -> tuple[str, str]:
    """The title in ``language`` if it is the original or verified there, else the original
    language's (text, language)."""
    resolved = resolve(outcome.text.title, language)
    if resolved.language == language and resolved.status in ("original", "verified"):
        return resolved.text, language
    original = resolve(outcome.text.title, outcome.source_language)
    return original.text or outcome.slug, original.language or outcome.source_language


def build(outcome: Outcome, language: str) -> OutcomeDocument:
    """The adopted version with the verified translations into ``language`` put in."""
    text = outcome.text
    assert text.current_version is not None  # a concluded text has its adopted version
    document = export_document.build(text, text.current_version, language, outcome_only=True)
    paragraphs = [block.paragraph for block in document.blocks]
    rows = selectors.rows_for(outcome, language, paragraphs)
    summaries = selectors.language_summaries(outcome, paragraphs)
    summary = next(s for s in summaries if s.language == language)
    for block, row in zip(document.blocks, rows, strict=True):
        if row.shown_language == language and language != outcome.source_language:
            # In memory only: the paragraph row itself is immutable and never saved here.
            block.paragraph.content = [{"text": row.shown_text}]
            block.paragraph.heading = row.shown_heading
    document.title, title_language = title_in(outcome, language)
    return OutcomeDocument(outcome, language, document, rows, summary, summaries, title_language)


def render_akn(built: OutcomeDocument) -> bytes:
    root = etree.fromstring(render_akn_document(built.document))
    shown = {row.eid: row.shown_language for row in built.rows}
    for element in root.iter(f"{{{AKN}}}paragraph", f"{{{AKN}}}recital"):
        language = shown.get(element.get("eId", ""))
        if language and language != built.language:
            element.set(XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render_page(built: OutcomeDocument, *, for_print: bool) -> str:
    return render_to_string(
        "outcomes/export/outcome.html",
        {
            "built": built,
            "for_print": for_print,
            "outcome": built.outcome,
            "notice": notice_for(built),
        },
    )


def render_pdf(built: OutcomeDocument) -> bytes:
    from weasyprint import HTML, URLFetcher  # heavy: only when a PDF is asked for

    page = render_page(built, for_print=True)
    pdf = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_docx(built: OutcomeDocument) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    docx: Any = Document()
    properties = docx.core_properties
    properties.title = export_document.xml_safe(built.document.title)
    properties.language = built.language
    docx.add_heading(export_document.xml_safe(built.document.title), level=0)
    text = built.outcome.text
    facts = _("Adopted %(date)s") % {
        "date": text.adopted_at.date().isoformat() if text.adopted_at else "—"
    }
    docx.add_paragraph(facts)
    if notice_for(built):
        docx.add_paragraph(notice_for(built))
    heading = None
    for row in built.rows:
        if row.shown_heading and row.shown_heading != heading:
            heading = row.shown_heading
            docx.add_heading(export_document.xml_safe(heading), level=2)
        body = f"{row.num}. {row.shown_text}" if row.num else row.shown_text
        paragraph = docx.add_paragraph(export_document.xml_safe(body))
        for run in paragraph.runs:  # Word spells and hyphenates by the run's language
            properties_element = run._r.get_or_add_rPr()
            lang = properties_element.makeelement(qn("w:lang"), {qn("w:val"): row.shown_language})
            properties_element.append(lang)
    for note in built.document.notes:
        docx.add_paragraph(
            export_document.xml_safe(f"{note.number}. {note.lead}: {note.statement}")
        )
    out = BytesIO()
    docx.save(out)
    return out.getvalue()


def notice(language: str, source: str) -> str:
    """The notice shown where a language is not verified in full (in the active language)."""
    return _(
        "This translation is not verified in full yet. Paragraphs not yet verified are shown "
        "in the original language (%(source)s)."
    ) % {"source": get_language_info(source)["name_translated"]}


def notice_for(built: OutcomeDocument) -> str:
    """The notice for ``built``'s language, or "" where it is the original or verified."""
    if built.summary.state in ("original", "verified"):
        return ""
    return notice(built.language, built.outcome.source_language)


CONTENT_TYPES = {
    DownloadFormat.AKN: ("application/akn+xml", "akn.xml"),
    DownloadFormat.PDF: ("application/pdf", "pdf"),
    DownloadFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    DownloadFormat.HTML: ("text/html; charset=utf-8", "html"),
}


def render(built: OutcomeDocument, fmt: str) -> bytes:
    if fmt == DownloadFormat.AKN:
        return render_akn(built)
    if fmt == DownloadFormat.PDF:
        return render_pdf(built)
    if fmt == DownloadFormat.DOCX:
        return render_docx(built)
    return render_page(built, for_print=False).encode("utf-8")
