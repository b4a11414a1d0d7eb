from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from secretariat.core.errors import DomainError
from secretariat.negotiation import akn_import, services_import
from secretariat.registry.models import Forum


class Command(BaseCommand):
    help = (
        "Import agreed texts: `import --format akn --forum SLUG FILE …`. Each file is "
        "validated against the Akoma Ntoso 3.0 schema first; one invalid file imports nothing. "
        "A file imported before is reported, not imported again. Audited as the secretariat "
        "command line."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("files", nargs="+", help="Akoma Ntoso XML files")
        parser.add_argument("--format", default="akn", choices=["akn"])
        parser.add_argument("--forum", required=True, help="slug of the forum that adopted them")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        forum = Forum.objects.filter(slug=options["forum"]).first()
        if forum is None:
            raise CommandError(f"No forum with slug {options['forum']}.")
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            with path.open("rb") as handle:
                try:
                    files.append((path.name, akn_import.read_upload(handle, path.name)))
                except DomainError as error:
                    raise CommandError(f"{error.detail} Nothing was imported.") from None
        try:
            results = services_import.import_agreed_texts(
                actor="command-line", forum=forum, files=files
            )
        except DomainError as error:
            raise CommandError(f"{error.detail} Nothing was imported.") from None
        for result in results:
            state = "imported" if result.created else "already imported"
            self.stdout.write(f"{result.file_name}: {state} as {result.text.slug}")
