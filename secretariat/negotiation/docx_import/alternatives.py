"""Paragraphs our own export marks as alternatives: an italic lead "Alternative to paragraph 2
(held by KR, US): ", in the export's language, names the paragraph it is an alternative to.
Read back, the paragraph is an alternative to that one again (by eId, given here)."""

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from secretariat.negotiation.choices import Part
from secretariat.negotiation.services import EID_PREFIX

from .segments import Run

_CODES = r"(?P<codes>[A-Z]{2}(?:, [A-Z]{2})*)"


@dataclass(frozen=True)
class Lead:
    num: str
    holders: tuple[str, ...]


@cache
def _patterns(languages: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for code in languages:
        with translation.override(code):
            lead = re.escape(_("Alternative to paragraph %(num)s"))
            held = re.escape(_("held by %(codes)s"))
        lead = lead.replace(re.escape("%(num)s"), r"(?P<num>\S{1,20}?)")
        held = held.replace(re.escape("%(codes)s"), _CODES)
        patterns.append(re.compile(rf"{lead}(?: \({held}\))?: "))
    return tuple(patterns)


def take_lead(runs: list[Run]) -> tuple[Lead | None, list[Run]]:
    """The alternative's lead, if the paragraph starts with one, and the runs after it."""
    if not runs or not runs[0].italic or runs[0].change:
        return None, runs
    for pattern in _patterns(tuple(code for code, _name in settings.LANGUAGES)):
        if match := pattern.fullmatch(runs[0].text):
            codes = match.group("codes")
            return Lead(match.group("num"), tuple(codes.split(", ")) if codes else ()), runs[1:]
    return None, runs


def give_eids(paragraphs: list[dict[str, Any]]) -> None:
    """The eIds a new text gives its paragraphs (``services.publish_version``), given here so
    that an alternative can name the paragraph it is an alternative to."""
    counters: dict[str, int] = {}
    for paragraph in paragraphs:
        prefix = EID_PREFIX[Part(paragraph["part"])]
        counters[prefix] = counters.get(prefix, 0) + 1
        paragraph["eid"] = f"{prefix}_{counters[prefix]}"


def link(
    paragraphs: list[dict[str, Any]],
    leads: dict[int, Lead],
    known_holders: set[str] | None,
    warnings: list[str],
) -> None:
    """Each alternative names the last paragraph before it numbered as its lead says."""
    for index, lead in leads.items():
        target = next(
            (p for p in reversed(paragraphs[:index]) if p["num"] == lead.num),
            None,
        )
        if target is None:
            warnings.append(
                _(
                    "An alternative to paragraph %(num)s was read as a paragraph of its own: "
                    "no paragraph %(num)s comes before it."
                )
                % {"num": lead.num}
            )
            continue
        holders = [c for c in lead.holders if known_holders is None or c in known_holders]
        paragraphs[index]["alternative_to"] = target["eid"]
        paragraphs[index]["alternative_holders"] = holders
