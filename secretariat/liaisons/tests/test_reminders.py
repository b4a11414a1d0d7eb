"""Deadlines of liaison statements for action reach the fora concerned through the
reminders command, once each, and stop when a response is recorded."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from secretariat.liaisons.choices import LiaisonState, Purpose
from secretariat.notifications.models import Notification

from .factories import LiaisonStatementFactory


def _for_action(world, sc42, days):  # type: ignore[no-untyped-def]
    return LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        purpose=Purpose.FOR_ACTION,
        deadline=timezone.localdate() + dt.timedelta(days=days),
    )


@pytest.mark.django_db
def test_the_reminders_command_reminds_a_coming_deadline_and_an_overdue_one_once(
    world, sc42, django_capture_on_commit_callbacks
):
    coming = _for_action(world, sc42, 3)
    late = _for_action(world, sc42, -2)
    _for_action(world, sc42, 60)  # too far ahead
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", "--now", "--days", "7")
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert keys == {
        f"liaison:{coming.pk}:due:{coming.deadline.isoformat()}",
        f"liaison:{late.pk}:overdue:{late.deadline.isoformat()}",
    }
    subjects = {message.subject for message in mail.outbox}
    assert any(subject.startswith("Liaison statement overdue") for subject in subjects)
    recipients = {message.to[0] for message in mail.outbox}
    assert world.users["delegate_a"].email in recipients
    assert world.users["delegate_c"].email not in recipients  # TELWG is not concerned
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", "--now", "--days", "7")
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_an_answered_statement_is_not_reminded(world, sc42, django_capture_on_commit_callbacks):
    asked = _for_action(world, sc42, -1)
    LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        direction="incoming",
        state=LiaisonState.RECEIVED,
        purpose=Purpose.IN_RESPONSE,
        in_response_to=asked,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", "--now", "--days", "7")
    assert not Notification.objects.filter(dedupe_key__startswith="liaison:").exists()
