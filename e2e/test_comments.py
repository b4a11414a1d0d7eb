"""A reader comments under the adopted statement, in Korean and in English: reads it, signs
in from the comments section and comes back to it, writes (the counter stops at 300),
reacts twice (the second time is refused: already participated), deletes the comment after
confirming; axe finds nothing serious on the pages on the way."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from secretariat.registry.demo import DEMO_PASSWORD

from .test_accessibility import _assert_accessible

pytestmark = pytest.mark.e2e

SLUG = "2025-digital-ai-ministerial-statement"


def _said(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_reader_comments_reacts_and_deletes(demo, page, axe, language):
    statement = f"/{language}/outcomes/{SLUG}/"  # the published outcome (its slug is the text's)
    page.goto(statement)
    expect(page.locator("h1")).to_be_visible()
    section = page.locator("#comments")
    expect(section).to_be_visible()
    _assert_accessible(page, axe)

    # Signed out: the section offers the sign-in, which comes back to the comments.
    section.locator("a[href*='/accounts/login/']").click()
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill("reader")
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(lambda url: SLUG in url)
    assert page.url.endswith(f"{statement}#comments")

    # The counter follows the text and stops at 300, as the box does.
    box = page.locator("#comment-body")
    counter = page.locator("#comment-counter")
    expect(counter).to_have_text("0 / 300")
    words = ("좋은 성명입니다. " if language == "ko" else "A fair outcome. ") * 40
    box.press_sequentially(words[:310])
    expect(counter).to_have_text("300 / 300")
    assert len(box.input_value()) == 300
    expect(page.locator("#comment-language")).to_have_value(language)
    page.locator(".comment-form button[type=submit]").click()
    mine = page.locator(".comment", has_text=words[:40]).first
    expect(mine).to_be_visible()
    expect(mine.locator(".comment-body")).to_have_attribute("lang", language)
    expect(page.locator("#comment-counter")).to_have_text("0 / 300")
    comment_id = mine.get_attribute("id")
    _assert_accessible(page, axe)

    # One reaction per reader: the second try is refused, and says so.
    row = page.locator(f"#{comment_id}")
    row.locator("button[value=like]").click()
    expect(row.locator("[role=status]")).to_have_text(
        _said(language, "Thank you for your reaction.")
    )
    expect(row.locator("button[value=like] .count")).to_have_text("1")
    row.locator("button[value=dislike]").click()
    expect(row.locator("[role=status]")).to_contain_text(
        _said(language, "You have already participated: one reaction per reader per comment.")
    )
    expect(row.locator("button[value=dislike] .count")).to_have_text("0")

    # Deleting asks first, on a page of its own.
    row.locator("a[href*='/delete/']").click()
    expect(page.locator("h1")).to_have_text(_said(language, "Delete your comment?"))
    _assert_accessible(page, axe)
    page.locator("form button.danger").click()
    page.wait_for_url(lambda url: SLUG in url)
    expect(page.locator(f"#{comment_id}")).to_have_count(0)
    expect(page.locator("[role=status]").first).to_contain_text(
        _said(language, "Your comment is deleted.")
    )


def test_the_readers_data_page_and_the_moderation_queue_are_accessible(demo, page, axe):
    from e2e.signin import sign_in

    sign_in(page, "reader")
    page.goto("/ko/me/comments/")
    expect(page.locator("h1")).to_be_visible()
    _assert_accessible(page, axe)
