"""The list's own reads (the count with the page in one statement, the page's co-sponsors,
co-owning fora and progress in another) give the rows the ORM's plain reads give: the
visible, filtered projects with their prefetched relations and milestone figures, for every
kind of viewer and filter, on every page (the rows decide the HTML: ``list_rows_html``)."""

import datetime as dt
import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.utils import timezone

from secretariat.projects import selectors
from secretariat.projects.choices import MilestoneState
from secretariat.projects.models import Project, StandardStage
from secretariat.registry.permissions import principal_for
from secretariat.registry.tests.factories import ForumFactory, OrganisationFactory

from .factories import CosponsorshipFactory, MilestoneFactory, kind, state
from .helpers import korean_project

PAGE_SIZE = 4  # three pages of the eleven projects


def _projects(world) -> None:  # type: ignore[no-untyped-def]
    """Public and hidden projects of both fora, with and without a standards body, stage,
    co-sponsors (one withdrawn), co-owning fora and milestones in every state."""
    today = timezone.localdate()
    body = OrganisationFactory(slug="iso", acronym="", kind="standards_body")
    # Inactive: no filter offers it, yet it co-owns projects and is responsible for one.
    other_forum = ForumFactory(slug="a-first-by-slug", abbreviation="ZZZ", is_active=False)
    for n in range(11):
        project = korean_project(
            world,
            kind=kind("standardisation" if n % 2 else "joint-research"),
            state=state(
                "approved" if n % 3 else "concept-note",
                "standardisation" if n % 2 else "joint-research",
            ),
            responsible_forum=(
                other_forum if n == 7 else world.body if n % 4 else world.other_forum
            ),
            target_body=body if n % 2 else None,
            body_reference="42001" if n % 2 else "",
            stage=StandardStage.objects.get(code="40.20") if n % 5 == 1 else None,
        )
        if n % 3 != 2:
            project.co_owning_fora.add(world.other_forum, other_forum)
        for k, (economy, person) in enumerate(
            ((world.economy_c, "head_c"), (world.economy_b, "head_b"))[: n % 3]
        ):
            withdrawn = timezone.now() if n == 4 and k == 0 else None
            CosponsorshipFactory(project=project, economy=economy, given_by=world.people[person],
                                 withdrawn_at=withdrawn)  # fmt: skip
        for k in range(n % 4):
            MilestoneFactory(project=project, state=list(MilestoneState.values)[(n + k) % 4],
                             due_on=today + dt.timedelta(days=10 * k - 15))  # fmt: skip


def _plain_rows(principal, filters, today):  # type: ignore[no-untyped-def]
    """The rows from the ORM's own reads, as the list showed them before its reads were
    written for it."""
    projects = selectors.for_list(
        selectors.filtered(selectors.projects_visible_to(principal), filters)
    )
    rows = []
    for p, progress in selectors.with_progress(list(projects), today):
        rows.append(selectors.ListRow(
            p.pk, p.title, p.kind.name, p.state.name, p.proposing_economy.code,
            p.responsible_forum.abbreviation, str(p.target_body) if p.target_body else "",
            p.body_reference, p.stage.code if p.stage else "",
            [s.economy.code for s in p.active_cosponsors],
            [f.abbreviation for f in p.co_owning_fora.all()],  # by slug, as the database sorts
            progress,
        ))  # fmt: skip
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "delegate_c", "delegate_a", "secretariat"])
@pytest.mark.parametrize(
    "filters", [{}, {"economy": "KR"}, {"forum": "daib"}, {"kind": "standardisation"}]
)
def test_the_lists_reads_give_the_rows_of_the_plain_reads_on_every_page(world, role, filters):
    _projects(world)
    assert Project.objects.count() == 11
    principal = principal_for(world.users.get(role, AnonymousUser()))
    today = timezone.localdate()
    filters = selectors.normalised(filters)
    plain = _plain_rows(principal, filters, today)
    for number in range(1, 5):
        first = (number - 1) * PAGE_SIZE
        listed = selectors.VisibleList(principal, filters, expected=slice(first, first + PAGE_SIZE))
        page = Paginator(listed, PAGE_SIZE).get_page(number)
        assert page.paginator.count == len(plain)
        shown = plain[(page.number - 1) * PAGE_SIZE : page.number * PAGE_SIZE]
        rows, choices = selectors.list_rows_and_choices(page.object_list, today)
        assert rows == shown
        # Read with the page's details on PostgreSQL: the choices the plain read gives.
        assert choices == selectors.filter_choices()


@pytest.mark.django_db
def test_the_page_details_come_in_any_order(world, monkeypatch):
    """The filters' choices are read unsorted (a compound query) and a project's co-owning
    fora in any order (PostgreSQL, with the page): whatever order they come in, the rows
    and choices are the same, the fora listed by slug."""
    choices = importlib.import_module("secretariat.projects.selectors.filter_choices")
    _projects(world)
    for project in Project.objects.all()[:3]:  # more than one co-owning forum, out of order
        project.co_owning_fora.add(ForumFactory(slug=f"b-{project.pk}", abbreviation="B"))
    principal = principal_for(world.users["secretariat"])
    today = timezone.localdate()
    listed = selectors.VisibleList(principal, {}, expected=slice(0, 20))
    page = Paginator(listed, 20).get_page(1)
    rows = selectors.list_rows_and_choices(page.object_list, today)
    read = choices._FILTER_CHOICES.rows
    monkeypatch.setattr(choices._FILTER_CHOICES, "rows", lambda **kw: read(**kw)[::-1])
    reversed_fora = [
        (*values[:10], values[10][::-1], *values[11:]) if values[10] else values
        for values in page.object_list
    ]
    assert selectors.list_rows_and_choices(reversed_fora, today) == rows
    assert rows[0] == _plain_rows(principal, {}, today)[:20]
