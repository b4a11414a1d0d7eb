"""What stands between a text and its adoption, as the chair needs to see it before calling
``services.adopt_text``: the paragraphs not agreed outright and why (brackets and their
holders, objections, reservations, missing or stale answers, ad referendum support still to
be confirmed), and a running silence procedure."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from . import selectors, services_closing
from .choices import ParagraphState, Stance, TextStatus
from .models import SilenceProcedure, Text


def confirmation_day() -> date:
    """Today in the site's time zone: an ad referendum position is overdue from the day
    after its confirmation date. One definition for the map, the pages and the reminders."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


@dataclass(frozen=True)
class AwaitingConfirmation:
    """A current ad referendum position on the current wording."""

    eid: str
    num: str
    economy: str  # the economy's code
    confirm_by: date | None
    overdue: bool


@dataclass(frozen=True)
class OpenParagraph:
    """A paragraph not agreed outright, with who stands where on it (economy codes)."""

    eid: str
    num: str
    state: ParagraphState
    holders: list[str]  # of its brackets and alternative options
    objecting: list[str]
    reserving: list[str]
    ad_referendum: list[str]
    stale: list[str]  # answered an earlier wording
    missing: list[str]  # no position, or no instruction yet
    open_amendments: int


@dataclass(frozen=True)
class Outstanding:
    text: Text
    version_number: int
    paragraphs: list[OpenParagraph]
    awaiting: list[AwaitingConfirmation]
    silence: SilenceProcedure | None

    @property
    def ready(self) -> bool:
        """As ``services.adopt_text`` decides: under negotiation, every paragraph agreed."""
        return self.text.status == TextStatus.NEGOTIATING and not self.paragraphs

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.awaiting if item.overdue)


def _holders(content: list[dict]) -> list[str]:
    codes: set[str] = set()
    for segment in content:
        codes.update(segment.get("holders", []))
        for option in segment.get("options", []):
            codes.update(option.get("holders", []))
    return sorted(codes)


def outstanding_before_adoption(text: Text, today: date) -> Outstanding:
    consensus_map = selectors.consensus_map(text)
    paragraphs: list[OpenParagraph] = []
    awaiting: list[AwaitingConfirmation] = []
    for row in consensus_map.rows:
        eid, num = row.paragraph.provision.eid, row.paragraph.num
        by_kind: dict[str, list[str]] = {
            "object": [],
            "reserve": [],
            "ad_ref": [],
            "stale": [],
            "missing": [],
        }
        for delegation, position in row.cells:
            code = delegation.economy.code
            if position is None or (
                not position.stale and position.stance == Stance.NO_INSTRUCTION
            ):
                by_kind["missing"].append(code)
            elif position.stale:
                by_kind["stale"].append(code)
            elif position.stance == Stance.OBJECT:
                by_kind["object"].append(code)
            elif position.stance == Stance.RESERVE:
                by_kind["reserve"].append(code)
            elif position.ad_referendum:
                by_kind["ad_ref"].append(code)
                awaiting.append(
                    AwaitingConfirmation(
                        eid, num, code, position.confirm_by, position.overdue_on(today)
                    )
                )
        if row.verdict.state == ParagraphState.AGREED:
            continue
        paragraphs.append(
            OpenParagraph(
                eid=eid,
                num=num,
                state=row.verdict.state,
                holders=_holders(row.paragraph.content),
                objecting=by_kind["object"],
                reserving=by_kind["reserve"],
                ad_referendum=by_kind["ad_ref"],
                stale=by_kind["stale"],
                missing=by_kind["missing"],
                open_amendments=row.open_amendments,
            )
        )
    awaiting.sort(key=lambda item: (not item.overdue, item.confirm_by or date.max, item.num))
    return Outstanding(
        text=text,
        version_number=consensus_map.version.number,
        paragraphs=paragraphs,
        awaiting=awaiting,
        silence=services_closing.running_silence(text),
    )
