"""Co-sponsorship, scoring privacy until the round closes, and co-owned visibility."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from secretariat.core.models import AuditEntry
from secretariat.notifications.models import Notification
from secretariat.projects.choices import RoundState
from secretariat.projects.models import Cosponsorship, Criterion, ScoringRound
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import MilestoneFactory, state
from .helpers import cosponsored, korean_project, state_of


def _cosponsor(role, world, project, code, action=""):  # type: ignore[no-untyped-def]
    return call(
        client_for(role, world),
        "POST",
        f"/projects/{project.pk}/cosponsors{action}",
        {"economy": code},
    )


@pytest.mark.django_db
def test_heads_of_delegation_cosponsor_for_their_own_economy_only(world):
    project = korean_project(world)
    assert _cosponsor("head_b", world, project, "US").status_code == 201
    assert _cosponsor("head_b", world, project, "US").status_code == 422  # already
    assert _cosponsor("delegate_b", world, project, "US").status_code == 403  # not a head
    assert _cosponsor("head_b", world, project, "JP").status_code == 403  # not theirs
    own = _cosponsor("head_a", world, project, "KR")
    assert own.status_code == 422 and "own project" in own.json()["detail"]
    assert _cosponsor("head_c", world, project, "JP").status_code == 404  # cannot see it
    assert list(Cosponsorship.objects.values_list("economy__code", flat=True)) == ["US"]


@pytest.mark.django_db
def test_withdrawal_is_recorded_and_counts_against_the_minimum(world):
    project = cosponsored(world, korean_project(world, state=state("scored")))
    response = _cosponsor("head_b", world, project, "US", "/withdraw")
    assert response.status_code == 200, response.content
    withdrawn = Cosponsorship.objects.get(economy=world.economy_b)
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == world.people["head_b"]
    assert AuditEntry.objects.filter(action="projects.cosponsorship.withdrawn").count() == 1
    refused = call(
        client_for("chair", world),
        "POST",
        f"/projects/{project.pk}/transitions",
        {"version": project.version, "state": "endorsed"},
    )
    assert refused.status_code == 422
    assert "has 1: 1 more must co-sponsor" in refused.json()["detail"]
    # The economy may co-sponsor again; the withdrawal stays on record.
    assert _cosponsor("head_b", world, project, "US").status_code == 201
    assert Cosponsorship.objects.filter(economy=world.economy_b).count() == 2


@pytest.mark.django_db
def test_cosponsor_requests_reach_the_heads_of_delegation(
    world, django_capture_on_commit_callbacks
):
    project = korean_project(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for("delegate_a", world),
            "POST",
            f"/projects/{project.pk}/cosponsor-requests",
            {"economies": ["US"]},
        )
    assert response.status_code == 200, response.content
    assert Notification.objects.filter(
        recipient=world.users["head_b"], topic="project_update"
    ).exists()
    assert (
        call(
            client_for("delegate_b", world),
            "POST",
            f"/projects/{project.pk}/cosponsor-requests",
            {"economies": ["JP"]},
        ).status_code
        == 403
    )


def _round(world, project):  # type: ignore[no-untyped-def]
    response = call(
        client_for("chair", world),
        "POST",
        "/projects/rounds/",
        {"forum": "daib", "name": "2027 round 1", "projects": [project.pk]},
    )
    assert response.status_code == 201, response.content
    return ScoringRound.objects.get(pk=response.json()["id"])


def _score(role, world, scoring_round, project, value):  # type: ignore[no-untyped-def]
    marks = {
        c.slug: {"value": value, "comment": f"{role} says {value}"}
        for c in Criterion.objects.filter(is_active=True)
    }
    return call(
        client_for(role, world),
        "POST",
        f"/projects/rounds/{scoring_round.pk}/scores",
        {"project": project.pk, "marks": marks},
    )


def _seen(role, world, scoring_round):  # type: ignore[no-untyped-def]
    response = call(client_for(role, world), "GET", f"/projects/rounds/{scoring_round.pk}/scores")
    return response.status_code, {(s["scorer"], s["value"]) for s in response.json()} if (
        response.status_code == 200
    ) else set()


@pytest.mark.django_db
def test_scores_are_private_until_the_round_closes_then_ranked(world):
    first = cosponsored(world, korean_project(world))
    second = cosponsored(world, korean_project(world))
    refused = call(
        client_for("chair", world),
        "POST",
        "/projects/rounds/",
        {"forum": "daib", "name": "x", "projects": [korean_project(world).pk]},
    )
    assert refused.status_code == 422 and "2 more" in refused.json()["detail"]
    scoring_round = _round(world, first)
    scoring_round.projects.add(second)
    assert _score("delegate_a", world, scoring_round, first, 5).status_code == 201
    assert _score("delegate_b", world, scoring_round, first, 2).status_code == 201
    assert _score("delegate_b", world, scoring_round, second, 4).status_code == 201
    assert _score("chair", world, scoring_round, first, 5).status_code == 403  # not a delegate
    assert _score("delegate_c", world, scoring_round, first, 5).status_code == 404
    bad = _score("delegate_a", world, scoring_round, first, 9)
    assert bad.status_code == 422
    a, b = world.people["delegate_a"].pk, world.people["delegate_b"].pk
    assert _seen("delegate_a", world, scoring_round) == (200, {(a, 5)})
    assert _seen("delegate_b", world, scoring_round) == (200, {(b, 2), (b, 4)})
    for role in ("chair", "secretariat", "head_a"):
        assert _seen(role, world, scoring_round) == (200, set())
    ranking = call(
        client_for("chair", world), "GET", f"/projects/rounds/{scoring_round.pk}/ranking"
    )
    assert ranking.json() == []
    page = client_for("chair", world).get(f"/en/projects/rounds/{scoring_round.pk}/")
    assert b"delegate_b says" not in page.content and b"says 2" not in page.content

    closed = call(
        client_for("chair", world),
        "POST",
        f"/projects/rounds/{scoring_round.pk}/close",
        {"version": scoring_round.version},
    )
    assert closed.status_code == 200, closed.content
    assert _seen("chair", world, scoring_round)[1] == {(a, 5), (b, 2), (b, 4)}
    assert _score("delegate_a", world, scoring_round, first, 1).status_code == 422  # closed
    ranked = call(
        client_for("head_a", world), "GET", f"/projects/rounds/{scoring_round.pk}/ranking"
    ).json()
    criteria = Criterion.objects.filter(is_active=True).count()
    assert [r["project"] for r in ranked] == [second.pk, first.pk]  # 4·n against (5+2)/2·n
    assert ranked[0]["mean_total"] == f"{4 * criteria}.00"
    assert state_of(first) == state_of(second) == "scored"
    assert ScoringRound.objects.get(pk=scoring_round.pk).state == RoundState.CLOSED


@pytest.mark.django_db
def test_co_owning_fora_see_the_project_as_their_own(world):
    project = korean_project(world)
    other = korean_project(world)
    project.co_owning_fora.add(world.other_forum)
    telwg = client_for("delegate_c", world)
    assert telwg.get(f"/api/projects/{project.pk}").status_code == 200
    assert telwg.get(f"/api/projects/{other.pk}").status_code == 404
    listed = {p["id"] for p in telwg.get("/api/projects/").json()["items"]}
    assert listed == {project.pk}
    forum_page = telwg.get("/en/registry/fora/telwg/")
    assert forum_page.status_code == 200
    assert f"/projects/{project.pk}/".encode() in forum_page.content
    assert f"/projects/{other.pk}/".encode() not in forum_page.content
    # The public sees neither concept note, on the list or the forum page.
    reader = client_for("reader", world)
    assert reader.get("/api/projects/").json()["items"] == []
    assert f"/projects/{project.pk}/".encode() not in reader.get("/en/registry/fora/telwg/").content


@pytest.mark.django_db
def test_overdue_milestones_notify_the_overseer_once(world, django_capture_on_commit_callbacks):
    project = korean_project(world, state=state("in-progress"))
    MilestoneFactory(project=project, due_on=dt.date.today() - dt.timedelta(days=3))
    MilestoneFactory(project=project, due_on=dt.date.today() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("project_reminders")
        call_command("project_reminders")
    sent = Notification.objects.filter(
        recipient=world.users["delegate_a"], topic="deadline_reminder"
    )
    assert sent.count() == 1
    assert any("Overdue milestone" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_an_overdue_milestone_is_proposed_for_the_forums_next_meeting_once(world):
    from secretariat.meetings.models import AgendaProposal
    from secretariat.meetings.tests.factories import MeetingFactory
    from secretariat.projects import services

    project = korean_project(world, state=state("in-progress"))
    overdue = MilestoneFactory(project=project, due_on=dt.date.today() - dt.timedelta(days=3))
    today = dt.date.today()
    assert services.remind_overdue_milestones(today=today)["agenda proposals"] == 0  # no meeting
    meeting = MeetingFactory(
        forum=world.body,
        start_date=today + dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=11),
    )
    assert services.remind_overdue_milestones(today=today)["agenda proposals"] == 1
    services.remind_overdue_milestones(today=today)
    proposal = AgendaProposal.objects.get()
    assert proposal.meeting == meeting
    assert proposal.title["en"]["text"].startswith("Overdue milestone:")
    assert proposal.title["ko"]["text"]
    assert (
        proposal.source_url == f"/en/projects/{project.pk}/"
        or str(project.pk) in proposal.source_url
    )
    assert str(overdue.pk) in proposal.source_key


@pytest.mark.django_db
def test_the_daily_schedule_runs_the_overdue_milestone_reminders(world):
    from secretariat.core.schedule import SCHEDULE
    from secretariat.projects import tasks

    assert "secretariat.projects.tasks.remind_overdue_milestones" in SCHEDULE["daily"]
    project = korean_project(world, state=state("in-progress"))
    MilestoneFactory(project=project, due_on=dt.date.today() - dt.timedelta(days=1))
    result = tasks.remind_overdue_milestones.enqueue()
    assert result.return_value == {"e-mails": 1, "agenda proposals": 0}
