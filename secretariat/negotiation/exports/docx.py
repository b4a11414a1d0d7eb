"""DOCX of one version, as tracked changes against a chosen earlier version.

Built with python-docx, plus the WordprocessingML it has no API for, written with its
``OxmlElement``: insertions and deletions are real revision marks (``w:ins``/``w:del``, author
"Secretariat", dated when the later version was made) taken from the redline, so Word and
LibreOffice show them as tracked changes that can be accepted or rejected. A moved paragraph
is a ``w:moveFrom``/``w:moveTo`` pair. A change carried from an incorporated amendment has a
comment naming it (python-docx writes the comments part). Reservations are real footnotes:
python-docx cannot write them, so the footnotes part is built here and related to the
document."""

from collections.abc import Iterator
from datetime import UTC
from io import BytesIO
from itertools import count

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part as OpcPart
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from lxml import etree

from secretariat.core.i18n import resolve
from secretariat.negotiation import redline as redlines
from secretariat.negotiation.choices import Part
from secretariat.negotiation.models import Text, Version
from secretariat.negotiation.provenance import Source

from . import document as export_document

AUTHOR = "Secretariat"
_PART_LABELS = {part.value: part.label for part in Part}


class _Marks:
    """Revision attributes: ids unique across the document, one author and date."""

    def __init__(self, date: str) -> None:
        self.date = date
        self._ids: Iterator[int] = count(1)

    def element(self, tag: str, **extra: str) -> etree._Element:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self._ids)))
        if not tag.endswith("RangeEnd"):
            element.set(qn("w:author"), AUTHOR)
            element.set(qn("w:date"), self.date)
        for name, value in extra.items():
            element.set(qn(f"w:{name}"), value)
        return element


def _run(
    text: str, *, deleted: bool = False, superscript: bool = False, italic: bool = False
) -> etree._Element:
    run = OxmlElement("w:r")
    if italic or superscript:
        properties = OxmlElement("w:rPr")
        if italic:
            properties.append(OxmlElement("w:i"))
        if superscript:
            properties.append(OxmlElement("w:vertAlign", attrs={qn("w:val"): "superscript"}))
        run.append(properties)
    element = OxmlElement("w:delText" if deleted else "w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = export_document.xml_safe(text)
    run.append(element)
    return run


def _mark_paragraph(paragraph: etree._Element, mark: etree._Element) -> None:
    """Track the paragraph mark itself, so rejecting an insertion leaves no empty paragraph."""
    properties = paragraph.get_or_add_pPr()
    run_properties = OxmlElement("w:rPr")
    run_properties.append(mark)
    properties.append(run_properties)


def _footnote_reference(number: int) -> etree._Element:
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    properties.append(OxmlElement("w:vertAlign", attrs={qn("w:val"): "superscript"}))
    run.append(properties)
    run.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(number)}))
    return run


def _footnotes_part(package, notes: list[export_document.Note]) -> OpcPart:  # type: ignore[no-untyped-def]
    root = parse_xml(f"<w:footnotes {nsdecls('w')}/>")
    for note_id, kind, mark in (
        ("-1", "separator", "w:separator"),
        ("0", "continuationSeparator", "w:continuationSeparator"),
    ):
        footnote = OxmlElement("w:footnote", attrs={qn("w:type"): kind, qn("w:id"): note_id})
        paragraph = OxmlElement("w:p")
        run = OxmlElement("w:r")
        run.append(OxmlElement(mark))
        paragraph.append(run)
        footnote.append(paragraph)
        root.append(footnote)
    for note in notes:
        footnote = OxmlElement("w:footnote", attrs={qn("w:id"): str(note.number)})
        paragraph = OxmlElement("w:p")
        marker = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:vertAlign", attrs={qn("w:val"): "superscript"}))
        marker.append(properties)
        marker.append(OxmlElement("w:footnoteRef"))
        paragraph.append(marker)
        paragraph.append(_run(f" {note.lead}: ", italic=True))
        paragraph.append(_run(note.statement))
        footnote.append(paragraph)
        root.append(footnote)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return OpcPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, package)


class _Writer:
    def __init__(
        self,
        document: export_document.ExportDocument,
        rows: list[redlines.Row],
        date: str,
        sources: dict[str, tuple[Source, ...]] | None = None,
    ) -> None:
        self.source = document
        self.rows = rows
        self.sources = sources or {}
        self.marks = _Marks(date)
        self.docx = Document()
        self.blocks = {block.eid: block for block in document.blocks}
        self.moves: dict[str, str] = {}  # eid → the name joining its moveFrom and moveTo

    def paragraph(self, style: str | None = None) -> etree._Element:
        return self.docx.add_paragraph(style=style)._p

    def write(self) -> bytes:
        self.header()
        stubs_after = self.move_stubs()
        for stub in stubs_after.get(None, []):
            self.moved_from(stub, stubs_after)
        part = heading = None
        for row in self.rows:
            if row.part != part:
                part, heading = row.part, None
                self.docx.add_heading(str(_PART_LABELS.get(part, part)).capitalize(), level=1)
            if row.heading and row.heading != heading:
                heading = row.heading
                self.docx.add_heading(export_document.xml_safe(row.heading), level=2)
            self.row(row)
            if row.eid not in self.moves:  # a moved row's followers come after its stub
                for stub in stubs_after.get(row.eid, []):
                    self.moved_from(stub, stubs_after)
        if self.source.notes:
            self.docx.part.relate_to(
                _footnotes_part(self.docx.part.package, self.source.notes),
                RELATIONSHIP_TYPE.FOOTNOTES,
            )
        out = BytesIO()
        self.docx.save(out)
        return out.getvalue()

    def header(self) -> None:
        properties = self.docx.core_properties
        properties.title = export_document.xml_safe(self.source.title)
        properties.author = AUTHOR
        title = self.docx.add_heading(export_document.xml_safe(self.source.title), level=0)._p
        for note in self.source.title_notes:
            title.append(_footnote_reference(note.number))
        version = self.source.version
        facts = self.paragraph()
        facts.append(
            _run(
                _("Version %(number)s — %(kind)s, %(date)s")
                % {
                    "number": version.number,
                    "kind": version.get_kind_display(),
                    "date": version.created_at.date().isoformat(),
                },
                italic=True,
            )
        )
        if version.note:
            self.paragraph().append(_run(version.note, italic=True))

    def comment(self, p: etree._Element, sources: tuple[Source, ...]) -> None:
        """A comment over the whole paragraph naming the amendments its change came from."""
        note = "; ".join(
            (
                _("From amendment #%(id)s (%(economy)s), as modified")
                if source.modified
                else _("From amendment #%(id)s (%(economy)s)")
            )
            % {
                "id": source.amendment_id,
                "economy": resolve(source.economy_name, get_language()).text or source.economy,
            }
            for source in sources
        )
        comment = self.docx.comments.add_comment(text=note, author=AUTHOR, initials="S")
        number = str(comment.comment_id)
        start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): number})
        first = next((child for child in p if child.tag != qn("w:pPr")), None)
        if first is None:
            p.append(start)
        else:
            first.addprevious(start)
        p.append(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): number}))
        reference = OxmlElement("w:r")
        reference.append(OxmlElement("w:commentReference", attrs={qn("w:id"): number}))
        p.append(reference)

    def move_stubs(self) -> dict[str | None, list[redlines.Row]]:
        """Where each moved paragraph stood in the earlier version: after the paragraph that
        preceded it there (a moved one's stub chains after the previous stub)."""
        earlier = sorted(
            (row for row in self.rows if row.order_before is not None),
            key=lambda row: row.order_before or 0,
        )
        stubs: dict[str | None, list[redlines.Row]] = {}
        previous: str | None = None
        for row in earlier:
            if row.moved:
                self.moves[row.eid] = f"move_{row.eid}"
                stubs.setdefault(previous, []).append(row)
            previous = row.eid
        return stubs

    def moved_from(
        self, row: redlines.Row, stubs_after: dict[str | None, list[redlines.Row]]
    ) -> None:
        """The paragraph where it stood, as it stood: Word shows it as moved away."""
        p = self.paragraph()
        name = self.moves[row.eid]
        start = self.marks.element("w:moveFromRangeStart", name=name)
        p.append(start)
        move = self.marks.element("w:moveFrom")
        if row.num_before:
            move.append(_run(f"{row.num_before}. ", deleted=True))
        for piece in row.pieces:
            if piece.op != redlines.Op.INSERT:
                move.append(_run(piece.text, deleted=True, superscript=piece.holders))
        p.append(move)
        p.append(self.marks.element("w:moveFromRangeEnd", **{"id": start.get(qn("w:id"))}))
        _mark_paragraph(p, self.marks.element("w:moveFrom"))
        for stub in stubs_after.get(row.eid, []):
            self.moved_from(stub, stubs_after)

    def row(self, row: redlines.Row) -> None:
        p = self.paragraph()
        block = self.blocks.get(row.eid)
        moved = row.eid in self.moves
        if moved:
            start = self.marks.element("w:moveToRangeStart", name=self.moves[row.eid])
            p.append(start)
        if block is not None and block.alternative_to:
            label = _("Alternative to paragraph %(num)s") % {"num": block.alternative_to_label}
            holders = block.paragraph.alternative_holders
            if holders:
                label += " (" + _("held by %(codes)s") % {"codes": ", ".join(holders)} + ")"
            p.append(_run(label + ": ", italic=True))
        if row.num:
            number = _run(f"{row.num}. ", deleted=row.status == redlines.Status.DELETED)
            tag = {redlines.Status.ADDED: "w:ins", redlines.Status.DELETED: "w:del"}.get(
                row.status, "w:moveTo" if moved else None
            )
            if tag:
                wrapper = self.marks.element(tag)
                wrapper.append(number)
                number = wrapper
            p.append(number)
        for piece in row.pieces:
            if piece.op == redlines.Op.EQUAL:
                run = _run(piece.text, superscript=piece.holders)
                if moved:
                    wrapper = self.marks.element("w:moveTo")
                    wrapper.append(run)
                    run = wrapper
                p.append(run)
            elif piece.op == redlines.Op.INSERT:
                wrapper = self.marks.element("w:ins")
                wrapper.append(_run(piece.text, superscript=piece.holders))
                p.append(wrapper)
            elif not moved:  # a moved paragraph's deleted words stay with its moveFrom
                wrapper = self.marks.element("w:del")
                wrapper.append(_run(piece.text, deleted=True, superscript=piece.holders))
                p.append(wrapper)
        if block is not None:
            for note in block.notes:
                p.append(_footnote_reference(note.number))
        if row.is_change and self.sources.get(row.eid):
            self.comment(p, self.sources[row.eid])
        if moved:
            p.append(self.marks.element("w:moveToRangeEnd", **{"id": start.get(qn("w:id"))}))
            _mark_paragraph(p, self.marks.element("w:moveTo"))
        elif row.status == redlines.Status.ADDED:
            _mark_paragraph(p, self.marks.element("w:ins"))
        elif row.status == redlines.Status.DELETED:
            _mark_paragraph(p, self.marks.element("w:del"))


def render_docx(
    text: Text,
    version: Version,
    language: str = "en",
    *,
    against: Version | None = None,
    sources: dict[str, tuple[Source, ...]] | None = None,
    outcome_only: bool = False,
) -> bytes:
    """The version as a Word document; with ``against``, its changes since that version are
    tracked changes, each commented with the amendments in ``sources`` it came from (those
    the reader may see: ``provenance.sources_for_redline``). ``outcome_only``: see
    ``document.build``."""
    source = export_document.build(text, version, language, outcome_only=outcome_only)
    rows = list(redlines.redline(text, against or version, version).rows)
    date = version.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _Writer(source, rows, date, sources if against else None).write()
