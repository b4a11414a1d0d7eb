"""axe-core on the negotiation's working pages as a head of delegation sees them: the text with
its position and amendment forms, the live map, amendments, the consensus report, and the
chair's controls; the adopted statement's record as a member of its forum sees it, and the
secretariat's form that derestricts it."""

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


ADOPTED = "/en/negotiation/2025-digital-ai-ministerial-statement/"


def test_the_adopted_statements_record_for_its_forum_and_the_derestriction_form(
    demo, page, subtests
):
    """Korea's head sits in DAIMM, whose record it is; the secretariat sees the form."""
    axe = Axe()
    sign_in(page, "kr-head")
    for name, path in {
        "consensus map of the adopted statement": ADOPTED + "map/",
        "redline of the adopted statement": ADOPTED + "redline/?before=1&after=4",
    }.items():
        with subtests.test(page=name):
            _visit(page, path)
            _assert_accessible(page, axe)
    page.context.clear_cookies()
    sign_in(page, "secretariat")
    for language in ("en", "ko"):
        with subtests.test(page=f"adopted statement with the derestriction form ({language})"):
            _visit(page, ADOPTED.replace("/en/", f"/{language}/"))
            assert page.locator("form input[name=decision]").count() == 1
            _assert_accessible(page, axe)
