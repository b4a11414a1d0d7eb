"""Carry incorporated amendments into the next version, so the chair does not retype them.

``carry_forward(text, base)`` reads; it writes nothing. It returns the next version's
paragraphs (as ``services.publish_version`` takes them) built from ``base`` with every
incorporated amendment not yet carried applied to it, each changed paragraph naming the
amendments it came from (``from_amendments``), which ``publish_version`` stores.

Rules (where the issue was silent):
- *Already carried*: an amendment is carried once. It counts as carried as soon as any
  published version of the text names it as a source (a paragraph's ``from_amendments`` or
  the version's ``deleted_by_amendments``); ``publish_version`` accepts only incorporated
  amendments of the text there, so only a version after the one it was proposed against can.
- *Span*: an amendment targets a whole paragraph, so "the same span" is the same paragraph.
  Two amendments to one paragraph conflict when they cannot both hold: different wordings,
  a deletion with any other change, or moves to different places. Identical wordings, two
  deletions, or a move with a new wording go together. A conflict applies none of them: the
  paragraph keeps the base wording and the conflict is listed for the chair, who resolves it
  by hand (naming the amendments in the paragraph's ``from_amendments`` marks them carried).
- *Older versions*: a replacement proposed against an earlier version whose paragraph has
  changed since is a conflict (applying it would silently undo the later change), unless
  the paragraph already reads as proposed (then there is nothing to do). Deletions and moves
  follow the paragraph's eId whatever its wording. A target no longer in the base version is
  a conflict, except for a deletion (already done).
- *Placement*: a move or insertion goes after ``after_provision`` (an insertion without one
  after the paragraph it names, or else at the end of the main body); when that paragraph
  is gone, after the nearest one before it that is still there, else at the start. A moved
  paragraph takes the part of the paragraph it follows. Insertions after the same paragraph
  keep the order they were proposed in.
- *Numbers*: inserted paragraphs are numbered as negotiators do ("5 bis", "5 ter" after 5)
  and get a fresh eId now, so the composer can point at them; nothing else is renumbered.
- *Incorporated as modified*: applied like the others, and listed in ``modified`` with the
  eId it landed on, for the chair to review in the composer."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import consensus, provenance
from .choices import AmendmentKind, AmendmentState, Part
from .models import Amendment, Paragraph, Provision, Text, Version
from .services import _next_eid

# Latin ordinals for paragraphs inserted between numbered ones, as UN and APEC texts use.
ORDINALS = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


@dataclass(frozen=True)
class Conflict:
    """Amendments to one paragraph that were not applied (see the module's rules)."""

    eid: str
    amendment_ids: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class CarriedDraft:
    """The next version's paragraphs with the amendments applied. Pass ``paragraphs`` and
    ``deleted_by_amendments`` to ``services.publish_version`` (with ``based_on`` the base's
    number) to keep the provenance of every change."""

    base_number: int
    paragraphs: list[dict[str, Any]]
    conflicts: list[Conflict] = field(default_factory=list)
    # (amendment id, the eId it landed on; for a deletion, the one removed)
    modified: list[tuple[int, str]] = field(default_factory=list)
    deleted_by_amendments: dict[str, list[int]] = field(default_factory=dict)
    carried: list[int] = field(default_factory=list)  # ids applied, in order


def _item(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "eid": paragraph.provision.eid,
        "part": paragraph.part,
        "num": paragraph.num,
        "heading": paragraph.heading,
        "content": paragraph.content,
        "alternative_to": paragraph.alternative_to.eid if paragraph.alternative_to else None,
        "alternative_holders": list(paragraph.alternative_holders),
        "illustrative": paragraph.illustrative,
        "from_amendments": [],
    }


def _names(amendments: list[Amendment]) -> str:
    return ", ".join(f"#{a.pk} ({a.proposer.economy.code})" for a in amendments)


def _incompatible(group: list[Amendment]) -> str | None:
    """Why the amendments to one paragraph cannot all be applied, or None."""
    kinds = {a.kind for a in group}
    if AmendmentKind.DELETE in kinds and kinds != {AmendmentKind.DELETE}:
        return _("Amendments %(ids)s delete paragraph %(paragraph)s and also change it.")
    if len({a.proposed_text.strip() for a in group if a.kind == AmendmentKind.REPLACE}) > 1:
        return _("Amendments %(ids)s propose different wordings for paragraph %(paragraph)s.")
    if len({a.after_provision_id for a in group if a.kind == AmendmentKind.MOVE}) > 1:
        return _("Amendments %(ids)s move paragraph %(paragraph)s to different places.")
    return None


class _Draft:
    """The paragraphs being built, with what placement needs to know."""

    def __init__(self, text: Text, base: Version) -> None:
        paragraphs = base.paragraphs.select_related("provision", "alternative_to").order_by("order")
        self.base = base
        self.items = [_item(p) for p in paragraphs]
        self.hashes = {p.provision.eid: p.content_hash for p in paragraphs}
        self.reference = [item["eid"] for item in self.items]  # the base order
        self.taken = set(Provision.objects.filter(text=text).values_list("eid", flat=True))
        self.text = text
        self.last_inserted: dict[str | None, str] = {}  # anchor → last paragraph put after it

    def index(self, eid: str) -> int | None:
        return next((i for i, item in enumerate(self.items) if item["eid"] == eid), None)

    def label(self, eid: str) -> str:
        found = self.index(eid)
        return (self.items[found]["num"] if found is not None else "") or eid

    def position_after(self, anchor: str | None, earlier: list[str]) -> int:
        """Where a paragraph placed after ``anchor`` goes: right after it, or after the
        nearest paragraph before it (in the base order, else in ``earlier``, the order of the
        version the amendment was proposed against) that is still here; else first."""
        found = self.index(anchor) if anchor else None
        if found is not None:
            return found + 1
        for order in (self.reference, earlier):
            if anchor is not None and anchor in order:
                for eid in reversed(order[: order.index(anchor)]):
                    if (found := self.index(eid)) is not None:
                        return found + 1
        return 0

    def fresh_eid(self, part: str) -> str:
        eid = _next_eid(self.text, part, self.taken)
        self.taken.add(eid)
        return eid

    def bis(self, anchor_num: str, part: str) -> str:
        """The next free "bis" number after ``anchor_num`` ("" when it has none)."""
        stem = anchor_num.split(" ")[0]
        if not stem:
            return ""
        used = {item["num"] for item in self.items if item["part"] == part}
        return next(
            (f"{stem} {o}" for o in ORDINALS if f"{stem} {o}" not in used and len(stem) < 10), ""
        )


def _pending(text: Text) -> list[Amendment]:
    return list(
        Amendment.objects.filter(text=text, state__in=provenance.INCORPORATED_STATES)
        .exclude(pk__in=provenance.carried_amendment_ids(text))
        .select_related("provision", "after_provision", "against_version", "proposer__economy")
        .order_by("pk")
    )


def _earlier_orders(amendments: list[Amendment]) -> dict[int, list[str]]:
    """The paragraph order of each version the amendments were proposed against."""
    orders: dict[int, list[str]] = {}
    for version_id, eid in (
        Paragraph.objects.filter(version_id__in={a.against_version_id for a in amendments})
        .order_by("version_id", "order")
        .values_list("version_id", "provision__eid")
    ):
        orders.setdefault(version_id, []).append(eid)
    return orders


def _earlier_hashes(amendments: list[Amendment]) -> dict[tuple[int, int], str]:
    """(version id, provision id) → the wording hash the replacements were proposed on."""
    replaces = [a for a in amendments if a.kind == AmendmentKind.REPLACE]
    return {
        (version_id, provision_id): content_hash
        for version_id, provision_id, content_hash in Paragraph.objects.filter(
            version_id__in={a.against_version_id for a in replaces},
            provision_id__in={a.provision_id for a in replaces},
        ).values_list("version_id", "provision_id", "content_hash")
    }


class _Carrier:
    """One run of ``carry_forward``: the draft, and what was applied or not."""

    def __init__(self, text: Text, base: Version) -> None:
        self.base = base
        self.draft = _Draft(text, base)
        self.pending = _pending(text)
        self.earlier = _earlier_orders(self.pending)
        self.earlier_hashes = _earlier_hashes(self.pending)
        self.conflicts: list[Conflict] = []
        self.applied: list[tuple[Amendment, str]] = []
        self.deleted: dict[str, list[int]] = {}

    def conflict(self, eid: str, group: list[Amendment], message: str, **extra: Any) -> None:
        values = {"ids": _names(group), "paragraph": self.draft.label(eid), **extra}
        self.conflicts.append(Conflict(eid, tuple(a.pk for a in group), message % values))

    def apply(self, group: list[Amendment], eid: str) -> None:
        self.applied += [(a, eid) for a in group]

    def result(self) -> CarriedDraft:
        return CarriedDraft(
            base_number=self.base.number,
            paragraphs=self.draft.items,
            conflicts=self.conflicts,
            modified=[
                (a.pk, eid)
                for a, eid in self.applied
                if a.state == AmendmentState.INCORPORATED_MODIFIED
            ],
            deleted_by_amendments=self.deleted,
            carried=[a.pk for a, _eid in self.applied],
        )

    def changes(self) -> list[tuple[str, list[Amendment]]]:
        """Replacements and deletions, paragraph by paragraph; returns the moves to make."""
        groups: dict[str, list[Amendment]] = {}
        for amendment in self.pending:
            if amendment.kind != AmendmentKind.INSERT and amendment.provision is not None:
                groups.setdefault(amendment.provision.eid, []).append(amendment)
        moves = []
        for eid, group in groups.items():
            found = self.draft.index(eid)
            if found is None:
                if {a.kind for a in group} != {AmendmentKind.DELETE}:  # a deletion is done
                    self.conflict(
                        eid,
                        group,
                        ngettext(
                            "Paragraph %(paragraph)s is not in version %(number)s: amendment"
                            " %(ids)s was not applied.",
                            "Paragraph %(paragraph)s is not in version %(number)s: amendments"
                            " %(ids)s were not applied.",
                            len(group),
                        ),
                        number=self.base.number,
                    )
                continue
            reason = _incompatible(group)
            if reason:
                self.conflict(eid, group, reason + " " + _("None of them was applied."))
                continue
            if group[0].kind == AmendmentKind.DELETE:  # then all of them are deletions
                del self.draft.items[found]
                self.deleted[eid] = [a.pk for a in group]
                self.apply(group, eid)
                continue
            replaces = [a for a in group if a.kind == AmendmentKind.REPLACE]
            if replaces:
                self.replace(eid, self.draft.items[found], replaces)
            group_moves = [a for a in group if a.kind == AmendmentKind.MOVE]
            if group_moves:
                moves.append((eid, group_moves))
        return moves

    def replace(self, eid: str, item: dict[str, Any], replaces: list[Amendment]) -> None:
        content = [{"text": replaces[0].proposed_text.strip()}]
        current = self.draft.hashes[eid]
        if consensus.wording_hash(content) == current:
            return  # it already reads so: nothing to carry
        if any(
            a.against_version_id != self.base.pk
            and self.earlier_hashes.get((a.against_version_id, a.provision_id or 0)) != current
            for a in replaces
        ):
            self.conflict(
                eid,
                replaces,
                ngettext(
                    "Paragraph %(paragraph)s changed after the version amendment %(ids)s"
                    " was proposed against: it was not applied.",
                    "Paragraph %(paragraph)s changed after the version amendments %(ids)s"
                    " were proposed against: they were not applied.",
                    len(replaces),
                ),
            )
            return
        item["content"] = content
        item["from_amendments"] += [a.pk for a in replaces]
        self.apply(replaces, eid)

    def move(self, eid: str, group: list[Amendment]) -> None:
        anchor = group[0].after_provision.eid if group[0].after_provision else None
        if anchor is None or anchor == eid:
            self.conflict(
                eid,
                group,
                ngettext(
                    "Amendment %(ids)s does not say where to move paragraph %(paragraph)s.",
                    "Amendments %(ids)s do not say where to move paragraph %(paragraph)s.",
                    len(group),
                ),
            )
            return
        items = self.draft.items
        found = self.draft.index(eid)
        assert found is not None  # noqa: S101 - moves come from paragraphs still in the draft
        item = items.pop(found)
        at = self.draft.position_after(anchor, self.earlier.get(group[0].against_version_id, []))
        follows = items[at - 1] if at else None
        items.insert(at, item)
        if at == found and (follows is None or follows["part"] == item["part"]):
            return  # it already stands there
        if follows is not None:
            item["part"] = follows["part"]
        item["from_amendments"] += [a.pk for a in group]
        self.apply(group, eid)

    def insertions(self) -> None:
        items = self.draft.items
        body = [item["eid"] for item in items if item["part"] == Part.BODY]
        last = body[-1] if body else items[-1]["eid"] if items else None
        for amendment in (a for a in self.pending if a.kind == AmendmentKind.INSERT):
            named = amendment.after_provision or amendment.provision
            anchor = named.eid if named else last
            if not amendment.proposed_text.strip():
                self.conflict(
                    anchor or "", [amendment], _("Amendment %(ids)s proposes no wording.")
                )
                continue
            after = self.draft.last_inserted.get(anchor, anchor)
            at = self.draft.position_after(
                after, self.earlier.get(amendment.against_version_id, [])
            )
            follows = items[at - 1] if at else None
            part = follows["part"] if follows else Part.BODY
            eid = self.draft.fresh_eid(part)
            item: dict[str, Any] = {
                "eid": eid,
                "part": part,
                "num": self.draft.bis(follows["num"], part) if follows else "",
                "heading": "",
                "content": [{"text": amendment.proposed_text.strip()}],
                "alternative_to": None,
                "alternative_holders": [],
                "illustrative": False,
                "from_amendments": [amendment.pk],
            }
            items.insert(at, item)
            self.draft.last_inserted[anchor] = eid
            self.apply([amendment], eid)


def carry_forward(text: Text, base_version: Version) -> CarriedDraft:
    """The next version of ``text`` built from ``base_version`` with every incorporated
    amendment not yet carried applied (see the module's rules): replacements and deletions
    first, then moves, then insertions, each in the order the amendments were proposed."""
    if base_version.text_id != text.pk:
        raise ValueError("The base version must be a version of the text.")
    carrier = _Carrier(text, base_version)
    for eid, group in carrier.changes():
        carrier.move(eid, group)
    carrier.insertions()
    return carrier.result()
