"""Which incorporated amendments a version's changes came from: checked when a version is
published, read back to know what was already carried forward, and shown beside the redline
to whoever may see those amendments (``selectors.amendments_visible_to``)."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from secretariat.core.errors import ValidationFailed

from .choices import AmendmentState
from .models import Amendment, Paragraph, Text, Version

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal

INCORPORATED_STATES = (AmendmentState.INCORPORATED, AmendmentState.INCORPORATED_MODIFIED)
# Far more than one paragraph ever takes from amendments; bounds what a request can send.
MAX_SOURCES = 50


@dataclass(frozen=True)
class Source:
    """An amendment a change came from, as the redline names it (plain data: cacheable)."""

    amendment_id: int
    economy: str  # the proposer's code
    economy_name: dict[str, Any]  # its translated name, as stored
    modified: bool  # incorporated as modified by the chair


def _ids(value: Any, where: str) -> list[int]:
    if not isinstance(value, list | tuple) or len(value) > MAX_SOURCES:
        raise ValidationFailed(
            _("%(where)s must be a list of at most %(n)s amendment ids.")
            % {"where": where, "n": MAX_SOURCES}
        )
    if not all(isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk < 2**63 for pk in value):
        raise ValidationFailed(_("%(where)s must list amendment ids.") % {"where": where})
    return list(dict.fromkeys(value))  # without repeats, in the order given


def check_sources(
    text: Text,
    paragraphs: list[dict[str, Any]],
    deleted_by: dict[str, Any],
    previous_eids: Collection[str],
) -> tuple[list[list[int]], dict[str, list[int]]]:
    """Each paragraph's ``from_amendments`` and the ``deleted_by`` map ({eid: ids}) checked:
    ids of this text's incorporated amendments, and deleted eids that were in the previous
    version and are not in the new one. Returns both cleaned (one list per paragraph)."""
    per_paragraph = [
        _ids(item.get("from_amendments") or [], f"from_amendments ({item.get('eid') or index})")
        for index, item in enumerate(paragraphs, start=1)
    ]
    if not isinstance(deleted_by, dict):
        raise ValidationFailed(_("deleted_by_amendments must map eIds to amendment ids."))
    kept = {item.get("eid") for item in paragraphs}
    deleted: dict[str, list[int]] = {}
    for eid, ids in deleted_by.items():
        if eid not in previous_eids or eid in kept:
            raise ValidationFailed(
                _("deleted_by_amendments names %(eid)s, which this version does not delete.")
                % {"eid": eid},
                errors={"deleted_by_amendments": [str(eid)]},
            )
        deleted[eid] = _ids(ids, f"deleted_by_amendments ({eid})")
    named = {pk for ids in [*per_paragraph, *deleted.values()] for pk in ids}
    if named:
        found = set(
            Amendment.objects.filter(
                text=text, pk__in=named, state__in=INCORPORATED_STATES
            ).values_list("pk", flat=True)
        )
        unknown = sorted(named - found)
        if unknown:
            raise ValidationFailed(
                _("Amendments %(ids)s are not incorporated amendments of this text.")
                % {"ids": ", ".join(f"#{pk}" for pk in unknown)},
                errors={"from_amendments": [str(pk) for pk in unknown]},
            )
    return per_paragraph, {eid: ids for eid, ids in deleted.items() if ids}


def carried_amendment_ids(text: Text) -> set[int]:
    """Every amendment some published version of ``text`` names as a source: it has been
    carried forward (or resolved by the chair, who named it) and is not carried again."""
    carried: set[int] = set()
    for ids in (
        Paragraph.objects.filter(version__text=text)
        .exclude(from_amendments=[])
        .values_list("from_amendments", flat=True)
    ):
        carried.update(ids)
    for deleted in (
        Version.objects.filter(text=text)
        .exclude(deleted_by_amendments={})
        .values_list("deleted_by_amendments", flat=True)
    ):
        for ids in deleted.values():
            carried.update(ids)
    return carried


def visible_amendment_ids(principal: "Principal", text: Text, ids: Iterable[int]) -> set[int]:
    """Those of ``ids`` the viewer may see (an amendment's own visibility rule)."""
    from . import selectors

    wanted = set(ids)
    if not wanted:
        return set()
    return set(
        selectors.amendments_visible_to(principal, text)
        .filter(pk__in=wanted)
        .prefetch_related(None)
        .values_list("pk", flat=True)
    )


def version_sources_visible_to(principal: "Principal", text: Text, version: Version) -> set[int]:
    """The amendments ``version``'s changes came from that the viewer may see."""
    named = [
        pk
        for ids in version.paragraphs.exclude(from_amendments=[]).values_list(
            "from_amendments", flat=True
        )
        for pk in ids
    ]
    named += [pk for ids in version.deleted_by_amendments.values() for pk in ids]
    return visible_amendment_ids(principal, text, named)


def sources_for_redline(
    principal: "Principal", text: Text, before: int, after: int
) -> dict[str, tuple[Source, ...]]:
    """Per eId, the amendments the changes from version ``before`` to version ``after`` (by
    number) came from — those carried by any version after ``before`` up to ``after`` — as
    far as the viewer may see them. Nothing when ``after`` is not later than ``before``."""
    if after <= before:
        return {}
    between = {"text": text, "number__gt": before, "number__lte": after}
    by_eid: dict[str, list[int]] = {}
    for eid, ids in (
        Paragraph.objects.filter(**{f"version__{k}": v for k, v in between.items()})
        .exclude(from_amendments=[])
        .order_by("version__number", "order")
        .values_list("provision__eid", "from_amendments")
    ):
        by_eid.setdefault(eid, []).extend(ids)
    for deleted in (
        Version.objects.filter(**between)
        .exclude(deleted_by_amendments={})
        .order_by("number")
        .values_list("deleted_by_amendments", flat=True)
    ):
        for eid, ids in deleted.items():
            by_eid.setdefault(eid, []).extend(ids)
    if not by_eid:
        return {}
    from . import selectors

    wanted = {pk for ids in by_eid.values() for pk in ids}
    amendments = {
        a.pk: a
        for a in selectors.amendments_visible_to(principal, text)
        .filter(pk__in=wanted)
        .prefetch_related(None)
    }
    sources: dict[str, tuple[Source, ...]] = {}
    for eid, ids in by_eid.items():
        shown = tuple(
            Source(
                amendment_id=pk,
                economy=amendments[pk].proposer.economy.code,
                economy_name=amendments[pk].proposer.economy.name,
                modified=amendments[pk].state == AmendmentState.INCORPORATED_MODIFIED,
            )
            for pk in dict.fromkeys(ids)
            if pk in amendments
        )
        if shown:
            sources[eid] = shown
    return sources
