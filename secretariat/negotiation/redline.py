"""The redline between two versions of a text: per provision (matched by eId, so renumbering
is not a change), word-level insertions and deletions, paragraphs added or deleted, and moves.

A paragraph is *moved* when its part changed or when it left the longest run of provisions
that kept their relative order in both versions (so inserting one paragraph at the top moves
nothing, while swapping two paragraphs moves exactly one). Versions are immutable, so a
redline is cached per version pair; building one costs one query whatever the text's size."""

import difflib
import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast

from .models import Paragraph, Text, Version

# Bump when the output changes shape: cached redlines of the old shape are then ignored.
ALGORITHM = 2
CACHE_SECONDS = 60 * 60 * 24 * 30

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A word (with inner hyphens or apostrophes), one CJK character (those scripts have no spaces
# between words), one punctuation mark, or a run of spaces.
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+(?:[-'’](?:(?![{_CJK}])\w)+)*|\s+|[^\w\s]")


class Op:
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


class Status:
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    DELETED = "deleted"


# Tokens are plain strings (cheap to hash and compare); the owners of a bracket or option are
# one token marked with a leading NUL, which stored text never holds (the input boundary
# refuses it).
HOLDERS = "\x00"


class Piece(NamedTuple):
    """A run of tokens that the redline treats alike."""

    op: str
    text: str
    holders: bool = False


class Row(NamedTuple):
    """One provision in the redline, in the order of the later version (deleted ones where
    they stood in the earlier one)."""

    eid: str
    status: str
    moved: bool
    num_before: str | None
    num_after: str | None
    part_before: str | None
    part_after: str | None
    heading: str
    pieces: tuple[Piece, ...]
    order_before: int | None = None

    @property
    def part(self) -> str:
        return self.part_after or self.part_before or ""

    @property
    def num(self) -> str:
        return (self.num_after if self.num_after is not None else self.num_before) or ""

    @property
    def renumbered(self) -> bool:
        return None not in (self.num_before, self.num_after) and self.num_before != self.num_after

    @property
    def is_change(self) -> bool:
        return self.status != Status.UNCHANGED or self.moved


@dataclass(frozen=True)
class Redline:
    """Plain data only, so it can be cached and pickled."""

    text_id: int
    number_before: int
    number_after: int
    rows: tuple[Row, ...]
    counts: dict[str, int] = field(default_factory=dict)


def tokens(content: list[dict[str, Any]]) -> list[str]:
    """The paragraph's segments as tokens: brackets as ``[`` … ``]`` followed by their holders,
    options as ``[a / b]`` with each option's holders."""
    result: list[str] = []
    words = _TOKEN.findall
    for segment in content:
        if "text" in segment:
            result += words(segment["text"])
        elif "bracket" in segment:
            result.append("[")
            result += words(segment["bracket"])
            result.append("]")
            if segment.get("holders"):
                result.append(HOLDERS + ", ".join(segment["holders"]))
        elif "options" in segment:
            result.append("[")
            for index, option in enumerate(segment["options"]):
                if index:
                    result.append(" / ")
                result += words(option.get("text", ""))
                if option.get("holders"):
                    result.append(HOLDERS + ", ".join(option["holders"]))
            result.append("]")
    return result


def whole(op: str, content: list[dict[str, Any]]) -> list[Piece]:
    """A paragraph's pieces when all of it is equal, inserted or deleted: the same text as
    its tokens, built from the segments directly (most paragraphs of a redline are these)."""
    pieces: list[Piece] = []

    def add(text: str, holders: bool = False) -> None:
        if not text:
            return
        if pieces and not holders and not pieces[-1].holders:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text, holders))

    if len(content) == 1 and "text" in content[0]:  # most paragraphs: plain text
        return [Piece(op, content[0]["text"])] if content[0]["text"] else []
    for segment in content:
        if "text" in segment:
            add(segment["text"])
        elif "bracket" in segment:
            add("[" + segment["bracket"] + "]")
            add(", ".join(segment.get("holders", [])), holders=True)
        elif "options" in segment:
            add("[")
            for index, option in enumerate(segment["options"]):
                add((" / " if index else "") + option.get("text", ""))
                add(", ".join(option.get("holders", [])), holders=True)
            add("]")
    return pieces


def _pieces(op: str, run: list[str]) -> list[Piece]:
    """Consecutive words as one piece; each holders token a piece of its own."""
    pieces: list[Piece] = []
    words: list[str] = []
    for token in run:
        if token.startswith(HOLDERS):
            if words:
                pieces.append(Piece(op, "".join(words)))
                words = []
            pieces.append(Piece(op, token[1:], True))
        else:
            words.append(token)
    if words:
        pieces.append(Piece(op, "".join(words)))
    return pieces


def diff_tokens(before: list[str], after: list[str]) -> list[Piece]:
    """Word-level differences, deletions before insertions at each change."""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[Piece] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pieces += _pieces(Op.EQUAL, after[b1:b2])
            continue
        if tag in ("delete", "replace"):
            pieces += _pieces(Op.DELETE, before[a1:a2])
        if tag in ("insert", "replace"):
            pieces += _pieces(Op.INSERT, after[b1:b2])
    return pieces


def _stable(sequence: list[int]) -> set[int]:
    """Indexes of one longest increasing subsequence (patience sorting, n log n)."""
    tails: list[int] = []  # the smallest tail value of an increasing run of each length
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        length = bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[length] = value
            tail_index[length] = index
        previous[index] = tail_index[length - 1] if length else -1
    kept: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


class Wording(NamedTuple):
    """What the redline needs of a paragraph (so it can run without the database)."""

    eid: str
    part: str
    order: int
    num: str
    heading: str
    content: list[dict[str, Any]] | str  # segments, or their JSON text
    content_hash: str


def _segments(wording: Wording) -> list[dict[str, Any]]:
    """The content, decoded here when it was read as JSON text (see ``build``)."""
    content = wording.content
    return json.loads(content) if isinstance(content, str) else content


def compare(before: list[Wording], after: list[Wording]) -> list[Row]:
    """The rows of a redline from the paragraphs of two versions, each in document order."""
    old = {w.eid: w for w in before}
    new = {w.eid: w for w in after}
    common_new = [w.eid for w in after if w.eid in old]
    rank = {eid: index for index, eid in enumerate(w.eid for w in before if w.eid in new)}
    in_order = _stable([rank[eid] for eid in common_new])
    moved = {
        eid
        for index, eid in enumerate(common_new)
        if index not in in_order or old[eid].part != new[eid].part
    }

    def row(eid: str) -> Row:
        a, b = old.get(eid), new.get(eid)
        if a is None:
            assert b is not None
            status, pieces = Status.ADDED, whole(Op.INSERT, _segments(b))
        elif b is None:
            status, pieces = Status.DELETED, whole(Op.DELETE, _segments(a))
        elif a.content_hash == b.content_hash:
            status, pieces = Status.UNCHANGED, whole(Op.EQUAL, _segments(b))
        else:
            status = Status.CHANGED
            pieces = diff_tokens(tokens(_segments(a)), tokens(_segments(b)))
        return Row(
            eid=eid,
            status=status,
            moved=eid in moved,
            num_before=a.num if a else None,
            num_after=b.num if b else None,
            part_before=a.part if a else None,
            part_after=b.part if b else None,
            heading=b.heading if b else a.heading if a else "",
            pieces=tuple(pieces),
            order_before=a.order if a else None,
        )

    # Deleted paragraphs go after the paragraph that preceded them in the earlier version.
    deleted_after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for wording in before:
        if wording.eid in new:
            anchor = wording.eid
        else:
            deleted_after.setdefault(anchor, []).append(wording.eid)
    rows = [row(eid) for eid in deleted_after.get(None, [])]
    for wording in after:
        rows.append(row(wording.eid))
        rows += [row(eid) for eid in deleted_after.get(wording.eid, [])]
    return rows


def cache_key(text: Text, before: int, after: int, form: str = "rows") -> str:
    """Versions are immutable and their numbers never reused, so a text and two numbers name
    one redline for good; the text's creation time guards against ids that repeat (a rebuilt
    database). ``form`` tells the cached forms apart (the rows, the API's JSON)."""
    return (
        f"negotiation:redline:{ALGORITHM}:{form}:{text.pk}.{text.created_at.timestamp()}"
        f":{before}:{after}"
    )


def build(before: Version, after: Version) -> Redline:
    """The redline, computed now: one query for both versions' paragraphs."""
    # Tuples, not model instances (building 600 instances cost most of the time), and the
    # content as JSON text: an unchanged paragraph's earlier wording is never decoded.
    paragraphs = (
        Paragraph.objects.filter(version_id__in={before.pk, after.pk})
        .order_by("version_id", "order")
        .annotate(raw_content=Cast("content", TextField()))
        .values_list(
            "version_id",
            "provision__eid",
            "part",
            "order",
            "num",
            "heading",
            "raw_content",
            "content_hash",
        )
    )
    by_version: dict[int, list[Wording]] = {before.pk: [], after.pk: []}
    for version_id, *fields in paragraphs:
        by_version[version_id].append(Wording(*fields))
    rows = compare(by_version[before.pk], by_version[after.pk])
    counts = {
        "added": sum(r.status == Status.ADDED for r in rows),
        "deleted": sum(r.status == Status.DELETED for r in rows),
        "changed": sum(r.status == Status.CHANGED for r in rows),
        "moved": sum(r.moved for r in rows),
        "unchanged": sum(not r.is_change for r in rows),
    }
    return Redline(before.text_id, before.number, after.number, tuple(rows), counts)


def redline(
    text: Text, before: Version, after: Version, writes: dict[str, object] | None = None
) -> Redline:
    """The redline from ``before`` to ``after`` (versions of ``text``), cached per pair.
    ``writes``: where to put it to cache (for ``CACHE_SECONDS``), for a caller that writes
    its own with it in one round trip; without it, it is written here."""
    if not before.text_id == after.text_id == text.pk:
        raise ValueError("A redline compares two versions of the same text.")
    key = cache_key(text, before.number, after.number)
    found = cache.get(key)
    if isinstance(found, Redline):
        return found
    result = build(before, after)
    if writes is None:
        cache.set(key, result, CACHE_SECONDS)
    else:
        writes[key] = result
    return result
