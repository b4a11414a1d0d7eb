"""The lifecycles are data: every default transition is taken by its actor and refused to
others; a move the tables do not allow, a guard that fails and a stale version are 4xx with
a clear message and change nothing; changing the tables changes the workflow."""

import pytest

from secretariat.core.models import AuditEntry
from secretariat.projects import defaults
from secretariat.projects.models import LifecycleState, LifecycleTransition, StateChange

from .factories import kind, state
from .helpers import closed_round_scoring, cosponsored, korean_project, move, state_of

TAKER = {"proposer": "delegate_a", "chair": "chair", "secretariat": "secretariat"}
# Someone who sees the project but may not take the step.
REFUSED = {"proposer": "delegate_b", "chair": "head_a", "secretariat": "chair"}


def _ready(world, source):  # type: ignore[no-untyped-def]
    project = cosponsored(world, korean_project(world, state=state(source)))
    closed_round_scoring(world, project)
    return project


@pytest.mark.django_db
@pytest.mark.parametrize("source,target,actor", [t[:3] for t in defaults.TRANSITIONS])
def test_each_default_transition_is_taken_by_its_actor(world, source, target, actor):
    project = _ready(world, source)
    response = move(TAKER[actor], world, project, target)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == target
    assert state_of(project) == target
    change = StateChange.objects.get(project=project)
    assert (change.source.slug, change.target.slug) == (source, target)
    assert AuditEntry.objects.filter(action="projects.project.state").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("source,target,actor", [t[:3] for t in defaults.TRANSITIONS])
def test_each_default_transition_is_refused_to_others(world, source, target, actor):
    project = _ready(world, source)
    response = move(REFUSED[actor], world, project, target)
    assert response.status_code == 403, response.content
    assert "taken by" in response.json()["detail"]
    assert state_of(project) == source
    assert not AuditEntry.objects.filter(action="projects.project.state").exists()


@pytest.mark.django_db
def test_every_move_the_tables_do_not_allow_is_422_and_changes_nothing(world):
    allowed = {(s, t) for s, t, *_ in defaults.TRANSITIONS}
    slugs = [slug for slug, *_ in defaults.STATES]
    project = _ready(world, "concept-note")
    for source in slugs:
        project.state = state(source)
        project.save(update_fields=["state"])
        for target in [*slugs, "no-such-state"]:
            if (source, target) in allowed:
                continue
            response = move("secretariat", world, project, target)
            assert response.status_code == 422, (source, target, response.content)
            assert "cannot become" in response.json()["detail"]
            assert state_of(project) == source
    assert not StateChange.objects.exists()
    assert not AuditEntry.objects.filter(action="projects.project.state").exists()


@pytest.mark.django_db
def test_a_concept_note_without_enough_cosponsors_cannot_go_forward(world):
    project = korean_project(world)
    closed_round_scoring(world, project)
    response = move("chair", world, project, "scored")
    assert response.status_code == 422
    assert "2 more must co-sponsor" in response.json()["detail"]
    assert state_of(project) == "concept-note"


@pytest.mark.django_db
def test_a_concept_note_goes_forward_only_after_a_closed_round_scored_it(world):
    project = cosponsored(world, korean_project(world))
    response = move("chair", world, project, "scored")
    assert response.status_code == 422
    assert "scoring round" in response.json()["detail"]
    assert state_of(project) == "concept-note"


@pytest.mark.django_db
def test_a_stale_version_is_409_and_changes_nothing(world):
    project = _ready(world, "scored")
    from secretariat.testing.api import call
    from secretariat.testing.world import client_for

    response = call(
        client_for("chair", world),
        "POST",
        f"/projects/{project.pk}/transitions",
        {"version": project.version + 5, "state": "endorsed"},
    )
    assert response.status_code == 409
    assert state_of(project) == "scored"


@pytest.mark.django_db
def test_changing_the_lifecycle_in_the_database_changes_the_workflow(world):
    research = kind()
    concept, approved = state("concept-note"), state("approved")
    # A fast track straight to approval, taken by the proposer; no co-sponsors needed.
    LifecycleTransition.objects.create(
        kind=research, source=concept, target=approved, actor="proposer"
    )
    project = korean_project(world)
    assert move("delegate_a", world, project, "approved").status_code == 200
    assert state_of(project) == "approved"
    # The secretariat removes "approved → in progress": the step is gone.
    LifecycleTransition.objects.filter(source=approved, target__slug="in-progress").delete()
    response = move("secretariat", world, project, "in-progress")
    assert response.status_code == 422
    # A new state, added as data, is reachable once a transition leads to it.
    paused = LifecycleState.objects.create(kind=research, slug="paused", name={}, order=20)
    LifecycleTransition.objects.create(kind=research, source=approved, target=paused, actor="chair")
    assert move("delegate_a", world, project, "paused").status_code == 403
    assert move("chair", world, project, "paused").status_code == 200
    assert state_of(project) == "paused"


@pytest.mark.django_db
def test_the_cosponsor_minimum_is_the_kinds_and_the_secretariat_sets_it(world):
    research = kind()
    project = korean_project(world, state=state("scored"))
    assert move("chair", world, project, "endorsed").status_code == 422
    research.min_cosponsors = 0
    research.save(update_fields=["min_cosponsors"])
    assert move("chair", world, project, "endorsed").status_code == 200


@pytest.mark.django_db
def test_publicity_follows_the_state_table(world):
    from secretariat.testing.world import client_for

    project = korean_project(world, state=state("proposal"))
    reader = client_for("reader", world)
    assert reader.get(f"/api/projects/{project.pk}").status_code == 404
    LifecycleState.objects.filter(pk=project.state_id).update(is_public=True)
    assert reader.get(f"/api/projects/{project.pk}").status_code == 200


@pytest.mark.django_db
def test_the_secretariat_edits_a_lifecycle_in_the_admin_and_it_is_audited(world):
    from secretariat.testing.world import client_for

    staff = client_for("secretariat", world)
    research = kind()
    response = staff.post(
        "/admin/projects/lifecycletransition/add/",
        {
            "kind": research.pk,
            "source": state("concept-note").pk,
            "target": state("approved").pk,
            "actor": "proposer",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert LifecycleTransition.objects.filter(
        source=state("concept-note"), target=state("approved")
    ).exists()
    assert AuditEntry.objects.filter(action__startswith="projects.lifecycletransition").exists()
    mixed = staff.post(
        "/admin/projects/lifecycletransition/add/",
        {
            "kind": research.pk,
            "source": state("approved").pk,
            "target": state("evaluated", "standardisation").pk,
            "actor": "chair",
        },
    )
    assert mixed.status_code == 200 and b"the transition" in mixed.content
    assert client_for("chair", world).get("/admin/projects/lifecycletransition/").status_code in (
        302,
        403,
    )
