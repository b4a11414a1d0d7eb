"""A Korean delegate drafts a concept note, the US head of delegation co-sponsors it, a
delegate scores it in the chair's round and the chair endorses it from the ranking; the
project page and its timeline show the new state. The new pages pass axe (no serious or
critical violation) in English and in Korean."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from e2e.signin import sign_in

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}
TITLE = "Shared AI incident reporting (e2e)"


def _accessible(page, axe: Axe) -> None:  # type: ignore[no-untyped-def]
    blocking = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in blocking]


def _as(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, username)
    return context, page


def test_concept_note_to_endorsement(demo, browser, live_server):
    from secretariat.projects.models import ProjectKind

    # The secretariat's setting for this kind: one co-sponsor is enough in this journey (the
    # demo has one other economy with an account).
    ProjectKind.objects.filter(slug="joint-research").update(min_cosponsors=1)
    axe = Axe()

    context, page = _as(browser, live_server, "kr-delegate")
    page.goto("/en/projects/new/")
    _accessible(page, axe)
    page.get_by_label("Kind").select_option("joint-research")
    page.get_by_label("Responsible forum").select_option("daib")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("Economies share AI incident reports.")
    page.get_by_role("button", name="Save the concept note").click()
    expect(page.locator("#project-state")).to_have_text("Concept note")
    project_url = re.sub(r"^https?://[^/]+", "", page.url)
    page.get_by_label("Milestone").fill("Reporting template agreed")
    page.get_by_label("Due date").fill("2027-03-31")
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_role("img", name="Milestone timeline")).to_be_visible()
    _accessible(page, axe)
    page.goto(project_url.replace("/en/", "/ko/"))
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    _accessible(page, axe)
    context.close()

    context, page = _as(browser, live_server, "us-head")
    page.goto(project_url)
    page.get_by_role("button", name="Co-sponsor for US").click()
    expect(page.get_by_text("Your economy co-sponsors the project.")).to_be_visible()
    context.close()

    context, page = _as(browser, live_server, "chair")
    page.goto("/en/projects/rounds/")
    _accessible(page, axe)
    page.get_by_label("Round").fill("Round for the journey")
    page.get_by_label(TITLE).check()
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("#round-state")).to_have_text("open")
    round_url = re.sub(r"^https?://[^/]+", "", page.url)
    context.close()

    context, page = _as(browser, live_server, "us-delegate")
    page.goto(round_url)
    for fieldset in page.locator("form fieldset").all():
        fieldset.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_text("Nobody else sees them until the round closes.")).to_be_visible()
    _accessible(page, axe)
    page.goto(round_url.replace("/en/", "/ko/"))
    _accessible(page, axe)
    context.close()

    context, page = _as(browser, live_server, "chair")
    page.goto(round_url)
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("table", name="Concept notes by mean total score")).to_be_visible()
    _accessible(page, axe)
    page.get_by_role("button", name=f"Endorse “{TITLE}”").click()
    expect(page.locator("#project-state")).to_have_text("Endorsed")
    expect(page.locator("#tl-desc")).to_contain_text("State: Endorsed.")
    expect(page.get_by_role("img", name="Milestone timeline")).to_be_visible()
    context.close()
