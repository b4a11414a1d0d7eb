"""The outcomes JSON API: published outcomes per language (only verified or original text
is ever returned as such), and the translators' and reviewers' operations with the same
rules as the pages. Handlers authorise through ``permissions`` and call one service."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router
from ninja.pagination import paginate

from secretariat.core.api_auth import write_auth
from secretariat.core.api_bodies import body_reference
from secretariat.core.errors import NotFound
from secretariat.core.pagination import Pagination
from secretariat.core.schemas import ContentLanguage, IdPath
from secretariat.meetings.models import Meeting
from secretariat.negotiation.models import Text

from . import exports, permissions, selectors, services
from .models import Outcome, TranslatorAssignment
from .schemas import (
    OutcomeAnnounce,
    OutcomeCreate,
    OutcomeOut,
    OutcomeSummaryOut,
    OutcomeUpdate,
    ParagraphTranslationOut,
    ParagraphTranslationSave,
    ParagraphTranslationVerify,
    TranslatorAssignmentCreate,
    TranslatorAssignmentOut,
)

router = Router(tags=["outcomes"])


def _summary(item: Outcome, language: str) -> dict[str, Any]:
    title, title_language = exports.title_in(item, language)
    return {
        "slug": item.slug,
        "title": title,
        "title_language": title_language,
        "adopted_at": item.text.adopted_at,
        "announced_at": item.announced_at,
        "meeting_id": item.meeting_id,
    }


def _outcome_out(item: Outcome, language: str) -> dict[str, Any]:
    built = exports.build(item, language)
    return {
        **_summary(item, language),
        "title": built.document.title,
        "title_language": built.title_language,
        "version": item.version,
        "language": language,
        "language_state": built.summary.state,
        "source_language": item.source_language,
        "required_languages": item.required_languages,
        "languages": [vars(s) for s in built.summaries],
        "paragraphs": [
            {
                "eid": row.eid,
                "num": row.num,
                "heading": row.shown_heading,
                "text": row.shown_text,
                "language": row.shown_language,
                "state": row.state,
            }
            for row in built.rows
        ],
    }


def _language(language: str | None) -> str:
    return permissions.check_language(language or get_language() or "en")


@router.get("/", response=list[OutcomeSummaryOut], operation_id="list_outcomes")
@paginate(Pagination)
def list_outcomes(request: HttpRequest, language: ContentLanguage | None = None):  # type: ignore[valid-type]
    """Announced outcomes (to the secretariat and translators, every outcome)."""
    code = _language(language)
    items = permissions.outcomes_visible_to(request.user).select_related("text", "meeting")
    return [_summary(item, code) for item in items.order_by("-announced_at", "pk")]


@router.get("/{slug}", response=OutcomeOut, operation_id="get_outcome")
def get_outcome(request: HttpRequest, slug: str, language: ContentLanguage | None = None):  # type: ignore[valid-type]
    """The outcome in ``language`` (default: the request's): verified paragraphs in it, the
    others in the original, each with its ``language`` and ``state``."""
    code = _language(language)
    return _outcome_out(permissions.access_outcome(request.user, slug), code)


@router.post("/", response={201: OutcomeOut}, auth=write_auth, operation_id="create_outcome")
def create_outcome(request: HttpRequest, payload: OutcomeCreate):
    """Prepare an adopted text for the public (the secretariat)."""
    permissions.require_secretariat(request.user)
    text = body_reference("text", lambda: _text(payload.text))
    meeting = (
        body_reference("meeting_id", lambda: _meeting(payload.meeting_id))
        if payload.meeting_id
        else None
    )
    item = services.create_outcome(
        actor=request.user,
        text=text,
        slug=payload.slug,
        meeting=meeting,
        required_languages=list(payload.required_languages),
    )
    return 201, _outcome_out(permissions.access_outcome(request.user, item.slug), "en")


def _text(slug: str) -> Text:
    text = Text.objects.filter(slug=slug).first()
    if text is None:
        raise NotFound(f"No text {slug!r}.")
    return text


def _meeting(meeting_id: int | None) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id or 0).first()
    if meeting is None:
        raise NotFound(f"No meeting {meeting_id}.")
    return meeting


@router.patch("/{slug}", response=OutcomeOut, auth=write_auth, operation_id="update_outcome")
def update_outcome(request: HttpRequest, slug: str, payload: OutcomeUpdate):
    """Required languages and the adoption meeting (the secretariat); 409 on a stale
    ``version``."""
    item = permissions.access_outcome(request.user, slug, need="manage")
    changes: dict[str, Any] = {}
    if payload.required_languages is not None:
        changes["required_languages"] = list(payload.required_languages)
    if "meeting_id" in payload.model_fields_set:
        changes["meeting"] = (
            body_reference("meeting_id", lambda: _meeting(payload.meeting_id))
            if payload.meeting_id
            else None
        )
    services.update_outcome(
        actor=request.user, outcome=item, version=payload.version, changes=changes
    )
    return _outcome_out(permissions.access_outcome(request.user, slug), _language(None))


@router.post(
    "/{slug}/announce", response=OutcomeOut, auth=write_auth, operation_id="announce_outcome"
)
def announce_outcome(request: HttpRequest, slug: str, payload: OutcomeAnnounce):
    """Make the outcome public: 422 until every required language is verified."""
    item = permissions.access_outcome(request.user, slug, need="manage")
    services.announce_outcome(actor=request.user, outcome=item, version=payload.version)
    return _outcome_out(permissions.access_outcome(request.user, slug), _language(None))


def _translation_out(row: selectors.Row) -> dict[str, Any]:
    t = row.translation
    return {
        "eid": row.eid,
        "num": row.num,
        "source_text": row.source_text,
        "source_heading": row.source_heading,
        "state": row.state,
        "text": t.text if t else "",
        "heading": t.heading if t else "",
        "version": t.version if t else 0,
        "translated_by": t.translated_by.get_username() if t and t.translated_by else None,
        "reviewed_by": t.reviewed_by.get_username() if t and t.reviewed_by else None,
        "verified_at": t.verified_at if t else None,
        "suggestions": [vars(s) for s in row.suggestions],
    }


def _rows(item: Outcome, language: str, *, memory: bool) -> list[selectors.Row]:
    if language == item.source_language:
        raise NotFound("The original language is not translated.")
    rows = selectors.rows_for(item, language, selectors.source_paragraphs(item))
    if memory:
        selectors.memory_for(item, language, rows)
    return rows


@router.get(
    "/{slug}/translations/{language}",
    response=list[ParagraphTranslationOut],
    operation_id="list_translations",
)
def list_translations(request: HttpRequest, slug: str, language: str, memory: bool = True):
    """Every paragraph with its translation and memory suggestions (translators of the
    language and the secretariat)."""
    item = permissions.access_outcome(request.user, slug, need="translate", language=language)
    return [_translation_out(row) for row in _rows(item, language, memory=memory)]


def _one(item: Outcome, language: str, eid: str, *, memory: bool = False) -> dict[str, Any]:
    for row in _rows(item, language, memory=memory):
        if row.eid == eid:
            return _translation_out(row)
    raise NotFound(f"The outcome has no paragraph {eid}.")


@router.put(
    "/{slug}/translations/{language}/{eid}",
    response=ParagraphTranslationOut,
    auth=write_auth,
    operation_id="save_translation",
)
def save_translation(
    request: HttpRequest, slug: str, language: str, eid: str, payload: ParagraphTranslationSave
):
    """Save a draft (any change unverifies); 409 with the current one on a stale version."""
    item = permissions.access_outcome(request.user, slug, need="translate", language=language)
    services.save_translation(
        actor=request.user,
        outcome=item,
        eid=eid,
        language=language,
        text=payload.text,
        heading=payload.heading,
        version=payload.version,
        machine=payload.machine,
        from_memory=payload.from_memory,
    )
    return _one(item, language, eid)


@router.post(
    "/{slug}/translations/{language}/{eid}/verify",
    response=ParagraphTranslationOut,
    auth=write_auth,
    operation_id="verify_translation",
)
def verify_translation(
    request: HttpRequest, slug: str, language: str, eid: str, payload: ParagraphTranslationVerify
):
    """A reviewer of the language verifies someone else's draft of the current wording."""
    item = permissions.access_outcome(request.user, slug, need="review", language=language)
    services.verify_translation(
        actor=request.user, outcome=item, eid=eid, language=language, version=payload.version
    )
    return _one(item, language, eid)


@router.get(
    "/translators/assignments",
    response=list[TranslatorAssignmentOut],
    operation_id="list_translator_assignments",
)
@paginate(Pagination)
def list_translator_assignments(request: HttpRequest):
    """Who translates and reviews which language (the secretariat)."""
    permissions.require_secretariat(request.user)
    return [
        {
            "id": a.pk,
            "user_id": a.user_id,
            "username": a.user.get_username(),
            "language": a.language,
            "may_review": a.may_review,
        }
        for a in TranslatorAssignment.objects.select_related("user")
    ]


@router.post(
    "/translators/assignments",
    response={201: TranslatorAssignmentOut},
    auth=write_auth,
    operation_id="assign_translator",
)
def assign_translator(request: HttpRequest, payload: TranslatorAssignmentCreate):
    permissions.require_secretariat(request.user)
    a = services.assign_translator(
        actor=request.user,
        user_id=payload.user_id,
        language=payload.language,
        may_review=payload.may_review,
    )
    return 201, {
        "id": a.pk,
        "user_id": a.user_id,
        "username": a.user.get_username(),
        "language": a.language,
        "may_review": a.may_review,
    }


@router.delete(
    "/translators/assignments/{assignment_id}",
    response={204: None},
    auth=write_auth,
    operation_id="remove_translator",
)
def remove_translator(request: HttpRequest, assignment_id: IdPath):
    permissions.require_secretariat(request.user)
    assignment = TranslatorAssignment.objects.filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound(f"No assignment {assignment_id}.")
    services.remove_translator(actor=request.user, assignment=assignment)
    return 204, None
