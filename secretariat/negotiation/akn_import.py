"""Read an agreed text from an Akoma Ntoso 3.0 file, validated against the bundled schema
before anything is taken from it.

Hostile input is expected: the file is parsed with lxml without the network, without
loading a DTD or substituting entities, a document type declaration is refused outright
(Akoma Ntoso has none) and files over ``NEGOTIATION_MAX_AKN_BYTES`` are refused unread.

What is read: the title (``docTitle``, else the work's name), the date and language of the
expression (``FRBRdate``, ``FRBRlanguage``, three-letter codes mapped to the site's), the
FRBR work and expression URIs, and the provisions in document order with their ``eId``,
``num``, ``heading`` and wording: the preface's paragraphs, the preamble's recitals, every
element of the main body that has a ``content`` (the paragraphs of our export, the articles or
points of anyone else's), and the conclusions. ``inline name="bracket"`` and ``"options"``
are read back as our export writes them; authorial notes (reservations) are left out."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from secretariat.core.errors import ValidationFailed
from secretariat.core.i18n import content_languages

from .choices import Part, TextKind
from .exports.akn import AKN
from .exports.schema import akn_schema

MAX_AKN_BYTES = 10 * 1024 * 1024
MAX_PARAGRAPHS = 3000  # the API's limit on a version
MAX_EID_CHARS = 60  # Provision.eid
MAX_URI_CHARS = 500  # ImportedText.work_uri and expression_uri
_NS = {"a": AKN}
# ISO 639-2 (what the standard asks for in FRBRlanguage) to the site's language codes.
_LANGUAGE_CODES = {
    "eng": "en",
    "kor": "ko",
    "zho": "zh-hans",
    "chi": "zh-hans",
    "zh": "zh-hans",
    "jpn": "ja",
    "spa": "es",
    "fra": "fr",
    "fre": "fr",
    "rus": "ru",
    "vie": "vi",
    "tha": "th",
    "ind": "id",
}
_PARTS_BY_CONTAINER = {"preface": Part.PREFACE, "conclusions": Part.CONCLUSIONS}


class InvalidAkomaNtoso(ValidationFailed):
    """The file is not Akoma Ntoso this reader accepts; ``errors`` names the file."""

    def __init__(self, file_name: str, messages: list[str]) -> None:
        detail = _("%(file)s is not valid Akoma Ntoso 3.0: %(reason)s") % {
            "file": file_name,
            "reason": messages[0],
        }
        super().__init__(detail, errors={file_name: messages})


@dataclass
class AgreedText:
    """One file as read: what ``services_import.import_agreed_texts`` creates."""

    file_name: str
    file_sha256: str
    work_uri: str
    expression_uri: str
    title: str
    language: str
    adopted_on: date
    kind: str
    paragraphs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        last = self.work_uri.rstrip("/").rsplit("/", 1)[-1]
        return (slugify(last) or slugify(self.title) or "imported-text")[:70]

    @property
    def wording_sha256(self) -> str:
        """The provisions (eIds, parts, numbers, wording): equal for the same agreed text
        however the file is laid out."""
        canonical = json.dumps(self.paragraphs, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def max_akn_bytes() -> int:
    return int(getattr(settings, "NEGOTIATION_MAX_AKN_BYTES", MAX_AKN_BYTES))


def read_upload(file: IO[bytes] | bytes, file_name: str) -> bytes:
    """The file's bytes, refused unread past the limit."""
    limit = max_akn_bytes()
    if isinstance(file, bytes):
        data = file
    else:
        file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise InvalidAkomaNtoso(
            file_name,
            [_("the file is larger than %(limit)d bytes.") % {"limit": limit}],
        )
    return data


def _parse(data: bytes, file_name: str) -> etree._ElementTree:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        # A comment is the drafter's, not the agreed wording (it was read as words).
        remove_comments=True,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as error:
        raise InvalidAkomaNtoso(
            file_name,
            [_("line %(line)s: %(message)s") % {"line": error.lineno, "message": error.msg}],
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InvalidAkomaNtoso(
            file_name, [_("a document type declaration is not allowed in Akoma Ntoso.")]
        )
    return tree


def validate(data: bytes, file_name: str) -> etree._ElementTree:
    """The parsed file if it is valid against the Akoma Ntoso 3.0 schema; otherwise
    ``InvalidAkomaNtoso`` with the schema's first messages and their lines."""
    tree = _parse(data, file_name)
    schema = akn_schema()
    if not schema.validate(tree):
        messages = [
            _("line %(line)s: %(message)s") % {"line": entry.line, "message": entry.message}
            for entry in list(schema.error_log)[:5]
        ]
        raise InvalidAkomaNtoso(file_name, messages)
    return tree


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _first(root: Any, path: str, attribute: str) -> str:
    found = root.xpath(path, namespaces=_NS)
    return str(found[0].get(attribute, "")).strip() if found else ""


def _text(element: Any) -> str:
    """The words of an element, without authorial notes."""
    parts = [element.text or ""]
    for child in element:
        if _local(child) != "authorialNote":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _holders(element: Any) -> list[str]:
    return [ref.lstrip("#").upper() for ref in (element.get("refersTo") or "").split() if ref]


def _layout(text: str) -> bool:
    """Whitespace a pretty-printer put between elements, not words of the text."""
    return not text.strip() and "\n" in text


def _segments(blocks: list[Any]) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []

    def add_text(text: str) -> None:
        if not text or _layout(text):
            return
        if segments and "text" in segments[-1]:
            segments[-1]["text"] += text
        else:
            segments.append({"text": text})

    for index, block in enumerate(blocks):
        if index:
            add_text(" ")
        add_text(block.text or "")
        for child in block:
            name = _local(child)
            if name == "inline" and child.get("name") == "bracket":
                segments.append({"bracket": _text(child), "holders": _holders(child)})
            elif name == "inline" and child.get("name") == "options":
                options = [
                    {"text": _text(option), "holders": _holders(option)}
                    for option in child
                    if _local(option) == "inline"
                ]
                segments.append({"options": options})
            elif name != "authorialNote":
                add_text(_text(child))
            add_text(child.tail or "")
    if segments and "text" in segments[0]:
        segments[0]["text"] = segments[0]["text"].lstrip()
    if segments and "text" in segments[-1]:
        segments[-1]["text"] = segments[-1]["text"].rstrip()
    return [s for s in segments if s.get("text", True) != ""]


def _paragraph(element: Any, part: str, blocks: list[Any], file_name: str) -> dict[str, Any]:
    eid = element.get("eId") or ""
    if len(eid) > MAX_EID_CHARS:
        raise InvalidAkomaNtoso(
            file_name,
            [
                _("line %(line)s: the eId %(eid)s is longer than %(max)d characters.")
                % {"line": element.sourceline, "eid": eid[:80], "max": MAX_EID_CHARS}
            ],
        )
    if "/" in eid:  # the schema allows it, but a paragraph's address could not hold it
        raise InvalidAkomaNtoso(
            file_name,
            [
                _("line %(line)s: the eId %(eid)s contains a slash.")
                % {"line": element.sourceline, "eid": eid}
            ],
        )
    num = element.find("a:num", _NS)
    heading = element.find("a:heading", _NS)
    alternative = (element.get("alternativeTo") or "").lstrip("#")
    item: dict[str, Any] = {
        "part": part,
        "num": _text(num).strip()[:20] if num is not None else "",
        "heading": _text(heading).strip()[:300] if heading is not None else "",
        "content": _segments(blocks),
    }
    if eid:
        item["eid"] = eid
    if alternative:
        item["alternative_to"] = alternative
    return item


def _provisions(document: Any, file_name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for container in document:
        name = _local(container)
        if name in _PARTS_BY_CONTAINER:
            for p in container.findall("a:p", _NS):
                if p.find(".//a:docTitle", _NS) is None:
                    found.append(_paragraph(p, _PARTS_BY_CONTAINER[name], [p], file_name))
        elif name == "preamble":
            for recital in container.iter(f"{{{AKN}}}recital"):
                found.append(
                    _paragraph(recital, Part.PREAMBLE, recital.findall("a:p", _NS), file_name)
                )
        elif name == "mainBody":
            for content in container.iter(f"{{{AKN}}}content"):
                provision = content.getparent()
                part = Part.ANNEX if (provision.get("eId") or "").startswith("annex") else Part.BODY
                blocks = [b for b in content if _local(b) in ("p", "blockList", "block")]
                found.append(_paragraph(provision, part, blocks or [content], file_name))
    return [item for item in found if item["content"]]


def _language(code: str, file_name: str) -> str:
    language = _LANGUAGE_CODES.get(code.lower(), code.lower())
    if language not in content_languages():
        raise InvalidAkomaNtoso(
            file_name,
            [
                _("FRBRlanguage %(code)s is not one of this site's languages (%(languages)s).")
                % {"code": code or "?", "languages": ", ".join(content_languages())}
            ],
        )
    return language


def read_agreed_text(data: bytes, file_name: str) -> AgreedText:
    """Validate, then read; ``InvalidAkomaNtoso`` for anything this site cannot keep."""
    tree = validate(data, file_name)
    root = tree.getroot()
    document = next((child for child in root if isinstance(child.tag, str)), None)
    if document is None:
        raise InvalidAkomaNtoso(file_name, [_("the file holds no document.")])
    work = "a:meta/a:identification/a:FRBRWork"
    expression = "a:meta/a:identification/a:FRBRExpression"
    work_uri = _first(document, f"{work}/a:FRBRuri", "value")
    expression_uri = _first(document, f"{expression}/a:FRBRuri", "value") or _first(
        document, f"{expression}/a:FRBRthis", "value"
    )
    for uri in (work_uri, expression_uri):
        if len(uri) > MAX_URI_CHARS:
            raise InvalidAkomaNtoso(
                file_name,
                [
                    _("the FRBR URI %(uri)s… is longer than %(max)d characters.")
                    % {"uri": uri[:80], "max": MAX_URI_CHARS}
                ],
            )
    raw_date = _first(document, f"{work}/a:FRBRdate", "date") or _first(
        document, f"{expression}/a:FRBRdate", "date"
    )
    try:
        adopted_on = date.fromisoformat(raw_date[:10])
    except ValueError:
        raise InvalidAkomaNtoso(
            file_name, [_("FRBRdate %(date)s is not a date.") % {"date": raw_date}]
        ) from None
    titles = document.xpath(".//a:preface//a:docTitle", namespaces=_NS)
    # A blank docTitle is no title: the work's name is (an empty one was refused unnamed).
    title = (
        (" ".join(_text(titles[0]).split()) if titles else "")
        or _first(document, f"{work}/a:FRBRname", "value")
        or work_uri
    )
    paragraphs = _provisions(document, file_name)
    if not paragraphs:
        raise InvalidAkomaNtoso(file_name, [_("the document has no paragraphs with words.")])
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise InvalidAkomaNtoso(
            file_name,
            [_("more than %(max)d paragraphs.") % {"max": MAX_PARAGRAPHS}],
        )
    name = document.get("name", "")
    return AgreedText(
        file_name=file_name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        work_uri=work_uri,
        expression_uri=expression_uri,
        title=title[:500],
        language=_language(_first(document, f"{expression}/a:FRBRlanguage", "language"), file_name),
        adopted_on=adopted_on,
        kind=name if name in TextKind.values else TextKind.DECLARATION,
        paragraphs=paragraphs,
    )
