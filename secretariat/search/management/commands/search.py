import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from secretariat.registry.permissions import principal_for
from secretariat.search import presenting, services


class Command(BaseCommand):
    help = "Search as an anonymous reader would (the same results as GET /api/search)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("query", nargs="+")
        parser.add_argument("--json", action="store_true", help="the API's JSON")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--language", default="en", help="language of titles and links")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        limit = options["limit"]
        if not 1 <= limit <= services.MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {services.MAX_LIMIT}.")
        text = " ".join(options["query"])[: services.MAX_QUERY]
        with translation.override(options["language"]):
            results = presenting.as_dict(
                services.search(principal=principal_for(None), text=text, limit=limit)
            )
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{results['total']} results for {text!r}")
        for item in results["items"]:
            where = " · ".join(str(v) for v in (item["kind"], item["forum"], item["year"]) if v)
            self.stdout.write(f"- {item['title']} ({where}) {item['url']}")
