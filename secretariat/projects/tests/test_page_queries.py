"""The project list, a project page and a forum page issue the same number of SQL queries
whatever the number of projects, milestones, co-sponsors and co-owning fora they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.projects.models import Deliverable, StageChange, StandardStage
from secretariat.registry.tests.factories import ForumFactory, OrganisationFactory
from secretariat.testing.world import client_for

from .factories import MilestoneFactory, kind, state
from .helpers import cosponsored, korean_project

ROLES = ["anonymous", "reader", "delegate_a", "delegate_c", "secretariat"]


def _project(world, n: int, milestones: int):  # type: ignore[no-untyped-def]
    public = n % 2 == 0
    project = korean_project(
        world,
        kind=kind("standardisation"),
        state=state("approved" if public else "concept-note", "standardisation"),
        target_body=OrganisationFactory(kind="standards_body"),
    )
    cosponsored(world, project)
    project.co_owning_fora.add(world.other_forum, ForumFactory())
    project.partners.add(OrganisationFactory())
    for _ in range(milestones):
        MilestoneFactory(project=project)
    meeting = MeetingFactory(forum=world.body)
    for _ in range(milestones):
        Deliverable.objects.create(project=project, document=DocumentFactory(meeting=meeting))
        StageChange.objects.create(project=project, stage=StandardStage.objects.first(),
                                   reached_on="2026-01-01")  # fmt: skip
    return project


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # cold: signed-out readers are otherwise served the list from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _same(client, small: str, large: str) -> None:  # type: ignore[no-untyped-def]
    _count(client, small)  # session loaded, caches set
    _count(client, large)
    assert _count(client, small) == _count(client, large), (small, large)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_list_and_forum_pages_query_count_does_not_grow(world, role):
    client = client_for(role, world)
    for n in range(2):
        _project(world, n, milestones=1)
    small_list = _count(client, "/en/projects/")
    small_forum = _count(client, "/en/registry/fora/daib/")
    for n in range(2, 14):
        _project(world, n, milestones=3)
    assert _count(client, "/en/projects/") == small_list
    assert _count(client, "/en/registry/fora/daib/") == small_forum
    assert _count(client, "/en/projects/projects.csv") == _count(
        client, "/en/projects/projects.csv?kind=standardisation"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_project_page_query_count_does_not_grow(world, role):
    small = _project(world, 0, milestones=1)
    large = _project(world, 2, milestones=12)
    _same(client_for(role, world), f"/en/projects/{small.pk}/", f"/en/projects/{large.pk}/")


@pytest.mark.django_db
def test_the_cached_list_shows_a_project_once_it_is_approved(world):
    from secretariat.projects import services

    from .helpers import closed_round_scoring

    project = cosponsored(world, korean_project(world, state=state("proposal")))
    closed_round_scoring(world, project)
    reader = client_for("anonymous", world)
    assert f"/projects/{project.pk}/" not in reader.get("/en/projects/").content.decode()
    assert f"/projects/{project.pk}/" not in reader.get("/en/projects/").content.decode()
    services.change_state(
        actor=world.users["secretariat"],
        project=project,
        version=project.version,
        target="approved",
    )
    assert f"/projects/{project.pk}/" in reader.get("/en/projects/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "delegate_a"])
def test_the_list_reads_the_cache_once_and_writes_it_once(world, role):
    """The list's tokens and its kept rendering (the whole page for a signed-out reader, the
    body for others) are read together, and a new rendering written without waiting (with
    Redis): each was a round trip of its own on every cold rendering. A delegate's session
    adds one read. Warm, the one read is all; a rendering kept for an older state is never
    served."""
    from django.core.cache import caches

    from secretariat.core import cache_tokens
    from secretariat.meetings.tests.test_page_queries import _cache_round_trips
    from secretariat.projects import selectors

    unanswered = hasattr(caches["default"], "set_many_unanswered")
    write = "set_many_unanswered" if unanswered else "set_many"
    project = _project(world, 0, milestones=1)  # public
    client = client_for(role, world)
    url = "/en/projects/"
    client.get(url)  # the session read, the tokens there
    session = ["get"] if role != "anonymous" else []
    cache_tokens.renew(selectors.LIST_TOKEN)  # cold
    assert _cache_round_trips(client, url) == [*session, "get_many", write]
    assert _cache_round_trips(client, url) == [*session, "get_many"]
    title = "Renamed while kept"
    type(project).objects.filter(pk=project.pk).update(title={"en": {"text": title}})
    assert title not in client.get(url).content.decode()  # kept: no write renewed a token
    cache_tokens.renew(selectors.LIST_TOKEN)
    assert title in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_rendering_kept_for_one_viewers_fora_is_not_served_to_others(world):
    """The list's body is kept per set of fora (and language, path and state): a concept
    note shown to its forum's members, kept in their rendering, reaches no reader of other
    fora or of none, and the secretariat's own rendering is its own."""
    project = korean_project(world, state=state("concept-note"))
    cache.clear()
    link = f"/projects/{project.pk}/"
    assert link in client_for("delegate_a", world).get("/en/projects/").content.decode()
    for role in ("reader", "delegate_c", "anonymous"):
        assert link not in client_for(role, world).get("/en/projects/").content.decode(), role
    assert link in client_for("head_a", world).get("/en/projects/").content.decode()
