"""The composer's layout changes to a draft: adding, deleting and moving paragraphs and
sections, and renumbering. Each is a compare-and-swap on the draft's version
(``composer.swap_draft``) with its audit entry; parts and sections stay contiguous."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import ValidationFailed

from . import composer
from .choices import Part
from .models import VersionDraft

# Parts that are never numbered (a preface stands before the numbered paragraphs).
UNNUMBERED_PARTS = frozenset({Part.PREFACE})
DIRECTIONS = ("up", "down")


def add_paragraph(
    *, actor: Any, draft: VersionDraft, version: int, after: str | None, part: str = Part.BODY
) -> tuple[VersionDraft, str]:
    """A new, empty-worded paragraph after ``after`` (in its part and section), or at the end
    of ``part``. Its wording is given by editing it; until then publishing refuses it."""
    paragraphs = list(draft.paragraphs)
    if after:
        index = composer.paragraph_index(draft, after) + 1
        part, heading = paragraphs[index - 1]["part"], paragraphs[index - 1].get("heading", "")
    else:
        if part not in Part.values:
            raise ValidationFailed(_("Unknown part %(part)s.") % {"part": part})
        index, heading = _end_of_part(paragraphs, part), ""
    key = f"new-{draft.next_key}"
    paragraphs.insert(
        index,
        {
            "key": key,
            "part": part,
            "num": "",
            "heading": heading,
            "content": [],
            "illustrative": False,
            "from_amendments": [],
        },
    )
    draft = composer.swap_draft(
        draft,
        actor=actor,
        version=version,
        action="negotiation.draft.paragraph_added",
        changes={"key": key, "after": after, "part": part},
        paragraphs=paragraphs,
        next_key=draft.next_key + 1,
    )
    return draft, key


def _end_of_part(paragraphs: list[dict[str, Any]], part: str) -> int:
    """Where a paragraph of ``part`` goes at its end, parts kept in document order."""
    rank = Part.values.index(part)
    index = 0
    for position, item in enumerate(paragraphs):
        if Part.values.index(item.get("part", Part.BODY)) <= rank:
            index = position + 1
    return index


def delete_paragraph(*, actor: Any, draft: VersionDraft, version: int, key: str) -> VersionDraft:
    """Drop a paragraph from the draft; its eId is never given to another paragraph."""
    index = composer.paragraph_index(draft, key)
    if len(draft.paragraphs) == 1:
        message = _("A version needs at least one paragraph.")
        raise ValidationFailed(message, errors={key: [message]})
    paragraphs = [item for position, item in enumerate(draft.paragraphs) if position != index]
    return composer.swap_draft(
        draft,
        actor=actor,
        version=version,
        action="negotiation.draft.paragraph_deleted",
        changes={"key": key},
        paragraphs=paragraphs,
    )


def move_paragraph(
    *, actor: Any, draft: VersionDraft, version: int, key: str, direction: str
) -> VersionDraft:
    """One place up or down. At the edge of its part or section the paragraph crosses into
    the neighbouring one instead (the first body paragraph moved up ends the preamble), so
    parts and sections stay contiguous."""
    if direction not in DIRECTIONS:
        raise ValidationFailed(_("Move a paragraph up or down."))
    index = composer.paragraph_index(draft, key)
    paragraphs = [dict(item) for item in draft.paragraphs]
    step = -1 if direction == "up" else 1
    other = index + step
    if not 0 <= other < len(paragraphs):
        message = (
            _("This paragraph is already the first.")
            if direction == "up"
            else _("This paragraph is already the last.")
        )
        raise ValidationFailed(message, errors={key: [message]})
    moving, neighbour = paragraphs[index], paragraphs[other]
    if (moving.get("part"), moving.get("heading", "")) != (
        neighbour.get("part"),
        neighbour.get("heading", ""),
    ):
        moving["part"] = neighbour.get("part")
        moving["heading"] = neighbour.get("heading", "")
    else:
        paragraphs[index], paragraphs[other] = neighbour, moving
    return composer.swap_draft(
        draft,
        actor=actor,
        version=version,
        action="negotiation.draft.paragraph_moved",
        changes={"key": key, "direction": direction},
        paragraphs=paragraphs,
    )


def _run(paragraphs: list[dict[str, Any]], index: int) -> tuple[int, int]:
    """The section around ``index``: the paragraphs in a row with its part and heading."""
    mark = (paragraphs[index].get("part"), paragraphs[index].get("heading", ""))

    def same(position: int) -> bool:
        item = paragraphs[position]
        return (item.get("part"), item.get("heading", "")) == mark

    start, end = index, index + 1
    while start > 0 and same(start - 1):
        start -= 1
    while end < len(paragraphs) and same(end):
        end += 1
    return start, end


def move_section(
    *, actor: Any, draft: VersionDraft, version: int, key: str, direction: str
) -> VersionDraft:
    """The section holding ``key`` (a run of paragraphs under one heading) changes places
    with the section before or after it in the same part."""
    if direction not in DIRECTIONS:
        raise ValidationFailed(_("Move a section up or down."))
    paragraphs = list(draft.paragraphs)
    start, end = _run(paragraphs, composer.paragraph_index(draft, key))
    if not paragraphs[start].get("heading"):
        message = _("This paragraph has no section heading.")
        raise ValidationFailed(message, errors={key: [message]})
    part = paragraphs[start].get("part")
    if direction == "up":
        other = _run(paragraphs, start - 1) if start > 0 else None
    else:
        other = _run(paragraphs, end) if end < len(paragraphs) else None
    if other is None or paragraphs[other[0]].get("part") != part:
        message = (
            _("This section is already the first of its part.")
            if direction == "up"
            else _("This section is already the last of its part.")
        )
        raise ValidationFailed(message, errors={key: [message]})
    first, second = sorted([(start, end), other])
    paragraphs = (
        paragraphs[: first[0]]
        + paragraphs[second[0] : second[1]]
        + paragraphs[first[0] : first[1]]
        + paragraphs[second[1] :]
    )
    return composer.swap_draft(
        draft,
        actor=actor,
        version=version,
        action="negotiation.draft.section_moved",
        changes={"key": key, "direction": direction},
        paragraphs=paragraphs,
    )


def renumber(*, actor: Any, draft: VersionDraft, version: int) -> VersionDraft:
    """Numbers 1..n through the text in document order (the preface unnumbered), as the
    body's statements are numbered; each paragraph's first number stays its wId."""
    paragraphs = []
    number = 0
    for item in draft.paragraphs:
        if item.get("part") in UNNUMBERED_PARTS:
            paragraphs.append({**item, "num": ""})
            continue
        number += 1
        paragraphs.append({**item, "num": str(number)})
    return composer.swap_draft(
        draft,
        actor=actor,
        version=version,
        action="negotiation.draft.renumbered",
        changes={"paragraphs": len(paragraphs)},
        paragraphs=paragraphs,
    )
