"""axe-core on the site's main pages: no serious or critical violations.

One test seeds the demo once and checks every page as a subtest, so a failure names its page
while the suite avoids re-seeding (and, on PostgreSQL, re-truncating) the database per page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from secretariat.registry.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}


def _kr_daib_delegation() -> str:
    from secretariat.registry.models import Delegation

    delegation = Delegation.objects.get(economy__code="KR", forum__slug="daib")
    return f"/en/registry/delegations/{delegation.pk}/"


# What an anonymous visitor sees.
def _ministerial_meeting() -> str:
    from secretariat.meetings.models import Meeting

    return f"/en/meetings/{Meeting.objects.get(code='DAIMM').pk}/"


PUBLIC_PAGES = {
    "home": "/en/",
    "economies": "/en/registry/economies/",
    "fora": "/en/registry/fora/",
    "forum": "/en/registry/fora/daib/",
    "delegation": _kr_daib_delegation,
    "people": "/en/registry/people/",
    "sign-in": "/en/accounts/login/",
    "home-ko": "/ko/",
    "negotiated texts": "/en/negotiation/",
    "meetings": "/en/meetings/",
    "ministerial meeting timetable": _ministerial_meeting,
    "meeting series": "/en/meetings/series/daib-regular/",
    "statement": "/en/negotiation/2025-digital-ai-ministerial-statement/",
    "consensus map": "/en/negotiation/2025-digital-ai-ministerial-statement/map/",
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _report(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious or critical axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
    return "\n".join(lines)


def _assert_accessible(page, axe: Axe) -> None:  # type: ignore[no-untyped-def]
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    if blocking:
        report = _report(page.url, blocking)
        print(report)
        pytest.fail(report, pytrace=False)


def _visit(page, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"


def test_pages_have_no_serious_accessibility_violations(demo, page, axe, subtests):
    for name, path in PUBLIC_PAGES.items():
        with subtests.test(page=name):
            _visit(page, path() if callable(path) else path)
            _assert_accessible(page, axe)

    # The delegation page as its own delegate sees it: members, internal notes, the note form.
    with subtests.test(page="delegation, signed in as its delegate"):
        _visit(page, "/en/accounts/login/")
        page.locator("input[name=login]").fill("kr-delegate")
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        _visit(page, _kr_daib_delegation())
        assert page.locator("textarea[name=body]").count() == 1
        _assert_accessible(page, axe)
