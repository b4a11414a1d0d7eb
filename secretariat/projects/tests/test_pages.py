"""The pages: drafting a concept note, the project page with its timeline (SVG and table),
refusals shown with their reason and a 4xx status, filters, CSV, and the text page's list of
projects per paragraph."""

import csv
import datetime as dt
import io

import pytest

from secretariat.negotiation.models import Provision
from secretariat.negotiation.tests.factories import make_text
from secretariat.projects import services
from secretariat.projects.models import Project
from secretariat.testing.world import client_for

from .factories import MilestoneFactory, state
from .helpers import closed_round_scoring, cosponsored, korean_project, state_of


@pytest.mark.django_db
def test_a_delegate_drafts_a_concept_note_for_their_economy(world):
    client = client_for("delegate_a", world)
    assert client.get("/en/projects/new/").status_code == 200
    response = client.post("/en/projects/new/", {
        "kind": "joint-research", "forum": "daib", "title": "Testbed", "summary": "Why",
        "co_owning_fora": ["telwg"], "funding_account": "gpa", "funding_amount": "1000",
        "funding_currency": "usd"})  # fmt: skip
    assert response.status_code == 302, response.content
    project = Project.objects.get()
    assert project.proposing_economy == world.economy_a
    assert project.overseer == world.people["delegate_a"]
    assert project.state.slug == "concept-note" and project.funding_currency == "USD"
    assert client.post("/en/projects/new/", {"kind": "joint-research"}).status_code == 422
    assert client_for("reader", world).get("/en/projects/new/").status_code == 403


@pytest.mark.django_db
def test_a_refused_step_on_the_page_is_4xx_with_its_reason_and_changes_nothing(world):
    project = korean_project(world)
    closed_round_scoring(world, project)
    response = client_for("chair", world).post(
        f"/en/projects/{project.pk}/state/", {"version": project.version, "state": "scored"}
    )
    assert response.status_code == 422
    assert b"2 more must co-sponsor" in response.content
    assert state_of(project) == "concept-note"
    response = client_for("delegate_b", world).post(
        f"/en/projects/{project.pk}/state/", {"version": project.version, "state": "withdrawn"}
    )
    assert response.status_code == 403 and state_of(project) == "concept-note"


@pytest.mark.django_db
def test_the_project_page_shows_the_timeline_as_svg_and_as_a_table(world):
    project = cosponsored(world, korean_project(world, state=state("in-progress")))
    MilestoneFactory(project=project, due_on=dt.date.today() - dt.timedelta(days=2))
    MilestoneFactory(project=project, due_on=dt.date.today() + dt.timedelta(days=20))
    page = client_for("anonymous", world).get(f"/en/projects/{project.pk}/").content.decode()
    assert 'role="img"' in page and '<title id="tl-title">' in page and "<desc" in page
    assert "2 milestones from" in page and "0 done, 1 overdue" in page
    assert page.count('class="badge overdue"') == 1
    assert "In progress" in page
    korean = client_for("anonymous", world).get(f"/ko/projects/{project.pk}/").content.decode()
    assert "마일스톤 일정표" in korean and "기한 경과 1개" in korean
    assert (
        "프로젝트 및 작업 항목"
        in client_for("anonymous", world).get("/ko/projects/").content.decode()
    )


@pytest.mark.django_db
def test_the_list_filters_and_its_csv_has_the_same_rows(world):
    public = korean_project(world, state=state("approved"))
    other = korean_project(world, state=state("completed"), responsible_forum=world.other_forum)
    client = client_for("anonymous", world)
    assert f"/projects/{public.pk}/" in client.get("/en/projects/?forum=daib").content.decode()
    assert f"/projects/{other.pk}/" not in client.get("/en/projects/?forum=daib").content.decode()
    rows = list(csv.reader(io.StringIO(client.get("/en/projects/projects.csv?state=completed")
                                       .content.decode())))  # fmt: skip
    assert [row[0] for row in rows[1:]] == [str(other.pk)]
    assert client.get("/en/projects/?economy=ZZ&kind=nothing").status_code == 200


@pytest.mark.django_db
def test_the_text_page_lists_the_projects_implementing_each_paragraph(world):
    text = make_text(world, slug="declaration")
    eid = Provision.objects.filter(text=text).order_by("pk").first().eid
    public = korean_project(world, state=state("approved"))
    hidden = korean_project(world, responsible_forum=world.other_forum)
    for project in (public, hidden):
        services.link_paragraph(actor=world.users["secretariat"], project=project, text=text,
                                eid=eid)  # fmt: skip
    page = client_for("delegate_a", world).get("/en/negotiation/declaration/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Work that implements this text" in content
    assert f"/projects/{public.pk}/" in content and f"/projects/{hidden.pk}/" not in content
    detail = client_for("delegate_a", world).get(f"/en/projects/{public.pk}/").content.decode()
    assert f"#{eid}" in detail


@pytest.mark.django_db
def test_the_prepared_paragraph_links_are_the_visible_projects_links(world):
    """The text page's read of its paragraph links (prepared once per process) gives, for
    each kind of reader, the links of the projects ``projects_visible_to`` lets them see."""
    from django.contrib.auth.models import AnonymousUser

    from secretariat.core.i18n import resolve
    from secretariat.projects import sections, selectors
    from secretariat.projects.models import ParagraphLink
    from secretariat.registry.permissions import principal_for

    text = make_text(world, slug="declaration")
    eids = list(Provision.objects.filter(text=text).order_by("pk").values_list("eid", flat=True))
    projects = [
        korean_project(world, state=state("approved")),
        korean_project(world, responsible_forum=world.other_forum),
        korean_project(world),
    ]
    for index, project in enumerate(projects):
        for eid in eids[index : index + 2]:
            services.link_paragraph(actor=world.users["secretariat"], project=project,
                                    text=text, eid=eid)  # fmt: skip
    readers = [AnonymousUser(), *(world.users[name] for name in
               ("reader", "delegate_a", "head_b", "partner", "secretariat"))]  # fmt: skip
    seen = set()
    for user in readers:
        principal = principal_for(user)
        visible = selectors.projects_visible_to(principal).values("pk")
        expected = [
            (row.eid, row.project_id, resolve(row.project.title).text)
            for row in ParagraphLink.objects.filter(text=text, project_id__in=visible)
            .select_related("project")
            .order_by("eid", "project_id")
        ]
        links = sections.paragraph_projects(text, principal)
        found = sorted(
            (link.eid, int(link.url.rstrip("/").rsplit("/", 1)[1]), link.label) for link in links
        )
        assert found == expected
        seen.add(len(found))
    assert len(seen) > 1  # the readers do not all see the same links
