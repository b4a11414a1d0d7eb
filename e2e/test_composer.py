"""The chair incorporates a delegation's amendment and composes version 2 of the ongoing 2027
text in the browser (the amendment already applied, not retyped), with the keyboard
where a keyboard user would (moves a paragraph, brackets a span for two economies, adds an
option, renumbers), previews the redline and publishes; a delegate watching the consensus
map in another browser sees the new version arrive. Then axe on the composer's pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e.signin import sign_in
from e2e.test_accessibility import _assert_accessible, _visit

pytestmark = pytest.mark.e2e

TEXT = "/en/negotiation/2027-work-programme/"
COMPOSE = TEXT + "compose/"


def _order(page: Page) -> list[str]:
    return page.locator("#paragraphs article.composer-paragraph").evaluate_all(
        "articles => articles.map(a => a.id)"
    )


def _edit(page: Page, key: str, wording: str) -> None:
    """Open the paragraph's editor, type the wording and leave the field (which lists the
    brackets and options typed, each with its holder checkboxes)."""
    page.locator(f"#{key}-edit").click()
    field = page.locator(f"#{key}-markup")
    expect(field).to_be_focused()
    field.fill(wording)
    with page.expect_response(lambda r: r.url.endswith(f"/paragraphs/{key}/holders/")):
        field.press("Tab")


def _save(page: Page, key: str) -> None:
    with page.expect_response(lambda r: r.url.endswith(f"/paragraphs/{key}/")):
        page.locator(f"#{key}").get_by_role("button", name="Save paragraph").click()
    expect(page.locator(f"#{key}-edit")).to_be_focused()


def test_the_chair_composes_previews_and_publishes_and_the_map_follows(demo, browser, live_server):
    chair_context = browser.new_context(base_url=live_server.url, locale="en-US")
    delegate_context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        watcher = delegate_context.new_page()
        sign_in(watcher, "us-delegate")
        watcher.goto(TEXT + "map/")
        expect(watcher.locator("[data-live-map]")).to_have_attribute("data-live", "on")
        watcher.evaluate("window.__sameDocument = true")
        expect(watcher.locator("#row-para_3")).not_to_contain_text("stale")

        chair = chair_context.new_page()
        sign_in(chair, "chair")
        # China's proposal for para_4 is incorporated: the draft will carry it, not retyped.
        chair.goto(TEXT + "amendments/")
        proposal = chair.locator("tr", has_text="We invite ABAC to share its views")
        proposal.get_by_role("button", name="Incorporate", exact=True).click()
        expect(proposal.locator(".badge")).to_have_text("incorporated")
        chair.goto(TEXT)
        chair.get_by_role("link", name="Compose the next version").click()
        chair.get_by_role("button", name="Start the draft").click()
        expect(chair.get_by_role("heading", level=1)).to_have_text("Compose version 2")
        expect(chair.locator("#para_4")).to_contain_text("We invite ABAC to share its views")
        # The buttons are htmx forms: pressed before htmx (a deferred script) has started,
        # a button posts the plain form, whose answer reloads the page without the status.
        chair.wait_for_load_state("load")

        # Move paragraph 5 (para_4) above paragraph 4 (para_3), from the keyboard.
        chair.get_by_role("button", name="Move up paragraph 5").focus()
        chair.keyboard.press("Enter")
        expect(chair.locator("#composer-status")).to_have_text("Paragraph moved up.")
        assert _order(chair).index("para_4") < _order(chair).index("para_3")
        expect(chair.locator("#para_4-up")).to_be_focused()

        # Bracket "every year" in para_3 for Korea and the United States.
        _edit(
            chair,
            "para_3",
            "We will co-host the Global Digital·AI Forum with the World Bank [every year].",
        )
        expect(
            chair.get_by_role("group", name=re.compile("Bracket 1 “every year”"))
        ).to_be_visible()
        chair.locator("#para_3-holders-1-KR").check()
        chair.locator("#para_3-holders-1-US").check()
        _save(chair, "para_3")
        expect(chair.locator("#para_3 mark.bracket")).to_have_text("[every year]KR, US")

        # Add a third option to para_1's options, held by Japan; the first two keep theirs.
        _edit(
            chair,
            "para_1",
            "We will pursue joint research with TELWG and DESG on [AI compute access / "
            "AI readiness indicators / AI safety testing].",
        )
        expect(chair.get_by_role("group", name=re.compile("Options 1, option 3"))).to_be_visible()
        chair.locator("#para_1-holders-1-3-JP").check()
        _save(chair, "para_1")
        options = chair.locator("#para_1 mark.options")
        expect(options).to_contain_text("AI compute accessKR, SG")
        expect(options).to_contain_text("AI safety testingJP")

        chair.get_by_role("button", name="Renumber all paragraphs").click()
        expect(chair.locator("#composer-status")).to_contain_text("renumbered")
        expect(chair.locator("#para_4-label")).to_contain_text("Paragraph 4")

        chair.get_by_role("link", name="Preview the redline").click()
        expect(chair.get_by_role("heading", level=1)).to_contain_text("version 1 to the draft")
        summary = chair.get_by_role("list", name="Summary of changes")
        expect(summary).to_contain_text("3 paragraphs changed")
        expect(summary).to_contain_text("1 paragraph moved")
        expect(chair.locator("#para_3 ins").first).to_contain_text("[")

        chair.get_by_label("Kind of version").select_option("rolling_text")
        chair.get_by_label("Note to delegations").fill("Second reading (illustrative).")
        chair.get_by_role("button", name="Publish as version 2").click()
        expect(chair.locator(".messages")).to_contain_text("Version 2 (rolling text)")
        expect(chair.locator("dl.facts")).to_contain_text("v2")
        expect(chair.locator("#para_4")).to_contain_text("We invite ABAC to share its views")

        # The delegate's map re-read the text: para_3's positions answered the old wording,
        # and para_4 is now paragraph 4; the page was never reloaded.
        expect(watcher.locator("#row-para_3")).to_contain_text("stale")
        expect(watcher.locator("#row-para_4 th")).to_have_text("4")
        assert watcher.evaluate("window.__sameDocument") is True
    finally:
        chair_context.close()
        delegate_context.close()


def test_an_unreadable_bracket_is_named_beside_its_paragraph(demo, page):
    sign_in(page, "chair")
    page.goto(TEXT)
    page.get_by_role("link", name="Compose the next version").click()
    page.get_by_role("button", name="Start the draft").click()
    page.locator("#para_2-edit").click()
    page.locator("#para_2-markup").fill("We will contribute [to standardisation.")
    page.locator("#para_2").get_by_role("button", name="Save paragraph").click()
    error = page.locator("#para_2-markup-error")
    expect(error).to_contain_text("never closed")
    expect(page.locator("#para_2-markup")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#para_2-markup")).to_have_value("We will contribute [to standardisation.")


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_composer_is_accessible(demo, page, subtests, language, width):
    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "chair")
    base = f"/{language}/negotiation/2027-work-programme/compose/"
    with subtests.test(page="start", language=language, width=width):
        _visit(page, base)
        _assert_accessible(page, axe)
    page.locator("form[action$='/compose/start/'] button").click()
    pages = {
        "composer": base,
        "composer with an editor open": base + "?edit=para_1#para_1",
        "redline preview": base + "preview/?all=1",
    }
    for name, path in pages.items():
        with subtests.test(page=name, language=language, width=width):
            _visit(page, path)
            _assert_accessible(page, axe)
