"""A paragraph's words as segments: plain text, ``[brackets]``, ``[a / b]`` options with the
holders written after them in superscript, and Word's tracked changes (``w:ins``/``w:del``,
which python-docx does not read) as options: the wording before the change, then after it."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from lxml import etree

_HOLDERS = re.compile(r"^\s*[A-Z]{2}(?:\s*,\s*[A-Z]{2})*\s*$")
OPTION_SEPARATOR = " / "


@dataclass(frozen=True)
class Run:
    text: str
    change: str = ""  # "", "ins" or "del"
    superscript: bool = False
    italic: bool = False


_CONTAINERS = {
    qn(tag)
    for tag in (
        "w:hyperlink",
        "w:smartTag",
        "w:customXml",
        "w:fldSimple",
        "w:sdt",
        "w:sdtContent",
        "w:moveTo",
    )
}


def runs_of(element: etree._Element, change: str = "") -> Iterator[Run]:
    """The paragraph's runs in reading order, each with the tracked change it is part of."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == qn("w:r"):
            yield from _run_text(child, change)
        elif tag == qn("w:ins"):
            yield from runs_of(child, "ins")
        elif tag == qn("w:del"):
            yield from runs_of(child, "del")
        elif tag in _CONTAINERS:  # w:moveTo among them: moved text reads where it now stands
            yield from runs_of(child, change)
        # w:moveFrom (where moved text used to be), bookmarks, proofing marks: nothing to read.


def _run_text(run: etree._Element, change: str) -> Iterator[Run]:
    properties = run.find(qn("w:rPr"))
    superscript = italic = False
    if properties is not None:
        if properties.find(qn("w:vanish")) is not None:
            return  # hidden text
        align = properties.find(qn("w:vertAlign"))
        superscript = align is not None and align.get(qn("w:val")) == "superscript"
        slant = properties.find(qn("w:i"))
        italic = slant is not None and slant.get(qn("w:val"), "true") not in ("0", "false")
    parts: list[str] = []
    for child in run.iterchildren():
        if child.tag in (qn("w:t"), qn("w:delText")):
            parts.append(child.text or "")
        elif child.tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
            parts.append(" ")
        elif child.tag == qn("w:noBreakHyphen"):
            parts.append("-")
    if parts:
        yield Run("".join(parts), change, superscript, italic)


class _Segments:
    """Builds one paragraph's segments from its runs: text, ``[brackets]``, ``[a / b]``
    options and tracked changes."""

    def __init__(self, known_holders: set[str] | None, warnings: list[str], where: str) -> None:
        self.known = known_holders
        self.warnings = warnings
        self.where = where
        self.segments: list[dict[str, Any]] = []
        self.text = ""
        self.inside: list[tuple[str, Any]] | None = None  # pieces of an open bracket
        self.depth = 0
        self.dropped: set[str] = set()

    def holders(self, raw: str) -> list[str]:
        codes = [code.strip() for code in raw.split(",") if code.strip()]
        if self.known is None:
            return codes
        self.dropped |= {code for code in codes if code not in self.known}
        return [code for code in codes if code in self.known]

    def flush_text(self) -> None:
        if self.text:
            self.segments.append({"text": self.text})
            self.text = ""

    def add_run(self, run: Run) -> None:
        if run.superscript and _HOLDERS.match(run.text):
            if self.inside is not None:
                self.inside.append(("holders", self.holders(run.text)))
                return
            last = self.segments[-1] if self.segments and not self.text else None
            if last is not None and "bracket" in last and not last["holders"]:
                last["holders"] = self.holders(run.text)
                return
        for character in run.text:
            self.add_character(character)

    def add_character(self, character: str) -> None:
        if self.inside is None:
            if character == "[":
                self.flush_text()
                self.inside, self.depth = [], 1
                return
            if character == "]":
                self.warnings.append(
                    _("%(where)s: a closing bracket without an opening one was kept as text.")
                    % {"where": self.where}
                )
            self.text += character
            return
        if character == "[":
            self.depth += 1
            if self.depth == 2:
                self.warnings.append(
                    _(
                        "%(where)s: brackets within brackets were kept as text inside the "
                        "outer bracket."
                    )
                    % {"where": self.where}
                )
        elif character == "]":
            self.depth -= 1
            if self.depth == 0:
                self.close_bracket()
                return
        self.inside.append(("text", character))

    def add_change(self, before: str, after: str) -> None:
        if before == after:  # a change that changed nothing (formatting only)
            for character in after:
                self.add_character(character)
            return
        if self.inside is not None:
            self.inside.append(("change", (before, after)))
            return
        self.flush_text()
        self.segments.append(
            {"options": [{"text": before, "holders": []}, {"text": after, "holders": []}]}
        )

    def close_bracket(self) -> None:
        pieces, self.inside = self.inside or [], None
        if any(kind == "change" for kind, _value in pieces):
            before = "".join(v if k == "text" else v[0] for k, v in pieces if k != "holders")
            after = "".join(v if k == "text" else v[1] for k, v in pieces if k != "holders")
            self.segments.append(
                {"options": [{"text": before, "holders": []}, {"text": after, "holders": []}]}
            )
            return
        options: list[dict[str, Any]] = [{"text": "", "holders": []}]
        for kind, value in pieces:
            if kind == "holders":
                options[-1]["holders"] = value
            else:
                options[-1]["text"] += value
                if options[-1]["text"].endswith(OPTION_SEPARATOR):
                    options[-1]["text"] = options[-1]["text"][: -len(OPTION_SEPARATOR)]
                    options.append({"text": "", "holders": []})
        if len(options) > 1:
            self.segments.append({"options": options})
        elif options[0]["text"].strip():
            self.segments.append({"bracket": options[0]["text"], "holders": options[0]["holders"]})
        else:
            self.text += "[" + options[0]["text"] + "]"  # "[ ]" is no bracket worth keeping

    def finish(self) -> list[dict[str, Any]]:
        if self.inside is not None:
            self.warnings.append(
                _("%(where)s: an opening bracket was never closed; it was kept as text.")
                % {"where": self.where}
            )
            pieces, self.inside = self.inside, None
            self.text += "[" + "".join(
                v if k == "text" else v[1] for k, v in pieces if k != "holders"
            )
        self.flush_text()
        merged: list[dict[str, Any]] = []
        for segment in self.segments:
            if "text" in segment and merged and "text" in merged[-1]:
                merged[-1] = {"text": merged[-1]["text"] + segment["text"]}
            else:
                merged.append(segment)
        if merged and "text" in merged[0]:
            merged[0] = {"text": merged[0]["text"].lstrip()}
        if merged and "text" in merged[-1]:
            merged[-1] = {"text": merged[-1]["text"].rstrip()}
        if self.dropped:
            self.warnings.append(
                _(
                    "%(where)s: %(codes)s have no delegation to this forum; those holders "
                    "are to be assigned."
                )
                % {"where": self.where, "codes": ", ".join(sorted(self.dropped))}
            )
        return [s for s in merged if not ("text" in s and not s["text"])]


def segments_of(
    runs: list[Run], known_holders: set[str] | None, warnings: list[str], where: str
) -> list[dict[str, Any]]:
    builder = _Segments(known_holders, warnings, where)
    index = 0
    while index < len(runs):
        run = runs[index]
        if not run.change:
            builder.add_run(run)
            index += 1
            continue
        before = after = ""
        while index < len(runs) and runs[index].change:  # one change: adjacent ins and del
            if runs[index].change == "del":
                before += runs[index].text
            else:
                after += runs[index].text
            index += 1
        builder.add_change(before, after)
    return builder.finish()
