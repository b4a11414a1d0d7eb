from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from secretariat.negotiation.exports import akn
from secretariat.negotiation.models import Text

WRITERS = {"akn": (".akn.xml", akn.render_akn)}


class Command(BaseCommand):
    help = (
        "Write each text's current version: `export --format akn --out DIR [TEXT …]` "
        "(all texts when none is named)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("texts", nargs="*", help="text slugs")
        parser.add_argument("--format", default="akn", choices=["akn", "docx", "pdf", "html"])
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["format"] not in WRITERS:
            raise CommandError(
                f"The {options['format']} export is not built yet; use --format akn."
            )
        suffix, render = WRITERS[options["format"]]
        texts = Text.objects.select_related("forum", "current_version").exclude(
            current_version=None
        )
        if options["texts"]:
            texts = texts.filter(slug__in=options["texts"])
            missing = set(options["texts"]) - set(texts.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No text with slug {', '.join(sorted(missing))}.")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        for text in texts:
            path = out / f"{text.slug}-v{text.current_version.number}{suffix}"
            path.write_bytes(render(text, text.current_version))
            self.stdout.write(str(path))
