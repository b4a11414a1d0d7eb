"""The consensus rule: a paragraph's state from its wording and the delegations' positions.

Pure functions, no database: the services and selectors feed them what they read."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .choices import ConsensusRule, ParagraphState, Stance

ACCEPTING = {Stance.SUPPORT, Stance.CAN_LIVE_WITH}


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


@dataclass(frozen=True)
class Cell:
    """One delegation's current position on one paragraph, as the rule sees it."""

    stance: str
    ad_referendum: bool
    stale: bool  # answered an earlier wording


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
    cells: Mapping[int, Cell],
    expected: Iterable[int],
    package_mode: bool,
    adopted: bool,
) -> Verdict:
    """Apply ``rule`` to one paragraph. ``competing`` is true when a whole alternative
    paragraph stands against this one; ``expected`` are the delegations that must answer."""
    fresh = {key: cell for key, cell in cells.items() if not cell.stale}
    stale = sum(1 for cell in cells.values() if cell.stale)
    objections = sum(1 for cell in fresh.values() if cell.stance == Stance.OBJECT)
    reservations = sum(1 for cell in fresh.values() if cell.stance == Stance.RESERVE)
    missing = sum(
        1 for key in expected if key not in fresh or fresh[key].stance == Stance.NO_INSTRUCTION
    )
    ad_ref = any(cell.ad_referendum for cell in fresh.values() if cell.stance in ACCEPTING)

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
