"""What every export of a version shows, read once: the paragraphs in order and the text's
standing reservations numbered as footnotes. Two queries whatever the text's size."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.negotiation.choices import Part, ReservationKind
from secretariat.negotiation.models import Paragraph, Reservation, Text, Version

# Characters XML 1.0 cannot carry; the input boundary refuses only NUL, so a stored paragraph
# may hold others (a vertical tab pasted from Word) that would make lxml refuse to write.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Note:
    """A reservation as a footnote: numbered in document order."""

    number: int
    kind: str
    kind_label: str
    economy_code: str
    economy_name: str
    statement: str
    statement_language: str
    eid: str | None

    @property
    def lead(self) -> str:
        """ "Reservation of Korea" — the words the footnote starts with."""
        return _("%(kind)s of %(economy)s") % {
            "kind": self.kind_label.capitalize(),
            "economy": self.economy_name,
        }


@dataclass
class Block:
    paragraph: Paragraph
    notes: list[Note] = field(default_factory=list)
    # How the paragraph this one is an alternative to is called in this version ("2").
    alternative_to_label: str = ""

    @property
    def eid(self) -> str:
        return self.paragraph.provision.eid

    @property
    def content(self) -> list[dict[str, Any]]:
        return self.paragraph.content

    @property
    def alternative_to(self) -> str | None:
        target = self.paragraph.alternative_to
        return target.eid if target is not None else None


@dataclass
class ExportDocument:
    text: Text
    version: Version
    language: str
    title: str
    blocks: list[Block]
    title_notes: list[Note]

    @property
    def notes(self) -> list[Note]:
        return self.title_notes + [note for block in self.blocks for note in block.notes]

    @property
    def parts(self) -> list[tuple[str, str, list[Block]]]:
        """(part, its label, its blocks) in document order, empty parts left out."""
        grouped: dict[str, list[Block]] = {}
        for block in self.blocks:
            grouped.setdefault(block.paragraph.part, []).append(block)
        return [
            (part.value, str(part.label), grouped[part.value]) for part in Part if part in grouped
        ]


def standing_reservations(text: Text) -> list[Reservation]:
    """Reservations not withdrawn, oldest first (the order they were entered in)."""
    return list(
        Reservation.objects.filter(text=text, withdrawn_at__isnull=True)
        .select_related("delegation__economy", "provision")
        .order_by("created_at", "pk")
    )


def verified_or_original(value: Any, language: str) -> Any:
    """What the public may be shown of a translated value in ``language``: its text there if
    it is the original or verified, else the original (never an unverified draft)."""
    resolved = resolve(value, language)
    if resolved.status in ("original", "verified"):
        return resolved
    original = next(
        (code for code, entry in (value or {}).items() if entry.get("status") == "original"),
        None,
    )
    return resolve(value, original) if original else resolved


def build(
    text: Text, version: Version, language: str = "en", *, outcome_only: bool = False
) -> ExportDocument:
    """``outcome_only`` (for whoever may not see the negotiating record): reservations are
    footnoted only once they are part of the outcome, on an adopted text or a chair's
    statement."""
    paragraphs = list(
        version.paragraphs.select_related("provision", "alternative_to").order_by("order")
    )
    by_eid: dict[str | None, list[Reservation]] = {}
    shown = standing_reservations(text) if text.is_concluded or not outcome_only else []
    for reservation in shown:
        eid = reservation.provision.eid if reservation.provision else None
        by_eid.setdefault(eid, []).append(reservation)
    counter = iter(range(1, 10_000))

    def notes(eid: str | None) -> list[Note]:
        result = []
        for reservation in by_eid.get(eid, []):
            statement = (
                verified_or_original(reservation.statement, language)
                if outcome_only
                else resolve(reservation.statement, language)
            )
            economy = reservation.delegation.economy
            result.append(
                Note(
                    number=next(counter),
                    kind=reservation.kind,
                    kind_label=str(ReservationKind(reservation.kind).label),
                    economy_code=economy.code,
                    economy_name=resolve(economy.name, language).text or economy.code,
                    statement=statement.text,
                    statement_language=statement.language,
                    eid=eid,
                )
            )
        return result

    title_notes = notes(None)
    nums = {p.provision.eid: p.num or p.provision.eid for p in paragraphs}
    blocks = [
        Block(
            paragraph,
            notes(paragraph.provision.eid),
            nums.get(paragraph.alternative_to.eid, paragraph.alternative_to.eid)
            if paragraph.alternative_to
            else "",
        )
        for paragraph in paragraphs
    ]
    return ExportDocument(
        text=text,
        version=version,
        language=language,
        title=resolve(text.title, language).text or text.slug,
        blocks=blocks,
        title_notes=title_notes,
    )
