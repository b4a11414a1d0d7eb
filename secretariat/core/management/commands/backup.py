from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from secretariat.core import backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files, with a manifest of checksums, to one file."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", required=True, help="the archive to write (a .tar file)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            manifest = backup.create_backup(Path(options["out"]))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for entry in manifest["files"] if entry["name"].startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {options['out']}: {manifest['engine']} database, "
                f"{media} uploaded files, audit chain of {manifest['audit']['count']} entries."
            )
        )
