"""The consensus rule: a paragraph's state from its wording and the delegations' positions.

Pure functions, no database: the services and selectors feed them what they read."""

import hashlib
import json
from collections.abc import Iterable, Mapping
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


def has_open_brackets_in_json(stored: str) -> bool:
    """``has_open_brackets`` of content as its stored JSON text. Most paragraphs have neither
    a bracket nor options, which shows without decoding them (decoding every paragraph was a
    tenth of a cold consensus map): a segment's key is always quoted, and a quote inside a
    text is escaped, so without these two quoted words there is neither."""
    if '"bracket"' not in stored and '"options"' not in stored:
        return False
    return has_open_brackets(json.loads(stored))


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


class Verdict(NamedTuple):
    """A paragraph's state under the rule, with the counts it came from (a tuple: the map
    makes one per paragraph, and a frozen dataclass cost more to make than the rule)."""

    state: ParagraphState
    provisional: bool  # agreed, but package mode holds it open until the text is adopted
    objections: int
    reservations: int
    missing: int
    stale: int


# The states as plain values, looked up once (an enum member's lookup on its class is not free).
_BRACKETED, _REOPENED, _PROPOSED = (
    ParagraphState.BRACKETED,
    ParagraphState.REOPENED,
    ParagraphState.PROPOSED,
)
_AGREED_AD_REF, _AGREED = ParagraphState.AGREED_AD_REF, ParagraphState.AGREED
_DEFAULT_RULE = ConsensusRule.DEFAULT


def derive_state(
    *,
    rule: str,
    bracketed: bool,
    competing: bool,
    cells: Mapping[int, "CellLike"],
    expected: Iterable[int],
    package_mode: bool,
    adopted: bool,
) -> Verdict:
    """Apply ``rule`` to one paragraph. ``bracketed``: its wording has open brackets
    (``has_open_brackets``); ``competing`` is true when a whole alternative paragraph stands
    against this one; ``expected`` are the delegations that must answer."""
    # One pass over the cells (the map calls this for every paragraph of a text), counting
    # the expected delegations that answer the current wording.
    if not isinstance(expected, (set, frozenset)):
        expected = set(expected)
    stale = objections = reservations = answered = 0
    ad_ref = False
    for key, cell in cells.items():
        if cell.stale:
            stale += 1
            continue
        stance = cell.stance
        if stance == _NO_INSTRUCTION:
            continue
        if key in expected:
            answered += 1
        if stance == _OBJECT:
            objections += 1
        elif stance == _RESERVE:
            reservations += 1
        elif cell.ad_referendum and stance in _ACCEPTING:
            ad_ref = True
    return _verdict(
        rule, bracketed, competing, objections, reservations, len(expected) - answered, stale,
        ad_ref, package_mode, adopted,
    )  # fmt: skip


# A paragraph's counts as one integer: what each cell adds (``cell_tally``) is summed in one
# go, where the map's JSON reads its cells as codes (``map_cache``), without making a cell
# of each. Five counts of 16 bits each: a forum has fewer delegations than that.
_TALLY_BITS = 16
_TALLY_MASK = (1 << _TALLY_BITS) - 1
MAX_TALLIED_CELLS = _TALLY_MASK
_STALE_AT, _ANSWERED_AT, _OBJECTIONS_AT, _RESERVATIONS_AT, _AD_REF_AT = (
    n * _TALLY_BITS for n in range(5)
)


def cell_tally(stance: str, ad_referendum: bool, stale: bool) -> int:
    """What one cell of an expected delegation adds to its paragraph's counts, as
    ``derive_state`` counts them (``tallied_verdict`` reads the sum)."""
    if stale:
        return 1 << _STALE_AT
    if stance == _NO_INSTRUCTION:
        return 0
    tally = 1 << _ANSWERED_AT
    if stance == _OBJECT:
        tally += 1 << _OBJECTIONS_AT
    elif stance == _RESERVE:
        tally += 1 << _RESERVATIONS_AT
    elif ad_referendum and stance in _ACCEPTING:
        tally += 1 << _AD_REF_AT
    return tally


def tallied_verdict(
    *,
    rule: str,
    bracketed: bool,
    competing: bool,
    tally: int,
    expected: int,
    package_mode: bool,
    adopted: bool,
) -> Verdict:
    """``derive_state`` of a paragraph whose cells (each of one of the ``expected``
    delegations, at most ``MAX_TALLIED_CELLS``) add up to ``tally`` (``cell_tally``)."""
    return _verdict(
        rule,
        bracketed,
        competing,
        tally >> _OBJECTIONS_AT & _TALLY_MASK,
        tally >> _RESERVATIONS_AT & _TALLY_MASK,
        expected - (tally >> _ANSWERED_AT & _TALLY_MASK),
        tally >> _STALE_AT & _TALLY_MASK,
        bool(tally >> _AD_REF_AT),
        package_mode,
        adopted,
    )


def _verdict(
    rule: str,
    bracketed: bool,
    competing: bool,
    objections: int,
    reservations: int,
    missing: int,
    stale: int,
    ad_ref: bool,
    package_mode: bool,
    adopted: bool,
) -> Verdict:
    if objections or competing or bracketed:
        state = _BRACKETED
    elif reservations or (missing and rule == _DEFAULT_RULE):
        # Answers to an older wording no longer count: the paragraph is open again.
        state = _REOPENED if stale else _PROPOSED
    elif ad_ref:
        state = _AGREED_AD_REF
    else:
        state = _AGREED
    agreed = state is _AGREED or state is _AGREED_AD_REF
    return Verdict(
        state,
        agreed and package_mode and not adopted,
        objections,
        reservations,
        missing,
        stale,
    )


def text_is_agreed(verdicts: Iterable[Verdict]) -> bool:
    """Package mode closes only when every paragraph is agreed outright (no ad ref left)."""
    return all(verdict.state == ParagraphState.AGREED for verdict in verdicts)
