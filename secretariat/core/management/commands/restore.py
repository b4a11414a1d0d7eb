from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from secretariat.core import backup


class Command(BaseCommand):
    help = "Restore a `secretariat backup` archive into an empty installation, then verify it."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archive", help="the file `secretariat backup --out` wrote")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}.")
        try:
            manifest = backup.restore_backup(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for entry in manifest["files"] if entry["name"].startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: {media} uploaded files; "
                f"audit chain intact: {manifest['audit']['count']} entries, as in the backup. "
                "Run `secretariat migrate` if the code is newer than the backup."
            )
        )
