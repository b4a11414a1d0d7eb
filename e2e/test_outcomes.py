"""A translator translates a paragraph of the adopted statement into Korean with a memory
suggestion, a reviewer verifies it, and the public Korean page then shows it as verified;
the outcome page and the workspace pass axe in English and Korean."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e.test_accessibility import _assert_accessible, _visit

pytestmark = pytest.mark.e2e

SLUG = "2025-digital-ai-ministerial-statement"
EID = "para_4"


def _sign_in(page: Page, username: str) -> None:
    """The demo's translators have no second factor (they are neither staff nor heads)."""
    from secretariat.registry.demo import DEMO_PASSWORD

    page.goto("/en/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(username)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _earlier_outcome_in_memory() -> str:
    """An earlier adopted text whose paragraph has the statement's paragraph 4 wording, with
    a verified Korean translation: the memory's exact match."""
    from django.contrib.auth import get_user_model

    from secretariat.negotiation.models import Paragraph, Text
    from secretariat.outcomes import services
    from secretariat.outcomes.demo import REVIEWER, TRANSLATOR
    from secretariat.outcomes.selectors import plain_text
    from secretariat.outcomes.tests.factories import adopted_text
    from secretariat.registry.models import Forum

    users = get_user_model().objects
    staff = users.get(username="secretariat")
    adopted = Text.objects.get(slug=SLUG)
    wording = plain_text(
        Paragraph.objects.get(version=adopted.current_version, provision__eid=EID).content
    )
    text = adopted_text(
        actor=staff, forum=Forum.objects.get(slug="daib"), slug="2024-earlier", paragraphs=[wording]
    )
    earlier = services.create_outcome(actor=staff, text=text)
    korean = (
        "(채택된 제4항 요약) 장관들은 APEC 인터넷·디지털경제 로드맵(AIDER)과 "
        "그 중점 분야를 재확인한다."
    )
    services.save_translation(
        actor=users.get(username=TRANSLATOR),
        outcome=earlier,
        eid="para_1",
        language="ko",
        text=korean,
        version=0,
    )
    services.verify_translation(
        actor=users.get(username=REVIEWER), outcome=earlier, eid="para_1", language="ko", version=1
    )
    return korean


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def test_a_memory_suggestion_translated_and_verified_is_public_as_verified(
    demo, page, context, axe, subtests
):
    korean = _earlier_outcome_in_memory()

    with subtests.test(step="public page before, in Korean"):
        _visit(page, f"/ko/outcomes/{SLUG}/")
        paragraph = page.locator(f"p#{EID}")
        expect(paragraph).to_have_attribute("data-state", "missing")
        expect(paragraph).to_have_attribute("lang", "en")
        expect(page.locator(".notice[role=note]")).to_contain_text("검증되지 않았습니다")
        _assert_accessible(page, axe)
    with subtests.test(step="public page in English"):
        _visit(page, f"/en/outcomes/{SLUG}/")
        _assert_accessible(page, axe)

    _sign_in(page, "translator-ko")
    with subtests.test(step="the translator uses the memory suggestion"):
        _visit(page, f"/ko/outcomes/{SLUG}/translate/ko/")
        _assert_accessible(page, axe)
        row = page.locator(f"#p-{EID}")
        expect(row.locator(".suggestions")).to_contain_text("완전 일치")
        row.get_by_role("button", name="이 제안 사용").click()
        expect(page.locator(f"#text-{EID}")).to_have_value(korean)
        expect(row.locator("[data-state]")).to_have_attribute("data-state", "draft")
        # A translator may not verify: no button, and the public still has the original.
        expect(row.get_by_role("button", name="이 번역 검증")).to_have_count(0)
    with subtests.test(step="workspace in English"):
        _visit(page, f"/en/outcomes/{SLUG}/translate/ko/")
        _assert_accessible(page, axe)

    context.clear_cookies()
    _visit(page, f"/ko/outcomes/{SLUG}/")
    expect(page.locator(f"p#{EID}")).to_have_attribute("data-state", "draft")
    expect(page.locator(f"p#{EID}")).not_to_contain_text(korean)

    _sign_in(page, "reviewer-ko")
    with subtests.test(step="the reviewer verifies"):
        _visit(page, f"/ko/outcomes/{SLUG}/translate/ko/")
        page.locator(f"#p-{EID}").get_by_role("button", name="이 번역 검증").click()
        expect(page.locator(f"#p-{EID} [data-state]")).to_have_attribute("data-state", "verified")

    context.clear_cookies()
    with subtests.test(step="the public Korean page shows it as verified"):
        _visit(page, f"/ko/outcomes/{SLUG}/")
        paragraph = page.locator(f"p#{EID}")
        expect(paragraph).to_have_attribute("data-state", "verified")
        expect(paragraph).to_have_attribute("lang", "ko")
        expect(paragraph).to_contain_text(korean)
        _assert_accessible(page, axe)
