"""The Word reader, on documents made here with python-docx: numbering (Word's and typed),
headings and parts, brackets and options, tracked changes; broken files refused; and our own
DOCX export read back into the same paragraphs."""

import io
import zipfile
from typing import Any

import docx as python_docx
import pytest
from django.utils import translation
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from secretariat.negotiation import services
from secretariat.negotiation.docx_import import UnreadableDraft, read_zero_draft
from secretariat.negotiation.exports.docx import render_docx

from .factories import make_text


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in python_docx.Document(io.BytesIO(data)).paragraphs)


def _saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tracked(paragraph: Any, tag: str, text: str, mark_id: int) -> None:
    """A tracked insertion (``w:ins``) or deletion (``w:del``) of ``text`` at the end."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(mark_id))
    change.set(qn("w:author"), "Delegate")
    change.set(qn("w:date"), "2027-01-15T10:00:00Z")
    run = OxmlElement("w:r")
    words = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    words.set(qn("xml:space"), "preserve")
    words.text = text
    run.append(words)
    change.append(run)
    paragraph._p.append(change)


def test_word_numbering_and_headings_become_numbered_paragraphs_in_parts_and_sections():
    document = python_docx.Document()
    document.add_heading("Zero draft of the Ministerial Statement", 0)
    document.add_paragraph("Circulated by the chair on 10 January.")
    document.add_heading("Preamble", 1)
    document.add_paragraph("Recalling the Putrajaya Vision,", style="List Number")
    document.add_heading("Main body", 1)
    document.add_heading("Digital skills", 2)
    document.add_paragraph("We will promote digital skills.", style="List Number")
    document.add_paragraph("We will support AI literacy.", style="List Number")
    document.add_heading("Connectivity", 2)
    document.add_paragraph("We aim to narrow the digital divide.", style="List Number")
    document.add_paragraph("")  # empty paragraphs are no paragraphs

    draft = read_zero_draft(_saved(document))

    assert draft.title == "Zero draft of the Ministerial Statement"
    assert [(p["part"], p["num"], p["heading"]) for p in draft.paragraphs] == [
        ("preamble", "1", ""),
        ("body", "2", "Digital skills"),
        ("body", "3", "Digital skills"),
        ("body", "4", "Connectivity"),
    ]
    assert draft.paragraphs[1]["content"] == [{"text": "We will promote digital skills."}]
    # The cover note before the first heading is left out, and the preview says so.
    assert "left out" in draft.warnings[0]


def test_typed_numbers_are_numbers_and_unnumbered_paragraphs_under_a_heading_are_kept():
    document = python_docx.Document()
    document.add_paragraph("1. We met in Incheon.")
    document.add_paragraph("2bis. We recall the Roadmap.")
    document.add_heading("Annex", 1)
    document.add_paragraph("A list of initiatives.")

    draft = read_zero_draft(_saved(document))

    assert [(p["part"], p["num"], p["content"]) for p in draft.paragraphs] == [
        ("body", "1", [{"text": "We met in Incheon."}]),
        ("body", "2bis", [{"text": "We recall the Roadmap."}]),
        ("annex", "", [{"text": "A list of initiatives."}]),
    ]


def test_square_brackets_become_brackets_and_slashes_inside_them_options_to_be_assigned():
    document = python_docx.Document()
    document.add_paragraph(
        "We will [strengthen] digital skills and [promote / encourage] AI.", style="List Number"
    )

    (paragraph,) = read_zero_draft(_saved(document)).paragraphs

    assert paragraph["content"] == [
        {"text": "We will "},
        {"bracket": "strengthen", "holders": []},
        {"text": " digital skills and "},
        {"options": [{"text": "promote", "holders": []}, {"text": "encourage", "holders": []}]},
        {"text": " AI."},
    ]


def test_unbalanced_brackets_stay_text_with_a_warning():
    document = python_docx.Document()
    document.add_paragraph("1. We note] the [report")

    draft = read_zero_draft(_saved(document))

    assert draft.paragraphs[0]["content"] == [{"text": "We note] the [report"}]
    assert len(draft.warnings) == 2
    assert all(warning.startswith("Paragraph 1:") for warning in draft.warnings)


def test_tracked_changes_become_alternative_options_before_and_after():
    document = python_docx.Document()
    replaced = document.add_paragraph("We will ", style="List Number")
    _tracked(replaced, "w:del", "promote", 1)
    _tracked(replaced, "w:ins", "advance", 2)
    replaced.add_run(" trustworthy AI.")
    inserted = document.add_paragraph("We support open data", style="List Number")
    _tracked(inserted, "w:ins", ", where appropriate", 3)
    inserted.add_run(".")
    deleted = document.add_paragraph("We welcome ", style="List Number")
    _tracked(deleted, "w:del", "all ", 4)
    deleted.add_run("initiatives.")
    in_bracket = document.add_paragraph("We [act ", style="List Number")
    _tracked(in_bracket, "w:del", "now", 5)
    _tracked(in_bracket, "w:ins", "soon", 6)
    in_bracket.add_run("].")

    contents = [p["content"] for p in read_zero_draft(_saved(document)).paragraphs]

    def options(before: str, after: str) -> dict[str, Any]:
        return {"options": [{"text": before, "holders": []}, {"text": after, "holders": []}]}

    assert contents == [
        [{"text": "We will "}, options("promote", "advance"), {"text": " trustworthy AI."}],
        [{"text": "We support open data"}, options("", ", where appropriate"), {"text": "."}],
        [{"text": "We welcome "}, options("all ", ""), {"text": "initiatives."}],
        [{"text": "We "}, options("act now", "act soon"), {"text": "."}],
    ]


def test_holders_written_as_superscript_are_kept_only_for_the_forums_delegations():
    document = python_docx.Document()
    paragraph = document.add_paragraph("1. We will [promote]")
    paragraph.add_run("US, XX").font.superscript = True
    paragraph.add_run(" AI.")

    draft = read_zero_draft(_saved(document), known_holders={"US", "KR"})

    assert draft.paragraphs[0]["content"][1] == {"bracket": "promote", "holders": ["US"]}
    assert any("XX" in warning for warning in draft.warnings)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, "not a Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97"),
        (_zip({"hello.txt": b"hello"}), "not a Word document"),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not xml"}),
            "damaged",
        ),
        (_saved(python_docx.Document()), "No paragraphs"),
    ],
    ids=["empty", "random-bytes", "legacy-doc", "zip-not-docx", "damaged-docx", "empty-docx"],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(data, message):
    with pytest.raises(UnreadableDraft) as refused:
        read_zero_draft(data)
    assert message in refused.value.detail
    assert refused.value.errors == {"file": [refused.value.detail]}


def test_a_file_over_the_limit_is_refused_unread(settings):
    settings.NEGOTIATION_MAX_DOCX_BYTES = 1024
    with pytest.raises(UnreadableDraft, match="larger than"):
        read_zero_draft(b"PK" + b"\0" * 2000)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w/>",
            "word/padding.bin": b"\0" * (101 * 1024 * 1024),
        }
    )
    with pytest.raises(UnreadableDraft, match="too large once unpacked"):
        read_zero_draft(bomb)


ROUND_TRIP = [
    {
        "eid": "recital_1",
        "part": "preamble",
        "num": "1",
        "heading": "",
        "content": [{"text": "Recalling the Putrajaya Vision 2040,"}],
    },
    {
        "eid": "recital_2",
        "part": "preamble",
        "num": "",
        "heading": "",
        "content": [{"text": "Noting the Roadmap,"}],
    },
    {
        "eid": "para_1",
        "part": "body",
        "num": "2",
        "heading": "Facilitating Digital and AI Innovation",
        "content": [
            {"text": "We will "},
            {"bracket": "strengthen", "holders": ["US"]},
            {"text": " digital skills and "},
            {"bracket": "AI literacy", "holders": []},
            {"text": " for all."},
        ],
    },
    {
        "eid": "para_2",
        "part": "body",
        "num": "3",
        "heading": "Facilitating Digital and AI Innovation",
        "content": [
            {"text": "We encourage investment in "},
            {
                "options": [
                    {"text": "AI-enabled cloud", "holders": ["KR"]},
                    {"text": "digital infrastructure", "holders": ["US", "KR"]},
                    {"text": "networks", "holders": []},
                ]
            },
            {"text": "."},
        ],
    },
    {
        "eid": "para_3",
        "part": "body",
        "num": "4",
        "heading": "Enhancing Connectivity",
        "content": [{"bracket": "We aim to narrow the digital divide.", "holders": ["KR"]}],
    },
    {
        "eid": "para_4",
        "part": "body",
        "num": "4alt",
        "heading": "Enhancing Connectivity",
        "content": [{"text": "We note the digital divide."}],
        "alternative_to": "para_3",
        "alternative_holders": ["US"],
    },
    {
        "eid": "concl_1",
        "part": "conclusions",
        "num": "5",
        "heading": "",
        "content": [{"text": "We thank Korea for hosting."}],
    },
]


def _as_read(paragraph: Any) -> dict[str, Any]:
    """A stored paragraph as the reader gives it back."""
    read = {
        "eid": paragraph.provision.eid,
        "part": paragraph.part,
        "num": paragraph.num,
        "heading": paragraph.heading,
        "content": paragraph.content,
    }
    if paragraph.alternative_to is not None:
        read["alternative_to"] = paragraph.alternative_to.eid
        read["alternative_holders"] = paragraph.alternative_holders
    return read


@pytest.mark.parametrize("language", ["en", "ko"])
def test_our_own_docx_export_reads_back_into_the_same_paragraphs(world, language):
    text = make_text(world, paragraphs=ROUND_TRIP)
    services_paragraphs = list(text.current_version.paragraphs.order_by("order"))

    with translation.override(language):  # part headings and labels in that language
        exported = render_docx(text, text.current_version, language)
    assert (language == "ko") is ("전문" in docx_text(exported))
    draft = read_zero_draft(exported, known_holders={"KR", "US"})

    assert draft.title == "Digital and AI Ministerial Statement"
    assert draft.paragraphs == [_as_read(p) for p in services_paragraphs]
    assert draft.paragraphs == ROUND_TRIP
    assert draft.warnings == [
        "1 unnumbered paragraph before the first heading or numbered paragraph was left out "
        "(a cover note or the version line)."
    ]
    # What was read publishes as it is: a new text from it has the same wording hashes.
    again = services.create_text(
        actor=world.users["secretariat"],
        forum=world.body,
        slug="round-trip",
        kind="ministerial_statement",
        title={"en": {"text": draft.title, "status": "original"}},
        classification="restricted",
        consensus_rule="default",
        package_mode=True,
        first_version_kind="zero_draft",
        paragraphs=draft.paragraphs,
    )
    assert [p.content_hash for p in again.current_version.paragraphs.order_by("order")] == [
        p.content_hash for p in services_paragraphs
    ]
