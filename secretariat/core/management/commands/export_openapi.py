import json
from pathlib import Path

from django.core.management.base import BaseCommand


def openapi_document() -> dict:
    from secretariat.config.api import api

    return api.get_openapi_schema()


def render(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI document, or write it with --out (the committed snapshot)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", help="file to write instead of printing")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        text = render(openapi_document())
        if options["out"]:
            Path(options["out"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['out']}")
        else:
            self.stdout.write(text, ending="")
