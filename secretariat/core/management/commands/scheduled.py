from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from secretariat.core.schedule import SCHEDULE


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks: `frequent` every five minutes (silence deadlines), `daily` "
        "once a night (derestriction, reminders, expired zips, audit check). Safe to repeat."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("cadence", choices=sorted(SCHEDULE))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for path in SCHEDULE[options["cadence"]]:
            result = import_string(path).enqueue()
            self.stdout.write(f"{path}: queued as {result.id}")
