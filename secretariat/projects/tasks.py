from django.utils import timezone
from django_tasks import task

from . import services


@task()
def remind_overdue_milestones() -> dict[str, int]:
    """E-mail the Overseers of overdue milestones and propose each for the responsible
    forum's next meeting (run daily; running it again adds nothing)."""
    return services.remind_overdue_milestones(today=timezone.localdate())
