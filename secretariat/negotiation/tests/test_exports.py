"""Every export is read back: Akoma Ntoso validated against the schema, HTML parsed with lxml,
PDF text extracted with pypdf, DOCX opened with python-docx and its revision marks checked."""

import io
import zipfile

import docx as python_docx
import pytest
from django.core.management import call_command
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from secretariat.negotiation import demo, services, services_reservations
from secretariat.negotiation.exports.akn import AKN, render_akn
from secretariat.negotiation.exports.docx import render_docx
from secretariat.negotiation.models import Text
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_text, paragraph
from .test_akn import _assert_valid, schema  # noqa: F401  (the fixture)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _statement(text: str) -> dict:  # type: ignore[type-arg]
    return {"en": {"text": text, "status": "original"}}


@pytest.fixture
def negotiated(world):  # type: ignore[no-untyped-def]
    """Version 1 with a bracket, version 2 without it, a paragraph moved and one added; a
    reservation on paragraph 3, a statement on the whole text and a withdrawn one."""
    text = make_text(world)
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind="rolling_text",
        based_on=1,
        paragraphs=[
            paragraph("We recognise the great potential of AI.", eid="para_2", num="1"),
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="2"),
            {
                "eid": "para_3",
                "num": "3",
                "content": [
                    {"text": "We will "},
                    {"options": [{"text": "shall", "holders": ["KR"]}, {"text": "may"}]},
                    {"text": " promote trustworthy AI."},
                ],
            },
            paragraph("We thank Korea.", num="4"),
            {
                "num": "4alt",
                "alternative_to": "para_2",
                "alternative_holders": ["US"],
                "content": [{"text": "We note AI."}],
            },
        ],
    )
    text.refresh_from_db()
    head, staff = world.users["head_a"], world.users["secretariat"]
    services_reservations.enter_reservation(
        actor=head,
        text=text,
        delegation=world.delegation_a,
        kind="reservation",
        statement=_statement("Korea reserves its position on promotion."),
        eid="para_3",
    )
    services_reservations.enter_reservation(
        actor=staff,
        text=text,
        delegation=world.delegation_b,
        kind="non_association",
        statement=_statement("The United States does not associate itself."),
    )
    withdrawn = services_reservations.enter_reservation(
        actor=head,
        text=text,
        delegation=world.delegation_a,
        kind="reservation",
        statement=_statement("Lifted before adoption."),
        eid="para_1",
    )
    services_reservations.withdraw_reservation(actor=head, reservation=withdrawn, version=1)
    return text


@pytest.mark.django_db
def test_akn_carries_reservations_as_authorial_notes_and_validates(negotiated, schema):  # noqa: F811
    document = _assert_valid(schema, render_akn(negotiated, negotiated.current_version))
    ns = {"a": AKN}
    notes = document.findall(".//a:authorialNote", ns)
    assert [(n.get("refersTo"), n.get("class")) for n in notes] == [
        ("#us", "non_association"),
        ("#kr", "reservation"),
    ]
    on_paragraph = document.find(".//a:paragraph[@eId='para_3']//a:authorialNote", ns)
    assert "Korea reserves" in "".join(on_paragraph.itertext())
    assert document.find(".//a:docTitle/../a:authorialNote", ns) is not None
    assert "Lifted before adoption" not in etree.tostring(document).decode()


@pytest.mark.django_db
def test_the_html_export_is_a_standalone_accessible_page(negotiated, world):
    response = client_for("delegate_b", world).get(
        "/api/negotiation/texts/statement/versions/2/html"
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = lxml_html.fromstring(response.content)
    assert page.get("lang") == "en" and page.findtext(".//title")
    assert not page.xpath("//link | //script | //img")  # nothing to fetch
    body = page.xpath("//main")[0].text_content()
    assert "[shall" in body and "/ may]" in body
    assert page.xpath("//p[@id='para_3']//sup[@class='holders']")[0].text_content() == (
        "held by KR"
    )
    assert (
        "Alternative to paragraph 1 (held by US):"
        in page.xpath("//p[@class='alternative']")[0].text_content()
    )
    notes = page.xpath("//footer//li")
    assert [n.get("id") for n in notes] == ["note-1", "note-2"]
    assert "Non-association of United States of America" in notes[0].text_content()
    assert page.xpath("//p[@id='para_3']//a[@href='#note-2']")


@pytest.mark.django_db
def test_the_pdf_export_opens_and_has_the_text_and_footnotes(negotiated, world):
    response = client_for("partner", world).get("/api/negotiation/texts/statement/versions/2/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="statement-v2.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Digital and AI Ministerial Statement" in text
    assert "We thank Korea." in text
    assert "Korea reserves its position on promotion." in text
    assert "Lifted before adoption" not in text


def _docx_xml(content: bytes) -> tuple[python_docx.document.Document, etree._Element]:
    document = python_docx.Document(io.BytesIO(content))
    return document, etree.fromstring(
        zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")
    )


@pytest.mark.django_db
def test_the_docx_tracks_changes_against_the_chosen_version(negotiated, world):
    response = client_for("delegate_a", world).get(
        "/api/negotiation/texts/statement/versions/2/docx?against=1"
    )
    assert response.status_code == 200
    assert 'filename="statement-v2-against-v1.docx"' in response["Content-Disposition"]
    document, xml = _docx_xml(response.content)
    assert document.paragraphs[0].text.startswith("Digital and AI Ministerial Statement")
    ns = {"w": W}
    inserted = "".join(xml.xpath("//w:ins//w:t/text()", namespaces=ns))
    deleted = "".join(xml.xpath("//w:del//w:delText/text()", namespaces=ns))
    assert "We thank Korea." in inserted and "shall" in inserted
    assert "US" in deleted  # the old bracket's holders
    revisions = xml.xpath("//w:ins | //w:del | //w:moveFrom | //w:moveTo", namespaces=ns)
    assert {r.get(f"{{{W}}}author") for r in revisions} == {"Secretariat"}
    assert all(r.get(f"{{{W}}}date") for r in revisions)
    assert xml.xpath("//w:moveFromRangeStart/@w:name", namespaces=ns) == xml.xpath(
        "//w:moveToRangeStart/@w:name", namespaces=ns
    ) and xml.xpath("//w:moveTo", namespaces=ns)
    ids = xml.xpath("//w:ins/@w:id | //w:del/@w:id | //w:moveTo/@w:id", namespaces=ns)
    assert len(ids) == len(set(ids))
    footnotes = etree.fromstring(
        zipfile.ZipFile(io.BytesIO(response.content)).read("word/footnotes.xml")
    )
    texts = "".join(footnotes.itertext())
    assert "Korea reserves its position on promotion." in texts
    assert "Lifted before adoption" not in texts
    assert len(xml.xpath("//w:footnoteReference", namespaces=ns)) == 2


@pytest.mark.django_db
def test_a_docx_without_against_has_no_revision_marks(negotiated):
    _, xml = _docx_xml(render_docx(negotiated, negotiated.current_version))
    assert not xml.xpath("//w:ins | //w:del | //w:moveFrom", namespaces={"w": W})
    body = "".join(xml.itertext())
    assert "[shall" in body and "KR" in body and "may]" in body


@pytest.mark.django_db
def test_bad_version_numbers_are_refused_clearly(negotiated, world):
    client = client_for("delegate_a", world)
    later = call(client, "GET", "/negotiation/texts/statement/versions/1/docx?against=2")
    assert later.status_code == 422 and "earlier version" in later.json()["detail"]
    assert call(client, "GET", "/negotiation/texts/statement/versions/9/pdf").status_code == 404
    missing = call(client, "GET", "/negotiation/texts/statement/versions/2/docx?against=0")
    assert missing.status_code == 422
    hidden = call(
        client_for("reader", world), "GET", "/negotiation/texts/statement/versions/1/html"
    )
    assert hidden.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_command_writes_each_text_in_every_format(world, tmp_path, fmt):
    make_text(world)
    make_text(world, slug="second")
    call_command("export", "--format", fmt, "--out", str(tmp_path), "second")
    assert [p.name for p in tmp_path.iterdir()] == [f"second-v1.{fmt}"]
    call_command("export", "--format", fmt, "--out", str(tmp_path))
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [f"second-v1.{fmt}", f"statement-v1.{fmt}"]
    content = (tmp_path / f"statement-v1.{fmt}").read_bytes()
    if fmt == "docx":
        assert "trustworthy AI" in "\n".join(
            p.text for p in python_docx.Document(io.BytesIO(content)).paragraphs
        )
    elif fmt == "pdf":
        assert "trustworthy AI" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    else:
        assert "trustworthy AI" in lxml_html.fromstring(content).text_content()


@pytest.mark.django_db
def test_the_demo_statement_exports_with_its_interpretive_statements(tmp_path, schema):  # noqa: F811
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    demo.seed()
    text = Text.objects.get(slug=demo.SLUG)
    _assert_valid(schema, render_akn(text, text.current_version))
    first = text.versions.get(number=1)
    _, xml = _docx_xml(render_docx(text, text.current_version, against=first))
    assert xml.xpath("//w:del", namespaces={"w": W})
    footnotes = zipfile.ZipFile(io.BytesIO(render_docx(text, text.current_version))).read(
        "word/footnotes.xml"
    )
    assert "Interpretive statement of" in footnotes.decode()


@pytest.mark.django_db
def test_characters_xml_cannot_carry_are_left_out_of_every_export(world, schema):  # noqa: F811
    text = make_text(world, paragraphs=[paragraph("Pasted\x0bfrom\x01Word.", num="1")])
    services_reservations.enter_reservation(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        kind="reservation",
        statement=_statement("Korea\x0c reserves."),
        eid="para_1",
    )
    version = text.current_version
    assert b"PastedfromWord." in render_akn(text, version)
    _assert_valid(schema, render_akn(text, version))
    document, _ = _docx_xml(render_docx(text, version))
    assert "PastedfromWord." in document.paragraphs[-1].text
    client = client_for("delegate_a", world)
    for fmt in ("html", "pdf"):
        path = f"/api/negotiation/texts/statement/versions/1/{fmt}"
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_text_page_links_to_every_export_and_the_redline(negotiated, world):
    page = lxml_html.fromstring(
        client_for("delegate_a", world).get("/en/negotiation/statement/").content
    )
    links = set(page.xpath("//section[@aria-labelledby='outputs-heading']//a/@href"))
    base = "/api/negotiation/texts/statement/versions/2/"
    assert {base + "html", base + "pdf", base + "docx", base + "akn"} <= links
    assert "/en/negotiation/statement/redline/" in links
    assert page.xpath(f"//form[@action='{base}docx']//select[@name='against']/option/@value") == [
        "1"
    ]


@pytest.mark.django_db
def test_moved_paragraphs_leave_a_move_mark_where_they_stood_in_order(world):
    text = make_text(world, paragraphs=[paragraph(f"P{i}.", num=str(i)) for i in range(1, 6)])
    later = [3, 4, 5, 1, 2]
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind="rolling_text",
        based_on=1,
        paragraphs=[
            paragraph(f"P{i}.", eid=f"para_{i}", num=str(n)) for n, i in enumerate(later, 1)
        ],
    )
    text.refresh_from_db()
    _, xml = _docx_xml(render_docx(text, text.current_version, against=text.versions.get(number=1)))
    ns = {"w": W}
    sequence = []
    for p in xml.xpath("//w:body/w:p[w:r or w:moveFrom or w:moveTo]", namespaces=ns):
        kind = (
            "from"
            if p.xpath("w:moveFrom", namespaces=ns)
            else "to"
            if p.xpath("w:moveTo", namespaces=ns)
            else "="
        )
        words = "".join(p.xpath(".//w:t/text() | .//w:delText/text()", namespaces=ns))
        if words.startswith(tuple("12345")):
            sequence.append((kind, words.split(" ", 1)[1]))
    assert sequence == [
        ("from", "P1."),
        ("from", "P2."),
        ("=", "P3."),
        ("=", "P4."),
        ("=", "P5."),
        ("to", "P1."),
        ("to", "P2."),
    ]
