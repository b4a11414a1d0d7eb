from django.conf import settings
from django.core.management.base import BaseCommand

from secretariat.negotiation import selectors_closing, services_adref, tasks


class Command(BaseCommand):
    help = (
        "Remind heads of delegation of ad referendum positions to confirm (run daily; running "
        "it again sends nothing new). By default the work is queued for a task worker."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of queueing."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["now"]:
            sent = services_adref.send_adref_reminders(
                today=selectors_closing.confirmation_day(),
                days_before=settings.ADREF_REMINDER_DAYS_BEFORE,
            )
            self.stdout.write(self.style.SUCCESS(f"Ad referendum reminders sent: {sent}."))
            return
        result = tasks.send_adref_reminders.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Ad referendum reminders queued (task {result.id})."))
