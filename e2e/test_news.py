"""A reader reads the news in Korean and in English: the list, an item with its image, and
the home's news; the release under embargo is nowhere. Each page passes axe (no serious or
critical violation), and so do the secretariat's pages to write and review."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from e2e.signin import sign_in

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _accessible(page, axe: Axe) -> None:  # type: ignore[no-untyped-def]
    blocking = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in blocking]


def _adopted_item_id() -> int:
    from secretariat.news.models import NewsItem

    return NewsItem.objects.get(outcome__isnull=False).pk


@pytest.mark.parametrize(
    ("language", "title", "body_phrase", "embargoed"),
    [
        (
            "ko",
            "APEC 첫 디지털·AI 장관회의, 장관 성명 채택",
            "송도컨벤시아",
            "엠바고 보도자료",
        ),
        (
            "en",
            "Ministers adopt the first APEC Digital and AI Ministerial Statement",
            "Songdo Convensia",
            "Press release under embargo",
        ),
    ],
)
def test_a_reader_reads_the_news_list_and_an_item(
    demo, page, language, title, body_phrase, embargoed
):
    axe = Axe()
    page.goto(f"/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#news ~ ul").first).to_contain_text(title)
    _accessible(page, axe)

    page.goto(f"/{language}/news/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert embargoed not in page.content()
    alternates = page.locator("link[rel=alternate][hreflang]")
    assert alternates.count() == 6  # five languages and x-default
    _accessible(page, axe)

    page.get_by_role("link", name=title).click()
    page.wait_for_url(f"**/{language}/news/{_adopted_item_id()}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    article = page.locator("article")
    expect(article).to_have_attribute("lang", language)
    expect(article).to_contain_text(body_phrase)
    image = article.locator("img")
    assert image.get_attribute("alt")
    assert page.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 1200
    assert page.locator('meta[property="og:title"]').get_attribute("content") == title
    _accessible(page, axe)


def test_the_secretariat_s_news_pages_pass_axe(demo, page):
    from secretariat.news.models import NewsItem

    axe = Axe()
    sign_in(page, "secretariat")
    embargoed = NewsItem.objects.get(title__en__text__startswith="(Illustrative)")
    for path in (
        "/en/news/manage/",
        "/en/news/manage/new/",
        f"/en/news/manage/{_adopted_item_id()}/",
        f"/en/news/{embargoed.pk}/",
        "/ko/news/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        _accessible(page, axe)
    page.goto(f"/en/news/{embargoed.pk}/")
    expect(page.get_by_text("EMBARGOED").first).to_be_visible()
