"""Writes to negotiated texts. Callers authorise through ``permissions`` first; these
functions validate, write, and record the audit entry in the same transaction."""

import re
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.versioning import clean_or_raise
from secretariat.registry.models import Delegation, Forum

from . import consensus, hooks, live, provenance
from .choices import (
    AMENDMENT_TRANSITIONS,
    AmendmentKind,
    AmendmentState,
    Classification,
    Part,
    Stance,
    TextStatus,
)
from .models import Amendment, Paragraph, Position, Provision, Text, Version

EID_PREFIX = {
    Part.PREFACE: "preface",
    Part.PREAMBLE: "recital",
    Part.BODY: "para",
    Part.CONCLUSIONS: "concl",
    Part.ANNEX: "annex",
}


def _current_version_id(text: Text) -> int:
    if text.current_version_id is None:
        raise ValidationFailed(_("This text has no version yet."))
    return text.current_version_id


def validate_content(content: Any, economy_codes: set[str]) -> list[dict[str, Any]]:
    """Segments as documented on ``Paragraph``; holders must be economies at the table."""
    if not isinstance(content, list) or not content:
        raise ValidationFailed(_("A paragraph needs at least one segment of text."))
    for segment in content:
        kinds = {"text", "bracket", "options"} & set(segment)
        if not isinstance(segment, dict) or len(kinds) != 1:
            raise ValidationFailed(_("Each segment is exactly one of text, bracket or options."))
        holders = list(segment.get("holders", []))
        for option in segment.get("options", []):
            if not isinstance(option, dict) or not isinstance(option.get("text"), str):
                raise ValidationFailed(_("Each option needs a text."))
            holders += option.get("holders", [])
        unknown = sorted(set(holders) - economy_codes)
        if unknown:
            raise ValidationFailed(
                _("Holders %(codes)s have no delegation to this forum.")
                % {"codes": ", ".join(unknown)}
            )
    return content


def _economy_codes(forum: Forum) -> set[str]:
    return set(Delegation.objects.filter(forum=forum).values_list("economy__code", flat=True))


def create_text(
    *,
    actor: Any,
    forum: Forum,
    slug: str,
    kind: str,
    title: dict,
    classification: str,
    consensus_rule: str,
    package_mode: bool,
    first_version_kind: str,
    paragraphs: list[dict[str, Any]],
    language: str = "en",
) -> Text:
    """A new text with its first version (an elements paper or a zero draft; the clean text
    of an imported agreed text), worded in ``language``."""
    text = Text(
        forum=forum,
        slug=slug,
        kind=kind,
        title=title,
        language=language,
        classification=classification,
        consensus_rule=consensus_rule,
        package_mode=package_mode,
    )
    clean_or_raise(text, exclude=["version", "current_version"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                text.save()
        except IntegrityError:  # the same slug taken meanwhile, after clean_or_raise looked
            raise ValidationFailed(
                _("A text with this slug already exists."),
                errors={"slug": [_("A text with this slug already exists.")]},
            ) from None
        audit.record(
            actor=actor,
            action="negotiation.text.created",
            obj=text,
            changes={"slug": slug, "forum_id": forum.pk, "kind": kind},
        )
        publish_version(
            actor=actor,
            text=text,
            kind=first_version_kind,
            based_on=None,
            paragraphs=paragraphs,
            note="",
        )
    text.refresh_from_db()
    return text


def _next_eid(text: Text, part: str, taken: set[str]) -> str:
    prefix = EID_PREFIX[Part(part)]
    numbers = [
        int(match.group(1)) for eid in taken if (match := re.fullmatch(rf"{prefix}_(\d+)", eid))
    ]
    return f"{prefix}_{max(numbers, default=0) + 1}"


def publish_version(
    *,
    actor: Any,
    text: Text,
    kind: str,
    based_on: int | None,
    paragraphs: list[dict[str, Any]],
    note: str = "",
    author_role: str = "chair",
    deleted_by_amendments: dict[str, list[int]] | None = None,
) -> Version:
    """Snapshot the whole text as a new version. Paragraphs keep their eId when they name it;
    new ones get a fresh eId that was never used in this text. ``based_on`` is the version
    number the author edited: if another version appeared meanwhile, 409. A paragraph's
    ``from_amendments`` and ``deleted_by_amendments`` ({eid: ids}) name the incorporated
    amendments its change came from (see ``carry_forward``)."""
    codes = _economy_codes(text.forum)
    if not paragraphs:
        raise ValidationFailed(_("A version needs at least one paragraph."))
    with transaction.atomic():
        locked = Text.objects.select_for_update().get(pk=text.pk)
        if locked.status != TextStatus.NEGOTIATING:
            raise ValidationFailed(
                _("A new version needs a text under negotiation (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        current = locked.current_version
        if (current.number if current else None) != based_on:
            raise Conflict(
                _("Another version was published meanwhile; start from it."),
                current={"current_version": current.number if current else None},
            )
        provisions = {p.eid: p for p in Provision.objects.filter(text=text)}
        previous = (
            {p.provision_id: p for p in current.paragraphs.select_related("provision")}
            if current
            else {}
        )
        sources, deleted_by = provenance.check_sources(
            text,
            paragraphs,
            deleted_by_amendments or {},
            {p.provision.eid for p in previous.values()},
        )
        # A fresh eId must not take one that a later paragraph of this version names.
        named = {item["eid"] for item in paragraphs if item.get("eid")}
        version = Version.objects.create(
            text=text,
            number=(current.number + 1) if current else 1,
            kind=kind,
            author_role=author_role,
            parent=current,
            note=note[:500],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            deleted_by_amendments=deleted_by,
        )
        seen: set[str] = set()
        for order, (item, from_amendments) in enumerate(zip(paragraphs, sources, strict=True), 1):
            part = item.get("part", Part.BODY)
            if part not in Part.values:
                raise ValidationFailed(_("Unknown part %(part)s.") % {"part": part})
            eid = item.get("eid") or _next_eid(text, part, set(provisions) | named)
            if eid in seen:
                raise ValidationFailed(_("eId %(eid)s appears twice.") % {"eid": eid})
            seen.add(eid)
            provision = provisions.get(eid)
            if provision is None:
                provision = Provision.objects.create(text=text, eid=eid, created_in=version)
                provisions[eid] = provision
            content = validate_content(item.get("content"), codes)
            earlier = previous.get(provision.pk)
            alternative_to = item.get("alternative_to")
            if alternative_to and alternative_to not in provisions:
                raise ValidationFailed(_("alternative_to names no paragraph of this text."))
            Paragraph.objects.create(
                version=version,
                provision=provision,
                part=part,
                order=order,
                num=str(item.get("num", ""))[:20],
                wid=earlier.wid
                if earlier
                else f"{EID_PREFIX[Part(part)]}_{item.get('num') or order}",
                heading=str(item.get("heading", ""))[:300],
                content=content,
                content_hash=consensus.wording_hash(content),
                alternative_to=provisions[alternative_to] if alternative_to else None,
                alternative_holders=list(item.get("alternative_holders", [])),
                illustrative=bool(item.get("illustrative", False)),
                from_amendments=from_amendments,
            )
        Text.objects.filter(pk=text.pk).update(
            current_version=version, version=locked.version + 1, updated_at=timezone.now()
        )
        carried = {pk for ids in [*sources, *deleted_by.values()] for pk in ids}
        audit.record(
            actor=actor,
            action="negotiation.version.published",
            obj=text,
            changes={
                "number": version.number,
                "kind": kind,
                "paragraphs": len(paragraphs),
                **({"from_amendments": sorted(carried)} if carried else {}),
            },
        )
        live.announce(text, "version")
    text.refresh_from_db()
    return version


def state_position(
    *,
    actor: Any,
    text: Text,
    delegation: Delegation,
    eid: str,
    stance: str,
    based_on: int | None,
    ad_referendum: bool = False,
    confirm_by: date | None = None,
    reason: str = "",
) -> Position:
    """Record the delegation's position on the current wording. ``based_on`` is the id of the
    current position the author saw (None if none): a stale one gets 409, never a lost write."""
    if stance not in Stance.values:
        raise ValidationFailed(_("Unknown stance."), errors={"stance": ["unknown"]})
    if ad_referendum and stance not in (Stance.SUPPORT, Stance.CAN_LIVE_WITH):
        raise ValidationFailed(_("Only support can be given ad referendum."))
    # The text's id too: the provision is then found by its (text, eid) key, not by reading
    # every paragraph of the version (3,000 on a long text) for the one with that eid. At
    # most one row, read unordered: ``first()`` would order by id, and PostgreSQL may then
    # walk the whole table in id order.
    found = list(
        Paragraph.objects.select_related("provision")
        .filter(
            version_id=_current_version_id(text), provision__text_id=text.pk, provision__eid=eid
        )
        .order_by()[:1]
    )
    paragraph = found[0] if found else None
    if paragraph is None:
        raise ValidationFailed(
            _("The current version has no paragraph %(eid)s.") % {"eid": eid},
            errors={"eid": ["not in the current version"]},
        )
    with transaction.atomic():
        # At most one (one_current_position), read unordered: the model's ordering would join
        # the delegation, forum and economy, and FOR UPDATE lock their rows too; ``first()``
        # would order by id, which PostgreSQL may answer by walking every position in id order.
        locked = list(
            Position.objects.select_for_update()
            .filter(
                provision=paragraph.provision, delegation=delegation, superseded_at__isnull=True
            )
            .order_by()[:1]
        )
        current = locked[0] if locked else None
        if (current.pk if current else None) != based_on:
            raise Conflict(
                _("Your delegation's position changed meanwhile."),
                current={
                    "position": current.pk if current else None,
                    "stance": current.stance if current else None,
                },
            )
        now = timezone.now()
        if current is not None:
            Position.objects.filter(pk=current.pk).update(superseded_at=now)
        try:
            with transaction.atomic():
                position = Position.objects.create(
                    provision=paragraph.provision,
                    delegation=delegation,
                    stance=stance,
                    ad_referendum=ad_referendum,
                    confirm_by=confirm_by,
                    reason=reason[:2000],
                    wording_hash=paragraph.content_hash,
                    answered_version_id=_current_version_id(text),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            raise Conflict(_("Your delegation's position changed meanwhile.")) from None
        audit.record(
            actor=actor,
            action="negotiation.position.stated",
            obj=position,
            changes={
                "text_id": text.pk,
                "eid": eid,
                "delegation_id": delegation.pk,
                "stance": stance,
                "ad_referendum": ad_referendum,
                "wording_hash": paragraph.content_hash,
            },
        )
        live.announce(text, "position", eid)
    return position


def propose_amendment(
    *,
    actor: Any,
    text: Text,
    delegation: Delegation,
    kind: str,
    eid: str | None,
    proposed_text: str,
    justification: str,
    after_eid: str | None = None,
    co_sponsors: list[Delegation] | None = None,
) -> Amendment:
    """A draft amendment of ``delegation`` against the current version."""
    provisions = {p.eid: p for p in Provision.objects.filter(text=text)}
    if kind != AmendmentKind.INSERT and (not eid or eid not in provisions):
        raise ValidationFailed(
            _("Name the paragraph (eid) this amendment is about."), errors={"eid": ["required"]}
        )
    if kind in (AmendmentKind.INSERT, AmendmentKind.REPLACE) and not proposed_text.strip():
        raise ValidationFailed(
            _("Give the proposed wording."), errors={"proposed_text": ["required"]}
        )
    if after_eid and after_eid not in provisions:
        raise ValidationFailed(_("after_eid names no paragraph of this text."))
    amendment = Amendment(
        text=text,
        against_version_id=_current_version_id(text),
        provision=provisions.get(eid or ""),
        kind=kind,
        proposed_text=proposed_text,
        justification=justification,
        after_provision=provisions.get(after_eid or ""),
        proposer=delegation,
        created_by=actor,
    )
    clean_or_raise(amendment, exclude=["version"])
    with transaction.atomic():
        amendment.save()
        sponsors = [
            d for d in (co_sponsors or []) if d.forum_id == text.forum_id and d.pk != delegation.pk
        ]
        amendment.co_sponsors.set(sponsors)
        audit.record(
            actor=actor,
            action="negotiation.amendment.drafted",
            obj=amendment,
            changes={
                "text_id": text.pk,
                "kind": kind,
                "eid": eid,
                "proposer_id": delegation.pk,
                "content": audit.private_digest([proposed_text, justification]),
            },
        )
    return amendment


def move_amendment(*, actor: Any, amendment: Amendment, to_state: str, version: int) -> Amendment:
    """Move a proposal along its workflow (``AMENDMENT_TRANSITIONS``)."""
    if to_state not in AMENDMENT_TRANSITIONS.get(amendment.state, set()):
        raise ValidationFailed(
            _("An amendment cannot go from %(from)s to %(to)s.")
            % {"from": amendment.state, "to": to_state}
        )
    now = timezone.now()
    submitting = to_state == AmendmentState.SUBMITTED
    extra = {"submitted_at": now} if submitting else {}
    with transaction.atomic():
        updated = Amendment.objects.filter(pk=amendment.pk, version=version).update(
            state=to_state, version=version + 1, updated_at=now, **extra
        )
        if not updated:
            raise Conflict(
                _("This amendment changed meanwhile."),
                current={"state": Amendment.objects.get(pk=amendment.pk).state},
            )
        changes: dict[str, Any] = {"state": [amendment.state, to_state]}
        if submitting:  # leaving the economy: now shared
            changes["proposed_text"] = amendment.proposed_text
        audit.record(
            actor=actor, action="negotiation.amendment.moved", obj=amendment, changes=changes
        )
        # An amendment never submitted was never shared: nobody else has anything to re-read.
        if submitting or amendment.submitted_at is not None:
            live.announce(
                amendment.text,
                "amendment",
                amendment.provision.eid if amendment.provision else None,
            )
    amendment.refresh_from_db()
    return amendment


def adopt_text(
    *,
    actor: Any,
    text: Text,
    version: int,
    publish: bool = False,
    adopted_at: datetime | None = None,
) -> Text:
    """Adopt the whole text by consensus: only when every paragraph is agreed outright.
    In package mode this is the moment provisional agreement becomes final."""
    from . import selectors

    if text.status != TextStatus.NEGOTIATING:
        raise ValidationFailed(
            _("Only a text under negotiation can be adopted (this one is %(status)s).")
            % {"status": text.get_status_display()}
        )
    consensus_map = selectors.consensus_map(text)
    open_paragraphs = consensus_map.open_eids
    if open_paragraphs:
        raise ValidationFailed(
            _("Not every paragraph is agreed: %(eids)s.")
            % {"eids": ", ".join(open_paragraphs[:20])},
            errors={"paragraphs": open_paragraphs},
        )
    changes = {"status": TextStatus.ADOPTED, "adopted_at": adopted_at or timezone.now()}
    if publish:
        changes["classification"] = Classification.PUBLISHED
    with transaction.atomic():
        updated = Text.objects.filter(pk=text.pk, version=version).update(
            **changes, version=version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise Conflict(_("The text changed meanwhile."), current={"version": text.version})
        audit.record(
            actor=actor,
            action="negotiation.text.adopted",
            obj=text,
            changes={"version_number": consensus_map.version.number, "published": publish},
        )
        live.announce(text, "status")
        hooks.text_adopted(text.pk)
    text.refresh_from_db()
    return text
