"""A new text from a Word draft the chair or the secretariat previewed. The paragraphs are
those the reader produced (``docx_import``), carried through the preview signed, so what is
created is exactly what was shown; nothing is stored before the confirmation."""

from typing import Any

from django.db import transaction

from secretariat.core import audit
from secretariat.core.i18n import translations
from secretariat.registry.models import Delegation, Forum

from . import docx_import, services
from .choices import Classification, ConsensusRule, VersionKind
from .models import Text


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
