"""axe-core on the negotiation's working pages as a head of delegation sees them: the text with
its position and amendment forms, the live map, amendments, the consensus report, and the
chair's controls."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e.signin import sign_in
from e2e.test_accessibility import _assert_accessible, _visit

pytestmark = pytest.mark.e2e

ONGOING = "/en/negotiation/2027-work-programme/"
PAGES = {
    "text with forms": ONGOING,
    "live consensus map": ONGOING + "map/",
    "amendments": ONGOING + "amendments/",
    "consensus report": ONGOING + "report/",
    "paragraph dossier": ONGOING + "paragraphs/para_4/",
}


@pytest.mark.parametrize("username", ["kr-head", "chair"])
def test_negotiation_pages_for_delegations_and_the_chair(demo, page, subtests, username):
    axe = Axe()
    sign_in(page, username)
    for name, path in PAGES.items():
        with subtests.test(page=name, user=username):
            _visit(page, path)
            forms = page.locator("details.position-form summary")
            if forms.count():
                forms.first.click()  # check an open form too
            _assert_accessible(page, axe)


def test_the_chair_s_list_of_what_is_outstanding_before_adoption(demo, page, subtests):
    axe = Axe()
    sign_in(page, "chair")
    for language in ("en", "ko"):
        with subtests.test(language=language):
            _visit(page, f"/{language}/negotiation/2027-work-programme/outstanding/")
            assert page.locator(".badge.overdue").count() == 1  # Japan's, two days late
            _assert_accessible(page, axe)
