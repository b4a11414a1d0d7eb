"""The chair starts a text from a Word zero draft in Chromium: upload, preview (axe clean, in
English and Korean, at desktop and phone widths), a broken file refused on the page, then the
text created with its paragraphs, brackets and options."""

import io
from pathlib import Path

import docx as python_docx
import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e.signin import sign_in
from e2e.test_accessibility import _assert_accessible, _visit

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)


def _zero_draft(folder: Path) -> Path:
    document = python_docx.Document()
    document.add_heading("Incheon Digital Declaration", 0)
    document.add_heading("Preamble", 1)
    document.add_paragraph("Recalling the Putrajaya Vision,", style="List Number")
    document.add_heading("Digital skills", 1)
    document.add_paragraph(
        "We will [strengthen] skills and [promote / encourage] AI literacy.", style="List Number"
    )
    path = folder / "zero-draft.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_the_chair_starts_a_text_from_a_word_draft(demo, page, tmp_path, subtests):
    axe = Axe()
    draft = _zero_draft(tmp_path)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a word document")
    sign_in(page, "chair")

    for language in ("en", "ko"):
        for width in WIDTHS:
            with subtests.test(language=language, width=width):
                page.set_viewport_size({"width": width, "height": 900})
                _visit(page, f"/{language}/negotiation/import/word/")
                _assert_accessible(page, axe)
                page.set_input_files("#id_file", str(broken))
                page.locator("form.stacked [type=submit]").click()
                page.wait_for_selector("[role=alert]")
                assert page.locator("#id_file[aria-invalid=true]").count() == 1
                _assert_accessible(page, axe)
                page.set_input_files("#id_file", str(draft))
                page.locator("form.stacked [type=submit]").click()
                page.wait_for_selector("#draft-heading")
                assert page.locator("mark.options").count() == 1
                _assert_accessible(page, axe)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#id_slug").fill("incheon-declaration")
    page.locator("#id_kind").select_option("declaration")
    page.get_by_role("button", name="이 초안으로 문서 만들기").click()
    page.wait_for_url("**/negotiation/incheon-declaration/")
    assert page.locator("article.paragraph").count() == 2
    assert page.locator("mark.bracket").count() == 2
    _assert_accessible(page, axe)
