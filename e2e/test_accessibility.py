"""axe-core on the site's main pages: no serious or critical violations.

One test seeds the demo once and checks every page as a subtest, so a failure names its page
while the suite avoids re-seeding (and, on PostgreSQL, re-truncating) the database per page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e.signin import sign_in

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


def _global_forum() -> str:
    from secretariat.meetings.models import Meeting

    return f"/en/events/forums/{Meeting.objects.get(code='GDAIF').pk}/"


def _exhibition() -> str:
    from secretariat.meetings.models import Meeting

    return f"/en/events/exhibitions/{Meeting.objects.get(code='DAIEX').pk}/"


def _exhibitor() -> str:
    from secretariat.events.models import Exhibitor

    return f"/en/events/exhibitors/{Exhibitor.objects.order_by('booth_code').first().pk}/"


def _ministerial_participants() -> str:
    from secretariat.meetings.models import Meeting

    return f"/en/registrations/meetings/{Meeting.objects.get(code='DAIMM').pk}/"


def _telwg_minutes() -> str:
    from secretariat.meetings.models import Meeting

    return f"/en/minutes/meetings/{Meeting.objects.get(code='TELWG').pk}/"


def _liaison_to_sc42(language: str = "en") -> str:
    from secretariat.liaisons.models import LiaisonStatement

    statement = LiaisonStatement.objects.get(
        counterpart_organisation__slug="iso-iec-jtc1-sc42", in_response_to=None
    )
    return f"/{language}/liaisons/{statement.pk}/"


def _work_item() -> str:
    from secretariat.projects.models import Project

    return f"/en/projects/{Project.objects.get(kind__slug='standardisation').pk}/"


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
    "ministerial participants": _ministerial_participants,
    "TELWG minutes": _telwg_minutes,
    "action items": "/en/minutes/action-items/",
    # The adopted statement's wording and outcome; its record (map, redline) is DAIMM's and
    # checked signed in (test_accessibility_negotiation.py).
    "statement": "/en/negotiation/2025-digital-ai-ministerial-statement/",
    "reservations": "/en/negotiation/2025-digital-ai-ministerial-statement/reservations/",
    "statement as HTML export": (
        "/api/negotiation/texts/2025-digital-ai-ministerial-statement/versions/4/html"
    ),
    "forums and exhibitions": "/en/events/",
    "global forum programme": _global_forum,
    "exhibition": _exhibition,
    "exhibitor": _exhibitor,
    # The public face: published outcomes, their printable page, the archive.
    "outcomes": "/en/outcomes/",
    "outcomes-ko": "/ko/outcomes/",
    "outcome printable, ko": "/ko/outcomes/2025-digital-ai-ministerial-statement/print/",
    "archive": "/en/archive/",
    "archive-ko": "/ko/archive/",
    # Fora that work together: liaison statements (the forum page above shows its section).
    "liaisons": "/en/liaisons/",
    "liaisons-ko": "/ko/liaisons/?overdue=yes",
    "liaison statement": _liaison_to_sc42,
    "liaison statement, ko": lambda: _liaison_to_sc42("ko"),
    "forum-ko": "/ko/registry/fora/daib/",
    "organisation with its links": "/en/registry/organisations/iso-iec-jtc1-sc42/",
    # Commitments and compliance (the signed-in pages: e2e/test_commitments.py).
    "commitments": "/en/commitments/",
    "commitments-ko": "/ko/commitments/",
    "compliance heat map": "/en/commitments/heat-map/",
    "compliance heat map-ko": "/ko/commitments/heat-map/",
    # Projects and work items: the list and a public work item's page with its timeline.
    "projects": "/en/projects/",
    "projects-ko": "/ko/projects/",
    "work item": _work_item,
    "work item-ko": lambda: _work_item().replace("/en/", "/ko/"),
    # Search: results with facets and marked snippets, in English and Korean.
    "search": "/en/search/?q=digital",
    "search-ko": "/ko/search/?q=협력",
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
        sign_in(page, "kr-delegate")
        _visit(page, _kr_daib_delegation())
        assert page.locator("textarea[name=body]").count() == 1
        _assert_accessible(page, axe)

    # Still signed in as the Korean delegate: notification choices, contact requests, and a
    # materials zip requested from the meeting page (built at once by the in-process tasks).
    for name, path in {
        "notification preferences": "/en/notifications/",
        "contact requests": "/en/events/contact-requests/",
        "exhibitor with the contact form": _exhibitor(),
    }.items():
        with subtests.test(page=name + ", signed in"):
            _visit(page, path)
            _assert_accessible(page, axe)
    with subtests.test(page="materials zip"):
        _visit(page, _ministerial_meeting())
        page.get_by_role("button", name="Download all materials (zip)").click()
        page.wait_for_url("**/meetings/materials/**")
        page.get_by_role("link", name="Download the zip").wait_for()
        _assert_accessible(page, axe)


def test_registration_and_minutes_pages_have_no_serious_violations_for_the_secretariat(
    demo, page, axe, subtests
):
    """The pages with forms: accreditation and decisions, the check-in desk, the minutes
    editor and its revisions, and one's own meetings with the calendar address."""
    from secretariat.minutes.models import Minutes

    sign_in(page, "secretariat")
    draft = Minutes.objects.get(meeting__code="SOM3")
    daimm = _ministerial_participants()
    pages = {
        "participants, as the secretariat": daimm,
        "check-in desk": f"{daimm}check-in/",
        "minutes editor": f"/en/minutes/{draft.pk}/edit/",
        "minutes revisions": f"/en/minutes/{draft.pk}/revisions/",
        "minutes revision": f"/en/minutes/{draft.pk}/revisions/1/",
        "my meetings": "/en/registrations/mine/",
    }
    for name, path in pages.items():
        with subtests.test(page=name):
            _visit(page, path)
            _assert_accessible(page, axe)
