"""E-mails about commitments: a report falls due, a cycle's final scores are published."""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from secretariat.notifications import services as notifications
from secretariat.notifications.choices import Topic
from secretariat.registry.choices import RoleKind

from .models import Cycle, ImplementationReport, Score


def delegates_of(economy_ids: set[int], *, heads_only: bool = False) -> QuerySet[Any]:
    kinds: list[str] = (
        [RoleKind.HEAD_OF_DELEGATION] if heads_only else sorted(RoleKind.delegation_roles())
    )
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            person__roles__kind__in=kinds,
            person__roles__delegation__economy_id__in=economy_ids,
        )
        .distinct()
    )


def scores_published(cycle: Cycle) -> int:
    """Tell the delegates of every scored economy (call inside the publishing transaction)."""
    economy_ids = set(Score.objects.filter(cycle=cycle).values_list("economy_id", flat=True))
    return notifications.notify(
        recipients=delegates_of(economy_ids),
        topic=Topic.SCORES_PUBLISHED,
        subject=f"Compliance scores published: cycle {cycle.name}",
        body=f"The final compliance scores of cycle {cycle.name} are now public.",
        link=reverse("commitments:heat_map") + f"?cycle={cycle.pk}&stage=final",
        dedupe_key=f"commitments-published-{cycle.pk}",
    )


def remind_reports_due(*, today: date, within_days: int = 14) -> int:
    """Heads of delegation whose economy has a report still unsubmitted in a cycle due
    within ``within_days`` (once per cycle and person)."""
    sent = 0
    for cycle in Cycle.objects.filter(
        report_due_on__gte=today, report_due_on__lte=today + timedelta(days=within_days)
    ):
        submitted = set(
            ImplementationReport.objects.filter(
                cycle=cycle, submitted_at__isnull=False
            ).values_list("economy_id", flat=True)
        )
        from secretariat.registry.models import Economy

        waiting = set(Economy.objects.values_list("pk", flat=True)) - submitted
        sent += notifications.notify(
            recipients=delegates_of(waiting, heads_only=True),
            topic=Topic.REPORT_DUE,
            subject=f"Implementation reports due {cycle.report_due_on:%d %B %Y}",
            body=f"Your economy's implementation reports for cycle {cycle.name} are due on "
            f"{cycle.report_due_on:%d %B %Y}.",
            link=reverse("commitments:index"),
            dedupe_key=f"commitments-due-{cycle.pk}",
        )
    return sent
