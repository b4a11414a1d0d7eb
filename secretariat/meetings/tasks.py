"""Background tasks of meetings: they only call services."""

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def derestrict_due_documents() -> dict[str, object]:
    """Make public the restricted documents whose derestriction date has come (run daily)."""
    numbers = services.derestrict_due_documents(actor="system", today=timezone.localdate())
    return {"derestricted": numbers}
