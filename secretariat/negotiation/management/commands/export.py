from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from secretariat.negotiation.exports import akn, docx, html, pdf
from secretariat.negotiation.models import Text

WRITERS = {
    "akn": (".akn.xml", akn.render_akn),
    "docx": (".docx", docx.render_docx),
    "pdf": (".pdf", pdf.render_pdf),
    "html": (".html", html.render_html),
}


class Command(BaseCommand):
    help = (
        "Write each text's current version: `export --format akn|docx|pdf|html --out DIR "
        "[TEXT …]` (all texts when none is named)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("texts", nargs="*", help="text slugs")
        parser.add_argument("--format", default="akn", choices=sorted(WRITERS))
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
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
            with translation.override("en"):  # exports are in the negotiating language
                path.write_bytes(render(text, text.current_version))
            self.stdout.write(str(path))
