"""Background tasks of notifications: they only call services."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import services


@task()
def deliver_notifications(notification_ids: list[int]) -> dict[str, int]:
    """Send recorded e-mails (enqueued by ``services.notify`` after its transaction commits)."""
    return {"sent": services.deliver_notifications(notification_ids=notification_ids)}


@task()
def send_deadline_reminders() -> dict[str, int]:
    """Remind forum members of deadlines within ``NOTIFICATION_REMINDER_DAYS`` (run daily;
    running it again sends nothing new)."""
    sent = services.send_deadline_reminders(
        today=timezone.localdate(), within_days=settings.NOTIFICATION_REMINDER_DAYS
    )
    return {"sent": sent}


@task()
def deliver_pending_notifications() -> dict[str, int]:
    """Send notifications whose delivery task was lost (the queue was down when they were
    recorded, or every retry failed); run every five minutes, safe to overlap."""
    sent = services.deliver_pending_notifications(older_than=timedelta(minutes=2))
    return {"sent": sent}
