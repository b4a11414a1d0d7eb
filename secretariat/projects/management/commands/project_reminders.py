from django.core.management.base import BaseCommand
from django.utils import timezone

from secretariat.projects import services


class Command(BaseCommand):
    help = (
        "Tell the Project Overseers about overdue milestones and propose each for the "
        "responsible forum's next meeting (run daily beside `reminders`; running it again "
        "adds nothing)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        done = services.remind_overdue_milestones(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Overdue milestones: {done['e-mails']} e-mails sent, "
                f"{done['agenda proposals']} agenda proposals."
            )
        )
