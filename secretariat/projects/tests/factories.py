import datetime as dt

import factory

from secretariat.core.i18n import translations
from secretariat.projects import defaults
from secretariat.projects.models import (
    Cosponsorship,
    LifecycleState,
    Milestone,
    Project,
    ProjectKind,
)
from secretariat.registry.tests.factories import EconomyFactory, ForumFactory, PersonFactory


def kind(slug: str = "joint-research") -> ProjectKind:
    # A transactional test before this one empties the migration's rows: write them again.
    defaults.ensure_installed()
    return ProjectKind.objects.get(slug=slug)


def state(slug: str, kind_slug: str = "joint-research") -> LifecycleState:
    defaults.ensure_installed()
    return LifecycleState.objects.get(kind__slug=kind_slug, slug=slug)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A concept note of a joint research project (pass ``state=state("approved")`` etc.)."""

    class Meta:
        model = Project

    kind = factory.LazyFunction(kind)
    state = factory.LazyAttribute(lambda o: o.kind.states.get(is_initial=True))
    title = factory.Sequence(lambda n: translations("en", en=f"Project {n}", ko=f"프로젝트 {n}"))
    summary = factory.LazyFunction(lambda: translations("en", en="What the project does."))
    proposing_economy = factory.SubFactory(EconomyFactory)
    overseer = factory.SubFactory(
        PersonFactory, economy=factory.SelfAttribute("..proposing_economy")
    )
    responsible_forum = factory.SubFactory(ForumFactory)


class CosponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cosponsorship

    project = factory.SubFactory(ProjectFactory)
    economy = factory.SubFactory(EconomyFactory)
    given_by = factory.SubFactory(PersonFactory, economy=factory.SelfAttribute("..economy"))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: translations("en", en=f"Milestone {n}"))
    due_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
