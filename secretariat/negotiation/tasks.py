"""Background tasks of the negotiation: they only call services."""

from django.conf import settings
from django_tasks import task

from . import selectors_closing, services_adref, services_closing


@task()
def conclude_silence_procedures() -> dict[str, object]:
    """Adopt the texts whose silence deadline passed unbroken (run every few minutes)."""
    return {"adopted": [text.slug for text in services_closing.conclude_silence_procedures()]}


@task()
def send_adref_reminders() -> dict[str, int]:
    """Remind heads of delegation of ad referendum positions to confirm (run daily; running
    it again sends nothing new)."""
    sent = services_adref.send_adref_reminders(
        today=selectors_closing.confirmation_day(),
        days_before=settings.ADREF_REMINDER_DAYS_BEFORE,
    )
    return {"sent": sent}
