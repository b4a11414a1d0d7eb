"""Akoma Ntoso 3.0 export of one version of a text (a ``statement`` document).

Brackets become ``<inline name="bracket" refersTo="#kr #us">``, competing options an
``<inline name="options">`` of ``<inline name="option">`` each referring to its holders, a
whole alternative paragraph carries ``alternativeTo``, and each economy at the table is a
``TLCOrganization`` in the references. A standing reservation is an ``authorialNote`` at the
end of its paragraph (of the title, for the whole text) referring to its economy's
``TLCOrganization``, with the kind of statement in ``class``."""

from typing import Any

from lxml import etree

from secretariat.negotiation.choices import Part
from secretariat.negotiation.models import Paragraph, Text, Version

from .document import ExportDocument, Note, xml_safe
from .document import build as build_document

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NSMAP = {None: AKN}


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, f"{{{AKN}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _refs(codes: list[str]) -> str:
    return " ".join(f"#{code.lower()}" for code in codes)


def _notes(p: etree._Element, notes: list[Note], owner: str) -> None:
    for note in notes:
        element = _el(
            p,
            "authorialNote",
            eId=f"{owner}__authorialNote_{note.number}",
            marker=str(note.number),
            placement="bottom",
            refersTo=f"#{note.economy_code.lower()}",
            **{"class": note.kind},
        )
        _el(element, "p", f"{note.lead}: {note.statement}")


def _content(
    parent: etree._Element,
    content: list[dict[str, Any]],
    notes: list[Note] | None = None,
    owner: str = "",
) -> None:
    p = _el(parent, "p")
    last: Any = None
    for segment in content:
        if "text" in segment:
            if last is None:
                p.text = (p.text or "") + xml_safe(segment["text"])
            else:
                last.tail = (last.tail or "") + xml_safe(segment["text"])
            continue
        if "bracket" in segment:
            last = _el(
                p,
                "inline",
                segment["bracket"],
                name="bracket",
                refersTo=_refs(segment.get("holders", [])),
            )
        else:
            last = _el(p, "inline", name="options")
            for option in segment.get("options", []):
                _el(
                    last,
                    "inline",
                    option["text"],
                    name="option",
                    refersTo=_refs(option.get("holders", [])),
                )
    _notes(p, notes or [], owner)


def _identification(meta: Any, text: Text, version: Version, language: str) -> None:
    date = (text.adopted_at or version.created_at).date().isoformat()
    work = f"/akn/apec/statement/{text.forum.slug}/{date}/{text.slug}"
    expression = f"{work}/{language}@v{version.number}"
    identification = _el(meta, "identification", source="#secretariat")
    for level, this, uri in [
        ("FRBRWork", f"{work}/!main", work),
        ("FRBRExpression", f"{expression}/!main", expression),
        ("FRBRManifestation", f"{expression}/!main.xml", f"{expression}.akn"),
    ]:
        frbr = _el(identification, level)
        _el(frbr, "FRBRthis", value=this)
        _el(frbr, "FRBRuri", value=uri)
        _el(frbr, "FRBRdate", date=date, name="adoption" if text.adopted_at else "version")
        _el(frbr, "FRBRauthor", href=f"#{text.forum.slug}")
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", value="apec")
        if level == "FRBRExpression":
            _el(frbr, "FRBRlanguage", language=language)


def render_akn(
    text: Text, version: Version, language: str = "en", *, outcome_only: bool = False
) -> bytes:
    """``outcome_only``: see ``document.build``."""
    return render_akn_document(build_document(text, version, language, outcome_only=outcome_only))


def render_akn_document(document: ExportDocument) -> bytes:
    """The AKN of an already built document (``outcomes`` substitutes verified translations
    into its paragraphs to write one expression per language)."""
    text, version, language = document.text, document.version, document.language
    paragraphs = [block.paragraph for block in document.blocks]
    notes = {block.eid: block.notes for block in document.blocks}
    economies = sorted(text.forum.delegations.values_list("economy__code", flat=True))
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap=NSMAP)
    statement = _el(root, "statement", name=text.kind)
    meta = _el(statement, "meta")
    _identification(meta, text, version, language)
    references = _el(meta, "references", source="#secretariat")
    _el(
        references,
        "TLCOrganization",
        eId="secretariat",
        href="/ontology/organization/secretariat",
        showAs="Secretariat",
    )
    _el(
        references,
        "TLCOrganization",
        eId=text.forum.slug,
        href=f"/ontology/organization/{text.forum.slug}",
        showAs=text.forum.abbreviation,
    )
    for code in economies:
        _el(
            references,
            "TLCOrganization",
            eId=code.lower(),
            href=f"/ontology/organization/economy/{code.lower()}",
            showAs=code,
        )

    preface = _el(statement, "preface")
    title = _el(preface, "p")
    _el(title, "docTitle", document.title)
    _notes(title, document.title_notes, "preface")
    by_part: dict[str, list[Paragraph]] = {}
    for paragraph in paragraphs:
        by_part.setdefault(paragraph.part, []).append(paragraph)
    for paragraph in by_part.get(Part.PREFACE, []):
        _content(preface, paragraph.content, notes[paragraph.provision.eid], "preface")
    if by_part.get(Part.PREAMBLE):
        recitals = _el(_el(statement, "preamble"), "recitals")
        for paragraph in by_part[Part.PREAMBLE]:
            recital_eid = paragraph.provision.eid
            recital = _el(recitals, "recital", eId=recital_eid, wId=paragraph.wid)
            if paragraph.num:
                _el(recital, "num", paragraph.num)
            _content(recital, paragraph.content, notes[paragraph.provision.eid], recital_eid)
    body = _el(statement, "mainBody")
    for paragraph in by_part.get(Part.BODY, []) + by_part.get(Part.ANNEX, []):
        element = _el(
            body,
            "paragraph",
            eId=paragraph.provision.eid,
            wId=paragraph.wid,
            alternativeTo=(f"#{paragraph.alternative_to.eid}" if paragraph.alternative_to else ""),
        )
        if paragraph.num:
            _el(element, "num", paragraph.num)
        if paragraph.heading:
            _el(element, "heading", paragraph.heading)
        _content(
            _el(element, "content"),
            paragraph.content,
            notes[paragraph.provision.eid],
            paragraph.provision.eid,
        )
    if by_part.get(Part.CONCLUSIONS):
        conclusions = _el(statement, "conclusions")
        for paragraph in by_part[Part.CONCLUSIONS]:
            _content(conclusions, paragraph.content, notes[paragraph.provision.eid], "conclusions")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
