"""Shared set-ups for the projects tests: a concept note of Korea (economy A) in the
world's high-level body, co-sponsors, and a closed round that scored it."""

from typing import Any

from secretariat.projects.choices import RoundState
from secretariat.projects.models import Criterion, Project, Score, ScoringRound
from secretariat.testing.api import call
from secretariat.testing.world import World, client_for

from .factories import CosponsorshipFactory, ProjectFactory


def korean_project(world: World, **kwargs: Any) -> Project:
    fields = {
        "proposing_economy": world.economy_a,
        "overseer": world.people["delegate_a"],
        "responsible_forum": world.body,
    }
    return ProjectFactory(**(fields | kwargs))


def cosponsored(world: World, project: Project) -> Project:
    """Co-sponsored by the United States and Japan (the default minimum is two)."""
    CosponsorshipFactory(project=project, economy=world.economy_b, given_by=world.people["head_b"])
    CosponsorshipFactory(project=project, economy=world.economy_c, given_by=world.people["head_c"])
    return project


def closed_round_scoring(world: World, project: Project) -> ScoringRound:
    scoring_round = ScoringRound.objects.create(
        forum=project.responsible_forum, name="Closed round", state=RoundState.CLOSED
    )
    scoring_round.projects.add(project)
    Score.objects.create(
        round=scoring_round,
        project=project,
        criterion=Criterion.objects.first(),
        scorer=world.people["delegate_b"],
        value=4,
    )
    return scoring_round


def move(role: str, world: World, project: Project, target: str) -> Any:
    version = Project.objects.get(pk=project.pk).version
    return call(
        client_for(role, world),
        "POST",
        f"/projects/{project.pk}/transitions",
        {"version": version, "state": target},
    )


def state_of(project: Project) -> str:
    return Project.objects.select_related("state").get(pk=project.pk).state.slug
