from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from secretariat.notifications import services, tasks


class Command(BaseCommand):
    help = (
        "Send the deadline reminders due today (run daily from cron or a scheduler; running it "
        "again sends nothing new). By default the work is queued for a task worker."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of queueing."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Deadlines within this many days (default: NOTIFICATION_REMINDER_DAYS).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        days = options["days"]
        if options["now"] or days is not None:
            sent = services.send_deadline_reminders(
                today=timezone.localdate(),
                within_days=settings.NOTIFICATION_REMINDER_DAYS if days is None else days,
            )
            self.stdout.write(self.style.SUCCESS(f"Deadline reminders sent: {sent}."))
            return
        result = tasks.send_deadline_reminders.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Deadline reminders queued (task {result.id})."))
