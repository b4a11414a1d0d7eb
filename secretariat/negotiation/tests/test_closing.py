"""Silence procedure, adoption guards and the fallback to a chair's statement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.negotiation import selectors, services, services_closing
from secretariat.negotiation.choices import SilenceOutcome, Stance, TextStatus
from secretariat.negotiation.models import SilenceProcedure

from .factories import make_text


def _silence(world, text, hours=24):
    return services_closing.start_silence(
        actor=world.users["chair"],
        text=text,
        deadline=timezone.now() + timedelta(hours=hours),
        version=text.version,
    )


@pytest.mark.django_db
def test_silence_unbroken_until_the_deadline_adopts_the_text(world):
    text = make_text(world)
    procedure = _silence(world, text)
    assert text.status == TextStatus.SILENCE
    assert services_closing.conclude_silence_procedures() == []  # not yet
    adopted = services_closing.conclude_silence_procedures(now=procedure.deadline)
    assert [t.pk for t in adopted] == [text.pk]
    text.refresh_from_db()
    assert text.status == TextStatus.ADOPTED and text.adopted_at == procedure.deadline
    procedure.refresh_from_db()
    assert procedure.outcome == SilenceOutcome.PASSED
    # Running it again changes nothing.
    assert services_closing.conclude_silence_procedures(now=procedure.deadline) == []


@pytest.mark.django_db
def test_one_delegation_breaking_silence_returns_the_text_to_negotiation(world):
    text = make_text(world)
    procedure = _silence(world, text)
    services_closing.break_silence(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        reason="Paragraph 3 needs instructions from capital.",
    )
    assert text.status == TextStatus.NEGOTIATING
    procedure.refresh_from_db()
    assert procedure.outcome == SilenceOutcome.BROKEN and procedure.breaks.count() == 1
    assert services_closing.conclude_silence_procedures(now=procedure.deadline) == []
    with pytest.raises(ValidationFailed):  # nothing left to break
        services_closing.break_silence(
            actor=world.users["head_a"], text=text, delegation=world.delegation_b, reason="Also."
        )


@pytest.mark.django_db
def test_silence_needs_a_reason_a_future_deadline_and_cannot_be_broken_late(world):
    text = make_text(world)
    with pytest.raises(ValidationFailed):
        services_closing.start_silence(
            actor=world.users["chair"], text=text, deadline=timezone.now(), version=text.version
        )
    procedure = _silence(world, text)
    with pytest.raises(ValidationFailed):
        services_closing.break_silence(
            actor=world.users["head_a"], text=text, delegation=world.delegation_a, reason=" "
        )
    SilenceProcedure.objects.filter(pk=procedure.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationFailed, match="can no longer be broken"):
        services_closing.break_silence(
            actor=world.users["head_a"], text=text, delegation=world.delegation_a, reason="Late."
        )


@pytest.mark.django_db
def test_under_silence_no_new_version_no_second_procedure_and_no_early_adoption(world):
    text = make_text(world)
    stale_version = text.version
    _silence(world, text)
    with pytest.raises(ValidationFailed):
        services.publish_version(
            actor=world.users["chair"],
            text=text,
            kind="rolling_text",
            based_on=1,
            paragraphs=[{"content": [{"text": "New."}]}],
        )
    with pytest.raises(Conflict):
        services_closing.start_silence(
            actor=world.users["chair"],
            text=text,
            deadline=timezone.now() + timedelta(days=1),
            version=stale_version,
        )
    with pytest.raises(ValidationFailed):
        _silence(world, text)
    with pytest.raises(ValidationFailed):
        services.adopt_text(actor=world.users["chair"], text=text, version=text.version)
    services_closing.withdraw_silence(actor=world.users["chair"], text=text, version=text.version)
    assert text.status == TextStatus.NEGOTIATING


@pytest.mark.django_db
def test_the_chairs_statement_freezes_where_consensus_stood(world):
    text = make_text(world)
    services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_1",
        stance=Stance.OBJECT,
        based_on=None,
    )
    issued = services_closing.issue_as_chairs_statement(
        actor=world.users["chair"], text=text, version=text.version
    )
    assert issued.status == TextStatus.FALLBACK
    report = issued.outcome_report
    first = report["paragraphs"][0]
    assert first["eid"] == "para_1" and first["state"] == "bracketed"
    assert first["positions"]["object"] == [world.delegation_a.economy.code]
    assert report["open"] == 3 and report["version"] == 1
    # Later positions do not rewrite the issued report.
    assert selectors.consensus_report(selectors.consensus_map(text))["open"] == 3
    with pytest.raises(ValidationFailed):
        services_closing.issue_as_chairs_statement(
            actor=world.users["chair"], text=text, version=text.version
        )


@pytest.mark.django_db
def test_the_frequent_schedule_concludes_a_silence_whose_deadline_passed(world):
    from django.core.management import call_command

    from secretariat.core.schedule import SCHEDULE
    from secretariat.negotiation.models import Text

    text = make_text(world)
    procedure = _silence(world, text)
    SilenceProcedure.objects.filter(pk=procedure.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    call_command("scheduled", "frequent")
    assert Text.objects.get(pk=text.pk).status == TextStatus.ADOPTED
    assert "secretariat.negotiation.tasks.conclude_silence_procedures" in SCHEDULE["frequent"]


def test_every_scheduled_task_exists():
    from django.utils.module_loading import import_string

    from secretariat.core.schedule import SCHEDULE

    for paths in SCHEDULE.values():
        for path in paths:
            assert hasattr(import_string(path), "enqueue"), path
