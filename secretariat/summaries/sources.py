"""The words an extract is chosen from: the text of an uploaded PDF (pypdf) or DOCX
(python-docx), and the paragraphs of a text's current version. A file that cannot be read
gives no words (and so no extract), never an error: the upload itself was checked."""

import logging
from typing import Any

from secretariat.meetings.choices import FileKind
from secretariat.meetings.models import Document
from secretariat.negotiation.consensus import plain_text
from secretariat.negotiation.models import Paragraph, Text

logger = logging.getLogger(__name__)

MAX_PAGES = 200
MAX_CHARS = 300_000


def _pdf(handle: Any) -> str:
    from pypdf import PdfReader

    reader = PdfReader(handle)
    words: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PAGES]:
        page_text = page.extract_text() or ""
        words.append(page_text)
        size += len(page_text)
        if size > MAX_CHARS:
            break
    # pypdf breaks lines inside sentences; a blank line still separates paragraphs.
    return "\n\n".join(words)


def _docx(handle: Any) -> str:
    from docx import Document as Docx

    return "\n\n".join(p.text for p in Docx(handle).paragraphs if p.text.strip())


def document_words(document: Document) -> str:
    if not document.file or document.file_kind not in (FileKind.PDF, FileKind.DOCX):
        return ""
    try:
        with document.file.open("rb") as handle:
            words = _pdf(handle) if document.file_kind == FileKind.PDF else _docx(handle)
    except Exception:  # noqa: BLE001 - a malformed file has no words to offer
        logger.warning("summaries: no text from document %s", document.pk, exc_info=True)
        return ""
    return words[:MAX_CHARS]


def text_words(text: Text) -> str:
    if text.current_version_id is None:
        return ""
    paragraphs = Paragraph.objects.filter(version_id=text.current_version_id).order_by("order")
    return "\n\n".join(plain_text(p.content) for p in paragraphs)[:MAX_CHARS]
