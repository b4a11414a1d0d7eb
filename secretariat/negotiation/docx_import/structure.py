"""What Word's styles and lists say about a paragraph: a title, a heading of some level, or
an item of a numbered list (and the number Word shows on it)."""

import re
from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

_HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.IGNORECASE)


def _roman(number: int) -> str:
    result = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while number >= value:
            result, number = result + letters, number - value
    return result


def _letters(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _formatted(number: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    return str(number)


class Numbering:
    """Word's list counters: one per abstract list and level, as Word counts them (a list
    continues across headings; a deeper level restarts when a shallower one advances)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[int, str]] = {}  # (abstract, ilvl) → start, fmt
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iterchildren(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for level in abstract.iterchildren(qn("w:lvl")):
                start = level.find(qn("w:start"))
                fmt = level.find(qn("w:numFmt"))
                self.levels[(abstract_id, int(level.get(qn("w:ilvl"), "0")))] = (
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                )
        for num in root.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract = num.find(qn("w:abstractNumId"))
            if abstract is not None:
                self.abstract_of[num_id] = abstract.get(qn("w:val"))
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    self.overrides.setdefault(num_id, {})[int(override.get(qn("w:ilvl"), "0"))] = (
                        int(start.get(qn("w:val"), "1"))
                    )

    def next(self, num_id: str, ilvl: int) -> str:
        """The number Word shows on the next paragraph of this list and level ("" if the
        level is bullets or unnumbered)."""
        abstract = self.abstract_of.get(num_id, num_id)
        start, fmt = self.levels.get((abstract, ilvl), (1, "decimal"))
        if fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, value in self.overrides.get(num_id, {}).items():
                counters[level] = value - 1
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        return _formatted(counters[ilvl], fmt)


def _style_chain(paragraph: DocxParagraph) -> Iterator[Any]:
    style = paragraph.style
    seen = 0
    while style is not None and seen < 20:  # a loop of basedOn must not hang the reader
        yield style
        style, seen = style.base_style, seen + 1


def list_item(paragraph: DocxParagraph) -> tuple[str, int] | None:
    """The paragraph's list and level, from itself or its style; None when not in a list."""
    candidates = [paragraph._p.pPr] + [style.element.pPr for style in _style_chain(paragraph)]
    for properties in candidates:
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            continue
        value = num_id.get(qn("w:val"), "0")
        if value == "0":  # numbering switched off on purpose
            return None
        return value, int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
    return None


def heading_level(paragraph: DocxParagraph) -> int | None:
    """0 for the title, 1–9 for headings, None for body text."""
    for style in _style_chain(paragraph):
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 0
        if match := _HEADING_STYLE.match(name):
            return int(match.group(1))
    for properties in [paragraph._p.pPr] + [s.element.pPr for s in _style_chain(paragraph)]:
        outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
        if outline is not None and int(outline.get(qn("w:val"), "9")) < 9:
            return int(outline.get(qn("w:val"))) + 1
    return None
