"""Back to the meetings: overdue commitments without full compliance become agenda
proposals for the owning forum's next meeting, once per meeting; the e-mails about reports
falling due and scores published."""

from datetime import date

from django.core import mail

from secretariat.commitments import notices, overdue, services
from secretariat.commitments.choices import OwnerKind, Stage
from secretariat.commitments.models import Commitment
from secretariat.meetings.models import AgendaProposal
from secretariat.meetings.tests.factories import MeetingFactory

from .factories import confirmed_commitments, cycle, statement

TODAY = date(2030, 1, 10)


def _setup(world):  # type: ignore[no-untyped-def]
    commitments = confirmed_commitments(world, statement(world))
    Commitment.objects.filter(pk=commitments[0].pk).update(target_date=date(2029, 12, 31))
    Commitment.objects.filter(pk=commitments[1].pk).update(
        target_date=date(2029, 12, 31), owner_kind=OwnerKind.FORUM, owner_forum=world.other_forum
    )
    Commitment.objects.filter(pk=commitments[2].pk).update(target_date=date(2031, 1, 1))
    return commitments


def test_overdue_commitments_are_proposed_to_the_owning_forums_next_meeting_once(world):
    commitments = _setup(world)
    body_meeting = MeetingFactory(forum=world.body, start_date=date(2030, 3, 1))
    other_meeting = MeetingFactory(forum=world.other_forum, start_date=date(2030, 4, 1))
    proposals = overdue.propose_overdue(actor=world.users["secretariat"], today=TODAY)
    assert {(p.meeting_id, p.source_key) for p in proposals} == {
        (body_meeting.pk, f"commitment-{commitments[0].pk}"),
        (other_meeting.pk, f"commitment-{commitments[1].pk}"),
    }
    assert "ko" in proposals[0].title and proposals[0].title["en"]["text"].startswith("Commitment")
    overdue.propose_overdue(actor=world.users["secretariat"], today=TODAY)
    assert AgendaProposal.objects.count() == 2


def test_full_compliance_by_every_bound_economy_proposes_nothing(world):
    commitments = _setup(world)
    MeetingFactory(forum=world.body, start_date=date(2030, 3, 1))
    the_cycle = cycle("2029")
    for economy in (world.economy_a, world.economy_b, world.economy_c):
        services.record_score(
            actor=world.users["secretariat"],
            commitment=commitments[0],
            economy=economy,
            cycle=the_cycle,
            stage=Stage.FINAL,
            value=1,
            justification="Done.",
        )
    from secretariat.registry.models import Economy

    assert Economy.objects.count() == 3
    keys = {p.source_key for p in overdue.propose_overdue(actor="system", today=TODAY)}
    assert f"commitment-{commitments[0].pk}" not in keys


def test_publishing_a_cycle_tells_the_scored_economies_delegates(
    world, django_capture_on_commit_callbacks
):
    commitments = confirmed_commitments(world, statement(world))
    the_cycle = cycle("2025")
    services.record_score(
        actor=world.users["secretariat"],
        commitment=commitments[0],
        economy=world.economy_a,
        cycle=the_cycle,
        stage=Stage.FINAL,
        value=0,
        justification="Partly.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_cycle(actor=world.users["secretariat"], cycle=the_cycle)
    recipients = {address for message in mail.outbox for address in message.to}
    assert (
        world.users["head_a"].email in recipients and world.users["delegate_a"].email in recipients
    )
    assert world.users["head_b"].email not in recipients


def test_heads_are_reminded_of_reports_due_once(world, django_capture_on_commit_callbacks):
    confirmed_commitments(world, statement(world))
    cycle("2030", due=date(2030, 1, 20))
    with django_capture_on_commit_callbacks(execute=True):
        first = notices.remind_reports_due(today=TODAY)
        again = notices.remind_reports_due(today=TODAY)
    assert first == 3 and again == 0
    assert all(world.users["delegate_a"].email not in m.to for m in mail.outbox)
