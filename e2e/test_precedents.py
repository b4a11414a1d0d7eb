"""A Korean delegate drafting the 2027 work programme types a paragraph in Korean on the
paragraph's page, finds the agreed English wording of the 2025 ministerial statement at the
top of the precedents panel (the real multilingual model, as in production), and inserts it as
a draft amendment with one click."""

import re

import pytest
from playwright.sync_api import expect

from e2e.signin import sign_in

# The real model in a browser journey: the same on both databases (the finder's database
# side runs in both passes with the hashing embedder), so once.
pytestmark = [pytest.mark.e2e, pytest.mark.once]

PARAGRAPH = "/en/negotiation/2027-work-programme/paragraphs/para_1/"
DRAFT_KO = "우리는 모두를 위한 디지털 역량과 AI 문해력을 강화할 것이다."
AGREED_EN = "We will strengthen digital skills and AI literacy for all."
STATEMENT = "APEC 2025 Digital and AI Ministerial Statement"


@pytest.fixture
def demo_with_real_model(settings, transactional_db):  # type: ignore[no-untyped-def]
    """The demo seeded with the production embedder: adopting the 2025 statement embeds
    its paragraphs with multilingual E5 (in-process tasks run once the adoption commits)."""
    settings.PRECEDENTS_EMBEDDER = "secretariat.precedents.embedders.E5Embedder"
    from secretariat.registry.demo import seed_all

    return seed_all()


def test_a_korean_draft_finds_the_agreed_english_precedent_and_inserts_it(
    demo_with_real_model, page
):
    sign_in(page, "kr-delegate")
    page.goto(PARAGRAPH)
    panel = page.locator("#precedents")
    expect(panel.get_by_role("heading", name="Precedents")).to_be_visible()

    panel.get_by_label("Draft wording").fill(DRAFT_KO)
    with page.expect_response(lambda r: "/en/precedents/" in r.url):
        panel.get_by_role("button", name="Find precedents").click()
    top = page.locator("#precedents li.precedent").first
    expect(top.locator("blockquote")).to_have_text(AGREED_EN)
    expect(top.get_by_role("link")).to_contain_text(STATEMENT)
    expect(top).to_contain_text("2025")

    top.get_by_role("button", name="Insert as amendment").click()
    page.wait_for_url(f"**{PARAGRAPH}")
    expect(page.get_by_text("The agreed wording was saved as your draft amendment")).to_be_visible()
    proposal = page.locator(
        "h2:has-text('Proposals against this paragraph') ~ p", has_text=AGREED_EN
    )
    expect(proposal).to_have_count(1)
    expect(proposal).to_contain_text(re.compile("draft", re.IGNORECASE))
    expect(proposal).to_contain_text("KR")
