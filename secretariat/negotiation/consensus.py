"""The consensus rule: a paragraph's state from its wording and the delegations' positions.

Pure functions, no database: the services and selectors feed them what they read."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from .choices import ConsensusRule, ParagraphState, Stance

ACCEPTING = {Stance.SUPPORT, Stance.CAN_LIVE_WITH}
_ACCEPTING = frozenset(str(stance.value) for stance in ACCEPTING)
_OBJECT, _RESERVE = str(Stance.OBJECT.value), str(Stance.RESERVE.value)
_NO_INSTRUCTION = str(Stance.NO_INSTRUCTION.value)


def wording_hash(content: list[dict[str, Any]]) -> str:
    """What a position is pinned to: any change of wording gives another hash."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def has_open_brackets(content: list[dict[str, Any]]) -> bool:
    return any("bracket" in segment or len(segment.get("options", [])) > 1 for segment in content)


def plain_text(content: list[dict[str, Any]]) -> str:
    """The paragraph as one string, brackets shown as [ ] and options as [ / ]."""
    parts = []
    for segment in content:
        if "text" in segment:
            parts.append(segment["text"])
        elif "bracket" in segment:
            parts.append(f"[{segment['bracket']}]")
        elif "options" in segment:
            parts.append("[" + " / ".join(option["text"] for option in segment["options"]) + "]")
    return "".join(parts)


class Cell(NamedTuple):
    """One delegation's current position on one paragraph, as the rule sees it (a tuple:
    the map makes thousands)."""

    stance: str
    ad_referendum: bool
    stale: bool  # answered an earlier wording


class CellLike(Protocol):
    """What the rule reads of a cell (``Cell``, or the map's ``CurrentPosition``)."""

    @property
    def stance(self) -> str: ...
    @property
    def ad_referendum(self) -> bool: ...
    @property
    def stale(self) -> bool: ...


@dataclass(frozen=True)
class Verdict:
    state: ParagraphState
    provisional: bool  # agreed, but package mode holds it open until the text is adopted
    objections: int
    reservations: int
    missing: int
    stale: int


def derive_state(
    *,
    rule: str,
    content: list[dict[str, Any]],
    competing: bool,
    cells: Mapping[int, "CellLike"],
    expected: Iterable[int],
    package_mode: bool,
    adopted: bool,
) -> Verdict:
    """Apply ``rule`` to one paragraph. ``competing`` is true when a whole alternative
    paragraph stands against this one; ``expected`` are the delegations that must answer."""
    # One pass over the cells (the map calls this for every paragraph of a text).
    stale = objections = reservations = 0
    ad_ref = False
    fresh: dict[int, str] = {}  # the stances that answer the current wording
    for key, cell in cells.items():
        if cell.stale:
            stale += 1
            continue
        stance = fresh[key] = cell.stance
        if stance == _OBJECT:
            objections += 1
        elif stance == _RESERVE:
            reservations += 1
        elif cell.ad_referendum and stance in _ACCEPTING:
            ad_ref = True
    missing = sum(1 for key in expected if fresh.get(key, _NO_INSTRUCTION) == _NO_INSTRUCTION)

    if objections or competing or has_open_brackets(content):
        state = ParagraphState.BRACKETED
    elif reservations or (missing and rule == ConsensusRule.DEFAULT):
        # Answers to an older wording no longer count: the paragraph is open again.
        state = ParagraphState.REOPENED if stale else ParagraphState.PROPOSED
    elif ad_ref:
        state = ParagraphState.AGREED_AD_REF
    else:
        state = ParagraphState.AGREED
    agreed = state in (ParagraphState.AGREED, ParagraphState.AGREED_AD_REF)
    return Verdict(
        state=state,
        provisional=agreed and package_mode and not adopted,
        objections=objections,
        reservations=reservations,
        missing=missing,
        stale=stale,
    )


def text_is_agreed(verdicts: Iterable[Verdict]) -> bool:
    """Package mode closes only when every paragraph is agreed outright (no ad ref left)."""
    return all(verdict.state == ParagraphState.AGREED for verdict in verdicts)
