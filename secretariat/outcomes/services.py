"""Every write on outcomes and their translations: validate, save, audit, renew the public
pages' cache token, in one transaction. Translation saves and verifications are
compare-and-swap on the translation's ``version`` (0 names "no translation yet")."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.meetings.models import Meeting
from secretariat.negotiation.choices import Classification
from secretariat.negotiation.models import Text

from . import cache, selectors
from .choices import TranslationState
from .models import Outcome, ParagraphTranslation, TranslatorAssignment

MAX_TRANSLATION = 5000
MAX_HEADING = 300
# Paths of the app's own pages next to ``<slug>/``.
RESERVED_SLUGS = {"feed", "translate"}


def _languages(values: list[str], source: str) -> list[str]:
    unknown = [v for v in values if v not in settings.CONTENT_LANGUAGES]
    if unknown:
        raise ValidationFailed(
            _("Unknown content language: %(codes)s.") % {"codes": ", ".join(unknown)},
            errors={"required_languages": [", ".join(unknown)]},
        )
    return [code for code in settings.CONTENT_LANGUAGES if code in values and code != source]


def present(outcome: Outcome) -> dict[str, Any]:
    return {
        "slug": outcome.slug,
        "version": outcome.version,
        "required_languages": outcome.required_languages,
        "meeting_id": outcome.meeting_id,
        "announced_at": outcome.announced_at.isoformat() if outcome.announced_at else None,
    }


def present_translation(translation: ParagraphTranslation) -> dict[str, Any]:
    return {
        "eid": translation.eid,
        "language": translation.language,
        "version": translation.version,
        "state": translation.state,
        "text": translation.text,
        "heading": translation.heading,
    }


def _require_published(text: Text) -> None:
    """A restricted text stays with its forum's members until derestricted: neither its
    translators nor the public may read it through an outcome."""
    if text.classification != Classification.PUBLISHED:
        raise ValidationFailed(
            _("Only a published text can become a public outcome; this one is restricted."),
            errors={"text": [text.slug]},
        )


def create_outcome(
    *,
    actor: Any,
    text: Text,
    slug: str = "",
    meeting: Meeting | None = None,
    required_languages: list[str] | None = None,
    source_language: str = "",
) -> Outcome:
    """Prepare a concluded text (adopted, or issued by the chair) for the public."""
    if not text.is_concluded or text.current_version_id is None:
        raise ValidationFailed(
            _("Only an adopted text can be published as an outcome."), errors={"text": [text.slug]}
        )
    _require_published(text)
    if Outcome.objects.filter(text=text).exists():
        raise ValidationFailed(
            _("This text already has a published outcome."), errors={"text": [text.slug]}
        )
    if (slug or text.slug) in RESERVED_SLUGS:
        raise ValidationFailed(
            _("This address is reserved; choose another."), errors={"slug": [slug]}
        )
    source = source_language or settings.CONTENT_FALLBACK_LANGUAGE
    if source not in settings.CONTENT_LANGUAGES:
        raise ValidationFailed(_("Unknown source language."), errors={"source_language": [source]})
    outcome = create_audited(
        Outcome,
        actor=actor,
        action="outcomes.outcome.created",
        fields={
            "text": text,
            "slug": slug or text.slug,
            "meeting": meeting,
            "source_language": source,
            "required_languages": _languages(required_languages or [], source),
        },
    )
    cache.touch(outcome.pk)
    return outcome


def update_outcome(
    *, actor: Any, outcome: Outcome, version: int, changes: dict[str, Any]
) -> Outcome:
    """Required languages and the adoption meeting."""
    allowed = {"required_languages", "meeting"}
    changes = {k: v for k, v in changes.items() if k in allowed}
    if "required_languages" in changes:
        changes["required_languages"] = _languages(
            changes["required_languages"] or [], outcome.source_language
        )
    with transaction.atomic():
        updated = update_versioned(
            outcome,
            actor=actor,
            action="outcomes.outcome.updated",
            expected_version=version,
            changes=changes,
            present=present,
        )
        cache.touch(outcome.pk)
    return updated


def missing_required(outcome: Outcome) -> dict[str, int]:
    """Required language -> paragraphs not verified yet (for the current wording)."""
    paragraphs = selectors.source_paragraphs(outcome)
    summaries = selectors.language_summaries(outcome, paragraphs)
    return {
        s.language: s.total - s.verified for s in summaries if s.required and s.verified < s.total
    }


def _lock(outcome: Outcome) -> None:
    Outcome.objects.select_for_update().filter(pk=outcome.pk).values_list("pk").first()


def announce_outcome(*, actor: Any, outcome: Outcome, version: int) -> Outcome:
    """Make the outcome public: only when every required language is verified in full."""
    if outcome.is_announced:
        raise ValidationFailed(_("This outcome is already announced."))
    _require_published(outcome.text)
    now = timezone.now()
    with transaction.atomic():
        # Translations lock the outcome's row too: none can turn back into a draft between
        # the check and the announcement.
        _lock(outcome)
        missing = missing_required(outcome)
        if missing:
            raise ValidationFailed(
                _("Required languages are not verified yet: %(langs)s.")
                % {"langs": ", ".join(f"{k} ({v})" for k, v in missing.items())},
                errors={"required_languages": sorted(missing)},
            )
        updated = Outcome.objects.filter(pk=outcome.pk, version=version).update(
            announced_at=now, announced_by=actor, version=F("version") + 1, updated_at=now
        )
        if not updated:
            current = Outcome.objects.filter(pk=outcome.pk).first()
            raise Conflict(
                _("The outcome changed meanwhile."),
                current=present(current) if current else None,
            )
        audit.record(
            actor=actor,
            action="outcomes.outcome.announced",
            obj=outcome,
            changes={"announced_at": now.isoformat()},
        )
        cache.touch(outcome.pk)
    outcome.refresh_from_db()
    return outcome


def _source_paragraph(outcome: Outcome, eid: str) -> tuple[str, str, str]:
    """(plain text, heading, content hash) of the paragraph ``eid`` as adopted."""
    for paragraph in selectors.source_paragraphs(outcome):
        if paragraph.provision.eid == eid:
            return (
                selectors.plain_text(paragraph.content),
                paragraph.heading,
                paragraph.content_hash,
            )
    raise NotFound(_("The outcome has no paragraph %(eid)s.") % {"eid": eid})


def _check_target(outcome: Outcome, language: str) -> None:
    if language not in settings.CONTENT_LANGUAGES:
        raise NotFound(f"No content language {language!r}.")
    if language == outcome.source_language:
        raise ValidationFailed(
            _("The original language is not translated."), errors={"language": [language]}
        )


def save_translation(
    *,
    actor: Any,
    outcome: Outcome,
    eid: str,
    language: str,
    text: str,
    heading: str = "",
    version: int,
    machine: bool = False,
    from_memory: int | None = None,
) -> ParagraphTranslation:
    """Save a paragraph's translation as a draft (``machine``: imported from a machine
    translation, labelled as such). Any change unverifies it. ``version`` is the one read
    (0: there was none); a stale one is 409 with the current translation."""
    _check_target(outcome, language)
    source_text, _heading, source_hash = _source_paragraph(outcome, eid)
    if from_memory is not None:
        entry = ParagraphTranslation.objects.filter(
            pk=from_memory, language=language, state=TranslationState.VERIFIED
        ).first()
        if entry is None:
            raise ValidationFailed(
                _("That memory suggestion no longer exists."), errors={"suggestion": ["gone"]}
            )
        text = entry.text
    text = (text or "").strip()
    heading = (heading or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write the translation.")]
    elif len(text) > MAX_TRANSLATION:
        errors["text"] = [_("At most %(n)d characters.") % {"n": MAX_TRANSLATION}]
    if len(heading) > MAX_HEADING:
        errors["heading"] = [_("At most %(n)d characters.") % {"n": MAX_HEADING}]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    state = TranslationState.MACHINE if machine else TranslationState.DRAFT
    now = timezone.now()
    values = {
        "text": text,
        "heading": heading,
        "state": state,
        "source_text": source_text,
        "source_hash": source_hash,
        "translated_by": actor,
        "reviewed_by": None,
        "verified_at": None,
    }
    with transaction.atomic():
        _lock(outcome)  # serialised with the announcement (``announce_outcome``)
        current = (
            ParagraphTranslation.objects.select_for_update()
            .filter(outcome=outcome, eid=eid, language=language)
            .first()
        )
        if (current.version if current else 0) != version:
            raise Conflict(
                _("Someone saved this translation meanwhile; here is their text."),
                current=present_translation(current) if current else None,
            )
        if current is None:
            try:
                with transaction.atomic():
                    translation = ParagraphTranslation.objects.create(
                        outcome=outcome, eid=eid, language=language, **values
                    )
            except IntegrityError:  # created between the read and the insert
                raise Conflict(_("Someone saved this translation meanwhile.")) from None
            before: dict[str, Any] = {}
        else:
            before = {"text": current.text, "state": current.state}
            for name, value in values.items():
                setattr(current, name, value)
            current.version += 1
            current.updated_at = now
            current.save()
            translation = current
        audit.record(
            actor=actor,
            action="outcomes.translation.saved",
            obj=translation,
            changes={
                "eid": eid,
                "language": language,
                "state": [before.get("state"), state],
                "text": [before.get("text"), text],
                "from_memory": from_memory,
            },
        )
        cache.touch(outcome.pk)
    return translation


def verify_translation(
    *, actor: Any, outcome: Outcome, eid: str, language: str, version: int
) -> ParagraphTranslation:
    """A reviewer verifies a draft of the current wording that someone else translated."""
    _check_target(outcome, language)
    _source_text, _heading, source_hash = _source_paragraph(outcome, eid)
    with transaction.atomic():
        _lock(outcome)  # serialised with the announcement (``announce_outcome``)
        translation = (
            ParagraphTranslation.objects.select_for_update()
            .filter(outcome=outcome, eid=eid, language=language)
            .first()
        )
        if translation is None:
            raise NotFound(_("There is no translation of this paragraph yet."))
        if translation.version != version:
            raise Conflict(
                _("The translation changed since you read it; review it again."),
                current=present_translation(translation),
            )
        if translation.state == TranslationState.VERIFIED:
            raise ValidationFailed(_("This translation is already verified."))
        if translation.source_hash != source_hash:
            raise ValidationFailed(
                _("The original changed since this was translated; translate it again.")
            )
        if translation.translated_by_id == getattr(actor, "pk", None):
            raise PermissionDenied(_("Someone other than the translator must verify it."))
        translation.state = TranslationState.VERIFIED
        translation.reviewed_by = actor
        translation.verified_at = timezone.now()
        translation.version += 1
        translation.save()
        audit.record(
            actor=actor,
            action="outcomes.translation.verified",
            obj=translation,
            changes={"eid": eid, "language": language, "version": translation.version},
        )
        cache.touch(outcome.pk)
    return translation


def assign_translator(
    *, actor: Any, user_id: int, language: str, may_review: bool = False
) -> TranslatorAssignment:
    if language not in settings.CONTENT_LANGUAGES:
        raise ValidationFailed(_("Unknown content language."), errors={"language": [language]})
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationFailed(_("No such user."), errors={"user_id": [str(user_id)]})
    return create_audited(
        TranslatorAssignment,
        actor=actor,
        action="outcomes.translator.assigned",
        fields={"user": user, "language": language, "may_review": may_review},
    )


def remove_translator(*, actor: Any, assignment: TranslatorAssignment) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="outcomes.translator.removed",
            obj=assignment,
            changes={"user_id": assignment.user_id, "language": assignment.language},
        )
        assignment.delete()
