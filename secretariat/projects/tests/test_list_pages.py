"""The project list in pages of fifty, its filters kept by the page links; visibility applied
before the list is cut and counted (so neither the count nor a page's size tells a reader
about projects hidden from them); the rows written in Python show what the template did; the
forum page shows the latest few with the total and a link to the filtered list."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from secretariat.core.i18n import translations
from secretariat.projects.choices import MilestoneState
from secretariat.projects.models import LifecycleState, Project, ProjectKind, StandardStage
from secretariat.projects.selectors import VisibleList, filter_choices, list_rows_and_choices
from secretariat.registry.models import Economy, Forum
from secretariat.registry.permissions import principal_for
from secretariat.registry.tests.factories import ForumFactory, OrganisationFactory
from secretariat.testing.world import client_for

from .factories import CosponsorshipFactory, MilestoneFactory, kind, state
from .helpers import korean_project

PUBLIC = 55  # one page of fifty and a second of five
HIDDEN = 30  # concept notes of the other forum


def _ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<td><a href="/en/projects/(\d+)/">', page)]


def _page(role: str, world, query: str) -> str:  # type: ignore[no-untyped-def]
    cache.clear()
    response = client_for(role, world).get(f"/en/projects/{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_list_is_cut_into_pages_after_visibility_and_keeps_its_filters(world):
    public = {korean_project(world, state=state("approved")).pk for _ in range(PUBLIC)}
    hidden = {korean_project(world, responsible_forum=world.other_forum).pk for _ in range(HIDDEN)}
    for role, seen in (("anonymous", public), ("delegate_c", public | hidden)):
        first = _page(role, world, "?economy=KR")
        second = _page(role, world, "?economy=KR&page=2")
        assert f"{len(seen)} projects" in first and f"{len(seen)} projects" in second
        assert len(_ids(first)) == 50
        assert set(_ids(first)) | set(_ids(second)) == seen
        assert not set(_ids(first)) & set(_ids(second))
        assert "Page 2 of 2" in second
        assert 'href="?economy=KR&amp;page=2"' in first  # the filter kept
        assert 'href="?economy=KR&amp;page=1"' in second
        assert 'href="/en/projects/projects.csv?economy=KR"' in second  # not the page


@pytest.mark.django_db
def test_the_rows_show_what_the_template_showed(world):
    body = OrganisationFactory(slug="iso", acronym="ISO/IEC <JTC 1>", kind="standards_body")
    item = korean_project(
        world,
        kind=kind("standardisation"),
        state=state("approved", "standardisation"),
        title=translations("ko", ko="안전 & <시험>"),  # no English: marked as Korean
        target_body=body,
        body_reference="42001",
        stage=StandardStage.objects.get(code="40.20"),
    )
    item.co_owning_fora.add(world.other_forum)
    for economy, person in ((world.economy_c, "head_c"), (world.economy_b, "head_b")):
        CosponsorshipFactory(project=item, economy=economy, given_by=world.people[person])
    today = dt.date.today()
    MilestoneFactory(project=item, state=MilestoneState.DONE)
    MilestoneFactory(project=item, due_on=today - dt.timedelta(days=3))
    MilestoneFactory(project=item, state=MilestoneState.CANCELLED)
    plain = korean_project(world, state=state("approved"))
    page = _page("anonymous", world, "")
    assert (
        f'<td><a href="/en/projects/{item.pk}/"><span lang="ko">안전 &amp; &lt;시험&gt;</span></a>'
        '<br><span class="meta">ISO/IEC &lt;JTC 1&gt; 42001 · 40.20</span></td>\n'
        "      <td>Standardisation work item</td>\n      <td>Approved</td>\n"
        f"      <td>{world.economy_a.code}</td>\n"
        f"      <td>{world.economy_c.code}, {world.economy_b.code}</td>\n"
        "      <td>DAIB, TELWG</td>\n"
        '      <td>50% <span class="badge overdue">1 overdue</span></td>'
    ) in page
    title = plain.title["en"]["text"]
    assert (
        f'<td><a href="/en/projects/{plain.pk}/">{title}</a></td>' in page
        and "<td>—</td>" in page
        and "<td>0%</td>" in page
    )
    korean = client_for("anonymous", world).get("/ko/projects/?kind=nothing").content.decode()
    assert "일치하는 프로젝트가 없습니다." in korean


@pytest.mark.django_db
def test_the_forum_page_shows_the_latest_projects_the_total_and_a_link(world):
    projects = [korean_project(world, state=state("approved")) for _ in range(12)]
    korean_project(world, responsible_forum=world.other_forum).co_owning_fora.add(world.body)
    page = client_for("anonymous", world).get("/en/registry/fora/daib/").content.decode()
    shown = [int(pk) for pk in re.findall(r'<li><a href="/en/projects/(\d+)/">', page)]
    assert shown == [p.pk for p in reversed(projects)][:10]
    assert "The latest 10 of 12." in page  # the hidden concept note is not counted
    assert 'href="/en/projects/?forum=daib"' in page
    member = client_for("delegate_c", world).get("/ko/registry/fora/daib/").content.decode()
    assert "전체 13건 중 최근 10건" in member and "(공동 소유)" in member
    assert Project.objects.count() == 13


@pytest.mark.django_db
def test_the_filters_choices_read_together_are_each_tables_own_in_its_order(world):
    """Read on their own, and with a page's details (on PostgreSQL in the same query)."""
    ForumFactory(slug="aaa-inactive", is_active=False)
    expected = {
        "kind": list(ProjectKind.objects.values_list("slug", "name")),
        "state": list(
            LifecycleState.objects.filter(kind__slug="joint-research").values_list("slug", "name")
        ),
        "forum": list(Forum.objects.filter(is_active=True).values_list("slug", "abbreviation")),
        "economy": list(Economy.objects.values_list("code", "name")),
    }
    assert filter_choices() == expected
    korean_project(world, state=state("approved"))
    page = VisibleList(principal_for(AnonymousUser()), {}, expected=slice(0, 50))[0:50]
    assert page
    assert list_rows_and_choices(page, dt.date.today())[1] == expected


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("query", ["", "kind=joint-research&economy=KR"])
@pytest.mark.parametrize("count", [3, 50, 51, 120, 1000])
def test_the_page_links_are_what_their_template_writes(language, query, count):
    """The list writes its page links in Python: what ``registry/_pagination.html`` writes,
    on the first, a middle and the last page, with and without filters kept."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.utils import translation

    from secretariat.core.page_links import pagination_html
    from secretariat.projects.list_html import _body_texts

    paginator = Paginator(range(count), 50)
    with translation.override(language):
        for number in sorted({1, 2, paginator.num_pages}):
            page = paginator.get_page(number)
            written = pagination_html(page, query, _body_texts(language))
            expected = render_to_string("registry/_pagination.html", {"page": page, "query": query})
            assert written == expected, (number, count)
