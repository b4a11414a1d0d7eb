from django.core.management.base import BaseCommand

from secretariat.commitments import services, sheets


class Command(BaseCommand):
    help = (
        "Make every score sheet (each economy's current scores per cycle and stage, which the "
        "heat map and the averages read) again from the scores: after scores were written "
        "other than through the application, or to check that none had drifted."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        made = sheets.rebuild()
        services.figures_changed()
        self.stdout.write(f"{made} score sheets")
