from django.core.management.base import BaseCommand, CommandError

from secretariat.core import audit


class Command(BaseCommand):
    help = "Work with the audit log. `audit verify` recomputes the hash chain."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        report = audit.verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry #{report.broken_seq}: {report.reason} "
                f"({report.checked} entries before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries."))
