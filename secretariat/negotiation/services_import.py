"""Texts that start outside the site. A new text from a Word draft the chair or the
secretariat previewed: the paragraphs are those the reader produced (``docx_import``), carried
through the preview signed, so what is created is exactly what was shown; nothing is stored
before the confirmation. Agreed texts imported from Akoma Ntoso (``akn_import``): adopted and
published, all files of one import or none."""

import copy
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.i18n import translations
from secretariat.registry.models import Delegation, Forum

from . import akn_import, docx_import, hooks, live, services
from .choices import Classification, ConsensusRule, TextStatus, VersionKind
from .models import ImportedText, Text


def create_text_from_draft(
    *,
    actor: Any,
    forum: Forum,
    slug: str,
    kind: str,
    title: str,
    language: str,
    draft: dict[str, Any],
) -> Text:
    """The text, restricted to its forum, with the draft's paragraphs as its zero draft; the
    audit entry names the file by its SHA-256 (the file itself is not kept)."""
    with transaction.atomic():
        text = services.create_text(
            actor=actor,
            forum=forum,
            slug=slug,
            kind=kind,
            title=translations(language, **{language.replace("-", "_"): title}),
            classification=Classification.RESTRICTED,
            consensus_rule=ConsensusRule.DEFAULT,
            package_mode=True,
            first_version_kind=VersionKind.ZERO_DRAFT,
            paragraphs=draft["paragraphs"],
            language=language,
        )
        audit.record(
            actor=actor,
            action="negotiation.text.imported",
            obj=text,
            changes={
                "file_name": str(draft.get("file_name", ""))[:200],
                "file_sha256": draft.get("sha256", ""),
                "paragraphs": len(draft["paragraphs"]),
                "warnings": len(draft.get("warnings", [])),
            },
        )
    return text


def preview_draft(*, forum: Forum, file: Any) -> docx_import.ImportedDraft:
    """Read the file for ``forum``: holders are kept when they are its delegations' economies.
    Stores nothing; an unreadable file raises ``docx_import.UnreadableDraft``."""
    codes = set(Delegation.objects.filter(forum=forum).values_list("economy__code", flat=True))
    return docx_import.read_zero_draft(file, known_holders=codes)


@dataclass(frozen=True)
class ImportResult:
    text: Text
    created: bool  # False: this expression was imported before, nothing was written
    file_name: str


def _free_slug(base: str) -> str:
    taken = set(Text.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _known_holders(paragraphs: list[dict[str, Any]], codes: set[str]) -> list[dict[str, Any]]:
    """Holders named in the file that have no delegation here are dropped: the wording is
    what was agreed, and an attribution to an economy outside the forum cannot be kept.
    A copy: the paragraphs as read are what identifies the wording (``wording_sha256``)."""
    paragraphs = copy.deepcopy(paragraphs)
    for paragraph in paragraphs:
        for segment in paragraph["content"]:
            if "holders" in segment:
                segment["holders"] = [c for c in segment["holders"] if c in codes]
            for option in segment.get("options", []):
                option["holders"] = [c for c in option.get("holders", []) if c in codes]
    return paragraphs


def _import_one(*, actor: Any, forum: Forum, agreed: akn_import.AgreedText) -> ImportResult:
    earlier = (
        ImportedText.objects.select_related("text")
        .filter(expression_uri=agreed.expression_uri)
        .first()
    )
    if earlier is not None:
        if earlier.wording_sha256 != agreed.wording_sha256:
            raise Conflict(
                _(
                    "%(file)s names the expression %(uri)s, imported before as %(slug)s with "
                    "other wording; nothing was imported."
                )
                % {
                    "file": agreed.file_name,
                    "uri": agreed.expression_uri,
                    "slug": earlier.text.slug,
                },
                current={"text": earlier.text.slug, "expression_uri": agreed.expression_uri},
            )
        return ImportResult(text=earlier.text, created=False, file_name=agreed.file_name)
    codes = set(Delegation.objects.filter(forum=forum).values_list("economy__code", flat=True))
    text = services.create_text(
        actor=actor,
        forum=forum,
        slug=_free_slug(agreed.slug),
        kind=agreed.kind,
        title=translations(agreed.language, **{agreed.language.replace("-", "_"): agreed.title}),
        classification=Classification.RESTRICTED,  # published by its adoption below
        consensus_rule=ConsensusRule.DEFAULT,
        package_mode=False,
        first_version_kind=VersionKind.CLEAN_TEXT,
        paragraphs=_known_holders(agreed.paragraphs, codes),
        language=agreed.language,
    )
    try:
        with transaction.atomic():
            ImportedText.objects.create(
                text=text,
                expression_uri=agreed.expression_uri,
                work_uri=agreed.work_uri,
                wording_sha256=agreed.wording_sha256,
                file_sha256=agreed.file_sha256,
                file_name=agreed.file_name[:200],
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # the same expression imported at the same moment
        raise Conflict(
            _("%(uri)s is being imported by someone else; try again.")
            % {"uri": agreed.expression_uri}
        ) from None
    audit.record(
        actor=actor,
        action="negotiation.text.imported",
        obj=text,
        changes={
            "format": "akn",
            "file_name": agreed.file_name[:200],
            "file_sha256": agreed.file_sha256,
            "expression_uri": agreed.expression_uri,
            "language": agreed.language,
            "paragraphs": len(agreed.paragraphs),
        },
    )
    adopted_at = datetime.combine(agreed.adopted_on, time(0, 0), tzinfo=UTC)
    _record_adoption_elsewhere(actor=actor, text=text, adopted_at=adopted_at)
    text.refresh_from_db()
    return ImportResult(text=text, created=True, file_name=agreed.file_name)


def _record_adoption_elsewhere(*, actor: Any, text: Text, adopted_at: datetime) -> None:
    """Agreed outside this site: adopted on its own date and published, with no consensus
    map to check (``services.adopt_text`` would want every paragraph agreed here). Audited
    and announced as every adoption is, so the precedent finder embeds it."""
    locked = Text.objects.select_for_update().get(pk=text.pk)
    Text.objects.filter(pk=text.pk).update(
        status=TextStatus.ADOPTED,
        adopted_at=adopted_at,
        classification=Classification.PUBLISHED,
        version=locked.version + 1,
        updated_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="negotiation.text.adopted",
        obj=text,
        changes={
            "version_number": locked.current_version.number if locked.current_version else None,
            "published": True,
            "imported": True,
            "adopted_at": adopted_at.isoformat(),
        },
    )
    live.announce(text, "status")
    hooks.text_adopted(text.pk)


def _one_import_at_a_time() -> None:
    """Hold the import lock until the transaction ends. Two uploads of the same file at once
    both read "not imported yet" and both took the same slug, so the second was refused as
    "a text with this slug already exists"; queued here, it finds the first one's rows
    (PostgreSQL reads what committed before each statement). Imports are rare and short.
    SQLite's IMMEDIATE transactions already serialise writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('negotiation.akn_import'))")


def import_agreed_texts(
    *, actor: Any, forum: Forum, files: list[tuple[str, bytes]]
) -> list[ImportResult]:
    """Each ``(name, bytes)`` as an adopted, published text of ``forum``. Every file is
    validated and read before anything is written, and all are written in one transaction:
    one invalid file (``akn_import.InvalidAkomaNtoso``) or conflict means nothing is imported.
    A file whose FRBR expression was imported before is not imported again."""
    agreed = [akn_import.read_agreed_text(data, name) for name, data in files]
    with transaction.atomic():
        _one_import_at_a_time()
        return [_import_named(actor=actor, forum=forum, agreed=item) for item in agreed]


def _import_named(*, actor: Any, forum: Forum, agreed: akn_import.AgreedText) -> ImportResult:
    """``_import_one``, with what the text services refuse (a file valid for the schema that
    this site cannot keep) reported under the file's name, as the schema's refusals are:
    otherwise an import of twenty files says "invalid" without saying which."""
    try:
        return _import_one(actor=actor, forum=forum, agreed=agreed)
    except akn_import.InvalidAkomaNtoso:
        raise
    except ValidationFailed as error:
        raise ValidationFailed(
            _("%(file)s cannot be imported: %(reason)s")
            % {"file": agreed.file_name, "reason": error.detail},
            errors={agreed.file_name: [str(error.detail)]},
        ) from None
