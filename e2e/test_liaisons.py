"""The chair of the high-level body drafts a liaison statement for action to ISO/IEC JTC 1/
SC 42, sends it; SC 42's response is recorded; the statement shows as answered. The pages
on the way pass axe (no serious or critical violation)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from e2e.signin import sign_in

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}
TITLE = "Guidance for small enterprises on ISO/IEC 42001 (journey)"


def _accessible(page, axe: Axe) -> None:  # type: ignore[no-untyped-def]
    blocking = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in blocking]


def test_the_chair_sends_a_statement_for_action_to_sc42_and_records_its_response(demo, page):
    axe = Axe()
    sign_in(page, "chair")
    page.goto("/en/liaisons/")
    page.get_by_role("link", name="Draft a liaison statement").click()
    page.wait_for_url("**/liaisons/new/")
    _accessible(page, axe)
    page.get_by_label("Forum").select_option("daib")
    page.get_by_label("Direction").select_option("outgoing")
    page.get_by_label("To or from").select_option("org:iso-iec-jtc1-sc42")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Text").fill("The body asks SC 42 for its guidance.")
    page.get_by_label("Purpose").select_option("for_action")
    page.get_by_label("Deadline").fill("2030-03-31")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("note")).to_contain_text("This statement is draft")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messages")).to_contain_text("The statement is now sent.")
    statement_url = page.url
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("awaited")
    _accessible(page, axe)

    page.get_by_role("link", name="Record a response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a response")
    page.get_by_label("Title").fill("SC 42 replies with its guidance (journey)")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Record as received").click()
    expect(page.locator("dl.facts")).to_contain_text("In response to")

    page.goto(statement_url)
    expect(page.locator("dl.facts")).to_contain_text("answered")
    expect(page.locator("#responses ~ ul").first).to_contain_text(
        "SC 42 replies with its guidance (journey)"
    )

    page.goto("/ko/liaisons/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    _accessible(page, axe)
