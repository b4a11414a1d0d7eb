"""The version composer: the chair's working draft of a text's next version, edited paragraph
by paragraph on the server and published through ``services.publish_version``.

Every write names the draft ``version`` it read and is a compare-and-swap (a stale one is a
``Conflict``, never a silent overwrite); each writes its audit entry in its transaction.
Paragraphs are ``publish_version``'s dicts plus a draft-local ``key`` (the eId for a
paragraph of an earlier version, ``new-N`` for one added here) and ``from_amendments``.
Adding, deleting, moving and renumbering are in ``composer_layout``."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, NotFound, ValidationFailed

from . import carry_forward, consensus, redline, services
from .choices import Part, TextStatus, VersionKind
from .models import Paragraph, Text, Version, VersionDraft


@dataclass(frozen=True)
class InitialDraft:
    """What a new draft starts from: paragraphs, and what the chair must review."""

    paragraphs: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    modified: list[dict[str, Any]]
    deleted_by_amendments: dict[str, list[int]]


def open_draft(text: Text) -> VersionDraft | None:
    return VersionDraft.objects.filter(text=text).select_related("base_version").first()


def draft_of(text: Text) -> VersionDraft:
    draft = open_draft(text)
    if draft is None:
        raise NotFound(_("This text has no draft of a next version."))
    return draft


def _as_publish_dict(paragraph: Paragraph) -> dict[str, Any]:
    eid = paragraph.provision.eid
    item: dict[str, Any] = {
        "key": eid,
        "eid": eid,
        "part": paragraph.part,
        "num": paragraph.num,
        "heading": paragraph.heading,
        "content": paragraph.content,
        "illustrative": paragraph.illustrative,
        "from_amendments": [],
    }
    if paragraph.alternative_to_id:
        item["alternative_to"] = paragraph.alternative_to.eid  # type: ignore[union-attr]
        item["alternative_holders"] = paragraph.alternative_holders
    return item


def _current_paragraphs(base: Version) -> list[dict[str, Any]]:
    paragraphs = base.paragraphs.select_related("provision", "alternative_to").order_by("order")
    return [_as_publish_dict(p) for p in paragraphs]


def _initial_paragraphs(text: Text, base: Version) -> InitialDraft:
    """The paragraphs a new draft starts from: the current version's, with the incorporated
    amendments carried forward (conflicts and amendments "incorporated as modified" are listed
    for the chair to review, deletions remembered for the provenance of the next version)."""
    carried = carry_forward.carry_forward(text, base)
    paragraphs = []
    for item in carried.paragraphs:
        paragraph = dict(item)
        paragraph.setdefault("key", paragraph.get("eid") or "")
        paragraph.setdefault("from_amendments", [])
        paragraphs.append(paragraph)
    conflicts = [
        {"eid": c.eid, "amendments": list(c.amendment_ids), "message": str(c.message)}
        for c in carried.conflicts
    ]
    modified = [
        {"eid": eid, "amendments": [amendment_id]} for amendment_id, eid in carried.modified
    ]
    return InitialDraft(paragraphs, conflicts, modified, dict(carried.deleted_by_amendments))


def _with_keys(draft_paragraphs: list[dict[str, Any]], next_key: int) -> tuple[list, int]:
    """Paragraphs without an eId (new ones carried forward) get a ``new-N`` key."""
    result = []
    for item in draft_paragraphs:
        if not item.get("key"):
            item = {**item, "key": f"new-{next_key}"}
            next_key += 1
        result.append(item)
    return result, next_key


def start_draft(*, actor: Any, text: Text) -> VersionDraft:
    """The text's open draft, started from its current version if there is none."""
    if text.status != TextStatus.NEGOTIATING:
        raise ValidationFailed(
            _("A new version needs a text under negotiation (this one is %(status)s).")
            % {"status": text.get_status_display()}
        )
    existing = open_draft(text)
    if existing is not None:
        return existing
    base = text.current_version
    if base is None:
        raise ValidationFailed(_("This text has no version yet."))
    initial = _initial_paragraphs(text, base)
    paragraphs, next_key = _with_keys(initial.paragraphs, 1)
    with transaction.atomic():
        Text.objects.select_for_update().filter(pk=text.pk).first()
        if VersionDraft.objects.filter(text=text).exists():  # started meanwhile
            return draft_of(text)
        draft = VersionDraft.objects.create(
            text=text,
            base_version=base,
            paragraphs=paragraphs,
            carried={
                "conflicts": initial.conflicts,
                "modified": initial.modified,
                "deleted_by_amendments": initial.deleted_by_amendments,
            },
            next_key=next_key,
            kind=base.kind,
            created_by=_user(actor),
            updated_by=_user(actor),
        )
        audit.record(
            actor=actor,
            action="negotiation.draft.started",
            obj=draft,
            changes={"text_id": text.pk, "base_version": base.number},
        )
    return draft


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def swap_draft(
    draft: VersionDraft,
    *,
    actor: Any,
    version: int,
    action: str,
    changes: dict[str, Any],
    **fields: Any,
) -> VersionDraft:
    """Compare-and-swap the draft from ``version``; the audit entry names what changed."""
    with transaction.atomic():
        updated = VersionDraft.objects.filter(pk=draft.pk, version=version).update(
            **fields, version=version + 1, updated_at=timezone.now(), updated_by=_user(actor)
        )
        if not updated:
            raise Conflict(
                _("Someone else changed this draft meanwhile; nothing of yours was saved."),
                current={"version": _version_now(draft)},
            )
        audit.record(actor=actor, action=action, obj=draft, changes=changes)
    draft.refresh_from_db()
    return draft


def _version_now(draft: VersionDraft) -> int | None:
    """The draft's version now (None: published or discarded meanwhile)."""
    return VersionDraft.objects.filter(pk=draft.pk).values_list("version", flat=True).first()


def paragraph_index(draft: VersionDraft, key: str) -> int:
    for index, item in enumerate(draft.paragraphs):
        if item.get("key") == key:
            return index
    raise NotFound(_("The draft has no paragraph %(key)s.") % {"key": key})


def economy_codes(text: Text) -> set[str]:
    return services._economy_codes(text.forum)


def check_content(text: Text, key: str, content: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The segments as ``publish_version`` will take them; the error names the paragraph."""
    try:
        return services.validate_content(content, economy_codes(text))
    except ValidationFailed as error:
        raise ValidationFailed(error.detail, errors={key: [error.detail]}) from None


def save_paragraph(
    *,
    actor: Any,
    draft: VersionDraft,
    version: int,
    key: str,
    content: list[dict[str, Any]],
    heading: str,
    num: str,
    illustrative: bool,
) -> VersionDraft:
    """New wording (segments with holders), section heading and number of one paragraph."""
    index = paragraph_index(draft, key)
    content = check_content(draft.text, key, content)
    paragraphs = list(draft.paragraphs)
    paragraphs[index] = {
        **paragraphs[index],
        "content": content,
        "heading": heading.strip()[:300],
        "num": num.strip()[:20],
        "illustrative": illustrative,
    }
    return swap_draft(
        draft,
        actor=actor,
        version=version,
        action="negotiation.draft.paragraph_saved",
        changes={"key": key, "content": audit.private_digest(content)},
        paragraphs=paragraphs,
    )


def _wordings(paragraphs: list[dict[str, Any]]) -> list[redline.Wording]:
    return [
        redline.Wording(
            eid=item.get("eid") or item["key"],
            part=item.get("part", Part.BODY),
            order=order,
            num=str(item.get("num", "")),
            heading=item.get("heading", ""),
            content=item.get("content") or [],
            content_hash=consensus.wording_hash(item.get("content") or []),
        )
        for order, item in enumerate(paragraphs, start=1)
    ]


def preview(draft: VersionDraft) -> redline.Redline:
    """The redline from the version the draft started from to the draft as it stands."""
    base = draft.base_version
    rows = redline.compare(_wordings(_current_paragraphs(base)), _wordings(draft.paragraphs))
    counts = {
        "added": sum(r.status == redline.Status.ADDED for r in rows),
        "deleted": sum(r.status == redline.Status.DELETED for r in rows),
        "changed": sum(r.status == redline.Status.CHANGED for r in rows),
        "moved": sum(r.moved for r in rows),
        "unchanged": sum(not r.is_change for r in rows),
    }
    return redline.Redline(draft.text_id, base.number, base.number + 1, tuple(rows), counts)


def problems(draft: VersionDraft) -> dict[str, list[str]]:
    """What stops the draft from being published, by paragraph key."""
    found: dict[str, list[str]] = {}
    codes = economy_codes(draft.text)
    for item in draft.paragraphs:
        try:
            services.validate_content(item.get("content"), codes)
        except ValidationFailed as error:
            found[item["key"]] = [error.detail]
    return found


def publish_draft(
    *, actor: Any, draft: VersionDraft, version: int, kind: str, note: str
) -> Version:
    """Publish the draft as the text's next version, then close it. A draft started from a
    version that is no longer current is refused (``Conflict``) and kept."""
    if kind not in VersionKind.values:
        raise ValidationFailed(_("Choose the kind of version."), errors={"kind": ["unknown"]})
    found = problems(draft)
    if found:
        raise ValidationFailed(
            _("Some paragraphs cannot be published yet; see the messages beside them."),
            errors=found,
        )
    paragraphs = [
        {name: value for name, value in item.items() if name != "key"} for item in draft.paragraphs
    ]
    with transaction.atomic():
        closed = VersionDraft.objects.filter(pk=draft.pk, version=version).delete()[0]
        if not closed:
            raise Conflict(
                _("Someone else changed this draft meanwhile; look at it again before publishing."),
                current={"version": _version_now(draft)},
            )
        published = services.publish_version(
            actor=actor,
            text=draft.text,
            kind=kind,
            based_on=draft.base_version.number,
            paragraphs=paragraphs,
            note=note,
            deleted_by_amendments=(draft.carried or {}).get("deleted_by_amendments") or None,
        )
        audit.record(
            actor=actor,
            action="negotiation.draft.published",
            obj=draft.text,
            changes={"number": published.number, "draft_id": draft.pk},
        )
    return published


def discard_draft(*, actor: Any, draft: VersionDraft, version: int) -> None:
    """Throw the draft away (the current version is untouched)."""
    with transaction.atomic():
        if not VersionDraft.objects.filter(pk=draft.pk, version=version).delete()[0]:
            raise Conflict(
                _("Someone else changed this draft meanwhile; look at it again first."),
                current={"version": _version_now(draft)},
            )
        audit.record(
            actor=actor,
            action="negotiation.draft.discarded",
            obj=draft.text,
            changes={"draft_id": draft.pk, "base_version": draft.base_version.number},
        )
