"""Deadline reminders: once per deadline per forum member, however often the task runs."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from secretariat.meetings.choices import MeetingStatus
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.notifications import services, tasks
from secretariat.notifications.models import Notification, NotificationPreference
from secretariat.testing.world import FORUM_A_MEMBERS

TODAY = dt.date(2030, 7, 1)


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    return MeetingFactory(
        forum=world.body,
        code="DAIB1",
        start_date=dt.date(2030, 7, 20),
        document_cutoff=dt.date(2030, 7, 6),  # within 7 days
        registration_close=dt.date(2030, 6, 29),  # already closed: no reminder
        minutes_due=dt.date(2030, 8, 19),  # too far ahead
    )


def _run(capture, today=TODAY, days=7):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return services.send_deadline_reminders(today=today, within_days=days)


def test_forum_members_get_one_cutoff_reminder_however_often_it_runs(
    world, meeting, django_capture_on_commit_callbacks
):
    first = _run(django_capture_on_commit_callbacks)
    second = _run(django_capture_on_commit_callbacks)

    members = FORUM_A_MEMBERS
    assert first == len(members)
    assert second == 0
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == sorted(
        name.replace("_", "-") for name in members
    )
    assert all("2030-07-06" in m.subject for m in mail.outbox)
    assert set(Notification.objects.values_list("topic", flat=True)) == {"document_cutoff"}


def test_people_outside_the_forum_get_nothing(world, meeting, django_capture_on_commit_callbacks):
    _run(django_capture_on_commit_callbacks)
    outside = [world.users[role] for role in ("reader", "delegate_c", "head_c", "exhibitor")]
    assert not Notification.objects.filter(recipient__in=outside).exists()


def test_a_moved_deadline_is_reminded_again(world, meeting, django_capture_on_commit_callbacks):
    _run(django_capture_on_commit_callbacks)
    meeting.document_cutoff = dt.date(2030, 7, 7)
    meeting.save(update_fields=["document_cutoff"])
    assert _run(django_capture_on_commit_callbacks) == len(FORUM_A_MEMBERS)


def test_muted_members_are_skipped(world, meeting, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=world.users["chair"], muted_topics=["document_cutoff"]
    )
    assert _run(django_capture_on_commit_callbacks) == len(FORUM_A_MEMBERS) - 1


def test_passed_cutoff_notice_goes_out_once_before_the_meeting(
    world, meeting, django_capture_on_commit_callbacks
):
    after_cutoff = dt.date(2030, 7, 7)
    assert _run(django_capture_on_commit_callbacks, today=after_cutoff) == len(FORUM_A_MEMBERS)
    assert all("has passed" in m.subject for m in mail.outbox)
    assert _run(django_capture_on_commit_callbacks, today=dt.date(2030, 7, 8)) == 0


def test_cancelled_meetings_get_no_reminders(world, meeting, django_capture_on_commit_callbacks):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    assert _run(django_capture_on_commit_callbacks) == 0


def test_registration_and_minutes_reminders_use_the_deadline_topic(
    world, meeting, django_capture_on_commit_callbacks
):
    _run(django_capture_on_commit_callbacks, today=dt.date(2030, 8, 15))
    assert set(Notification.objects.values_list("topic", flat=True)) == {"deadline_reminder"}


def test_reminder_task_runs_and_is_idempotent(world, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATION_REMINDER_DAYS = 3
    today = dt.date.today()
    MeetingFactory(
        forum=world.body, start_date=today + dt.timedelta(days=10), document_cutoff=today
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_deadline_reminders.enqueue()
        second = tasks.send_deadline_reminders.enqueue()
    assert (
        first.status == TaskResultStatus.SUCCESSFUL and second.status == TaskResultStatus.SUCCESSFUL
    )
    assert first.return_value == {"sent": len(FORUM_A_MEMBERS)}
    assert second.return_value == {"sent": 0}
    assert len(mail.outbox) == len(FORUM_A_MEMBERS)


def test_reminders_command_sends_now(world, django_capture_on_commit_callbacks, capsys):
    today = dt.date.today()
    MeetingFactory(
        forum=world.body, start_date=today + dt.timedelta(days=10), document_cutoff=today
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", "--now")
    assert f"Deadline reminders sent: {len(FORUM_A_MEMBERS)}." in capsys.readouterr().out


def test_reminders_command_queues_the_job_by_default(world, capsys):
    call_command("reminders")
    assert "Deadline reminders queued" in capsys.readouterr().out
