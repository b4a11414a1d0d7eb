from django.core.management.base import BaseCommand
from django.utils import timezone

from secretariat.projects import services


class Command(BaseCommand):
    help = (
        "Tell the Project Overseers about overdue milestones (run daily beside `reminders`; "
        "running it again sends nothing new)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sent = services.notify_overdue_milestones(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Overdue milestone reminders sent: {sent}."))
