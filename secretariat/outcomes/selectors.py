"""Reads: an outcome's paragraphs in a language as the public may see them, the workspace's
rows and the translation memory. Each read is a fixed number of queries whatever the size."""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from secretariat.core.prepared import Prepared
from secretariat.negotiation.models import Paragraph

from .choices import LanguageState, TranslationState
from .models import Outcome, ParagraphTranslation

# Below this similarity a memory match is noise; at most this many suggestions per paragraph.
FUZZY_THRESHOLD = 0.6
SUGGESTIONS = 3
# The memory is read at most this many verified rows at a time (newest first).
MEMORY_ROWS = 5000


def plain_text(content: list[dict[str, Any]]) -> str:
    """A paragraph's wording as plain text (an adopted text has no brackets left; should one
    remain, its words are kept and the first option stands for the options)."""
    parts = []
    for segment in content:
        if "text" in segment:
            parts.append(segment["text"])
        elif "bracket" in segment:
            parts.append(segment["bracket"])
        elif segment.get("options"):
            parts.append(segment["options"][0].get("text", ""))
    return "".join(parts).strip()


def source_paragraphs(outcome: Outcome) -> list[Paragraph]:
    """The adopted wording, in order (one query)."""
    version_id = outcome.text.current_version_id
    if version_id is None:
        return []
    return list(
        Paragraph.objects.filter(version_id=version_id)
        .select_related("provision")
        .order_by("order")
    )


def public_state(translation: ParagraphTranslation | None, source_hash: str) -> str:
    """What a stored translation is worth now: never verified once its source changed."""
    if translation is None:
        return TranslationState.MISSING
    if translation.source_hash != source_hash:
        return TranslationState.OUTDATED
    return translation.state


@dataclass
class Row:
    """One paragraph as a language shows it."""

    eid: str
    num: str
    part: str
    source_heading: str
    source_text: str
    source_hash: str
    translation: ParagraphTranslation | None
    state: str
    # What the public is shown: the verified translation, else the original.
    shown_text: str = ""
    shown_heading: str = ""
    shown_language: str = ""
    suggestions: list["Suggestion"] = field(default_factory=list)

    @property
    def is_verified(self) -> bool:
        return self.state in (TranslationState.VERIFIED, TranslationState.ORIGINAL)


@dataclass
class LanguageSummary:
    language: str
    state: str
    verified: int
    total: int
    required: bool

    @property
    def state_label(self) -> str:
        return str(LanguageState(self.state).label)


def rows_for(outcome: Outcome, language: str, paragraphs: list[Paragraph]) -> list[Row]:
    """Every paragraph in ``language`` (one query for the translations)."""
    source = outcome.source_language
    stored = (
        {}
        if language == source
        else {
            t.eid: t
            for t in ParagraphTranslation.objects.filter(
                outcome=outcome, language=language
            ).select_related("translated_by", "reviewed_by")
        }
    )
    rows = []
    for paragraph in paragraphs:
        eid = paragraph.provision.eid
        text = plain_text(paragraph.content)
        translation = stored.get(eid)
        state = (
            TranslationState.ORIGINAL
            if language == source
            else public_state(translation, paragraph.content_hash)
        )
        row = Row(
            eid=eid,
            num=paragraph.num,
            part=paragraph.part,
            source_heading=paragraph.heading,
            source_text=text,
            source_hash=paragraph.content_hash,
            translation=translation,
            state=state,
        )
        if state == TranslationState.VERIFIED and translation is not None:
            row.shown_text, row.shown_heading, row.shown_language = (
                translation.text,
                translation.heading or paragraph.heading,
                language,
            )
        else:
            row.shown_text, row.shown_heading, row.shown_language = text, paragraph.heading, source
        rows.append(row)
    return rows


def language_summaries(outcome: Outcome, paragraphs: list[Paragraph]) -> list[LanguageSummary]:
    """Each content language's public state (one query)."""
    current = {p.provision.eid: p.content_hash for p in paragraphs}
    verified: dict[str, int] = {}
    for language, eid, source_hash in ParagraphTranslation.objects.filter(
        outcome=outcome, state=TranslationState.VERIFIED
    ).values_list("language", "eid", "source_hash"):
        if current.get(eid) == source_hash:
            verified[language] = verified.get(language, 0) + 1
    total = len(paragraphs)
    summaries = []
    for language in settings.CONTENT_LANGUAGES:
        if language == outcome.source_language:
            state, count = LanguageState.ORIGINAL, total
        else:
            count = verified.get(language, 0)
            state = (
                LanguageState.VERIFIED
                if total and count == total
                else LanguageState.PARTIAL
                if count
                else LanguageState.UNVERIFIED
            )
        summaries.append(
            LanguageSummary(
                language, state, count, total, language in (outcome.required_languages or [])
            )
        )
    return summaries


@dataclass(frozen=True)
class Suggestion:
    """A verified translation of the same or similar source wording: ``score`` 0–100."""

    translation_id: int
    score: int
    source_text: str
    text: str
    outcome_slug: str


def memory_for(outcome: Outcome, language: str, rows: list[Row]) -> None:
    """Fill each row's ``suggestions`` from verified translations into ``language`` of other
    paragraphs (earlier texts, or elsewhere in this one): exact matches score 100, fuzzy
    ones their similarity (difflib's ratio; ``rapidfuzz`` is not installed). One query."""
    memory = list(
        ParagraphTranslation.objects.filter(language=language, state=TranslationState.VERIFIED)
        .select_related("outcome")
        .only("pk", "eid", "text", "source_text", "outcome__slug", "outcome_id")
        .order_by("-verified_at")[:MEMORY_ROWS]
    )
    for row in rows:
        found: list[Suggestion] = []
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(row.source_text)
        for entry in memory:
            if entry.outcome_id == outcome.pk and entry.eid == row.eid:
                continue  # its own translation is not a suggestion
            if entry.source_text == row.source_text:
                score = 1.0
            else:
                matcher.set_seq1(entry.source_text)
                if matcher.real_quick_ratio() < FUZZY_THRESHOLD:
                    continue
                if matcher.quick_ratio() < FUZZY_THRESHOLD:
                    continue
                score = matcher.ratio()
                if score < FUZZY_THRESHOLD:
                    continue
            found.append(
                Suggestion(
                    entry.pk, round(score * 100), entry.source_text, entry.text, entry.outcome.slug
                )
            )
        found.sort(key=lambda s: (-s.score, s.translation_id))
        row.suggestions = found[:SUGGESTIONS]


def announced_outcomes() -> QuerySet[Outcome]:
    return (
        Outcome.objects.filter(announced_at__isnull=False)
        .select_related("text", "meeting")
        .order_by("-announced_at", "pk")
    )


_PAGE_HEAD: Prepared[Outcome] = Prepared(
    lambda slug: (
        Outcome.objects.filter(slug=slug)
        .select_related("text")
        .only(
            "slug",
            "version",
            "announced_at",
            "meeting_id",
            "source_language",
            "text__version",
            "text__current_version_id",
            "text__title",
            "text__adopted_at",
        )
        .order_by()[:1]
    ),
    "slug",
)


def outcome_page_head(slug: str) -> Outcome | None:
    """Only what the public page reads besides its cached content, and what keys that cache
    (one query, built once per process: ``core.prepared``)."""
    found = _PAGE_HEAD.objects(slug=slug)
    return found[0] if found else None


def outcome_for_page(outcome_id: int) -> Outcome | None:
    """The outcome with everything its content shows."""
    return (
        Outcome.objects.select_related("text__forum", "text__current_version", "meeting")
        .filter(pk=outcome_id)
        .first()
    )
