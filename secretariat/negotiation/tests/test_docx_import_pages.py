"""The Word import pages: a chair uploads, previews (nothing stored), confirms (the text and
its zero draft are created); a broken file, an altered preview and a taken address are refused
with the reason on the page and nothing stored."""

import io
from typing import Any

import docx as python_docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html as lxml_html

from secretariat.core.models import AuditEntry
from secretariat.negotiation.models import Paragraph, Provision, Text, Version
from secretariat.testing.world import client_for

from .factories import make_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft_file(name: str = "zero-draft.docx") -> SimpleUploadedFile:
    document = python_docx.Document()
    document.add_heading("Incheon Digital Declaration", 0)
    document.add_heading("Preamble", 1)
    document.add_paragraph("Recalling the Putrajaya Vision,", style="List Number")
    document.add_heading("Digital skills", 1)
    paragraph = document.add_paragraph("We will [strengthen]", style="List Number")
    paragraph.add_run("US, FR").font.superscript = True
    paragraph.add_run(" skills and [promote / encourage] AI literacy.")
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=DOCX)


def _stored() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Text, Version, Provision, Paragraph, AuditEntry)
    }


def _preview(client: Any, forum: str = "daib", file: Any = None) -> Any:
    return client.post(
        reverse("negotiation:import_draft"), {"forum": forum, "file": file or _draft_file()}
    )


def _confirm_body(preview: Any, **changes: str) -> dict[str, str]:
    page = lxml_html.fromstring(preview.content)
    form = page.xpath("//form[contains(@action, 'confirm')]")[0]
    body = {
        field.get("name"): field.get("value") or ""
        for field in form.xpath(".//input")
        if field.get("name")
    }
    for select in form.xpath(".//select"):
        chosen = select.xpath("./option[@selected]/@value")
        body[select.get("name")] = chosen[0] if chosen else ""
    return body | changes


def test_the_chair_previews_without_storing_then_creates_the_text_with_its_zero_draft(world):
    client = client_for("chair", world)
    before = _stored()

    preview = _preview(client)

    assert preview.status_code == 200
    assert _stored() == before  # the preview stores nothing
    html = preview.content.decode()
    assert "Recalling the Putrajaya Vision," in html
    assert '<mark class="bracket options">[promote' in html
    assert "FR have no delegation to this forum" in html  # US is one, FR is not

    created = client.post(
        reverse("negotiation:confirm_import"), _confirm_body(preview, slug="incheon-2027")
    )

    text = Text.objects.get(slug="incheon-2027")
    assert created.status_code == 302
    assert created["Location"] == reverse("negotiation:text", args=["incheon-2027"])
    assert text.forum == world.body and text.classification == "restricted"
    assert text.title["en"]["text"] == "Incheon Digital Declaration"
    version = text.current_version
    assert (version.number, version.kind) == (1, "zero_draft")
    paragraphs = list(version.paragraphs.order_by("order"))
    assert [(p.part, p.num, p.heading) for p in paragraphs] == [
        ("preamble", "1", ""),
        ("body", "2", "Digital skills"),
    ]
    assert paragraphs[1].content[1] == {"bracket": "strengthen", "holders": ["US"]}
    imported = AuditEntry.objects.get(action="negotiation.text.imported")
    assert imported.changes["file_name"] == "zero-draft.docx"
    assert imported.changes["paragraphs"] == 2


@pytest.mark.parametrize(
    "content",
    [b"not a word file at all", b"PK\x03\x04broken zip", b""],
    ids=["text", "broken-zip", "empty"],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_page_and_nothing_is_stored(world, content):
    client = client_for("secretariat", world)
    before = _stored()

    response = _preview(client, file=SimpleUploadedFile("draft.docx", content))

    assert response.status_code == 400
    assert _stored() == before
    page = lxml_html.fromstring(response.content)
    file_input = page.get_element_by_id("id_file")
    assert file_input.get("aria-invalid") == "true"
    # The error is tied to the field (read out with it) and summarised in an alert.
    described = file_input.get("aria-describedby").split()
    assert any(page.get_element_by_id(ident) is not None for ident in described)
    assert page.xpath("//div[@role='alert']//a[@href='#id_file']")


def test_an_altered_preview_is_refused_and_nothing_is_created(world):
    client = client_for("chair", world)
    body = _confirm_body(_preview(client), slug="altered")
    body["draft"] = body["draft"][:-3] + "abc"
    before = _stored()

    response = client.post(reverse("negotiation:confirm_import"), body)

    assert response.status_code == 400
    assert "expired or was altered" in response.content.decode()
    assert _stored() == before


def test_an_address_already_taken_is_refused_with_the_preview_kept(world):
    make_text(world, slug="taken")
    client = client_for("chair", world)
    before = _stored()

    response = client.post(
        reverse("negotiation:confirm_import"), _confirm_body(_preview(client), slug="taken")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "A text already has this address" in html
    assert "Recalling the Putrajaya Vision," in html
    assert _stored() == before


def test_the_chair_of_forum_a_cannot_start_a_text_in_forum_b(world):
    client = client_for("chair", world)
    before = _stored()

    assert _preview(client, forum="telwg").status_code == 403
    # Nor by confirming a preview the secretariat made for forum B.
    preview = _preview(client_for("secretariat", world), forum="telwg")
    response = client.post(
        reverse("negotiation:confirm_import"), _confirm_body(preview, slug="roaming-2")
    )
    assert response.status_code == 403
    assert _stored() == before


def test_the_texts_page_offers_the_import_to_chairs_and_the_secretariat_only(world):
    link = reverse("negotiation:import_draft")
    for role, offered in (("chair", True), ("secretariat", True), ("head_a", False)):
        page = client_for(role, world).get(reverse("negotiation:texts")).content.decode()
        assert (link in page) is offered, role
