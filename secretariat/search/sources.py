"""What each kind of item contributes to the index: its title, body, forum, year, language,
and the object whose visibility governs it. One builder per kind; ``index`` writes rows."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from secretariat.core.i18n import resolve

from .choices import EntryKind

log = logging.getLogger(__name__)

# Documents can be long; what is past this is not searched (and never shown as a snippet).
MAX_BODY = 200_000


@dataclass
class Item:
    kind: str
    object_id: int
    scope_id: int
    title: dict[str, Any]  # a translated value ({"en": {"text": …, "status": …}})
    body: str
    path: str
    forum_id: int | None = None
    year: int | None = None
    language: str = ""
    agreed: bool = False


def _path(name: str, **kwargs: Any) -> str:
    """The item's page without the language prefix (added for each reader at query time)."""
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
    return url.removeprefix("/en")


def all_texts(value: dict[str, Any] | None) -> str:
    """Every language of a translated value: an item is found by words of any of them."""
    return "\n".join(
        entry.get("text", "") for entry in (value or {}).values() if isinstance(entry, dict)
    )


_SCRIPTS = [
    (re.compile("[\u3040-\u30ff]"), "ja"),
    (re.compile("[\uac00-\ud7af]"), "ko"),
    (re.compile("[\u4e00-\u9fff]"), "zh-hans"),
]


def original_language(value: dict[str, Any] | None, fallback_text: str = "") -> str:
    """The language marked original in a translated value, else guessed from the script."""
    for code, entry in (value or {}).items():
        if isinstance(entry, dict) and entry.get("status") == "original":
            return code
    sample = fallback_text or all_texts(value)
    for pattern, code in _SCRIPTS:
        if pattern.search(sample):
            return code
    return "en" if sample else ""


def _plain(value: str) -> dict[str, Any]:
    return {"en": {"text": value, "status": "original"}}


# --- texts and their paragraphs -------------------------------------------------------------


def text_items(text_ids: Iterable[int] | None = None) -> Iterator[Item]:
    """Each text, and each paragraph of the version it stands at (what every reader of the
    text may read; earlier versions belong to the negotiating record)."""
    from secretariat.negotiation.choices import TextStatus
    from secretariat.negotiation.consensus import plain_text
    from secretariat.negotiation.models import Paragraph, Text

    texts: QuerySet[Text] = Text.objects.order_by("pk")
    if text_ids is not None:
        texts = texts.filter(pk__in=list(text_ids))
    for text in texts.iterator(chunk_size=200):
        language = original_language(text.title)
        year = (text.adopted_at or text.created_at).year
        yield Item(
            kind=EntryKind.TEXT,
            object_id=text.pk,
            scope_id=text.pk,
            title=text.title,
            body="",
            path=_path("negotiation:text", slug=text.slug),
            forum_id=text.forum_id,
            year=year,
            language=language,
        )
        if text.current_version_id is None:
            continue
        agreed = text.status == TextStatus.ADOPTED
        paragraphs = (
            Paragraph.objects.filter(version_id=text.current_version_id)
            .select_related("provision")
            .order_by("order")
        )
        title_text = resolve(text.title, language).text
        current_hashes: dict[str, tuple[str, str]] = {}  # eid: (content hash, label)
        for paragraph in paragraphs.iterator(chunk_size=500):
            wording = plain_text(paragraph.content)
            label = paragraph.num or paragraph.provision.eid
            current_hashes[paragraph.provision.eid] = (paragraph.content_hash, label)
            yield Item(
                kind=EntryKind.PARAGRAPH,
                object_id=paragraph.pk,
                scope_id=text.pk,
                title=_plain(f"{title_text} — {label}"),
                body="\n".join(part for part in (paragraph.heading, wording) if part),
                path=_path("negotiation:paragraph", slug=text.slug, eid=paragraph.provision.eid),
                forum_id=text.forum_id,
                year=year,
                language=language,
                agreed=agreed,
            )
        yield from _translation_items(text, year, current_hashes)


def _translation_items(text: Any, year: int, current: dict[str, tuple[str, str]]) -> Iterator[Item]:
    """The text's translations the public reads: verified, of the wording the text stands at
    (an outdated one translates words that are gone), of an announced outcome (before the
    announcement they are the translators' work in progress). Each is found in its own
    language and read by whoever may read the text."""
    from secretariat.negotiation.choices import TextStatus
    from secretariat.outcomes.choices import TranslationState
    from secretariat.outcomes.models import ParagraphTranslation

    if not current:
        return
    translations = ParagraphTranslation.objects.filter(
        outcome__text_id=text.pk,
        outcome__announced_at__isnull=False,
        state=TranslationState.VERIFIED,
    ).order_by("language", "eid")
    titles: dict[str, str] = {}
    for translated in translations.iterator(chunk_size=500):
        source_hash, label = current.get(translated.eid, ("", ""))
        if translated.source_hash != source_hash:
            continue
        if translated.language not in titles:
            titles[translated.language] = resolve(text.title, translated.language).text
        yield Item(
            kind=EntryKind.TRANSLATION,
            object_id=translated.pk,
            scope_id=text.pk,
            title={
                translated.language: {
                    "text": f"{titles[translated.language]} — {label}",
                    "status": "verified",
                }
            },
            body="\n".join(part for part in (translated.heading, translated.text) if part),
            path=_path("negotiation:paragraph", slug=text.slug, eid=translated.eid),
            forum_id=text.forum_id,
            year=year,
            language=translated.language,
            # Only an adopted text has an outcome: its translations are of agreed language.
            agreed=text.status == TextStatus.ADOPTED,
        )


# --- meetings and documents -----------------------------------------------------------------


def meeting_items(ids: Iterable[int] | None = None) -> Iterator[Item]:
    from secretariat.meetings.models import Meeting

    meetings = Meeting.objects.order_by("pk")
    if ids is not None:
        meetings = meetings.filter(pk__in=list(ids))
    for meeting in meetings.iterator(chunk_size=200):
        yield Item(
            kind=EntryKind.MEETING,
            object_id=meeting.pk,
            scope_id=meeting.pk,
            title=meeting.title,
            body=" ".join(part for part in (meeting.code, meeting.city, meeting.venue) if part),
            path=_path("meetings:meeting", meeting_id=meeting.pk),
            forum_id=meeting.forum_id,
            year=meeting.start_date.year,
            language=original_language(meeting.title),
        )


def extracted_text(document: Any) -> str:
    """The text of an uploaded PDF or DOCX (pypdf, python-docx), '' for anything else or a
    file that cannot be read: a broken upload must not stop indexing."""
    from secretariat.meetings.choices import FileKind

    if not document.file or document.file_kind not in (FileKind.PDF, FileKind.DOCX):
        return ""
    try:
        with document.file.open("rb") as handle:
            if document.file_kind == FileKind.PDF:
                from pypdf import PdfReader

                pages = PdfReader(handle).pages
                return "\n".join((page.extract_text() or "") for page in pages)[:MAX_BODY]
            from docx import Document as Docx

            paragraphs = Docx(handle).paragraphs
            return "\n".join(paragraph.text for paragraph in paragraphs)[:MAX_BODY]
    except Exception:  # noqa: BLE001 - any unreadable file is indexed by its title only
        log.warning("search: could not extract the text of document %s", document.pk)
        return ""


def document_items(ids: Iterable[int] | None = None) -> Iterator[Item]:
    from secretariat.meetings.models import Document

    documents = Document.objects.order_by("pk")
    if ids is not None:
        documents = documents.filter(pk__in=list(ids))
    for document in documents.iterator(chunk_size=100):
        body = extracted_text(document)
        yield Item(
            kind=EntryKind.DOCUMENT,
            object_id=document.pk,
            scope_id=document.pk,
            title=document.title,
            body=f"{document.number}\n{body}",
            path=_path("meetings:document", document_id=document.pk),
            forum_id=document.owning_forum_id,
            year=document.submitted_at.year,
            language=original_language(document.title, body),
        )


# --- people, projects, news -----------------------------------------------------------------


def person_items(ids: Iterable[int] | None = None) -> Iterator[Item]:
    from secretariat.registry.models import Person

    people = Person.objects.order_by("pk")
    if ids is not None:
        people = people.filter(pk__in=list(ids))
    for person in people.iterator(chunk_size=200):
        name = " ".join(part for part in (person.given_name, person.family_name) if part)
        yield Item(
            kind=EntryKind.PERSON,
            object_id=person.pk,
            scope_id=person.pk,
            title=_plain(name),
            body=all_texts(person.position),
            path=_path("registry:person", person_id=person.pk),
            language="",
        )


def project_items(ids: Iterable[int] | None = None) -> Iterator[Item]:
    from secretariat.projects.models import Project

    projects = Project.objects.order_by("pk")
    if ids is not None:
        projects = projects.filter(pk__in=list(ids))
    for project in projects.iterator(chunk_size=200):
        yield Item(
            kind=EntryKind.PROJECT,
            object_id=project.pk,
            scope_id=project.pk,
            title=project.title,
            body=all_texts(project.summary),
            path=_path("projects:detail", project_id=project.pk),
            forum_id=project.responsible_forum_id,
            year=project.created_at.year,
            language=original_language(project.title),
        )


def news_items(ids: Iterable[int] | None = None) -> Iterator[Item]:
    from secretariat.news.models import NewsItem

    items = NewsItem.objects.order_by("pk")
    if ids is not None:
        items = items.filter(pk__in=list(ids))
    for item in items.iterator(chunk_size=200):
        yield Item(
            kind=EntryKind.NEWS,
            object_id=item.pk,
            scope_id=item.pk,
            title=item.title,
            body="\n".join((all_texts(item.summary), all_texts(item.body))),
            path=_path("news:item", item_id=item.pk),
            year=(item.published_at or item.created_at).year,
            language=original_language(item.title),
        )


BUILDERS = {
    EntryKind.TEXT: text_items,
    EntryKind.MEETING: meeting_items,
    EntryKind.DOCUMENT: document_items,
    EntryKind.PERSON: person_items,
    EntryKind.PROJECT: project_items,
    EntryKind.NEWS: news_items,
}
