"""Background tasks of commitments: they only call services."""

from django.utils import timezone
from django_tasks import task

from . import notices, overdue


@task()
def propose_overdue_commitments() -> dict[str, object]:
    """Overdue commitments without full compliance onto their forum's next agenda (daily)."""
    proposals = overdue.propose_overdue(actor="system", today=timezone.localdate())
    return {"proposals": [p.pk for p in proposals]}


@task()
def remind_reports_due() -> dict[str, object]:
    """Heads of delegation whose reports fall due within two weeks (daily)."""
    return {"sent": notices.remind_reports_due(today=timezone.localdate())}
