"""Projects: the project list (1,000 projects of 21 economies with 5,000 milestones) and the
high-level body's forum page with its joint work at that size, as an anonymous reader and as
a delegate of the body (who also sees concept notes), warm, cold (the projects' token renewed)
and with the cache emptied, each against the trivial view; the targets apply to the cold
figures. The list is cached whole for signed-out readers and as a body
shared by everyone who sees the same projects; the forum page's projects section is
rendered on every request (the rest of that page is the registry's)."""

import datetime as dt
from collections.abc import Iterator

from .harness import BASELINE_URL, Figure, clear_cache, compare, get

PROJECTS = 1000
MILESTONES_EACH = 5


def _fill() -> None:
    """Projects, co-sponsors, co-owning fora and milestones in bulk: the benchmark measures
    the pages, not the seeding."""
    from secretariat.projects.choices import MilestoneState
    from secretariat.projects.models import Cosponsorship, Milestone, Project, ProjectKind
    from secretariat.registry.models import Economy, Forum, Person

    economies = list(Economy.objects.order_by("code"))
    fora = list(Forum.objects.order_by("slug"))
    body = Forum.objects.get(slug="daib")
    kinds = list(ProjectKind.objects.prefetch_related("states"))
    people = {}
    for economy in economies:
        people[economy.pk] = Person.objects.filter(economy=economy).first() or (
            Person.objects.create(family_name=f"BENCH {economy.code}", economy=economy)
        )
    projects = []
    for n in range(PROJECTS):
        kind = kinds[n % len(kinds)]
        states = list(kind.states.all())
        economy = economies[n % len(economies)]
        projects.append(Project(
            kind=kind, state=states[n % len(states)],
            title={"en": {"text": f"Bench project {n}", "status": "original"}},
            proposing_economy=economy, overseer=people[economy.pk],
            responsible_forum=body if n % 3 == 0 else fora[n % len(fora)],
        ))  # fmt: skip
    projects = Project.objects.bulk_create(projects)
    through = Project.co_owning_fora.through
    through.objects.bulk_create(
        through(project_id=p.pk, forum_id=(body if n % 3 else fora[(n + 1) % len(fora)]).pk)
        for n, p in enumerate(projects)
    )
    Cosponsorship.objects.bulk_create(
        Cosponsorship(project=p, economy=economies[(n + k) % len(economies)],
                      given_by=people[economies[(n + k) % len(economies)].pk])
        for n, p in enumerate(projects) for k in (1, 2)
    )  # fmt: skip
    today = dt.date.today()
    states = list(MilestoneState.values)
    Milestone.objects.bulk_create(
        Milestone(project=p, title={"en": {"text": f"Milestone {k}", "status": "original"}},
                  due_on=today + dt.timedelta(days=30 * k - 60), state=states[(n + k) % 4])
        for n, p in enumerate(projects) for k in range(MILESTONES_EACH)
    )  # fmt: skip


def run() -> Iterator[Figure]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from secretariat.registry.demo import seed_all

    seed_all()
    _fill()
    anonymous = Client()
    delegate = Client()
    delegate.force_login(get_user_model().objects.get(username="kr-delegate"))
    baseline = get(anonymous, BASELINE_URL)
    for who, client in (("anonymous", anonymous), ("delegate", delegate)):
        for name, url, target in (
            ("projects-list", "/en/projects/", 10),
            ("forum-page", "/en/registry/fora/daib/", 15),
        ):
            page = get(client, url)
            label = f"{name}_{PROJECTS}_projects_{who}"
            yield compare(f"{label}_warm", page, baseline, target=None)
            # Cold: the projects' token renewed before each read, as every projects write
            # renews it, so the list is rendered again (the forum page's projects section
            # always is).
            # The target applies here (issue 8: a cache hit shows the cache, not the page).
            yield compare(f"{label}_cold", page, baseline, target=target, repeats=10,
                          before=_renew_projects)  # fmt: skip
            yield compare(f"{label}_cold_cache_emptied", page, baseline, target=None,
                          repeats=10, before=clear_cache)  # fmt: skip


def _renew_projects() -> None:
    from secretariat.core import cache_tokens
    from secretariat.projects import selectors

    cache_tokens.renew(selectors.LIST_TOKEN)
