"""Commitments in the browser: Korea's head of delegation submits Korea's draft report, an
assessor (the secretariat) scores it, and the heat map cell changes; axe finds nothing
serious on the commitment pages, in Korean and in English."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .signin import sign_in
from .test_accessibility import _assert_accessible

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _draft():  # type: ignore[no-untyped-def]
    from secretariat.commitments.models import ImplementationReport

    return ImplementationReport.objects.select_related("economy").get(submitted_at__isnull=True)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_korea_submits_an_assessor_scores_and_the_heat_map_changes(
    demo, page, context, axe, language
):
    draft = _draft()
    report_url = f"/{language}/commitments/{draft.commitment_id}/reports/{draft.cycle_id}/KR/"
    heat_url = f"/{language}/commitments/heat-map/?cycle={draft.cycle_id}&stage=final"
    cell = f"#s-KR-{draft.commitment_id}"

    for public in (f"/{language}/commitments/", f"/{language}/commitments/heat-map/"):
        page.goto(public)
        _assert_accessible(page, axe)

    sign_in(page, "kr-head")
    page.goto(report_url)
    _assert_accessible(page, axe)
    page.locator(f"form[action$='/reports/{draft.pk}/submit/'] [type=submit]").click()
    expect(page.locator("p[role=status]")).to_be_visible()
    _assert_accessible(page, axe)
    page.goto(f"/{language}/commitments/{draft.commitment_id}/")
    _assert_accessible(page, axe)

    context.clear_cookies()
    sign_in(page, "secretariat")
    page.goto(heat_url)
    expect(page.locator(cell)).to_have_attribute("data-score", "")
    _assert_accessible(page, axe)
    page.goto(f"/{language}/commitments/{draft.commitment_id}/scores/{draft.cycle_id}/KR/")
    _assert_accessible(page, axe)
    page.locator("select[name=stage]").select_option("final")
    page.locator("input[name=value][value='1']").check()
    page.locator("textarea[name=justification]").fill("The submitted report shows full compliance.")
    page.locator("form:has(textarea[name=justification]) [type=submit]").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith(f"/commitments/{draft.commitment_id}"))
    page.goto(heat_url)
    expect(page.locator(cell)).to_have_attribute("data-score", "1")
    expect(page.locator(cell)).to_contain_text("+")
    page.goto(f"/{language}/commitments/texts/2025-digital-ai-ministerial-statement/suggestions/")
    _assert_accessible(page, axe)
    page.goto(f"/{language}/commitments/scores/import/")
    _assert_accessible(page, axe)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_heat_maps_pages_of_commitments_are_accessible(demo, page, axe, language, monkeypatch):
    # The demo's commitments fit one page of 50: two a page shows the page links.
    from secretariat.commitments import page as heat_page

    monkeypatch.setattr(heat_page, "COLUMNS_PER_PAGE", 2)
    page.goto(f"/{language}/commitments/heat-map/?stage=final")
    expect(page.locator("#heat-shown")).to_be_visible()
    _assert_accessible(page, axe)
    page.locator("nav.pagination a").last.click()
    page.wait_for_url(lambda url: "page=2" in url and "stage=final" in url)
    assert page.locator("#heat-table tbody tr").first.locator("td[id]").count() == 2
    _assert_accessible(page, axe)
