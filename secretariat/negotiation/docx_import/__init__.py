"""Read a zero draft written in Word (DOCX) into the paragraphs a first version is published
from, without storing anything.

- The first "Title" paragraph is the text's title; headings whose words name a part
  ("Preamble", "Main body", "Annex" …, in any language of the site) start that part; other
  headings are the heading of the paragraphs that follow, until the next one.
- A paragraph numbered by Word (its own or its style's ``w:numPr``) or starting with a typed
  number ("3. ", "4alt. ") is numbered so. Unnumbered paragraphs before the first heading or
  number (a cover note, the export's version line) are left out, with a warning.
- ``[words in square brackets]`` become brackets, ``[a / b]`` alternative options, and Word's
  tracked changes options too (``segments``). Holders written as superscript codes after
  them (as our own export writes them) are kept when they are delegations of the forum;
  otherwise they are to be assigned (an empty list).

A file that is not a readable DOCX, too large, or without paragraphs raises ``UnreadableDraft``
with a message for the person who uploaded it."""

import hashlib
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from secretariat.negotiation.choices import Part

from . import alternatives
from .package import UnreadableDraft, max_docx_bytes, open_document, read_bytes
from .segments import Run, runs_of, segments_of
from .structure import Numbering, heading_level, list_item

__all__ = ["ImportedDraft", "UnreadableDraft", "max_docx_bytes", "read_zero_draft"]

# The API's limits on a version (schemas.VersionCreate, SegmentIn).
MAX_PARAGRAPHS = 3000
MAX_SEGMENTS = 50
MAX_SEGMENT_CHARS = 5000
MAX_OPTIONS = 10
MAX_HEADING_CHARS = 300

_TYPED_NUMBER = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,4})*[A-Za-z]{0,6})[.)]\s+")
_PART_PREFIX = re.compile(r"^\s*(?:[IVXLC]+|\d+|[A-Z])[.)]\s+")
# Headings that name a part: the part labels as the pages and the exports write them.
_PART_WORDS: dict[str, tuple[str, ...]] = {
    Part.PREFACE: (gettext_noop("Preface"),),
    Part.PREAMBLE: (gettext_noop("Preamble"), "preambular paragraphs"),
    Part.BODY: (gettext_noop("Main body"), "operative part", "operative paragraphs"),
    Part.CONCLUSIONS: (gettext_noop("Conclusions"),),
    Part.ANNEX: (gettext_noop("Annex"),),
}


@dataclass
class ImportedDraft:
    """What the preview shows and the confirmation publishes: paragraphs in the shape
    ``services.create_text`` takes, and what the reader had to leave out or guess."""

    title: str
    paragraphs: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""


@dataclass
class _Place:
    """The part and section the next paragraph belongs to, as the headings so far say."""

    part: str = str(Part.BODY)
    heading: str = ""
    part_level: int | None = None  # the level of the heading that named the part

    def enter(
        self, words: str, level: int, part_names: dict[str, str], warnings: list[str]
    ) -> None:
        named = part_names.get(_PART_PREFIX.sub("", words).rstrip(":").casefold())
        if named:
            self.part, self.heading, self.part_level = named, "", level
            return
        leading = self.part in (Part.PREFACE, Part.PREAMBLE)
        if leading and self.part_level is not None and level <= self.part_level:
            # A section at the preamble's own level: the operative paragraphs have begun.
            self.part, self.part_level = str(Part.BODY), None
        if len(words) > MAX_HEADING_CHARS:
            warnings.append(
                _("A heading longer than %(max)d characters was shortened.")
                % {"max": MAX_HEADING_CHARS}
            )
        self.heading = words[:MAX_HEADING_CHARS]


def _part_names() -> dict[str, str]:
    """Every way a heading may name a part, folded, in each language of the site."""
    names: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for part, words in _PART_WORDS.items():
                for word in words:
                    names[_(word).casefold()] = str(part)
                names[str(Part(part).label).casefold()] = str(part)
    return names


def _strip_typed_number(runs: list[Run]) -> tuple[str, list[Run]]:
    """A number typed at the start ("3. "), and the runs without it."""
    lead = ""
    for run in runs:
        if run.change or run.superscript:
            break
        lead += run.text
        if len(lead) > 40:
            break
    match = _TYPED_NUMBER.match(lead)
    if not match:
        return "", runs
    remaining = match.end()
    kept: list[Run] = []
    for run in runs:
        if remaining <= 0:
            kept.append(run)
        elif len(run.text) <= remaining:
            remaining -= len(run.text)
        else:
            kept.append(Run(run.text[remaining:], run.change, run.superscript, run.italic))
            remaining = 0
    return match.group(1), kept


def _accepted_text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs if run.change != "del").strip()


def read_zero_draft(
    file: IO[bytes] | bytes, *, known_holders: set[str] | None = None
) -> ImportedDraft:
    """The draft's title and paragraphs (see the module's docstring). ``known_holders``: the
    economy codes of the forum's delegations; other codes are dropped with a warning."""
    data = read_bytes(file)
    document = open_document(data)
    numbering = Numbering(document)
    part_names = _part_names()
    warnings: list[str] = []
    paragraphs: list[dict[str, Any]] = []
    title = ""
    place = _Place()
    started = False
    skipped = 0
    leads: dict[int, alternatives.Lead] = {}
    body = document.element.body
    if body.find(qn("w:tbl")) is not None:
        warnings.append(_("Tables were left out: only paragraphs are read."))
    for element in body.iterchildren(qn("w:p")):
        paragraph = DocxParagraph(element, document._body)
        runs = list(runs_of(element))
        level = heading_level(paragraph)
        if level == 0:
            title = title or _accepted_text(runs)
            continue
        if level is not None:
            words = _accepted_text(runs)
            if not words:
                continue
            started = True
            place.enter(words, level, part_names, warnings)
            continue
        if not "".join(run.text for run in runs).strip():
            continue
        lead, runs = alternatives.take_lead(runs)
        listed = list_item(paragraph)
        num = numbering.next(*listed) if listed else ""
        if not listed:
            num, runs = _strip_typed_number(runs)
        if not started and not num:
            skipped += 1
            continue
        started = True
        where = _where(num, paragraphs)
        content = segments_of(runs, known_holders, warnings, where)
        if not content:
            continue
        _check_limits(content, where)
        if lead is not None:
            leads[len(paragraphs)] = lead
        paragraphs.append(
            {"part": place.part, "num": num, "heading": place.heading, "content": content}
        )
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise UnreadableDraft(
                _("The document has more than %(max)d paragraphs; split it into several texts.")
                % {"max": MAX_PARAGRAPHS}
            )
    if skipped:
        warnings.insert(
            0,
            ngettext(
                "%(count)d unnumbered paragraph before the first heading or numbered "
                "paragraph was left out (a cover note or the version line).",
                "%(count)d unnumbered paragraphs before the first heading or numbered "
                "paragraph were left out (a cover note or the version line).",
                skipped,
            )
            % {"count": skipped},
        )
    if not paragraphs:
        raise UnreadableDraft(
            _(
                "No paragraphs were found in this document. Number the paragraphs (or put them "
                "under headings) and upload it again."
            )
        )
    alternatives.give_eids(paragraphs)
    alternatives.link(paragraphs, leads, known_holders, warnings)
    return ImportedDraft(
        title=title[:500],
        paragraphs=paragraphs,
        warnings=warnings,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _where(num: str, before: list[dict[str, Any]]) -> str:
    """How a warning names a paragraph: by its number, else by its place."""
    if num:
        return _("Paragraph %(num)s") % {"num": num}
    return _("Paragraph %(place)d (unnumbered)") % {"place": len(before) + 1}


def _check_limits(content: list[dict[str, Any]], where: str) -> None:
    if len(content) > MAX_SEGMENTS:
        raise UnreadableDraft(
            _("%(where)s has more than %(max)d brackets and options; split it in Word first.")
            % {"where": where, "max": MAX_SEGMENTS}
        )
    for segment in content:
        texts = [segment.get("text") or segment.get("bracket") or ""]
        texts += [option["text"] for option in segment.get("options", [])]
        if len(segment.get("options", [])) > MAX_OPTIONS:
            raise UnreadableDraft(
                _("%(where)s offers more than %(max)d options in one place.")
                % {"where": where, "max": MAX_OPTIONS}
            )
        if any(len(text) > MAX_SEGMENT_CHARS for text in texts):
            raise UnreadableDraft(
                _("%(where)s has a passage longer than %(max)d characters; split it in Word first.")
                % {"where": where, "max": MAX_SEGMENT_CHARS}
            )
